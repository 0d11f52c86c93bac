"""CSV import from the console: the same all-or-nothing service as the CLI, a progress bar, and
the same report when rows are bad."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from care.household_csv import HouseholdImportError, ImportReport, import_households

from .context import ConsoleContext
from .messages import show_message
from .tasks import error_text, run_in_background


class ImportReportDialog(QDialog):
    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("가져오기 실패 — 아무것도 저장되지 않았습니다"))
        self.resize(720, 400)
        head = QLabel(self.tr("문제 %n건 때문에 파일 전체를 가져오지 않았습니다. 고친 뒤 다시 가져오세요.", "",
                              report.problem_count), self)
        head.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        # the first problems in full, then counts per column and reason (a 100,000-row file stays readable)
        self.text.setPlainText("\n".join(line.strip() for line in report.summary().splitlines()[1:]))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


class HouseholdImportRunner(QObject):
    finished = Signal()

    def __init__(self, ctx: ConsoleContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.progress: QProgressDialog | None = None
        self.last_report: ImportReport | None = None

    def start(self, path: str) -> None:
        self.progress = QProgressDialog(self.tr("가구 파일을 확인하는 중…"), None, 0, 100, self.parent_widget)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setValue(0)
        run_in_background(self, import_households, self.ctx.db, path, self.ctx.actor,
                          on_progress=lambda f: self.progress and self.progress.setValue(int(f * 100)),
                          on_success=self._done, on_error=self._failed)

    def _close_progress(self) -> None:
        if self.progress:
            self.progress.close()
            self.progress = None

    def _done(self, report: ImportReport) -> None:
        self._close_progress()
        self.last_report = report
        show_message(self.parent_widget, self.tr("CSV 가져오기"),
                                self.tr("%1 가구 추가, %2 가구 수정").replace("%1", str(report.created))
                                .replace("%2", str(report.updated)))
        self.finished.emit()

    def _failed(self, exc: BaseException) -> None:
        self._close_progress()
        if isinstance(exc, HouseholdImportError):
            self.last_report = exc.report
            ImportReportDialog(exc.report, self.parent_widget).open()
        else:
            show_message(self.parent_widget, self.tr("CSV 가져오기"), error_text(exc), warning=True)
        self.finished.emit()

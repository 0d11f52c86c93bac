"""CSV import from the console: the same all-or-nothing service as the CLI, a progress bar, and
the same report when rows are bad — worded for the console ("3행, 출생연도 열: …"), each problem
from its code (care/households/import_report.py) in Korean, English through the translation."""

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

from care.households.csv_import import (
    HouseholdImportError,
    HouseholdImportReport,
    RowError,
    import_households,
)
from console.common.context import ConsoleContext
from console.common.messages import show_message
from console.common.tasks import error_text, run_in_background


class ImportReportDialog(QDialog):
    def __init__(self, report: HouseholdImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("가져오기 실패 — 아무것도 저장되지 않았습니다"))
        self.resize(720, 400)
        head = QLabel(self.tr("문제 %n건 때문에 파일 전체를 가져오지 않았습니다. 고친 뒤 다시 가져오세요.", "",
                              report.problem_count), self)
        head.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        # the first problems in full, then counts per column and reason (a 100,000-row file stays readable)
        self.text.setPlainText("\n".join(self.report_lines(report)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


    def report_lines(self, report: HouseholdImportReport) -> list[str]:
        lines = [self.problem_text(e) for e in sorted(report.errors, key=lambda e: e.line)]
        more = report.problem_count - len(report.errors)
        if more > 0:
            lines.append(self.tr("… 그 밖에 %n건. 열과 이유별 모든 문제:", "", more))
            for (column, kind), n in report.counts.most_common(20):
                code = report.kind_codes.get(kind, "")
                lines.append(self.tr("%1건 × %2 열: %3").replace("%1", f"{n:,}")
                             .replace("%2", self.column_text(column))
                             .replace("%3", self.reason_text(code, ("…", "…"), kind)))
            if len(report.counts) > 20:
                lines.append(self.tr("… 그 밖의 문제 %n가지", "", len(report.counts) - 20))
        return lines

    def problem_text(self, e: RowError) -> str:
        reason = self.reason_text(e.code, e.params, e.reason)
        if e.line <= 0:
            return reason
        if e.column == "-":
            return self.tr("%1행: %2").replace("%1", str(e.line)).replace("%2", reason)
        return (self.tr("%1행, %2 열: %3").replace("%1", str(e.line)).replace("%2", self.column_text(e.column))
                .replace("%3", reason))

    def column_text(self, column: str) -> str:
        """A column the service names by its canonical key ("phone") in the user's words; a column
        named as the file names it is shown as it is."""
        labels = {"id": self.tr("번호"), "name": self.tr("이름"), "phone": self.tr("전화번호"), "address": self.tr("주소"),
                  "dong": self.tr("동"), "worker": self.tr("담당자"), "birth_year": self.tr("출생연도"),
                  "consent": self.tr("녹음동의"), "notes": self.tr("비고"), "consent_date": self.tr("동의일")}
        return labels.get(column, column)

    def reason_text(self, code: str, params: tuple[str, ...], fallback: str) -> str:
        """The problem in the user's language; `fallback` (the service's own "한국어 (English)"
        words) for a problem without a code."""
        save_as = self.tr("Excel에서 '다른 이름으로 저장 → CSV UTF-8'로 다시 저장한 뒤 가져오세요.")
        texts = {
            "utf16": self.tr("UTF-16 형식의 파일입니다.") + " " + save_as,
            "utf8_mark": self.tr("UTF-8 표시로 시작하지만 %1번째 바이트가 UTF-8이 아닙니다.") + " " + save_as,
            "encoding": self.tr("UTF-8도 CP949도 아닌 파일입니다 (%1번째 바이트).") + " " + save_as,
            "legacy_encoding": self.tr("UTF-8도 한국어 CP949도 아닌 파일입니다 (Shift-JIS나 Latin-1 같은 다른 "
                                       "인코딩일 수 있습니다).") + " " + save_as,
            "unreadable_file": self.tr("파일을 읽을 수 없습니다. 파일이 있는지, 다른 프로그램이 열고 있지 않은지 확인하세요."),
            "empty_file": self.tr("빈 파일입니다."),
            "unreadable_csv": self.tr("CSV 파일로 읽을 수 없습니다."),
            "broken_row": self.tr("CSV 형식이 깨진 행입니다 (닫히지 않은 따옴표나 너무 긴 칸이 있는지 확인하세요)."),
            "unknown_column": self.tr("알 수 없는 열입니다. 쓸 수 있는 열: %1"),
            "duplicate_column": self.tr("같은 열이 두 번 있습니다."),
            "missing_column": self.tr("꼭 필요한 열이 없습니다."),
            "duplicate_id": self.tr("가구 번호 %1이(가) %2행에도 있습니다 (한 가구가 두 행에 있음)."),
            "bad_id": self.tr("'%1'은(는) 가구 번호(정수)가 아닙니다."),
            "bad_birth_year": self.tr("'%1'은(는) 연도가 아닙니다."),
            "bad_consent": self.tr("'%1'은(는) 예/아니오가 아닙니다."),
            "bad_consent_date": self.tr("'%1'은(는) 날짜가 아닙니다 (YYYY-MM-DD, 모르면 비우거나 '모름')."),
            "no_rows": self.tr("머리글만 있고 가구가 없습니다."),
            "duplicate_phone": self.tr("전화번호 %1이(가) %2행에도 있습니다 (전화번호 중복)."),
            "phone_registered": self.tr("전화번호 %1은(는) 이미 가구 %2에 등록되어 있습니다."),
        }
        text = texts.get(code)
        if text is None:
            return fallback
        for i, value in reversed(list(enumerate(params, start=1))):  # %1 after %12 would be wrong
            text = text.replace(f"%{i}", value)
        return text


class HouseholdImportRunner(QObject):
    finished = Signal()

    def __init__(self, ctx: ConsoleContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.progress: QProgressDialog | None = None
        self.last_report: HouseholdImportReport | None = None

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

    def _done(self, report: HouseholdImportReport) -> None:
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

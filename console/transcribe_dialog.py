"""Transcribe recordings picked from disk, with a progress bar that can cancel the batch."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QProgressDialog, QVBoxLayout, QWidget

from care.checkins.transcription import (
    STAGE_LOADING_MODEL,
    STAGE_TRANSCRIBING,
    FileTranscript,
    transcribe_files,
)
from console.common.context import ConsoleContext
from console.common.messages import show_message
from console.common.tasks import error_text, run_in_background


class TranscriptsDialog(QDialog):
    def __init__(self, results: list[FileTranscript], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("전사 결과"))
        self.resize(760, 480)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        lines = []
        for r in results:
            if not r.ok:
                lines.append(f"■ {r.file}\n  " + self.tr("읽을 수 없음: %1").replace("%1", self.failure_text(r)))
                if r.detail:  # the technical words, for whoever supports the PC
                    lines.append("  (" + r.detail + ")")
                continue
            seconds = self.tr("%1초").replace("%1", f"{r.duration_s:.0f}")
            head = f"■ {r.file} ({seconds})"
            if r.unclear:
                head += "  " + self.tr("— 직접 들어볼 답변 %n개", "", r.unclear)
            lines.append(head)
            silent = self.tr("(무응답)")
            lines += [f"  {i + 1}. {a or silent}" for i, a in enumerate(r.answers)] or [f"  {r.text}"]
        self.text.setPlainText("\n".join(lines))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


    def failure_text(self, r: FileTranscript) -> str:
        if r.failure == "audio_file":
            return self.tr("WAV 녹음 파일이 아니거나, 손상되었거나, 열 수 없는 파일입니다.")
        if r.failure == "speech":
            return self.tr("음성 인식 모델로 전사하지 못했습니다. 설정의 음성 인식 모델을 확인하세요.")
        return r.text


class TranscribeRunner(QObject):
    finished = Signal(object)  # list[FileTranscript], or None when it failed or was cancelled
    staged = Signal(str)  # care.checkins.transcription's stage, emitted on the worker thread (queued here)

    def __init__(self, ctx: ConsoleContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.parent_widget = ctx, parent
        self.cancel = threading.Event()
        self.progress: QProgressDialog | None = None
        self.count = 0
        self.staged.connect(self._stage)

    def start(self, paths: list[str]) -> None:
        self.cancel.clear()
        self.count = len(paths)
        self.progress = QProgressDialog(self.tr("녹음 %n개를 전사하는 중… (음성은 이 PC를 떠나지 않습니다)", "", len(paths)),
                                        self.tr("취소"), 0, 100, self.parent_widget)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setValue(0)
        self.progress.canceled.connect(self.cancel.set)
        run_in_background(self, transcribe_files, self.ctx.db, paths, should_cancel=self.cancel.is_set, actor=self.ctx.actor,
                          status=self.staged.emit, on_progress=self._progressed, on_success=self._done,
                          on_error=self._failed)

    def _stage(self, stage: str) -> None:
        if self.progress is None:
            return
        if stage == STAGE_LOADING_MODEL:
            self.progress.setLabelText(self.tr("음성 인식 모델을 불러오는 중… (1분 가까이 걸릴 수 있습니다)"))
        elif stage == STAGE_TRANSCRIBING:
            self.progress.setLabelText(
                self.tr("녹음 %n개를 전사하는 중… (음성은 이 PC를 떠나지 않습니다)", "", self.count))

    def _progressed(self, fraction: float) -> None:
        if self.progress:
            self.progress.setValue(int(fraction * 100))

    def _close(self) -> None:
        if self.progress:
            self.progress.canceled.disconnect(self.cancel.set)
            self.progress.close()
            self.progress = None

    def _done(self, results: list[FileTranscript]) -> None:
        self._close()
        TranscriptsDialog(results, self.parent_widget).open()
        self.finished.emit(results)

    def _failed(self, exc: BaseException) -> None:
        self._close()
        if not self.cancel.is_set():
            show_message(self.parent_widget, self.tr("녹음 전사"), error_text(exc), warning=True)
        self.finished.emit(None)

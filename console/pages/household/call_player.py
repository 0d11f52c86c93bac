"""Plays one check-in call's recording from the household page: a whole answer, or a flagged word
(the resident's channel only, a second of context either side), through the review page's player
(console/pages/review/audio.py); the clip comes from care.households.call_detail.call_audio,
which logs the listen."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QWidget

from care.households.call_detail import CallDetail, call_audio
from console.common.context import ConsoleContext
from console.pages.review import audio as review_audio
from console.pages.review.audio import EvidencePlayerWidget


class CallPlayerWidget(EvidencePlayerWidget):
    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._attempt_id: int | None = None
        self.set_call(None)

    def set_call(self, detail: CallDetail | None) -> None:
        self.stop()
        self.audio_loader.cancel()
        self._attempt_id = detail.attempt_id if detail else None
        first = next((a for a in detail.answers if a.playable), None) if detail else None
        self._span = (first.start_s, first.end_s) if first else None  # type: ignore[assignment]
        enabled, note = False, ""
        if detail is None:
            note = ""
        elif detail.recording == "purged":
            note = self.tr("보존 기간이 지나 녹음을 파기했습니다.")
        elif detail.recording == "missing":
            note = self.tr("녹음 파일을 이 PC에서 찾을 수 없습니다.")
        elif detail.recording != "available" or self._span is None:
            note = self.tr("이 통화에는 녹음이 없습니다 (데모 통화나 녹음에 동의하지 않은 통화).")
        elif not review_audio.audio_output_available():
            note = self.tr("이 PC에 소리를 낼 장치가 없습니다 — 스피커나 헤드셋을 연결하세요.")
        else:
            enabled = True
            note = self.tr("답변의 ▶를 누르면 그 답변 전체를, 강조된 단어를 누르면 그 부분을 듣습니다.")
        self.button.setEnabled(enabled)
        self.button.setText(self.tr("▶ 첫 답변 듣기"))
        self.note.setText(note)

    def set_detail(self, detail) -> None:  # the flag-based entry point of the review page: not used here
        if getattr(self, "_attempt_id", None) is None:
            super().set_detail(detail)

    @Slot(float, float)
    def play_span(self, start_s: float, end_s: float) -> None:
        if self._attempt_id is None or not self.button.isEnabled():
            return
        self.stop()
        self._wanted = (start_s, end_s)
        self.button.setEnabled(False)
        self.note.setText(self.tr("녹음을 불러오는 중…"))
        self.audio_loader.load(call_audio, self.ctx.db, self._attempt_id, self.ctx.actor, start_s, end_s)

    def _set_playing(self, playing: bool) -> None:
        super()._set_playing(playing)
        if not playing and getattr(self, "_attempt_id", None) is not None:
            self.button.setText(self.tr("▶ 첫 답변 듣기"))

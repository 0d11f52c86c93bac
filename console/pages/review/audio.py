"""Plays a call flag's evidence: the resident's channel of the recording, from about a second
before the risky words to about a second after them (QtMultimedia: QMediaPlayer + QAudioOutput).

The recording is decoded off the GUI thread by care.review.queue.evidence_audio (which logs the listen)
and only that clip is handed over, as an in-memory mono WAV: the player never holds the rest of
the call, so the access log's "listen" row says exactly what could be heard, the other channel
(our own questions) is not heard, and no decoded copy of a resident's voice is left on disk. QtMultimedia is imported lazily: a PC
without its system libraries or without a sound device still gets the rest of the page, and the
button says why it cannot play.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QTimer, QUrl, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from care.review import queue as review
from care.review.queue import EvidenceAudio, FlagDetail
from console.common.context import ConsoleContext
from console.common.tasks import LatestLoader, error_text


def audio_output_available() -> bool:
    """True when QtMultimedia loads and the PC has at least one sound output."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:  # e.g. libpulse missing on a Linux PC
        return False
    return bool(QMediaDevices.audioOutputs())


class EvidencePlayerWidget(QWidget):
    playingChanged = Signal(bool)

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.button = QPushButton(self.tr("▶ 근거 듣기"), self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.note, 1)
        self._flag_id: int | None = None
        self._span: tuple[float, float] | None = None
        self._wanted: tuple[float, float] | None = None
        self._player = None
        self._output = None
        self._buffer: QBuffer | None = None
        self._start_ms = 0
        self._stop_ms = 0
        self._playing = False
        self._clip_ms = 0  # where the clip handed to the player starts in the call
        self.stopped_at_ms: int | None = None  # where in the call the last playback stopped (tests, status)
        self._stop_timer = QTimer(self)
        self._stop_timer.setSingleShot(True)
        self._stop_timer.timeout.connect(self.stop)
        self.button.clicked.connect(self._button_clicked)
        self.audio_loader = LatestLoader(self, self._audio_loaded, self._audio_failed)
        self.set_detail(None)

    def set_detail(self, detail: FlagDetail | None) -> None:
        self.stop()
        self.audio_loader.cancel()  # audio still loading for the previous flag is not played
        self._flag_id = detail.flag.id if detail else None
        self._span = (detail.audio.start_s, detail.audio.end_s) if detail and detail.audio else None
        enabled, note = False, ""
        if detail is None:
            note = ""
        elif detail.flag.source != "call":
            note = self.tr("통화 녹음이 아닌 기록에 근거한 플래그입니다.")
        elif detail.recording == "purged":
            note = self.tr("보존 기간이 지나 녹음을 파기했습니다.")
        elif detail.recording == "missing":
            note = self.tr("녹음 파일을 이 PC에서 찾을 수 없습니다.")
        elif detail.recording != "available" or self._span is None:
            note = self.tr("이 통화에는 녹음이 없습니다 (데모 통화나 녹음에 동의하지 않은 통화).")
        elif not audio_output_available():
            note = self.tr("이 PC에 소리를 낼 장치가 없습니다 — 스피커나 헤드셋을 연결하세요.")
        else:
            enabled = True
            note = (self.tr("근거 구간 %1–%2초 (앞뒤 1초 포함). 강조된 단어를 눌러도 들을 수 있습니다.")
                    .replace("%1", f"{self._span[0]:.1f}").replace("%2", f"{self._span[1]:.1f}"))
        self.button.setEnabled(enabled)
        self.note.setText(note)

    @Slot()
    def _button_clicked(self) -> None:
        if self._playing:
            self.stop()
        elif self._span is not None:
            self.play_span(*self._span)

    @Slot(float, float)
    def play_span(self, start_s: float, end_s: float) -> None:
        if self._flag_id is None or not self.button.isEnabled():
            return
        self.stop()
        self._wanted = (start_s, end_s)
        self.button.setEnabled(False)
        self.note.setText(self.tr("녹음을 불러오는 중…"))
        self.audio_loader.load(review.evidence_audio, self.ctx.db, self._flag_id, self.ctx.actor, start_s, end_s)

    @Slot(object)
    def _audio_loaded(self, audio: EvidenceAudio) -> None:
        if self._wanted is None:
            return
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

        if self._player is None:
            self._player = QMediaPlayer(self)
            self._output = QAudioOutput(self)
            self._player.setAudioOutput(self._output)
            self._player.mediaStatusChanged.connect(self._media_status)
            self._player.positionChanged.connect(self._position)
            self._player.errorOccurred.connect(self._player_error)
        self.button.setEnabled(True)
        self._clip_ms = int(audio.clip_start_s * 1000)
        self._start_ms, self._stop_ms = 0, int(audio.duration_s * 1000)  # the whole clip, nothing more
        old = self._buffer
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(audio.wav))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._player.setSourceDevice(self._buffer, QUrl("evidence.wav"))
        if old is not None:
            old.deleteLater()
        self.note.setText(self.tr("%1–%2초 재생 중").replace("%1", f"{audio.clip_start_s:.1f}")
                          .replace("%2", f"{audio.clip_end_s:.1f}"))

    @Slot(object)
    def _media_status(self, status) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.MediaStatus.LoadedMedia and self._wanted is not None and not self._playing:
            self._player.setPosition(self._start_ms)
            self._player.play()
            self._set_playing(True)
            self._stop_timer.start(max(500, self._stop_ms - self._start_ms + 300))
        elif status == QMediaPlayer.MediaStatus.EndOfMedia:
            self.stop()

    @Slot(int)
    def _position(self, ms: int) -> None:
        if self._playing and ms >= self._stop_ms:
            self.stop()

    @Slot(object, str)
    def _player_error(self, _error, message: str) -> None:
        self.stop()
        self.note.setText(self.tr("재생할 수 없습니다: %1").replace("%1", message))

    @Slot(object)
    def _audio_failed(self, exc: BaseException) -> None:
        self._wanted = None
        self.button.setEnabled(self._span is not None)
        self.note.setText(self.tr("녹음을 열 수 없습니다: %1").replace("%1", error_text(exc)))

    @Slot()
    def stop(self) -> None:
        self._stop_timer.stop()
        self._wanted = None
        if self._player is not None:
            if self._playing:
                self.stopped_at_ms = self._clip_ms + self._player.position()
            self._player.stop()
        self._set_playing(False)

    def _set_playing(self, playing: bool) -> None:
        if playing != self._playing:
            self._playing = playing
            self.playingChanged.emit(playing)
        self.button.setText(self.tr("■ 멈춤") if playing else self.tr("▶ 근거 듣기"))

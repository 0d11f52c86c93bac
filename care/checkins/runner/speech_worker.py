"""`runner --speech-only`: a speech worker on any office PC. It takes recordings the runner left
for the speech path from the shared database (claims with row locks, see claims.take_next),
transcribes and assesses them with the runner's own speech path, and never dials: it holds no
runner lease, has no phone line, and several may run beside the one runner that dials.

A claim is held for SPEECH_CLAIM_S; a worker that dies (SIGKILL, a PC switched off) leaves its
claims to run out, and another worker (or the runner) picks those recordings up then. The
recordings come from the shared recordings root (care/checkins/recordings.py), never a third party.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from care import settings as store
from care.checkins.recordings import recordings_root_of
from care.checkins.runner.lease import new_holder_id
from care.checkins.runner.pipeline import PipelineContext
from care.checkins.runner.settings import RunnerClock, RunnerSettings
from care.checkins.runner.transcribing import run_speech_path
from storage.db import Database
from telephony.errors import PermanentCallError
from telephony.gateway import CallRequest, CallState

log = logging.getLogger("anbu.runner")


class NoLine:
    """The phone line of a speech worker: there is none. Any dial is a programming error."""

    name = "none"

    def _refuse(self, *_args, **_kwargs):
        raise PermanentCallError("a speech worker never dials (runner --speech-only)")

    def place(self, req: CallRequest) -> str:
        return self._refuse(req)

    def poll(self, sid: str) -> CallState:
        return self._refuse(sid)

    def wait(self, sid: str, timeout_s: float = 900, should_stop=None) -> CallState:
        return self._refuse(sid)

    def fetch_recording(self, sid: str, dest_dir: Path) -> Path | None:
        return self._refuse(sid)

    def delete_recording(self, sid: str) -> None:
        self._refuse(sid)

    def cancel(self, sid: str) -> None:
        self._refuse(sid)

    def find_calls(self, to: str, since: datetime) -> list[CallState]:
        return self._refuse(to)


@dataclass
class SpeechWorker:
    db: Database
    recordings_dir: Path | None = None
    settings: RunnerSettings | None = None
    holder: str = field(default_factory=lambda: "speech:" + new_holder_id())
    stop: threading.Event = field(default_factory=threading.Event)
    transcribed: list[int] = field(default_factory=list)  # the claims log: every attempt transcribed here
    claims: int = 0

    def __post_init__(self) -> None:
        settings = self.settings
        if settings is None:
            with self.db.session() as s:
                settings = self.settings = store.load(s, RunnerSettings)
        self.ctx = PipelineContext(self.db, NoLine(), settings, RunnerClock(), self.stop,
                                   self.recordings_dir or recordings_root_of(self.db))

    def run_once(self) -> int:
        """One claim: how many attempts it held (0 = nothing left that no one else holds)."""
        limit = max(1, self.ctx.settings.transcribe_workers)
        n = run_speech_path(self.ctx, self.holder, limit=limit, done=self.transcribed)
        self.claims += 1 if n else 0
        return n

    def run_until_idle(self) -> None:
        while not self.stop.is_set() and self.run_once():
            pass

    def run_forever(self, idle_s: float = 10.0) -> None:
        """Until stopped (SIGTERM): claim, work, and look again every `idle_s` when nothing is left.
        A database that does not answer is logged and tried again; it never ends the worker."""
        from storage.errors import StorageError

        log.info("speech worker %s started (recordings in %s)", self.holder, self.ctx.recordings_dir)
        while not self.stop.is_set():
            try:
                if self.run_once():
                    continue
            except StorageError:
                log.warning("speech worker: the database did not answer; trying again", exc_info=True)
            self.stop.wait(idle_s)
        log.info("speech worker %s stopped", self.holder)

"""Transcribing recordings a social worker picks in the console (a call recorded elsewhere, a
recording to check again): the batch transcriber with the configured model, progress as a
fraction, cancellation, one result per file in order. Audio stays on this PC.

Every file is checked (header only) before the model is loaded, so a non-WAV file is refused at
once; `status(stage)` says what is happening (speech.batch's STAGE_CHECKING,
STAGE_LOADING_MODEL — up to ~40 s with the progress bar at 0 % — and STAGE_TRANSCRIBING) so the
console can word it."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from care import audit
from care.accounts.identity import os_account
from care.checkins.speech_model import model_path_from_settings
from speech.batch import STAGE_CHECKING, STAGE_LOADING_MODEL, STAGE_TRANSCRIBING, transcribe_batch
from speech.errors import AudioFileError, SpeechError
from storage.db import Database


@dataclass(frozen=True)
class FileTranscript:
    file: str
    ok: bool
    text: str  # the readable transcript, or the error in words
    duration_s: float
    answers: tuple[str, ...]  # each answer's text, "" for a silent one
    unclear: int  # answers a person should listen to
    # a failed file: "audio_file" (missing, not a WAV, damaged, too large …) or "speech" (the
    # model); `detail` is what is wrong in the speech layer's (English) words, without the path
    failure: str = ""
    detail: str = ""


__all__ = ["FileTranscript", "STAGE_CHECKING", "STAGE_LOADING_MODEL", "STAGE_TRANSCRIBING", "transcribe_files"]


def transcribe_files(db: Database, paths: Sequence[str], *, progress: Callable[[float], None] | None = None,
                     should_cancel: Callable[[], bool] | None = None,
                     status: Callable[[str], None] | None = None, actor: str | None = None) -> list[FileTranscript]:
    """`actor`: who asked (the console's signed-in user); default the OS account of this process."""
    model = None if os.environ.get("ANBU_VOSK_MODEL") else model_path_from_settings(db)
    total = max(1, len(paths))

    def _progress(files_done: int, _audio_s: float) -> None:
        if progress:
            progress(files_done / total)

    results = transcribe_batch(list(paths), model_path=model, progress=_progress, should_cancel=should_cancel,
                               status=status)
    out = []
    for path, r in zip(paths, results, strict=True):
        if isinstance(r, SpeechError):
            kind = "audio_file" if isinstance(r, AudioFileError) else "speech"
            detail = r.problem if isinstance(r, AudioFileError) else str(r)
            out.append(FileTranscript(Path(path).name, False, str(r), 0.0, (), 0, kind, detail))
        else:
            out.append(FileTranscript(Path(path).name, True, r.text, r.duration_s, tuple(a.text for a in r.answers),
                                      sum(1 for a in r.answers if not a.intelligible)))
    with db.session() as s:  # listening to a recording through its transcript is an access, too
        audit.record(s, actor or os_account(), "transcribe", "recording", None, {"files": [Path(p).name for p in paths]})
    return out


def log_recording_access(db: Database, actor: str, action: str, paths: Sequence[str | Path],
                         detail: dict | None = None) -> None:
    """One access-log row for recordings opened from files (the `transcribe` and `assess`
    commands): the file names and, where a file is a stored call recording, whose household."""
    from sqlalchemy import select

    from storage.models import CallAttempt, Household

    names = [Path(p).name for p in paths]
    with db.session() as s:
        refs: set[str] = set()
        if names:
            stmt = (select(Household.ref, CallAttempt.recording_path)
                    .join(CallAttempt, CallAttempt.household_id == Household.id)
                    .where(CallAttempt.recording_path.is_not(None)))
            wanted = set(names)
            refs = {ref for ref, rec in s.execute(stmt) if ref and rec and Path(rec).name in wanted}
        audit.record(s, actor, action, "recording", None,
                     {"files": names, "households": sorted(refs), **(detail or {})},
                     household_ref=next(iter(refs)) if len(refs) == 1 else None)

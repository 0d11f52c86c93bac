"""The dial path of one attempt: dial -> poll -> recording downloaded -> remote copy deleted.

Each step commits before the next begins; `run_dial_path` resumes from whatever state it finds, so
the same function serves a fresh attempt and one a crashed runner left behind. It never waits for
Vosk: once the remote recording is deleted the attempt is the speech worker's (care.checkins.runner.speech).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from care import settings as store
from care.checkins.line import voice_for
from care.checkins.recordings import recording_file, stored_recording_path
from care.checkins.runner import attempts as sm
from care.checkins.runner.alert import clear_alert, raise_alert
from care.checkins.runner.settings import RunnerClock, RunnerSettings
from care.checkins.runner.slots import bump_schedule_version, slot_of
from storage.db import Database
from storage.files import private_dir, private_file
from storage.models import CallAttempt, CheckInSlot, Household
from telephony.errors import PermanentCallError, TelephonyConfigError, TelephonyError
from telephony.gateway import CallGateway, CallRequest
from telephony.script import available_scripts, load_script, render_twiml

log = logging.getLogger("anbu.runner")

RECONCILE_MARGIN = timedelta(minutes=2)  # clocks of the PC and the carrier disagree a little


@dataclass
class PipelineContext:
    """What every step needs; shared by the runner's threads (the Database is thread-safe, each
    step opens its own session)."""

    db: Database
    gateway: CallGateway
    settings: RunnerSettings
    clock: RunnerClock
    stop: threading.Event
    recordings_dir: Path
    sids: dict[int, str] = field(default_factory=dict)  # attempt id -> call sid just placed
    config_error: str | None = None  # set when a configuration error stopped the evening
    slow: bool = False  # slower speech and longer answer windows (the `call --slow` option)
    claim: Callable[[int], bool] | None = None  # renews a manual call's claim before each step
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    speech_pool: Any = None  # speech.batch.TranscriptionPool kept all night when transcribe_workers > 1

    @contextlib.contextmanager
    def tx(self) -> Iterator[Session]:
        """One unit of work, one writer at a time in this process: the runner's threads queue on
        a Python lock instead of sleeping in SQLite's busy handler (1, 2, 5, 10 ms ...). Never
        held across a gateway call."""
        with self.write_lock, self.db.session() as s:
            yield s


@functools.lru_cache(maxsize=8)
def _script(name: str):
    return load_script(name)


def script_for(ctx: PipelineContext, language: str) -> str:
    """The configured script for Korean households; "<lang>_default" for the others when it exists."""
    if language == "ko" or not language:
        return ctx.settings.script
    name = f"{language}_default"
    return name if name in available_scripts() else ctx.settings.script


def _request(ctx: PipelineContext, s: Session, h: Household, attempt) -> CallRequest:
    """The call as the Settings page configured it now: its call-back number and the voice for the
    script's language come from the store's telephony section (read per call, in this transaction;
    settings schema 1 moved the runner's old copy of the number there)."""
    script = _script(script_for(ctx, h.language))
    line = store.load(s, store.TelephonySettings)
    twiml = render_twiml(script, resident_name=h.name, office_number=line.office_number,
                         voice=voice_for(line, script.say_language), slow=ctx.slow)
    return CallRequest(to=h.phone, twiml=twiml, household_id=h.id, slot=attempt.slot_key, attempt_no=attempt.attempt_no,
                       ring_timeout_s=ctx.settings.ring_timeout_s, max_duration_s=ctx.settings.max_duration_s,
                       record=bool(h.consent_recording))


def _in_window(slot: CheckInSlot | None, now: datetime) -> bool:
    return slot is not None and slot.window_start <= now < slot.window_end


def _step_planned(ctx: PipelineContext, attempt_id: int) -> str:
    now = ctx.clock.now()
    with ctx.tx() as s:
        a = sm.load(s, attempt_id)
        slot = slot_of(s, a)
        if not _in_window(slot, now):  # quiet hours: never dial outside the household's window
            a.outcome, a.error = "not_placed", "통화 시간대 밖이라 걸지 않음 (outside the window: not dialled)"
            sm.settle(s, a, now, ctx.settings)
            return a.status
        req = _request(ctx, s, s.get(Household, a.household_id), a)
        sm.advance(s, a, "dialing", dialed_at=now, provider=ctx.gateway.name)
    log.info("dialing household=%s slot=%s attempt=%s", req.household_id, req.slot, req.attempt_no)
    try:
        sid = ctx.gateway.place(req)
    except PermanentCallError as exc:
        with ctx.tx() as s:
            a = sm.load(s, attempt_id)
            a.call_status, a.outcome, a.error = "failed", "unreachable", str(exc)
            sm.settle(s, a, ctx.clock.now(), ctx.settings, status="failed")
        return a.status
    except TelephonyConfigError as exc:  # nothing will get through until a person fixes it
        return _stop_for_configuration(ctx, attempt_id, exc)
    except TelephonyError as exc:  # the gateway reconciles its own create timeouts; this did not dial
        with ctx.tx() as s:
            a = sm.load(s, attempt_id)
            a.call_status, a.outcome, a.error = "failed", "failed", str(exc)
            sm.settle(s, a, ctx.clock.now(), ctx.settings)
        return a.status
    with ctx.tx() as s:
        sm.advance(s, sm.load(s, attempt_id), "polling", provider_call_sid=sid)
        if ctx.config_error is None:
            clear_alert(s)  # a call went through: whatever stopped an earlier evening is fixed
    ctx.sids[attempt_id] = sid  # the next step need not read it back
    return "polling"


WITHDRAWN = "withdrawn"  # run_dial_path's answer for an attempt undone by a configuration error


def _stop_for_configuration(ctx: PipelineContext, attempt_id: int, exc: TelephonyConfigError) -> str:
    """Wrong credentials (401/20003), a from-number or country the account may not use: every
    other call would fail the same way. The attempt is undone (nothing was dialled) and its slot
    put back as it was, one runner alert is raised, and the runner stops — no "missed" flags."""
    now = ctx.clock.now()
    with ctx.tx() as s:
        _withdraw(s, sm.load(s, attempt_id))
        new = raise_alert(s, "telephony_config", str(exc), now, code=exc.code, problem=exc.problem)
        bump_schedule_version(s)
    ctx.config_error = str(exc)
    if new:
        log.error("stopping: the phone line is misconfigured, no call can go through: %s", exc)
    ctx.stop.set()
    return WITHDRAWN


def _withdraw(s: Session, a: CallAttempt) -> None:
    """Undo an attempt that was never dialled: the row goes, its slot gets the attempt back."""
    slot = slot_of(s, a)
    if slot is not None and slot.status == "in_progress":
        slot.attempts_made = max(0, slot.attempts_made - 1)
        slot.status = "retry_wait" if slot.attempts_made else "due"
    s.delete(a)


def withdraw_undialled(ctx: PipelineContext, attempt_id: int) -> bool:
    """The runner is stopping before it could hand a claimed attempt to a line (a configuration
    error on another line, SIGTERM): undo it if it is still only planned, so the slot is due again
    and no attempt row says a call was tried. Returns whether it was withdrawn."""
    with ctx.tx() as s:
        a = s.get(CallAttempt, attempt_id)
        if a is None or a.status != "planned":
            return False
        _withdraw(s, a)
        bump_schedule_version(s)
    return True


def _step_reconcile(ctx: PipelineContext, attempt_id: int) -> str:
    """A crash between 'dialing' and 'polling': ask the line what was placed; never re-dial.

    Found: adopt the call and poll it. Not found: the attempt counts as not placed and the slot
    moves on to its next attempt number after the normal spacing — the same attempt is never
    dialled twice, even on a line that cannot remember calls across a restart."""
    with ctx.tx() as s:
        a = sm.load(s, attempt_id)
        to = s.get(Household, a.household_id).phone
        since = a.dialed_at - RECONCILE_MARGIN
    try:
        found = ctx.gateway.find_calls(to, since)
    except TelephonyError as exc:
        log.warning("attempt %s: cannot reconcile with the line yet: %s", attempt_id, exc)
        raise
    with ctx.tx() as s:
        a = sm.load(s, attempt_id)
        if found:
            sid = found[0].sid
            log.warning("reconciled attempt %s: the call %s was placed before the crash", attempt_id, sid)
            sm.advance(s, a, "polling", provider_call_sid=sid)
            return a.status
        else:
            log.warning("reconciled attempt %s: the line has no call for it; counted as not placed", attempt_id)
            a.call_status, a.outcome = "unknown", "not_placed"
            a.error = "중단 후 확인: 회선에 통화 기록 없음 (after a crash the line had no record of this call)"
            sm.settle(s, a, ctx.clock.now(), ctx.settings)
            return a.status


def _step_polling(ctx: PipelineContext, attempt_id: int) -> str:
    sid = ctx.sids.pop(attempt_id, None)
    if sid is None:  # resumed after a restart
        with ctx.tx() as s:
            sid = sm.load(s, attempt_id).provider_call_sid
    try:
        state = ctx.gateway.wait(sid, timeout_s=ctx.settings.max_duration_s + ctx.settings.ring_timeout_s + 120,
                                 should_stop=ctx.stop.is_set)
    except TelephonyError as exc:
        # The line lost track of the call (e.g. a restart of a line that forgets): nobody knows
        # whether the resident was reached, so it is never "well"; it counts as a failed attempt
        # and the slot retries (or ends missed, with a flag for a human call).
        with ctx.tx() as s:
            a = sm.load(s, attempt_id)
            a.call_status, a.outcome, a.error = "unknown", "failed", f"통화 상태 확인 실패 (call state lost): {exc}"
            sm.settle(s, a, ctx.clock.now(), ctx.settings)
            return a.status
    if not state.final:
        return "polling"  # asked to stop: the call stays in `polling` and is picked up on restart
    now = ctx.clock.now()
    with ctx.tx() as s:
        a = sm.load(s, attempt_id)
        outcome = sm.line_outcome(state.status, state.answered_by)
        sm.advance(s, a, "ended", call_status=state.status, answered_by=state.answered_by,
                   duration_s=state.duration_s, ended_at=now, error=state.error)
        if outcome is not None:
            a.outcome = outcome
            sm.settle(s, a, now, ctx.settings)
        return a.status


def _step_ended(ctx: PipelineContext, attempt_id: int) -> str:
    with ctx.tx() as s:
        a = sm.load(s, attempt_id)
        sid, local_date = a.provider_call_sid, (a.dialed_at or ctx.clock.now()).date()
    dest = ctx.recordings_dir / local_date.isoformat()
    private_dir(dest)  # recordings: owner only
    try:
        path = ctx.gateway.fetch_recording(sid, dest)
        if path is not None:
            private_file(path)
        error = None if path else "녹음 없음 (the call has no recording)"
    except TelephonyError as exc:
        path, error = None, f"녹음 내려받기 실패 (recording download failed): {exc}"
    if path is not None and recording_file(str(path), ctx.recordings_dir) is None:  # never record a path outside
        log.error("attempt %s: the line wrote its recording outside %s; ignored", attempt_id, ctx.recordings_dir)
        path, error = None, "녹음 위치가 녹음 폴더 밖임 (recording outside the recordings folder): ignored"
    with ctx.tx() as s:
        a = sm.load(s, attempt_id)
        if path is None:
            a.outcome, a.error = "needs_review", error
            sm.settle(s, a, ctx.clock.now(), ctx.settings)
        else:
            sm.advance(s, a, "recording_downloaded", recording_path=stored_recording_path(path, ctx.recordings_dir))
        return a.status


def _step_downloaded(ctx: PipelineContext, attempt_id: int) -> str:
    """Delete the carrier's copy; the state says what became of it (deleted, delete failed, kept
    because the telephony settings keep it)."""
    with ctx.tx() as s:
        sid = sm.load(s, attempt_id).provider_call_sid
        keep = not store.load(s, store.TelephonySettings).delete_remote_recordings
    if keep:
        with ctx.tx() as s:
            a = sm.load(s, attempt_id)
            sm.advance(s, a, "remote_kept")
            return a.status
    error = None
    try:
        ctx.gateway.delete_recording(sid)
    except TelephonyError as exc:  # keep going: transcription must not wait on the carrier
        error = f"원격 녹음 삭제 실패, 나중에 다시 시도 (remote recording not deleted): {exc}"
        log.warning("attempt %s: %s", attempt_id, error)
    with ctx.tx() as s:
        a = sm.load(s, attempt_id)
        sm.advance(s, a, "remote_deleted" if error is None else "remote_delete_failed",
                   recording_deleted_remote=error is None, error=error)
        return a.status


def run_dial_path(ctx: PipelineContext, attempt_id: int, status: str | None = None) -> str:
    """Walk the attempt through the dial path from wherever it stands. Returns the status it was
    left in. Honours ctx.stop between steps (SIGTERM: finish the current step, then return)."""
    steps = {"planned": _step_planned, "dialing": _step_reconcile, "ended": _step_ended,
             "recording_downloaded": _step_downloaded}
    if status is None:  # `status` is a hint from a caller that just wrote the row
        with ctx.tx() as s:
            status = sm.load(s, attempt_id).status
    while status in sm.DIAL_STATES and not ctx.stop.is_set():
        if ctx.claim is not None and not ctx.claim(attempt_id):
            log.warning("attempt %s: the claim on it was lost; leaving it to its new holder", attempt_id)
            return status
        new_status = _step_polling(ctx, attempt_id) if status == "polling" else steps[status](ctx, attempt_id)
        if new_status == status:  # a stop request while the call is still on the line
            return status
        status = new_status
    return status

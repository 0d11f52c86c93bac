"""One check-in call placed now, for one household: the `call` command's workflow.

One dial path: a manual call is an attempt like any other. It gets a manual slot and an attempt
row and walks the runner's own pipeline (care.checkins.runner.pipeline, care.checkins.runner.transcribing) in this
process: dial, poll, recording downloaded into the app data dir, remote copy deleted (unless the
settings keep it), transcript, answers, assessment, flags. Who placed the call is audited.
A machine or an unknown answerer is reported as such: it is never an answered check-in.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from care import audit
from care import settings as store
from care.accounts import access
from care.checkins.line import gateway_from_settings, load_settings
from care.checkins.plans import DEFAULT_TZ
from care.checkins.recordings import recordings_root_of, resolve_recording
from care.checkins.runner import attempts as sm
from care.checkins.runner import claims
from care.checkins.runner.lease import new_holder_id
from care.checkins.runner.pipeline import WITHDRAWN, PipelineContext, run_dial_path
from care.checkins.runner.settings import RunnerClock
from care.checkins.runner.slots import claim_attempt
from care.checkins.runner.transcribing import assess_pending, finish_assessed, transcribe_pending
from care.errors import AnbuError
from storage.db import Database
from storage.models import CallAttempt, CheckInPlan, CheckInSlot, Household
from telephony.errors import TelephonyConfigError
from telephony.gateway import CallGateway

WINDOW_MARGIN = timedelta(minutes=1)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CallOutcome:
    household_id: int
    status: str
    answered_by: str | None
    duration_s: float | None
    recording: str | None
    error: str | None
    line: str  # "twilio" | "simulated"
    answered_check_in: bool  # completed AND answered by a person
    exit_code: int = 0
    notes: tuple[str, ...] = ()
    attempt_id: int | None = None  # the call_attempt row (`attempts --json` lists it)
    outcome: str | None = None  # what the check-in came to; None while the runner still owes the speech path
    attempt_status: str | None = None  # the pipeline step the attempt stands at

    def to_json(self) -> dict:
        """The issue's six keys first, then which line and whether it counts as answered, then
        (added compatibly) the attempt row, its outcome and step."""
        return {"household_id": self.household_id, "status": self.status, "answered_by": self.answered_by,
                "duration_s": self.duration_s, "recording": self.recording, "error": self.error,
                "line": self.line, "answered_check_in": self.answered_check_in, "attempt_id": self.attempt_id,
                "outcome": self.outcome, "attempt_status": self.attempt_status}


@dataclass(frozen=True)
class _Resident:
    id: int
    name: str
    phone: str
    script: str
    record: bool


def _find_household(db: Database, key: str, actor: str) -> _Resident:
    with db.session() as s:
        h = None
        if key.isdigit():
            h = s.get(Household, int(key))
        if h is None:
            h = s.scalar(select(Household).where(Household.ref == key.upper()))
        if h is None:
            raise AnbuError(f"no household {key!r} (give its id, e.g. 12, or its reference, e.g. H000012)")
        access.require(s, actor, access.Permission.EDIT_HOUSEHOLD, household=h)
        if not h.active:
            raise AnbuError(f"household {h.id} ({h.ref}) is inactive; reactivate it before calling")
        plan = s.scalar(select(CheckInPlan).where(CheckInPlan.household_id == h.id))
        script = plan.script if plan is not None else ("en_default" if h.language == "en" else "ko_default")
        return _Resident(h.id, h.name, h.phone, script, bool(h.consent_recording))


def call_household_now(
    db: Database,
    household: str,
    *,
    simulated: bool = False,
    actor: str = access.RUNNER,
    gateway: CallGateway | None = None,
    recordings_dir: Path | None = None,
    slow: bool = False,
    transcribe: bool = True,
) -> CallOutcome:
    """One manual check-in through the runner's own pipeline: a manual slot and its attempt row,
    dial, poll, download, remote copy deleted (or kept, as the settings say), then — unless
    `transcribe` is False — transcript, answers, assessment and flags in this process. Without
    transcription the attempt is left at its recorded step and the runner's speech path finishes it.
    The attempt is claimed while this process works on it, so a runner never resumes it twice."""
    resident = _find_household(db, str(household), actor)
    settings = load_settings(db)
    gateway = gateway or gateway_from_settings(db, simulated=simulated)
    notes = []
    if gateway.name == "simulated":
        notes.append("simulated line: no real call was placed (Twilio is not configured or --simulated)")
    if not settings.office_number:
        notes.append("the office call-back number is not set (Settings); the closing gives no number")
    if not resident.record:
        notes.append("no recording consent for this household: the call is not recorded")
    ctx = _context(db, gateway, recordings_dir or recordings_root_of(db), slow)
    holder = f"call:{new_holder_id()}"
    claim_for = timedelta(seconds=ctx.settings.ring_timeout_s + ctx.settings.max_duration_s + CLAIM_MARGIN_S)

    def renew(attempt_id: int) -> bool:
        now = ctx.clock.now()
        with ctx.tx() as s:
            return claims.take(s, attempt_id, holder, now + claim_for, now)

    ctx.claim = renew
    attempt_id, slot_id = open_manual_attempt(ctx, resident.id, holder, actor, claim_for)
    try:
        status = run_dial_path(ctx, attempt_id, "planned")
        if status == WITHDRAWN:  # the line is misconfigured: nothing was dialled
            _close_withdrawn(ctx, slot_id)
            raise TelephonyConfigError(ctx.config_error or "the phone line is misconfigured")
        line_error = _row(ctx, attempt_id).error  # the line's own words, before any assessment note
        if transcribe and status in sm.RECORDED_STATES and renew(attempt_id):
            transcribe_pending(ctx, [attempt_id])
            assess_pending(ctx, attempt_id)
            finish_assessed(ctx, attempt_id)
    finally:
        with ctx.tx() as s:
            claims.release(s, attempt_id, holder)
    a = _row(ctx, attempt_id)
    placed = a.provider_call_sid is not None
    on_disk = resolve_recording(a.recording_path, ctx.recordings_dir)  # the file, wherever this PC mounts the root
    result = CallOutcome(resident.id, a.call_status or "failed", a.answered_by, a.duration_s,
                         str(on_disk) if on_disk else None,
                         line_error, gateway.name, a.call_status == "completed" and a.answered_by == "human",
                         0 if placed and a.call_status != "unknown" else 2, tuple(notes), attempt_id, a.outcome,
                         a.status)
    _audit(db, actor, result, a.provider_call_sid)
    return result


CLAIM_MARGIN_S = 900  # download, remote deletion and transcription of one call, on a loaded PC


def _context(db: Database, gateway: CallGateway, recordings_dir: Path, slow: bool) -> PipelineContext:
    """The runner's pipeline for one call: its settings, but one attempt only (no retries: a
    person who wants another try runs `call` again) and one recording, transcribed in this process
    (a worker pool would load a model for one file)."""
    with db.session() as s:
        settings = dataclasses.replace(store.load(s, store.RunnerSettings), max_attempts=1,
                                       transcribe_workers=1)
    return PipelineContext(db, gateway, settings, RunnerClock(), threading.Event(), recordings_dir, slow=slow)


def open_manual_attempt(ctx: PipelineContext, household_id: int, holder: str, actor: str,
                        claim_for: timedelta) -> tuple[int, int]:
    """A manual slot and its first attempt, already claimed by `holder`, in one transaction: the
    runner never sees either unclaimed. The slot's window is this one call (ring + longest call +
    a minute), so nobody retries it: a person who wants another try runs `call` again."""
    now = ctx.clock.now()
    window = timedelta(seconds=ctx.settings.ring_timeout_s + ctx.settings.max_duration_s) + WINDOW_MARGIN
    with ctx.tx() as s:
        plan = s.scalar(select(CheckInPlan).where(CheckInPlan.household_id == household_id))
        local = now.astimezone(ZoneInfo(plan.timezone if plan else DEFAULT_TZ))
        slot = CheckInSlot(household_id=household_id, slot_key="manual-" + local.isoformat(),  # to the µs: two calls a second apart
                           kind="manual", local_date=local.date(), window_start=now, window_end=now + window,
                           status="in_progress", next_attempt_at=now, attempts_made=0,
                           reason=f"수동 통화: {actor} (call command by {actor})")
        s.add(slot)
        s.flush()
        attempt = claim_attempt(s, slot, ctx.gateway.name)
        attempt.claimed_by, attempt.claimed_until = holder, now + claim_for
        s.flush()
        return attempt.id, slot.id


def _close_withdrawn(ctx: PipelineContext, slot_id: int) -> None:
    """The pipeline undid the attempt (configuration error) and put its slot back as due: a manual
    slot is closed instead, never left for the runner to dial later."""
    with ctx.tx() as s:
        slot = s.get(CheckInSlot, slot_id)
        if slot is not None:
            slot.status, slot.outcome, slot.next_attempt_at = "failed", "not_placed", None
            slot.reason += f" · {ctx.config_error}"


def _row(ctx: PipelineContext, attempt_id: int) -> CallAttempt:
    with ctx.db.session() as s:
        a = s.get(CallAttempt, attempt_id)
        if a is None:
            raise LookupError(f"call attempt {attempt_id} vanished")
        s.expunge(a)
        return a


def _audit(db: Database, actor: str, result: CallOutcome, sid: str | None) -> None:
    with db.session() as s:
        audit.record(s, actor, "call", "household", result.household_id,
                     {"sid": sid, "line": result.line, "status": result.status,
                      "answered_by": result.answered_by, "attempt_id": result.attempt_id})

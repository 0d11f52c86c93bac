"""One check-in call placed now, for one household: the `call` command's workflow.

The nightly runner has its own pipeline with attempt rows and reconciliation; this is the manual
"call this resident now" path: place, wait for the end, download the recording into the app data
dir, delete the remote copy (unless the settings keep it), and log who placed the call.
A machine or an unknown answerer is reported as such: it is never an answered check-in.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from care.checkins.line import gateway_from_settings, load_settings, voice_for
from care.errors import AnbuError
from storage.db import Database, data_dir
from storage.models import AuditEvent, CheckInPlan, Household
from storage.types import utcnow
from telephony.errors import PermanentCallError, RetryableCallError, TelephonyConfigError, TelephonyError
from telephony.gateway import CallGateway, CallRequest
from telephony.script import load_script, render_twiml

log = logging.getLogger(__name__)

RING_TIMEOUT_S = 30
MAX_DURATION_S = 300


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

    def to_json(self) -> dict:
        """The issue's six keys first, then which line and whether it counts as answered."""
        return {"household_id": self.household_id, "status": self.status, "answered_by": self.answered_by,
                "duration_s": self.duration_s, "recording": self.recording, "error": self.error,
                "line": self.line, "answered_check_in": self.answered_check_in}


@dataclass(frozen=True)
class _Resident:
    id: int
    name: str
    phone: str
    script: str
    record: bool


def _find_household(db: Database, key: str) -> _Resident:
    with db.session() as s:
        h = None
        if key.isdigit():
            h = s.get(Household, int(key))
        if h is None:
            h = s.scalar(select(Household).where(Household.ref == key.upper()))
        if h is None:
            raise AnbuError(f"no household {key!r} (give its id, e.g. 12, or its reference, e.g. H000012)")
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
    actor: str = "cli",
    gateway: CallGateway | None = None,
    recordings_dir: Path | None = None,
    slow: bool = False,
) -> CallOutcome:
    resident = _find_household(db, str(household))
    settings = load_settings(db)
    gateway = gateway or gateway_from_settings(db, simulated=simulated)
    notes = []
    if gateway.name == "simulated":
        notes.append("simulated line: no real call was placed (Twilio is not configured or --simulated)")
    if not settings.office_number:
        notes.append("the office call-back number is not set (Settings); the closing gives no number")
    if not resident.record:
        notes.append("no recording consent for this household: the call is not recorded")
    script = load_script(resident.script)
    twiml = render_twiml(script, resident_name=resident.name, office_number=settings.office_number,
                         voice=voice_for(settings, script.say_language), slow=slow)
    req = CallRequest(to=resident.phone, twiml=twiml, household_id=resident.id,
                      slot=f"manual:{utcnow().isoformat(timespec='seconds')}", attempt_no=1,
                      ring_timeout_s=RING_TIMEOUT_S, max_duration_s=MAX_DURATION_S, record=resident.record)

    def outcome(status, answered_by=None, duration=None, recording=None, error=None, code=0, answered=False):
        result = CallOutcome(resident.id, status, answered_by, duration, recording, error, gateway.name,
                             answered, code, tuple(notes))
        _audit(db, actor, result, sid)
        return result

    sid = None
    try:
        sid = gateway.place(req)
    except TelephonyConfigError:
        raise
    except (PermanentCallError, RetryableCallError, TelephonyError) as exc:
        return outcome("failed", error=str(exc), code=exc.exit_code)
    try:
        return _after_placing(gateway, sid, resident, settings, recordings_dir, outcome)
    except TelephonyConfigError:  # the call went out: its audit row is written whatever happens next
        _audit(db, actor, CallOutcome(resident.id, "unknown", None, None, None, None, gateway.name, False), sid)
        raise


def _after_placing(gateway: CallGateway, sid: str, resident: _Resident, settings, recordings_dir, outcome):
    try:
        state = gateway.wait(sid, timeout_s=RING_TIMEOUT_S + MAX_DURATION_S + 120)
    except TelephonyConfigError:
        raise
    except TelephonyError as exc:  # the call went out; its end is not known: say so, never "answered"
        return outcome("unknown", error=str(exc), code=exc.exit_code)
    recording, error = None, state.error
    if state.status == "completed" and resident.record:
        try:
            path = gateway.fetch_recording(sid, recordings_dir or data_dir() / "recordings")
        except TelephonyConfigError:
            raise
        except TelephonyError as exc:
            path, error = None, str(exc)
        if path is not None:
            recording = str(path)
            if settings.delete_remote_recordings:
                try:
                    gateway.delete_recording(sid)
                except TelephonyError as exc:
                    error = f"recording downloaded, but the remote copy was not deleted: {exc}"
    return outcome(state.status, state.answered_by, state.duration_s, recording, error,
                   answered=state.answered_check_in)


def _audit(db: Database, actor: str, result: CallOutcome, sid: str | None) -> None:
    with db.session() as s:
        s.add(AuditEvent(actor=actor, action="call", entity="household", entity_id=result.household_id,
                         detail={"sid": sid, "line": result.line, "status": result.status,
                                 "answered_by": result.answered_by}))

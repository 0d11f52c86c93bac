"""One household's story, newest first: check-in calls with their answers, flags with their
review state, sensor alarms and robot events worth a person's eye, plan changes and pauses, and
follow-up contacts. Paged in SQL: each source gives at most one page, newest first, through its
own (household, time) index; the union of those is sorted and cut again, and only the page's rows
are then loaded in full. `before` (the last entry's cursor) asks for the next, older page.

Entry: {"at", "kind": "call|flag|sensor|robot|contact|plan", "summary", "id", ...kind's details}.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from storage.models import (
    AuditEvent,
    CallAnswer,
    CallAttempt,
    Device,
    FollowUp,
    RiskFlag,
    RobotEvent,
    SensorReading,
)

KINDS = ("call", "flag", "sensor", "robot", "contact", "plan")
ALARM_METRICS = ("smoke", "gas", "button")  # a reading > 0 is an alarm (smoke, gas, emergency_button)
ROBOT_WORTH = ("sos", "medication_missed")  # not heartbeats or every conversation
PLAN_ACTIONS = ("plan_update", "plan_pause", "plan_resume", "run_now")
MAX_PAGE = 1000


@dataclass(frozen=True)
class Cursor:
    at: datetime
    kind: str
    id: int


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str
    id: int
    summary: str
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.at, self.kind, self.id)

    def to_json(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(), "kind": self.kind, "summary": self.summary, "id": self.id, **self.detail}


def _aware(value: datetime | str) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _sources(hid: int):
    call_at = func.coalesce(CallAttempt.ended_at, CallAttempt.dialed_at, CallAttempt.scheduled_at)
    yield (select(call_at.label("at"), literal("call").label("kind"), CallAttempt.id.label("id"))
           .where(CallAttempt.household_id == hid, CallAttempt.outcome.is_not(None), call_at.is_not(None)), call_at,
           CallAttempt.id)
    yield (select(RiskFlag.created_at.label("at"), literal("flag").label("kind"), RiskFlag.id.label("id"))
           .where(RiskFlag.household_id == hid), RiskFlag.created_at, RiskFlag.id)
    devices = select(Device.id).where(Device.household_id == hid)
    yield (select(SensorReading.ts.label("at"), literal("sensor").label("kind"), SensorReading.id.label("id"))
           .where(SensorReading.device_id.in_(devices), SensorReading.metric.in_(ALARM_METRICS),
                  SensorReading.value > 0), SensorReading.ts, SensorReading.id)
    robots = select(Device.id).where(Device.household_id == hid, Device.kind == "robot")
    yield (select(RobotEvent.ts.label("at"), literal("robot").label("kind"), RobotEvent.id.label("id"))
           .where(RobotEvent.device_id.in_(robots), RobotEvent.kind.in_(ROBOT_WORTH)), RobotEvent.ts, RobotEvent.id)
    yield (select(FollowUp.at.label("at"), literal("contact").label("kind"), FollowUp.id.label("id"))
           .where(FollowUp.household_id == hid), FollowUp.at, FollowUp.id)
    yield (select(AuditEvent.ts.label("at"), literal("plan").label("kind"), AuditEvent.id.label("id"))
           .where(AuditEvent.entity == "household", AuditEvent.entity_id == hid,
                  AuditEvent.action.in_(PLAN_ACTIONS)), AuditEvent.ts, AuditEvent.id)


def page(session: Session, household_id: int, limit: int = 50, before: Cursor | None = None,
         kinds: tuple[str, ...] = KINDS) -> list[Entry]:
    """One page of the timeline, newest first (ties: kind, then id, descending)."""
    limit = max(1, min(limit, MAX_PAGE))
    parts = []
    for (q, at, key), kind in zip(_sources(household_id), KINDS, strict=True):
        if kind not in kinds:
            continue
        if before is not None:  # what sorts after the cursor in (at, kind, id) descending
            if kind < before.kind:
                q = q.where(at <= before.at)
            elif kind == before.kind:
                # `at <= cursor` alone keeps the (…, time) index range usable; the OR only filters
                q = q.where(at <= before.at, or_(at < before.at, key < before.id))
            else:
                q = q.where(at < before.at)
        parts.append(q.order_by(at.desc()).limit(limit).subquery().select())
    if not parts:
        return []
    u = union_all(*parts).subquery()
    rows = session.execute(select(u.c.at, u.c.kind, u.c.id)
                           .order_by(u.c.at.desc(), u.c.kind.desc(), u.c.id.desc()).limit(limit)).all()
    keys = [(_aware(at), kind, int(i)) for at, kind, i in rows]
    details = _load(session, keys)
    return [Entry(at, kind, i, *details[(kind, i)]) for at, kind, i in keys]


def _ids(keys: list[tuple[datetime, str, int]], kind: str) -> list[int]:
    return [i for _, k, i in keys if k == kind]


def _load(s: Session, keys: list[tuple[datetime, str, int]]) -> dict[tuple[str, int], tuple[str, dict]]:
    out: dict[tuple[str, int], tuple[str, dict]] = {}
    if ids := _ids(keys, "call"):
        answers: dict[int, list[dict]] = {}
        for a in s.scalars(select(CallAnswer).where(CallAnswer.attempt_id.in_(ids))
                           .order_by(CallAnswer.attempt_id, CallAnswer.question_index)):
            answers.setdefault(a.attempt_id, []).append(
                {"index": a.question_index, "question_key": a.question_key, "text": a.text,
                 "confidence": a.confidence, "keypad": a.keypad, "intelligible": a.intelligible,
                 "start_s": a.start_s, "end_s": a.end_s})
        for c in s.scalars(select(CallAttempt).where(CallAttempt.id.in_(ids))):
            said = " / ".join(x["text"] for x in answers.get(c.id, []) if x["text"])
            out[("call", c.id)] = (f"안부전화 {c.outcome}" + (f": {said}" if said else ""), {
                "outcome": c.outcome, "answered_by": c.answered_by, "duration_s": c.duration_s, "slot": c.slot_key,
                "attempt_no": c.attempt_no, "has_recording": bool(c.recording_path and not c.recording_purged_at),
                "answers": answers.get(c.id, [])})
    if ids := _ids(keys, "flag"):
        for f in s.scalars(select(RiskFlag).where(RiskFlag.id.in_(ids))):
            out[("flag", f.id)] = (f"[{f.severity}] {f.category}: {f.reason}", {
                "source": f.source, "category": f.category, "severity": f.severity, "status": f.status,
                "assignee": f.assignee, "acknowledged_by": f.acknowledged_by,
                "acknowledged_at": f.acknowledged_at.isoformat() if f.acknowledged_at else None,
                "resolution": f.resolution, "resolved_by": f.resolved_by,
                "resolved_at": f.resolved_at.isoformat() if f.resolved_at else None,
                "resolution_note": f.resolution_note or ""})
    if ids := _ids(keys, "sensor"):
        for r, d in s.execute(select(SensorReading, Device).join(Device, Device.id == SensorReading.device_id)
                              .where(SensorReading.id.in_(ids))):
            out[("sensor", r.id)] = (f"{d.kind} {d.ref}: {r.metric} {r.value:g}{r.unit}", {
                "device_ref": d.ref, "device_kind": d.kind, "metric": r.metric, "value": r.value, "unit": r.unit})
    if ids := _ids(keys, "robot"):
        for e, d in s.execute(select(RobotEvent, Device).join(Device, Device.id == RobotEvent.device_id)
                              .where(RobotEvent.id.in_(ids))):
            out[("robot", e.id)] = (f"{d.ref}: {e.kind}", {"device_ref": d.ref, "event": e.kind, "value": e.value})
    if ids := _ids(keys, "contact"):
        for fu in s.scalars(select(FollowUp).where(FollowUp.id.in_(ids))):
            out[("contact", fu.id)] = (f"{fu.actor}: {fu.channel} → {fu.outcome}" + (f" — {fu.note}" if fu.note else ""), {
                "actor": fu.actor, "channel": fu.channel, "outcome": fu.outcome, "note": fu.note,
                "resolves": list(fu.resolves or [])})
    if ids := _ids(keys, "plan"):
        for ev in s.scalars(select(AuditEvent).where(AuditEvent.id.in_(ids))):
            out[("plan", ev.id)] = (f"{ev.actor}: {ev.action}", {"actor": ev.actor, "action": ev.action,
                                                                 "changes": (ev.detail or {}).get("changes")})
    return out


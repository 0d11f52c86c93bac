"""What the console and the CLI see of escalations: per flag its level, state, history of steps,
next step and who acknowledged it (frozen dataclasses; a view is an access-log row)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from care import audit
from care import settings as store
from care.escalation.plan import planned_steps
from care.escalation.policy import policies_json
from care.review.queue import FlagNotFound
from storage.db import Database
from storage.models import DutySlot, EscalationStep, FlagEscalation, Household, RiskFlag


@dataclass(frozen=True)
class StepView:
    step: int
    kind: str
    role: str
    target: str
    to: str
    status: str
    due_at: datetime
    sent_at: datetime | None
    ended_at: datetime | None
    error: str | None


@dataclass(frozen=True)
class EscalationView:
    flag_id: int
    household_ref: str
    severity: str
    flag_status: str
    level: str
    state: str
    code: str
    duty_slot: str | None
    started_at: datetime
    ack_deadline: datetime | None
    overdue: bool
    next_at: datetime | None
    next_step: str | None  # e.g. "sms → keyholder 김아들"
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    ack_channel: str | None
    note: str
    history: tuple[StepView, ...]

    @property
    def step(self) -> int | None:
        done = [h.step for h in self.history if h.status != "committed"]
        return done[-1] if done else None

    def to_json(self) -> dict[str, Any]:
        def plain(v: Any) -> Any:
            return v.isoformat() if isinstance(v, datetime) else v

        out = {k: plain(v) for k, v in asdict(self).items() if k != "history"}
        out["step"] = self.step
        out["sent"] = sum(1 for h in self.history if h.sent_at is not None)
        out["history"] = [{k: plain(v) for k, v in asdict(h).items()} for h in self.history]
        return out


def _view(s, esc: FlagEscalation, flag: RiskFlag, ref: str, now: datetime) -> EscalationView:
    rows = s.scalars(select(EscalationStep).where(EscalationStep.flag_id == esc.flag_id)
                     .order_by(EscalationStep.due_at, EscalationStep.step_no)).all()
    history = tuple(StepView(r.step_no, r.kind, r.role, r.target_name, r.to, r.status, r.due_at, r.sent_at,
                             r.ended_at, r.error) for r in rows)
    next_step = None
    if esc.state in ("active", "exhausted"):
        done = {r.step_no for r in rows}
        cfg = store.load(s, store.EscalationSettings)
        upcoming = [p for p in planned_steps(s, esc, cfg) if p.step_no not in done]
        if upcoming:
            p = upcoming[0]
            next_step = f"{p.kind} → {p.role} {p.name}"
    slot = s.get(DutySlot, esc.duty_slot_id) if esc.duty_slot_id else None
    state, by, at, channel = esc.state, esc.acknowledged_by, esc.acknowledged_at, esc.ack_channel
    if esc.acknowledged_by is None and flag.status != "open":  # taken in the queue; the runner has not ticked yet
        state = "closed" if flag.status == "resolved" else "acknowledged"
        by, at, channel = flag.acknowledged_by or flag.resolved_by, flag.acknowledged_at or flag.resolved_at, "review"
        next_step = None
    overdue = (flag.status == "open" and esc.ack_deadline is not None and esc.ack_deadline < now
               and esc.state != "confirmed_well")
    return EscalationView(esc.flag_id, ref, flag.severity, flag.status, esc.level, state, esc.code,
                          slot.name if slot else None, esc.started_at, esc.ack_deadline, overdue,
                          esc.next_at if next_step else None, next_step, by, at, channel, esc.note, history)


def escalation_status(db: Database, *, actor: str, now: datetime, flag_id: int | None = None) -> list[EscalationView]:
    """One flag's escalation (`flag_id`), or every escalation of a flag still open or
    acknowledged-but-unresolved. Logged as a view."""
    with db.session() as s:
        q = (select(FlagEscalation, RiskFlag, Household.ref).join(RiskFlag, RiskFlag.id == FlagEscalation.flag_id)
             .join(Household, Household.id == RiskFlag.household_id).order_by(FlagEscalation.started_at))
        if flag_id is not None:
            if s.get(RiskFlag, flag_id) is None:
                raise FlagNotFound(flag_id)
            q = q.where(FlagEscalation.flag_id == flag_id)
        else:
            q = q.where(RiskFlag.status != "resolved")
        views = [_view(s, esc, flag, ref or "", now) for esc, flag, ref in s.execute(q).all()]
        audit.record(s, actor, "view", "escalation", flag_id, {"flags": [v.flag_id for v in views]},
                     household_ref=views[0].household_ref if flag_id is not None and views else None)
        return views


def flag_escalation(db: Database, flag_id: int, *, actor: str, now: datetime) -> EscalationView | None:
    """The review page's escalation panel for one flag (None when it was never escalated)."""
    views = escalation_status(db, actor=actor, now=now, flag_id=flag_id)
    return views[0] if views else None


def escalation_policies(db: Database) -> dict[str, Any]:
    with db.session() as s:
        return policies_json(store.load(s, store.EscalationSettings))


def review_detail(db: Database, flag_id: int, actor: str, now: datetime):
    """The review page's detail of one flag with its escalation (history and next step)."""
    from care.review.queue import flag_detail

    return flag_detail(db, flag_id, actor), flag_escalation(db, flag_id, actor=actor, now=now)

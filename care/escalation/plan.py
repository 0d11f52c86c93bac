"""The steps one flag's escalation sends, computed from its policy, the duty slot it started
with, the next duty contact and the household's consenting keyholders.

step_no is stable however the lists change mid-way: base + policy step index * 100 + target index
+ 1 (base 1000 for a call-back flag escalated as high), so a step is never renumbered and sent
again under another number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from care.escalation import roster
from care.escalation.policy import policies
from care.settings import EscalationSettings
from storage.models import Contact, DutySlot, EscalationStep, FlagEscalation, Household, RiskFlag

ESCALATED_BASE = 1000


@dataclass(frozen=True)
class PlannedStep:
    step_no: int
    due_at: datetime
    kind: str
    role: str
    to: str
    name: str
    duty_slot_id: int | None = None
    contact_id: int | None = None


def keyholders(s: Session, household_id: int) -> list[Contact]:
    return list(s.scalars(select(Contact).where(Contact.household_id == household_id,
                                                Contact.notify_consent.is_(True)).order_by(Contact.priority)))


def planned_steps(s: Session, esc: FlagEscalation, cfg: EscalationSettings) -> list[PlannedStep]:
    flag = s.get(RiskFlag, esc.flag_id)
    household = s.get(Household, flag.household_id) if flag is not None else None
    if household is None:
        return []
    escalated = s.scalar(select(EscalationStep.id).where(EscalationStep.flag_id == esc.flag_id,
                                                        EscalationStep.kind == "callback_call").limit(1))
    base = ESCALATED_BASE if escalated is not None and esc.level == "high" else 0
    primary = s.get(DutySlot, esc.duty_slot_id) if esc.duty_slot_id else None
    out: list[PlannedStep] = []
    for i, p in enumerate(policies(cfg)[esc.level]):
        due = esc.started_at + timedelta(minutes=p.after_min)
        targets: list[tuple[datetime, str, str, int | None, int | None]] = []
        if p.role == "duty" and primary is not None:
            targets.append((due, primary.phone, primary.name, primary.id, None))
        elif p.role == "next_duty":
            nxt = roster.next_duty(s, esc.started_at, primary)
            if nxt is not None:
                targets.append((due, nxt.phone, nxt.name, nxt.id, None))
        elif p.role == "keyholder":
            for j, c in enumerate(keyholders(s, household.id)):
                targets.append((due + timedelta(minutes=j * cfg.keyholder_spacing_min), c.phone, c.name, None, c.id))
        elif p.role == "resident":
            targets.append((due, household.phone, household.name, None, None))
        for j, (at, phone, name, slot_id, contact_id) in enumerate(targets):
            out.append(PlannedStep(base + i * 100 + j + 1, at, p.kind, p.role, phone, name, slot_id, contact_id))
    return sorted(out, key=lambda st: (st.due_at, st.step_no))

"""What the console shows of escalations without opening a flag: the urgent alerts nobody has
acknowledged yet (a banner that stays, a tray notification), roster gaps (a warning on the
overview), the roster itself (the Schedule page). Frozen dataclasses, read off the GUI thread;
the alerts carry the same non-sensitive words as a staff SMS."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from care.escalation import roster
from care.escalation.roster import DutyView, RosterGap
from storage.db import Database
from storage.models import EscalationStep, FlagEscalation, Household, RiskFlag

URGENT_LEVELS = ("life_safety", "high")


@dataclass(frozen=True)
class UrgentAlert:
    flag_id: int
    household_ref: str
    dong: str
    level: str
    code: str
    started_at: datetime
    overdue: bool


@dataclass(frozen=True)
class EscalationFeed:
    alerts: tuple[UrgentAlert, ...]  # escalating, nobody has acknowledged: the banner
    gaps: tuple[RosterGap, ...]  # nobody on duty in the coming week
    roster_empty: bool


def escalation_version(db: Database) -> tuple[int, int, str]:
    """Changes when an escalation starts, moves on or is acknowledged (cheap: two counts)."""
    with db.session() as s:
        n = s.scalar(select(func.count()).select_from(FlagEscalation)) or 0
        steps = s.scalar(select(func.count()).select_from(EscalationStep)) or 0
        acked = s.scalar(select(func.count()).select_from(RiskFlag).where(RiskFlag.status != "open")) or 0
        return n, steps, str(acked)


def escalation_feed(db: Database, now: datetime, gap_days: float = 7.0) -> EscalationFeed:
    with db.session() as s:
        rows = s.execute(select(FlagEscalation, Household.ref, Household.dong)
                         .join(RiskFlag, RiskFlag.id == FlagEscalation.flag_id)
                         .join(Household, Household.id == RiskFlag.household_id)
                         .where(FlagEscalation.level.in_(URGENT_LEVELS), RiskFlag.status == "open",
                                FlagEscalation.state.in_(("active", "exhausted")))
                         .order_by(FlagEscalation.started_at)).all()
        alerts = tuple(UrgentAlert(e.flag_id, ref or "", dong or "", e.level, e.code, e.started_at,
                                   e.ack_deadline is not None and e.ack_deadline < now) for e, ref, dong in rows)
        slots = roster.list_duty_in(s)
        gaps = tuple(roster.gaps(s, now, gap_days)) if slots else ()
    return EscalationFeed(alerts, gaps, not slots)


def duty_roster(db: Database, now: datetime) -> tuple[list[DutyView], list[int], list[RosterGap]]:
    """The Schedule page's roster: the slots, who is on duty now, gaps in the coming week."""
    with db.session() as s:
        slots = roster.list_duty_in(s)
        on_duty = [d.id for d in roster.on_duty(s, now)]
        gaps = roster.gaps(s, now, 7.0) if slots else [RosterGap(now, now + timedelta(days=7))]
    return slots, on_duty, gaps


def duty_editor_state(db: Database, actor: str) -> tuple[list[DutyView], bool]:
    """The roster editor's slots and whether `actor` may change them (supervisors and up)."""
    return roster.list_duty(db), roster.can_edit_roster(db, actor)

"""May the resident be called back now? Within the household's allowed hours (its check-in plan's
window, the quiet-hours rule), with a plan that is not paused, and with consent to record (the
keypad answer is read from the recording)."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from care.settings import EscalationSettings
from storage.models import CheckInPlan, Household


def callback_blocker(s: Session, household_id: int, now: datetime, cfg: EscalationSettings) -> str | None:
    """None when a call-back may be placed now; else why not: "hours" (outside the allowed
    hours: the next office morning), "consent", "paused", "no plan", "disabled"."""
    if not cfg.callback:
        return "disabled"
    h = s.get(Household, household_id)
    if h is None or not h.active:
        return "inactive household"
    if not h.consent_recording:
        return "consent"
    plan = s.scalar(select(CheckInPlan).where(CheckInPlan.household_id == household_id))
    if plan is None:
        return "no plan"
    if plan.paused:
        return "paused"
    local = now.astimezone(ZoneInfo(plan.timezone)).time()
    start, end = time.fromisoformat(plan.window_start), time.fromisoformat(plan.window_end)
    inside = start <= local < end if start < end else (local >= start or local < end)
    return None if inside else "hours"

"""Read queries shared by the console and the CLIs (no writes here)."""

from __future__ import annotations

from sqlalchemy import case, func, select

from .models import CallAttempt, Device, Household, RiskFlag

SEVERITY_RANK = case((RiskFlag.severity == "high", 3), (RiskFlag.severity == "medium", 2),
                     (RiskFlag.severity == "low", 1), else_=0)


def household_overview_query(text: str = ""):
    """One row per active household: last finished call, open flags, devices, robot. Correlated
    subqueries on indexed household_id columns; ordered so the most urgent households come first."""
    h = Household
    last_call = (select(CallAttempt.id).where(CallAttempt.household_id == h.id, CallAttempt.outcome.is_not(None))
                 .order_by(CallAttempt.ended_at.desc(), CallAttempt.id.desc()).limit(1).scalar_subquery())
    open_flags = (select(func.count(RiskFlag.id))
                  .where(RiskFlag.household_id == h.id, RiskFlag.status != "resolved").scalar_subquery())
    top_severity = (select(func.max(SEVERITY_RANK))
                    .where(RiskFlag.household_id == h.id, RiskFlag.status != "resolved").scalar_subquery())
    sensors = select(func.count(Device.id)).where(Device.household_id == h.id, Device.kind != "robot").scalar_subquery()
    sensors_seen = (select(func.max(Device.last_seen_at))
                    .where(Device.household_id == h.id, Device.kind != "robot").scalar_subquery())
    robot_seen = (select(func.max(Device.last_seen_at))
                  .where(Device.household_id == h.id, Device.kind == "robot").scalar_subquery())
    robot_battery = (select(func.min(Device.battery))
                     .where(Device.household_id == h.id, Device.kind == "robot").scalar_subquery())
    sub = select(
        h.id.label("id"), h.name.label("name"), h.dong.label("dong"), h.worker.label("worker"),
        h.is_demo.label("is_demo"), last_call.label("last_call_id"), func.coalesce(open_flags, 0).label("open_flags"),
        func.coalesce(top_severity, 0).label("top_severity"), sensors.label("sensors"),
        sensors_seen.label("sensors_seen"), robot_seen.label("robot_seen"), robot_battery.label("robot_battery"),
    ).where(h.active.is_(True))
    if text.strip():  # matched literally: % and _ are not wildcards (care.households caps the length)
        t = text.strip()
        sub = sub.where(h.name.contains(t, autoescape=True) | h.dong.contains(t, autoescape=True)
                        | h.worker.contains(t, autoescape=True))
    sub = sub.subquery()
    return (select(sub, CallAttempt.outcome, CallAttempt.ended_at)
            .outerjoin(CallAttempt, CallAttempt.id == sub.c.last_call_id)
            .order_by(sub.c.top_severity.desc(), sub.c.open_flags.desc(), sub.c.name, sub.c.id))

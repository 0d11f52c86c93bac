"""Read queries shared by the console and the CLIs (no writes here)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import case, func, select

from .models import CallAttempt, Device, Household, RiskFlag


def severity_rank(ranks: Mapping[str, int]):
    """A SQL expression ranking RiskFlag.severity by `ranks` (care.vocabulary.SEVERITY_RANK: the
    one ranking, higher = more urgent; storage sits below care, so the caller passes it in)."""
    return case(*((RiskFlag.severity == str(sev), n) for sev, n in ranks.items()), else_=0)


def counted_devices():
    """The devices every page counts: active devices of active households (one definition, so the
    overview and the devices page agree)."""
    return (select(Device.id).join(Household, Household.id == Device.household_id)
            .where(Device.active.is_(True), Household.active.is_(True)))


def household_overview_query(ranks: Mapping[str, int], text: str = ""):
    """One row per active household: last finished call, open flags, devices, robot. Correlated
    subqueries on indexed household_id columns; ordered so the most urgent households come first.
    `ranks` orders severities (care.vocabulary.SEVERITY_RANK)."""
    h = Household
    last_call = (select(CallAttempt.id).where(CallAttempt.household_id == h.id, CallAttempt.outcome.is_not(None))
                 .order_by(CallAttempt.ended_at.desc(), CallAttempt.id.desc()).limit(1).scalar_subquery())
    open_flags = (select(func.count(RiskFlag.id))
                  .where(RiskFlag.household_id == h.id, RiskFlag.status != "resolved").scalar_subquery())
    top_severity = (select(func.max(severity_rank(ranks)))
                    .where(RiskFlag.household_id == h.id, RiskFlag.status != "resolved").scalar_subquery())
    sensors = (select(func.count(Device.id))
               .where(Device.household_id == h.id, Device.active.is_(True), Device.kind != "robot").scalar_subquery())
    sensors_seen = (select(func.max(Device.last_seen_at))
                    .where(Device.household_id == h.id, Device.active.is_(True), Device.kind != "robot").scalar_subquery())
    robot_seen = (select(func.max(Device.last_seen_at))
                  .where(Device.household_id == h.id, Device.active.is_(True), Device.kind == "robot").scalar_subquery())
    robot_battery = (select(func.min(Device.battery))
                     .where(Device.household_id == h.id, Device.active.is_(True), Device.kind == "robot").scalar_subquery())
    sub = select(
        h.id.label("id"), h.name.label("name"), h.dong.label("dong"), h.worker.label("worker"),
        h.is_demo.label("is_demo"), last_call.label("last_call_id"), func.coalesce(open_flags, 0).label("open_flags"),
        func.coalesce(top_severity, 0).label("top_severity"), sensors.label("sensors"),
        sensors_seen.label("sensors_seen"), robot_seen.label("robot_seen"), robot_battery.label("robot_battery"),
    ).where(h.active.is_(True))
    if text.strip():  # matched literally: % and _ are not wildcards (care.households.registry caps the length)
        t = text.strip()
        sub = sub.where(h.name.contains(t, autoescape=True) | h.dong.contains(t, autoescape=True)
                        | h.worker.contains(t, autoescape=True))
    rows = sub.subquery()
    return (select(rows, CallAttempt.outcome, CallAttempt.ended_at)
            .outerjoin(CallAttempt, CallAttempt.id == rows.c.last_call_id)
            .order_by(rows.c.top_severity.desc(), rows.c.open_flags.desc(), rows.c.name, rows.c.id))

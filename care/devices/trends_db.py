"""Decline trends over the database (issue 17): each household's trends and baseline deviations as
of a local day (the `trends` command), and the `trend` flags the rule pass raises through the one
flag writer. A trend flag is low severity, a standing condition (raised once while it stays
unresolved) and never escalated: it asks for attention at the next call or visit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from care import audit
from care.devices import baselines, trends
from care.devices.hours import LOCAL_TZ, is_weekend
from care.devices.hours_db import table_for
from care.errors import AnbuError
from care.flags import FlagDraft
from storage.models import Device, Household

DEVIATION_Z = 3.0  # a single day this far outside the usual band is a "baseline deviation"
TREND_SEVERITY = "low"


@dataclass(frozen=True)
class Finding:
    kind: str  # trend | deviation
    metric: str
    direction: str  # down | up
    change: float  # fraction of the usual level
    since: date
    severity: str
    reason: str


@dataclass(frozen=True)
class HouseholdTrends:
    household_id: int
    state: str  # ok | learning | no_devices
    findings: tuple[Finding, ...] = ()


def household_trends(session: Session, household_id: int, as_of: date) -> HouseholdTrends:
    """Trends standing at the end of local day `as_of`, and that day's deviations from the band."""
    table = table_for(session, household_id, as_of + timedelta(days=1))
    if table is None:
        return HouseholdTrends(household_id, "no_devices")
    last = len(table.days) - 1
    base = baselines.compute(table, last)
    if base.learning:
        return HouseholdTrends(household_id, "learning")
    found = [Finding("trend", t.metric, t.direction, t.change, t.since, TREND_SEVERITY, trends.describe(t))
             for t in trends.detect(table, last)]
    flagged = {f.metric for f in found}
    for metric, direction in trends.WATCHED.items():
        totals = table.totals.get(metric)
        ref = base.reference.get(metric, {}).get(is_weekend(table.days[last]))
        if metric in flagged or totals is None or ref is None or np.isnan(totals[last]) or ref.level <= 0:
            continue
        z = (totals[last] - ref.level) / ref.sigma * (-1 if direction == "down" else 1)
        if z >= DEVIATION_Z:
            change = round(float(totals[last] / ref.level - 1), 3)
            found.append(Finding("deviation", metric, direction, change, table.days[last], "low",
                                 f"{trends.WORDS.get(metric, metric)}: {table.days[last]:%m월 %d일} 하루가 평소 범위를 "
                                 f"벗어났습니다 (평소 {ref.level:.0f}, 이날 {totals[last]:.0f})."))
    return HouseholdTrends(household_id, "ok", tuple(found))


def trend_drafts(session: Session, household_id: int, now: datetime) -> list[FlagDraft]:
    """`trend` flags for the trends standing at the end of yesterday (local)."""
    yesterday = now.astimezone(LOCAL_TZ).date() - timedelta(days=1)
    result = household_trends(session, household_id, yesterday)
    if result.state != "ok":
        return []
    robot = session.scalar(select(Device.id).where(Device.household_id == household_id, Device.kind == "robot",
                                                   Device.active.is_(True)).limit(1))
    out = []
    for f in result.findings:
        if f.kind != "trend":
            continue
        source = "robot" if f.metric == "robot_interaction" and robot is not None else "sensor"
        out.append(FlagDraft(household_id, None, source, "trend", TREND_SEVERITY, f.reason,
                             {"rule": f"trend_{f.metric}", "metric": f.metric, "direction": f.direction,
                              "change": f.change, "since": f.since.isoformat(), "last_value": None},
                             f"{source}:trend_{f.metric}:{household_id}:{f.since.isoformat()}", True))
    return out


def report(session: Session, as_of: date, household_ref: str | None, actor: str) -> list[tuple[str, HouseholdTrends]]:
    """Every active household (or the one named) with its trends as of `as_of`; one access-log row."""
    q = select(Household.id, Household.ref).where(Household.active.is_(True)).order_by(Household.id)
    if household_ref is not None:
        q = q.where(Household.ref == household_ref)
    rows = session.execute(q).all()
    if household_ref is not None and not rows:
        raise AnbuError(f"--household {household_ref!r}: 그런 가구가 없습니다 (no active household with that reference)")
    out = [(ref or "", household_trends(session, hid, as_of)) for hid, ref in rows]
    audit.record(session, actor, "view", "household_trends", rows[0][0] if household_ref and rows else None,
                 {"as_of": as_of.isoformat(), "households": len(out),
                  "findings": sum(len(t.findings) for _, t in out)}, household_ref=household_ref)
    return out

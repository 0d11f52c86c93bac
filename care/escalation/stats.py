"""Acknowledgement figures from the audit trail: time to acknowledge (P50/P95/P97.5) and time to
resolve, per severity (plus life-safety, which is a level, not a severity) and per duty slot;
overdue = open flags past their acknowledgement deadline."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from storage.db import Database
from storage.models import AuditEvent, DutySlot, FlagEscalation, RiskFlag

ACK_ACTIONS = ("acknowledge", "assign")


def percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (q in 0..100); None for no values."""
    if not values:
        return None
    data = sorted(values)
    pos = (len(data) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return round(data[lo] + (data[hi] - data[lo]) * (pos - lo), 1)


def _figures(acks: list[float], resolves: list[float], overdue: int, flags: int) -> dict[str, Any]:
    return {"flags": flags, "acknowledged": len(acks), "ack_p50_s": percentile(acks, 50),
            "ack_p95_s": percentile(acks, 95), "ack_p975_s": percentile(acks, 97.5),
            "resolve_p50_s": percentile(resolves, 50), "resolve_p95_s": percentile(resolves, 95),
            "resolved": len(resolves), "overdue": overdue}


def review_stats(db: Database, *, since: datetime | None, now: datetime) -> dict[str, Any]:
    """{"ack_p50_s", "ack_p95_s", "ack_p975_s", "resolve_p50_s", "overdue", ...} over every flag
    raised since `since`, and the same per severity ("by_severity": high, medium, low,
    life_safety) and per duty slot ("by_duty_slot")."""
    with db.session() as s:
        return flag_stats(s, since=since, now=now)


def flag_stats(s: Session, *, since: datetime | None, now: datetime, until: datetime | None = None,
               households: Select | None = None) -> dict[str, Any]:
    """review_stats inside a session, for the flags raised in [since, until) of the households
    `households` selects (a SELECT of household ids; None: all). The reports read their times to
    acknowledge and resolve and their overdue count here, so both say the same numbers."""
    raised = []
    if since is not None:
        raised.append(RiskFlag.created_at >= since)
    if until is not None:
        raised.append(RiskFlag.created_at < until)
    if households is not None:
        raised.append(RiskFlag.household_id.in_(households))
    flags = s.execute(select(RiskFlag.id, RiskFlag.severity, RiskFlag.created_at, RiskFlag.status).where(*raised)).all()
    ids = select(RiskFlag.id).where(*raised)
    first_ack: dict[int, datetime] = {}
    resolved: dict[int, datetime] = {}
    trail = [AuditEvent.entity == "risk_flag", AuditEvent.action.in_((*ACK_ACTIONS, "resolve"))]
    if since is not None:
        trail.append(AuditEvent.ts >= since)  # nothing is acknowledged before it is raised (ts is indexed)
    if raised:
        trail.append(AuditEvent.entity_id.in_(ids))
    rows = s.execute(select(AuditEvent.entity_id, AuditEvent.action, AuditEvent.ts).where(*trail)
                     .order_by(AuditEvent.ts)) if flags else ()
    for entity_id, action, ts in rows:
        target = resolved if action == "resolve" else first_ack
        if entity_id is not None:
            target.setdefault(entity_id, ts)
    esc_q = select(FlagEscalation.flag_id, FlagEscalation.level, FlagEscalation.state, FlagEscalation.ack_deadline,
                   FlagEscalation.duty_slot_id)  # plain rows: no ORM objects for thousands of flags
    if raised:
        esc_q = esc_q.where(FlagEscalation.flag_id.in_(ids))
    escalations = {e.flag_id: e for e in s.execute(esc_q)} if flags else {}
    slots = dict(s.execute(select(DutySlot.id, DutySlot.name)).all())
    groups: dict[str, dict[str, list]] = defaultdict(lambda: {"ack": [], "res": [], "overdue": [], "n": []})
    by_slot: dict[str, dict[str, list]] = defaultdict(lambda: {"ack": [], "res": [], "overdue": [], "n": []})
    total: dict[str, list] = {"ack": [], "res": [], "overdue": [], "n": []}
    for f in flags:
        esc = escalations.get(f.id)
        keys = [f.severity] + (["life_safety"] if esc is not None and esc.level == "life_safety" else [])
        ack_at = first_ack.get(f.id) or resolved.get(f.id)  # resolving without an ack acknowledges too
        ack_s = (ack_at - f.created_at).total_seconds() if ack_at else None
        res_s = (resolved[f.id] - f.created_at).total_seconds() if f.id in resolved else None
        overdue = f.status == "open" and esc is not None and esc.ack_deadline is not None and esc.ack_deadline < now \
            and esc.state != "confirmed_well"
        buckets = [groups[k] for k in keys] + [total]
        if esc is not None and esc.duty_slot_id is not None:
            buckets.append(by_slot[slots.get(esc.duty_slot_id, f"#{esc.duty_slot_id}")])
        for b in buckets:
            b["n"].append(1)
            if ack_s is not None:
                b["ack"].append(max(0.0, ack_s))
            if res_s is not None:
                b["res"].append(max(0.0, res_s))
            if overdue:
                b["overdue"].append(f.id)
    out = _figures(total["ack"], total["res"], len(total["overdue"]), len(total["n"]))
    out["since"] = since.isoformat() if since else None
    out["overdue_flags"] = total["overdue"]
    out["by_severity"] = {k: _figures(g["ack"], g["res"], len(g["overdue"]), len(g["n"]))
                          for k in ("life_safety", "high", "medium", "low") if (g := groups.get(k))}
    out.update(out["by_severity"])  # per severity at the top level too: stats["high"]["ack_p50_s"]
    out["by_duty_slot"] = {k: _figures(g["ack"], g["res"], len(g["overdue"]), len(g["n"])) for k, g in by_slot.items()}
    return out

"""The monthly access-log review a supervisor signs off (the privacy law asks for one at least
monthly): for one district-local month, who viewed how many records, access at night (22:00-06:00
district time), bulk downloads, and views of households not assigned to the viewer.

A household is assigned to a user when household.worker equals the user's display name or
username in app_user (or the actor string itself, for actors without an account row). Producing
the report is logged (action "review"), writing it to a file is a download with a reason, and the
sign-off is a logged row ("sign_off", entity "audit_review") carrying the chain head at that
moment, so a later truncation of the log past a sign-off is visible against it."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from care import audit
from care.audit.log import DISTRICT_TZ, ENTITY, local_midnight
from care.errors import AnbuError
from storage import audit_chain
from storage.db import Database
from storage.models import AppUser, AuditEvent, Household
from storage.types import utcnow

VIEW_ACTIONS = frozenset({"view", "list", "listen", "play", "export", "print", "download"})
DOWNLOAD_ACTIONS = frozenset({"export", "print", "download"})
BULK_ROWS = 20  # a download of this many records or more is "bulk"
NIGHT_FROM, NIGHT_UNTIL = 22, 6  # district-local hours
SIGN_OFF = "sign_off"
REVIEW_ENTITY = "audit_review"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> date:
    """'2026-11' -> date(2026, 11, 1); a clear error otherwise."""
    m = _MONTH.match(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise AnbuError(f"month {text!r} is not of the form YYYY-MM (e.g. 2026-11)")
    return date(int(m.group(1)), int(m.group(2)), 1)


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


@dataclass(frozen=True)
class Access:
    """One access-log row as the review shows it."""

    at: datetime
    user: str
    action: str
    entity: str
    household_ref: str | None
    rows: int
    reason: str | None


@dataclass(frozen=True)
class UserActivity:
    user: str
    views: int  # access-log rows that showed records
    records: int  # records shown (a list view counts its rows)
    households: int  # distinct households whose record was shown
    night: int
    unassigned: int


@dataclass(frozen=True)
class SignOff:
    by: str
    at: datetime


@dataclass(frozen=True)
class MonthlyReview:
    month: str
    users: tuple[UserActivity, ...]
    night: tuple[Access, ...]
    bulk: tuple[Access, ...]
    unassigned: tuple[Access, ...]
    sign_offs: tuple[SignOff, ...]
    rows: int  # access-log rows in the month


@dataclass
class _Tally:
    views: int = 0
    records: int = 0
    households: set[str] = field(default_factory=set)
    night: int = 0
    unassigned: int = 0


def is_night(at: datetime) -> bool:
    hour = at.astimezone(DISTRICT_TZ).hour
    return hour >= NIGHT_FROM or hour < NIGHT_UNTIL


def _rows_of(detail: Any) -> int:
    if isinstance(detail, dict):
        for key in ("rows", "households", "count"):
            value = detail.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                return value
    return 1


def _names(s) -> dict[str, set[str]]:
    """actor string -> the names a household.worker may carry for that person."""
    names: dict[str, set[str]] = {}
    for username, display in s.execute(select(AppUser.username, AppUser.display_name)):
        both = {n for n in (username, display) if n}
        for n in both:
            names.setdefault(n, set()).update(both)
    return names


def monthly_review(db: Database, actor: str, month: str) -> MonthlyReview:
    first = parse_month(month)
    start, end = local_midnight(first), local_midnight(next_month(first))
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    night: list[Access] = []
    bulk: list[Access] = []
    unassigned: list[Access] = []
    sign_offs: list[SignOff] = []
    total = 0
    with db.session() as s:
        workers = dict(s.execute(select(Household.ref, Household.worker)).all())
        names = _names(s)
        stmt = (select(AuditEvent.ts, AuditEvent.actor, AuditEvent.action, AuditEvent.entity,
                       AuditEvent.household_ref, AuditEvent.detail, AuditEvent.reason)
                .where(AuditEvent.ts >= start, AuditEvent.ts < end).order_by(AuditEvent.ts, AuditEvent.id))
        for ts, who, action, entity, ref, detail, reason in s.execute(stmt.execution_options(yield_per=5000)):
            total += 1
            if action == SIGN_OFF and entity == REVIEW_ENTITY:
                continue
            access = Access(at=ts, user=who, action=action, entity=entity, household_ref=ref,
                            rows=_rows_of(detail), reason=reason)
            t = tallies[who]
            if is_night(ts):
                t.night += 1
                night.append(access)
            if action not in VIEW_ACTIONS:
                continue
            t.views += 1
            t.records += access.rows
            if ref:
                t.households.add(ref)
                if (workers.get(ref) or "") not in names.get(who, {who}):
                    t.unassigned += 1
                    unassigned.append(access)
            if action in DOWNLOAD_ACTIONS and access.rows >= BULK_ROWS:
                bulk.append(access)
        for by, at, detail in s.execute(select(AuditEvent.actor, AuditEvent.ts, AuditEvent.detail)
                                        .where(AuditEvent.action == SIGN_OFF, AuditEvent.entity == REVIEW_ENTITY)
                                        .order_by(AuditEvent.ts)):
            if isinstance(detail, dict) and detail.get("month") == first.strftime("%Y-%m"):
                sign_offs.append(SignOff(by=by, at=at))
        audit.record(s, actor, "review", ENTITY, None, {"month": first.strftime("%Y-%m"), "rows": total})
    users = tuple(UserActivity(user=u, views=t.views, records=t.records, households=len(t.households),
                               night=t.night, unassigned=t.unassigned) for u, t in sorted(tallies.items()))
    return MonthlyReview(month=first.strftime("%Y-%m"), users=users, night=tuple(night), bulk=tuple(bulk),
                         unassigned=tuple(unassigned), sign_offs=tuple(sign_offs), rows=total)


def sign_off(db: Database, actor: str, month: str, note: str = "") -> SignOff:
    """Record that `actor` reviewed the month's access log. Refused for a month not yet begun."""
    first = parse_month(month)
    now = utcnow()
    if local_midnight(first) > now:
        raise AnbuError(f"month {first:%Y-%m} has not begun: there is nothing to sign off yet")
    with db.session() as s:
        head_seq, head_mac, _base, _base_mac = audit_chain.lock_head(s)
        audit.record(s, actor, SIGN_OFF, REVIEW_ENTITY, None,
                     {"month": first.strftime("%Y-%m"), "chain_seq": head_seq, "chain_mac": head_mac,
                      **({"note": note} if note else {})})
    return SignOff(by=actor, at=now)

"""The duty roster: who is on call when, in the district's zone.

A duty slot covers days (mon..sun, and "hol" for public holidays) and a local time band; a band
that ends at or before it starts runs past midnight and belongs to the day it starts (Friday
18:00-09:00 covers Friday night until Saturday 09:00). On a public holiday only "hol" slots apply
(the day's weekday slots do not). Public holidays are the holiday table (editable, seeded by
`plan --load-holidays`) together with the `holidays` package's Korean calendar.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from care import audit
from care import settings as store
from care.accounts import access
from care.checkins.plans import WEEKDAYS, check_timezone
from care.errors import AnbuError
from care.households.phones import PhoneError, normalize_phone
from storage.db import Database
from storage.models import DutySlot, Holiday

HOLIDAY = "hol"
DAY_TOKENS = (*WEEKDAYS, HOLIDAY)
_KOREAN = dict(zip("월화수목금토일", WEEKDAYS, strict=True))


class RosterError(AnbuError):
    """A duty slot that cannot be used, worded for the person who typed it."""


class DutySlotNotFound(AnbuError):
    exit_code = 5

    def __init__(self, slot_id: int) -> None:
        super().__init__(f"당직 {slot_id}번이 없습니다 (no duty slot with id {slot_id}; see `duty show`)")


@dataclass(frozen=True)
class DutyView:
    id: int
    name: str
    days: tuple[str, ...]
    start: str
    end: str
    phone: str
    user: str | None
    position: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "days": list(self.days), "from": self.start, "to": self.end,
                "phone": self.phone, "user": self.user, "position": self.position,
                "kind": "user" if self.user else "desk"}


@dataclass(frozen=True)
class RosterGap:
    start: datetime  # local
    end: datetime

    def to_json(self) -> dict[str, str]:
        return {"from": self.start.isoformat(timespec="minutes"), "to": self.end.isoformat(timespec="minutes")}


def parse_duty_days(text: str) -> tuple[str, ...]:
    """"mon-fri", "sat,sun", "hol", "fri-mon", "all", "월-금" -> day tokens in week order."""
    raw = (text or "").strip().lower()
    if raw in ("all", "daily", "매일"):
        return WEEKDAYS
    out: list[str] = []
    for part in [p.strip() for p in raw.replace(" ", ",").split(",") if p.strip()]:
        if part in (HOLIDAY, "holiday", "holidays", "공휴일"):
            out.append(HOLIDAY)
            continue
        if part in ("all", "daily", "매일"):
            out.extend(WEEKDAYS)
            continue
        ends = [_day(e, text) for e in part.split("-")] if "-" in part else [_day(part, text)]
        if len(ends) > 2:
            raise RosterError(f"--days {text!r}: a range is two days, e.g. mon-fri")
        i = WEEKDAYS.index(ends[0])
        j = WEEKDAYS.index(ends[-1])
        while True:
            out.append(WEEKDAYS[i])
            if i == j:
                break
            i = (i + 1) % 7
    if not out:
        raise RosterError(f"--days {text!r}: give days, e.g. mon-fri, sat,sun or hol")
    return tuple(d for d in DAY_TOKENS if d in out)


def _day(token: str, text: str) -> str:
    day = _KOREAN.get(token, token[:3])
    if day not in WEEKDAYS:
        raise RosterError(f"--days {text!r}: unknown day {token!r} (use mon..sun, ranges like mon-fri, or hol)")
    return day


def parse_hhmm(text: str, what: str) -> str:
    try:
        hh, mm = (text or "").strip().split(":")
        return time(int(hh), int(mm)).strftime("%H:%M")
    except (ValueError, TypeError):
        raise RosterError(f"{what} {text!r}: use HH:MM, e.g. 18:00") from None


def _view(d: DutySlot) -> DutyView:
    return DutyView(d.id, d.name, tuple(d.days.split(",")), d.start_time, d.end_time, d.phone, d.username, d.position)


def add_duty(db: Database, *, days: str, start: str, end: str, phone: str, name: str, user: str | None,
             actor: str) -> DutyView:
    day_tokens = parse_duty_days(days)
    start_s, end_s = parse_hhmm(start, "--from"), parse_hhmm(end, "--to")
    try:
        e164 = normalize_phone(phone)
    except PhoneError as exc:
        raise RosterError(f"--phone {phone!r}: {exc}") from None
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise RosterError("--name: give the slot a name of 1-100 characters, e.g. \"야간 당직\"")
    user = (user or "").strip() or None
    with db.session() as s:
        access.require(s, actor, access.Permission.DUTY_ROSTER, entity="duty_slot")
        if user is not None and access.has_users(s) and access.user_of(s, user) is None:
            raise RosterError(f"--user {user!r}: no such Anbu user (see `users list`); leave it out for a desk")
        position = 1 + max((d.position for d in s.scalars(select(DutySlot))), default=0)
        slot = DutySlot(name=name, days=",".join(day_tokens), start_time=start_s, end_time=end_s, phone=e164,
                        username=user, position=position)
        s.add(slot)
        s.flush()
        audit.record(s, actor, "create", "duty_slot", slot.id,
                     {"days": slot.days, "from": start_s, "to": end_s, "user": user})
        return _view(slot)


def list_duty(db: Database) -> list[DutyView]:
    with db.session() as s:
        return list_duty_in(s)


def list_duty_in(s: Session) -> list[DutyView]:
    return [_view(d) for d in s.scalars(select(DutySlot).order_by(DutySlot.position, DutySlot.id))]


def clear_duty(db: Database, actor: str) -> int:
    with db.session() as s:
        access.require(s, actor, access.Permission.DUTY_ROSTER, entity="duty_slot")
        n = len(s.scalars(select(DutySlot.id)).all())
        s.execute(delete(DutySlot))
        audit.record(s, actor, "delete", "duty_slot", None, {"cleared": n})
        return n


def remove_duty(db: Database, slot_id: int, actor: str) -> DutyView:
    """Removes one slot (the console's roster editor, `duty clear --id N`); the others keep their
    order. Escalations that started with it keep their history (the step rows name the target)."""
    with db.session() as s:
        access.require(s, actor, access.Permission.DUTY_ROSTER, entity="duty_slot")
        slot = s.get(DutySlot, slot_id)
        if slot is None:
            raise DutySlotNotFound(slot_id)
        view = _view(slot)
        s.delete(slot)
        audit.record(s, actor, "delete", "duty_slot", slot_id,
                     {"name": view.name, "days": ",".join(view.days), "from": view.start, "to": view.end,
                      "user": view.user})
        return view


def can_edit_roster(db: Database, actor: str) -> bool:
    """Whether `actor` may change the roster (the editor greys its buttons otherwise)."""
    with db.session() as s:
        return access.allows(s, actor, access.Permission.DUTY_ROSTER)


def district_zone(session: Session) -> ZoneInfo:
    return check_timezone(store.load(session, store.EscalationSettings).timezone)


@functools.lru_cache(maxsize=16)
def _public_holidays(year: int) -> frozenset[date]:
    import holidays as holidays_lib

    return frozenset(holidays_lib.country_holidays("KR", years=[year]))


def is_holiday(session: Session, day: date) -> bool:
    return day in _public_holidays(day.year) or session.get(Holiday, day) is not None


def day_kind(session: Session, day: date) -> str:
    return HOLIDAY if is_holiday(session, day) else WEEKDAYS[day.weekday()]


def _band(d: DutySlot, day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.fromisoformat(d.start_time), zone)
    end = datetime.combine(day, time.fromisoformat(d.end_time), zone)
    if end <= start:
        end += timedelta(days=1)
    return start, end


def on_duty(session: Session, at: datetime) -> list[DutySlot]:
    """The slots on duty at `at`, first in position order (the primary contact first)."""
    zone = district_zone(session)
    local = at.astimezone(zone)
    slots = list(session.scalars(select(DutySlot).order_by(DutySlot.position, DutySlot.id)))
    found = []
    for d in slots:
        days = d.days.split(",")
        for day in (local.date(), local.date() - timedelta(days=1)):
            if day_kind(session, day) not in days:
                continue
            start, end = _band(d, day, zone)
            if start <= local < end:
                found.append(d)
                break
    return found


def next_duty(session: Session, at: datetime, primary: DutySlot | None) -> DutySlot | None:
    """"The next duty contact": another slot on duty now, else the next slot in position order."""
    others = [d for d in on_duty(session, at) if primary is None or d.id != primary.id]
    if others:
        return others[0]
    every = list(session.scalars(select(DutySlot).order_by(DutySlot.position, DutySlot.id)))
    if primary is None or not every:
        return None
    later = [d for d in every if (d.position, d.id) > (primary.position, primary.id)]
    pick = (later or every)[0]
    return None if pick.id == primary.id else pick


def gaps(session: Session, start: datetime, days: float = 7.0) -> list[RosterGap]:
    """Stretches in [start, start + days) with nobody on duty, in the district's zone (merged)."""
    zone = district_zone(session)
    begin = start.astimezone(zone)
    end = begin + timedelta(days=days)
    bands: list[tuple[datetime, datetime]] = []
    slots = list(session.scalars(select(DutySlot)))
    day = begin.date() - timedelta(days=1)
    while day <= end.date():
        kind = day_kind(session, day)
        bands += [_band(d, day, zone) for d in slots if kind in d.days.split(",")]
        day += timedelta(days=1)
    bands.sort()
    out, cursor = [], begin
    for b0, b1 in bands:
        if b1 <= cursor:
            continue
        if b0 > cursor:
            out.append(RosterGap(cursor, min(b0, end)))
        cursor = max(cursor, b1)
        if cursor >= end:
            break
    if cursor < end:
        out.append(RosterGap(cursor, end))
    return [g for g in out if g.end > g.start]


def roster_gaps(db: Database, start: datetime, days: float = 7.0) -> list[RosterGap]:
    with db.session() as s:
        return gaps(s, start, days)

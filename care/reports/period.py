"""The period and scope of a report.

A period is an ISO week ("2026-W48"), a month ("2026-11") or an inclusive range of local dates.
Days are local days in Asia/Seoul (the plans' time zone), turned into UTC bounds for the queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from care.errors import AnbuError

LOCAL = ZoneInfo("Asia/Seoul")
MAX_DAYS = 366
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class PeriodError(AnbuError):
    """A period that cannot be read, worded for the person who typed it."""


@dataclass(frozen=True)
class Period:
    label: str  # "2026-W48", "2026-11" or "2026-11-01..2026-11-15"
    first: date  # first local day
    last: date  # last local day (inclusive)
    kind: str  # week | month | range

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]

    @property
    def start(self) -> datetime:
        """UTC instant the first local day begins."""
        return utc_start(self.first)

    @property
    def end(self) -> datetime:
        """UTC instant after the last local day (exclusive bound)."""
        return utc_start(self.last + timedelta(days=1))

    def previous(self) -> Period:
        """The period before: the previous week, the previous month, or a range as long just before."""
        if self.kind == "week":
            return week_period(self.first - timedelta(days=7))
        if self.kind == "month":
            return month_period((self.first - timedelta(days=1)).replace(day=1))
        n = (self.last - self.first).days + 1
        return range_period(self.first - timedelta(days=n), self.first - timedelta(days=1))


def utc_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LOCAL).astimezone(UTC)


def week_period(any_day: date) -> Period:
    year, week, _ = any_day.isocalendar()
    first = date.fromisocalendar(year, week, 1)
    return Period(f"{year}-W{week:02d}", first, first + timedelta(days=6), "week")


def month_period(any_day: date) -> Period:
    first = any_day.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return Period(f"{first.year}-{first.month:02d}", first, nxt - timedelta(days=1), "month")


def range_period(first: date, last: date) -> Period:
    if last < first:
        raise PeriodError(f"기간의 끝({last})이 시작({first})보다 앞섭니다 (--to {last} is before --from {first})")
    if (last - first).days + 1 > MAX_DAYS:
        raise PeriodError(f"기간은 {MAX_DAYS}일을 넘을 수 없습니다 (a period is at most {MAX_DAYS} days)")
    return Period(f"{first.isoformat()}..{last.isoformat()}", first, last, "range")


def parse_period(text: str | None = None, first: str | None = None, last: str | None = None) -> Period:
    """`--period 2026-W48 | 2026-11`, or `--from YYYY-MM-DD --to YYYY-MM-DD` (one of the two forms)."""
    if text and (first or last):
        raise PeriodError("--period 와 --from/--to 는 함께 쓸 수 없습니다 (give --period or --from/--to, not both)")
    if text:
        text = text.strip()
        if m := _WEEK.match(text):
            try:
                return week_period(date.fromisocalendar(int(m[1]), int(m[2]), 1))
            except ValueError:
                raise PeriodError(f"{text!r}: 없는 주입니다 (no such ISO week)") from None
        if m := _MONTH.match(text):
            try:
                return month_period(date(int(m[1]), int(m[2]), 1))
            except ValueError:
                raise PeriodError(f"{text!r}: 없는 달입니다 (no such month)") from None
        raise PeriodError(f"기간 {text!r}을(를) 읽을 수 없습니다 (--period must look like 2026-W48 or 2026-11)")
    if first or last:
        if not (first and last):
            raise PeriodError("--from 과 --to 를 함께 주세요 (give both --from and --to)")
        return range_period(_day(first, "--from"), _day(last, "--to"))
    raise PeriodError("기간을 주세요 (give --period 2026-W48, --period 2026-11, or --from/--to)")


def _day(text: str, option: str) -> date:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(f"{option} {text!r}은(는) 날짜가 아닙니다 ({option} must be YYYY-MM-DD)") from None
    if not 1900 <= day.year <= 2200:
        raise PeriodError(f"{option} {text!r}: 1900–2200년 사이의 날짜를 주세요 ({option} out of range)")
    return day


@dataclass(frozen=True)
class Scope:
    """Whose households: the district (no filter), one 동, one worker (household.worker, the
    worker's display name), or both."""

    dong: str | None = None
    worker: str | None = None

    @property
    def label(self) -> str:
        parts = [p for p in (self.dong, self.worker) if p]
        return " · ".join(parts) if parts else "전체 (district)"

    def to_json(self) -> dict[str, str | None]:
        return {"dong": self.dong, "worker": self.worker}

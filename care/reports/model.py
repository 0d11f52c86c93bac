"""The figures of one report, as frozen dataclasses (what the console and every writer receive)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from care.reports.period import Period, Scope


@dataclass(frozen=True)
class HouseholdLine:
    """One household in scope and what the period came to for it."""

    id: int
    ref: str
    name: str
    dong: str
    worker: str
    birth_year: int | None
    phone: str  # display form, 010-1234-5678
    contacted: bool  # a person answered a check-in (assessed) or a follow-up reached the resident
    contact_kind: str  # contacted_call | contacted_follow_up | the no-contact reason (words.VALUES)
    contact_at: datetime | None  # the confirmed contact, else the last call of the period
    attempts: int
    missed: int  # attempts that ended no_answer, busy or silent
    needs: tuple[str, ...]  # flag categories raised in the period
    actions: tuple[str, ...]  # resolutions and follow-up channels of the period


@dataclass(frozen=True)
class CallFigures:
    attempts: int
    placed: int
    answered_person: int
    machine: int
    no_answer: int
    busy: int
    failed: int
    silent: int
    needs_listen: int
    retries: int

    @property
    def answered_rate(self) -> float | None:
        return self.answered_person / self.placed if self.placed else None


@dataclass(frozen=True)
class DayFigures:
    day: date
    placed: int
    answered: int
    missed: int
    flags: int


@dataclass(frozen=True)
class FlagFigures:
    total: int
    by_source: tuple[tuple[str, int], ...]
    by_category: tuple[tuple[str, int], ...]
    by_severity: tuple[tuple[str, int], ...]
    outcomes: tuple[tuple[str, int], ...]  # flags resolved in the period, by resolution
    confirmed_needs: int  # resolved by a person as a real need (not a false alarm, not automatic)

    @property
    def alerts_per_need(self) -> float | None:
        return self.total / self.confirmed_needs if self.confirmed_needs else None


@dataclass(frozen=True)
class ResponseTimes:
    acknowledged: int
    resolved: int
    ack_p50_s: float | None
    ack_p95_s: float | None
    resolve_p50_s: float | None
    resolve_p95_s: float | None
    overdue: int  # still open past its escalation's acknowledgement deadline (care.escalation.stats)
    sent_by_channel: tuple[tuple[str, int], ...] = ()  # escalation messages and calls sent, by kind
    acknowledged_by_channel: tuple[tuple[str, int], ...] = ()  # escalations acknowledged, by console/cli/sms/keypad


@dataclass(frozen=True)
class DeviceLine:
    id: int
    ref: str
    kind: str
    household_ref: str
    household_name: str
    dong: str
    alerts: int  # sensor/robot flags raised in the period on this device
    silent: bool
    low_battery: bool
    battery: float | None
    last_seen_at: datetime | None


@dataclass(frozen=True)
class DeviceFigures:
    active: int
    silent: int
    low_battery: int
    sensor_alerts: int
    lines: tuple[DeviceLine, ...]  # devices with alerts, silent or low on battery

    @property
    def alerts_per_device(self) -> float | None:
        return self.sensor_alerts / self.active if self.active else None


@dataclass(frozen=True)
class UnreachableLine:
    household_id: int
    ref: str
    name: str
    dong: str
    last_reached_at: datetime | None
    days: float | None  # since last reached (None: never reached)
    missed_calls: int
    not_reached_follow_ups: int


@dataclass(frozen=True)
class Headline:
    """The figures compared week over week (or with the previous month/range)."""

    households: int
    contacted: int
    placed: int
    answered_person: int
    flags: int
    ack_p50_s: float | None

    @property
    def coverage(self) -> float | None:
        return self.contacted / self.households if self.households else None

    @property
    def answered_rate(self) -> float | None:
        return self.answered_person / self.placed if self.placed else None


@dataclass(frozen=True)
class Report:
    period: Period
    scope: Scope
    generated_at: datetime
    lines: tuple[HouseholdLine, ...]
    calls: CallFigures
    days: tuple[DayFigures, ...]
    flags: FlagFigures
    times: ResponseTimes
    devices: DeviceFigures
    follow_ups: tuple[tuple[str, str, int], ...]  # channel, outcome, count
    unreachable: tuple[UnreachableLine, ...]
    previous: Headline

    @property
    def households(self) -> int:
        return len(self.lines)

    @property
    def contacted(self) -> int:
        return sum(1 for x in self.lines if x.contacted)

    @property
    def coverage(self) -> float | None:
        return self.contacted / self.households if self.households else None

    @property
    def not_contacted(self) -> tuple[HouseholdLine, ...]:
        return tuple(x for x in self.lines if not x.contacted)

    def reasons(self) -> tuple[tuple[str, int], ...]:
        counts: dict[str, int] = {}
        for x in self.not_contacted:
            counts[x.contact_kind] = counts.get(x.contact_kind, 0) + 1
        return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def headline(self) -> Headline:
        return Headline(self.households, self.contacted, self.calls.placed, self.calls.answered_person,
                        self.flags.total, self.times.ack_p50_s)


def iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (datetime, date)) else value

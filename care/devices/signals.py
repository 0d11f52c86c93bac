"""Small read queries the rules (and care/checkins/activity.py) ask of the reading tables. Each uses the
(device_id, ts) indexes and returns plain values."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from storage.models import Device, RobotEvent, SensorReading

R, E = SensorReading, RobotEvent
ALARM_METRIC = {"smoke": "smoke", "gas": "gas", "emergency_button": "button"}


def last_true(session: Session, device_id: int, metric: str) -> datetime | None:
    """The newest reading with a value above 0 (motion seen, door opened, alarm on)."""
    return session.scalar(select(func.max(R.ts)).where(R.device_id == device_id, R.metric == metric, R.value > 0))


def first_ts(session: Session, device_id: int, metric: str) -> datetime | None:
    return session.scalar(select(func.min(R.ts)).where(R.device_id == device_id, R.metric == metric))


def last_reading(session: Session, device_id: int, metric: str) -> tuple[datetime, float] | None:
    row = session.execute(select(R.ts, R.value).where(R.device_id == device_id, R.metric == metric)
                          .order_by(R.ts.desc()).limit(1)).first()
    return (row[0], row[1]) if row else None


def run_start(session: Session, device_id: int, metric: str, *, below: float | None = None,
              above: float | None = None) -> datetime | None:
    """Start of the current run of readings below (or above) a limit: the first reading after the
    newest one that was not."""
    ok = R.value >= below if below is not None else R.value <= above
    last_ok = session.scalar(select(func.max(R.ts)).where(R.device_id == device_id, R.metric == metric, ok))
    q = select(func.min(R.ts)).where(R.device_id == device_id, R.metric == metric)
    if last_ok is not None:
        q = q.where(R.ts > last_ok)
    return session.scalar(q)


def flat_since(session: Session, device_id: int, metric: str, noise: float,
               scan_from: datetime) -> tuple[datetime, float, float] | None:
    """Walking back from the newest reading, the oldest reading still inside a band no wider than
    `noise`: (since, band low, band high). None when there are no readings."""
    rows = session.execute(select(R.ts, R.value).where(R.device_id == device_id, R.metric == metric,
                                                       R.ts >= scan_from).order_by(R.ts.desc())).all()
    if not rows:
        return None
    lo = hi = rows[0][1]
    since = rows[0][0]
    for ts, value in rows:
        nlo, nhi = min(lo, value), max(hi, value)
        if nhi - nlo > noise:
            break
        lo, hi, since = nlo, nhi, ts
    return since, lo, hi


def alarm_starts(session: Session, dev: Device, since: datetime, now: datetime) -> list[tuple[datetime, float]]:
    """Alarm episodes that began in (since, now]: an SOS event, or a smoke/gas/button reading that
    turned on after being off."""
    if dev.kind == "robot":
        rows = session.execute(select(E.ts, E.value).where(
            E.device_id == dev.id, E.kind == "sos", E.ts > since, E.ts <= now,
            or_(E.value.is_(None), E.value != 0)).order_by(E.ts)).all()
        return [(ts, 1.0 if v is None else v) for ts, v in rows]
    metric = ALARM_METRIC[dev.kind]
    before = session.scalar(select(R.value).where(R.device_id == dev.id, R.metric == metric, R.ts <= since)
                            .order_by(R.ts.desc()).limit(1))
    rows = session.execute(select(R.ts, R.value).where(R.device_id == dev.id, R.metric == metric,
                                                       R.ts > since, R.ts <= now).order_by(R.ts)).all()
    out, prev = [], before or 0.0
    for ts, value in rows:
        if value and not prev:
            out.append((ts, value))
        prev = value
    return out


def device_shows_activity(session: Session, dev: Device, since: datetime, now: datetime, noise_w: float) -> bool:
    """Did this device see the resident do something in (since, now]? Door opened, appliance power
    changed beyond noise, robot conversation/touch."""
    if dev.kind == "door":
        return session.scalar(select(func.count()).where(R.device_id == dev.id, R.metric == "door", R.value > 0,
                                                         R.ts > since, R.ts <= now)) > 0
    if dev.kind == "power":
        lo, hi = session.execute(select(func.min(R.value), func.max(R.value)).where(
            R.device_id == dev.id, R.metric == "power", R.ts > since, R.ts <= now)).one()
        return lo is not None and hi - lo > noise_w
    if dev.kind == "robot":
        return count_events(session, dev.id, "interaction", since, now) > 0
    if dev.kind == "motion":
        return session.scalar(select(func.count()).where(R.device_id == dev.id, R.metric == "motion", R.value > 0,
                                                         R.ts > since, R.ts <= now)) > 0
    return False


def last_event(session: Session, device_id: int, kind: str) -> datetime | None:
    return session.scalar(select(func.max(E.ts)).where(E.device_id == device_id, E.kind == kind))


def first_event(session: Session, device_id: int) -> datetime | None:
    return session.scalar(select(func.min(E.ts)).where(E.device_id == device_id))


def last_event_at_least(session: Session, device_id: int, kind: str, threshold: float) -> datetime | None:
    return session.scalar(select(func.max(E.ts)).where(E.device_id == device_id, E.kind == kind, E.value >= threshold))


def count_events(session: Session, device_id: int, kind: str, start: datetime, end: datetime) -> int:
    """Events of a kind in (start, end] whose value is not 0 (a 0 means 'did not happen')."""
    return session.scalar(select(func.count()).where(
        E.device_id == device_id, E.kind == kind, E.ts > start, E.ts <= end,
        or_(E.value.is_(None), E.value != 0))) or 0

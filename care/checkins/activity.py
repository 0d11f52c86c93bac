"""Has the resident been active since a given time? The cross-check behind a missed check-in.

A missed call with recent normal activity at home (motion, the front door, power use that moves,
a robot conversation, a check-in call the resident answered) is most likely someone who was out or asleep: it stays medium. A missed call
with no activity at all since the last contact, while the devices themselves are still reporting,
is the silent danger the runner must not sleep on. A dead gateway (no device reports anything)
must not look like an inactive resident: that is `devices_silent`, and the answer is "unknown".

The devices area may refine these rules later; the signature stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from care.vocabulary import REACHED_OUTCOMES
from storage.models import CallAttempt, Device, FollowUp, RobotEvent, SensorReading

MOTION_KINDS = ("motion", "door", "emergency_button")
ROBOT_ACTIVITY = ("interaction", "medication_ack", "sos")
# the metric that carries the resident's activity for each kind (care.devices.schema.METRICS)
ACTIVITY_METRIC = {"motion": "motion", "door": "door", "emergency_button": "button", "power": "power"}
POWER_NOISE_W = 5.0  # a smart plug's reading wobbles by a few watts with nobody touching anything


@dataclass(frozen=True)
class Activity:
    has_devices: bool
    resident_active: bool | None  # None = cannot tell (no devices, or the devices went silent)
    last_activity_at: datetime | None
    devices_silent: bool  # the devices/gateway stopped reporting, not the resident
    detail: str  # one sentence for a flag's reason (Korean first, English after)

    def to_json(self) -> dict:
        return {
            "has_devices": self.has_devices, "resident_active": self.resident_active,
            "last_activity_at": self.last_activity_at.isoformat() if self.last_activity_at else None,
            "devices_silent": self.devices_silent, "detail": self.detail,
        }


def _power_moved(values: list[float]) -> bool:
    return len(values) >= 2 and (max(values) - min(values)) > max(POWER_NOISE_W, 0.1 * max(values))


SIGN_OF_LIFE_OUTCOMES = ("well", "flagged")  # a person answered and was assessed: care.devices.sign_of_life


def _check_ins_after(session: Session, household_id: int, since: datetime) -> list[datetime]:
    """Completed human check-ins and reached follow-up contacts strictly after `since`: the
    resident talked to us (or a person saw them), a sign of life."""
    when = func.coalesce(CallAttempt.ended_at, CallAttempt.dialed_at)
    calls = list(session.scalars(select(when).where(
        CallAttempt.household_id == household_id, CallAttempt.answered_by == "human",
        CallAttempt.outcome.in_(SIGN_OF_LIFE_OUTCOMES), when > since)))
    return calls + list(session.scalars(select(FollowUp.at).where(
        FollowUp.household_id == household_id, FollowUp.outcome.in_(REACHED_OUTCOMES), FollowUp.at > since)))


def activity_since(session: Session, household_id: int, since: datetime) -> Activity:
    devices = list(session.scalars(select(Device).where(Device.household_id == household_id,
                                                        Device.active.is_(True))))
    if not devices:
        return Activity(False, None, None, False,
                        "설치된 센서·로봇이 없어 활동을 확인할 수 없습니다 (no devices installed: activity unknown)")
    kinds = {d.id: d.kind for d in devices}
    readings = session.execute(
        select(SensorReading.device_id, SensorReading.ts, SensorReading.value, SensorReading.metric)
        .where(SensorReading.device_id.in_(list(kinds)), SensorReading.ts >= since)
        .order_by(SensorReading.ts)).all()
    events = session.execute(
        select(RobotEvent.device_id, RobotEvent.ts, RobotEvent.kind)
        .where(RobotEvent.device_id.in_(list(kinds)), RobotEvent.ts >= since)).all()
    check_ins = _check_ins_after(session, household_id, since)
    if not readings and not events and not check_ins:
        return Activity(True, None, None, True,
                        f"{since:%m-%d %H:%M} 이후 어떤 기기도 보고하지 않았습니다 — 게이트웨이/기기 고장일 수 있음 "
                        "(no device has reported since then: a dead gateway, not necessarily the resident)")
    active_at: list[datetime] = []
    power: dict[int, list[tuple[datetime, float]]] = {}
    for device_id, ts, value, metric in readings:
        kind = kinds[device_id]
        if metric != ACTIVITY_METRIC.get(kind):
            continue  # e.g. a daily battery report (a value > 0) is not the resident moving
        if kind in MOTION_KINDS and value and value > 0:
            active_at.append(ts)
        elif kind == "power":
            power.setdefault(device_id, []).append((ts, value))
    for series in power.values():
        if _power_moved([v for _, v in series]):
            # the last moment the draw changed beyond noise
            changed = [t for (t, v), (_, prev) in zip(series[1:], series[:-1], strict=True)
                       if abs(v - prev) > POWER_NOISE_W]
            active_at.append(changed[-1] if changed else series[-1][0])
    active_at += [ts for _, ts, kind in events if kind in ROBOT_ACTIVITY]
    active_at += check_ins
    if active_at:
        last = max(active_at)
        return Activity(True, True, last, False,
                        f"최근 생활 활동이 있습니다 (마지막 {last:%m-%d %H:%M} UTC) "
                        f"(recent normal activity at home, last at {last:%Y-%m-%d %H:%M} UTC)")
    flat = " 전력 사용 변화 없음 (flat power)," if power else ""
    return Activity(True, False, None, False,
                    f"{since:%m-%d %H:%M} 이후 움직임·문 열림·로봇 대화가 없습니다,{flat} 기기는 정상 보고 중 "
                    "(no motion, door, robot interaction, power change or answered check-in since then while the devices still report)")

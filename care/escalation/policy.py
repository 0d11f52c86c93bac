"""Escalation policies: which level a flag follows (by severity, source and category) and the
steps of each level, timed in minutes from the start of its escalation. The numbers are the
"escalation" settings section (admin-editable, audited by the one settings store).

- life_safety (robot SOS, emergency button, smoke, gas, an emergency phrase in an answer): at once
  duty SMS + notification call; unacknowledged after 5 min the next duty contact; after 15 min the
  household's keyholders who consented, in order. Never suppressed (a roster gap still sends).
- high (self-harm talk, missed call + no home activity, other high flags): duty SMS at once, a
  notification call after 15 min.
- callback (medium sensor flags: inactivity, power flat, door): first a call-back to the resident
  within the household's allowed hours; keypad 1 = confirmed well by call-back; no answer or not
  well -> escalated as high; outside the allowed hours -> the morning queue.
- morning (every other medium/low flag): the morning queue only; nobody is woken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from care.escalation import roster
from care.settings import EscalationSettings
from storage.models import RiskFlag
from storage.vocabulary import EscalationLevel

CALLBACK_CATEGORIES = frozenset({"inactivity", "power_flat", "door"})
DEVICE_SOURCES = frozenset({"sensor", "robot"})
LIFE_SAFETY_SOURCES = frozenset({"sensor", "robot", "call"})


def level_of(flag: RiskFlag) -> EscalationLevel:
    if flag.category == "emergency" and flag.source in LIFE_SAFETY_SOURCES:
        return EscalationLevel.LIFE_SAFETY
    if flag.severity == "high" or flag.category == "self_harm":
        return EscalationLevel.HIGH
    if flag.severity == "medium" and flag.source in DEVICE_SOURCES and flag.category in CALLBACK_CATEGORIES:
        return EscalationLevel.CALLBACK
    return EscalationLevel.MORNING


@dataclass(frozen=True)
class PolicyStep:
    after_min: float
    kind: str  # sms | notify_call | callback_call
    role: str  # duty | next_duty | keyholder | resident


def policies(cfg: EscalationSettings) -> dict[str, list[PolicyStep]]:
    """Each level's steps (keyholder steps repeat per consenting keyholder, keyholder_spacing_min
    apart)."""
    keyholders = cfg.life_safety_keyholders_min
    return {
        EscalationLevel.LIFE_SAFETY: [PolicyStep(0, "sms", "duty"), PolicyStep(0, "notify_call", "duty"),
                                      PolicyStep(cfg.life_safety_next_duty_min, "sms", "next_duty"),
                                      PolicyStep(cfg.life_safety_next_duty_min, "notify_call", "next_duty"),
                                      PolicyStep(keyholders, "sms", "keyholder"),
                                      PolicyStep(keyholders, "notify_call", "keyholder")],
        EscalationLevel.HIGH: [PolicyStep(0, "sms", "duty"), PolicyStep(cfg.high_call_min, "notify_call", "duty")],
        EscalationLevel.CALLBACK: ([PolicyStep(0, "callback_call", "resident")] if cfg.callback else []),
        EscalationLevel.MORNING: [],
    }


def policies_json(cfg: EscalationSettings) -> dict[str, Any]:
    return {
        "levels": {str(level): [{"after_min": p.after_min, "kind": p.kind, "to": p.role} for p in steps]
                   for level, steps in policies(cfg).items()},
        "keyholder_spacing_min": cfg.keyholder_spacing_min,
        "ack_deadlines": {"life_safety_min": cfg.ack_life_safety_min, "high_min": cfg.ack_high_min,
                          "callback_escalated_min": cfg.ack_callback_min,
                          "medium_low": f"next office day {cfg.office_ack_time}"},
        "classification": {
            "life_safety": "category emergency from a sensor, robot or call answer (SOS, button, smoke, gas, phrase)",
            "high": "severity high or self-harm (incl. missed call + no home activity)",
            "callback": f"severity medium from a sensor/robot, category {', '.join(sorted(CALLBACK_CATEGORIES))}",
            "morning": "every other medium/low flag",
        },
        "timezone": cfg.timezone,
    }


def next_office_time(session: Session, after: datetime, at: str, cfg: EscalationSettings) -> datetime:
    """The first office day (not Saturday, Sunday or a public holiday) at `at` (local) after `after`."""
    zone = roster.district_zone(session)
    local = after.astimezone(zone)
    hh, mm = (int(x) for x in at.split(":"))
    day = local.date()
    for _ in range(30):
        candidate = datetime.combine(day, time(hh, mm), zone)
        if candidate > local and day.weekday() < 5 and not roster.is_holiday(session, day):
            return candidate
        day += timedelta(days=1)
    return local + timedelta(days=1)


def ack_deadline(session: Session, level: str, started: datetime, cfg: EscalationSettings) -> datetime:
    if level == EscalationLevel.LIFE_SAFETY:
        return started + timedelta(minutes=cfg.ack_life_safety_min)
    if level == EscalationLevel.HIGH:
        return started + timedelta(minutes=cfg.ack_high_min)
    return next_office_time(session, started, cfg.office_ack_time, cfg)

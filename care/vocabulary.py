"""The domain's stored words, in one Qt-free place.

Every status, outcome, severity, category, flag source and device kind that is written to the
database is a member of one StrEnum here. The members ARE the stored strings (a StrEnum member
compares equal to its value), so code may keep writing plain strings while it moves over; nothing
in the database changes. The console turns each member into Korean/English words, colours and
icons in one place (console/common/labels.py), and a test walks that module against these enums.

Order lives here too: `SEVERITY_RANK` (higher = more urgent) is the one ranking of severities
that queries sort and aggregate by.
"""

from __future__ import annotations

from enum import StrEnum

# The words the tables CHECK (call, slot, flag status, severity) live with them (storage may not import care);
# they are re-exported here so every reader still imports the vocabulary from one place.
from storage.vocabulary import (
    SEVERITY_RANK,
    AnsweredBy,
    AttemptStatus,
    CallOutcome,
    FlagStatus,
    Role,
    Severity,
    SlotKind,
    SlotStatus,
)

__all__ = ["LABELLED", "NO_SEVERITY", "PERSON_RESOLUTIONS", "SEVERITY_RANK", "AnsweredBy", "AttemptStatus",
           "CallOutcome", "DeviceKind", "FlagCategory", "FlagSource", "FlagStatus", "ReasonKind", "Resolution", "Role", "Severity", "SlotKind",
           "SlotStatus", "severity_from_rank"]


NO_SEVERITY = "none"  # an aggregate with no open flag; not a stored value


def severity_from_rank(rank: int | None) -> str:
    """The severity a MAX(rank) aggregate stands for, or "none" for no open flag."""
    return next((str(s) for s, r in SEVERITY_RANK.items() if r == rank), NO_SEVERITY)


class FlagSource(StrEnum):
    """risk_flag.source: where a flag came from."""

    CALL = "call"
    MISSED_CALLS = "missed_calls"
    SENSOR = "sensor"
    ROBOT = "robot"


class FlagCategory(StrEnum):
    """risk_flag.category: the lexicon's categories (speech), the runner's call categories and
    the device rules' categories."""

    # words in an answer (resources/lexicon/*.toml)
    EMERGENCY = "emergency"
    SELF_HARM = "self_harm"
    HEALTH = "health"
    MEALS = "meals"
    EMOTIONAL = "emotional"
    LIVING = "living"
    # the call itself
    HELP_REQUESTED = "help_requested"
    NEEDS_REVIEW = "needs_review"
    MISSED_CHECKIN = "missed_checkin"
    # home sensors and robots (care/devices/rules.py)
    INACTIVITY = "inactivity"
    DOOR = "door"
    TEMPERATURE = "temperature"
    POWER_FLAT = "power_flat"
    DEVICE_HEALTH = "device_health"
    ROBOT_INTERACTION = "robot_interaction"
    TREND = "trend"  # a slow decline against the home's own baseline (care/devices/trends.py)


class Resolution(StrEnum):
    """risk_flag.resolution: how a person closed the flag."""

    VISITED = "visited"
    CALLED = "called"
    EMERGENCY_119 = "119"
    FALSE_ALARM = "false_alarm"
    SIGN_OF_LIFE = "sign_of_life"  # closed by the system: the resident answered a check-in after it


PERSON_RESOLUTIONS = (Resolution.VISITED, Resolution.CALLED, Resolution.EMERGENCY_119, Resolution.FALSE_ALARM)


class DeviceKind(StrEnum):
    """device.kind (care/devices/schema.py lists the metrics of each)."""

    MOTION = "motion"
    DOOR = "door"
    TEMPERATURE = "temperature"
    HUMIDITY = "humidity"
    POWER = "power"
    SMOKE = "smoke"
    GAS = "gas"
    EMERGENCY_BUTTON = "emergency_button"
    ROBOT = "robot"


class ContactChannel(StrEnum):
    """follow_up.channel: how a person followed up (the CLI's --channel phone|keyholder|... maps here)."""

    PHONE_RESIDENT = "phone_resident"
    PHONE_KEYHOLDER = "phone_keyholder"
    VISIT = "visit"
    EMERGENCY = "emergency"  # 119 / 112
    AGENCY = "agency"  # another agency (주민센터, 보건소, ...)
    OTHER = "other"


class ContactOutcome(StrEnum):
    """follow_up.outcome: what the follow-up came to. Every member but NOT_REACHED means somebody
    was reached (care.households.reachability); REACHED_OUTCOMES are also a sign of life."""

    REACHED_WELL = "reached_well"
    REACHED_NEED = "reached_need"
    NOT_REACHED = "not_reached"
    HOSPITALISED = "hospitalised"
    MOVED = "moved"
    DECEASED = "deceased"
    REFUSED = "refused"


# A follow-up with one of these outcomes is a sign of life, like an answered check-in.
REACHED_OUTCOMES = (ContactOutcome.REACHED_WELL, ContactOutcome.REACHED_NEED)


class ReasonKind(StrEnum):
    """Why a household needs a person's eye (care.households.reasons): computed, never stored.
    The order is the tie-break between reasons of the same severity (most serious first)."""

    URGENT_FLAG = "urgent_flag"  # open high flags (words heard in a call, SOS, ...)
    UNREACHABLE = "unreachable"  # 연락두절 (care.households.reachability)
    INACTIVITY = "inactivity"  # an open no-motion flag: hours without activity
    MISSED_CALLS = "missed_calls"  # check-ins nobody answered
    FLAG = "flag"  # other open flags (medium/low)
    DEVICE_SILENT = "device_silent"  # a sensor, robot or the whole gateway sends nothing
    LOW_BATTERY = "low_battery"
    PAUSED = "paused"  # check-in calls paused
    NO_PLAN = "no_plan"  # never called: no check-in plan


# Every enum a label must exist for (console/common/labels.py is tested against this list).
LABELLED = (Severity, FlagStatus, FlagSource, FlagCategory, Resolution, CallOutcome, SlotStatus, SlotKind,
            AttemptStatus, AnsweredBy, DeviceKind, ContactChannel, ContactOutcome, Role, ReasonKind)

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


class Severity(StrEnum):
    """risk_flag.severity."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return SEVERITY_RANK[self]


# Higher is more urgent; 0 is "no open flag" (see severity_from_rank).
SEVERITY_RANK: dict[str, int] = {Severity.HIGH: 3, Severity.MEDIUM: 2, Severity.LOW: 1}
NO_SEVERITY = "none"  # an aggregate with no open flag; not a stored value


def severity_from_rank(rank: int | None) -> str:
    """The severity a MAX(rank) aggregate stands for, or "none" for no open flag."""
    return next((str(s) for s, r in SEVERITY_RANK.items() if r == rank), NO_SEVERITY)


class FlagStatus(StrEnum):
    """risk_flag.status: open -> acknowledged -> resolved."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


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


class Resolution(StrEnum):
    """risk_flag.resolution: how a person closed the flag."""

    VISITED = "visited"
    CALLED = "called"
    EMERGENCY_119 = "119"
    FALSE_ALARM = "false_alarm"
    SIGN_OF_LIFE = "sign_of_life"  # closed by the system: the resident answered a check-in after it


PERSON_RESOLUTIONS = (Resolution.VISITED, Resolution.CALLED, Resolution.EMERGENCY_119, Resolution.FALSE_ALARM)


class CallOutcome(StrEnum):
    """call_attempt.outcome and check_in_slot.outcome: what one call (or the slot) came to."""

    WELL = "well"
    FLAGGED = "flagged"
    NEEDS_REVIEW = "needs_review"
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    MACHINE = "machine"
    SILENT = "silent"
    FAILED = "failed"
    NOT_PLACED = "not_placed"
    UNREACHABLE = "unreachable"
    PAUSED = "paused"
    CANCELLED = "cancelled"  # the plan changed after the slot was planned


class SlotStatus(StrEnum):
    """check_in_slot.status: due -> in_progress -> retry_wait -> ... -> a final state."""

    DUE = "due"
    IN_PROGRESS = "in_progress"
    RETRY_WAIT = "retry_wait"
    COMPLETED = "completed"
    MISSED = "missed"
    FAILED = "failed"
    SKIPPED = "skipped"


class SlotKind(StrEnum):
    """check_in_slot.kind."""

    PLAN = "plan"
    MANUAL = "manual"


class AttemptStatus(StrEnum):
    """call_attempt.status: the pipeline step one call has reached."""

    PLANNED = "planned"
    DIALING = "dialing"
    POLLING = "polling"
    ENDED = "ended"
    RECORDING_DOWNLOADED = "recording_downloaded"
    REMOTE_DELETED = "remote_deleted"
    TRANSCRIBED = "transcribed"
    ASSESSED = "assessed"
    DONE = "done"
    FAILED = "failed"


class AnsweredBy(StrEnum):
    """call_attempt.answered_by."""

    HUMAN = "human"
    MACHINE = "machine"
    UNKNOWN = "unknown"


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


# Every enum a label must exist for (console/common/labels.py is tested against this list).
LABELLED = (Severity, FlagStatus, FlagSource, FlagCategory, Resolution, CallOutcome, SlotStatus, SlotKind,
            AttemptStatus, AnsweredBy, DeviceKind, ContactChannel, ContactOutcome)

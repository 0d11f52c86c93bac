"""All tables. Each area keeps its models in its own module; import them here so Alembic and
`Base.metadata` see every table."""

from .base import Base
from .calls import (
    APSchedulerJob,
    CallAnswer,
    CallAttempt,
    CheckInPlan,
    CheckInSlot,
    Holiday,
    RunnerLease,
    RunnerState,
)
from .devices import Device, DeviceDeadLetter, RobotEvent, SensorDaily, SensorHourly, SensorReading
from .escalation import DutySlot, EscalationStep, FlagEscalation
from .flags import FlagMatch, RiskFlag
from .followup import FollowUp
from .registry import AppSetting, AppUser, AuditChain, AuditEvent, ChangeCounter, Contact, Household, UserPref

__all__ = [
    "APSchedulerJob",
    "CheckInSlot",
    "Holiday",
    "RunnerLease",
    "RunnerState",
    "AppSetting",
    "AppUser",
    "UserPref",
    "AuditChain",
    "AuditEvent",
    "Base",
    "CallAnswer",
    "CallAttempt",
    "ChangeCounter",
    "CheckInPlan",
    "Contact",
    "Device",
    "DutySlot",
    "EscalationStep",
    "FlagEscalation",
    "DeviceDeadLetter",
    "FlagMatch",
    "FollowUp",
    "Household",
    "RiskFlag",
    "RobotEvent",
    "SensorDaily",
    "SensorHourly",
    "SensorReading",
]

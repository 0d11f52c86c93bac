"""The stored words the tables CHECK (calls, check-in slots, flag status and severity).

storage may not import care (import-linter layers), so the enums whose values the database
constrains live here; care/vocabulary.py re-exports them with the rest of the domain's words.
`values()` gives the allowed strings of a column for its CHECK constraint.
"""

from __future__ import annotations

from enum import StrEnum


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(m.value for m in enum)


def check_in(column: str, enum: type[StrEnum], *, nullable: bool = False) -> str:
    """The SQL of a CHECK constraint that holds `column` to the members of `enum`."""
    allowed = ", ".join(f"'{v}'" for v in values(enum))
    cond = f"{column} IN ({allowed})"
    return f"{column} IS NULL OR {cond}" if nullable else cond


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
    REMOTE_DELETED = "remote_deleted"  # the carrier's copy is gone
    REMOTE_DELETE_FAILED = "remote_delete_failed"  # the carrier still holds a copy (error says why)
    REMOTE_KEPT = "remote_kept"  # the telephony settings keep the carrier's copy
    TRANSCRIBED = "transcribed"
    ASSESSED = "assessed"
    DONE = "done"
    FAILED = "failed"


class AnsweredBy(StrEnum):
    """call_attempt.answered_by."""

    HUMAN = "human"
    MACHINE = "machine"
    UNKNOWN = "unknown"


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


class FlagStatus(StrEnum):
    """risk_flag.status: open -> acknowledged -> resolved."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


class Role(StrEnum):
    """app_user.role: what a person may see and do (care/accounts/access.py says which)."""

    SOCIAL_WORKER = "social_worker"  # her assigned households
    SUPERVISOR = "supervisor"  # every household, the review queue, reports, the access log
    ADMIN = "admin"  # users, settings, lexicon, devices, retention


class EscalationLevel(StrEnum):
    """flag_escalation.level: which escalation policy a flag follows (care/escalation/policy.py)."""

    LIFE_SAFETY = "life_safety"  # SOS, emergency button, smoke, gas, an emergency phrase
    HIGH = "high"  # self-harm talk, missed call + no home activity
    CALLBACK = "callback"  # medium sensor flags: a call-back to the resident first
    MORNING = "morning"  # the morning queue only: nobody is woken


class EscalationState(StrEnum):
    """flag_escalation.state."""

    ACTIVE = "active"  # steps are being sent
    ACKNOWLEDGED = "acknowledged"  # a person took it: the chain stopped
    CONFIRMED_WELL = "confirmed_well"  # the resident pressed 1 on the call-back (still visible)
    MORNING = "morning"  # waits for the morning queue (no step is sent)
    EXHAUSTED = "exhausted"  # every step was sent and nobody acknowledged yet
    CLOSED = "closed"  # the flag was resolved


class EscalationStepKind(StrEnum):
    """escalation_step.kind: the channel of one step."""

    SMS = "sms"
    NOTIFY_CALL = "notify_call"
    CALLBACK_CALL = "callback_call"  # the call-back to the resident (keypad 1 = well)


class EscalationStepStatus(StrEnum):
    """escalation_step.status: committed before it is sent, then what the line said."""

    COMMITTED = "committed"  # the row exists, nothing is known to be sent
    SENT = "sent"  # the line took it (sid recorded); for calls: on the line
    ANSWERED = "answered"  # a person answered (no keypad 1)
    ACKNOWLEDGED = "acknowledged"  # keypad 1 on the call / the reply that acknowledged
    WELL = "well"  # call-back: the resident pressed 1
    MACHINE = "machine"  # an answering machine took the call: heard nothing sensitive
    NO_ANSWER = "no_answer"
    FAILED = "failed"
    SKIPPED = "skipped"  # the chain stopped before it was sent

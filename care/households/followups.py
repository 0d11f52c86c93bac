"""Follow-up contacts: the human side of a check-in. A worker phones the resident or a keyholder,
visits, calls 119/112 or another agency, and records what it came to; optionally the contact
resolves open flags of the same household — through the review workflow (care.review.queue), each with
its own access-log row, in the same transaction as the contact (all or nothing).

A follow-up that reached somebody and found the resident (REACHED_OUTCOMES) is a sign of life like
an answered check-in (care.devices.sign_of_life); one that reached nobody counts towards
"unreachable" (care.households.reachability).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from care import audit
from care.accounts import access
from care.errors import AnbuError
from care.households.registry import HouseholdNotFound
from care.households.text_checks import bad_character, character_message
from care.review import queue as review
from care.vocabulary import ContactChannel, ContactOutcome, Resolution
from storage.db import Database
from storage.models import FollowUp, Household, RiskFlag
from storage.types import utcnow

ENTITY = "follow_up"
MAX_NOTE = 2000
MAX_RESOLVES = 50
# The command line's short words (the contract) -> the stored channel.
CLI_CHANNELS: dict[str, ContactChannel] = {
    "phone": ContactChannel.PHONE_RESIDENT, "keyholder": ContactChannel.PHONE_KEYHOLDER,
    "visit": ContactChannel.VISIT, "emergency": ContactChannel.EMERGENCY, "agency": ContactChannel.AGENCY,
    "other": ContactChannel.OTHER,
}
# How a flag closed by a follow-up reads in the review history (a person's outcome, care.review.queue.OUTCOMES).
RESOLUTION_FOR: dict[ContactChannel, Resolution] = {
    ContactChannel.PHONE_RESIDENT: Resolution.CALLED, ContactChannel.PHONE_KEYHOLDER: Resolution.CALLED,
    ContactChannel.VISIT: Resolution.VISITED, ContactChannel.EMERGENCY: Resolution.EMERGENCY_119,
    ContactChannel.AGENCY: Resolution.CALLED, ContactChannel.OTHER: Resolution.CALLED,
}


class FollowUpError(AnbuError):
    """A follow-up that cannot be recorded, worded for the person who typed it."""


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    household_id: int
    actor: str
    at: datetime
    channel: str
    outcome: str
    note: str
    resolves: tuple[int, ...]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "household_id": self.household_id, "actor": self.actor, "at": self.at.isoformat(),
                "channel": self.channel, "outcome": self.outcome, "note": self.note, "resolves": list(self.resolves)}


def channel_of(text: str) -> ContactChannel:
    """A stored channel name or the CLI's short word ("phone", "keyholder", ...)."""
    if text in CLI_CHANNELS:
        return CLI_CHANNELS[text]
    try:
        return ContactChannel(text)
    except ValueError:
        words = "|".join(CLI_CHANNELS)
        raise FollowUpError(f"알 수 없는 연락 방법 {text!r} (channel must be one of {words})") from None


def outcome_of(text: str) -> ContactOutcome:
    try:
        return ContactOutcome(text)
    except ValueError:
        words = "|".join(ContactOutcome)
        raise FollowUpError(f"알 수 없는 연락 결과 {text!r} (outcome must be one of {words})") from None


def row_of(f: FollowUp) -> FollowUpRow:
    return FollowUpRow(f.id, f.household_id, f.actor, f.at, f.channel, f.outcome, f.note or "",
                       tuple(f.resolves or ()))


def add_follow_up(db: Database, household_id: int, actor: str, channel: str, outcome: str, note: str = "",
                  resolves: Iterable[int] = (), at: datetime | None = None) -> FollowUpRow:
    """Record one follow-up and resolve the flags it names, in one transaction: a flag that is not
    this household's, already resolved, or unknown refuses the whole contact (nothing written)."""
    if not actor or not actor.strip():
        raise FollowUpError("연락한 사람의 이름이 필요합니다 (an actor is required)")
    chan, result = channel_of(channel), outcome_of(outcome)
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise FollowUpError(f"메모가 너무 깁니다 (note longer than {MAX_NOTE} characters)")
    code = bad_character(note, multiline=True)
    if code:
        raise FollowUpError(character_message("메모", "note", code))
    flag_ids = tuple(dict.fromkeys(resolves))
    if len(flag_ids) > MAX_RESOLVES:
        raise FollowUpError(f"한 번에 처리할 수 있는 플래그는 {MAX_RESOLVES}개까지입니다 (at most {MAX_RESOLVES} flags)")
    if flag_ids and result == ContactOutcome.NOT_REACHED:
        raise FollowUpError("연락이 닿지 않은 후속 조치로는 플래그를 처리할 수 없습니다 "
                            "(a follow-up that reached nobody cannot resolve a flag)")
    when = at or utcnow()
    if when.tzinfo is None:
        raise FollowUpError("연락 시각에 시간대가 필요합니다 (the time needs a UTC offset)")
    with db.session() as s:
        h = s.get(Household, household_id)
        if h is None:
            raise HouseholdNotFound(household_id)
        access.require(s, actor.strip(), access.Permission.EDIT_HOUSEHOLD, household=h)
        _check_flags(s, household_id, flag_ids)
        f = FollowUp(household_id=household_id, actor=actor.strip(), at=when, channel=str(chan),
                     outcome=str(result), note=note, resolves=list(flag_ids) or None, is_demo=h.is_demo)
        s.add(f)
        s.flush()
        words = f"후속 연락 #{f.id} ({chan}, {result})" + (f": {note}" if note else "")
        for flag_id in flag_ids:
            review.resolve_in(s, flag_id, actor.strip(), RESOLUTION_FOR[chan], words[:review.MAX_NOTE],
                              {"follow_up_id": f.id})
        audit.record(s, actor.strip(), "create", ENTITY, f.id,
                     {"household_id": household_id, "channel": str(chan), "outcome": str(result),
                      "resolves": list(flag_ids)})
        return row_of(f)


def _check_flags(s: Session, household_id: int, flag_ids: tuple[int, ...]) -> None:
    if not flag_ids:
        return
    found = dict(s.execute(select(RiskFlag.id, RiskFlag.household_id).where(RiskFlag.id.in_(flag_ids))).all())
    for flag_id in flag_ids:
        if flag_id not in found:
            raise review.FlagNotFound(flag_id)
        if found[flag_id] != household_id:
            raise FollowUpError(f"플래그 {flag_id}은(는) 이 가구의 것이 아닙니다 "
                                f"(flag {flag_id} belongs to another household)")


def list_follow_ups(db: Database, household_id: int, actor: str, *, limit: int = 100,
                    before: datetime | None = None) -> list[FollowUpRow]:
    """The household's follow-ups, newest first, one page (`before` = the last page's oldest `at`).
    Logged as a view of the household's record."""
    with db.session() as s:
        h = s.get(Household, household_id)
        if h is None:
            raise HouseholdNotFound(household_id)
        access.require(s, actor, access.Permission.VIEW_HOUSEHOLD, household=h)
        q = select(FollowUp).where(FollowUp.household_id == household_id)
        if before is not None:
            q = q.where(FollowUp.at < before)
        rows = [row_of(f) for f in s.scalars(q.order_by(FollowUp.at.desc(), FollowUp.id.desc()).limit(limit))]
        audit.record(s, actor, "view", "household", household_id, {"what": "follow_ups", "rows": len(rows)})
        return rows

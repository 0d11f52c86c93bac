"""A resident who answered a check-in call is alive and well enough to talk: that is a sign of life
the device rules must respect (issue 10 item 7).

- No new inactivity flag ("no motion for N hours") while the last completed human check-in is more
  recent than the threshold.
- An OPEN inactivity flag raised before such a check-in is closed by the system, with its own
  outcome (RESOLUTION) and a note that says why ("거주자가 12월 01일 18:24 안부전화에 응답했습니다"),
  and an access-log row, so a person can see it in the flag's history.
- Never for life-safety flags (smoke, gas, button, SOS: category emergency) or the call's own
  (speech) flags: only the rules in INACTIVITY_RULES are touched.

A "completed human check-in": a call_attempt answered by a person (answered_by "human") whose
answers were assessed "well" or "flagged" (the resident spoke; a flagged answer is still a voice).
An unclear call ("needs_review"), a machine, silence or no answer is no sign of life.

A follow-up contact a person recorded with a "reached" outcome (reached_well, reached_need:
care.vocabulary.REACHED_OUTCOMES) counts the same (issue 13): someone spoke with or saw the
resident, or a keyholder did and said so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast
from zoneinfo import ZoneInfo

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from care import audit
from care.checkins.activity import SIGN_OF_LIFE_OUTCOMES
from care.vocabulary import REACHED_OUTCOMES
from storage.models import CallAttempt, FollowUp, RiskFlag

INACTIVITY_RULES = ("no_motion",)  # evidence["rule"] of the flags a check-in answers
RESOLUTION = "sign_of_life"  # risk_flag.resolution written by the system (not a person's outcome)
SYSTEM_ACTOR = "system"
_KST = ZoneInfo("Asia/Seoul")


@dataclass(frozen=True)
class CheckIn:
    at: datetime
    attempt_id: int | None
    follow_up_id: int | None = None  # set when the sign of life is a person's follow-up contact

    def words(self) -> str:
        local = self.at.astimezone(_KST)
        if self.follow_up_id is not None:
            return (f"{local:%m월 %d일 %H:%M}(KST) 후속 연락에서 거주자의 안부가 확인되었습니다 "
                    f"(a follow-up contact reached the resident at {local:%Y-%m-%d %H:%M} KST)")
        return (f"거주자가 {local:%m월 %d일 %H:%M}(KST) 안부전화에 응답했습니다 "
                f"(the resident answered the check-in call at {local:%Y-%m-%d %H:%M} KST)")


def last_check_in(session: Session, household_id: int) -> CheckIn | None:
    """The most recent completed human check-in or reached follow-up of the household, or None."""
    when = func.coalesce(CallAttempt.ended_at, CallAttempt.dialed_at)
    row = session.execute(
        select(when, CallAttempt.id).where(
            CallAttempt.household_id == household_id, CallAttempt.answered_by == "human",
            CallAttempt.outcome.in_(SIGN_OF_LIFE_OUTCOMES), when.is_not(None))
        .order_by(when.desc()).limit(1)).first()
    call = CheckIn(row[0], row[1]) if row else None
    contact = session.execute(
        select(FollowUp.at, FollowUp.id).where(FollowUp.household_id == household_id,
                                               FollowUp.outcome.in_(REACHED_OUTCOMES))
        .order_by(FollowUp.at.desc()).limit(1)).first()
    if contact is not None and (call is None or contact[0] > call.at):
        return CheckIn(contact[0], None, contact[1])
    return call


def close_answered_inactivity(session: Session, household_id: int, now: datetime,
                              check_in: CheckIn | None = None) -> list[int]:
    """Close the household's OPEN inactivity flags raised before its last check-in. Returns their
    ids. A conditional UPDATE on status "open": a flag a person acknowledged meanwhile is theirs."""
    check_in = check_in or last_check_in(session, household_id)
    if check_in is None:
        return []
    candidates = [f for f in session.scalars(select(RiskFlag).where(
        RiskFlag.household_id == household_id, RiskFlag.status == "open", RiskFlag.category == "inactivity",
        RiskFlag.source.in_(("sensor", "robot")), RiskFlag.created_at < check_in.at))
        if (f.evidence or {}).get("rule") in INACTIVITY_RULES]
    closed = []
    note = f"{check_in.words()} — 시스템이 자동으로 닫았습니다 (closed by the system: a sign of life)"
    for flag in candidates:
        done = cast(CursorResult, session.execute(update(RiskFlag).where(
            RiskFlag.id == flag.id, RiskFlag.status == "open").values(
            status="resolved", resolved_at=now, resolved_by=SYSTEM_ACTOR, resolution=RESOLUTION,
            resolution_note=note).execution_options(synchronize_session=False))).rowcount
        if done:
            audit.record(session, SYSTEM_ACTOR, "resolve", "risk_flag", flag.id,
                         {"from": "open", "resolution": RESOLUTION, "attempt_id": check_in.attempt_id,
                          "follow_up_id": check_in.follow_up_id,
                          "check_in_at": check_in.at.isoformat(), "note": note})
            closed.append(flag.id)
    return closed

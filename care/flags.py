"""The one writer of risk flags.

Every source builds a FlagDraft with one of the constructors here (or, for device rules, with
care.devices.rules) and hands it to write_flags, which is the only code that inserts into
risk_flag (tests/care/test_flag_writer.py walks the code for any other). One writer means one
set of rules for every flag:

- a flag is raised once: its dedupe_key names the episode ("call:17:emergency",
  "missed:3:2026-11-24T18:30+09:00", "sensor:no_motion:5:<since>"), and the insert is
  ON CONFLICT DO NOTHING on that key, so two processes evaluating the same thing at once (the
  device ingest and the runner, two runners over a lease hand-over) raise it once;
- an ongoing condition (a device rule marked `ongoing`) is not raised again while a flag of the
  same rule on the same device is still unresolved, even under a new episode key;
- is_demo comes from the household, never from the caller;
- a call flag's evidence is typed: one flag_match row per matched term, pointing at the stored
  call_answer, with the span in that answer's readable text and its audio time. The JSON
  evidence keeps only what has no table (slot, attempt number, reasons).

Demo data goes through the same constructors and the same writer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import CallAnswer, CallAttempt, FlagMatch, Household, RiskFlag

CONDITION_SOURCES = ("sensor", "robot")  # the sources whose drafts may be ongoing conditions


@dataclass(frozen=True)
class MatchDraft:
    """One matched term: characters [start, end) of the answer's readable text (call_answer.text)."""

    call_answer_id: int
    category: str
    term: str
    start: int
    end: int
    audio_start: float | None = None
    audio_end: float | None = None


@dataclass(frozen=True)
class FlagDraft:
    household_id: int
    device_id: int | None
    source: str  # call | missed_calls | sensor | robot
    category: str
    severity: str  # low | medium | high
    reason: str
    evidence: dict[str, Any]
    dedupe_key: str
    ongoing: bool = True  # a device condition (vs an event such as one SOS press); device sources only
    attempt_id: int | None = None
    matches: tuple[MatchDraft, ...] = ()


# ---- constructors -----------------------------------------------------------------------------
def call_flag(attempt: CallAttempt, category: str, severity: str, reason: str,
              matches: Sequence[MatchDraft] = (), reasons: Sequence[str] = ()) -> FlagDraft:
    """Risk words (or the help key) in an answered call; one flag per category per attempt."""
    return FlagDraft(attempt.household_id, None, "call", category, severity, reason,
                     {"slot": attempt.slot_key, "attempt": attempt.attempt_no, "recording": attempt.recording_path,
                      "reasons": list(reasons)},
                     f"call:{attempt.id}:{category}", ongoing=False, attempt_id=attempt.id,
                     matches=tuple(m for m in matches if m.category == category))


def review_flag(attempt: CallAttempt, why: str) -> FlagDraft:
    """An unclear call is never "well": a low flag puts it in front of a person."""
    return FlagDraft(attempt.household_id, None, "call", "needs_review", "low", why,
                     {"slot": attempt.slot_key, "attempt": attempt.attempt_no, "answered_by": attempt.answered_by,
                      "error": attempt.error},
                     f"call:{attempt.id}:needs_review", ongoing=False, attempt_id=attempt.id)


def missed_key(household_id: int, slot: str) -> str:
    return f"missed:{household_id}:{slot}"


def missed_flag(household_id: int, slot: str, category: str, severity: str, reason: str,
                evidence: dict[str, Any], attempt_id: int | None) -> FlagDraft:
    """A check-in nobody answered; `evidence` carries at least slot, cause and attempts."""
    return FlagDraft(household_id, None, "missed_calls", category, severity, reason, {"slot": slot, **evidence},
                     missed_key(household_id, slot), ongoing=False, attempt_id=attempt_id)


# ---- spans ------------------------------------------------------------------------------------
def space_map(raw: str, readable: str) -> list[int] | None:
    """Index map raw -> readable when `readable` is `raw` with some spaces removed, else None.
    (Vosk's pieces joined with spaces, "밥 을 못 먹 었 어요", against the readable "밥을 못 먹었어요".)"""
    mapping, j = [], 0
    for ch in raw:
        mapping.append(j)
        if j < len(readable) and ch == readable[j]:
            j += 1
        elif ch != " ":
            return None
    if j != len(readable):
        return None
    mapping.append(j)
    return mapping


def matched_text(answer: CallAnswer) -> str:
    """The text the risk matcher ran over for this answer (care.checkins.assess: the words joined with
    single spaces when there are words, else the raw text)."""
    words = answer.words if isinstance(answer.words, list) else []
    if words:
        return " ".join(str(w.get("word", "")) for w in words if isinstance(w, dict))
    return answer.text_raw or answer.text or ""


def answer_matches(answer: CallAnswer, matches: Iterable[Any]) -> tuple[MatchDraft, ...]:
    """The matcher's matches (speech.matching.Match or its to_json() dict) over `matched_text(answer)`,
    moved onto the answer's readable text. A span that does not land inside it is dropped."""
    base, readable = matched_text(answer), answer.text or ""
    mapping = list(range(len(base) + 1)) if base == readable else space_map(base, readable)
    out = []
    for m in matches:
        data: dict[str, Any] = m if isinstance(m, dict) else vars(m)
        try:
            start, end = int(data["start"]), int(data["end"])
        except (KeyError, TypeError, ValueError):
            continue
        if mapping is None or not 0 <= start < end <= len(base) or mapping[end] <= mapping[start]:
            continue
        audio_start, audio_end = data.get("audio_start"), data.get("audio_end")
        out.append(MatchDraft(answer.id, str(data.get("category") or ""), str(data.get("term") or ""),
                              mapping[start], mapping[end],
                              None if audio_start is None else float(audio_start),
                              None if audio_end is None else float(audio_end)))
    return tuple(out)


# ---- the writer -------------------------------------------------------------------------------
def _open_conditions(session: Session, households: set[int]) -> set[tuple[int, int | None, Any]]:
    return {
        (f.household_id, f.device_id, (f.evidence or {}).get("rule"))
        for f in session.scalars(select(RiskFlag).where(
            RiskFlag.household_id.in_(households), RiskFlag.source.in_(CONDITION_SOURCES),
            RiskFlag.status != "resolved"))
    }


def _is_condition(d: FlagDraft) -> bool:
    return d.ongoing and d.source in CONDITION_SOURCES


def write_flags(session: Session, drafts: Sequence[FlagDraft], now: datetime) -> list[FlagDraft]:
    """Insert the drafts that are new, in the caller's transaction: not an existing dedupe_key and,
    for ongoing conditions, no unresolved flag of the same rule on the same device. Each inserted
    call flag gets its flag_match rows. Returns the drafts inserted."""
    if not drafts:
        return []
    session.flush()  # the attempt and answer rows the drafts point at
    keys = {d.dedupe_key for d in drafts}
    existing = set(session.scalars(select(RiskFlag.dedupe_key).where(RiskFlag.dedupe_key.in_(keys))))
    households = {d.household_id for d in drafts}
    conditions = _open_conditions(session, households) if any(_is_condition(d) for d in drafts) else set()
    demo = dict(session.execute(select(Household.id, Household.is_demo).where(Household.id.in_(households))).all())
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    new = []
    for d in drafts:
        if d.dedupe_key in existing:
            continue
        if _is_condition(d) and (d.household_id, d.device_id, d.evidence.get("rule")) in conditions:
            continue
        existing.add(d.dedupe_key)
        flag_id = session.execute(dialect.insert(RiskFlag.__table__).values(
            household_id=d.household_id, device_id=d.device_id, attempt_id=d.attempt_id, source=d.source,
            category=d.category, severity=d.severity, status="open", reason=d.reason, evidence=d.evidence,
            dedupe_key=d.dedupe_key, resolution_note="", is_demo=bool(demo.get(d.household_id)), created_at=now,
        ).on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(RiskFlag.__table__.c.id)).scalar()
        if flag_id is None:  # another writer got there first
            continue
        if d.matches:
            session.execute(insert(FlagMatch), [
                {"flag_id": flag_id, "call_answer_id": m.call_answer_id, "term": m.term, "category": m.category,
                 "span_start": m.start, "span_end": m.end, "audio_start": m.audio_start, "audio_end": m.audio_end}
                for m in d.matches])
        new.append(d)
    return new

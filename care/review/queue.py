"""The supervisor's review queue: urgent first, oldest first; acknowledge, assign, resolve with an
outcome (visited, called, 119, false alarm). Every view, listen and change is written to the
access log in the same transaction as the work it describes.

A flag's status only moves forward (open -> acknowledged -> resolved). Each change is a
conditional UPDATE on the status that was read, so two supervisors acting on the same flag at
once cannot both succeed: the second is told who got there first. Assigning an open flag also
acknowledges it — whoever assigns has seen it.
"""

from __future__ import annotations

import io
import math
import wave
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import Session

from care import audit
from care.accounts import access, view_scope
from care.errors import AnbuError
from care.households.phones import display_phone
from care.review.evidence import (
    AnswerEvidence,
    DeviceEvidence,
    MissedEvidence,
    call_answers,
    device_evidence,
    matched_answers,
    missed_evidence,
)
from care.vocabulary import PERSON_RESOLUTIONS, SEVERITY_RANK
from storage.db import Database
from storage.models import CallAnswer, CallAttempt, Contact, Device, FlagMatch, Household, RiskFlag
from storage.queries import severity_rank
from storage.types import utcnow

STATUSES = ("open", "acknowledged", "resolved")
STATUS_FILTERS = (*STATUSES, "active", "all")
OUTCOMES = tuple(PERSON_RESOLUTIONS)  # what a person may choose; sign_of_life is the system's
RESIDENT_CHANNEL = 0  # dual-channel recordings: channel 0 is the resident, 1 our questions
MAX_NOTE = 2000
MAX_ASSIGNEE = 100
ENTITY = "risk_flag"


class FlagNotFound(AnbuError):
    def __init__(self, flag_id: int) -> None:
        super().__init__(f"플래그 {flag_id}을(를) 찾을 수 없습니다 (no flag with id {flag_id})")


class FlagTransitionError(AnbuError):
    """A refused change: resolving twice, acknowledging a resolved flag, an unknown outcome."""


@dataclass(frozen=True)
class FlagRow:
    id: int
    household_id: int
    household_ref: str
    household_name: str
    dong: str
    source: str  # call | missed_calls | sensor | robot
    category: str
    severity: str  # high | medium | low
    status: str  # open | acknowledged | resolved
    reason: str
    assignee: str | None
    created_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    resolved_at: datetime | None
    resolved_by: str | None
    resolution: str | None
    resolution_note: str
    is_demo: bool

    def to_json(self) -> dict[str, Any]:
        return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class Keyholder:
    priority: int
    name: str
    relation: str
    phone: str  # display form, "010-1234-5678"
    has_key: bool


@dataclass(frozen=True)
class HouseholdFacts:
    id: int
    ref: str
    name: str
    phone: str  # display form
    address: str
    dong: str
    worker: str
    notes: str


@dataclass(frozen=True)
class AudioSpan:
    """Where the evidence is in the call recording (seconds from the start of the call)."""

    path: str
    start_s: float
    end_s: float
    channel: int = RESIDENT_CHANNEL


@dataclass(frozen=True)
class FlagDetail:
    flag: FlagRow
    household: HouseholdFacts
    keyholders: tuple[Keyholder, ...]  # priority order: call the first one first
    answers: tuple[AnswerEvidence, ...]  # call flags: the answers with the matched words
    recording: str  # available | none | purged | missing
    audio: AudioSpan | None  # set only when recording == "available"
    missed: MissedEvidence | None
    device: DeviceEvidence | None

    def to_json(self) -> dict[str, Any]:
        def plain(v: Any) -> Any:
            if isinstance(v, datetime):
                return v.isoformat()
            if isinstance(v, dict):
                return {k: plain(x) for k, x in v.items()}
            if isinstance(v, (list, tuple)):
                return [plain(x) for x in v]
            return v

        return plain(asdict(self))


@dataclass(frozen=True)
class EvidenceAudio:
    """The moment to be heard, as a mono 16-bit WAV in memory (audio never leaves the PC, and no
    decoded copy is left on disk): the resident's channel from `clip_start_s` to `clip_end_s` of
    the call — the span (`start_s`–`end_s`) with CONTEXT_S of context either side — and nothing
    else of the call. The 'listen' access-log row names exactly that clip."""

    wav: bytes
    rate: int
    start_s: float
    end_s: float
    clip_start_s: float
    clip_end_s: float

    @property
    def duration_s(self) -> float:
        return self.clip_end_s - self.clip_start_s


# ---- reading ---------------------------------------------------------------------------------
def _rows_query():
    return (select(RiskFlag, Household.ref, Household.name, Household.dong)
            .join(Household, Household.id == RiskFlag.household_id))


def _row(flag: RiskFlag, ref: str | None, name: str, dong: str) -> FlagRow:
    return FlagRow(
        id=flag.id, household_id=flag.household_id, household_ref=ref or f"#{flag.household_id}",
        household_name=name, dong=dong, source=flag.source, category=flag.category, severity=flag.severity,
        status=flag.status, reason=flag.reason or "", assignee=flag.assignee, created_at=flag.created_at,
        acknowledged_at=flag.acknowledged_at, acknowledged_by=flag.acknowledged_by, resolved_at=flag.resolved_at,
        resolved_by=flag.resolved_by, resolution=flag.resolution, resolution_note=flag.resolution_note or "",
        is_demo=bool(flag.is_demo))


def _load_row(s: Session, flag_id: int) -> FlagRow:
    found = s.execute(_rows_query().where(RiskFlag.id == flag_id)).first()
    if found is None:
        raise FlagNotFound(flag_id)
    return _row(*found)


def review_queue(db: Database, *, status: str = "active", assignee: str | tuple[str, ...] | None = None,
                 text: str | None = None, limit: int | None = None, actor: str | None = None) -> list[FlagRow]:
    """Flags for the queue, urgent first (high > medium > low), then oldest first. With `actor`
    (every view a person makes) one access-log row names how many flags of which households.

    `assignee`: one name, or several (a person's display name and username: "mine only").
    With `actor`, a social worker sees the flags of her own households only; a stranger (not a
    user, once users exist) is refused.

    status: open | acknowledged | resolved | active (open + acknowledged) | all. `text` matches
    the household's name, ref and 동, the reason, the category and the assignee (any case)."""
    q = queue_statement(status, assignee, text)
    if limit is not None:
        q = q.limit(limit)
    with db.session() as s:
        if actor is not None:
            scoped = view_scope.effective(s, actor).clause()  # the role's scope and the person's choice
            if scoped is not None:
                q = q.where(scoped)
        rows = [_row(*r) for r in s.execute(q).all()]
        if actor is not None:
            audit_queue_view(s, actor, rows, status, assignee, text)
        return rows


def audit_queue_view(s: Session, actor: str, rows: list[FlagRow], status: str,
                     assignee: str | tuple[str, ...] | None, text: str | None, **extra: object) -> None:
    audit.record_list(s, actor, ENTITY, (r.household_ref for r in rows),
                      {"status": status, **({"assignee": list(assignee) if isinstance(assignee, tuple) else assignee} if assignee else {}),
                       **({"text": text.strip()} if text and text.strip() else {}), **extra})


def queue_statement(status: str, assignee: str | tuple[str, ...] | None, text: str | None) -> Select:
    """The queue's rows in order (urgent first, then oldest), filtered as review_queue says."""
    if status not in STATUS_FILTERS:
        raise AnbuError(f"알 수 없는 상태 '{status}' (status must be one of: {', '.join(STATUS_FILTERS)})")
    q = _rows_query().order_by(severity_rank(SEVERITY_RANK).desc(), RiskFlag.created_at, RiskFlag.id)
    if status == "active":
        q = q.where(RiskFlag.status.in_(("open", "acknowledged")))
    elif status != "all":
        q = q.where(RiskFlag.status == status)
    if isinstance(assignee, str) and assignee:
        q = q.where(RiskFlag.assignee == assignee)
    elif assignee:
        q = q.where(RiskFlag.assignee.in_(assignee))
    if text and text.strip():
        needle = text.strip().lower()
        q = q.where(or_(*(func.lower(col).contains(needle, autoescape=True) for col in (
            Household.name, Household.ref, Household.dong, RiskFlag.reason, RiskFlag.category, RiskFlag.assignee))))
    return q


def queue_version(db: Database) -> int:
    """One O(1) read the console polls: the change counter a database trigger bumps on every
    insert, update or delete of risk_flag (migration 0020_scale), by this PC, another PC or the
    runner — not a scan of the flags, which grow with history (issue 19)."""
    from storage.queries import change_versions

    with db.session() as s:
        return change_versions(s)["risk_flag"]


def _call_answers(s: Session, flag: RiskFlag) -> tuple[AnswerEvidence, ...]:
    """The answers a call flag was raised on: its flag_match rows, or the JSON copy a flag written
    before flag_match carries."""
    rows = s.execute(select(FlagMatch, CallAnswer).join(CallAnswer, FlagMatch.call_answer_id == CallAnswer.id)
                     .where(FlagMatch.flag_id == flag.id)).all()
    return matched_answers(rows) if rows else call_answers(flag.evidence)


def _recording(s: Session, flag: RiskFlag, answers: tuple[AnswerEvidence, ...]) -> tuple[str, AudioSpan | None]:
    attempt = s.get(CallAttempt, flag.attempt_id) if flag.attempt_id else None
    if attempt is None or not attempt.recording_path:
        return "none", None
    if attempt.recording_purged_at is not None:
        return "purged", None
    from care.checkins.recordings import playable_recording, recordings_root

    on_disk = playable_recording(attempt.recording_path, recordings_root(s))
    if on_disk is None:
        return "missing", None
    span = next((a.audio_span() for a in answers if a.matches and a.audio_span()), None) \
        or next((a.audio_span() for a in answers if a.audio_span()), None)
    if span is None:
        return "none", None
    return "available", AudioSpan(str(on_disk), round(span[0], 3), round(span[1], 3))


def flag_detail(db: Database, flag_id: int, actor: str) -> FlagDetail:
    """Everything the detail pane shows; logs a 'view' of the flag (it names the resident)."""
    with db.session() as s:
        row = _load_row(s, flag_id)
        flag = s.get_one(RiskFlag, flag_id)
        h = s.get_one(Household, flag.household_id)
        access.require(s, actor, access.Permission.REVIEW_FLAG, household=h, entity=ENTITY, entity_id=flag_id)
        contacts = s.scalars(select(Contact).where(Contact.household_id == h.id).order_by(Contact.priority))
        keyholders = tuple(Keyholder(c.priority, c.name, c.relation, display_phone(c.phone), c.has_key)
                           for c in contacts)
        answers = _call_answers(s, flag) if flag.source == "call" else ()
        recording, audio = _recording(s, flag, answers) if flag.source == "call" else ("none", None)
        missed = missed_evidence(flag.evidence) if flag.source == "missed_calls" else None
        device = None
        if flag.source in ("sensor", "robot"):
            device = device_evidence(flag.evidence, s.get(Device, flag.device_id) if flag.device_id else None)
        audit.record(s, actor, "view", ENTITY, flag_id, {"household_id": h.id})
        return FlagDetail(
            flag=row,
            household=HouseholdFacts(h.id, h.ref or f"#{h.id}", h.name, display_phone(h.phone), h.address, h.dong,
                                     h.worker, h.notes),
            keyholders=keyholders, answers=answers, recording=recording, audio=audio, missed=missed, device=device)


CONTEXT_S = 1.0  # heard before and after the span: a little context helps the reviewer judge the words
MAX_CLIP_S = 60.0  # one listen hands over at most this much of a call


def evidence_audio(db: Database, flag_id: int, actor: str,
                   start_s: float | None = None, end_s: float | None = None) -> EvidenceAudio:
    """Only what the reviewer is to hear: the resident's channel of the flag's call from CONTEXT_S
    before the span to CONTEXT_S after it (at most MAX_CLIP_S). The span is the flag's evidence
    span, or `start_s`–`end_s` (a word of its transcript the reviewer clicked). Logs a 'listen'
    whose start_s/end_s are the span and played_from_s/played_to_s the clip handed over."""

    with db.session() as s:
        flag = s.get(RiskFlag, flag_id)
        if flag is None:
            raise FlagNotFound(flag_id)
        access.require(s, actor, access.Permission.REVIEW_FLAG, household=s.get_one(Household, flag.household_id),
                       entity=ENTITY, entity_id=flag_id)
        state, span = _recording(s, flag, _call_answers(s, flag))
        attempt_id = flag.attempt_id
    if span is None:
        raise AnbuError(f"플래그 {flag_id}에는 들을 수 있는 녹음이 없습니다 (no playable recording: {state})")
    lo, hi = (span.start_s, span.end_s) if start_s is None or end_s is None else (start_s, end_s)
    if not (math.isfinite(lo) and math.isfinite(hi) and 0.0 <= lo <= hi):
        raise AnbuError(f"들을 구간이 올바르지 않습니다: {lo}–{hi}초 (not a span of the call: {lo}–{hi} s)")
    wav, rate, played = cut_clip(span.path, span.channel, lo, hi)
    with db.session() as s:
        audit.record(s, actor, "listen", ENTITY, flag_id,
                     {"attempt_id": attempt_id, "start_s": round(lo, 3), "end_s": round(hi, 3),
                      "channel": "resident", "played_from_s": played[0], "played_to_s": played[1]})
    return EvidenceAudio(wav, rate, round(lo, 3), round(hi, 3), *played)


def cut_clip(path: str, channel_index: int, lo: float, hi: float) -> tuple[bytes, int, tuple[float, float]]:
    """One channel of a recording from CONTEXT_S before `lo` to CONTEXT_S after `hi` (at most
    MAX_CLIP_S), as an in-memory mono WAV: (bytes, sample rate, (played from s, played to s)).
    Both the review page's evidence and the household page's answers are heard through this."""
    from speech.audio import read_wav, to_pcm16

    audio = read_wav(path)
    channel = audio.channel(min(channel_index, audio.channels - 1))
    clip_start = max(0.0, lo - CONTEXT_S)
    clip_end = min(audio.duration_s, hi + CONTEXT_S, clip_start + MAX_CLIP_S)
    if clip_end <= clip_start:
        raise AnbuError(f"들을 구간 {lo:.1f}–{hi:.1f}초가 녹음({audio.duration_s:.1f}초) 밖에 있습니다 "
                        f"(the span is outside the {audio.duration_s:.1f} s recording)")
    first, last = round(clip_start * audio.rate), round(clip_end * audio.rate)
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(audio.rate)
        w.writeframes(to_pcm16(channel[first:last]))
    return buf.getvalue(), audio.rate, (round(first / audio.rate, 3), round(last / audio.rate, 3))


# ---- changing ---------------------------------------------------------------------------------
def _refusal(flag: RiskFlag, wanted: str) -> FlagTransitionError:
    if flag.status == "resolved":
        when = flag.resolved_at.isoformat(timespec="minutes") if flag.resolved_at else "?"
        return FlagTransitionError(
            f"이미 처리된 플래그입니다: {flag.resolved_by or '?'}, {flag.resolution or '?'}, {when} "
            f"(flag {flag.id} is already resolved; cannot {wanted})")
    return FlagTransitionError(
        f"이미 확인된 플래그입니다: {flag.acknowledged_by or '?'} (flag {flag.id} is already {flag.status}; "
        f"cannot {wanted})")


def _change(db: Database, flag_id: int, actor: str, action: str, allowed: tuple[str, ...],
            values: dict[str, Any] | Callable[[RiskFlag], dict[str, Any]], detail: dict[str, Any],
            permission: access.Permission = access.Permission.REVIEW_FLAG) -> FlagRow:
    with db.session() as s:
        return _change_in(s, flag_id, actor, action, allowed, values, detail, permission)


def _change_in(s: Session, flag_id: int, actor: str, action: str, allowed: tuple[str, ...],
               values: dict[str, Any] | Callable[[RiskFlag], dict[str, Any]], detail: dict[str, Any],
               permission: access.Permission | None = access.Permission.REVIEW_FLAG,
               at: datetime | None = None) -> FlagRow:
    if not actor or not actor.strip():
        raise AnbuError("처리자 이름이 필요합니다 (an actor is required)")
    flag = s.get(RiskFlag, flag_id)
    if flag is None:
        raise FlagNotFound(flag_id)
    if permission is not None:  # None: the caller established the right (the escalation engine)
        access.require(s, actor, permission, household=s.get_one(Household, flag.household_id), entity=ENTITY,
                       entity_id=flag_id)
    seen = flag.status
    if seen not in allowed:
        raise _refusal(flag, action)
    changes = values(flag) if callable(values) else values
    done = s.execute(update(RiskFlag).where(RiskFlag.id == flag_id, RiskFlag.status == seen)
                     .values(**changes).execution_options(synchronize_session=False)).rowcount
    if done != 1:  # someone else moved it between our read and our write
        s.expire(flag)
        raise _refusal(s.get(RiskFlag, flag_id), action)
    audit.record(s, actor, action, ENTITY, flag_id, {"from": seen, **detail}, at=at)
    s.expire(flag)
    return _load_row(s, flag_id)


def acknowledge(db: Database, flag_id: int, actor: str) -> FlagRow:
    """open -> acknowledged: someone has seen it and is on it."""
    return _change(db, flag_id, actor, "acknowledge", ("open",),
                   {"status": "acknowledged", "acknowledged_at": utcnow(), "acknowledged_by": actor}, {})


def acknowledge_in(s: Session, flag_id: int, actor: str, at: datetime, detail: dict[str, Any]) -> FlagRow:
    """acknowledge() inside the caller's transaction, at `at` (the escalation engine: an SMS reply
    or keypad 1 on a notification call, on the runner's clock); `detail` says how. No role check:
    the engine accepts only a reply from a number it alerted for this flag (a duty user, a desk or
    a keyholder, who need not be the household's own worker)."""
    row = _change_in(s, flag_id, actor, "acknowledge", ("open",),
                     {"status": "acknowledged", "acknowledged_at": at, "acknowledged_by": actor}, detail,
                     permission=None, at=at)
    return row


def assign(db: Database, flag_id: int, assignee: str, actor: str) -> FlagRow:
    """Give the flag to a worker; an open flag becomes acknowledged by the one who assigned it."""
    name = (assignee or "").strip()
    if not name:
        raise FlagTransitionError("담당자 이름을 입력하세요 (an assignee name is required)")
    if len(name) > MAX_ASSIGNEE:
        raise FlagTransitionError(f"담당자 이름이 너무 깁니다 (assignee longer than {MAX_ASSIGNEE} characters)")

    def values(flag: RiskFlag) -> dict[str, Any]:
        out: dict[str, Any] = {"assignee": name}
        if flag.status == "open":
            out.update(status="acknowledged", acknowledged_at=utcnow(), acknowledged_by=actor)
        return out

    return _change(db, flag_id, actor, "assign", ("open", "acknowledged"), values, {"assignee": name},
                   access.Permission.ASSIGN_FLAG)


def resolve(db: Database, flag_id: int, actor: str, resolution: str, note: str = "") -> FlagRow:
    """open|acknowledged -> resolved with an outcome; a resolved flag is never resolved again."""
    with db.session() as s:
        return resolve_in(s, flag_id, actor, resolution, note)


def resolve_in(s: Session, flag_id: int, actor: str, resolution: str, note: str = "",
               detail: dict[str, Any] | None = None) -> FlagRow:
    """resolve() inside the caller's transaction (a follow-up contact resolves its flags with the
    contact, all or nothing); `detail` is added to the audit row."""
    if resolution not in OUTCOMES:
        raise FlagTransitionError(
            f"알 수 없는 처리 결과 '{resolution}' (outcome must be one of: {', '.join(OUTCOMES)})")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise FlagTransitionError(f"메모가 너무 깁니다 (note longer than {MAX_NOTE} characters)")
    return _change_in(s, flag_id, actor, "resolve", ("open", "acknowledged"),
                      {"status": "resolved", "resolved_at": utcnow(), "resolved_by": actor, "resolution": resolution,
                       "resolution_note": note}, {"resolution": resolution, "note": note, **(detail or {})})

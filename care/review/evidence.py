"""A flag's stored evidence rendered to plain frozen data the console and the CLI can show without
knowing the writers' shapes.

Call evidence: flags written since revision 0008 have flag_match rows (care.flags) that point at
the stored call_answer with the span already in its readable text; `matched_answers` turns them
into AnswerEvidence as they are. Older call flags carry a JSON copy of the answers whose spans
refer to Vosk's words joined with spaces ("밥 을 못 먹 었 어요"); `call_answers` still moves those
onto the readable text ("밥을 못 먹었어요"), so the highlighted characters are exactly the ones
that made the flag fire. Missed-call and device evidence is the writers' JSON (care.flags).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from care.flags import space_map
from speech.matching import Match  # one risky phrase: [start, end) of the answer text, audio time if known


@dataclass(frozen=True)
class AnswerEvidence:
    index: int
    text: str
    matches: tuple[Match, ...]
    start_s: float | None  # the answer's window in the recording
    end_s: float | None
    confidence: float | None

    def audio_span(self) -> tuple[float, float] | None:
        """The matched words' time in the call (first to last match), else the whole answer."""
        timed = [m for m in self.matches if m.audio_start is not None]
        if timed:
            return (min(m.audio_start for m in timed),  # type: ignore[type-var]
                    max((m.audio_end if m.audio_end is not None else m.audio_start) for m in timed))  # type: ignore[type-var]
        if self.start_s is not None and self.end_s is not None and self.end_s > self.start_s:
            return self.start_s, self.end_s
        return None


@dataclass(frozen=True)
class MissedEvidence:
    slot: str
    cause: str  # no_answer | busy | machine | silent | failed | not_placed | unreachable
    attempts: int
    two_weeks_in_a_row: bool
    last_contact_at: datetime | None
    activity: str  # the activity cross-check's sentence, "" when there was none


@dataclass(frozen=True)
class DeviceEvidence:
    device_ref: str  # "" for a whole-household (gateway) flag
    kind: str  # motion | door | ... | robot ("" for a gateway flag)
    rule: str
    since: datetime | None
    last_value: float | None
    last_seen_at: datetime | None  # from the device row at the time of viewing
    battery: float | None
    devices: tuple[str, ...] = ()  # gateway_silent: every silent device
    other_activity: tuple[str, ...] = ()  # no_motion: devices that did show activity


def _float(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        ts = datetime.fromisoformat(value)
    except ValueError:
        return None
    return ts if ts.tzinfo is not None else None


def _matches(raw_matches: Any, base: str) -> list[Match]:
    out = []
    for m in raw_matches if isinstance(raw_matches, list) else []:
        if not isinstance(m, dict):
            continue
        try:
            start, end = int(m.get("start")), int(m.get("end"))
        except (TypeError, ValueError):
            continue
        if not 0 <= start < end <= len(base):
            continue
        out.append(Match(str(m.get("category", "")), str(m.get("term", "")), start, end,
                             _float(m.get("audio_start")), _float(m.get("audio_end"))))
    return out


def answer_evidence(data: dict) -> AnswerEvidence:
    words = data.get("words") if isinstance(data.get("words"), list) else []
    readable = str(data.get("text") or "")
    base = " ".join(str(w.get("word", "")) for w in words if isinstance(w, dict)) if words else readable
    matches = _matches(data.get("matches"), base)
    text = base
    if base != readable and readable:
        mapping = space_map(base, readable)
        if mapping is not None:
            text = readable
            matches = [Match(m.category, m.term, mapping[m.start], mapping[m.end], m.audio_start, m.audio_end)
                       for m in matches if mapping[m.end] > mapping[m.start]]
    try:
        index = int(data.get("index") or 0)
    except (TypeError, ValueError):
        index = 0
    return AnswerEvidence(index=index, text=text, matches=tuple(sorted(matches, key=lambda m: (m.start, m.end))),
                          start_s=_float(data.get("start_s")), end_s=_float(data.get("end_s")),
                          confidence=_float(data.get("confidence")))


def matched_answers(rows: Iterable[tuple[Any, Any]]) -> tuple[AnswerEvidence, ...]:
    """(storage.models.FlagMatch, storage.models.CallAnswer) pairs -> one AnswerEvidence per
    answer, in question order, its matches in text order."""
    by_answer: dict[int, tuple[Any, list[Match]]] = {}
    for match, answer in rows:
        entry = by_answer.setdefault(answer.id, (answer, []))
        entry[1].append(Match(match.category, match.term, match.span_start, match.span_end,
                                  match.audio_start, match.audio_end))
    return tuple(
        AnswerEvidence(index=answer.question_index, text=answer.text or "",
                       matches=tuple(sorted(spans, key=lambda m: (m.start, m.end))),
                       start_s=answer.start_s, end_s=answer.end_s, confidence=answer.confidence)
        for answer, spans in sorted(by_answer.values(), key=lambda e: e[0].question_index))


def call_answers(evidence: Any) -> tuple[AnswerEvidence, ...]:
    answers = evidence.get("answers") if isinstance(evidence, dict) else None
    return tuple(answer_evidence(a) for a in answers if isinstance(a, dict)) if isinstance(answers, list) else ()


def missed_evidence(evidence: Any) -> MissedEvidence | None:
    if not isinstance(evidence, dict):
        return None
    attempts = evidence.get("attempts")
    count = len(attempts) if isinstance(attempts, list) else int(attempts) if isinstance(attempts, int) else 0
    activity = evidence.get("activity")
    return MissedEvidence(
        slot=str(evidence.get("slot") or ""), cause=str(evidence.get("cause") or ""), attempts=count,
        two_weeks_in_a_row=bool(evidence.get("two_weeks_in_a_row")),
        last_contact_at=_when(evidence.get("last_contact_at")),
        activity=str(activity.get("detail") or "") if isinstance(activity, dict) else "")


def device_evidence(evidence: Any, device: Any | None) -> DeviceEvidence | None:
    """`device` is the flag's storage.models.Device row (None for a gateway flag or a deleted device)."""
    if not isinstance(evidence, dict) and device is None:
        return None
    ev = evidence if isinstance(evidence, dict) else {}
    listed = ev.get("devices") if isinstance(ev.get("devices"), list) else []
    others = ev.get("other_activity") if isinstance(ev.get("other_activity"), list) else []
    return DeviceEvidence(
        device_ref=str(ev.get("device") or (device.ref if device is not None else "")),
        kind=str(ev.get("kind") or (device.kind if device is not None else "")),
        rule=str(ev.get("rule") or ""), since=_when(ev.get("since")), last_value=_float(ev.get("last_value")),
        last_seen_at=device.last_seen_at if device is not None else None,
        battery=_float(ev.get("battery")) if ev.get("battery") is not None else (
            device.battery if device is not None else None),
        devices=tuple(str(d) for d in listed), other_activity=tuple(str(d) for d in others))

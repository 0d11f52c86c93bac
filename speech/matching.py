"""Risk matching: which of six categories an answer touches, and exactly which words made it fire
(care/flags.py turns matches into flags; this module only finds them).

Technique (chosen by measurement, see bench/flag_techniques.py and the README): the text is
normalised (Korean: spaces and punctuation removed; English: lower-case words, contractions
expanded — speech.risk_normalise) and the lexicon's patterns run over that form. Each hit is
then checked against its surroundings:

- negation from the lexicon's [negation] table ("안 아파요", "아프지 않아요", "not in any pain"),
  skipped for terms marked negate = false (self-harm talk is always heard by a person);
- the term's own unless_before / unless_after (idioms such as "배고파 죽겠어요" = "very hungry",
  other words such as "아파트").

Several categories can fire in one answer; spans are reported in the ORIGINAL text, and
flag_words() adds the audio start/end of the Vosk words under each match so the console can
play the evidence. The morphological analyser (kiwipiepy) was measured as an alternative and
as a disambiguator for 죽 — it did not pay its cost here; see the README table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from speech.lexicon import CATEGORIES, Lexicon, Term, load_lexicon
from speech.risk_normalise import NORMALISERS, Normalised

HIGH_CATEGORIES = frozenset({"emergency", "self_harm"})
_CONTEXT = 48  # characters of normalised text looked at on either side of a hit
_CATEGORY_ORDER = {name: i for i, name in enumerate(CATEGORIES)}


@dataclass(frozen=True)
class Match:
    category: str
    term: str
    start: int
    end: int
    audio_start: float | None = None
    audio_end: float | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"category": self.category, "term": self.term, "start": self.start, "end": self.end}
        if self.audio_start is not None:
            data["audio_start"] = round(self.audio_start, 3)
            data["audio_end"] = round(self.audio_end if self.audio_end is not None else self.audio_start, 3)
        return data


@dataclass(frozen=True)
class FlagResult:
    text: str
    categories: tuple[str, ...]
    severity: str  # "none" | "medium" | "high"
    matches: tuple[Match, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "categories": list(self.categories),
            "severity": self.severity,
            "matches": [m.to_json() for m in self.matches],
        }


def severity_of(categories: Sequence[str]) -> str:
    if not categories:
        return "none"
    return "high" if HIGH_CATEGORIES.intersection(categories) else "medium"


def _either(patterns: Sequence[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


@dataclass(frozen=True)
class _CompiledTerm:
    term: Term
    finder: re.Pattern[str]
    unless_before: re.Pattern[str] | None
    unless_after: re.Pattern[str] | None


# veto(term, normalised, start, end) -> True drops the hit; lets a caller add its own evidence
# (the kiwipiepy comparison in bench/ uses it to decide 죽 by part of speech).
Veto = Callable[[Term, Normalised, int, int], bool]


class RiskMatcher:
    """One lexicon compiled once; flag() is cheap enough for thousands of answers a second."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.normalise = NORMALISERS[lexicon.normalise]
        self._neg_before = _either(lexicon.negation_before)
        self._neg_after = _either(lexicon.negation_after)
        self._terms = tuple(
            _CompiledTerm(t, _either(t.patterns), _either(t.unless_before), _either(t.unless_after))
            for t in lexicon.terms
        )

    def flag(self, text: str) -> FlagResult:
        return self.flag_normalised(text, self.normalise(text))

    def flag_normalised(self, text: str, norm: Normalised, veto: Veto | None = None) -> FlagResult:
        s = norm.text
        hits: list[tuple[int, int, str, str]] = []  # start, end, category, term (normalised offsets)
        if s:
            for ct in self._terms:
                for m in ct.finder.finditer(s):
                    a, b = m.span()
                    if a == b or self._ignored(ct, s, a, b):
                        continue
                    if veto is not None and veto(ct.term, norm, a, b):
                        continue
                    hits.append((a, b, ct.term.category, ct.term.term))
        return self._result(text, norm, hits)

    def _ignored(self, ct: _CompiledTerm, s: str, a: int, b: int) -> bool:
        before = s[max(0, a - _CONTEXT) : a]
        after = s[b : b + _CONTEXT]
        if ct.unless_before is not None and ct.unless_before.search(before):
            return True
        if ct.unless_after is not None and ct.unless_after.search(after):
            return True
        if not ct.term.negate:
            return False
        if self._neg_before is not None and self._neg_before.search(before):
            return True
        return self._neg_after is not None and self._neg_after.search(after) is not None

    @staticmethod
    def _result(text: str, norm: Normalised, hits: list[tuple[int, int, str, str]]) -> FlagResult:
        hits.sort(key=lambda h: (h[0], -h[1], _CATEGORY_ORDER[h[2]]))
        kept: list[tuple[int, int, str, str]] = []
        last: dict[str, int] = {}  # category -> index in kept of its latest hit (hits are sorted by start)
        for hit in hits:
            i = last.get(hit[2])
            if i is not None and hit[0] < kept[i][1]:
                # overlapping hits of one category are one piece of evidence: widen the first
                kept[i] = (kept[i][0], max(kept[i][1], hit[1]), hit[2], kept[i][3])
                continue
            last[hit[2]] = len(kept)
            kept.append(hit)
        matches = []
        for a, b, category, term in kept:
            start, end = norm.span(a, b)
            matches.append(Match(category, term, start, end))
        found = {m.category for m in matches}
        categories = tuple(c for c in CATEGORIES if c in found)
        return FlagResult(text, categories, severity_of(categories), tuple(matches))


@lru_cache(maxsize=8)
def matcher_for(lang: str = "ko", path: Path | None = None) -> RiskMatcher:
    """The compiled matcher for a language (cached per process; the lexicon is read once)."""
    return RiskMatcher(load_lexicon(lang, path))


def flag_text(text: str, lang: str = "ko") -> FlagResult:
    """Categories, severity and matches (spans in `text`) for one utterance."""
    return matcher_for(lang).flag(text)


def flag_words(words: Sequence[Any], lang: str = "ko", matcher: RiskMatcher | None = None) -> FlagResult:
    """Flag a transcript's timed words (speech.transcribe.Word: .word .start .end).

    The words are joined with single spaces (that joined text is FlagResult.text and the spans
    refer to it); every match also carries the audio time from its first to its last word.
    """
    pieces: list[str] = []
    bounds: list[tuple[int, int]] = []
    pos = 0
    for w in words:
        if pieces:
            pos += 1
        pieces.append(w.word)
        bounds.append((pos, pos + len(w.word)))
        pos += len(w.word)
    text = " ".join(pieces)
    result = (matcher or matcher_for(lang)).flag(text)
    timed = []
    for m in result.matches:
        under = [w for w, (a, b) in zip(words, bounds, strict=True) if a < m.end and m.start < b]
        if under:
            m = Match(m.category, m.term, m.start, m.end, float(under[0].start), float(under[-1].end))
        timed.append(m)
    return FlagResult(result.text, result.categories, result.severity, tuple(timed))

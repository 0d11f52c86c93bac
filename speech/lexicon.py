"""Risk-flag lexicons: resources/lexicon/<lang>.toml, loaded and validated.

The lexicons are data a supervisor edits, so a mistake in them must never surface as a traceback
deep inside the matcher: every entry is checked here (category names, pattern syntax, patterns
that could match nothing or everything, unknown keys) and a LexiconError names the file and the
exact entry ("ko.toml: [health] \"아프다\" pattern 2 ...").

File shape (see the comments in resources/lexicon/ko.toml):

    language = "ko"
    normalise = "compact"          # ko: spaces/punctuation removed; en: "words"

    [negation]
    before = ["안$"]               # regex on the text just before a term; a hit cancels the term
    after = ["^지(는|도)?않"]      # regex on the text just after a term

    [health]                       # one table per category
    "아프다" = ["아프", "아파"]     # term = list of patterns (regular expressions)
    "넘어질 뻔" = { patterns = ["넘어질뻔"], negate = false, unless_before = ["..."] }

A supervisor override directory can be set with ANBU_LEXICON_DIR (a <lang>.toml there wins).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from speech.errors import SpeechError

CATEGORIES = ("emergency", "self_harm", "health", "meals", "emotional", "living")
NORMALISERS = ("compact", "words")
LEXICON_DIR = Path(__file__).resolve().parents[1] / "resources" / "lexicon"
_TERM_KEYS = {"patterns", "negate", "unless_before", "unless_after"}
_TOP_KEYS = {"language", "normalise", "negation", *CATEGORIES}


class LexiconError(SpeechError):
    """A lexicon file is missing or malformed; exit code 3 (configuration), message names the entry."""

    exit_code = 3


@dataclass(frozen=True)
class Term:
    """One entry: what staff read as the reason (`term`) and the patterns that find it."""

    category: str
    term: str
    patterns: tuple[str, ...]
    negate: bool = True
    unless_before: tuple[str, ...] = ()
    unless_after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    language: str
    normalise: str
    path: Path
    terms: tuple[Term, ...]
    negation_before: tuple[str, ...] = ()
    negation_after: tuple[str, ...] = ()


def lexicon_path(lang: str) -> Path:
    """The file load_lexicon(lang) reads: the override dir first, then the packaged one."""
    override = os.environ.get("ANBU_LEXICON_DIR")
    if override:
        candidate = Path(override) / f"{lang}.toml"
        if candidate.exists():
            return candidate
    return LEXICON_DIR / f"{lang}.toml"


def load_lexicon(lang: str = "ko", path: Path | None = None) -> Lexicon:
    """Read and validate a lexicon; raises LexiconError naming the file and the bad entry."""
    path = Path(path) if path is not None else lexicon_path(lang)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LexiconError(f"cannot read lexicon {path}: {exc.strerror or exc}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{path.name}: not UTF-8 text (byte {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{path.name}: TOML syntax error: {exc}") from exc
    return parse_lexicon(data, path=path, lang=lang)


def parse_lexicon(data: dict, *, path: Path, lang: str | None = None) -> Lexicon:
    name = path.name
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise LexiconError(
            f"{name}: unknown table or key [{unknown[0]}] (categories are: {', '.join(CATEGORIES)})"
        )
    language = data.get("language")
    if not isinstance(language, str) or not language:
        raise LexiconError(f'{name}: missing language = "ko" or "en" at the top')
    if lang is not None and language != lang:
        raise LexiconError(f'{name}: language = "{language}" but the "{lang}" lexicon was asked for')
    normalise = data.get("normalise", "compact")
    if normalise not in NORMALISERS:
        raise LexiconError(f'{name}: normalise = "{normalise}" must be one of {", ".join(NORMALISERS)}')
    negation = data.get("negation", {})
    if not isinstance(negation, dict) or set(negation) - {"before", "after"}:
        raise LexiconError(f"{name}: [negation] takes only before = [...] and after = [...]")
    neg_before = _patterns(negation.get("before", []), f"{name}: [negation] before")
    neg_after = _patterns(negation.get("after", []), f"{name}: [negation] after")
    terms: list[Term] = []
    for category in CATEGORIES:
        table = data.get(category, {})
        if not isinstance(table, dict):
            raise LexiconError(f"{name}: [{category}] must be a table of term = [patterns]")
        for term, value in table.items():
            terms.append(_term(category, term, value, name))
    if not terms:
        raise LexiconError(f"{name}: no terms in any category")
    return Lexicon(language, normalise, path, tuple(terms), neg_before, neg_after)


def _term(category: str, term: str, value: object, name: str) -> Term:
    where = f'{name}: [{category}] "{term}"'
    if not term.strip():
        raise LexiconError(f"{name}: [{category}] has an empty term name")
    if isinstance(value, list):
        value = {"patterns": value}
    if not isinstance(value, dict):
        raise LexiconError(f"{where} must be a list of patterns or {{ patterns = [...], ... }}")
    unknown = sorted(set(value) - _TERM_KEYS)
    if unknown:
        raise LexiconError(f"{where}: unknown key {unknown[0]} (allowed: {', '.join(sorted(_TERM_KEYS))})")
    patterns = _patterns(value.get("patterns"), where, required=True)
    negate = value.get("negate", True)
    if not isinstance(negate, bool):
        raise LexiconError(f"{where}: negate must be true or false")
    return Term(
        category,
        term,
        patterns,
        negate,
        _patterns(value.get("unless_before", []), f"{where} unless_before"),
        _patterns(value.get("unless_after", []), f"{where} unless_after"),
    )


def _patterns(value: object, where: str, *, required: bool = False) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise LexiconError(f"{where}: patterns must be a list of strings")
    if required and not value:
        raise LexiconError(f"{where}: needs at least one pattern")
    for i, pattern in enumerate(value, 1):
        if not pattern.strip():
            raise LexiconError(f"{where} pattern {i} is empty")
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise LexiconError(f"{where} pattern {i} {pattern!r} is not a valid pattern: {exc}") from exc
        if required and compiled.search("") is not None:
            raise LexiconError(f"{where} pattern {i} {pattern!r} matches empty text (it would fire everywhere)")
        del compiled
    return tuple(value)


__all__ = ["CATEGORIES", "Lexicon", "LexiconError", "Term", "load_lexicon", "lexicon_path", "parse_lexicon"]

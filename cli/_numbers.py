"""Bounded argparse types for every numeric (and time) option of the commands.

argparse's own `type=int` / `type=float` accept 99999999999999999999, `inf`, `nan` and `1e999`,
and the value then overflows far from the option (SQLite binds 64-bit integers, timedelta and
datetime have a range). These types refuse such values at parse time, so the person sees

    anbu review: error: argument --show: 99999999999999999999 is not a whole number between 1 and ...

and exit code 2, never a traceback. Use them for every numeric option:

    parser.add_argument("--household", type=record_id, metavar="ID")
    parser.add_argument("--days", type=bounded_float(0, 36_500))
    parser.add_argument("--now", type=instant_text)      # validated, returned as given

Types that validate text some code parses later (instant_text, date_text, household_key) return
the text unchanged, so the command's own parsing keeps working.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from datetime import UTC, date, datetime

SQLITE_MAX_INT = 2**63 - 1  # SQLite INTEGER is a signed 64-bit value; PostgreSQL BIGINT likewise
MAX_RECORD_ID = 2**31 - 1  # ids are INTEGER columns: 32-bit on PostgreSQL (a larger id is "out of range" there)
FIRST_YEAR, LAST_YEAR = 1900, 2200  # dates and instants outside are typos or attacks, not schedules
MAX_TEXT = 100  # a number or a date is never longer; int("9" * 5000) raises on its own


def _checked(fn: Callable) -> Callable:
    """Marks a type as one of these (tests/storage/test_cli_numbers.py fuzzes every marked option and
    fails on an option typed with bare int or float)."""
    fn.anbu_checked = True  # type: ignore[attr-defined]
    return fn


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def bounded_int(low: int = 0, high: int = SQLITE_MAX_INT, what: str = "a whole number") -> Callable[[str], int]:
    """An argparse type: a whole number low..high (both inclusive)."""

    def parse(text: str) -> int:
        raw = text.strip()
        digits = raw.removeprefix("-").removeprefix("+")
        if len(raw) > MAX_TEXT or not digits.isascii() or not digits.isdigit():
            raise argparse.ArgumentTypeError(f"{_short(text)!r} is not {what} (between {low} and {high})")
        value = int(raw)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{_short(text)} is not {what} between {low} and {high}")
        return value

    parse.__name__ = "bounded_int"
    return _checked(parse)


def bounded_float(low: float, high: float, *, above_low: bool = False, what: str = "a number") -> Callable[[str], float]:
    """An argparse type: a finite number in [low, high] (or (low, high] with above_low)."""

    def parse(text: str) -> float:
        raw = text.strip()
        try:
            value = float(raw) if len(raw) <= MAX_TEXT else math.nan
        except ValueError:
            value = math.nan
        low_ok = value > low if above_low else value >= low
        if not math.isfinite(value) or not low_ok or value > high:
            side = "more than" if above_low else "at least"
            raise argparse.ArgumentTypeError(f"{_short(text)!r} is not {what} ({side} {low:g}, at most {high:g})")
        return value

    parse.__name__ = "bounded_float"
    return _checked(parse)


record_id = bounded_int(1, MAX_RECORD_ID, "a record id")
seed = bounded_int(0, SQLITE_MAX_INT, "a seed")


@_checked
def instant_text(text: str) -> str:
    """An ISO-8601 time with a UTC offset, between FIRST_YEAR and LAST_YEAR; returned as given."""
    try:
        value = datetime.fromisoformat(text.strip()) if len(text) <= MAX_TEXT else None
    except ValueError:
        value = None
    if value is None:
        raise argparse.ArgumentTypeError(f"{_short(text)!r} is not an ISO-8601 time (e.g. 2026-11-24T19:00+09:00)")
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{_short(text)!r} needs a UTC offset (e.g. +09:00)")
    try:
        year = value.astimezone(UTC).year
    except OverflowError:
        year = value.year
    if not FIRST_YEAR <= year <= LAST_YEAR or not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"{_short(text)} is not a time between {FIRST_YEAR} and {LAST_YEAR}")
    return text.strip()


@_checked
def aware_time(text: str) -> datetime:
    """instant_text, parsed: an aware datetime between FIRST_YEAR and LAST_YEAR."""
    return datetime.fromisoformat(instant_text(text))


@_checked
def date_text(text: str) -> str:
    """A date YYYY-MM-DD between FIRST_YEAR and LAST_YEAR; returned as given."""
    try:
        value = date.fromisoformat(text.strip()) if len(text) <= MAX_TEXT else None
    except ValueError:
        value = None
    if value is None or not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"{_short(text)!r} is not a date (YYYY-MM-DD, {FIRST_YEAR}–{LAST_YEAR})")
    return text.strip()


@_checked
def household_key(text: str) -> str:
    """A household id (1..2^31-1) or ref (H000123), or several separated by commas; returned as given."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        raise argparse.ArgumentTypeError(f"{_short(text)!r} names no household (e.g. 12 or H000012)")
    for part in parts:
        if part.isascii() and part.isdigit():
            if len(part) > 19 or not 1 <= int(part) <= MAX_RECORD_ID:
                raise argparse.ArgumentTypeError(f"{_short(part)} is not a household id (1 to {MAX_RECORD_ID})")
        elif len(part) > 32 or not part.isascii() or not part.isprintable() or " " in part:
            raise argparse.ArgumentTypeError(f"{_short(text)!r} is not a household id or ref (e.g. 12 or H000012)")
    return text.strip()


@_checked
def years_text(text: str) -> str:
    """Comma-separated years, each FIRST_YEAR..LAST_YEAR; returned as given."""
    year = bounded_int(FIRST_YEAR, LAST_YEAR, "a year")
    parts = [p for p in text.split(",") if p.strip()]
    if not parts:
        raise argparse.ArgumentTypeError(f"{_short(text)!r}: give years, e.g. 2026,2027")
    for part in parts:
        year(part)
    return text.strip()

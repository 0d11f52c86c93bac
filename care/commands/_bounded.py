"""argparse types for numbers and times that the database and datetime can hold: an id past
SQLite's 64-bit integers, `--days inf` or `--now 9999-12-31T23:59+14:00` is refused by argparse
itself (usage line, exit 2), never a traceback from deep inside a query or a timedelta."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from datetime import UTC, datetime

MAX_ID = 2**63 - 1  # SQLite INTEGER / PostgreSQL BIGINT
EARLIEST, LATEST = datetime(2000, 1, 1, tzinfo=UTC), datetime(2200, 1, 1, tzinfo=UTC)


def record_id(text: str) -> int:
    """A database id: 1 .. 2**63-1."""
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(f"{text!r} is not a record id (1 to {MAX_ID})")
    return value


def bounded_float(low: float, high: float, unit: str = "") -> Callable[[str], float]:
    """A finite number between low and high (inf, nan and 1e999 refused)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not math.isfinite(value) or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text!r} must be a number from {low:g} to {high:g}{unit}")
        return value

    return parse


def aware_time(text: str) -> datetime:
    """An ISO-8601 time with a UTC offset, between the years 2000 and 2200."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO-8601 time (e.g. 2026-11-24T19:00+09:00)") from None
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} needs a UTC offset (e.g. 2026-11-24T19:00+09:00)")
    try:
        in_utc = value.astimezone(UTC)
    except OverflowError:
        in_utc = None
    if in_utc is None or not EARLIEST <= in_utc < LATEST:
        raise argparse.ArgumentTypeError(f"{text!r} is outside the years {EARLIEST.year}-{LATEST.year - 1}")
    return value

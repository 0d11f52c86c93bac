"""Every numeric (and time) option of every command refuses hostile values with a clean argparse
error (exit 2, naming the option), never a traceback. Seeded, in-process: the whole parser is
fuzzed, and the commands that are cheap to run are run with whatever the parser accepted."""

from __future__ import annotations

import argparse
import math
import random

import pytest

import main

SEED = 20261202
CASES_PER_OPTION = 40
# Positional arguments a command needs before its options can be parsed.
POSITIONALS = {"transcribe": ["x.wav"], "assess": ["x.wav"], "import-readings": ["x.csv"],
               "import-households": ["x.csv"]}
# Commands that are quick and safe to run for real on an empty database with any accepted value.
RUNNABLE = {
    "attempts": [], "purge-recordings": ["--dry-run"], "plan": ["--show"], "call": ["--simulated"],
    "review": [],
}
FIXED = ["99999999999999999999", "9223372036854775808", "9223372036854775807", "-9223372036854775809", "0", "-1",
         "inf", "-inf", "nan", "NaN", "1e999", "-1e999", "1e308", "9" * 400, "0x10", "1_000", "١٢", "²", " 7 ",
         "", " ", "-0", "1.5", "1e3", "+5", "--", "9999-12-31T23:59+14:00", "0001-01-01T00:00-23:59",
         "2026-11-24T19:00", "2026-11-24T19:00+09:00", "9999-12-31", "0001-01-01", "2026-02-30", "H000001",
         "H999999999999999999999", "1,2,99999999999999999999", "\x00", "\u200b", "12\n", "1" * 60]


def _hostile(rng: random.Random) -> str:
    kind = rng.randrange(8)
    if kind == 0:
        return str(rng.choice([-1, 1]) * rng.randrange(10 ** rng.randrange(1, 40)))
    if kind == 1:
        return f"{rng.uniform(-9.99, 9.99):.3f}e{rng.randrange(-400, 400)}"
    if kind == 2:
        return f"{rng.randrange(1, 10000):04d}-{rng.randrange(0, 14):02d}-{rng.randrange(0, 33):02d}"
    if kind == 3:
        hh, off = rng.randrange(0, 25), rng.randrange(-24, 25)
        return f"{rng.randrange(1, 10000):04d}-12-31T{hh:02d}:59{off:+03d}:00"
    if kind == 4:
        return ",".join(str(rng.randrange(10 ** rng.randrange(1, 25))) for _ in range(rng.randrange(1, 4)))
    if kind == 5:
        return "".join(rng.choice("0123456789.e+-_ xinfa,") for _ in range(rng.randrange(0, 12)))
    if kind == 6:
        return rng.choice(["1", "2", "7", "60", "2026", "2026-11-24", "H000012"])
    return rng.choice(FIXED)


def _numeric_options(parser: argparse.ArgumentParser):
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, cmd in sub.choices.items():
        for action in cmd._actions:
            if action.type in (int, float):
                pytest.fail(f"{name} {action.option_strings}: type={action.type.__name__}; use cli._numbers")
            if getattr(action.type, "anbu_checked", False):
                yield name, action


def test_every_numeric_option_is_checked_and_fuzzed(tmp_path, capsys):
    from storage.db import open_database

    db_path = tmp_path / "fuzz.sqlite3"
    open_database(str(db_path)).dispose()
    parser = main.build_parser()
    options = list(_numeric_options(parser))
    assert len(options) >= 20, [f"{n} {a.option_strings}" for n, a in options]
    rng = random.Random(SEED)
    parsed = refused = ran = 0
    for name, action in options:
        flag = action.option_strings[0] if action.option_strings else None
        for i in range(CASES_PER_OPTION):
            value = FIXED[i] if i < len(FIXED) // 2 else _hostile(rng)
            argv = [name, *POSITIONALS.get(name, []), f"{flag}={value}"]
            try:
                args = parser.parse_args(argv)
            except SystemExit as exc:
                assert exc.code == 2, (argv, exc.code)
                assert flag in capsys.readouterr().err, argv
                refused += 1
                continue
            parsed += 1
            got = getattr(args, action.dest)
            if isinstance(got, float):
                assert math.isfinite(got), argv
            if isinstance(got, int):
                assert -(2**63) <= got < 2**63, argv
            if name in RUNNABLE:
                code = main.main(["--db", str(db_path), *argv, *RUNNABLE[name]])  # an exception fails the test
                assert code in (0, 1, 2, 3, 4), (argv, code)
                ran += 1
            capsys.readouterr()
    total = parsed + refused
    print(f"fuzzed {len(options)} options with {total} values: {refused} refused, {parsed} parsed, {ran} run")
    assert total >= 800 and refused >= 400 and ran >= 20

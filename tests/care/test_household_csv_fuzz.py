"""Seeded fuzz of the household CSV import (issue 11 item 8): generated files mixing hostile
values, broken structure and foreign encodings. For every case: no traceback, either a clean
import or exit code 2 with line/column/reason messages, and nothing half-written. Cases are
generated from a fixed seed, so a failing case number reproduces; CASES says how many."""

from __future__ import annotations

import hashlib
import random

import pytest
from sqlalchemy import select

import main
from care.households.csv_import import HouseholdImportError, import_households
from care.households.registry import HouseholdInput, create_household
from storage.models import Household

SEED = 20261202
CASES = 400
CLI_EVERY = 8  # every 8th case also goes through `main.py import-households` for the exit code

HEADERS = {
    "id": ["id", "번호"], "name": ["name", "이름", "성명"], "phone": ["phone", "전화번호"], "address": ["address", "주소"],
    "dong": ["dong", "동"], "worker": ["worker", "담당자"], "birth_year": ["birth_year", "출생연도"],
    "consent": ["consent", "녹음동의"], "notes": ["notes", "비고"], "consent_date": ["consent_date", "동의일"],
}
HOSTILE = [
    "", " ", "inf", "-inf", "nan", "1e999", "9" * 400, "-1", "0", "1942", "1942.0", "١٩٤٢", "２０００", "19x0",
    "\x00", "Kim\x00", "\u200b", "\ufeff", "\u115f", "\u3164", "\x1b[31m빨강\x1b[0m", "\x1b]0;title\x07", "\u202e악성",
    "=1+1", "+82", "-2", "@SUM(A1)", "'=quoted", "\t탭", "\r", "줄1\n줄2", '"', '""', "a,b", "가" * 400, "x" * 5000,
    "예", "아니오", "yes", "no", "몰라", "2024-02-30", "2024-03-05", "모름", "9999-99-99", "\ud800", "💥",
    "010-1234-5678", "010-12", "02-123-4567", "+82 10 9999 0000", "010-0000-0000", "1", "99999999999999999999",
]


GOOD = {
    "name": ["김영희", "박민수", "Kim \"Jr\"", "최, 순자", "=HYPERLINK()", "'=따옴표"],
    "address": ["서울 강서구 화곡로 1", "", "가양동 1, 101호", "-지하"], "dong": ["화곡1동", "", "염창동"],
    "worker": ["박주무관", "", "@담당"], "notes": ["당뇨", "", "줄1\n줄2", "+혈압"],
    "birth_year": ["", "1942", "1950.0"], "consent": ["예", "아니오", "yes", "no", ""],
    "consent_date": ["", "2024-03-05", "모름", "2023.1.2"], "id": ["", "", "", "1", "2", "777"],
}


def value(column: str, rng: random.Random, hostility: float, serial: list[int]) -> str:
    if rng.random() < hostility:
        return rng.choice(HOSTILE)
    if column == "phone":
        serial[0] += 1
        return f"010-{2000 + serial[0] // 10_000:04d}-{serial[0] % 10_000:04d}" if rng.random() < 0.97 else "010-1111-2222"
    return rng.choice(GOOD[column])


def make_case(rng: random.Random, serial: list[int]) -> bytes:
    hostility = rng.choice([0.0, 0.0, 0.02, 0.1, 0.3])
    columns = rng.sample(list(HEADERS), rng.randint(1, len(HEADERS)))
    if rng.random() < 0.9:
        columns = list(dict.fromkeys(["name", "phone", *columns]))
    header = [rng.choice(HEADERS[c]) for c in columns]
    if rng.random() < 0.05:
        header.append(rng.choice(["shoe size", "이름", ""]))  # unknown, repeated or blank column
    lines = [header]
    for _ in range(rng.randint(0, 8)):
        row = [value(c, rng, hostility, serial) for c in columns]
        if rng.random() < 0.05:
            row = row[: rng.randint(0, len(row))] if rng.random() < 0.5 else [*row, "extra"]
        lines.append(row)
    text = "\n".join(",".join(_quote(v, rng) for v in row) for row in lines) + rng.choice(["\n", "\r\n", ""])
    if rng.random() < 0.03:
        text = text.replace('"', "", 1)  # an unbalanced quote
    return _encode(text, rng)


def _quote(value: str, rng: random.Random) -> str:
    if any(ch in value for ch in ',"\n\r') or rng.random() < 0.2:
        return '"' + value.replace('"', '""') + '"'
    return value


def _encode(text: str, rng: random.Random) -> bytes:
    how = rng.choice(["utf-8"] * 12 + ["utf-8-sig", "utf-8-sig", "cp949", "cp949", "bom+cp949", "shift_jis", "latin-1",
                                       "utf-16", "bytes"])
    if how == "bytes":
        raw = bytearray(text.encode("utf-8", "surrogatepass"))
        for _ in range(rng.randint(1, 3)):
            raw.insert(rng.randint(0, len(raw)), rng.randint(0x80, 0xFF))
        return bytes(raw)
    if how == "bom+cp949":
        return b"\xef\xbb\xbf" + text.encode("cp949", "replace")
    if how in ("utf-8", "utf-8-sig"):
        return text.encode(how, "surrogatepass")
    return text.encode(how, "replace")


def snapshot(db) -> str:
    with db.session() as s:
        rows = s.execute(select(Household.__table__).order_by(Household.id)).all()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.fixture
def seeded_db(db):
    create_household(db, HouseholdInput(name="김영희", phone="010-1111-2222", consent_recording=True), "tester")
    create_household(db, HouseholdInput(name="이철수", phone="02-123-4567"), "tester")
    return db


@pytest.mark.sqlite_only(reason="suite time: a fuzz of argument/CSV parsing; its database writes are the ones the other PostgreSQL runs cover")
def test_fuzzed_household_csvs(seeded_db, tmp_path, capsys):
    db = seeded_db
    rng = random.Random(SEED)
    outcomes = {"imported": 0, "refused": 0}
    serial = [0]
    for case in range(CASES):
        data = make_case(rng, serial)
        path = tmp_path / f"case{case}.csv"
        path.write_bytes(data)
        before = snapshot(db)
        try:
            report = import_households(db, path, "fuzz")
        except HouseholdImportError as exc:
            outcomes["refused"] += 1
            assert snapshot(db) == before, f"case {case}: a refused import wrote something"
            rep = exc.report
            assert exc.exit_code == 2 and rep.errors and rep.problem_count >= len(rep.errors), f"case {case}"
            for e in rep.errors:
                assert e.line >= 0 and e.column and e.reason, f"case {case}: {e!r}"
            summary = rep.summary()
            assert not any(ch in summary for ch in "\x00\x1b\x07\u202e"), f"case {case}: raw control text"
            assert len(summary.splitlines()) <= 130, f"case {case}: report not capped"
        except Exception as exc:  # anything else is a traceback for the user
            pytest.fail(f"case {case} (seed {SEED}): {type(exc).__name__}: {exc}\n{data[:300]!r}")
        else:
            outcomes["imported"] += 1
            assert report.created + report.updated >= 1, f"case {case}"
        if case % CLI_EVERY == 0:
            after = snapshot(db)
            code = main.main(["import-households", str(path), "--db", db.url.removeprefix("sqlite:///")])
            err = capsys.readouterr().err
            assert "Traceback" not in err, f"case {case}"
            if code == 2:
                assert snapshot(db) == after and ("line " in err or "problem" in err), f"case {case}: {err[:500]}"
            else:
                assert code == 0, f"case {case}: exit {code}: {err[:500]}"
    # the generator must exercise both paths
    assert outcomes["refused"] > CASES / 4 and outcomes["imported"] > CASES / 10, outcomes

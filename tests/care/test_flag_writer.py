"""care/flags.py is the one flag writer: nothing else creates risk_flag (or flag_match) rows, and
its rules hold for every source (dedupe, a concurrent writer, ongoing conditions, is_demo)."""

from __future__ import annotations

import ast
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, select

from care.flags import FlagDraft, MatchDraft, answer_matches, call_flag, missed_flag, review_flag, write_flags
from storage.models import CallAttempt, Device, FlagMatch, Household, RiskFlag
from storage.types import utcnow
from tests.fixtures.review import FALL, answer_row

ROOT = Path(__file__).resolve().parents[2]
WRITER = Path("care/flags.py")
TABLES = {"RiskFlag": "risk_flag", "FlagMatch": "flag_match"}
RAW_INSERT = re.compile(r"insert\s+(?:or\s+\w+\s+)?into\s+[\"'`]?(risk_flag|flag_match)\b", re.IGNORECASE)
INSERT_CALLS = {"insert", "bulk_insert", "bulk_insert_mappings", "bulk_save_objects", "insert_many"}


def _name(node: ast.AST) -> str:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def flag_writes(source: str) -> list[str]:
    """Every place in `source` that creates a flag row: a RiskFlag/FlagMatch constructor, an
    insert() of either model or table, or raw SQL inserting into risk_flag/flag_match."""
    found = [f"raw SQL insert into {m.group(1)}" for m in RAW_INSERT.finditer(source)]
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        called = _name(node.func)
        if called in TABLES:
            found.append(f"line {node.lineno}: constructs {called}(")
        elif called in INSERT_CALLS:
            operands = [*node.args, *(k.value for k in node.keywords)]
            if isinstance(node.func, ast.Attribute):
                operands.append(node.func.value)  # RiskFlag.__table__.insert()
            args = " ".join(ast.dump(a) for a in operands)
            hit = [t for model, t in TABLES.items() if f"'{model}'" in args or f"'{t}'" in args]
            found += [f"line {node.lineno}: inserts into {t}" for t in hit]
    return found


def _project_modules() -> list[Path]:
    skip = {"tests", "bench"}
    return [p for p in ROOT.rglob("*.py")
            if not any(part.startswith(".") or part in skip for part in p.relative_to(ROOT).parts)]


def test_the_detector_sees_every_way_of_writing_a_flag():
    for snippet in ("s.add(RiskFlag(household_id=1))", "models.RiskFlag(category='x')",
                    "s.execute(insert(RiskFlag).values(a=1))", "s.execute(sqlite.insert(RiskFlag.__table__))",
                    "s.execute(FlagMatch.__table__.insert())", "op.bulk_insert(table('risk_flag'), [])",
                    "c.exec_driver_sql('INSERT INTO risk_flag (id) VALUES (1)')", "s.add(FlagMatch(flag_id=1))"):
        assert flag_writes(snippet), snippet
    for snippet in ("s.scalars(select(RiskFlag))", "s.execute(update(RiskFlag).values(status='resolved'))",
                    "s.execute(insert(Household).values(name='x'))"):
        assert not flag_writes(snippet), snippet


def test_only_care_flags_writes_risk_flags():
    offenders = {}
    for path in _project_modules():
        rel = path.relative_to(ROOT)
        if rel == WRITER:
            continue
        found = flag_writes(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(rel)] = found
    assert offenders == {}, f"flags must be built as care.flags.FlagDraft and written by write_flags: {offenders}"
    assert flag_writes((ROOT / WRITER).read_text(encoding="utf-8")), "the walker no longer sees the real writer"


# ---- write_flags --------------------------------------------------------------------------------
def _household(s, phone: str, demo: bool = False) -> int:
    h = Household(name="김영희", phone=phone, is_demo=demo)
    s.add(h)
    s.flush()
    return h.id


def _device(s, hid: int) -> int:
    d = Device(household_id=hid, ref="motion-1", kind="motion")
    s.add(d)
    s.flush()
    return d.id


def _condition(hid: int, device_id: int | None, since: str, ongoing: bool = True) -> FlagDraft:
    return FlagDraft(hid, device_id, "sensor", "inactivity", "high", "움직임 없음", {"rule": "no_motion"},
                     f"sensor:no_motion:{device_id}:{since}", ongoing)


def _flags(db) -> list[RiskFlag]:
    with db.session() as s:
        return list(s.scalars(select(RiskFlag).order_by(RiskFlag.id)))


def test_a_draft_is_written_once(db):
    now = utcnow()
    with db.session() as s:
        hid = _household(s, "+821011110000")
        draft = missed_flag(hid, "2026-11-24T18:30+09:00", "missed_checkin", "medium", "부재", {"cause": "busy"}, None)
        assert write_flags(s, [draft, draft], now) == [draft]
    with db.session() as s:
        assert write_flags(s, [draft], now + timedelta(hours=1)) == []
    (flag,) = _flags(db)
    assert (flag.dedupe_key, flag.source, flag.status, flag.created_at) == (
        f"missed:{hid}:2026-11-24T18:30+09:00", "missed_calls", "open", now)
    assert flag.evidence == {"slot": "2026-11-24T18:30+09:00", "cause": "busy"}


def test_is_demo_comes_from_the_household(db):
    with db.session() as s:
        real, demo = _household(s, "+821011110001"), _household(s, "+821011110002", demo=True)
        write_flags(s, [_condition(real, None, "a"), _condition(demo, None, "b")], utcnow())
    assert [(f.household_id, f.is_demo) for f in _flags(db)] == [(real, False), (demo, True)]


def test_an_open_condition_is_not_raised_again_under_a_new_episode(db):
    t = utcnow()
    with db.session() as s:
        hid = _household(s, "+821011110003")
        dev = _device(s, hid)
        assert len(write_flags(s, [_condition(hid, dev, "09:00")], t)) == 1
    with db.session() as s:  # still unresolved: a new episode key of the same rule is held back
        assert write_flags(s, [_condition(hid, dev, "13:00")], t) == []
        # an event (not ongoing) and a call flag are never held back by an open condition
        assert len(write_flags(s, [_condition(hid, dev, "13:05", ongoing=False)], t)) == 1
    with db.session() as s:
        for f in s.scalars(select(RiskFlag)):
            f.status = "resolved"
    with db.session() as s:
        assert len(write_flags(s, [_condition(hid, dev, "13:00")], t)) == 1
    assert len(_flags(db)) == 3


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request, db):
    if request.param == "sqlite":
        yield db
        return
    from storage.db import open_database

    server = request.getfixturevalue("postgres_server")
    request.getfixturevalue("postgres_db_url")  # a fresh database
    database = open_database(server.url(with_password=True))
    yield database
    database.dispose()


def test_a_concurrent_writer_wins_and_the_other_inserts_nothing(any_db):
    """The ingest and the runner may raise the same episode at once: both read "not there yet",
    the other commits first, and this insert is ON CONFLICT DO NOTHING — no error, no second row."""
    db = any_db
    with db.session() as s:
        hid = _household(s, "+821011110004")
    draft = _condition(hid, None, "race")
    raced = []

    def other_writer_first(conn, cursor, statement, params, context, many):
        if statement.lstrip().upper().startswith("INSERT INTO RISK_FLAG") and not raced:
            raced.append(True)
            with db.session() as other:
                write_flags(other, [draft], utcnow())

    with db.session() as s:
        event.listen(s.connection(), "before_cursor_execute", other_writer_first)
        assert write_flags(s, [draft], utcnow()) == []
    assert raced and [f.dedupe_key for f in _flags(db)] == [draft.dedupe_key]


# ---- call flags point at stored answers ---------------------------------------------------------
def _attempt(s, hid: int) -> CallAttempt:
    a = CallAttempt(household_id=hid, slot_key="2026-11-24T18:30+09:00", attempt_no=2, idempotency_key=f"{hid}:x:2",
                    status="assessed", recording_path="/r/x.wav")
    s.add(a)
    s.flush()
    return a


def test_call_flags_write_one_match_per_term_pointing_at_the_answer(db):
    from types import SimpleNamespace

    from speech.matching import flag_words

    with db.session() as s:
        hid = _household(s, "+821011110005")
        a = _attempt(s, hid)
        row = answer_row(a.id, FALL)
        s.add(row)
        s.flush()
        result = flag_words([SimpleNamespace(word=w, start=x, end=y) for w, x, y in FALL])
        matches = answer_matches(row, result.matches)
        other = MatchDraft(row.id, "health", "아파", 0, 2)  # another category's term stays off this flag
        written = write_flags(s, [call_flag(a, "emergency", "high", "위험", [*matches, other], ["위험"]),
                                  review_flag(a, "불명확")], utcnow())
        assert [d.dedupe_key for d in written] == [f"call:{a.id}:emergency", f"call:{a.id}:needs_review"]
    with db.session() as s:
        flag = s.scalar(select(RiskFlag).where(RiskFlag.category == "emergency"))
        (m,) = s.scalars(select(FlagMatch).where(FlagMatch.flag_id == flag.id))
        assert (m.call_answer_id, m.category, m.audio_start, m.audio_end) == (row.id, "emergency", 2.2, 2.6)
        assert row.text[m.span_start:m.span_end] == "넘어 졌"  # in the readable text ("어제 화장실에서 넘어 졌어요")
        assert flag.attempt_id == a.id and flag.evidence == {
            "slot": a.slot_key, "attempt": 2, "recording": "/r/x.wav", "reasons": ["위험"]}
        s.delete(flag)
    with db.session() as s:  # the matches go with their flag
        assert s.scalars(select(FlagMatch)).first() is None


def test_spans_that_do_not_fit_the_readable_text_are_dropped(db):
    with db.session() as s:
        hid = _household(s, "+821011110006")
        row = answer_row(_attempt(s, hid).id, FALL)
        s.add(row)
        s.flush()
        row.text = "전혀 다른 글"  # not the pieces with spaces removed: no honest mapping
        assert answer_matches(row, [{"category": "emergency", "term": "넘어지", "start": 13, "end": 18}]) == ()
        row.text = row.text_raw = "넘어졌어요"
        row.words = None  # no words: the matcher ran over the text itself
        (m,) = answer_matches(row, [{"category": "emergency", "term": "넘어지", "start": 0, "end": 3},
                                    {"category": "emergency", "term": "x", "start": 3, "end": 99}])
        assert (m.start, m.end, m.audio_start) == (0, 3, None)

"""0010 on a database that lived at 0009 with real rows: attempts find their slot by key once, and
from then on by slot_id; a remote deletion that failed says so; nothing outside the vocabulary
survives; the answers and flags of the rebuilt tables are all still there."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import create_engine, exc, select, text

from storage.db import open_database
from storage.migrate import alembic_config
from storage.models import CallAnswer, CallAttempt, CheckInSlot, RiskFlag

NOW = "2026-11-24 10:00:00.000000"
KEY = "2026-11-24T18:30+09:00"


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    """An empty database on either backend (PostgreSQL: a real server, tests/fixtures/postgres.py)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'lived.sqlite3'}"
    server = request.getfixturevalue("postgres_server")
    request.getfixturevalue("postgres_db_url")  # a fresh database
    return server.url(with_password=True)


def seed_at_0009(url: str) -> None:
    command.upgrade(alembic_config(url), "0009_follow_up")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO household (id, name, phone, address, dong, worker, language, consent_recording, notes, "
            "active, is_demo, created_at, updated_at) VALUES (1, '김순자', '+821012345678', '', '역삼1동', '', 'ko', true, "
            "'', true, false, :now, :now)"), {"now": NOW})
        conn.execute(text(
            "INSERT INTO check_in_slot (id, household_id, slot, kind, local_date, window_start, window_end, status, "
            "attempts_made, outcome, reason, created_at, updated_at) VALUES (7, 1, :key, 'plan', '2026-11-24', "
            ":now, :now, 'completed', 3, 'well', '', :now, :now)"), {"key": KEY, "now": NOW})
        attempts = [  # id, slot key, attempt, status, deleted remotely, answered_by, outcome
            (1, KEY, 1, "done", 1, None, "no_answer"),
            (2, KEY, 2, "remote_deleted", 0, "human", None),  # the deletion failed: it said deleted
            (3, KEY, 3, "remote_deleted", 1, "machine_start", "weird"),
            (4, "manual:2026-11-20T10:00:00+00:00", 1, "done", 1, "human", "well"),  # no slot row
        ]
        for aid, key, n, status, deleted, answered_by, outcome in attempts:
            conn.execute(text(
                "INSERT INTO call_attempt (id, household_id, slot, attempt_no, idempotency_key, status, provider, "
                "recording_deleted_remote, answered_by, outcome, is_demo, created_at, updated_at) VALUES "
                "(:id, 1, :key, :n, :ik, :status, 'twilio', :deleted, :ab, :outcome, false, :now, :now)"),
                {"id": aid, "key": key, "n": n, "ik": f"1|{key}|{n}", "status": status, "deleted": bool(deleted),
                 "ab": answered_by, "outcome": outcome, "now": NOW})
        conn.execute(text(
            "INSERT INTO call_answer (attempt_id, question_index, question_key, text_raw, text, keypad, "
            "intelligible, reason) VALUES (2, 0, 'q0', '밥 을 먹 었 어요', '밥을 먹었어요', '', true, '')"))
        conn.execute(text(
            "INSERT INTO risk_flag (household_id, source, category, severity, status, reason, resolution_note, "
            "is_demo, created_at, attempt_id, dedupe_key) VALUES (1, 'call', 'health', 'urgent', 'closed', 'x', '', false, "
            ":now, 3, 'call:3:health')"), {"now": NOW})
        conn.execute(text(
            "INSERT INTO flag_match (flag_id, call_answer_id, term, category, span_start, span_end) "
            "SELECT f.id, a.id, '넘어졌', 'health', 0, 3 FROM risk_flag f, call_answer a"))
    engine.dispose()


def test_0010_migrates_real_rows_from_0009(url, tmp_path):
    seed_at_0009(url)
    db = open_database(url)  # migrates to head (an SQLite file is backed up first)
    try:
        with db.session() as s:
            a = {x.id: x for x in s.scalars(select(CallAttempt))}
            assert {i: (x.slot_id, x.slot_key) for i, x in a.items()} == {
                1: (7, KEY), 2: (7, KEY), 3: (7, KEY), 4: (None, "manual:2026-11-20T10:00:00+00:00")}
            assert [a[i].status for i in (1, 2, 3, 4)] == ["done", "remote_delete_failed", "remote_deleted", "done"]
            assert (a[3].answered_by, a[3].outcome) == ("machine", "needs_review") and "weird" in a[3].error
            assert s.get(CheckInSlot, 7).slot_key == KEY
            # the rebuilt tables kept what pointed at them
            assert [x.text for x in s.scalars(select(CallAnswer))] == ["밥을 먹었어요"]
            flag = s.scalars(select(RiskFlag)).one()
            assert (flag.attempt_id, flag.status, flag.severity) == (3, "open", "high")  # fail-safe: seen again
            assert "closed" in flag.reason and "urgent" in flag.reason
            assert s.scalar(text("SELECT term FROM flag_match")) == "넘어졌"
        assert list(tmp_path.glob("lived.sqlite3.bak-*")) or not url.startswith("sqlite")
        with pytest.raises(exc.IntegrityError, match="ck_call_attempt_status"), db.engine.begin() as conn:
            conn.execute(text("UPDATE call_attempt SET status = 'remote_deleted_maybe' WHERE id = 1"))
        with pytest.raises(exc.IntegrityError, match="ck_check_in_slot_outcome"), db.engine.begin() as conn:
            conn.execute(text("UPDATE check_in_slot SET outcome = 'missed' WHERE id = 7"))
        with db.engine.begin() as conn:  # deleting a slot takes its attempts (ON DELETE CASCADE)
            conn.execute(text("DELETE FROM check_in_slot WHERE id = 7"))
            assert conn.scalar(text("SELECT count(*) FROM call_attempt")) == 1
    finally:
        db.dispose()


def test_0010_downgrades_and_upgrades_again(url):
    seed_at_0009(url)
    command.upgrade(alembic_config(url), "head")
    command.downgrade(alembic_config(url), "0009_follow_up")
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, slot, status FROM call_attempt ORDER BY id")).all()
        assert [r.status for r in rows] == ["done", "remote_deleted", "remote_deleted", "done"]
        assert conn.scalar(text("SELECT slot FROM check_in_slot")) == KEY
    engine.dispose()
    command.upgrade(alembic_config(url), "head")

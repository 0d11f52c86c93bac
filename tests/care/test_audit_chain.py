"""The access log's tamper-evident chain: `audit verify` passes on an intact log and names the first
row after a raw SQL UPDATE, DELETE or INSERT; the key lives in the OS keyring only; concurrent
appenders (threads and processes, SQLite and PostgreSQL) keep the chain linear."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import select, text

import main
from care import audit
from care.audit.chain import verify
from storage import audit_chain
from storage.models import AuditChain, AuditEvent

# The tamper tests open the SQLite file with sqlite3 to change rows behind the services' back, and
# the verify/purge/review CLIs are handed that file; on PostgreSQL the chain is proven by
# test_audit_chain.py::test_concurrent_appenders_keep_the_chain_linear_on_postgresql and by
# test_audit_gaps.py (every gap, both backends).
pytestmark = pytest.mark.sqlite_only(reason="works on the SQLite file directly; PostgreSQL: see the note above")

ROOT = Path(__file__).resolve().parents[2]


def _append(db, n: int, actor: str = "김주무관", start: int = 0) -> None:
    for i in range(start, start + n):
        with db.session() as s:
            audit.record(s, actor, "view", "household", None, {"i": i, "what": "record"}, household_ref=f"H{i:06d}")


def _verify_cli(db, capsys) -> tuple[int, str]:
    rc = main.main(["audit", "verify", "--db", str(db.path)])
    out = capsys.readouterr()
    return rc, out.out + out.err


def test_a_fresh_chain_verifies_and_every_row_has_its_place(db, capsys):
    _append(db, 5)
    rc, out = _verify_cli(db, capsys)
    assert rc == 0 and "access log intact: 5 row(s) chained; 5 row(s) hash-only" in out  # no keyring here
    with db.session() as s:
        rows = s.execute(select(AuditEvent.seq, AuditEvent.prev_mac, AuditEvent.mac).order_by(AuditEvent.seq)).all()
        head = s.get(AuditChain, 1)
        assert head is not None
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert all(rows[i].prev_mac == rows[i - 1].mac for i in range(1, len(rows)))
    assert head.seq == rows[-1].seq and head.last_mac == rows[-1].mac


def _raw(db, sql: str, *params) -> None:
    with sqlite3.connect(db.path) as con:
        con.execute(sql, params)


@pytest.mark.parametrize("tamper, named", [
    ("UPDATE audit_event SET actor = 'someone else' WHERE seq = 3", "row id 3 (seq 3"),
    ("UPDATE audit_event SET detail = '{\"i\": 99}' WHERE seq = 2", "row id 2 (seq 2"),
    ("UPDATE audit_event SET ts = '2020-01-01 00:00:00' WHERE seq = 4", "row id 4 (seq 4"),
    ("DELETE FROM audit_event WHERE seq = 3", "seq 3 were deleted"),
    ("DELETE FROM audit_event WHERE seq = 5", "the rows after row id 4"),
    ("INSERT INTO audit_event (ts, actor, action, entity, workstation, ip) "
     "VALUES ('2026-11-30 10:00:00', 'ghost', 'view', 'household', 'pc', '10.0.0.1')", "row id 6 (ghost view household)"),
])
def test_a_raw_sql_change_breaks_the_chain_and_verify_names_the_row(db, capsys, tamper, named):
    _append(db, 5)
    assert _verify_cli(db, capsys)[0] == 0
    _raw(db, tamper)
    rc, out = _verify_cli(db, capsys)
    assert rc == 4, out
    assert "access log broken" in out and named in out.splitlines()[0], out


def test_an_inserted_row_copying_a_neighbours_chain_fields_is_caught(db, capsys):
    """A forger who copies seq/prev/mac from a real row and renumbers cannot make a valid MAC."""
    _append(db, 3)
    _raw(db, "UPDATE audit_event SET seq = seq + 1 WHERE seq = 3")
    _raw(db, "INSERT INTO audit_event (ts, actor, action, entity, workstation, ip, seq, prev_mac, mac, key_id) "
             "SELECT ts, 'ghost', action, entity, workstation, ip, 3, prev_mac, mac, key_id FROM audit_event WHERE seq = 2")
    rc, out = _verify_cli(db, capsys)
    assert rc == 4 and "ghost" in out.splitlines()[0]


def test_rows_are_keyed_with_an_hmac_whose_key_lives_only_in_the_keyring(db, file_keyring, capsys, tmp_path):
    _append(db, 3)
    with db.session() as s:
        key_ids = set(s.scalars(select(AuditEvent.key_id)))
    key_id, key = audit_chain.signing_key()
    assert key is not None and key_ids == {key_id} and len(key_id) == 16
    assert file_keyring.get_password(audit_chain.KEY_SERVICE, key_id) == key.hex()
    assert _verify_cli(db, capsys) == (0, "access log intact: 3 row(s) chained\n")
    # the key is nowhere in the database file, its settings or the data folder
    for path in tmp_path.rglob("*"):
        if path.is_file() and "keyring" not in path.parts:
            assert key.hex().encode() not in path.read_bytes(), path


def test_a_pc_without_the_key_is_told_which_key_to_install(db, file_keyring, capsys):
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    _append(db, 2)
    other = PlaintextKeyring()
    other.file_path = str(Path(file_keyring.file_path).with_name("other.cfg"))
    keyring.set_keyring(other)
    rc, out = _verify_cli(db, capsys)
    assert rc == 4 and "which this PC's keyring does not hold" in out and "python -m keyring set anbu.audit" in out


def test_the_migration_chains_rows_written_before_it(tmp_path, capsys):
    from alembic import command

    from storage.db import open_database
    from storage.migrate import alembic_config

    path = tmp_path / "old.sqlite3"
    db = open_database(str(path), migrate=False)
    cfg = alembic_config(db.url)
    command.upgrade(cfg, "0011_audit_fields")
    with sqlite3.connect(path) as con:
        con.executemany("INSERT INTO audit_event (ts, actor, action, entity, detail, workstation, ip) "
                        "VALUES (?, ?, 'view', 'household', ?, '', '')",
                        [("2026-10-01 09:00:00.000000", "박지은", '{"rows": 3}'),
                         ("2026-10-02 23:30:00.000000", "최민호", None)])
    db.dispose()
    db = open_database(str(path))
    try:
        report = verify(db)
        assert report.intact and report.rows == 2
        _append(db, 1)
        assert verify(db).intact and verify(db).rows == 3
    finally:
        db.dispose()


def test_a_rolled_back_unit_of_work_takes_no_place_in_the_chain(db):
    _append(db, 1)
    with pytest.raises(RuntimeError), db.session() as s:
        audit.record(s, "kim", "update", "household", None)
        raise RuntimeError("the work failed")
    _append(db, 1, start=1)
    report = verify(db)
    assert report.intact and report.rows == 2


WRITER = """
import sys
from storage.db import open_database
from care import audit
db = open_database(sys.argv[1])
for i in range(int(sys.argv[2])):
    with db.session() as s:
        audit.record(s, sys.argv[3], "view", "household", None, {"i": i})
db.dispose()
"""


def _concurrent_appends(db, url: str, tmp_path, per_writer: int = 25) -> int:
    """3 threads in this process and 3 other processes append at once."""
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    import os

    env.update({k: v for k, v in os.environ.items() if k.startswith(("ANBU_", "PG", "HOME"))})
    procs = [subprocess.Popen([sys.executable, str(script), url, str(per_writer), f"proc{i}"], env=env,
                              stderr=subprocess.PIPE) for i in range(3)]
    errors: list[BaseException] = []

    def thread_writer(name: str) -> None:
        try:
            _append(db, per_writer, actor=name)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=thread_writer, args=(f"thread{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    assert not errors
    return 6 * per_writer


def test_concurrent_appenders_keep_the_chain_linear_on_sqlite(db, tmp_path):
    n = _concurrent_appends(db, str(db.path), tmp_path)
    report = verify(db)
    assert report.intact, report.breaks[:3]
    assert report.rows == n


def test_concurrent_appenders_keep_the_chain_linear_on_postgresql(postgres_server, postgres_db_url, tmp_path):
    from storage.db import open_database

    url = postgres_server.url(with_password=True)
    db = open_database(url)
    try:
        n = _concurrent_appends(db, url, tmp_path, per_writer=15)
        report = verify(db)
        assert report.intact, report.breaks[:3]
        assert report.rows == n
        with db.session() as s:
            seqs = list(s.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)))
            assert seqs == list(range(1, n + 1))
            assert s.execute(text("SELECT seq FROM audit_chain")).scalar_one() == n
    finally:
        db.dispose()


def test_the_services_cannot_change_or_delete_a_sealed_row(db):
    _append(db, 1)
    with pytest.raises(audit_chain.AuditRowsAreAppendOnly), db.session() as s:
        s.scalars(select(AuditEvent)).first().actor = "someone else"
    with pytest.raises(audit_chain.AuditRowsAreAppendOnly), db.session() as s:
        s.delete(s.scalars(select(AuditEvent)).first())
    assert verify(db).intact


def test_a_row_flushed_before_the_commit_is_still_sealed(db):
    with db.session() as s:
        audit.record(s, "kim", "view", "household", None)
        s.flush()  # inserted without its place yet; sealed (an UPDATE of its own new row) at commit
        audit.record(s, "kim", "view", "household", None)
    report = verify(db)
    assert report.intact and report.rows == 2

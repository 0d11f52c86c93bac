"""The PostgreSQL password is never printed, and need not be on the command line: it can come from
the OS keyring or libpq's pgpass file. The URL tests need no server; the others use a real one."""

from __future__ import annotations

import logging

import pytest

import main
from storage.credentials import KEYRING_SERVICE, connect_url, display_url, keyring_user, store_password
from storage.db import Database, describe_db_error, make_engine, open_database

URL = "postgresql+psycopg://anbu:hunter2-secret@db.example:5433/anbu"


def test_display_and_repr_mask_the_password():
    assert display_url(URL) == "postgresql+psycopg://anbu:***@db.example:5433/anbu"
    engine = make_engine(URL)
    db = Database(url=URL, engine=engine)
    try:
        for shown in (repr(db), db.display, repr(engine), str(engine.url)):
            assert "hunter2" not in shown, shown
    finally:
        engine.dispose()
    err = describe_db_error(RuntimeError("could not connect with hunter2-secret"), URL)
    assert "hunter2" not in str(err) and "***" in str(err)


def test_keyring_user_names_the_server():
    assert keyring_user("postgresql+psycopg://anbu@db.example/care") == "anbu@db.example:5432/care"


def test_password_in_the_command_line_url_is_warned_about(caplog):
    with caplog.at_level(logging.WARNING, logger="anbu.storage"):
        url, source = connect_url(URL, explicit=True)
    assert source == "url" and url.password == "hunter2-secret"
    assert "visible to other users" in caplog.text and "hunter2" not in caplog.text


def test_keyring_password_is_used_when_the_url_has_none(file_keyring, monkeypatch):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    plain = "postgresql+psycopg://anbu@db.example:5433/anbu"
    assert connect_url(plain)[1] == "libpq"
    store_password(plain, "from-the-keyring")
    assert file_keyring.get_password(KEYRING_SERVICE, "anbu@db.example:5433/anbu") == "from-the-keyring"
    url, source = connect_url(plain)
    assert (source, url.password) == ("keyring", "from-the-keyring")


def test_a_file_keyring_is_not_an_os_keyring(file_keyring, monkeypatch):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("ANBU_ALLOW_ALT_KEYRING", "0")
    with pytest.raises(RuntimeError, match="pgpass"):
        store_password("postgresql+psycopg://anbu@db.example/anbu", "x")


def test_demo_data_on_postgres_never_prints_the_password(postgres_server, postgres_db_url, capsys):
    code = main.main(["--db", postgres_server.url(with_password=True), "demo-data", "--households", "2"])
    out = capsys.readouterr()
    assert code == 0
    assert postgres_server.password not in out.out + out.err
    assert "***@" in out.err


def test_pgpass_file_gives_the_password(postgres_server, postgres_db_url, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    pgpass = tmp_path / "pgpass"
    s = postgres_server
    pgpass.write_text(f"{s.host}:{s.port}:{s.database}:{s.user}:{s.password}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "missing"))
    with pytest.raises(Exception, match="password"):
        open_database(postgres_db_url)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    db = open_database(postgres_db_url)  # migrates the empty database
    db.dispose()
    assert main.main(["--db", postgres_db_url, "attempts", "--json"]) == 0
    assert s.password not in capsys.readouterr().err


def test_keyring_gives_the_password_to_a_real_server(postgres_server, postgres_db_url, file_keyring, monkeypatch):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent/pgpass")
    store_password(postgres_db_url, postgres_server.password)
    db = open_database(postgres_db_url)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("select current_user").scalar() == "anbu"
        assert postgres_server.password not in repr(db)
    finally:
        db.dispose()

"""Connection failures against a real PostgreSQL server, as sentences a person can act on: the CLI
exits 4 with one line naming the server and what to do, never a traceback or a driver dump."""

from __future__ import annotations

import socket

import pytest

import main
from tests.fixtures.postgres import USER

pytestmark = pytest.mark.postgresql_only(reason="failures of a database server")


def _run(url: str, capsys) -> tuple[int, str]:
    code = main.main(["attempts", "--db", url, "--json"])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "OperationalError" not in err and "FATAL" not in err and len(err.strip().splitlines()) == 1, err
    return code, err


def test_server_down(db, capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nobody listens here
    code, err = _run(f"postgresql+psycopg://{USER}@127.0.0.1:{port}/anbu", capsys)
    assert code == 4 and "cannot be reached" in err and f"127.0.0.1:{port}" in err


def test_wrong_password(db, monkeypatch, capsys):
    monkeypatch.setenv("PGPASSWORD", "not-the-password")
    code, err = _run(db.url, capsys)
    assert code == 4 and "refused the password" in err and "not-the-password" not in err and "keyring" in err


def test_database_missing(db, capsys):
    url = db.url.rsplit("/", 1)[0] + "/no_such_office"
    code, err = _run(url, capsys)
    assert code == 4 and "has no database 'no_such_office'" in err and "createdb" in err


def test_tls_required_by_this_pc_but_not_offered(db, capsys):
    """The test server speaks no TLS; a URL that insists on it is told so."""
    code, err = _run(db.url + "?sslmode=require", capsys)
    assert code == 4 and "TLS" in err

"""The CLI contracts: duty set/show/clear, escalation show/status, notify test, review --stats."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from care.checkins.runner.service import Runner
from care.checkins.runner.settings import RunnerClock, RunnerSettings
from main import main
from storage.db import data_dir
from storage.types import utcnow
from telephony.simulated import SimulatedGateway
from tests.escalation.helpers import district, raise_flag


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err



@pytest.fixture
def dburl(db, tmp_path):
    return f"sqlite:///{tmp_path / 'anbu.sqlite3'}"


def test_duty_set_show_clear(db, dburl, capsys):
    code, out, _ = run(capsys, "--db", dburl, "duty", "set", "--days", "mon-fri", "--from", "18:00", "--to", "09:00",
                       "--phone", "010-0000-1111", "--name", "야간 당직", "--user", "kim")
    assert code == 0 and json.loads(out)["phone"] == "+821000001111"
    code, out, _ = run(capsys, "duty", "show", "--json", "--db", dburl)
    shown = json.loads(out)
    assert [s["name"] for s in shown["slots"]] == ["야간 당직"] and shown["slots"][0]["user"] == "kim"
    assert shown["gaps"], "a mon-fri night roster leaves the days and the weekend uncovered"
    code, out, err = run(capsys, "--db", dburl, "duty", "set", "--days", "mon-fri", "--from", "18:00", "--to", "9",
                         "--phone", "010-0000-1111", "--name", "x")
    assert code == 2 and "--to '9'" in err
    assert run(capsys, "--db", dburl, "duty", "clear")[0] == 0
    assert json.loads(run(capsys, "--db", dburl, "duty", "show", "--json")[1])["slots"] == []


def test_duty_clear_one_slot_by_id_keeps_the_others_and_an_unknown_id_exits_5(db, dburl, capsys):
    ids = []
    for name, days in (("야간 당직", "mon-fri"), ("주말 당직", "sat,sun"), ("공휴일 당직", "hol")):
        code, out, err = run(capsys, "--db", dburl, "duty", "set", "--days", days, "--from", "18:00", "--to", "09:00",
                             "--phone", "010-0000-1111", "--name", name)
        assert code == 0, err
        ids.append(json.loads(out)["id"])
    code, out, err = run(capsys, "--db", dburl, "duty", "clear", "--id", str(ids[1]))
    assert code == 0 and "주말 당직" in out, err
    shown = json.loads(run(capsys, "--db", dburl, "duty", "show", "--json")[1])
    assert [s["name"] for s in shown["slots"]] == ["야간 당직", "공휴일 당직"]
    code, out, err = run(capsys, "--db", dburl, "duty", "clear", "--id", str(ids[1]))
    assert code == 5 and str(ids[1]) in err
    with pytest.raises(SystemExit) as bad:  # argparse: exit 2 with the message
        run(capsys, "--db", dburl, "duty", "clear", "--id", "x")
    assert bad.value.code == 2
    assert len(json.loads(run(capsys, "--db", dburl, "duty", "show", "--json")[1])["slots"]) == 2
    with db.session() as s:
        from sqlalchemy import select

        from storage.models import AuditEvent

        gone = s.scalars(select(AuditEvent).where(AuditEvent.entity == "duty_slot", AuditEvent.action == "delete")).all()
        assert [(e.entity_id, e.detail["name"]) for e in gone] == [(ids[1], "주말 당직")]


def test_escalation_show_status_and_review_stats(db, dburl, capsys, tmp_path):
    hid = district(db)
    now = utcnow()
    gw = SimulatedGateway(ledger=tmp_path / "ledger.jsonl", ring_s=0.0, talk_s=0.0,
                          replies={"+821000001111": "no_answer", "+821000002222": "no_answer"})
    acked = raise_flag(db, hid, at=now - timedelta(minutes=3), key="a")
    late = raise_flag(db, hid, at=now - timedelta(minutes=10), key="b")
    runner = Runner(db, gw, clock=RunnerClock(now), settings=RunnerSettings(), recordings_dir=data_dir() / "r")
    runner.start()
    try:
        runner.tick()
    finally:
        runner.shutdown()
    policies = json.loads(run(capsys, "--db", dburl, "escalation", "show", "--json")[1])
    assert policies["levels"]["high"][1] == {"after_min": 15.0, "kind": "notify_call", "to": "duty"}
    assert run(capsys, "--db", dburl, "review", "--ack", str(acked))[0] == 0
    status = json.loads(run(capsys, "--db", dburl, "escalation", "status", "--json")[1])
    by_flag = {s["flag_id"]: s for s in status}
    for key in ("step", "sent", "next_at", "acknowledged_by"):
        assert key in by_flag[late]
    assert by_flag[late]["sent"] >= 1 and by_flag[late]["overdue"] is True and by_flag[late]["acknowledged_by"] is None
    assert by_flag[acked]["acknowledged_by"] and by_flag[acked]["state"] == "acknowledged"
    one = json.loads(run(capsys, "--db", dburl, "escalation", "status", "--flag", str(late), "--json")[1])
    assert [s["flag_id"] for s in one] == [late] and one[0]["history"][0]["kind"] == "sms"
    assert run(capsys, "--db", dburl, "escalation", "status", "--flag", "999")[0] == 2
    stats = json.loads(run(capsys, "--db", dburl, "review", "--stats", "--json")[1])
    for key in ("ack_p50_s", "ack_p95_s", "ack_p975_s", "resolve_p50_s", "overdue"):
        assert key in stats and key in stats["by_severity"]["high"] and key in stats["high"]
    assert stats["overdue"] == 1 and stats["overdue_flags"] == [late]
    assert 170 <= stats["ack_p50_s"] <= 240  # acknowledged ~3 minutes after it was raised
    assert stats["by_severity"]["life_safety"]["acknowledged"] == 1
    assert sum(f["flags"] for f in stats["by_duty_slot"].values()) == 2  # each flag counted under its duty slot
    future = json.loads(run(capsys, "--db", dburl, "review", "--stats", "--since", "2099-01-01", "--json")[1])
    assert future["flags"] == 0 and future["ack_p50_s"] is None


def test_notify_test_simulated(db, dburl, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("ANBU_SIM_LEDGER", str(tmp_path / "ledger.jsonl"))
    code, out, _ = run(capsys, "--db", dburl, "notify", "test", "--to", "010-0000-1111", "--simulated")
    assert code == 0 and json.loads(out)["line"] == "simulated"
    line = json.loads((tmp_path / "ledger.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert (line["kind"], line["to"]) == ("sms", "+821000001111")
    assert run(capsys, "--db", dburl, "notify", "test", "--to", "abc", "--simulated")[0] == 2

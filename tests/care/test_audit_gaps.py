"""Issue 14's access-log gaps: each of these views and changes now writes an access-log row (one per
view, naming how many rows of which households; household_ref when it is one household's), and
exports carry the reason given."""

from __future__ import annotations

import getpass
import json

import pytest
from sqlalchemy import func, select

import main
from care import settings as store
from care.audit.chain import verify
from care.devices import mqtt_config
from care.households.registry import HouseholdInput, create_household
from care.review.overview import load_overview
from care.settings import RunnerSettings
from storage.models import AuditEvent


@pytest.fixture
def households(db):
    return [create_household(db, HouseholdInput(name=f"가구{i}", phone=f"010-2222-000{i}", worker="김주무관"), "admin")
            for i in range(2)]


def _rows_after(db, last_id: int) -> list[AuditEvent]:
    with db.session() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id)))


def _last_id(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.coalesce(func.max(AuditEvent.id), 0))) or 0


def _readings(tmp_path):
    path = tmp_path / "vendor.jsonl"
    path.write_text(json.dumps({"topic": "anbu/H000001/S1/motion", "ts": "2026-12-01T10:00:00+09:00", "value": 1})
                    + "\n", encoding="utf-8")
    return [str(path)]


def _clip(shared):
    return [str(shared / "kih00002.wav")]


COMMANDS = [  # (id, argv, extra argv maker, (action, entity))
    ("review", ["review"], None, ("list", "risk_flag")),
    ("review --json", ["review", "--json"], None, ("list", "risk_flag")),
    ("attempts --json", ["attempts", "--json"], None, ("list", "call_attempt")),
    ("device-status --json", ["device-status", "--json"], None, ("list", "device")),
    ("plan --show", ["plan", "--show"], None, ("list", "check_in_plan")),
    ("plan --all --pause", ["plan", "--all", "--pause", "입원"], None, ("plan_pause", "household")),
    ("plan --all --resume", ["plan", "--all", "--resume"], None, ("plan_resume", "household")),
    ("plan --all --days", ["plan", "--all", "--days", "tue,fri"], None, ("plan_update", "household")),
    ("device-rules --set", ["device-rules", "--set", "no_motion_h=12"], None, ("update", "app_setting")),
    ("import-readings", ["import-readings"], _readings, ("import", "sensor_reading")),
    ("transcribe", ["transcribe"], "speech", ("transcribe", "recording")),
    ("assess", ["assess"], "speech", ("assess", "recording")),
    ("export-households", ["export-households", "--reason", "동 현황 보고"], "output", ("export", "household")),
]


@pytest.mark.parametrize("argv, extra, expected", [c[1:] for c in COMMANDS], ids=[c[0] for c in COMMANDS])
def test_each_command_writes_an_access_log_row(db, households, tmp_path, request, capsys, argv, extra, expected):
    args = list(argv)
    if callable(extra):
        args += extra(tmp_path)
    elif extra == "speech":
        args += _clip(request.getfixturevalue("shared_speech_ko"))
    elif extra == "output":
        args += ["-o", str(tmp_path / "out.csv")]
    before = _last_id(db)
    rc = main.main([*args, "--db", db.url])
    assert rc in (0, 1), capsys.readouterr().err  # import-readings exits 1 when it refused a row
    rows = [(r.action, r.entity) for r in _rows_after(db, before)]
    assert expected in rows, rows
    new = _rows_after(db, before)
    assert all(r.actor == getpass.getuser() and r.workstation for r in new)
    if expected[0] in ("list",):  # a list view: one row, naming how many and which households
        [row] = [r for r in new if (r.action, r.entity) == expected]
        assert isinstance(row.detail["rows"], int) and isinstance(row.detail["households"], list)
    if expected == ("export", "household"):
        assert [r.reason for r in new if r.action == "export"] == ["동 현황 보고"]
    assert verify(db).intact


def test_export_households_without_a_reason_is_refused_with_a_sentence(db, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main.main(["export-households", "--db", db.url])
    assert exit_info.value.code == 2 and "--reason" in capsys.readouterr().err


def test_the_console_overview_writes_one_row_per_view(db, households):
    before = _last_id(db)
    _summary, rows = load_overview(db, actor="김주무관")
    [row] = _rows_after(db, before)
    assert (row.action, row.entity, row.actor) == ("view", "household_overview", "김주무관")
    assert row.detail["rows"] == len(rows) == 2 and len(row.detail["households"]) == 2


def test_a_list_of_one_household_names_it_as_the_data_subject(db, households, capsys):
    from care.households.registry import get_household

    ref = get_household(db, households[0], "admin").ref
    before = _last_id(db)
    assert main.main(["plan", "--show", "--household", ref, "--db", db.url]) == 0
    [row] = _rows_after(db, before)
    assert row.household_ref == ref and row.detail["households"] == [ref]


def test_mqtt_and_runner_settings_changes_are_logged(db):
    before = _last_id(db)
    mqtt_config.save_page(db, {"host": "broker.local", "port": 1883}, None, actor="admin")
    with db.session() as s:
        store.update(s, RunnerSettings, actor="admin", max_attempts=4)
    rows = _rows_after(db, before)
    assert [(r.action, r.entity, r.detail["key"]) for r in rows] == [
        ("update", "app_setting", "devices.mqtt"), ("update", "app_setting", "runner")]

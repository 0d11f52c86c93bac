"""Vendor file import: per-row policy, bad rows reported with line and reason."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import func, select

import main
from storage.models import Device, DeviceDeadLetter, RobotEvent, SensorReading
from storage.types import utcnow

from .helpers import make_household

NOW = utcnow().replace(microsecond=0)


def _ts(minutes_ago: int) -> str:
    return (NOW - timedelta(minutes=minutes_ago)).astimezone().isoformat()


def test_vendor_csv_with_bad_rows_imports_the_good_ones_and_reports_the_rest(db, tmp_path, capsys):
    make_household(db, 1)
    with db.session() as s:
        s.scalars(select(Device).where(Device.ref == "power1")).one().external_id = "PLUG-77"
    csv = tmp_path / "vendor.csv"
    csv.write_text(
        "household_ref,device_ref,external_id,metric,ts,value,unit\n"
        f"H000001,temperature1,,temperature,{_ts(30)},21.5,C\n"          # 2 ok
        f"H000001,,PLUG-77,power,{_ts(30)},55,W\n"                       # 3 ok via the vendor id
        f"H000001,door1,,door,{_ts(20)},true,\n"                         # 4 ok
        f"H000001,ghost,,power,{_ts(20)},5,W\n"                          # 5 unknown device
        f"H000001,temperature1,,temperature,2026-11-21 10:00,21,C\n"      # 6 no UTC offset
        f"H000001,temperature1,,temperature,{_ts(10)},warm,C\n"          # 7 not a number
        f"H000001,temperature1,,temperature,{_ts(10)},21,C,extra\n"      # 8 too many cells
        f"H000001,robot1,,heartbeat,{_ts(5)},71,%\n",                    # 9 ok (robot event)
        encoding="cp949")
    code = main.main(["import-readings", str(csv), "--db", db.url])
    out, err = capsys.readouterr()
    assert code == 1  # partly refused
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary == {"file": "vendor.csv", "rows": 8, "accepted": 4, "rejected": 4,
                       "reasons": {"unknown_device": 1, "bad_timestamp": 1, "wrong_type": 1, "bad_row": 1}}
    assert "line 5: unknown_device" in err and "line 6: bad_timestamp" in err
    assert "line 7: wrong_type" in err and "line 8: bad_row" in err
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(SensorReading)) == 3
        assert s.scalar(select(func.count()).select_from(RobotEvent)) == 1
        dead = s.scalars(select(DeviceDeadLetter).order_by(DeviceDeadLetter.id)).all()
        assert [d.topic.split(":")[0] for d in dead] == ["line 5", "line 6", "line 7", "line 8"]
        assert {d.source for d in dead} == {"import:vendor.csv"}


def test_jsonl_import_all_good_exits_zero_and_a_second_import_is_all_duplicates(db, tmp_path, capsys):
    make_household(db, 1)
    f = tmp_path / "robot.jsonl"
    f.write_text("\n".join(json.dumps(o) for o in [
        {"topic": "anbu/v1/H000001/robot1/interaction", "ts": _ts(50), "value": 30, "unit": "s"},
        {"household_ref": "H000001", "device_ref": "robot1", "metric": "medication_ack", "ts": _ts(40), "value": True},
    ]) + "\n")
    assert main.main(["import-readings", str(f), "--db", db.url]) == 0
    assert json.loads(capsys.readouterr().out)["accepted"] == 2
    assert main.main(["import-readings", str(f), "--db", db.url]) == 1
    assert json.loads(capsys.readouterr().out)["reasons"] == {"duplicate": 2}


def test_unreadable_file_is_an_error_not_a_traceback(db, tmp_path, capsys):
    assert main.main(["import-readings", str(tmp_path / "missing.csv"), "--db", db.url]) == 2
    assert "cannot read the file" in capsys.readouterr().err
    bad = tmp_path / "x.csv"
    bad.write_text("a,b\n1,2\n")
    assert main.main(["import-readings", str(bad), "--db", db.url]) == 2
    assert "header" in capsys.readouterr().err

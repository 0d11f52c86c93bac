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


def test_fuzzed_vendor_files_never_abort_and_account_for_every_row(db, tmp_path):
    """Seeded fuzz (issue 11 acceptance): 12 files (CSV and JSONL), 40 rows each (480 rows), each
    row a valid reading mutated at random — bytes flipped, cells cut or doubled, lone surrogate
    escapes, NUL, control characters, huge numbers, quotes. Every file imports without an
    exception; every row is accepted or refused (dead-lettered); what was accepted is stored."""
    import random

    from care.devices.importer import import_readings

    make_household(db, 1)
    rng = random.Random(2026)
    junk = ["\\ud800", "\x00", "\x1b[31m", "\u200b", "\ufeff", '"', ",", "\n", "1e999", "-0", "NaN", "☃", "\t"]
    total_rows = stored = 0
    for n in range(12):
        csv = n % 2 == 0
        lines = ["household_ref,device_ref,metric,ts,value,unit"] if csv else []
        for i in range(40):
            ts = _ts(i + 1 + 40 * n)
            if csv:
                cells = ["H000001", "temperature1", "temperature", ts, str(rng.choice([21, 22.5, 99])), "C"]
                for _ in range(rng.randrange(0, 3)):
                    k = rng.randrange(len(cells))
                    cells[k] = rng.choice([cells[k] + rng.choice(junk), rng.choice(junk), ""])
                if rng.random() < 0.1:
                    cells = cells[: rng.randrange(1, 6)]
                lines.append(",".join(cells))
            else:
                obj = {"topic": "anbu/v1/H000001/temperature1/temperature", "ts": ts, "value": 21, "unit": "C"}
                text = json.dumps(obj)
                for _ in range(rng.randrange(0, 3)):
                    k = rng.randrange(len(text))
                    text = text[:k] + rng.choice(junk) + text[k + rng.randrange(0, 3):]
                lines.append(text.replace("\n", " "))
        path = tmp_path / f"fuzz{n}.{'csv' if csv else 'jsonl'}"
        data = "\n".join(lines).encode("utf-8", "surrogatepass")
        if n >= 10:  # two files with a stray byte that is not UTF-8: refused whole, with a clear message
            k = rng.randrange(len(data))
            data = data[:k] + bytes([rng.randrange(128, 256)]) + data[k:]
        path.write_bytes(data)
        try:
            report = import_readings(db, path)
        except Exception as exc:
            from care.errors import AnbuError

            assert isinstance(exc, AnbuError), exc
            continue
        assert report.accepted + sum(report.rejected.values()) == report.rows
        total_rows += report.rows
        stored += report.accepted
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(SensorReading)) == stored
    assert total_rows >= 300

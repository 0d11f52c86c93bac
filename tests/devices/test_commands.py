"""The headless commands as a person runs them: `ingest` until SIGTERM, fed by `simulate-devices`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

import main
from care.devices import rules
from storage.models import DeviceDeadLetter, RiskFlag, RobotEvent, SensorReading
from storage.types import utcnow

from .helpers import make_household
from .test_mqtt import wait_until

ROOT = Path(__file__).resolve().parents[2]


def _main(*args: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def test_simulator_feeds_ingest_and_the_planted_anomaly_is_flagged(db, mosquitto_broker):
    homes = make_household(db, 3)
    ingest = _main("ingest", "--db", db.url, "--broker", mosquitto_broker.address, "--report", "1")
    try:
        assert wait_until(lambda: "subscribing" in ingest.stderr.readline() or ingest.poll() is not None, 20)
        assert ingest.poll() is None, ingest.stderr.read()
        sim = subprocess.run([sys.executable, str(ROOT / "main.py"), "simulate-devices", "--db", db.url,
                              "--broker", mosquitto_broker.address, "--households", "3", "--speed", "1000000",
                              "--hours-back", "30", "--until-present"],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert sim.returncode == 0, sim.stderr
        published = json.loads(sim.stdout.strip().splitlines()[-1])
        assert published["homes"] == 3 and published["published"] > 1000
        assert published["anomalies"][homes[0][1]] == "inactive"

        def stored() -> int:
            with db.session() as s:
                return (s.scalar(select(func.count()).select_from(SensorReading))
                        + s.scalar(select(func.count()).select_from(RobotEvent)))
        assert wait_until(lambda: stored() == published["published"], 60), (stored(), published)
    finally:
        ingest.send_signal(signal.SIGTERM)
        out, err = ingest.communicate(timeout=30)
    assert ingest.returncode == 0, err
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["accepted"] == published["published"] and summary["rejected"] == 0
    with db.session() as s:
        assert not s.scalar(select(func.count()).select_from(DeviceDeadLetter))
        rules.evaluate(s, utcnow())
        flagged = {(f.household_id, f.category) for f in s.scalars(select(RiskFlag))}
    assert (homes[0][0], "inactivity") in flagged  # the "inactive" home
    assert not any(hid == homes[1][0] and cat == "inactivity" for hid, cat in flagged)


def test_ingest_with_a_bad_broker_address_says_so(db):
    proc = _main("ingest", "--db", db.url, "--broker", "localhost:notaport")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "HOST:PORT" in err


@pytest.mark.sqlite_only(reason="suite time: a fuzz of argument/CSV parsing; its database writes are the ones the other PostgreSQL runs cover")
def test_fuzzed_numbers_on_the_device_commands_never_give_a_traceback(db, capsys):
    """Seeded fuzz (issue 11 acceptance, CLI numbers): 300 invocations of ingest, simulate-devices,
    import-readings and device-rules with numbers from the edges (0, -1, nan, inf, 1e309, 20-digit
    integers, hex, empty). Each ends with an exit code and a message, never a traceback, and never
    starts a subscriber (ingest only gets values it must refuse)."""
    import random
    import socket

    make_household(db, 1)
    with socket.socket() as s:  # a port nobody listens on: simulate-devices fails fast and clearly
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    rng = random.Random(13)
    edges = ["0", "-1", "nan", "inf", "-inf", "1e309", "99999999999999999999", "0x10", "", "1.5", "65536", "1e-9"]
    bad_report = ["0", "-1", "nan", "inf", "1e309", "0.5", "86401"]
    runs = 0
    for _ in range(300):
        which = rng.randrange(4)
        if which == 0:
            argv = ["ingest", "--report", rng.choice(bad_report)] if rng.random() < 0.7 else \
                ["ingest", "--port", rng.choice(["0", "-1", "65536", "99999999999999999999", "x", ""]), "--report", "0"]
        elif which == 1:
            argv = ["simulate-devices", "--broker", f"127.0.0.1:{closed}", "--until-present", "--hours-back", "0",
                    rng.choice(["--households", "--speed", "--hours-back", "--seed"]), rng.choice(edges)]
        elif which == 2:
            argv = ["import-readings", "/nonexistent.csv", "--max-age-days", rng.choice(edges)]
        else:
            name = rng.choice(["no_motion_h", "raw_days", "power_noise_w", "temp_low_c"])
            argv = ["device-rules", "--set", f"{name}={rng.choice(edges)}"]
        try:
            code = main.main([*argv, "--db", db.url])
        except SystemExit as exc:  # argparse: "invalid int value", exit 2
            code = exc.code
        err = capsys.readouterr().err
        assert isinstance(code, int) and "Traceback" not in err, (argv, err[-500:])
        runs += 1
    assert runs == 300


def test_a_threshold_too_large_for_a_time_span_is_refused_not_a_traceback_at_evaluation(db, capsys):
    make_household(db, 1)
    assert main.main(["device-rules", "--set", "no_motion_h=99999999999999999999", "--evaluate", "--db", db.url]) != 0
    assert "at most" in capsys.readouterr().err
    assert main.main(["device-rules", "--evaluate", "--db", db.url]) == 0


def test_the_simulator_plants_a_decline_that_ingest_stores_as_falling_days(db, mosquitto_broker):
    """simulate-devices --decline / --quiet-lives (issue 17): the planted home's readings, ingested
    over a real broker and read back as daily totals, fall the way the plan says."""
    from care.devices.hours import day_table, local_midnight
    from care.devices.hours_db import load_hours

    homes = make_household(db, 3, kinds=("motion", "door", "power"))
    ingest = _main("ingest", "--db", db.url, "--broker", mosquitto_broker.address, "--report", "1")
    try:
        assert wait_until(lambda: "subscribing" in ingest.stderr.readline() or ingest.poll() is not None, 20)
        assert ingest.poll() is None, ingest.stderr.read()
        sim = subprocess.run([sys.executable, str(ROOT / "main.py"), "simulate-devices", "--db", db.url,
                              "--broker", mosquitto_broker.address, "--households", "3", "--speed", "1000000",
                              "--hours-back", "288", "--until-present", "--decline", "1", "--quiet-lives", "1"],
                             cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert sim.returncode == 0, sim.stderr
        published = json.loads(sim.stdout.strip().splitlines()[-1])
        # home 0 carries the "inactive" anomaly: the lives go to the next homes without one
        assert published["lives"] == {homes[1][1]: "decline", homes[2][1]: "quiet"}
        assert published["anomalies"] == {homes[0][1]: "inactive"}

        def stored() -> int:
            with db.session() as s:
                return s.scalar(select(func.count()).select_from(SensorReading))
        assert wait_until(lambda: stored() == published["published"], 120), (stored(), published)
    finally:
        ingest.send_signal(signal.SIGTERM)
        out, err = ingest.communicate(timeout=30)
    assert ingest.returncode == 0, err
    today = local_midnight(utcnow())
    with db.session() as s:
        hours = load_hours(s, homes[1][0], today - timedelta(days=12), today)
    assert hours is not None and hours.motion is not None
    activity = day_table(hours).totals["activity"]
    first, last = np.nanmean(activity[1:4]), np.nanmean(activity[-3:])  # the first days, then the ramp's end
    assert last < 0.8 * first, activity  # a decline to 45 % less by the end of the window


def test_planting_more_lives_than_homes_without_an_anomaly_is_refused(db, capsys):
    make_household(db, 2)
    code = main.main(["simulate-devices", "--db", db.url, "--broker", "127.0.0.1:1", "--households", "2",
                      "--decline", "2", "--until-present"])
    assert code == 2
    err = capsys.readouterr().err
    assert "--decline 2" in err and "anomaly" in err

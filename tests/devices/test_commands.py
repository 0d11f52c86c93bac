"""The headless commands as a person runs them: `ingest` until SIGTERM, fed by `simulate-devices`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from care.devices import rules
from storage.models import DeviceDeadLetter, RiskFlag, RobotEvent, SensorReading
from storage.types import utcnow

from .helpers import make_household
from .test_mqtt import wait_until

ROOT = Path(__file__).resolve().parents[2]


def _main(*args: str, **kw) -> subprocess.Popen:  # noqa: ANN003
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

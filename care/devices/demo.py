"""Demo devices for demo households: a realistic device set per home and two weeks of readings and
robot events from care.devices.patterns (with the planted anomalies), then one rule evaluation so
the console and `device-status` show real flags. Everything is is_demo=True. Called by care.demo.seed
in the seeder's transaction; writes with the ingest's batch writer (Core inserts)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from care.devices import rules
from care.devices.ingest import BatchResult, write_batch
from care.devices.lives_db import seed_history
from care.devices.patterns import HomePattern, anomaly_for
from care.devices.schema import METRICS, Reading
from storage.models import Device, Household

VENDORS = {"motion": ("SKT 누구케어", "LG U+ 홈IoT", "SmartThings"), "door": ("SKT 누구케어", "LG U+ 홈IoT"),
           "temperature": ("SmartThings", "Aqara"), "humidity": ("Aqara",), "power": ("한전 스마트플러그", "TP-Link Tapo"),
           "smoke": ("응급안전안심서비스",), "gas": ("응급안전안심서비스",), "emergency_button": ("응급안전안심서비스",),
           "robot": ("효돌", "다솜이")}
STEP = timedelta(hours=1)
BATCH = 5000


def device_set(rng: random.Random) -> list[str]:
    kinds = ["motion", "door", "temperature", "power"]
    if rng.random() < 0.5:
        kinds.append("humidity")
    kinds += [k for k, p in (("smoke", 0.8), ("gas", 0.6), ("emergency_button", 0.7), ("robot", 0.45))
              if rng.random() < p]
    return kinds


def _days_for(n_households: int) -> int:
    """Two weeks for a demo-sized district; fewer days when asked for thousands of homes, so the
    first start stays quick."""
    return 14 if n_households <= 60 else 7 if n_households <= 300 else 2


def seed_demo(session: Session, households: list[Household], rng: random.Random, now: datetime) -> None:
    if not households:
        return
    days = _days_for(len(households))
    start = (now - timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    patterns = []
    for index, h in enumerate(households):
        devices = []
        for kind in device_set(rng):
            d = Device(household_id=h.id, ref=f"{kind.replace('_', '-')}-1", kind=kind, vendor=rng.choice(VENDORS[kind]),
                       external_id=f"{kind[:3].upper()}{rng.randrange(16**8):08X}",
                       installed_on=(start - timedelta(days=rng.randint(20, 400))).date(), is_demo=True,
                       created_at=start - timedelta(days=1))
            session.add(d)
            devices.append(d)
        patterns.append((h, devices, HomePattern({d.ref: d.kind for d in devices}, random.Random(rng.random()), now,
                                                 anomaly_for(index))))
    session.flush()
    buffer: list[Reading] = []
    for h, devices, pattern in patterns:
        ids = {d.ref: (d.id, d.kind) for d in devices}
        t = start
        while t < now:
            for ref, metric, ts, value, unit in pattern.readings(t, STEP):
                if ts > now:
                    continue
                device_id, kind = ids[ref]
                robot = kind == "robot" and metric != "battery"
                unit = METRICS[kind][metric].units[0]
                buffer.append(Reading(device_id, h.id, kind, metric, ts, value, unit, robot))
            t += STEP
        if len(buffer) >= BATCH:
            write_batch(session, buffer, [], BatchResult(), check_existing=False)
            buffer = []
    write_batch(session, buffer, [], BatchResult(), check_existing=False)
    # issue 17: weeks of hourly history (quiet lives, planted declines) so baselines and trends show
    seed_history(session, [(h.id, {d.kind: d.id for d in devices}) for h, devices, _ in patterns], now)
    session.expire_all()  # the device rows were updated with Core statements
    rules.evaluate(session, now, [h.id for h in households])

"""The device simulator: publishes realistic daily patterns (care.devices.patterns, with the
planted anomalies) for homes registered in the database, over MQTT, in the v1 scheme.

The simulated clock starts `hours_back` hours in the past and runs `speed` times faster than real
time until it reaches the present (so rules have a day of history to judge within minutes); from
then on it follows real time — readings never lie in the future, where the ingest would refuse
them. `until_present=True` stops when the backlog has been published (tests, one-off demos).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select

from care.devices.life_pattern import LifePattern
from care.devices.mqtt_config import make_client, refusal_hint
from care.devices.patterns import HomePattern, anomaly_for
from care.devices.schema import payload_for, topic_for
from care.devices.settings import MqttSettings
from care.errors import AnbuError
from storage.db import Database
from storage.models import Device, Household
from storage.types import utcnow


@dataclass(frozen=True)
class SimulatedHome:
    household_ref: str
    devices: dict[str, str]  # device_ref -> kind
    anomaly: str | None
    life: str | None = None  # a planted life (care/devices/life_pattern.py LIVES): decline | quiet


def homes_from_db(db: Database, households: int, *, decline: int = 0, quiet: int = 0) -> list[SimulatedHome]:
    """The first `households` homes with devices, each with its planted anomaly; `decline` and
    `quiet` of the homes without an anomaly (in order) live a slow decline / a quiet life."""
    with db.session() as s:
        rows = s.execute(select(Household.ref, Device.ref, Device.kind)
                         .join(Device, Device.household_id == Household.id)
                         .where(Device.active.is_(True), Household.active.is_(True)).order_by(Household.id, Device.id)).all()
    homes: dict[str, dict[str, str]] = {}
    for h_ref, d_ref, kind in rows:
        if h_ref not in homes and len(homes) >= households:
            continue
        homes.setdefault(h_ref, {})[d_ref] = kind
    if not homes:
        raise AnbuError("기기가 등록된 가구가 없습니다 — 먼저 `python main.py demo-data`로 데모 데이터를 만드십시오 "
                        "(no households with devices: seed demo data first)")
    out = [SimulatedHome(ref, devs, anomaly_for(i)) for i, (ref, devs) in enumerate(homes.items())]
    free = [i for i, h in enumerate(out) if h.anomaly is None]
    if decline + quiet > len(free):
        raise AnbuError(f"--decline {decline} --quiet-lives {quiet}: 이상 상황이 없는 가구가 {len(free)}곳뿐입니다 "
                        f"(only {len(free)} of the {len(out)} simulated homes carry no planted anomaly; "
                        "raise --households or plant fewer lives)")
    for n, i in enumerate(free[:decline + quiet]):
        out[i] = replace(out[i], life="decline" if n < decline else "quiet")
    return out


class DeviceSimulator:
    def __init__(self, homes: list[SimulatedHome], host: str, port: int, *, speed: float = 60.0,
                 hours_back: float = 24.0, step: timedelta = timedelta(minutes=10), seed: int = 7,
                 clock: Callable[[], datetime] = utcnow, settings: MqttSettings | None = None,
                 password: str | None = None) -> None:
        if speed <= 0:
            raise AnbuError("--speed must be above 0")
        self.homes, self.speed, self.step, self.clock = homes, speed, step, clock
        start = clock()
        self.sim_start = start - timedelta(hours=hours_back)
        rng = random.Random(seed)
        self.patterns: list[tuple[SimulatedHome, HomePattern | LifePattern]] = []
        for k, h in enumerate(homes):
            r = random.Random(rng.random())
            self.patterns.append((h, LifePattern(h.devices, r, self.sim_start, start, h.life, seed * 1009 + k)
                                  if h.life else HomePattern(h.devices, r, start, h.anomaly)))
        self.published = 0
        settings = replace(settings or MqttSettings(), host=host, port=port)
        self.client = make_client(settings, password, client_id=f"anbu-simulator-{seed}", persistent=False).client
        self.client.reconnect_delay_set(1, 10)
        self.refusal = ""
        self.client.on_connect = self._on_connect
        self.settings = settings
        self.host, self.port = host, port

    def _on_connect(self, client, userdata, flags, reason_code, properties) -> None:
        self.refusal = refusal_hint(reason_code, self.settings) if reason_code.is_failure else ""
        self._connected.set()

    def _publish_step(self, t: datetime) -> None:
        infos = []
        for home, pattern in self.patterns:
            for d_ref, metric, ts, value, unit in pattern.readings(t, self.step):
                if ts > self.clock():
                    continue
                infos.append(self.client.publish(topic_for(home.household_ref, d_ref, metric),
                                                 payload_for(ts, value, unit), qos=1))
        for info in infos:
            info.wait_for_publish(30)
        self.published += len(infos)

    def run(self, stop: threading.Event | None = None, *, until_present: bool = False,
            progress: Callable[[datetime, int], None] | None = None) -> int:
        """Publish until `stop` is set (or the backlog is done with until_present). Returns the
        number of messages published."""
        stop = stop or threading.Event()
        self._connected = threading.Event()
        self.client.connect(self.host, self.port, keepalive=30)
        self.client.loop_start()
        try:
            if not self._connected.wait(30) or self.refusal:
                raise AnbuError(self.refusal or f"MQTT 브로커 {self.host}:{self.port}가 응답하지 않습니다 "
                                "(the broker did not answer the connection)")
            t = self.sim_start
            real0 = time.monotonic()
            while not stop.is_set():
                now = self.clock()
                if t + self.step > now:  # caught up: follow real time
                    if until_present:
                        break
                    stop.wait(min(30.0, (t + self.step - now).total_seconds()))
                    continue
                due = (t - self.sim_start).total_seconds() / self.speed - (time.monotonic() - real0)
                if due > 0 and stop.wait(due):
                    break
                self._publish_step(t)
                t += self.step
                if progress:
                    progress(t, self.published)
        finally:
            self.client.loop_stop()
            self.client.disconnect()
        return self.published

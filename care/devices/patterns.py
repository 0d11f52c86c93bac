"""Realistic daily patterns for one home, shared by the demo data and the simulator: sleep, meals
(rice cooker), evening TV (smart plug), going out (front door), room temperature following the day,
a companion robot's heartbeats, conversations and medication reminders — and a few planted
anomalies, anchored at `anchor` (usually now), so every rule has something real to find.

`HomePattern.readings(t, step)` returns the messages one home sends in [t, t + step).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Seoul")
# anomaly -> what the rules should say about it
ANOMALIES = ("inactive", "gateway_down", "cold", "medication_missed", "robot_battery", "sos", "motion_sensor_dead")
UNITS = {"motion": "", "door": "", "temperature": "C", "humidity": "%", "power": "W", "smoke": "", "gas": "",
         "button": "", "battery": "%", "heartbeat": "%", "interaction": "s", "medication_ack": "",
         "medication_missed": "", "sos": ""}
HEARTBEAT_EVERY = timedelta(hours=2)  # smoke/gas/button report "0" this often (so silence means something)

Message = tuple[str, str, datetime, float, str]  # device_ref, metric, ts, value, unit


def anomaly_for(index: int) -> str | None:
    """Which anomaly the index-th demo/simulated home carries (about 4 in 10 homes have one)."""
    return {0: "inactive", 3: "gateway_down", 5: "cold", 7: "medication_missed"}.get(index % 10) or \
        {4: "robot_battery", 9: "sos"}.get(index % 13) or ("motion_sensor_dead" if index % 17 == 12 else None)


@dataclass
class HomePattern:
    devices: dict[str, str]  # device_ref -> kind
    rng: random.Random
    anchor: datetime
    anomaly: str | None = None

    def __post_init__(self) -> None:
        r = self.rng
        self.wake = r.uniform(5.5, 7.5)
        self.sleep = r.uniform(21.5, 23.5)
        self.out_start = r.uniform(9.5, 14.0)
        self.out_hours = r.uniform(0.7, 2.5)
        self.base_temp = r.uniform(19.5, 23.5)
        self.tv_watts = r.uniform(60, 140)
        self.robot_battery = r.uniform(60, 100)

    # --- what the resident is doing ---------------------------------------------------------------
    def _hour(self, t: datetime) -> float:
        lt = t.astimezone(LOCAL_TZ)
        return lt.hour + lt.minute / 60

    def _went_out_today(self, t: datetime) -> bool:
        day = t.astimezone(LOCAL_TZ).toordinal()
        return (day * 7919 + int(self.wake * 100)) % 10 < 7  # most days, deterministic per home and day

    def _state(self, t: datetime) -> str:
        if self.anomaly == "inactive" and t >= self.anchor - timedelta(hours=30):
            return "still"
        if self.anomaly == "inactive" and t >= self.anchor - timedelta(hours=31):
            # up and about at home in the hour before the fall, whatever the time of day: the spell
            # the rules see then starts at the fall, not at an outing or a night's sleep before it
            # (which let the TV or the rice cooker count as "other activity", so the planted flag's
            # severity changed with the hour the demo was seeded)
            return "home"
        h = self._hour(t)
        if not self.wake <= h < self.sleep:
            return "asleep"
        if self._went_out_today(t) and self.out_start <= h < self.out_start + self.out_hours:
            return "out"
        return "home"

    def _silent(self, t: datetime, kind: str) -> bool:
        if self.anomaly == "gateway_down" and t >= self.anchor - timedelta(hours=10):
            return True
        return self.anomaly == "motion_sensor_dead" and kind == "motion" and t >= self.anchor - timedelta(hours=12)

    # --- the messages ---------------------------------------------------------------------------
    def readings(self, t: datetime, step: timedelta) -> list[Message]:
        r, out = self.rng, []
        state, h = self._state(t), self._hour(t)
        for ref, kind in self.devices.items():
            if self._silent(t, kind):
                continue
            if kind == "motion":
                n = {"home": r.randint(1, 8), "asleep": int(r.random() < 0.15), "out": 0, "still": 0}[state]
                out.append((ref, "motion", t, float(n), ""))
            elif kind == "door":
                opened = self._door_opens(t, step)
                for ts in opened:
                    out += [(ref, "door", ts, 1.0, ""), (ref, "door", ts + timedelta(seconds=40), 0.0, "")]
                if not opened:
                    out.append((ref, "door", t, 0.0, ""))
            elif kind == "temperature":
                temp = self.base_temp + 1.8 * math.sin((h - 9) / 24 * 2 * math.pi) + r.gauss(0, 0.25)
                if self.anomaly == "cold" and t >= self.anchor - timedelta(hours=4):
                    temp = 8.2 + r.gauss(0, 0.3)
                out.append((ref, "temperature", t, round(temp, 1), "C"))
            elif kind == "humidity":
                out.append((ref, "humidity", t, round(min(95.0, max(20.0, 45 + r.gauss(0, 4))), 1), "%"))
            elif kind == "power":
                out.append((ref, "power", t, round(self._watts(state, h), 1), "W"))
            elif kind in ("smoke", "gas", "emergency_button"):
                metric = "button" if kind == "emergency_button" else kind
                if (t - t.replace(hour=0, minute=0, second=0, microsecond=0)) % HEARTBEAT_EVERY < step:
                    out.append((ref, metric, t, 0.0, ""))
            elif kind == "robot":
                out += self._robot(ref, t, step, state, h)
            if kind != "robot" and t.astimezone(LOCAL_TZ).hour == 3 and t.minute < step.total_seconds() / 60:
                out.append((ref, "battery", t + timedelta(seconds=1), float(r.randint(55, 100)), "%"))
        return out

    def _door_opens(self, t: datetime, step: timedelta) -> list[datetime]:
        if self.anomaly == "inactive" and t >= self.anchor - timedelta(hours=30):
            return []
        opens = []
        lt = t.astimezone(LOCAL_TZ)
        midnight = lt.replace(hour=0, minute=0, second=0, microsecond=0)
        visits = [self.out_start, self.out_start + self.out_hours] if self._went_out_today(t) else []
        if (lt.toordinal() + int(self.sleep * 10)) % 3:  # recycling, a neighbour, the mail: most evenings
            visits.append(self.sleep - 3.2)
        for hour in visits:
            at = midnight + timedelta(hours=hour)
            if t <= at < t + step:
                opens.append(at)
        return opens

    def _watts(self, state: str, h: float) -> float:
        r = self.rng
        if state == "still":
            return 1.8 + r.uniform(0, 0.6)  # standby only: "power flat"
        if state == "home" and (h >= 18.5 or 7 <= h < 8):
            return self.tv_watts + r.gauss(0, 6)
        if state == "home" and (11.5 <= h < 12.5 or 17.5 <= h < 18.5):
            return r.choice([650.0, 120.0]) + r.gauss(0, 15)  # rice cooker cooking / keeping warm
        return 1.8 + r.uniform(0, 0.6)

    def _robot(self, ref: str, t: datetime, step: timedelta, state: str, h: float) -> list[Message]:
        r, out = self.rng, []
        asleep = state == "asleep"
        drain = -step.total_seconds() / 3600 * (1.5 if not asleep else -8)  # charges on its dock at night
        self.robot_battery = max(5.0, min(100.0, self.robot_battery + drain))
        battery = 12.0 if self.anomaly == "robot_battery" and t >= self.anchor - timedelta(hours=3) else self.robot_battery
        out.append((ref, "heartbeat", t, round(battery, 1), "%"))
        if state == "home" and r.random() < 0.35:
            out.append((ref, "interaction", t + timedelta(seconds=r.randint(60, 600)), float(r.randint(15, 400)), "s"))
        for remind in (8.0, 19.0):
            lt = t.astimezone(LOCAL_TZ)
            at = lt.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(hours=remind, minutes=5)
            if t <= at < t + step:
                missed = state in ("still", "out") or r.random() < 0.08
                if self.anomaly == "medication_missed" and self.anchor - timedelta(hours=36) <= at <= self.anchor:
                    missed = True
                out.append((ref, "medication_missed" if missed else "medication_ack", at, 1.0, ""))
        if self.anomaly == "sos" and t <= self.anchor - timedelta(hours=2) < t + step:
            out.append((ref, "sos", self.anchor - timedelta(hours=2), 1.0, ""))
        return out

"""The versioned MQTT topic and payload scheme, and the validation every reading passes.

Topic:    anbu/v1/<household_ref>/<device_ref>/<metric>
Payload:  {"ts": "2026-11-22T09:30:00+09:00", "value": 21.5, "unit": "C"}    (UTF-8 JSON object)

- `ts` is ISO-8601 *with* a UTC offset (or "Z"); naive times are refused, because a reading
  that silently shifts by nine hours makes an active resident look inactive.
- `value` is a number or a boolean (booleans are stored as 1.0/0.0); NaN and infinities are refused.
- `unit` names the unit; each metric accepts a small set (see METRICS), "" where none applies.
- Robot events use the same scheme; the metric is the event kind (heartbeat, interaction,
  medication_ack, medication_missed, sos) and an optional "detail" object is kept with the event.
- Unknown extra keys are ignored, so v1 senders may add fields; a breaking change gets anbu/v2.

Validation is pure (no DB): `Validator.check(topic, payload)` returns a `Reading` or a
`Rejection(reason, detail)`. Device lookups go through a `DeviceDirectory` (see directory.py).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson

SCHEME = "anbu"
VERSION = "v1"
MAX_PAYLOAD_BYTES = 4096

DEVICE_KINDS = ("motion", "door", "temperature", "humidity", "power", "smoke", "gas",
                "emergency_button", "robot")
ROBOT_EVENTS = ("heartbeat", "interaction", "medication_ack", "medication_missed", "sos")

# Every reason a message can be refused; counted per reason and kept in device_dead_letter.
REASONS = (
    "bad_topic",          # not anbu/v1/<household>/<device>/<metric>
    "unknown_version",    # anbu/v2/... (a newer sender than this Anbu)
    "too_large",
    "bad_json",           # not UTF-8 JSON
    "not_object",         # JSON, but not an object
    "missing_field",      # ts / value absent
    "wrong_type",         # value not number/bool, ts/unit not a string
    "not_finite",         # NaN, inf
    "bad_timestamp",      # unparseable or without a UTC offset
    "ts_future",
    "ts_past",
    "unknown_household",
    "unknown_device",
    "unknown_metric",     # the metric does not belong to this kind of device
    "bad_unit",
    "out_of_range",
    "duplicate",          # the same device, metric and time again
    "bad_row",            # a file row that cannot be read (CSV cells, JSONL line)
    "bad_text",           # a string no database can store: a lone surrogate, NUL (PostgreSQL refuses it)
    "storage_refused",    # the database refused this one message (its batch was split to find it)
)


@dataclass(frozen=True)
class MetricSpec:
    boolean: bool = False  # true/false or 0/1
    units: tuple[str, ...] = ("",)  # accepted units; the first is stored
    lo: float = -math.inf
    hi: float = math.inf


_BOOL = MetricSpec(boolean=True)
_BATTERY = MetricSpec(units=("%",), lo=0, hi=100)
_COUNT = MetricSpec(units=("", "count"), lo=0, hi=100_000)

# kind -> metric -> spec. "battery" is accepted from every kind.
METRICS: dict[str, dict[str, MetricSpec]] = {
    "motion": {"motion": _COUNT},  # motion events in the reporting interval (0 = none; a heartbeat)
    "door": {"door": _BOOL},  # 1 = opened
    "temperature": {"temperature": MetricSpec(units=("C", "°C", "degC"), lo=-40, hi=80)},
    "humidity": {"humidity": MetricSpec(units=("%", "%RH"), lo=0, hi=100)},
    "power": {"power": MetricSpec(units=("W",), lo=0, hi=10_000)},
    "smoke": {"smoke": _BOOL},
    "gas": {"gas": _BOOL},
    "emergency_button": {"button": _BOOL},
    "robot": {
        "heartbeat": MetricSpec(units=("%", ""), lo=0, hi=100),  # value = battery %
        "interaction": MetricSpec(units=("s", ""), lo=0, hi=86_400),  # seconds of conversation/touch
        "medication_ack": _BOOL,
        "medication_missed": _BOOL,
        "sos": _BOOL,
    },
}
for _kind in METRICS:
    METRICS[_kind].setdefault("battery", _BATTERY)


@dataclass(frozen=True)
class DeviceRef:
    device_id: int
    household_id: int
    kind: str


@dataclass(frozen=True, slots=True)
class Reading:
    """An accepted reading (or robot event when `robot_event`)."""

    device_id: int
    household_id: int
    kind: str  # the device kind
    metric: str
    ts: datetime
    value: float
    unit: str
    robot_event: bool = False
    detail: Any = None


@dataclass(frozen=True, slots=True)
class Rejection:
    reason: str
    detail: str


def topic_for(household_ref: str, device_ref: str, metric: str) -> str:
    return f"{SCHEME}/{VERSION}/{household_ref}/{device_ref}/{metric}"


def subscription(prefix: str = SCHEME) -> str:
    """Everything under the prefix, not just v1's shape: a gateway that publishes to a wrong topic
    or a newer version shows up as dead letters with the reason instead of vanishing."""
    return f"{prefix}/#"


def payload_for(ts: datetime, value: float | bool, unit: str = "", **extra: Any) -> bytes:
    return json.dumps({"ts": ts.isoformat(), "value": value, "unit": unit, **extra},
                      ensure_ascii=False).encode()


def _lenient_json(payload: bytes | str, strict_error: Exception) -> Any:
    """orjson refused the payload; the standard library still reads NaN, Infinity and huge
    integers, which then fail as not_finite / out_of_range, a clearer reason than bad_json."""
    try:
        return json.loads(payload)
    except (ValueError, TypeError, RecursionError):
        return Rejection("bad_json", str(strict_error)[:200])


def unstorable_text(value: Any, _depth: int = 0) -> str | None:
    """Where `value` (JSON data) holds a string that cannot be stored, or None. Lone surrogates
    ("\\ud800" in JSON) cannot be encoded as UTF-8 at all; NUL is refused by PostgreSQL text
    columns and truncates C strings elsewhere. Keys count as much as values."""
    if isinstance(value, str):
        if "\x00" in value:
            return "NUL character"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "lone surrogate"
        return None
    if _depth > 64:
        return "nested too deeply"
    if isinstance(value, dict):
        for k, v in value.items():
            found = unstorable_text(k, _depth + 1) or unstorable_text(v, _depth + 1)
            if found:
                return found
    elif isinstance(value, list):
        for v in value:
            found = unstorable_text(v, _depth + 1)
            if found:
                return found
    return None


def storable(text: str) -> str:
    """`text` made safe for any database text column (dead letters keep what arrived, escaped):
    lone surrogates and NUL become visible backslash escapes."""
    if "\x00" in text:
        text = text.replace("\x00", "\\x00")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


Lookup = Callable[[str, str], "DeviceRef | str"]  # (household_ref, device_ref) -> ref or reason


class Validator:
    """Checks one message against the scheme. `lookup` resolves a device or returns
    "unknown_household"/"unknown_device"; `now` is a callable so tests control the clock."""

    def __init__(self, lookup: Lookup, *, now: Callable[[], datetime], prefix: str = SCHEME,
                 max_future: timedelta = timedelta(minutes=10), max_past: timedelta = timedelta(days=30)) -> None:
        self.lookup, self.now, self.prefix = lookup, now, prefix
        self.max_future, self.max_past = max_future, max_past

    def check(self, topic: str, payload: bytes | str, now: datetime | None = None) -> Reading | Rejection:
        parts = topic.split("/") if isinstance(topic, str) else []
        if len(parts) != 5 or parts[0] != self.prefix or not all(parts):
            return Rejection("bad_topic", f"expected {self.prefix}/{VERSION}/<household>/<device>/<metric>")
        if parts[1] != VERSION:
            return Rejection("unknown_version", f"topic version {parts[1][:20]!r}, this Anbu reads {VERSION}")
        _, _, household_ref, device_ref, metric = parts
        if len(payload) > MAX_PAYLOAD_BYTES:
            return Rejection("too_large", f"{len(payload)} bytes > {MAX_PAYLOAD_BYTES}")
        try:
            data = orjson.loads(payload)  # strict and fast; refuses NaN, bad UTF-8, deep nesting
        except (ValueError, TypeError) as exc:
            data = _lenient_json(payload, exc)  # slow path, only to name NaN/huge numbers precisely
            if isinstance(data, Rejection):
                return data
        if not isinstance(data, dict):
            return Rejection("not_object", f"payload is a JSON {type(data).__name__}, not an object")
        bad_text = unstorable_text(data) or unstorable_text(topic)
        if bad_text:
            return Rejection("bad_text", f"the message holds a string that cannot be stored ({bad_text})")
        if "ts" not in data or "value" not in data:
            return Rejection("missing_field", "needs ts and value")
        ts_text, value, unit = data["ts"], data["value"], data.get("unit", "")
        if not isinstance(ts_text, str) or not isinstance(unit, str):
            return Rejection("wrong_type", "ts and unit must be strings")
        if value is None or not isinstance(value, int | float):  # bool is an int
            return Rejection("wrong_type", f"value must be a number or boolean, got {type(value).__name__}")
        value = float(value)
        if not math.isfinite(value):
            return Rejection("not_finite", f"value {value}")
        try:
            ts = datetime.fromisoformat(ts_text)
        except ValueError:
            return Rejection("bad_timestamp", f"not ISO-8601: {ts_text[:40]!r}")
        if ts.tzinfo is None or ts.utcoffset() is None:
            return Rejection("bad_timestamp", f"no UTC offset: {ts_text[:40]!r}")
        now = now or self.now()
        if ts - now > self.max_future:
            return Rejection("ts_future", f"{ts_text[:40]} is ahead of {now.isoformat(timespec='seconds')}")
        if now - ts > self.max_past:
            return Rejection("ts_past", f"{ts_text[:40]} is older than {self.max_past.days} days")
        ref = self.lookup(household_ref, device_ref)
        if isinstance(ref, str):
            return Rejection(ref, f"{household_ref}/{device_ref}"[:200])
        spec = METRICS[ref.kind].get(metric)
        if spec is None:
            return Rejection("unknown_metric", f"a {ref.kind} device has no metric {metric[:30]!r}")
        if unit not in spec.units:
            return Rejection("bad_unit", f"{metric} takes {'/'.join(u or '(none)' for u in spec.units)}, got {unit[:20]!r}")
        if spec.boolean:
            if value not in (0.0, 1.0):
                return Rejection("out_of_range", f"{metric} is true/false or 0/1, got {value}")
        elif not spec.lo <= value <= spec.hi or isinstance(data["value"], bool):
            if isinstance(data["value"], bool):
                return Rejection("wrong_type", f"{metric} is a number, got a boolean")
            return Rejection("out_of_range", f"{metric} {value} outside {spec.lo}..{spec.hi}")
        robot = ref.kind == "robot" and metric != "battery"
        detail = data.get("detail") if robot and isinstance(data.get("detail"), dict) else None
        return Reading(ref.device_id, ref.household_id, ref.kind, metric, ts, value, spec.units[0],
                       robot, detail)

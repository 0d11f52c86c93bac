"""Editable rule thresholds, retention and broker settings, kept in app_setting so every PC on the
database uses the same values. The MQTT password is never stored here: it lives in the OS keyring
(service "anbu-mqtt", user = the broker user name) or ANBU_MQTT_PASSWORD; see mqtt_config.py."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from care.errors import ConfigurationError
from storage.models import AppSetting

RULES_KEY = "devices.rules"
RETENTION_KEY = "devices.retention"
MQTT_KEY = "devices.mqtt"
KEYRING_SERVICE = "anbu-mqtt"
MAX_SETTING = 100_000.0  # the largest threshold/retention number accepted (hours: 11 years)
MAX_READING_AGE_DAYS = 30  # the ingest refuses older readings; raw retention must stay above it


@dataclass(frozen=True)
class RuleThresholds:
    no_motion_h: float = 24.0  # no motion for N hours -> inactivity
    door_closed_h: float = 24.0  # front door not opened for N hours
    temp_low_c: float = 10.0  # indoor temperature below ...
    temp_high_c: float = 32.0  # ... or above ...
    temp_duration_h: float = 2.0  # ... for this long
    power_flat_h: float = 24.0  # smart plug without change beyond noise for N hours
    power_noise_w: float = 5.0  # the noise band
    robot_offline_h: float = 2.0  # no robot heartbeat for N hours -> device health
    robot_battery_pct: float = 15.0  # robot battery below -> device health
    robot_no_interaction_h: float = 24.0  # no conversation/touch for N hours
    medication_missed_per_day: float = 2.0  # missed reminders in one local day -> health
    device_silent_h: float = 6.0  # a sensor that sends nothing at all for N hours is silent
    emergency_lookback_h: float = 24.0  # smoke/gas/SOS events looked at in each evaluation


@dataclass(frozen=True)
class RetentionSettings:
    raw_days: float = 90.0  # raw readings and robot events
    hourly_days: float = 1825.0  # hourly aggregates (5 years)
    dead_letter_days: float = 30.0


@dataclass(frozen=True)
class MqttSettings:
    host: str = "127.0.0.1"
    port: int = 1883
    tls: bool = False
    username: str = ""  # the password is in the keyring under this name
    topic_prefix: str = "anbu"
    client_id: str = ""  # "" = "anbu-ingest-<host name>": stable, so the broker keeps our session
    tls_ca: str = ""  # CA file that signed the broker's certificate ("" = the system's CAs)
    tls_cert: str = ""  # client certificate (PEM) when the broker asks for one
    tls_key: str = ""  # its private key (PEM; "" when it is inside tls_cert)


def _load(session: Session, key: str, cls):  # noqa: ANN001, ANN202
    row = session.get(AppSetting, key)
    stored = row.value if row is not None and isinstance(row.value, dict) else {}
    known = {f.name: f for f in fields(cls)}
    values: dict[str, Any] = {}
    for name, value in stored.items():
        if name in known:
            values[name] = value
    try:
        return _validated(cls(**values))
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"설정 {key} 값이 잘못되었습니다 (bad setting {key}): {exc}") from exc


def _validated(obj):  # noqa: ANN001, ANN202
    for f in fields(obj):
        default = f.default
        value = getattr(obj, f.name)
        if isinstance(default, float):
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise ValueError(f"{f.name} must be a non-negative number, got {value!r}")
            if value > MAX_SETTING:  # hours/days/watts: past this a timedelta overflows, and no rule means it
                raise ValueError(f"{f.name} must be at most {MAX_SETTING:g}, got {value!r}")
            object.__setattr__(obj, f.name, float(value))
        elif isinstance(default, bool) and not isinstance(value, bool):
            raise ValueError(f"{f.name} must be true or false")
        elif isinstance(default, int) and not isinstance(default, bool) and (
                isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 65536):
            raise ValueError(f"{f.name} must be a port number")
        elif isinstance(default, str) and not isinstance(value, str):
            raise ValueError(f"{f.name} must be text")
    return obj


def _save(session: Session, key: str, obj) -> None:  # noqa: ANN001
    row = session.get(AppSetting, key)
    if row is None:
        session.add(AppSetting(key=key, value=asdict(obj)))
    else:
        row.value = asdict(obj)


def load_thresholds(session: Session) -> RuleThresholds:
    return _load(session, RULES_KEY, RuleThresholds)


def save_thresholds(session: Session, **changes: float) -> RuleThresholds:
    """Change some thresholds (unknown names are refused); returns the stored set."""
    try:
        new = _validated(replace(load_thresholds(session), **changes))
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"규칙 기준값이 잘못되었습니다 (bad rule threshold): {exc}") from exc
    _save(session, RULES_KEY, new)
    return new


def load_retention(session: Session) -> RetentionSettings:
    return _load(session, RETENTION_KEY, RetentionSettings)


def save_retention(session: Session, **changes: float) -> RetentionSettings:
    try:
        new = _validated(replace(load_retention(session), **changes))
        if new.raw_days <= MAX_READING_AGE_DAYS:
            # an hour is re-aggregated from raw when a late reading arrives: its raw rows must still exist
            raise ValueError(f"raw_days must be above {MAX_READING_AGE_DAYS} (the oldest reading the ingest accepts)")
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"보관 기간 설정이 잘못되었습니다 (bad retention setting): {exc}") from exc
    _save(session, RETENTION_KEY, new)
    return new


def load_mqtt(session: Session) -> MqttSettings:
    return _load(session, MQTT_KEY, MqttSettings)


def _checked_mqtt(new: MqttSettings) -> MqttSettings:
    if not new.host.strip() or any(c.isspace() for c in new.host.strip()):
        raise ValueError("host must be a host name or address")
    if new.tls_key and not new.tls_cert:
        raise ValueError("a client key needs its client certificate (tls_cert)")
    for name in ("tls_ca", "tls_cert", "tls_key"):
        path = getattr(new, name)
        if path and not Path(path).is_file():
            raise ValueError(f"{name}: no such file {path!r}")
    if (new.tls_ca or new.tls_cert) and not new.tls:
        new = replace(new, tls=True)  # a CA or client certificate only means something with TLS
    return replace(new, host=new.host.strip(), username=new.username.strip())


def save_mqtt(session: Session, **changes: Any) -> MqttSettings:
    if "password" in changes:
        raise ConfigurationError("MQTT 비밀번호는 OS 키링에만 저장합니다 (the MQTT password goes to the keyring only)")
    try:
        new = _checked_mqtt(_validated(replace(load_mqtt(session), **changes)))
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"MQTT 설정이 잘못되었습니다 (bad MQTT setting): {exc}") from exc
    _save(session, MQTT_KEY, new)
    return new

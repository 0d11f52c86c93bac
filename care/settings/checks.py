"""What a valid value of each settings section is. `shape` (types and ranges) runs on every load
and save; `full` adds the checks that need more than the value (phone numbers, files) and
normalises (E.164, stripped names) — it runs on save. Every error names the section and field."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import phonenumbers

from care.errors import ConfigurationError
from care.settings.sections import (
    MqttSettings,
    RetentionSettings,
    RunnerSettings,
    TelephonySettings,
    UnreachableRule,
)

MAX_UNREACHABLE = 100

MAX_NUMBER = 100_000.0  # the largest number a setting takes (hours: 11 years); past it timedeltas overflow
MAX_READING_AGE_DAYS = 30  # the ingest refuses older readings; raw retention must stay above it
SID_PATTERN = re.compile(r"^AC[0-9a-fA-F]{32}$")


def problem(message: str, key: str, *params: str) -> ConfigurationError:
    """A ConfigurationError that also says what is wrong as a key (and values) the console words
    in Korean / English; the English message stays for the CLI and logs."""
    exc = ConfigurationError(message)
    exc.problem, exc.params = key, tuple(str(p) for p in params)
    return exc


def bad(section: str, name: str, why: str) -> ConfigurationError:
    return problem(f"설정 {section}.{name} 값이 잘못되었습니다 (bad setting {section}.{name}): {why}",
                   "bad_setting", f"{section}.{name}", why)


def _typed(section: str, name: str, default: Any, value: Any) -> Any:
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise bad(section, name, f"must be true or false, got {value!r}")
        return value
    if isinstance(default, int | float):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise bad(section, name, f"must be a number, got {value!r}")
        if isinstance(default, int) and value != int(value):
            raise bad(section, name, f"must be a whole number, got {value!r}")
        if value < 0:
            raise bad(section, name, f"must not be negative, got {value!r}")
        if value > MAX_NUMBER:
            raise bad(section, name, f"must be at most {MAX_NUMBER:g}, got {value!r}")
        return type(default)(value)
    if isinstance(default, str) and not isinstance(value, str):
        raise bad(section, name, f"must be text, got {value!r}")
    return value


def _runner(s: RunnerSettings) -> RunnerSettings:
    for name in ("max_attempts", "max_concurrent_calls", "transcribe_workers"):
        if getattr(s, name) < 1:
            raise bad("runner", name, "must be at least 1")
    return s


def _mqtt(s: MqttSettings) -> MqttSettings:
    if not 0 < s.port < 65536:
        raise bad("devices.mqtt", "port", f"must be a port number 1-65535, got {s.port!r}")
    return s


def _unreachable(s: UnreachableRule) -> UnreachableRule:
    for name in ("missed_calls", "not_reached_follow_ups"):
        if not 1 <= getattr(s, name) <= MAX_UNREACHABLE:
            raise bad("households.unreachable", name, f"must be 1 to {MAX_UNREACHABLE}")
    return s


SHAPE: dict[type, Callable[[Any], Any]] = {RunnerSettings: _runner, MqttSettings: _mqtt,
                                           UnreachableRule: _unreachable}


def shape(section: str, obj: Any) -> Any:
    """Types and ranges, field by field (numbers become their field's type: 50 -> 50.0)."""
    values = {f.name: _typed(section, f.name, f.default, getattr(obj, f.name)) for f in fields(obj)}
    obj = replace(obj, **values)
    check = SHAPE.get(type(obj))
    return check(obj) if check else obj


# -- the checks that run on save ----------------------------------------------------------------


def _check_voice(voice: str, lang: str, label: str) -> str:
    voice = voice.strip()
    known_other = {"ko": ("en-", "Joanna", "Matthew", "Amy", "Brian"), "en": ("ko-", "Seoyeon")}[lang]
    if voice and any(mark in voice for mark in known_other):
        raise problem(f"the {label} {voice!r} speaks another language", "voice_language", voice)
    return voice


def e164(raw: str, field_name: str) -> str:
    label = {"from_number": "from-number", "office_number": "office call-back number"}[field_name]
    try:
        parsed = phonenumbers.parse(raw, "KR")
    except phonenumbers.NumberParseException as exc:
        raise problem(f"the {label} {raw!r} is not a phone number: {exc}", f"{field_name}_invalid", raw) from exc
    if not phonenumbers.is_possible_number(parsed):
        raise problem(f"the {label} {raw!r} is not a possible phone number", f"{field_name}_invalid", raw)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def telephony(s: TelephonySettings) -> TelephonySettings:
    """Numbers to E.164, the SID's form, voices in the right language, calls per second."""
    sid = s.account_sid.strip()
    if sid and not SID_PATTERN.match(sid):
        raise problem(f"the Twilio account SID {sid!r} should be AC followed by 32 hexadecimal characters",
                      "sid_format", sid)
    from_number, office_number = s.from_number.strip(), s.office_number.strip()
    if not 0.1 <= float(s.calls_per_second) <= 100:
        raise problem("calls per second must be between 0.1 and 100", "cps_range")
    return replace(s, account_sid=sid, voice=_check_voice(s.voice, "ko", "Korean voice"),
                   voice_en=_check_voice(s.voice_en, "en", "English voice"),
                   calls_per_second=float(s.calls_per_second),
                   from_number=e164(from_number, "from_number") if from_number else "",
                   office_number=e164(office_number, "office_number") if office_number else "")


def mqtt(s: MqttSettings) -> MqttSettings:
    host = s.host.strip()
    if not host or any(c.isspace() for c in host):
        raise bad("devices.mqtt", "host", "must be a host name or address")
    if s.tls_key and not s.tls_cert:
        raise bad("devices.mqtt", "tls_key", "a client key needs its client certificate (tls_cert)")
    for name in ("tls_ca", "tls_cert", "tls_key"):
        path = getattr(s, name)
        if path and not Path(path).is_file():
            raise bad("devices.mqtt", name, f"no such file {path!r}")
    tls = s.tls or bool(s.tls_ca or s.tls_cert)  # a CA or client certificate only means something with TLS
    return replace(s, host=host, username=s.username.strip(), tls=tls)


def retention(s: RetentionSettings) -> RetentionSettings:
    if s.raw_days <= MAX_READING_AGE_DAYS:
        # an hour is re-aggregated from raw when a late reading arrives: its raw rows must still exist
        raise bad("devices.retention", "raw_days",
                  f"must be above {MAX_READING_AGE_DAYS} (the oldest reading the ingest accepts)")
    if s.hourly_days < s.raw_days:
        # an hour is rolled up into its day only once its raw readings are gone
        raise bad("devices.retention", "hourly_days", f"must be at least raw_days ({s.raw_days:g})")
    if s.daily_days < s.hourly_days:
        raise bad("devices.retention", "daily_days", f"must be at least hourly_days ({s.hourly_days:g})")
    return s


FULL: dict[type, Callable[[Any], Any]] = {TelephonySettings: telephony, MqttSettings: mqtt,
                                          RetentionSettings: retention}


def full(section: str, obj: Any) -> Any:
    obj = shape(section, obj)
    check = FULL.get(type(obj))
    return shape(section, check(obj)) if check else obj

"""The sections of the shared settings store: one frozen dataclass per app_setting key. A field's
default gives its type (the store checks stored and saved values against it). Secrets are never a
field: the Twilio token and the MQTT password live in the OS keyring (or their environment
variables)."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import timedelta

# CPU-seconds of Vosk per second of call: 9.4 s per 62 s call on the district run (issue 19); one
# simulated 62.0 s call of the shared clips took 7.94 s here (0.128). Speech alone costs more (the
# 44 shared clips, all speech: 0.444), a call is mostly Anbu speaking and pauses. The larger
# district figure is the default.
MEASURED_CPU_PER_AUDIO_S = 0.152
MAX_AUTO_LINES = 16


def machine_workers(cpus: int | None = None) -> int:
    """Transcription workers sized from this machine: one CPU is left to the console and the
    dial threads (2 cores -> 1 worker, 8 -> 7)."""
    return max(1, (cpus if cpus is not None else (os.cpu_count() or 1)) - 1)


def machine_lines(workers: int | None = None, cpu_per_audio_s: float = MEASURED_CPU_PER_AUDIO_S) -> int:
    """Concurrent calls whose audio `workers` transcribers keep up with in real time (W / r),
    at most MAX_AUTO_LINES: 1 worker at 0.152 -> 6 lines, 3 -> 16."""
    return max(1, min(MAX_AUTO_LINES, math.floor((workers or machine_workers()) / cpu_per_audio_s)))


@dataclass(frozen=True)
class RunnerSettings:
    """app_setting "runner": how the night's calls are scheduled and retried."""

    max_attempts: int = 3  # per slot: the first call and two retries
    retry_spacing_min: float = 20.0  # minutes between the end of one attempt and the next dial
    max_concurrent_calls: int = machine_lines()  # calls in flight at once; default: what the workers keep up with
    tick_s: float = 30.0  # how often the scheduler dispatches (and a line freeing up ticks at once)
    replan_s: float = 60.0  # slots are (re)planned at most this often; they are planned a day ahead
    heartbeat_s: float = 10.0
    lease_timeout_s: float = 90.0  # a lease not renewed for this long may be taken over
    misfire_grace_s: int = 600  # APScheduler: a tick late by less than this still runs (coalesced)
    lookahead_h: float = 24.0  # slots are planned this far ahead (tonight's queue in the console)
    catchup_days: float = 7.0  # downtime older than this is not reported slot by slot
    ring_timeout_s: int = 30
    max_duration_s: int = 300
    script: str = "ko_default"
    transcribe_workers: int = machine_workers()  # 1: on the speech thread; more: a process pool kept all night
    transcribe_cpu_per_audio_s: float = MEASURED_CPU_PER_AUDIO_S  # for the Schedule page's capacity line
    recording_retention_days: float = 90.0  # call recordings are destroyed after this (care/checkins/recordings.py)
    # the shared recordings folder every PC reaches (the district's file share); "" = this PC's data
    # folder/recordings. The database keeps paths relative to it (care/checkins/recordings.py).
    recordings_root: str = ""
    # False: this runner only dials; `runner --speech-only` workers on other PCs transcribe and assess
    speech_in_runner: bool = True
    clock_jump_days: float = 14.0  # a clock further than this past the last run needs --accept-clock-jump
    # The call-back number is telephony's `office_number` (schema 1 moved the runner's old copy there).

    @property
    def retry_spacing(self) -> timedelta:
        return timedelta(minutes=self.retry_spacing_min)


@dataclass(frozen=True)
class TelephonySettings:
    """app_setting "telephony": the phone line as the Settings page saves it (never the token)."""

    account_sid: str = ""
    from_number: str = ""  # E.164, owned by or verified on the Twilio account
    voice: str = ""  # Korean scripts' voice; empty: the script's own (Polly.Seoyeon)
    voice_en: str = ""  # English scripts' voice; empty: the script's own
    office_number: str = ""  # the 동 office's call-back number, read in the closing
    delete_remote_recordings: bool = True  # delete the Twilio copy once downloaded to the PC
    calls_per_second: float = 1.0  # Twilio's default CPS for an account


@dataclass(frozen=True)
class MqttSettings:
    """app_setting "devices.mqtt": the broker (the password is in the keyring under `username`)."""

    host: str = "127.0.0.1"
    port: int = 1883
    tls: bool = False
    username: str = ""  # the password is in the keyring under this name
    topic_prefix: str = "anbu"
    client_id: str = ""  # "" = "anbu-ingest-<host name>": stable, so the broker keeps our session
    tls_ca: str = ""  # CA file that signed the broker's certificate ("" = the system's CAs)
    tls_cert: str = ""  # client certificate (PEM) when the broker asks for one
    tls_key: str = ""  # its private key (PEM; "" when it is inside tls_cert)


@dataclass(frozen=True)
class RuleThresholds:
    """app_setting "devices.rules": when sensor and robot readings raise a flag."""

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
    """app_setting "devices.retention": how long device data is kept (recordings: the runner's
    `recording_retention_days`)."""

    raw_days: float = 90.0  # raw readings and robot events
    hourly_days: float = 365.0  # hourly aggregates (1 year); then rolled up into daily rows
    daily_days: float = 1825.0  # daily aggregates (5 years)
    dead_letter_days: float = 30.0


@dataclass(frozen=True)
class SpeechSettings:
    """app_setting "speech": the Vosk model directory shared by every PC ("" = the default)."""

    model_path: str = ""


@dataclass(frozen=True)
class UnreachableRule:
    """app_setting "households.unreachable": when a household counts as unreachable (연락두절) —
    this many missed check-ins and follow-ups that reached nobody since anybody last reached it."""

    missed_calls: int = 3
    not_reached_follow_ups: int = 1


@dataclass(frozen=True)
class AccessSettings:
    """app_setting "access": what a supervisor allows social workers beyond their own households."""

    workers_search_all: bool = False  # a social worker may search every household by name (not open them)


@dataclass(frozen=True)
class EscalationSettings:
    """app_setting "escalation": how an urgent flag reaches a person (care/escalation). Policies
    follow these numbers (minutes after the flag); admins change them on the Settings page or with
    `settings`. Deadlines: by then someone must have acknowledged it (overdue otherwise)."""

    timezone: str = "Asia/Seoul"  # the district's zone: duty bands and office hours are local
    life_safety_next_duty_min: float = 5.0  # unacknowledged -> the next duty contact
    life_safety_keyholders_min: float = 15.0  # -> the household's keyholders in order
    keyholder_spacing_min: float = 5.0  # between one keyholder and the next
    high_call_min: float = 15.0  # high: SMS at once, then a notification call
    ack_life_safety_min: float = 5.0
    ack_high_min: float = 15.0
    ack_callback_min: float = 60.0  # a medium sensor flag escalated as high after its call-back
    # medium/low deadline: the next office day (mon-fri, not a public holiday) at this local time.
    # (An `office_start` key that older versions stored is unused and ignored: nothing ran on it.)
    office_ack_time: str = "10:00"
    messaging_service_sid: str = ""  # Twilio MessagingServiceSid ("" = send from telephony's number)
    sms_from: str = ""  # a from-number for SMS when there is no messaging service ("" = telephony's)
    notify_ring_timeout_s: int = 30
    reply_lookback_h: float = 24.0  # SMS replies older than this are not read
    callback: bool = True  # medium sensor flags: call the resident back first


# section class -> its app_setting key (the keys existing databases already use)
SECTIONS: dict[type, str] = {
    RunnerSettings: "runner",
    TelephonySettings: "telephony",
    MqttSettings: "devices.mqtt",
    RuleThresholds: "devices.rules",
    RetentionSettings: "devices.retention",
    SpeechSettings: "speech",
    UnreachableRule: "households.unreachable",
    AccessSettings: "access",
    EscalationSettings: "escalation",
}
SECRET_NAMES = frozenset({"password", "token", "auth_token", "secret", "api_key"})

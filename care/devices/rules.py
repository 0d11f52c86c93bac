"""Rules that turn device signals (and their silence) into risk flags.

Every rule takes `now` (tests control the clock; nothing sleeps) and the thresholds from
app_setting (settings.RuleThresholds). A rule produces a FlagDraft (care.flags, the one flag
writer) whose dedupe_key names the episode ("no motion since 09:10 on the 21st"), so a condition
that is still true at the next evaluation is not raised again; condition rules also skip a device
that already has an unresolved flag of the same rule (an episode whose start slid out of the data).

Silence is never inactivity: a device that sends nothing (not even its periodic 0/heartbeat) is a
device_health flag, and when *every* device of a household is silent the household gets one
device_health flag naming a dead gateway/connection — its inactivity rules are not evaluated at
all, since silence says nothing about the resident.

Edges: "for N hours" rules fire at exactly N hours (>=); "offline > 2 h" fires after 2 h (>);
"below 10 °C" / "above 32 °C" / "battery < 15%" are strict.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from care import settings as store
from care.devices import signals
from care.devices.settings import RuleThresholds
from care.devices.sign_of_life import CheckIn, close_answered_inactivity, last_check_in
from care.flags import FlagDraft, write_flags
from storage.db import Database
from storage.models import Device

LOCAL_TZ = ZoneInfo("Asia/Seoul")
PASS_BATCH = 50  # households read before their flags are written (evaluate_pass)
PASS_BATCH_S = 0.5  # ... or fewer, when reading them takes longer than this
EMERGENCY_CLOCK_SLACK = timedelta(minutes=10)  # = schema.Validator max_future
KIND_KO = {"motion": "동작 감지 센서", "door": "현관문 센서", "temperature": "온도 센서", "humidity": "습도 센서",
           "power": "스마트 플러그", "smoke": "연기 감지기", "gas": "가스 감지기", "emergency_button": "응급 호출 버튼",
           "robot": "돌봄 로봇"}


@dataclass
class EvaluationResult:
    raised: list[FlagDraft] = field(default_factory=list)
    households: int = 0
    closed: list[int] = field(default_factory=list)  # inactivity flags closed by a check-in (sign_of_life)


def local(ts: datetime | None) -> str:
    return "기록 없음" if ts is None else ts.astimezone(LOCAL_TZ).strftime("%m월 %d일 %H:%M")


def _hours(td: timedelta) -> str:
    h = td.total_seconds() / 3600
    return f"{h:.0f}시간" if h >= 10 else f"{h:.1f}시간"


def _draft(dev: Device, category: str, severity: str, reason: str, key: str, *, since: datetime | None,
           last_value: float | None, ongoing: bool = True, **extra: Any) -> FlagDraft:
    source = "robot" if dev.kind == "robot" else "sensor"
    evidence = {"device": dev.ref, "kind": dev.kind, "since": since.isoformat() if since else None,
                "last_value": last_value, "rule": key.split(":")[1], **extra}
    return FlagDraft(dev.household_id, dev.id, source, category, severity, reason, evidence,
                     f"{key}:{since.isoformat() if since else 'never'}", ongoing)


def _label(dev: Device) -> str:
    return f"{KIND_KO.get(dev.kind, dev.kind)}({dev.ref})"


def evaluate_household(session: Session, household_id: int, now: datetime, th: RuleThresholds,
                       devices: list[Device] | None = None) -> list[FlagDraft]:
    """The drafts for one household (reads only). `devices`: its active devices by id, when the
    caller loaded a batch's at once (evaluate_pass)."""
    if devices is None:
        devices = list(session.scalars(select(Device).where(Device.household_id == household_id,
                                                            Device.active.is_(True)).order_by(Device.id)))
    if not devices:
        return []
    drafts: list[FlagDraft] = []
    silent, alive = [], []
    for dev in devices:
        limit = th.robot_offline_h if dev.kind == "robot" else th.device_silent_h
        ref = dev.last_seen_at or dev.created_at
        (silent if now - ref > timedelta(hours=limit) else alive).append(dev)
    if not alive:
        last = max((d.last_seen_at for d in devices if d.last_seen_at), default=None)
        gone = now - (last or min(d.created_at for d in devices))
        drafts.append(FlagDraft(
            household_id, None, "sensor", "device_health", "medium",
            f"이 가구의 기기 {len(devices)}대가 모두 {_hours(gone)}째 신호가 없습니다(마지막 {local(last)}). "
            "게이트웨이·통신 장애로 보이며, 거주자의 비활동을 뜻하지 않습니다 — 기기 점검이 필요합니다.",
            {"devices": [d.ref for d in devices], "since": last.isoformat() if last else None,
             "last_value": None, "rule": "gateway_silent", "silence": "all_devices"},
            f"sensor:gateway_silent:{household_id}:{last.isoformat() if last else 'never'}"))
        return drafts + _emergencies(session, devices, now, th)
    for dev in silent:
        limit = th.robot_offline_h if dev.kind == "robot" else th.device_silent_h
        what = "오프라인" if dev.kind == "robot" else "무응답"
        drafts.append(_draft(
            dev, "device_health", "low",
            f"{_label(dev)}가 {_hours(now - (dev.last_seen_at or dev.created_at))}째 {what}입니다"
            f"(기준 {limit:g}시간, 마지막 신호 {local(dev.last_seen_at)}). 다른 기기는 정상 보고 중이므로 "
            "거주자 문제가 아니라 이 기기의 점검이 필요합니다.",
            f"robot:offline:{dev.id}" if dev.kind == "robot" else f"sensor:device_silent:{dev.id}",
            since=dev.last_seen_at, last_value=dev.last_value, silence="device"))
    drafts += _emergencies(session, devices, now, th)
    for dev in alive:
        rule = _RULES.get(dev.kind)
        if rule is not None:
            drafts += rule(session, dev, now, th, alive)
    drafts = _relative_to_baseline(session, household_id, alive, now, th, drafts)
    return _respect_check_in(drafts, last_check_in(session, household_id), now, th)


def _relative_to_baseline(session: Session, household_id: int, alive: list[Device], now: datetime,
                          th: RuleThresholds, drafts: list[FlagDraft]) -> list[FlagDraft]:
    """Issue 17: where the home has a learnt baseline, its own quiet spells decide inactivity
    (care/devices/relative_rules.py); the fixed drafts stand while it is learning."""
    from care.devices import relative_rules  # imports this module's neighbours; kept out of the import cycle

    return relative_rules.apply(session, household_id, alive, now, th, drafts)


def _trend_flags(session: Session, household_id: int, now: datetime) -> list[FlagDraft]:
    """Issue 17: slow declines (care/devices/trends_db.py), low severity, once per episode."""
    from care.devices import trends_db

    return trends_db.trend_drafts(session, household_id, now)


def _respect_check_in(drafts: list[FlagDraft], check_in: CheckIn | None, now: datetime,
                      th: RuleThresholds) -> list[FlagDraft]:
    """A completed human check-in after the motion sensor's last sign is a sign of life: no
    inactivity flag until the threshold has passed since the call too (sign_of_life.py)."""
    if check_in is None:
        return drafts
    out = []
    for d in drafts:
        since = d.evidence.get("since")
        if d.category == "inactivity" and since and check_in.at > datetime.fromisoformat(since):
            if now - check_in.at < timedelta(hours=th.no_motion_h):
                continue
            d = FlagDraft(d.household_id, d.device_id, d.source, d.category, d.severity,
                          f"{d.reason} 마지막 안부전화 응답: {local(check_in.at)}.",
                          {**d.evidence, "last_check_in_at": check_in.at.isoformat()},
                          # a new episode, counted from the call: the closed one must not hide it
                          d.dedupe_key.removesuffix(since) + check_in.at.isoformat(), d.ongoing)
        out.append(d)
    return out


def _emergencies(session: Session, devices: list[Device], now: datetime, th: RuleThresholds) -> list[FlagDraft]:
    """Smoke, gas, emergency button, robot SOS: at once, one flag per alarm episode, evaluated even
    for silent devices (the alarm may be the last thing a device sent)."""
    out = []
    since = now - timedelta(hours=th.emergency_lookback_h)
    what = {"smoke": "연기를 감지했습니다(화재 의심)", "gas": "가스 누출을 감지했습니다",
            "emergency_button": "응급 호출 버튼이 눌렸습니다", "robot": "SOS 버튼이 눌렸습니다"}
    # a device clock a little ahead of this PC's (the ingest accepts up to 10 min) must not delay
    # an alarm until the PC's clock catches up
    until = now + EMERGENCY_CLOCK_SLACK
    for dev in devices:
        if dev.kind not in what:
            continue
        for ts, value in signals.alarm_starts(session, dev, since, until):
            out.append(_draft(dev, "emergency", "high",
                              f"{_label(dev)}: {local(ts)}에 {what[dev.kind]}. 즉시 확인하십시오.",
                              f"{'robot' if dev.kind == 'robot' else 'sensor'}:emergency:{dev.id}",
                              since=ts, last_value=value, ongoing=False))
    return out


def _other_activity(session: Session, alive: list[Device], since: datetime, now: datetime,
                    th: RuleThresholds) -> list[str]:
    found = []
    for dev in alive:
        if signals.device_shows_activity(session, dev, since, now, th.power_noise_w):
            found.append(dev.ref)
    return found


def _no_motion(session: Session, dev: Device, now: datetime, th: RuleThresholds, alive: list[Device]) -> list[FlagDraft]:
    since = signals.last_true(session, dev.id, "motion") or signals.first_ts(session, dev.id, "motion")
    if since is None or now - since < timedelta(hours=th.no_motion_h):
        return []
    others = _other_activity(session, [d for d in alive if d.kind in ("door", "power", "robot")], since, now, th)
    if others:
        tail = (f" 다만 같은 기간에 {', '.join(others)}에서 활동 신호가 있어 거주자는 활동 중일 수 있습니다 — "
                "동작 센서의 위치·고장도 확인하십시오.")
        severity = "medium"
    else:
        tail = " 다른 기기에도 활동 신호가 없습니다. 안부 확인이 필요합니다."
        severity = "high"
    return [_draft(dev, "inactivity", severity,
                   f"{_label(dev)}에 {_hours(now - since)} 동안 움직임이 없습니다(마지막 감지 {local(since)}, "
                   f"기준 {th.no_motion_h:g}시간). 센서 자체는 정상 보고 중입니다.{tail}",
                   f"sensor:no_motion:{dev.id}", since=since, last_value=dev.last_value, other_activity=others)]


def _door(session: Session, dev: Device, now: datetime, th: RuleThresholds, alive: list[Device]) -> list[FlagDraft]:
    since = signals.last_true(session, dev.id, "door") or signals.first_ts(session, dev.id, "door")
    if since is None or now - since < timedelta(hours=th.door_closed_h):
        return []
    return [_draft(dev, "door", "medium",
                   f"현관문이 {_hours(now - since)} 동안 열리지 않았습니다(마지막 열림 {local(since)}, "
                   f"기준 {th.door_closed_h:g}시간).", f"sensor:door_closed:{dev.id}",
                   since=since, last_value=dev.last_value)]


def _temperature(session: Session, dev: Device, now: datetime, th: RuleThresholds, alive: list[Device]) -> list[FlagDraft]:
    last = signals.last_reading(session, dev.id, "temperature")
    if last is None:
        return []
    _, value = last
    if value < th.temp_low_c:
        side, start = "low", signals.run_start(session, dev.id, "temperature", below=th.temp_low_c)
        words = f"{th.temp_low_c:g}°C 미만(저체온 위험)"
    elif value > th.temp_high_c:
        side, start = "high", signals.run_start(session, dev.id, "temperature", above=th.temp_high_c)
        words = f"{th.temp_high_c:g}°C 초과(온열질환 위험)"
    else:
        return []
    if start is None or now - start < timedelta(hours=th.temp_duration_h):
        return []
    return [_draft(dev, "temperature", "high",
                   f"실내 온도가 {_hours(now - start)} 동안 {words}입니다(현재 {value:.1f}°C, {local(start)}부터).",
                   f"sensor:temperature_{side}:{dev.id}", since=start, last_value=value)]


def _power(session: Session, dev: Device, now: datetime, th: RuleThresholds, alive: list[Device]) -> list[FlagDraft]:
    flat = signals.flat_since(session, dev.id, "power", th.power_noise_w, now - timedelta(days=7))
    if flat is None:
        return []
    since, lo, hi = flat
    if now - since < timedelta(hours=th.power_flat_h):
        return []
    return [_draft(dev, "power_flat", "medium",
                   f"{_label(dev)}의 전력 사용이 {_hours(now - since)} 동안 변화가 없습니다({lo:.0f}–{hi:.0f} W, "
                   f"{local(since)}부터, 기준 {th.power_flat_h:g}시간). 가전을 쓰지 않은 것으로 보입니다.",
                   f"sensor:power_flat:{dev.id}", since=since, last_value=dev.last_value, band_w=[lo, hi])]


def _robot(session: Session, dev: Device, now: datetime, th: RuleThresholds, alive: list[Device]) -> list[FlagDraft]:
    out = []
    if dev.battery is not None and dev.battery < th.robot_battery_pct:
        ok = signals.last_event_at_least(session, dev.id, "heartbeat", th.robot_battery_pct)
        out.append(_draft(dev, "device_health", "low",
                          f"{_label(dev)}의 배터리가 {dev.battery:.0f}%입니다(기준 {th.robot_battery_pct:g}% 미만). 충전이 필요합니다.",
                          f"robot:battery_low:{dev.id}", since=ok, last_value=dev.battery, battery=dev.battery))
    since = signals.last_event(session, dev.id, "interaction") or signals.first_event(session, dev.id)
    if since is not None and now - since >= timedelta(hours=th.robot_no_interaction_h):
        out.append(_draft(dev, "robot_interaction", "medium",
                          f"{_label(dev)}와 {_hours(now - since)} 동안 대화·터치가 없습니다(마지막 {local(since)}, "
                          f"기준 {th.robot_no_interaction_h:g}시간). 로봇은 정상 작동 중입니다.",
                          f"robot:no_interaction:{dev.id}", since=since, last_value=None))
    today = now.astimezone(LOCAL_TZ).date()
    for day in (today - timedelta(days=1), today):
        start = datetime.combine(day, datetime.min.time(), LOCAL_TZ)
        missed = signals.count_events(session, dev.id, "medication_missed", start, min(start + timedelta(days=1), now))
        if missed >= th.medication_missed_per_day:
            out.append(_draft(dev, "health", "medium",
                              f"{day:%m월 %d일} 하루에 복약 알림을 {missed}번 놓쳤습니다(기준 {th.medication_missed_per_day:g}번).",
                              f"robot:medication_missed:{dev.id}:{day.isoformat()}", since=start,
                              last_value=float(missed), ongoing=False))
    return out


_RULES = {"motion": _no_motion, "door": _door, "temperature": _temperature, "power": _power, "robot": _robot}


def evaluate(session: Session, now: datetime, household_ids: list[int] | set[int] | None = None,
             thresholds: RuleThresholds | None = None) -> EvaluationResult:
    """Evaluate every household with devices (or the given ones) and raise new flags, in the
    caller's transaction."""
    th = thresholds or store.load(session, RuleThresholds)
    q = select(Device.household_id).where(Device.active.is_(True)).distinct()
    if household_ids is not None:
        q = q.where(Device.household_id.in_(list(household_ids)))
    result = EvaluationResult()
    for hid in session.scalars(q).all():
        result.households += 1
        result.closed += close_answered_inactivity(session, hid, now)
        result.raised += write_flags(session, evaluate_household(session, hid, now, th), now)
        result.raised += write_flags(session, _trend_flags(session, hid, now), now)
    return result


def evaluate_pass(db: Database, now: datetime, household_ids: list[int] | set[int] | None = None,
                  thresholds: RuleThresholds | None = None, *, batch: int = PASS_BATCH,
                  batch_s: float = PASS_BATCH_S) -> EvaluationResult:
    """The full rule pass in small transactions (issue 19: one transaction over 10,000 households
    held SQLite's write lock for 72–98 s). Households go in batches of at most `batch`, or fewer
    when reading them takes `batch_s`: each batch's devices are loaded in one query and its drafts
    computed by reads only; then its check-in closures and new flags are written in one short
    transaction. The same flags as `evaluate` (write_flags' dedupe makes a second pass raise
    nothing); a flag a person acknowledged meanwhile is left alone (conditional UPDATE)."""
    with db.session() as s:
        th = thresholds or store.load(s, RuleThresholds)
        q = select(Device.household_id).where(Device.active.is_(True)).distinct().order_by(Device.household_id)
        if household_ids is not None:
            q = q.where(Device.household_id.in_(list(household_ids)))
        hids = list(s.scalars(q))
    result = EvaluationResult()
    at = 0
    while at < len(hids):
        with db.session() as s:
            started = time.monotonic()
            chunk = hids[at:at + batch]
            by_household: dict[int, list[Device]] = {}
            for dev in s.scalars(select(Device).where(Device.household_id.in_(chunk), Device.active.is_(True))
                                 .order_by(Device.id)):
                by_household.setdefault(dev.household_id, []).append(dev)
            read: list[tuple[int, CheckIn | None, list[FlagDraft], list[FlagDraft]]] = []
            for hid in chunk:
                if read and time.monotonic() - started >= batch_s:
                    break
                read.append((hid, last_check_in(s, hid),
                             evaluate_household(s, hid, now, th, by_household.get(hid, [])),
                             _trend_flags(s, hid, now)))
            at += len(read)
            # the writes: only now does the transaction take the write lock
            for hid, check_in, _drafts, _trends in read:
                result.closed += close_answered_inactivity(s, hid, now, check_in)
            result.raised += write_flags(s, [d for _h, _c, drafts, _t in read for d in drafts], now)
            result.raised += write_flags(s, [d for _h, _c, _d, trends in read for d in trends], now)
            result.households += len(read)
    return result

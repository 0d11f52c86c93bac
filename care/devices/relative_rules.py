"""The rule pass's relative inactivity (issue 17): where a household has a baseline
(care/devices/baselines.py, not learning) and a working motion sensor, the fixed no-motion, door
and power-flat drafts of care/devices/rules.py are replaced by one judgement against the home's
own quiet spells (care/devices/relative.py), with the fixed no-motion threshold as a hard ceiling.
Door and plug become evidence that raises the severity (and a missed check-in call since the last
motion), not flags of their own. While learning, or without a motion sensor, the fixed drafts stand.

The draft keeps the fixed rule's name ("no_motion") and episode key, so one quiet spell is one
flag whichever threshold saw it first, and a check-in or a "reached and well" follow-up closes
it with its reason (sign_of_life.py) like any inactivity flag.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from care.devices import relative, signals
from care.devices.hours import LOCAL_TZ
from care.devices.hours_db import baseline_for
from care.devices.settings import RuleThresholds
from care.flags import FlagDraft
from storage.models import Device, RiskFlag

REPLACED_RULES = ("no_motion", "door_closed", "power_flat")
OFF_SLACK_H = 2
AGREEING_KO = {"door": "현관문도 열리지 않았고", "power": "전력 사용도 변화가 없으며", "missed_call": "안부전화도 받지 않았습니다"}


def _hours(h: float) -> str:
    return f"{h:.0f}시간" if h >= 10 else f"{h:.1f}시간"


def _local(ts: datetime) -> str:
    return ts.astimezone(LOCAL_TZ).strftime("%m월 %d일 %H:%M")


def apply(session: Session, household_id: int, alive: list[Device], now: datetime, th: RuleThresholds,
          drafts: list[FlagDraft]) -> list[FlagDraft]:
    motion = next((d for d in alive if d.kind == "motion"), None)
    if motion is None:
        return drafts
    base = baseline_for(session, household_id, now)
    if base is None or base.learning:
        return drafts
    kept = [d for d in drafts if d.category not in ("inactivity", "door", "power_flat")
            or d.evidence.get("rule") not in REPLACED_RULES]
    since = signals.last_true(session, motion.id, "motion") or signals.first_ts(session, motion.id, "motion")
    if since is None:
        return kept
    elapsed = (now - since).total_seconds() / 3600
    doors = [d for d in alive if d.kind == "door"]
    plugs = [d for d in alive if d.kind == "power"]
    robots = [d for d in alive if d.kind == "robot"]
    away = any(signals.device_shows_activity(session, d, since - timedelta(hours=1), since + timedelta(hours=2),
                                             th.power_noise_w) for d in doors)
    door_active = any(signals.device_shows_activity(session, d, since + timedelta(hours=OFF_SLACK_H), now, th.power_noise_w)
                      for d in doors)
    # an appliance switched off as the resident stopped moving (the TV, the rice cooker's warming) is
    # no sign of activity: the plug counts from OFF_SLACK_H hours into the spell
    power_active = any(signals.device_shows_activity(session, d, since + timedelta(hours=OFF_SLACK_H), now,
                                                     th.power_noise_w) for d in plugs)
    robot_active = any(signals.device_shows_activity(session, d, since, now, th.power_noise_w) for d in robots)
    others = door_active or power_active or robot_active
    hour = now.astimezone(LOCAL_TZ).hour
    limit = relative.quiet_alarm(elapsed, hour, base, away=away, others_active=others, ceiling_h=th.no_motion_h)
    if limit is None:
        return kept
    missed = session.scalar(select(RiskFlag.id).where(
        RiskFlag.household_id == household_id, RiskFlag.source == "missed_calls", RiskFlag.created_at >= since)
        .limit(1)) is not None
    severity, agreeing = relative.severity(others_active=others, door_quiet=bool(doors) and not door_active and not away,
                                           power_flat=bool(plugs) and not power_active, missed_call=missed)
    usual = base.quiet_limit_h[hour] if base.quiet_limit_h else float("nan")
    basis = "ceiling" if limit >= th.no_motion_h else "baseline"
    why = (f"이 가구는 평소 이 시간대({hour}시)에 길어야 {_hours(usual)} 조용합니다(기준 {_hours(limit)}, "
           f"최대 {th.no_motion_h:g}시간)." if basis == "baseline" and usual == usual else
           f"고정 기준 {th.no_motion_h:g}시간에 도달했습니다" + (" (외출 후 돌아오지 않았을 수 있습니다)." if away else "."))
    tail = " ".join(AGREEING_KO[a] for a in agreeing)
    tail = f" {tail} — 신호 {len(agreeing) + 1}개가 일치합니다." if agreeing else ""
    if others:
        tail += " 다만 다른 기기에 활동 신호가 있습니다 — 동작 센서의 위치·고장도 확인하십시오."
    reason = (f"동작 감지 센서({motion.ref})에 {_hours(elapsed)} 동안 움직임이 없습니다(마지막 감지 {_local(since)}). "
              f"{why}{tail}")
    kept.append(FlagDraft(household_id, motion.id, "sensor", "inactivity", severity, reason,
                          {"device": motion.ref, "kind": "motion", "since": since.isoformat(),
                           "last_value": motion.last_value, "rule": "no_motion", "basis": basis,
                           "threshold_h": round(limit, 2), "usual_quiet_h": None if usual != usual else usual,
                           "away": away, "agreeing": agreeing, "other_activity": others},
                          f"sensor:no_motion:{motion.id}:{since.isoformat()}"))
    return kept

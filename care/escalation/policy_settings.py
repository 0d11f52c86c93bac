"""The Settings page's escalation section: the `escalation` settings read for the form, checked
field by field with a sentence for each problem (Korean, then English in brackets, as the household
dialog's messages), and saved through the one settings store (SETTINGS permission, audited: the
changed keys, never values)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from care import settings as store
from care.errors import AnbuError
from care.households.phones import PhoneError, normalize_phone
from care.settings import EscalationSettings
from storage.db import Database

MAX_DELAY_MIN = 24 * 60.0  # a step later than a day after the flag is the morning queue's business
MG_SID = re.compile(r"^MG[0-9a-fA-F]{32}$")
MINUTES = {  # field -> (Korean label, English label, smallest)
    "life_safety_next_duty_min": ("다음 당직 연락", "next duty contact", 1.0),
    "life_safety_keyholders_min": ("열쇠 보관자 연락", "keyholders", 1.0),
    "keyholder_spacing_min": ("열쇠 보관자 사이 간격", "keyholder spacing", 0.0),
    "high_call_min": ("높음 단계 전화", "high: call after", 1.0),
    "ack_life_safety_min": ("생명 안전 확인 기한", "life-safety acknowledgement deadline", 1.0),
    "ack_high_min": ("높음 확인 기한", "high acknowledgement deadline", 1.0),
    "ack_callback_min": ("회신 전화 후 확인 기한", "deadline after a call-back", 1.0),
}


class EscalationSettingsError(AnbuError):
    """Field -> sentence, for the Settings page's inline messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__(" ".join(errors.values()))


def problems(cfg: EscalationSettings) -> dict[str, str]:
    """What is wrong with the section, one sentence per field ({} when it can be saved)."""
    out: dict[str, str] = {}
    for name, (ko, en, low) in MINUTES.items():
        v = getattr(cfg, name)
        if not isinstance(v, int | float) or isinstance(v, bool) or not low <= v <= MAX_DELAY_MIN:
            out[name] = (f"{ko}은(는) {low:g}분에서 {MAX_DELAY_MIN:g}분 사이여야 합니다 "
                         f"({en} must be {low:g} to {MAX_DELAY_MIN:g} minutes).")
    if "life_safety_keyholders_min" not in out and "life_safety_next_duty_min" not in out \
            and cfg.life_safety_keyholders_min <= cfg.life_safety_next_duty_min:
        out["life_safety_keyholders_min"] = ("열쇠 보관자에게는 다음 당직 연락보다 늦게 알려야 합니다 "
                                             "(keyholders are told after the next duty contact, not before).")
    try:
        hh, mm = cfg.office_ack_time.split(":")
        if len(mm) != 2:
            raise ValueError
        time(int(hh), int(mm))
    except (ValueError, AttributeError):
        out["office_ack_time"] = (f"업무일 확인 기한 시각 {cfg.office_ack_time!r}은(는) 09:30처럼 시:분으로 적어야 합니다 "
                                  f"(the office-day deadline is a time HH:MM).")
    try:
        ZoneInfo(cfg.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        out["timezone"] = (f"시간대 {cfg.timezone!r}을(를) 모릅니다: 보통 Asia/Seoul 입니다 "
                           f"(unknown time zone, e.g. Asia/Seoul).")
    if not 5 <= cfg.notify_ring_timeout_s <= 120:
        out["notify_ring_timeout_s"] = ("알림 전화는 5초에서 120초 사이로 울려야 합니다 "
                                        "(a notification call rings 5 to 120 seconds).")
    if not 1 <= cfg.reply_lookback_h <= 168:
        out["reply_lookback_h"] = "문자 회신은 1시간에서 168시간 안의 것을 읽습니다 (SMS replies: 1 to 168 hours back)."
    if cfg.messaging_service_sid and not MG_SID.match(cfg.messaging_service_sid):
        out["messaging_service_sid"] = ("메시징 서비스 SID는 MG로 시작하는 34자입니다; 없으면 비워 두세요 "
                                        "(a MessagingServiceSid is MG followed by 32 hex digits; leave it empty for none).")
    if cfg.sms_from:
        try:
            normalize_phone(cfg.sms_from)
        except PhoneError as exc:
            out["sms_from"] = f"문자 발신 번호가 올바르지 않습니다: {exc}"
    return out


def load_escalation_settings(db: Database) -> EscalationSettings:
    """The section as stored (defaults for what is not); settings, not residents' data."""
    with db.session() as s:
        return store.load(s, EscalationSettings)


def save_escalation_settings(db: Database, cfg: EscalationSettings, actor: str) -> EscalationSettings:
    """All or nothing: every problem named, else saved (SETTINGS permission, one audit row)."""
    errors = problems(cfg)
    if errors:
        raise EscalationSettingsError(errors)
    if cfg.sms_from:
        cfg = replace(cfg, sms_from=normalize_phone(cfg.sms_from))
    with db.session() as s:
        return store.save(s, cfg, actor=actor)

"""The words a report is written in: Korean (the default) or English, for every stored value it
shows and every column it has. care/ imports no Qt, so the console's labels (console/common/labels.py)
cannot be reused here; these follow the same Korean wording."""

from __future__ import annotations

LANGS = ("ko", "en")

# stored value -> (Korean, English)
VALUES: dict[str, tuple[str, str]] = {
    # severities
    "high": ("긴급", "Urgent"), "medium": ("주의", "Warning"), "low": ("낮음", "Low"),
    # flag sources
    "call": ("안부전화", "Check-in call"), "missed_calls": ("전화 미응답", "Missed calls"),
    "sensor": ("센서", "Sensor"), "robot": ("돌봄 로봇", "Care robot"),
    # flag categories
    "emergency": ("응급", "Emergency"), "self_harm": ("자해 위험", "Self-harm risk"),
    "health": ("건강·복약", "Health / medication"), "meals": ("식사", "Meals"), "emotional": ("정서", "Mood"),
    "living": ("생활 환경", "Living conditions"), "help_requested": ("도움 요청", "Help requested"),
    "needs_review": ("직접 들어볼 통화", "Call to listen to"), "missed_checkin": ("안부전화 미응답", "Missed check-in"),
    "inactivity": ("활동 없음", "No activity"), "door": ("현관문 미사용", "Door not used"),
    "temperature": ("실내 온도", "Indoor temperature"), "power_flat": ("전력 변화 없음", "Flat power use"),
    "device_health": ("기기 점검", "Device check"), "robot_interaction": ("로봇 교감 없음", "No robot interaction"),
    # resolutions
    "visited": ("방문 확인", "Visited"), "called": ("전화 확인", "Called"), "119": ("119 신고", "Called 119"),
    "false_alarm": ("오경보", "False alarm"), "sign_of_life": ("생존 신호 확인(자동)", "Sign of life (automatic)"),
    # follow-up channels and outcomes
    "phone_resident": ("본인 통화", "Phoned resident"), "phone_keyholder": ("비상연락처 통화", "Phoned keyholder"),
    "visit": ("방문", "Visit"), "agency": ("유관 기관", "Other agency"), "other": ("기타 연락", "Other contact"),
    "reached_well": ("연락됨·양호", "Reached, well"), "reached_need": ("연락됨·도움 필요", "Reached, needs help"),
    "not_reached": ("연락 안 됨", "Not reached"), "hospitalised": ("입원", "In hospital"), "moved": ("이사", "Moved"),
    "deceased": ("사망", "Deceased"), "refused": ("연락 거부", "Refused contact"),
    # device kinds
    "motion": ("동작 감지", "Motion"), "humidity": ("습도", "Humidity"), "power": ("스마트 플러그", "Smart plug"),
    "smoke": ("연기 감지", "Smoke"), "gas": ("가스 감지", "Gas"), "emergency_button": ("응급 버튼", "Emergency button"),
    # why a household has no confirmed contact (care.reports.figures.NO_CONTACT_REASONS)
    "unreachable": ("연락두절", "Unreachable"), "paused": ("안부전화 중지", "Calls paused"),
    "no_plan": ("안부전화 계획 없음", "No call plan"), "machine": ("자동응답", "Answering machine"),
    "no_answer": ("받지 않음", "No answer"), "unclear": ("확인 필요(들어볼 통화)", "Answer needs listening"),
    "failed": ("연결 실패", "Call failed"), "not_called": ("기간 중 전화 없음", "Not called in period"),
    # escalation step kinds and acknowledgement channels (care.escalation)
    "sms": ("문자", "SMS"), "notify_call": ("알림 전화", "Notification call"),
    "callback_call": ("본인 확인 전화", "Call-back to resident"), "console": ("콘솔", "Console"),
    "cli": ("명령줄", "Command line"), "keypad": ("전화 버튼 1", "Keypad 1"),
    # contact results (outcome CSV)
    "contacted_call": ("안부전화 응답", "Answered check-in"), "contacted_follow_up": ("후속 연락 확인", "Reached by follow-up"),
}

# column / label key -> (Korean, English)
TEXT: dict[str, tuple[str, str]] = {
    "title": ("안부 확인 보고서", "Check-in report"),
    "period": ("기간", "Period"), "scope": ("범위", "Scope"), "district": ("구 전체", "Whole district"),
    "generated": ("작성", "Generated"),
    "households": ("등록 가구", "Households enrolled"), "contacted": ("안부 확인 가구", "Households contacted"),
    "coverage": ("확인율", "Coverage"), "not_contacted": ("미확인 가구", "Households not contacted"),
    "placed": ("건 전화", "Calls placed"), "answered_person": ("본인 응답", "Answered by a person"),
    "machine_calls": ("자동응답", "Answering machine"), "no_answer_calls": ("받지 않음", "No answer"),
    "busy": ("통화 중", "Busy"), "failed_calls": ("연결 실패", "Failed"), "silent": ("말 없음", "Silent"),
    "needs_listen": ("들어볼 통화", "Needs a person to listen"), "answered_rate": ("응답률", "Answered rate"),
    "retries": ("재시도", "Retries"), "attempts": ("시도", "Attempts"),
    "flags": ("위험 신호", "Flags"), "source": ("출처", "Source"), "category": ("유형", "Category"),
    "severity": ("긴급도", "Severity"), "outcome": ("처리 결과", "Outcome"), "count": ("건수", "Count"),
    "confirmed_needs": ("확인된 도움 필요", "Confirmed needs"), "alerts_per_need": ("도움 1건당 경보", "Alerts per confirmed need"),
    "ack_p50": ("확인까지 중앙값", "Time to acknowledge P50"), "ack_p95": ("확인까지 95%", "Time to acknowledge P95"),
    "resolve_p50": ("처리까지 중앙값", "Time to resolve P50"), "resolve_p95": ("처리까지 95%", "Time to resolve P95"),
    "overdue": ("확인 기한 넘김", "Overdue"), "escalation": ("비상 연락", "Escalation"),
    "alerts_sent": ("보낸 알림", "Alerts sent"), "acknowledged_via": ("확인 경로", "Acknowledged via"), "measure": ("항목", "Measure"), "value": ("값", "Value"),
    "previous": ("지난 기간", "Previous period"), "change": ("변화", "Change"),
    "day": ("날짜", "Day"), "dong": ("동", "Dong"), "name": ("이름", "Name"), "ref": ("가구 번호", "Household ref"),
    "worker": ("담당자", "Worker"), "birth_year": ("출생연도", "Birth year"), "phone": ("전화번호", "Phone"),
    "reason": ("사유", "Reason"), "missed": ("미응답 횟수", "Missed calls"), "last_call": ("마지막 전화", "Last call"),
    "date": ("날짜", "Date"), "contact_result": ("연락 결과", "Contact result"), "need": ("필요", "Need"),
    "action": ("조치", "Action"), "device": ("기기", "Device"), "kind": ("종류", "Kind"),
    "alerts": ("경보", "Alerts"), "battery": ("배터리(%)", "Battery (%)"), "last_seen": ("마지막 수신", "Last seen"),
    "state": ("상태", "State"), "silent_device": ("수신 없음", "Silent"), "low_battery": ("배터리 부족", "Low battery"),
    "devices": ("기기", "Devices"), "channel": ("연락 방법", "Channel"), "follow_ups": ("후속 연락", "Follow-ups"),
    "unreachable_households": ("연락두절 가구", "Unreachable households"), "last_reached": ("마지막 연락", "Last reached"),
    "days_unreachable": ("연락두절 일수", "Days unreachable"), "summary": ("요약", "Summary"),
    "calls_by_day": ("날짜별 전화", "Calls by day"), "flags_by_day": ("날짜별 위험 신호", "Flags by day"),
    "active_devices": ("사용 중 기기", "Active devices"), "sensor_alerts": ("센서·로봇 경보", "Sensor/robot alerts"),
    "hours": ("시간", "h"), "minutes": ("분", "min"), "none": ("없음", "none"),
    "more_rows": ("외 {n}건은 XLSX를 보세요", "{n} more in the XLSX"),
    "sheet_summary": ("요약", "Summary"), "sheet_coverage": ("확인 현황", "Coverage"),
    "sheet_no_contact": ("미확인 가구", "Not contacted"), "sheet_calls": ("전화", "Calls"),
    "sheet_flags": ("위험 신호", "Flags"), "sheet_outcomes": ("처리 결과", "Outcomes"),
    "sheet_times": ("응답 시간", "Response times"), "sheet_devices": ("기기", "Devices"),
    "sheet_follow_ups": ("후속 연락", "Follow-ups"), "sheet_unreachable": ("연락두절", "Unreachable"),
    "sheet_days": ("날짜별", "By day"),
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        from care.errors import AnbuError

        raise AnbuError(f"알 수 없는 언어 {lang!r} (--lang must be ko or en)")
    return lang


def value(key: str | None, lang: str) -> str:
    """A stored value in words; unknown values are shown as stored."""
    if key is None:
        return ""
    pair = VALUES.get(key)
    return (pair[0] if lang == "ko" else pair[1]) if pair else key


def text(key: str, lang: str) -> str:
    pair = TEXT[key]
    return pair[0] if lang == "ko" else pair[1]

"""What escalation messages say, and what they must never say.

No message carries a transcript, a risk category, a health word or a recording. Staff: household
reference, 동, the level's word, the alert's short code and where to look in the console.
Keyholders: the resident's name, "we could not reach …, please check on them", the 동 office's
call-back number. A notification call is heard by whoever (or whatever) answers: staff calls say
only the code; keyholder calls do not even say the name (it is in the SMS)."""

from __future__ import annotations

import re

from care.escalation.policy import CALLBACK_CATEGORIES
from telephony.notify import notify_twiml
from telephony.script import speakable_number

LEVEL_WORD = {"life_safety": "최우선", "high": "긴급", "callback": "주의", "morning": "확인"}
CONSOLE_HINT = "콘솔 검토 화면에서 확인"
REPLY_PATTERN = re.compile(r"^\s*1\s+([A-Za-z0-9]{4,8})\s*$")


def staff_sms(*, ref: str, dong: str, level: str, code: str) -> str:
    return (f"[안부] {LEVEL_WORD.get(level, '확인')} 알림 {code}: {ref} {dong or '-'}. "
            f"맡으려면 '1 {code}' 회신. {CONSOLE_HINT}.")


def keyholder_sms(*, resident_name: str, dong: str, office_number: str, code: str) -> str:
    office = f"{dong or '동'} 행정복지센터 {office_number}" if office_number else f"{dong or '동'} 행정복지센터"
    return (f"[안부] {resident_name}님께 연락이 닿지 않았습니다. 확인(전화·방문)을 부탁드립니다. "
            f"문의: {office}. 확인하셨으면 '1 {code}' 회신.")


def _spelled(code: str) -> str:
    return " ".join(code)


def staff_call_twiml(code: str, voice: str | None = None) -> str:
    return notify_twiml(f"안부 시스템 알림입니다. 확인이 필요한 알림, {_spelled(code)}, 이 있습니다. "
                        "이 알림을 맡으시려면 1번을 누르세요.",
                        f"{CONSOLE_HINT}하십시오.", voice=voice or "Polly.Seoyeon")


def keyholder_call_twiml(office_number: str, voice: str | None = None) -> str:
    office = f" 문의는 {speakable_number(office_number)} 번입니다." if office_number else ""
    return notify_twiml("안부 확인 서비스입니다. 가족분께 연락이 닿지 않아 확인을 부탁드리는 전화입니다. "
                        "자세한 내용은 문자로 보내드렸습니다. 확인하셨으면 1번을 누르세요.",
                        f"감사합니다.{office}", voice=voice or "Polly.Seoyeon")


def callback_twiml(voice: str | None = None) -> str:
    return notify_twiml("안녕하세요, 안부 확인 전화입니다. 별일 없으시면 1번을, 도움이 필요하시면 9번을 눌러 주세요.",
                        "감사합니다.", voice=voice or "Polly.Seoyeon")


def forbidden_words(*, transcripts: list[str] = (), lexicon_lang: str = "ko") -> set[str]:  # type: ignore[assignment]
    """Words no escalation message may contain: every lexicon term and pattern word, every
    category's stored name and Korean/English label, health words, the flag's transcript words."""
    from speech.lexicon import load_lexicon

    words: set[str] = set()
    for lang in (lexicon_lang, "en"):
        try:
            lex = load_lexicon(lang)
        except Exception:
            continue
        for term in lex.terms:
            words.add(term.term)
            words.add(term.category)
            words.update(p for p in term.patterns if len(p) >= 2 and p.isalnum())
    words |= CATEGORY_WORDS | set(CALLBACK_CATEGORIES)
    for text in transcripts:
        words.update(w for w in re.split(r"\s+", text or "") if len(w) >= 2)
    return {w for w in words if w and len(w) >= 2}


CATEGORY_WORDS = frozenset({
    "emergency", "self_harm", "health", "meals", "emotional", "living", "help_requested", "needs_review",
    "missed_checkin", "inactivity", "door", "temperature", "power_flat", "device_health", "robot_interaction",
    "응급", "자해", "자해 위험", "건강", "복약", "식사", "정서", "생활 환경", "도움 요청", "미응답", "활동 없음",
    "현관문", "온도", "전력", "기기 점검", "교감", "쓰러", "아파", "아프", "죽", "병원", "약", "우울", "화재", "연기",
    "가스", "SOS", "낙상", "119", "녹음", "recording", "transcript",
})


def offending_words(body: str, forbidden: set[str]) -> list[str]:
    """Forbidden words found in a message body (case-insensitive for Latin letters)."""
    low = body.lower()
    return sorted(w for w in forbidden if w.lower() in low)

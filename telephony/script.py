"""Check-in scripts (resources/scripts/*.toml) and their inline TwiML.

With no webhook, the whole call is one inline TwiML document: a <Say> per prompt and a <Pause> as
the answer window after each question; Twilio records both tracks and the answers are cut from the
recording later. Twilio refuses inline TwiML over 4,000 characters, so an over-long script is
refused here, before anyone is dialled, with the overshoot in the message.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import phonenumbers
from twilio.twiml.voice_response import VoiceResponse

from .errors import ScriptError

TWIML_MAX_CHARS = 4000
SLOW_RATE = "80%"  # SSML prosody for hard-of-hearing residents
SLOW_ANSWER_FACTOR = 1.5  # slower speakers get longer answer windows too


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    answer_s: float
    keypad: bool = False


@dataclass(frozen=True)
class CheckInScript:
    name: str
    language: str  # household language: "ko" | "en"
    questions: tuple[Question, ...]
    greeting: str = ""
    closing: str = ""
    closing_without_number: str = ""
    say_language: str = "ko-KR"
    voice: str = "Polly.Seoyeon"

    def answer_windows(self, *, slow: bool = False) -> tuple[float, ...]:
        return tuple(answer_window_s(q, slow=slow) for q in self.questions)


def answer_window_s(question: Question, *, slow: bool = False) -> int:
    """<Pause> takes whole seconds."""
    seconds = question.answer_s * (SLOW_ANSWER_FACTOR if slow else 1.0)
    return max(1, math.ceil(seconds))


def scripts_dir() -> Path:
    return Path(str(resources.files("resources") / "scripts"))


def available_scripts() -> list[str]:
    return sorted(p.stem for p in scripts_dir().glob("*.toml"))


def load_script(name: str = "ko_default", *, path: Path | None = None) -> CheckInScript:
    """Load and validate a script by name (or from an explicit file). Errors name the file and
    the offending entry."""
    source = path or scripts_dir() / f"{name}.toml"
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScriptError(
            f"no check-in script named {name!r} (available: {', '.join(available_scripts())})"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ScriptError(f"check-in script {source} is not valid TOML: {exc}") from exc
    return _parse(data, source)


def _parse(data: dict, source: Path) -> CheckInScript:
    raw_questions = data.get("questions") or []
    if not raw_questions:
        raise ScriptError(f"check-in script {source} has no [[questions]]")
    questions, seen = [], set()
    for i, q in enumerate(raw_questions, start=1):
        key, text = str(q.get("key", "")).strip(), str(q.get("text", "")).strip()
        if not key or not text:
            raise ScriptError(f"check-in script {source}: question {i} needs both key and text")
        if key in seen:
            raise ScriptError(f"check-in script {source}: question key {key!r} is used twice")
        seen.add(key)
        answer_s = q.get("answer_s", 5)
        if not isinstance(answer_s, int | float) or not 1 <= answer_s <= 60:
            raise ScriptError(
                f"check-in script {source}: question {key!r} answer_s must be 1..60 seconds, not {answer_s!r}"
            )
        questions.append(Question(key, text, float(answer_s), bool(q.get("keypad", False))))
    closing = str(data.get("closing", ""))
    return CheckInScript(
        name=str(data.get("name", source.stem)),
        language=str(data.get("language", "ko")),
        questions=tuple(questions),
        greeting=str(data.get("greeting", "")),
        closing=closing,
        closing_without_number=str(data.get("closing_without_number", "")) or closing,
        say_language=str(data.get("say_language", "ko-KR")),
        voice=str(data.get("voice", "Polly.Seoyeon")),
    )


def speakable_number(number: str) -> str:
    """'+8221234567' -> '0 2, 1 2 3, 4 5 6 7': digits one by one, grouped as dialled at home, so
    a text-to-speech voice reads a phone number rather than an amount."""
    try:
        parsed = phonenumbers.parse(number, "KR")
        national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    except phonenumbers.NumberParseException:
        national = number
    groups = [g for g in national.replace(")", "-").replace("(", "").replace(" ", "-").split("-") if g]
    return ", ".join(" ".join(ch for ch in g if ch.isdigit()) for g in groups if any(c.isdigit() for c in g))


def prompt_texts(script: CheckInScript, *, resident_name: str, office_number: str) -> list[str]:
    """Everything Anbu says, in order: greeting + questions + closing (the simulated line speaks
    these too, so its prompt channel matches the TwiML)."""
    if office_number.strip():
        closing = script.closing.replace("{office_number}", speakable_number(office_number))
    else:
        closing = script.closing_without_number
    texts = [script.greeting.replace("{name}", resident_name)] if script.greeting else []
    texts += [q.text for q in script.questions]
    return texts + ([closing] if closing else [])


def render_twiml(
    script: CheckInScript,
    *,
    resident_name: str,
    office_number: str,
    voice: str | None = None,
    slow: bool = False,
) -> str:
    """The inline TwiML for one check-in call. Raises ScriptError when it would exceed Twilio's
    4,000-character limit (e.g. a very long name or a script with too many questions)."""
    response = VoiceResponse()
    voice = voice or script.voice
    texts = prompt_texts(script, resident_name=resident_name, office_number=office_number)
    if script.greeting:
        _say(response, texts[0], script, voice, slow)
    for q in script.questions:
        _say(response, q.text, script, voice, slow)
        response.pause(length=answer_window_s(q, slow=slow))
    _say(response, texts[-1], script, voice, slow)
    twiml = str(response)
    if len(twiml) > TWIML_MAX_CHARS:
        over = len(twiml) - TWIML_MAX_CHARS
        raise ScriptError(
            f"check-in script {script.name!r} renders to {len(twiml)} characters of TwiML, "
            f"{over} over Twilio's limit of {TWIML_MAX_CHARS}: shorten the prompts by at least {over} characters"
        )
    return twiml


def _say(response: VoiceResponse, text: str, script: CheckInScript, voice: str, slow: bool) -> None:
    if slow:
        say = response.say(voice=voice, language=script.say_language)
        say.prosody(text, rate=SLOW_RATE)
    else:
        response.say(text, voice=voice, language=script.say_language)

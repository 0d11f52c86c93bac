"""Phone numbers: validated and stored as E.164, shown in the Korean national form."""

from __future__ import annotations

import re

import phonenumbers

from care.households.text_checks import printable

DEFAULT_REGION = "KR"


class PhoneError(ValueError):
    pass


_KR_OR_NONE = phonenumbers.PhoneMetadata.metadata_for_region(DEFAULT_REGION)
if _KR_OR_NONE is None:  # pragma: no cover - phonenumbers always ships Korea's metadata
    raise ImportError(f"phonenumbers has no metadata for {DEFAULT_REGION}")
_KR = _KR_OR_NONE
_MOBILE_FORM = re.compile(r"01[0-9]-?[0-9]{3,4}-?[0-9]{4}", re.ASCII)


def _desc(desc) -> tuple[frozenset[int], re.Pattern]:
    return frozenset(desc.possible_length), re.compile(desc.national_number_pattern)


_KR_GENERAL, _KR_MOBILE = _desc(_KR.general_desc), _desc(_KR.mobile)


def _matches(national: str, desc: tuple[frozenset[int], re.Pattern]) -> bool:
    return len(national) in desc[0] and desc[1].fullmatch(national) is not None


def _fast_korean_mobile(text: str) -> str | None:
    """'010-1234-5678' checked against phonenumbers' own Korean metadata without a full parse (an
    import validates 100,000 of them); anything else takes the full path."""
    if not _MOBILE_FORM.fullmatch(text):
        return None
    national = text[1:].replace("-", "")
    if _matches(national, _KR_GENERAL) and _matches(national, _KR_MOBILE):
        return "+82" + national
    return None


def normalize_phone(raw: str, region: str = DEFAULT_REGION) -> str:
    """'010-1234-5678', '02-123-4567', '+82 10 ...' -> '+821012345678'. Raises PhoneError."""
    text = (raw or "").strip()
    if not text:
        raise PhoneError("전화번호가 비어 있습니다 (phone number is empty)")
    if region == DEFAULT_REGION and (fast := _fast_korean_mobile(text)):
        return fast
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(f"'{printable(text, 40)}'은(는) 전화번호가 아닙니다 (not a phone number)") from exc
    if not phonenumbers.is_valid_number(number):
        raise PhoneError(f"'{printable(text, 40)}'은(는) 올바른 전화번호가 아닙니다 (not a valid phone number)")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _korean_national(e164: str) -> str | None:
    """Fast path for the common Korean forms (the table formats thousands of rows)."""
    if not e164.startswith("+82") or not e164[3:].isdigit():
        return None
    d = "0" + e164[3:]
    if d.startswith("02") and len(d) in (9, 10):
        return f"{d[:2]}-{d[2:-4]}-{d[-4:]}"
    if len(d) in (10, 11) and not d.startswith("02"):
        return f"{d[:3]}-{d[3:-4]}-{d[-4:]}"
    return None


def display_phone(e164: str) -> str:
    """'+821012345678' -> '010-1234-5678' (international form for foreign numbers)."""
    fast = _korean_national(e164)
    if fast:
        return fast
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if phonenumbers.region_code_for_number(number) == DEFAULT_REGION
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)


def phone_search_patterns(query: str) -> list[str]:
    """Digits typed in the search box, as LIKE patterns over stored E.164 numbers: '010-1234'
    also finds '+82101234...'."""
    digits = re.sub(r"\D", "", query)
    if len(digits) < 3:
        return []
    patterns = [f"%{digits}%"]
    if digits.startswith("0"):
        patterns.append(f"+82{digits[1:]}%")
    return patterns

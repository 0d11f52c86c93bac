"""Twilio's answers turned into errors a person can act on, and the identifiers it may send back.

twilio-python raises TwilioRestException for a refused create/fetch/update/delete but a plain
TwilioException("Unable to fetch page", response) when a list page is not 200: both are read here
into (HTTP status, Twilio code, message) so every request is classified the same way.
SIDs that come back from the API are checked before they are used in a URL or a file name: a
hostile endpoint (or a misbehaving on-premises proxy) must not steer a path.
"""

from __future__ import annotations

import json
import re

import phonenumbers
from phonenumbers import geocoder
from twilio.base.exceptions import TwilioException, TwilioRestException

from .errors import PermanentCallError, RetryableCallError, TelephonyConfigError, TelephonyError

CALL_SID = re.compile(r"^CA[0-9a-f]{32}$")
RECORDING_SID = re.compile(r"^RE[0-9a-f]{32}$")

_BAD_NUMBER = {
    21211: "is not a valid phone number",
    21214: "cannot be reached",
    21217: "is not a valid phone number",
}
# 13224: Twilio documents it for invalid numbers AND for carrier outages on valid ones: retry later
_CARRIER_MAYBE = {13224}


def check_call_sid(sid: object) -> str:
    if not isinstance(sid, str) or not CALL_SID.match(sid):
        raise TelephonyConfigError(
            f"the Twilio endpoint returned a malformed call SID ({str(sid)[:40]!r}); check ANBU_TWILIO_BASE_URL"
        )
    return sid


def check_recording_sid(sid: object) -> str:
    if not isinstance(sid, str) or not RECORDING_SID.match(sid):
        raise TelephonyError(
            f"the Twilio endpoint returned a malformed recording SID ({str(sid)[:40]!r}); nothing was written"
        )
    return sid


def http_details(exc: BaseException) -> tuple[int | None, int | None, str]:
    """(HTTP status, Twilio error code, message) of a twilio-python exception."""
    if isinstance(exc, TwilioRestException):
        return exc.status, exc.code, exc.msg
    if isinstance(exc, TwilioException):
        response = exc.args[1] if len(exc.args) > 1 else None
        status = getattr(response, "status_code", None)
        code, message = None, str(exc.args[0]) if exc.args else "Twilio error"
        try:
            body = json.loads(getattr(response, "text", "") or "{}")
            code, message = body.get("code"), body.get("message") or message
        except (ValueError, AttributeError):
            pass
        return status, code, message
    return None, None, str(exc)


def transient(exc: BaseException) -> bool:
    """A 429 (the request was not acted on) or a 5xx / a list page that did not come back."""
    status, code, _ = http_details(exc)
    return status == 429 or code == 20429 or (status or 0) >= 500


def country_of(number: str | None) -> str:
    """'South Korea (+82)' for +8210…, so the Geo-permission advice names the country dialled."""
    try:
        parsed = phonenumbers.parse(number or "", None)
    except phonenumbers.NumberParseException:
        return "the destination country"
    name = geocoder.country_name_for_number(parsed, "en") or phonenumbers.region_code_for_number(parsed) or "?"
    return f"{name} (+{parsed.country_code})"


def map_error(exc: BaseException, what: str, *, account_sid: str, from_number: str,
              to: str | None = None) -> TelephonyError:
    status, code, msg = http_details(exc)
    if code in _BAD_NUMBER and to:
        return PermanentCallError(f"Twilio refused the number {to}: it {_BAD_NUMBER[code]} ({code})", code=code)
    if code in _CARRIER_MAYBE:
        return RetryableCallError(
            f"the carrier could not complete the call to {to or 'this number'} ({code}); it may be an outage, "
            "so it is tried again later — if it keeps failing, check the number", code=code)
    if code == 21215:
        return TelephonyConfigError(
            f"Twilio may not call {to or 'this number'}: the account's voice Geo Permissions do not allow "
            f"{country_of(to)} — enable it under Voice > Settings > Geo permissions in the Twilio Console (21215)",
            code=code, problem="geo", params=(country_of(to),),
        )
    if code == 20003 or status == 401:
        return TelephonyConfigError(
            f"Twilio rejected the credentials for account {account_sid} ({code or 401}): check the account "
            "SID in Settings and the auth token (OS keyring or TWILIO_AUTH_TOKEN)",
            code=code, problem="credentials", params=(account_sid,),
        )
    if code in (21210, 21212, 21606):
        return TelephonyConfigError(
            f"Twilio will not call from {from_number} ({code}): set a from-number owned by or verified on "
            "the account in Settings",
            code=code, problem="from_number", params=(from_number,),
        )
    if status == 429 or code == 20429 or (status or 0) >= 500:
        return RetryableCallError(f"Twilio could not {what} for now ({status}, {code}): {msg}", code=code,
                                  problem="unavailable")
    return TelephonyError(f"Twilio refused to {what} ({status}, {code}): {msg}", code=code)


def describe(exc: BaseException | None) -> str:
    if isinstance(exc, TwilioException):
        status, code, msg = http_details(exc)
        return f"HTTP {status}, error {code}: {msg}"
    return f"{type(exc).__name__}: {exc}" if exc else "no answer"

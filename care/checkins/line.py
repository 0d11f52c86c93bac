"""Which phone line Anbu uses, and its settings: Twilio (configured) or the simulated line.

Settings shared by every PC live in app_setting "telephony" (account SID, from-number, voice, the
동 office's call-back number, whether remote recordings are deleted after download, calls per
second). The auth token is a secret: it lives only in the OS keyring (service "anbu.twilio", user =
account SID) or, for headless use, in TWILIO_AUTH_TOKEN — never in the database, a file of ours or
a log. Environment overrides for headless use: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN,
ANBU_TWILIO_FROM, ANBU_TWILIO_BASE_URL (an on-premises proxy; the tests' fake server).

Nothing configured -> the simulated line (marked "simulated" wherever it shows). Half configured
(say, a SID but no token) -> a configuration error naming what is missing, never a silent
fallback: an office must not believe real residents are being called when they are not.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import keyring
import keyring.errors

from care import settings as store
from care.checkins.runner.alert import clear_alert
from care.errors import ConfigurationError
from care.settings import EscalationSettings, TelephonySettings, problem
from care.settings.checks import SID_PATTERN
from storage.credentials import os_keyring
from storage.db import Database
from telephony.errors import TelephonyConfigError
from telephony.gateway import CallGateway
from telephony.limiter import process_limiter
from telephony.simulated import SimulatedGateway
from telephony.twilio_gateway import TwilioGateway

log = logging.getLogger(__name__)

KEYRING_SERVICE = "anbu.twilio"
ENV_SID, ENV_TOKEN, ENV_FROM, ENV_BASE_URL = "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "ANBU_TWILIO_FROM", "ANBU_TWILIO_BASE_URL"


@dataclass(frozen=True)
class LineStatus:
    """What the console and CLI show about the line (never the token)."""

    kind: str  # "twilio" | "simulated"
    account_sid: str
    from_number: str
    token_source: str  # "env" | "keyring" | "missing"
    base_url: str
    keyring: str  # the keyring backend, or why none is usable
    detail: str
    keyring_usable: bool = False
    env_overrides: tuple[str, ...] = ()  # environment variables that override the settings


@dataclass(frozen=True)
class SettingsPage:
    """Everything the Settings page shows about the line (frozen; never the token itself)."""

    settings: TelephonySettings
    line: LineStatus
    token_stored: bool  # a token for the saved SID is in the keyring


# -- settings: the "telephony" section of the one store (care/settings) ---------------------------


def voice_for(settings: TelephonySettings, say_language: str) -> str | None:
    """The configured voice for a script spoken in `say_language` (ko-KR, en-US …); None means the
    script's own voice. A Korean voice is never applied to an English script or the reverse."""
    lang = (say_language or "").split("-")[0].lower()
    voice = settings.voice if lang == "ko" else settings.voice_en if lang == "en" else ""
    return voice or None


def load_settings(db: Database) -> TelephonySettings:
    with db.session() as s:
        return store.load(s, TelephonySettings)


def save_settings(db: Database, settings: TelephonySettings, *, actor: str) -> TelephonySettings:
    """Validate and store the shared settings (the store audits the changed keys); a saved line
    clears the runner's configuration alert."""
    with db.session() as s:
        settings = store.save(s, settings, actor=actor)
        clear_alert(s)  # the line settings were fixed: the runner may try again
    process_limiter(settings.calls_per_second)
    return settings


# -- the auth token: OS keyring or environment only -----------------------------------------------


def keyring_backend() -> tuple[bool, str]:
    """(usable, description): the one OS-keyring rule (storage.credentials.os_keyring)."""
    backend, description = os_keyring(f"set {ENV_TOKEN} in the environment instead")
    return backend is not None, description


def get_auth_token(account_sid: str) -> tuple[str | None, str]:
    """(token, source): TWILIO_AUTH_TOKEN first, then the keyring. Never logged."""
    if os.environ.get(ENV_TOKEN):
        return os.environ[ENV_TOKEN], "env"
    if not account_sid:
        return None, "missing"
    usable, description = keyring_backend()
    if not usable:
        log.warning("Twilio auth token: %s", description)
        return None, "missing"
    try:
        token = keyring.get_password(KEYRING_SERVICE, account_sid)
    except keyring.errors.KeyringError as exc:
        log.warning("no usable OS keyring for the Twilio auth token (%s); set %s instead", type(exc).__name__, ENV_TOKEN)
        return None, "missing"
    return (token, "keyring") if token else (None, "missing")


def store_auth_token(account_sid: str, token: str) -> None:
    """Put the token in the OS keyring. Without a usable keyring this refuses (it never falls back
    to a file of ours): headless PCs use TWILIO_AUTH_TOKEN."""
    if not SID_PATTERN.match(account_sid or ""):
        raise problem("save a valid account SID before its auth token", "sid_before_token")
    if not token.strip():
        raise problem("the auth token is empty", "token_empty")
    usable, description = keyring_backend()
    if not usable:
        raise problem(f"cannot store the Twilio auth token: {description}", "no_keyring", description)
    try:
        keyring.set_password(KEYRING_SERVICE, account_sid, token.strip())
    except keyring.errors.KeyringError as exc:
        raise problem(
            f"the OS keyring refused the Twilio auth token ({type(exc).__name__}); set {ENV_TOKEN} instead",
            "keyring_refused", type(exc).__name__,
        ) from None
    log.info("stored the Twilio auth token for %s in the OS keyring (%s)", account_sid, description)


def delete_auth_token(account_sid: str) -> None:
    try:
        keyring.delete_password(KEYRING_SERVICE, account_sid)
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.KeyringError as exc:
        raise problem(f"cannot reach the OS keyring: {type(exc).__name__}", "keyring_refused", type(exc).__name__) from None


# -- choosing the line --------------------------------------------------------------------------


def _effective(settings: TelephonySettings) -> tuple[str, str, str]:
    sid = os.environ.get(ENV_SID) or settings.account_sid
    from_number = os.environ.get(ENV_FROM) or settings.from_number
    return sid, from_number, os.environ.get(ENV_BASE_URL, "")


def line_status(db: Database | None, settings: TelephonySettings | None = None) -> LineStatus:
    if settings is None:
        settings = load_settings(db) if db is not None else TelephonySettings()
    sid, from_number, base_url = _effective(settings)
    usable, backend = keyring_backend()
    _token, source = get_auth_token(sid)
    env = tuple(n for n in (ENV_SID, ENV_TOKEN, ENV_FROM, ENV_BASE_URL) if os.environ.get(n))
    if not (sid or from_number):
        return LineStatus("simulated", "", "", source, base_url, backend,
                          "simulated line: Twilio is not configured, no real calls are placed", usable, env)
    missing = [name for name, ok in (("account SID", sid), ("from-number", from_number),
                                     ("auth token (OS keyring or TWILIO_AUTH_TOKEN)", source != "missing")) if not ok]
    detail = f"Twilio is half configured: missing {', '.join(missing)}" if missing else f"Twilio account {sid}"
    return LineStatus("twilio", sid, from_number, source, base_url or "https://api.twilio.com", backend, detail,
                      usable, env)


def load_settings_page(db: Database) -> SettingsPage:
    settings = load_settings(db)
    return SettingsPage(settings, line_status(db, settings), _token_in_keyring(settings.account_sid))


def save_settings_page(db: Database, settings: TelephonySettings, token: str | None, *, actor: str) -> SettingsPage:
    """Save the shared settings and, when a token was typed, put it in the OS keyring. The token is
    validated before anything is written so a refused keyring leaves the settings unchanged."""
    settings = store.validated(settings)
    if token and token.strip():
        if not settings.account_sid:
            raise problem("enter the account SID before the auth token", "sid_before_token")
        store_auth_token(settings.account_sid, token)
    save_settings(db, settings, actor=actor)
    return load_settings_page(db)


def _token_in_keyring(account_sid: str) -> bool:
    if not account_sid or not keyring_backend()[0]:
        return False
    try:
        return bool(keyring.get_password(KEYRING_SERVICE, account_sid))
    except keyring.errors.KeyringError:
        return False


def gateway_from_settings(db: Database | None, *, simulated: bool = False) -> CallGateway:
    """Twilio when configured (settings + keyring, or env), else the simulated line."""
    settings = load_settings(db) if db is not None else TelephonySettings()
    if simulated:
        return _simulated()
    sid, from_number, base_url = _effective(settings)
    if not (sid or from_number):
        log.info("Twilio is not configured: using the simulated line")
        return _simulated()
    token, _source = get_auth_token(sid)
    missing = [name for name, ok in (("account SID", sid), ("from-number", from_number),
                                     (f"auth token (OS keyring or {ENV_TOKEN})", token)) if not ok]
    if missing:
        raise TelephonyConfigError(
            f"Twilio is half configured: missing {', '.join(missing)}. Complete it in Settings, or clear "
            "the account SID and from-number to use the simulated line", problem="half_configured",
            params=(", ".join(missing),),
        )
    limiter = process_limiter(settings.calls_per_second)
    sms = _sms_sender(db)
    return TwilioGateway(sid, token, from_number, base_url=base_url or None, limiter=limiter,
                         messaging_service_sid=sms.messaging_service_sid, sms_from=sms.sms_from)


def _sms_sender(db: Database | None) -> EscalationSettings:
    """The escalation section's SMS sender (MessagingServiceSid, or a from-number)."""
    if db is None:
        return EscalationSettings()
    with db.session() as s:
        return store.load(s, EscalationSettings)


def _simulated() -> SimulatedGateway:
    seed = os.environ.get("ANBU_SIM_SEED", "0")
    try:
        return SimulatedGateway(seed=int(seed))
    except ValueError:
        raise ConfigurationError(f"ANBU_SIM_SEED must be a whole number, not {seed!r}") from None


def check_connection(account_sid: str, token: str | None = None, *, base_url: str | None = None) -> str:
    """The Settings page's "test connection": fetch the account with these credentials (a typed
    token, else the stored one). Returns a short description; raises TelephonyError on failure."""
    sid = account_sid.strip()
    if not SID_PATTERN.match(sid):
        raise problem("enter the account SID (AC followed by 32 hexadecimal characters)", "sid_format", sid)
    token = token or get_auth_token(sid)[0]
    if not token:
        raise problem(f"no auth token: type it in, or store it in the OS keyring, or set {ENV_TOKEN}", "no_token")
    gateway = TwilioGateway(sid, token, "+0", base_url=base_url or os.environ.get(ENV_BASE_URL) or None,
                            retry_attempts=1, http_timeout_s=10)
    return gateway.check_account()

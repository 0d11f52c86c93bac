"""Connecting to the MQTT broker: the password (OS keyring or ANBU_MQTT_PASSWORD, never a file of
ours), TLS (CA file, client certificate and key), the stable client id with a persistent session,
and words for the broker's refusals. Shared by `ingest`, `simulate-devices` and the Settings page.

The password guard is the Twilio token's (care.checkins.line.keyring_backend, copied here so
the two can change apart): a keyring backend that keeps secrets in a plain file (keyrings.alt) or
a null/fail backend is not used.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import ssl
from dataclasses import dataclass

import keyring
import keyring.errors
import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from care import settings as store
from care.devices.settings import KEYRING_SERVICE, MqttSettings
from care.errors import ConfigurationError
from storage.credentials import os_keyring
from storage.db import Database

log = logging.getLogger(__name__)

ENV_PASSWORD = "ANBU_MQTT_PASSWORD"
SESSION_EXPIRY_S = 7 * 24 * 3600  # the broker keeps our subscription and queued readings this long
RECEIVE_MAXIMUM = 1000  # unacknowledged messages the broker may have in flight to us (MQTT v5)




def keyring_backend() -> tuple[bool, str]:
    """(usable, description): the one OS-keyring rule (storage.credentials.os_keyring)."""
    backend, description = os_keyring(f"set {ENV_PASSWORD} in the environment instead")
    return backend is not None, description


def mqtt_password(username: str) -> str | None:
    """ANBU_MQTT_PASSWORD first, then the OS keyring; None = connect without one. Never logged."""
    if os.environ.get(ENV_PASSWORD):
        return os.environ[ENV_PASSWORD]
    if not username:
        return None
    usable, description = keyring_backend()
    if not usable:
        log.warning("MQTT password for %s: %s", username, description)
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, username)
    except keyring.errors.KeyringError as exc:
        log.warning("no usable OS keyring for the MQTT password (%s); set %s instead", type(exc).__name__, ENV_PASSWORD)
        return None


def password_stored(username: str) -> bool:
    if not username or not keyring_backend()[0]:
        return False
    try:
        return keyring.get_password(KEYRING_SERVICE, username) is not None
    except keyring.errors.KeyringError:
        return False


def store_password(username: str, password: str) -> None:
    """Into the OS keyring only; without a usable one this refuses (headless PCs use the variable)."""
    if not username.strip():
        raise ConfigurationError("MQTT 사용자 이름을 먼저 저장하십시오 (save the MQTT user name first)")
    if not password:
        raise ConfigurationError("MQTT 비밀번호가 비어 있습니다 (the MQTT password is empty)")
    usable, description = keyring_backend()
    if not usable:
        raise ConfigurationError(f"MQTT 비밀번호를 저장할 수 없습니다 (cannot store the MQTT password): {description}")
    try:
        keyring.set_password(KEYRING_SERVICE, username.strip(), password)
    except keyring.errors.KeyringError as exc:
        raise ConfigurationError(f"OS 키링이 MQTT 비밀번호를 거부했습니다 (the OS keyring refused it: "
                                 f"{type(exc).__name__}); set {ENV_PASSWORD} instead") from None


def default_client_id(role: str = "ingest") -> str:
    """Stable across restarts of this PC's ingest, so the broker's session (and its queue) is ours."""
    host = re.sub(r"[^A-Za-z0-9_-]", "-", socket.gethostname())[:40] or "pc"
    return f"anbu-{role}-{host}"


def tls_context(settings: MqttSettings) -> ssl.SSLContext:
    """A verifying client context: the system CAs, or `tls_ca`; the client certificate when set."""
    try:
        context = ssl.create_default_context(cafile=settings.tls_ca or None)
        if settings.tls_cert:
            context.load_cert_chain(settings.tls_cert, settings.tls_key or None)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigurationError(f"MQTT TLS 파일을 읽을 수 없습니다 (cannot use the TLS files: {exc})") from None
    return context


@dataclass(frozen=True)
class Connection:
    client: mqtt.Client
    connect_properties: Properties | None


def make_client(settings: MqttSettings, password: str | None, *, client_id: str, persistent: bool,
                manual_ack: bool = False) -> Connection:
    """An MQTT v5 client. `persistent`: clean_start=False with a session expiry and a receive
    maximum, so the broker queues for us while we are away and never floods us."""
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5,
                         manual_ack=manual_ack)
    if settings.username:
        client.username_pw_set(settings.username, password)
    if settings.tls:
        client.tls_set_context(tls_context(settings))
    props = None
    if persistent:
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = SESSION_EXPIRY_S
        props.ReceiveMaximum = RECEIVE_MAXIMUM
    return Connection(client, props)


def refusal_hint(reason: object, settings: MqttSettings) -> str:
    """What to do about a refused connection, in words (the broker only says "Not authorized")."""
    text = str(reason)
    if "authori" in text.lower() or "user name or password" in text.lower():
        who = f"user {settings.username!r}" if settings.username else "anonymous clients"
        return (f"브로커가 {who} 연결을 거부했습니다 — 설정 화면(또는 ingest --username)에서 사용자 이름을, "
                f"OS 키링(keyring set {KEYRING_SERVICE} <user>) 또는 {ENV_PASSWORD}에 비밀번호를 확인하고 브로커의 "
                f"password_file/acl_file을 점검하십시오 (the broker refused {who}: {text}; check the user name, "
                f"the password in the OS keyring or {ENV_PASSWORD}, and the broker's password_file/acl_file)")
    return f"브로커가 연결을 거부했습니다 (the broker refused the connection: {text})"


# -- the Settings page's services (frozen results; run on a worker thread) -----------------------


@dataclass(frozen=True)
class MqttPage:
    settings: MqttSettings
    password_stored: bool  # a password for settings.username is in the OS keyring
    password_from_env: bool  # ANBU_MQTT_PASSWORD is set (it wins over the keyring)
    keyring_usable: bool
    keyring: str  # the backend, or why none is usable


def load_page(db: Database) -> MqttPage:
    with db.session() as s:
        settings = store.load(s, MqttSettings)
    usable, description = keyring_backend()
    return MqttPage(settings, password_stored(settings.username), bool(os.environ.get(ENV_PASSWORD)),
                    usable, description)


def save_page(db: Database, changes: dict, password: str | None, *, actor: str) -> MqttPage:
    """Store the broker settings (validated, audited) and, when given, the password in the OS
    keyring. The keyring is written only after the settings are valid, and refuses without a
    usable OS keyring (the settings are then not saved either: nothing half done)."""
    with db.session() as s:
        settings = store.update(s, MqttSettings, actor=actor, **changes)
        if password:
            store_password(settings.username, password)  # raises -> the settings roll back
    return load_page(db)


def check_connection(settings: MqttSettings, password: str | None, timeout_s: float = 10.0) -> str:
    """Connect once (no subscription, no session kept) and report the broker's answer in words."""
    import threading

    done, answer = threading.Event(), {}
    conn = make_client(settings, password if password is not None else mqtt_password(settings.username),
                       client_id=f"{default_client_id('check')}", persistent=False)

    def on_connect(client, userdata, flags, reason_code, properties) -> None:
        answer["rc"] = reason_code
        done.set()

    conn.client.on_connect = on_connect
    try:
        conn.client.connect(settings.host, settings.port, keepalive=10)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigurationError(f"MQTT 브로커 {settings.host}:{settings.port}에 연결할 수 없습니다 "
                                 f"(cannot reach the broker: {exc})") from None
    conn.client.loop_start()
    try:
        if not done.wait(timeout_s):
            raise ConfigurationError(f"MQTT 브로커 {settings.host}:{settings.port}가 {timeout_s:g}초 안에 응답하지 "
                                     "않았습니다 (the broker did not answer)")
        if answer["rc"].is_failure:
            raise ConfigurationError(refusal_hint(answer["rc"], settings))
        return f"{settings.host}:{settings.port}{' (TLS)' if settings.tls else ''}"
    finally:
        conn.client.disconnect()
        conn.client.loop_stop()

"""Bits the device commands share: the broker address and the connection flags of `ingest` and
`simulate-devices` (host, port, user, TLS files), applied over the shared devices.mqtt setting."""

from __future__ import annotations

from pathlib import Path

from care import settings as store
from care.accounts.identity import os_account
from care.devices.mqtt_config import mqtt_password
from care.devices.settings import MqttSettings
from care.errors import AnbuError
from storage.db import Database


def parse_broker(text: str) -> tuple[str, int]:
    """"HOST:PORT" or "HOST" (port 1883); "[::1]:1883" for IPv6."""
    host, sep, port = text.rpartition(":")
    if not sep or "]" in port:
        host, port = text, "1883"
    host = host.strip("[]")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise AnbuError(f"--broker {text!r}: expected HOST:PORT, e.g. 127.0.0.1:1883")
    return host, int(port)


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise AnbuError(f"--port {text!r}: expected a port number 1-65535")
    return int(text)


def add_connection_flags(parser) -> None:
    parser.add_argument("--broker", metavar="HOST[:PORT]", help="MQTT broker (default: the devices.mqtt setting)")
    parser.add_argument("--port", metavar="N", help="broker port (default 1883, 8883 is usual with TLS)")
    parser.add_argument("--username", metavar="USER", help="broker user; the password comes from the OS keyring "
                        "(service anbu-mqtt, this user) or ANBU_MQTT_PASSWORD")
    parser.add_argument("--tls", action="store_true", default=None, help="connect with TLS (verifies the broker)")
    parser.add_argument("--tls-ca", metavar="FILE", help="CA certificate that signed the broker's (implies --tls)")
    parser.add_argument("--tls-cert", metavar="FILE", help="client certificate (PEM), when the broker asks for one")
    parser.add_argument("--tls-key", metavar="FILE", help="the client certificate's key (PEM)")
    parser.add_argument("--save", action="store_true",
                        help="also store these connection settings as the shared devices.mqtt setting (audited)")


def connection_settings(db: Database, args, actor: str = "") -> tuple[MqttSettings, str | None]:
    """The shared setting with the command's flags over it; --save stores the result. Returns the
    settings and the password (None = none configured). `actor` saves them (the person running the command)."""
    changes: dict = {}
    if args.broker:
        host, port = parse_broker(args.broker)
        changes.update(host=host, port=port)
    if args.port:
        changes["port"] = _port(args.port)
    if args.username is not None:
        changes["username"] = args.username
    if args.tls:
        changes["tls"] = True
    for flag in ("tls_ca", "tls_cert", "tls_key"):
        if getattr(args, flag):
            changes[flag] = str(Path(getattr(args, flag)).expanduser().resolve())  # stored: cwd-independent
    if getattr(args, "client_id", None):
        changes["client_id"] = args.client_id
    with db.session() as s:
        if args.save and changes:
            settings = store.update(s, MqttSettings, actor=actor or os_account(), **changes)
        else:
            settings = store.with_changes(s, MqttSettings, **changes)
    return settings, mqtt_password(settings.username)

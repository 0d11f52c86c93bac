"""Bits the device commands share."""

from __future__ import annotations

from care.errors import AnbuError


def parse_broker(text: str) -> tuple[str, int]:
    """"HOST:PORT" or "HOST" (port 1883); "[::1]:1883" for IPv6."""
    host, sep, port = text.rpartition(":")
    if not sep or "]" in port:
        host, port = text, "1883"
    host = host.strip("[]")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise AnbuError(f"--broker {text!r}: expected HOST:PORT, e.g. 127.0.0.1:1883")
    return host, int(port)

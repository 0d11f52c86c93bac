"""The keypad digit of a notification call or call-back, read offline from its recording (as
check-ins are: speech.dtmf over each channel). The recording is fetched to a temporary place,
read, and destroyed at once, here and at the carrier: only the digits are kept."""

from __future__ import annotations

import logging
from pathlib import Path

from speech.audio import read_wav
from speech.dtmf import keypad_digits
from telephony.errors import TelephonyError
from telephony.notify import NotifyGateway

log = logging.getLogger("anbu.escalation")


def read_keypad(gateway: NotifyGateway, sid: str, work_dir: Path) -> str:
    dest = work_dir / "notify"
    path = gateway.fetch_recording(sid, dest)
    if path is None:
        return ""
    try:
        audio = read_wav(path)
        digits = "".join(keypad_digits(audio.channel(i), audio.rate) for i in range(audio.channels))
    finally:
        Path(path).unlink(missing_ok=True)
    try:
        gateway.delete_recording(sid)
    except TelephonyError as exc:
        log.warning("the carrier's copy of notification call %s was not deleted: %s", sid, exc)
    return digits

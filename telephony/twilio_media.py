"""Where a Twilio recording's audio is fetched from, and whether what arrived is a whole WAV.

Kept apart from the gateway so each stays small; no HTTP here, only decisions on what Twilio said.
"""

from __future__ import annotations

import wave
from pathlib import Path
from urllib.parse import urlsplit

from .errors import TelephonyError


def media_source(rec, base_url: str, account_sid: str, basic_auth: tuple[str, str]) -> tuple[str, tuple[str, str] | None]:
    """(URL, auth) of the recording's audio. Twilio's own media (its API host, or the proxy
    in base_url) gets the account's credentials; external storage (media_url on another host)
    is fetched without them — the token never leaves for a third party."""
    api = urlsplit(base_url)
    media = urlsplit(rec.media_url or "")
    if media.scheme and media.netloc and media.netloc not in (api.netloc, "api.twilio.com"):
        if media.scheme != "https" and media.hostname not in ("127.0.0.1", "localhost"):
            raise TelephonyError(f"recording {rec.sid} is stored at a non-HTTPS address; not downloaded")
        return rec.media_url, None
    path = media.path if media.path.startswith("/2010-04-01/") else (rec.uri or "").removesuffix(".json")
    path = path.removesuffix(".json").removesuffix(".wav")
    expected = f"/2010-04-01/Accounts/{account_sid}/Recordings/{rec.sid}"
    if path != expected:
        raise TelephonyError(f"recording {rec.sid} names an unexpected address; not downloaded")
    return f"{base_url.rstrip('/')}{path}.wav", basic_auth


def max_recording_bytes(duration_s: float, *, rate: int = 48000, channels: int = 2, sample_bytes: int = 2) -> int:
    """The most bytes a recording of `duration_s` seconds may have: header slack + data at
    `rate`/`channels`/`sample_bytes`, 10% and 5 s of margin. The same figure as
    speech.audio.max_wav_bytes (telephony may not import speech; a test holds the two equal)."""
    seconds = max(0.0, float(duration_s)) * 1.1 + 5.0
    return 64 * 1024 + int(seconds * rate * channels * sample_bytes)


def recording_seconds(*durations: object, fallback_s: float) -> float:
    """The first duration Twilio gave (a recording's, then its call's) that is a finite number of
    seconds ≥ 0; `fallback_s` (the longest call Anbu places) when none is."""
    for value in durations:
        try:
            seconds = float(str(value)) if value is not None else -1.0  # Twilio sends strings ("42")
        except ValueError:
            continue
        if 0.0 <= seconds < 86400.0:
            return seconds
    return fallback_s


class RecordingTooLarge(TelephonyError):
    """The audio is larger than a recording of its call can be: not downloaded, kept at Twilio."""


def check_wav(path: Path) -> int:
    """A whole WAV: readable header and as many frame bytes as it announces. Returns its channels."""
    with wave.open(str(path), "rb") as w:
        needed = w.getnframes() * w.getnchannels() * w.getsampwidth()
        channels = w.getnchannels()
    if path.stat().st_size < needed + 44:
        raise OSError(f"{path.name} is shorter than its header says")
    return channels

"""The simulated line's recordings: 8 kHz, 16-bit, two channels, laid out like Twilio's.

Channel 0 is the resident (what the line hears), channel 1 is Anbu's prompts. The layout follows
the call's own TwiML: every <Say> becomes a voice-like sound on channel 1 (length estimated from
the text), every <Pause> a silent stretch there — the answer window — in which channel 0 carries
the resident's answer: a real speech clip, a keypad tone, or silence. So the speech side can cut
the answer windows from the prompt channel's voice activity exactly as it will for Twilio.
"""

from __future__ import annotations

import wave
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import numpy as np

RATE = 8000
SAY_GAP_S = 0.25  # between two <Say>s back to back
SECONDS_PER_CHAR = {"ko": 0.14, "en": 0.065}
DTMF = {"1": (697, 1209), "9": (852, 1477)}


@dataclass(frozen=True)
class Segment:
    kind: str  # "say" | "pause"
    seconds: float
    text: str = ""


def segments_from_twiml(twiml: str) -> list[Segment]:
    """<Say> and <Pause> in order, with spoken length estimated from the text and the rate."""
    root = ET.fromstring(twiml.encode("utf-8"))
    out: list[Segment] = []
    for el in root:
        if el.tag == "Say":
            text = "".join(el.itertext()).strip()
            lang = (el.get("language") or "ko-KR").split("-")[0]
            per_char = SECONDS_PER_CHAR.get(lang, 0.1)
            prosody = el.find("prosody")
            rate = prosody.get("rate", "100%") if prosody is not None else "100%"
            factor = 100.0 / float(rate.rstrip("%")) if rate.endswith("%") else 1.0
            chars = sum(1 for ch in text if not ch.isspace())
            out.append(Segment("say", round(max(0.6, chars * per_char * factor), 2), text))
        elif el.tag == "Pause":
            out.append(Segment("pause", float(el.get("length", "1"))))
    return out


def timeline(segments: list[Segment], lead_in_s: float = 0.2) -> list[float]:
    """Start time of every segment: <Say>s back to back are SAY_GAP_S apart, a <Pause> starts
    right where the <Say> before it ends (so the answer window is exactly the pause)."""
    starts, t = [], lead_in_s
    for i, seg in enumerate(segments):
        starts.append(t)
        t += seg.seconds
        if seg.kind == "say" and i + 1 < len(segments) and segments[i + 1].kind == "say":
            t += SAY_GAP_S
    return starts


def prompt_sound(seconds: float, rng: np.random.Generator) -> np.ndarray:
    """Voice-like: a 180-230 Hz harmonic complex with a syllable-rate envelope that never drops to
    silence inside a prompt (a VAD must see one segment per <Say>)."""
    t = np.arange(int(seconds * RATE)) / RATE
    f0 = rng.uniform(180, 230)
    tone = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 6))
    envelope = 0.45 + 0.55 * np.abs(np.sin(2 * np.pi * rng.uniform(3.0, 4.5) * t))
    ramp = np.minimum(1.0, np.minimum(t, seconds - t) / 0.03)
    return tone * envelope * ramp * 5000


def dtmf_tone(key: str, seconds: float = 0.3) -> np.ndarray:
    low, high = DTMF[key]
    t = np.arange(int(seconds * RATE)) / RATE
    return (np.sin(2 * np.pi * low * t) + np.sin(2 * np.pi * high * t)) * 7000


def beep(seconds: float = 0.5, freq: float = 1000.0) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return np.sin(2 * np.pi * freq * t) * 9000


def read_clip_8k(path: Path) -> np.ndarray:
    """A mono (or first-channel) 16-bit WAV, low-pass filtered and resampled to 8 kHz."""
    with wave.open(str(path), "rb") as w:
        rate, channels, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
        raw = w.readframes(w.getnframes())
    if width != 2:
        raise ValueError(f"{path.name}: only 16-bit clips are supported")
    samples = np.frombuffer(raw, dtype="<i2").reshape(-1, channels)[:, 0].astype(np.float64)
    if rate == RATE:
        return samples
    cutoff = 0.45 * RATE / rate  # of the source rate; keeps below the new Nyquist
    n = np.arange(-32, 33)
    taps = np.sinc(2 * cutoff * n) * 2 * cutoff * np.hamming(len(n))
    filtered = np.convolve(samples, taps / taps.sum(), mode="same")
    if rate % RATE == 0:
        return filtered[:: rate // RATE]
    positions = np.arange(0, len(samples) * RATE / rate) * rate / RATE
    return np.interp(positions, np.arange(len(samples)), filtered)


def write_wav(path: Path, resident: np.ndarray, prompts: np.ndarray) -> None:
    """Channel 0 = resident, channel 1 = prompts; written to a .part file, then renamed."""
    n = max(len(resident), len(prompts))
    frames = np.zeros((n, 2), dtype=np.float64)
    frames[: len(resident), 0] = resident
    frames[: len(prompts), 1] = prompts
    data = np.clip(np.rint(frames), -32768, 32767).astype("<i2")
    part = path.with_name(path.name + ".part")
    with wave.open(str(part), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(data.tobytes())
    part.replace(path)

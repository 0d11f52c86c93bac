"""Test helpers: the telephone simulation, mu-law encoding, WAV writing and the CER measure.

The telephone simulation is what Twilio's recordings go through: resample to 8 kHz
(scipy.signal.resample_poly), a 300-3400 Hz band-pass, and a G.711 mu-law round trip.
"""

from __future__ import annotations

import re
import struct
import unicodedata
from math import gcd
from pathlib import Path

import numpy as np
from scipy import signal


def mulaw_encode(samples: np.ndarray) -> np.ndarray:
    """float [-1, 1] -> G.711 mu-law bytes (uint8), the encoder matching speech.audio's decoder."""
    pcm = np.clip(np.round(samples * 32768.0), -32768, 32767).astype(np.int32)
    sign = np.where(pcm < 0, 0x80, 0)
    mag = np.minimum(np.abs(pcm), 32635) + 0x84
    exponent = np.floor(np.log2(mag)).astype(np.int32) - 7
    exponent = np.clip(exponent, 0, 7)
    mantissa = (mag >> (exponent + 3)) & 0x0F
    return (~(sign | (exponent << 4) | mantissa) & 0xFF).astype(np.uint8)


def simulate_telephone(samples: np.ndarray, rate: int) -> tuple[np.ndarray, np.ndarray]:
    """(8 kHz float samples after band-pass + mu-law round trip, the mu-law bytes)."""
    g = gcd(8000, rate)
    narrow = signal.resample_poly(samples, 8000 // g, rate // g)
    sos = signal.butter(4, [300, 3400], btype="bandpass", fs=8000, output="sos")
    narrow = signal.sosfilt(sos, narrow)
    coded = mulaw_encode(narrow)
    from speech.audio import _MULAW

    return _MULAW[coded], coded


def write_wav(path: Path, samples: np.ndarray, rate: int, *, mulaw: bool = False) -> Path:
    """Write (channels, frames) or (frames,) float samples as PCM 16-bit (or mu-law) WAV."""
    data = np.atleast_2d(samples)
    channels = data.shape[0]
    interleaved = data.T.reshape(-1)
    if mulaw:
        body, tag, bits = mulaw_encode(interleaved).tobytes(), 7, 8
    else:
        body = (np.clip(interleaved, -1, 1) * 32767).astype("<i2").tobytes()
        tag, bits = 1, 16
    block = channels * bits // 8
    fmt = struct.pack("<HHIIHH", tag, channels, rate, rate * block, block, bits)
    if mulaw:
        fmt += struct.pack("<H", 0)
    riff = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(body)) + body
    path.write_bytes(b"RIFF" + struct.pack("<I", len(riff)) + riff)
    return path


_DROP = re.compile(r"\s+")


def cer_chars(text: str) -> str:
    """Korean CER compares characters with spaces and punctuation removed."""
    return "".join(c for c in _DROP.sub("", text) if not unicodedata.category(c).startswith("P"))


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def pooled_cer(pairs) -> float:
    """Sum of edits over sum of reference lengths, for (reference, hypothesis) pairs."""
    edits = total = 0
    for ref, hyp in pairs:
        r, h = cer_chars(ref), cer_chars(hyp)
        edits += edit_distance(r, h)
        total += len(r)
    return edits / max(total, 1)

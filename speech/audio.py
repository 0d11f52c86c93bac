"""Reading check-in recordings: WAV PCM 16-bit at any rate, mono or dual-channel, and mu-law WAV.

A small RIFF reader instead of the stdlib `wave` module, because `wave` refuses mu-law (the
encoding telephone systems use) and WAVE_FORMAT_EXTENSIBLE headers. Every problem (missing,
empty, truncated, not a WAV, unsupported encoding) raises AudioFileError naming the file.
Samples come back as float32 in [-1, 1], shaped (channels, frames).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from speech.errors import AudioFileError

FORMAT_PCM = 0x0001
FORMAT_FLOAT = 0x0003
FORMAT_ALAW = 0x0006
FORMAT_MULAW = 0x0007
FORMAT_EXTENSIBLE = 0xFFFE
_STREAMING_SIZES = (0, 0xFFFFFFFF)  # writers that never patched the data size back


@dataclass(frozen=True)
class Audio:
    """Decoded audio of one file; `samples` is float32, shape (channels, frames)."""

    path: str
    rate: int
    samples: np.ndarray

    @property
    def channels(self) -> int:
        return int(self.samples.shape[0])

    @property
    def duration_s(self) -> float:
        return self.samples.shape[1] / float(self.rate)

    def channel(self, index: int) -> np.ndarray:
        return self.samples[index]


def _mulaw_table() -> np.ndarray:
    """ITU-T G.711 mu-law byte -> linear sample (float32 in [-1, 1])."""
    u = ~np.arange(256, dtype=np.int32) & 0xFF
    sign = u & 0x80
    exponent = (u >> 4) & 0x07
    mantissa = u & 0x0F
    magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84
    linear = np.where(sign != 0, -magnitude, magnitude)
    return (linear / 32768.0).astype(np.float32)


def _alaw_table() -> np.ndarray:
    """ITU-T G.711 A-law byte -> linear sample (float32 in [-1, 1])."""
    a = np.arange(256, dtype=np.int32) ^ 0x55
    sign = a & 0x80
    exponent = (a >> 4) & 0x07
    mantissa = a & 0x0F
    magnitude = np.where(exponent == 0, (mantissa << 4) + 8, ((mantissa << 4) + 0x108) << (exponent - 1))
    linear = np.where(sign != 0, magnitude, -magnitude)
    return (linear / 32768.0).astype(np.float32)


_MULAW = _mulaw_table()
_ALAW = _alaw_table()


def _chunks(path: Path, data: bytes):
    """(chunk id, offset of its body, declared size) for each chunk after the RIFF/WAVE header."""
    pos = 12
    while pos + 8 <= len(data):
        cid, size = struct.unpack_from("<4sI", data, pos)
        yield cid, pos + 8, size
        pos += 8 + size + (size & 1)


def read_wav(path: str | Path) -> Audio:
    """Decode a WAV file; AudioFileError (naming the file) for anything we cannot use."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AudioFileError(path, "file not found") from None
    except IsADirectoryError:
        raise AudioFileError(path, "is a directory, not a WAV file") from None
    except OSError as exc:
        raise AudioFileError(path, f"cannot read file ({exc.strerror or exc})") from None
    if not data:
        raise AudioFileError(path, "empty file (0 bytes)")
    if len(data) < 12 or data[:4] not in (b"RIFF", b"RIFX") or data[8:12] != b"WAVE":
        raise AudioFileError(path, "not a WAV file (no RIFF/WAVE header)")
    if data[:4] == b"RIFX":
        raise AudioFileError(path, "big-endian WAV (RIFX) is not supported")

    fmt = None
    body = None
    for cid, start, size in _chunks(path, data):
        if cid == b"fmt ":
            if size < 16 or start + 16 > len(data):
                raise AudioFileError(path, "truncated WAV header (fmt chunk)")
            fmt = struct.unpack_from("<HHIIHH", data, start)
            if fmt[0] == FORMAT_EXTENSIBLE and size >= 40 and start + 40 <= len(data):
                fmt = (struct.unpack_from("<H", data, start + 24)[0], *fmt[1:])
        elif cid == b"data":
            available = len(data) - start
            if size in _STREAMING_SIZES:
                size = available
            elif size > available:
                raise AudioFileError(
                    path, f"truncated WAV: data chunk declares {size} bytes but only {available} are present"
                )
            body = data[start : start + size]
            break
    if fmt is None:
        raise AudioFileError(path, "truncated or damaged WAV: no fmt chunk")
    if body is None:
        raise AudioFileError(path, "truncated or damaged WAV: no data chunk")

    tag, channels, rate, _byte_rate, block_align, bits = fmt
    if channels < 1 or rate < 1000 or rate > 192000:
        raise AudioFileError(path, f"damaged WAV header ({channels} channels at {rate} Hz)")
    samples = _decode(path, body, tag, channels, bits, block_align)
    if samples.shape[1] == 0:
        raise AudioFileError(path, "no audio: the data chunk is empty")
    return Audio(path=str(path), rate=int(rate), samples=samples)


def _decode(path: Path, body: bytes, tag: int, channels: int, bits: int, block_align: int) -> np.ndarray:
    if tag == FORMAT_PCM and bits == 16:
        raw = np.frombuffer(body[: len(body) // 2 * 2], dtype="<i2").astype(np.float32) / 32768.0
    elif tag == FORMAT_PCM and bits == 8:
        raw = (np.frombuffer(body, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    elif tag == FORMAT_PCM and bits in (24, 32) and block_align == channels * bits // 8:
        width = bits // 8
        usable = len(body) // width * width
        as_bytes = np.frombuffer(body[:usable], dtype=np.uint8).reshape(-1, width)
        padded = np.zeros((as_bytes.shape[0], 4), dtype=np.uint8)
        padded[:, 4 - width :] = as_bytes
        raw = padded.view("<i4").ravel().astype(np.float32) / 2147483648.0
    elif tag == FORMAT_FLOAT and bits == 32:
        raw = np.frombuffer(body[: len(body) // 4 * 4], dtype="<f4").astype(np.float32)
    elif tag == FORMAT_MULAW and bits == 8:
        raw = _MULAW[np.frombuffer(body, dtype=np.uint8)]
    elif tag == FORMAT_ALAW and bits == 8:
        raw = _ALAW[np.frombuffer(body, dtype=np.uint8)]
    else:
        raise AudioFileError(
            path, f"unsupported WAV encoding (format tag {tag:#06x}, {bits} bits); use PCM 16-bit or mu-law"
        )
    frames = raw.size // channels
    return np.ascontiguousarray(raw[: frames * channels].reshape(frames, channels).T)


def to_pcm16(samples: np.ndarray) -> bytes:
    """float samples -> little-endian PCM 16-bit bytes, the format Vosk's AcceptWaveform takes."""
    return (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()

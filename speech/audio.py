"""Reading check-in recordings: WAV PCM 16-bit at any rate, mono or dual-channel, and mu-law WAV.

A small RIFF reader instead of the stdlib `wave` module, because `wave` refuses mu-law (the
encoding telephone systems use) and WAVE_FORMAT_EXTENSIBLE headers. Every problem (missing,
empty, truncated, not a WAV, unsupported encoding, not a regular file, longer than a check-in
can last, a header that disagrees with the data) raises AudioFileError naming the file.
Samples come back as float32 in [-1, 1], shaped (channels, frames).

Hostile or damaged files (issue 11 item 10): only regular files are opened (a FIFO would block
the reader for ever, a device would never end), and without blocking, so a file swapped for a
FIFO after the check cannot hang us either; the header is checked against the data (block size,
byte rate, data size a whole number of frames, RIFF size against the file size) before anything
is decoded; the audio may last at most `max_audio_seconds()` (ANBU_MAX_AUDIO_S, default 1800 s:
a check-in call lasts minutes), refused from the header alone; the data is decoded in chunks
straight into the result array, so memory is the float32 samples (2x a 16-bit file) plus one
chunk, instead of several whole-file copies.
"""

from __future__ import annotations

import math
import os
import stat
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
MAX_CHANNELS = 8  # telephone recordings have 1 or 2; more is a damaged header
CHUNK_FRAMES = 1 << 16  # frames decoded per read
MAX_AUDIO_ENV = "ANBU_MAX_AUDIO_S"
DEFAULT_MAX_AUDIO_S = 1800.0


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


def max_audio_seconds() -> float:
    """The longest recording read_wav accepts: ANBU_MAX_AUDIO_S, else DEFAULT_MAX_AUDIO_S."""
    raw = os.environ.get(MAX_AUDIO_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_AUDIO_S
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not math.isfinite(value) or value <= 0:
        raise AudioFileError(MAX_AUDIO_ENV, f"must be a positive number of seconds, not {raw!r}")
    return value


def max_wav_bytes(duration_s: float, *, rate: int = 48000, channels: int = 2, sample_bytes: int = 2) -> int:
    """A generous byte cap for a WAV of `duration_s` seconds (for downloads): header slack + data
    at `rate`/`channels`/`sample_bytes`, 10% and 5 s of margin."""
    seconds = max(0.0, float(duration_s)) * 1.1 + 5.0
    return 64 * 1024 + int(seconds * rate * channels * sample_bytes)


def _open_regular(path: Path):
    """A binary file object for a regular file; AudioFileError for anything else (never blocks)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise AudioFileError(path, "file not found") from None
    except OSError as exc:
        raise AudioFileError(path, f"cannot read file ({exc.strerror or exc})") from None
    except ValueError:  # an embedded NUL byte: no file can have that name
        raise AudioFileError(repr(str(path)), "not a valid file name") from None
    if stat.S_ISDIR(st.st_mode):
        raise AudioFileError(path, "is a directory, not a WAV file")
    if not stat.S_ISREG(st.st_mode):
        raise AudioFileError(path, f"is a {_kind(st.st_mode)}, not a regular file: refused")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise AudioFileError(path, f"cannot read file ({exc.strerror or exc})") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):  # swapped for something else after the first look
        os.close(fd)
        raise AudioFileError(path, f"is a {_kind(st.st_mode)}, not a regular file: refused")
    return os.fdopen(fd, "rb"), st.st_size


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


@dataclass(frozen=True)
class _Layout:
    tag: int
    channels: int
    rate: int
    byte_rate: int
    block_align: int
    bits: int
    data_offset: int
    data_size: int


def _read_layout(path: Path, fh, size: int) -> _Layout:
    """Parse the RIFF header and chunk list up to the data chunk; check it against the file size."""
    head = fh.read(12)
    if len(head) < 12 or head[:4] not in (b"RIFF", b"RIFX") or head[8:12] != b"WAVE":
        raise AudioFileError(path, "not a WAV file (no RIFF/WAVE header)")
    if head[:4] == b"RIFX":
        raise AudioFileError(path, "big-endian WAV (RIFX) is not supported")
    riff_size = struct.unpack_from("<I", head, 4)[0]
    fmt = None
    pos = 12
    while True:
        fh.seek(pos)
        chunk = fh.read(8)
        if len(chunk) < 8:
            if fmt is None:
                raise AudioFileError(path, "truncated WAV header (fmt chunk)" if pos < 36 else "truncated or damaged WAV: no fmt chunk")
            raise AudioFileError(path, "truncated or damaged WAV: no data chunk")
        cid, csize = struct.unpack("<4sI", chunk)
        if cid == b"fmt ":
            if csize < 16 or csize > 4096:
                raise AudioFileError(path, f"damaged WAV header (fmt chunk of {csize} bytes)")
            body = fh.read(csize)
            if len(body) < 16:
                raise AudioFileError(path, "truncated WAV header (fmt chunk)")
            fmt = struct.unpack_from("<HHIIHH", body, 0)
            if fmt[0] == FORMAT_EXTENSIBLE and len(body) >= 26:
                fmt = (struct.unpack_from("<H", body, 24)[0], *fmt[1:])
        elif cid == b"data":
            if fmt is None:
                raise AudioFileError(path, "damaged WAV: the data chunk comes before the fmt chunk")
            return _check_layout(path, fmt, pos + 8, csize, size, riff_size)
        pos += 8 + csize + (csize & 1)
        if pos > size:
            raise AudioFileError(path, f"truncated WAV: a {cid!r} chunk runs past the end of the file")


def _check_layout(path: Path, fmt, data_offset: int, data_size: int, size: int, riff_size: int) -> _Layout:
    tag, channels, rate, byte_rate, block_align, bits = fmt
    if channels < 1 or channels > MAX_CHANNELS or rate < 1000 or rate > 192000:
        raise AudioFileError(path, f"damaged WAV header ({channels} channels at {rate} Hz)")
    width = _sample_width(path, tag, bits, channels, block_align)
    if block_align != channels * width:
        raise AudioFileError(
            path, f"damaged WAV header: {block_align}-byte frames for {channels} channel(s) of {bits}-bit samples"
        )
    if byte_rate != rate * block_align:
        raise AudioFileError(
            path, f"damaged WAV header: {byte_rate} bytes/s does not match {rate} Hz x {block_align}-byte frames"
        )
    available = size - data_offset
    if data_size in _STREAMING_SIZES:  # a writer that never patched the size back: take what is there
        data_size = available - available % block_align
    elif data_size > available:
        raise AudioFileError(path, f"truncated WAV: data chunk declares {data_size} bytes but only {available} are present")
    elif data_size % block_align:
        raise AudioFileError(
            path, f"damaged WAV: data chunk of {data_size} bytes is not a whole number of {block_align}-byte frames"
        )
    if data_size == 0:
        raise AudioFileError(path, "no audio: the data chunk is empty")
    if riff_size not in _STREAMING_SIZES:
        if riff_size + 8 > size + 1:  # (+1: a missing pad byte is harmless)
            raise AudioFileError(path, f"truncated WAV: header declares {riff_size + 8} bytes but the file has {size}")
        if size > riff_size + 8 + 1:
            raise AudioFileError(
                path, f"damaged WAV: {size - riff_size - 8} bytes after the end the header declares ({riff_size + 8} bytes)"
            )
    return _Layout(tag, channels, rate, byte_rate, block_align, bits, data_offset, data_size)


def _sample_width(path: Path, tag: int, bits: int, channels: int, block_align: int) -> int:
    supported = {
        (FORMAT_PCM, 8): 1, (FORMAT_PCM, 16): 2, (FORMAT_PCM, 24): 3, (FORMAT_PCM, 32): 4,
        (FORMAT_FLOAT, 32): 4, (FORMAT_MULAW, 8): 1, (FORMAT_ALAW, 8): 1,
    }
    if (tag, bits) not in supported:
        raise AudioFileError(
            path, f"unsupported WAV encoding (format tag {tag:#06x}, {bits} bits); use PCM 16-bit or mu-law"
        )
    return supported[(tag, bits)]


def check_wav(path: str | Path, *, max_seconds: float | None = None) -> float:
    """The duration of a WAV we can read, from its header alone (no samples decoded); AudioFileError
    otherwise. Cheap enough to run on every file of a batch before a model is loaded."""
    path = Path(path)
    fh, size = _open_regular(path)
    with fh:
        return _checked_layout(path, fh, size, max_seconds)[1]


def _checked_layout(path: Path, fh, size: int, max_seconds: float | None) -> tuple[_Layout, float]:
    limit = max_audio_seconds() if max_seconds is None else max_seconds
    if size == 0:
        raise AudioFileError(path, "empty file (0 bytes)")
    try:
        layout = _read_layout(path, fh, size)
    except OSError as exc:
        raise AudioFileError(path, f"cannot read file ({exc.strerror or exc})") from None
    seconds = layout.data_size // layout.block_align / float(layout.rate)
    if seconds > limit:
        raise AudioFileError(
            path,
            f"{seconds:.0f} s of audio, longer than a check-in recording may last ({limit:.0f} s; "
            f"{MAX_AUDIO_ENV} sets the limit)",
        )
    return layout, seconds


def read_wav(path: str | Path, *, max_seconds: float | None = None) -> Audio:
    """Decode a WAV file; AudioFileError (naming the file) for anything we cannot use."""
    path = Path(path)
    fh, size = _open_regular(path)
    with fh:
        layout, _seconds = _checked_layout(path, fh, size, max_seconds)
        try:
            samples = _decode_stream(fh, layout, layout.data_size // layout.block_align)
        except MemoryError:
            raise AudioFileError(path, "too large to decode in the memory available") from None
        except OSError as exc:
            raise AudioFileError(path, f"cannot read file ({exc.strerror or exc})") from None
    return Audio(path=str(path), rate=int(layout.rate), samples=samples)


def _decode_stream(fh, layout: _Layout, frames: int) -> np.ndarray:
    """Decode the data chunk CHUNK_FRAMES at a time into one (channels, frames) float32 array."""
    out = np.empty((layout.channels, frames), dtype=np.float32)
    fh.seek(layout.data_offset)
    done = 0
    while done < frames:
        want = min(CHUNK_FRAMES, frames - done)
        raw = fh.read(want * layout.block_align)
        got = len(raw) // layout.block_align
        if got == 0:
            raise OSError("the file ended early (it is being written or was truncated while reading)")
        chunk = _decode(raw[: got * layout.block_align], layout)
        out[:, done : done + got] = chunk.reshape(got, layout.channels).T
        done += got
    return out


def _decode(body: bytes, layout: _Layout) -> np.ndarray:
    tag, bits = layout.tag, layout.bits
    if tag == FORMAT_PCM and bits == 16:
        return np.frombuffer(body, dtype="<i2").astype(np.float32) / np.float32(32768.0)
    if tag == FORMAT_PCM and bits == 8:
        return (np.frombuffer(body, dtype=np.uint8).astype(np.float32) - np.float32(128.0)) / np.float32(128.0)
    if tag == FORMAT_PCM:  # 24 or 32 bits
        width = bits // 8
        as_bytes = np.frombuffer(body, dtype=np.uint8).reshape(-1, width)
        padded = np.zeros((as_bytes.shape[0], 4), dtype=np.uint8)
        padded[:, 4 - width :] = as_bytes
        return padded.view("<i4").ravel().astype(np.float32) / np.float32(2147483648.0)
    if tag == FORMAT_FLOAT:
        raw = np.frombuffer(body, dtype="<f4")
        return np.nan_to_num(raw, nan=0.0, posinf=1.0, neginf=-1.0).astype(np.float32)
    if tag == FORMAT_MULAW:
        return _MULAW[np.frombuffer(body, dtype=np.uint8)]
    return _ALAW[np.frombuffer(body, dtype=np.uint8)]


def to_pcm16(samples: np.ndarray) -> bytes:
    """float samples -> little-endian PCM 16-bit bytes, the format Vosk's AcceptWaveform takes."""
    return (np.clip(np.nan_to_num(samples), -1.0, 1.0) * 32767.0).astype("<i2").tobytes()

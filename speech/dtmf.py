"""Keypad digits (DTMF) read from the recording with the Goertzel algorithm.

A resident who cannot or will not speak can press 1/2 on the keypad; the tones are in the
recording's resident channel. Each 30 ms frame (hop 10 ms) is measured at the eight DTMF
frequencies; a frame holds a digit when the strongest low-group and high-group tones each stand
6 dB above the others in their group, their twist is within 8 dB, and together they carry at
least half of the frame's energy (speech and noise spread their energy, tones do not). A digit is
reported once per press: it must hold for 40 ms (ITU-T Q.24 minimum tone length) and a gap of
40 ms separates presses of the same key. Limit: a key pressed while the resident talks loudly
over it can be missed (the speech takes more than half the energy); pauses are where keys land.
"""

from __future__ import annotations

import numpy as np

LOW = (697.0, 770.0, 852.0, 941.0)
HIGH = (1209.0, 1336.0, 1477.0, 1633.0)
KEYS = ("123A", "456B", "789C", "*0#D")
FRAME_S = 0.030
HOP_S = 0.010
MIN_TONE_S = 0.040
MIN_GAP_S = 0.040
TONE_SHARE = 0.5  # share of the frame energy in the two tones (~ how much of the frame the tone fills)
DOMINANCE = 4.0  # power ratio (6 dB) over the next tone of the same group
MAX_TWIST = 6.3  # power ratio (8 dB) between the two tones
MIN_LEVEL_DB = -45.0


def _goertzel_power(frames: np.ndarray, rate: int, freqs: tuple[float, ...]) -> np.ndarray:
    """Power at each frequency for each frame: shape (frames, len(freqs)), scaled like |FFT|^2."""
    n = frames.shape[1]
    coeffs = 2.0 * np.cos(2.0 * np.pi * np.asarray(freqs) / rate)
    s1 = np.zeros((frames.shape[0], len(freqs)))
    s2 = np.zeros_like(s1)
    for i in range(n):
        s0 = frames[:, i : i + 1] + coeffs * s1 - s2
        s2, s1 = s1, s0
    return s1 * s1 + s2 * s2 - coeffs * s1 * s2


def _frames(samples: np.ndarray, rate: int) -> np.ndarray:
    frame, hop = int(rate * FRAME_S), int(rate * HOP_S)
    if samples.size < frame:
        return np.zeros((0, frame))
    count = 1 + (samples.size - frame) // hop
    x = np.ascontiguousarray(samples, dtype=np.float64)
    return np.lib.stride_tricks.as_strided(x, shape=(count, frame), strides=(x.strides[0] * hop, x.strides[0]))


def frame_digits(samples: np.ndarray, rate: int) -> list[str]:
    """The digit held in each frame, "" where none."""
    frames = _frames(samples, rate)
    if frames.shape[0] == 0:
        return []
    n = frames.shape[1]
    energy = np.sum(frames * frames, axis=1)
    level_db = 10 * np.log10(energy / n + 1e-12)
    # Only frames loud enough to hold a tone go through the (slow, per-sample) Goertzel loop.
    loud = np.flatnonzero(level_db > MIN_LEVEL_DB)
    result = [""] * frames.shape[0]
    if loud.size == 0:
        return result
    low = _goertzel_power(frames[loud], rate, LOW)
    high = _goertzel_power(frames[loud], rate, HIGH)
    # A pure tone of amplitude A has Goertzel power (A*n/2)^2 and frame energy A^2*n/2.
    tone_energy = (low.max(axis=1) + high.max(axis=1)) * 2.0 / n
    lo_sorted, hi_sorted = np.sort(low, axis=1), np.sort(high, axis=1)
    ok = (
        (tone_energy > TONE_SHARE * energy[loud])
        & (lo_sorted[:, -1] > DOMINANCE * lo_sorted[:, -2])
        & (hi_sorted[:, -1] > DOMINANCE * hi_sorted[:, -2])
        & (np.maximum(lo_sorted[:, -1], hi_sorted[:, -1]) < MAX_TWIST * np.minimum(lo_sorted[:, -1], hi_sorted[:, -1]))
    )
    for row, frame_index in enumerate(loud):
        if ok[row]:
            result[frame_index] = KEYS[int(np.argmax(low[row]))][int(np.argmax(high[row]))]
    return result


def detect_dtmf(samples: np.ndarray, rate: int) -> list[tuple[str, float]]:
    """(digit, start seconds) for each key press found in the samples."""
    per_frame = frame_digits(samples, rate)
    # A tone of length D passes the share test in about D / HOP_S frames (measured: 20 ms -> 2, 40 ms -> 4).
    hold = max(1, round(MIN_TONE_S / HOP_S))
    gap = max(1, round(MIN_GAP_S / HOP_S))
    presses: list[tuple[str, float]] = []
    run_digit, run, run_start, last_end = "", 0, 0, -gap - 1
    for i, digit in enumerate(per_frame):
        if not digit:
            run_digit, run = "", 0
            continue
        if digit == run_digit:
            run += 1
        else:
            run_digit, run, run_start = digit, 1, i
        if run == hold:
            # the same key again after a dropout shorter than MIN_GAP_S is the same press
            if not (presses and presses[-1][0] == digit and run_start - last_end <= gap):
                presses.append((digit, round(run_start * HOP_S, 3)))
        if presses and digit == presses[-1][0] and run >= hold:
            last_end = i
    return presses


def keypad_digits(samples: np.ndarray, rate: int) -> str:
    """The key presses as a string, e.g. "12"."""
    return "".join(d for d, _ in detect_dtmf(samples, rate))

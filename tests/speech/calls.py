"""Assembling check-in calls for tests from real clips: Anbu's prompts on one channel, the
resident's answers (speech, silence or keypad tones) on the other, like Twilio's dual recording."""

from __future__ import annotations

from dataclasses import dataclass
from math import gcd

import numpy as np
from scipy import signal

from speech.audio import read_wav


@dataclass(frozen=True)
class AssembledCall:
    samples: np.ndarray  # (2, frames): [resident, prompts] unless swapped
    rate: int
    prompt_spans: list[tuple[float, float]]
    answer_spans: list[tuple[float, float] | None]  # where each answer's audio sits; None = no answer


def load_clip(folder, name: str, rate: int) -> np.ndarray:
    audio = read_wav(folder / name)
    g = gcd(rate, audio.rate)
    return signal.resample_poly(audio.channel(0), rate // g, audio.rate // g).astype(np.float32)


def assemble_call(
    prompts: list[np.ndarray],
    answers: list[np.ndarray | None],
    rate: int,
    *,
    lead_s: float = 0.5,
    answer_delay_s: float = 0.8,
    window_s: float | list[float] = 6.0,
    hello: np.ndarray | None = None,
    swap: bool = False,
) -> AssembledCall:
    """prompts[i] is followed by an answer window holding answers[i] (len(prompts) = len(answers) + 1:
    the last prompt is the closing message). `hello` is a short resident "여보세요" before the greeting."""
    resident: list[np.ndarray] = []
    anbu: list[np.ndarray] = []
    t = 0
    prompt_spans, answer_spans = [], []

    def put(track, piece, at):
        track.append((at, piece))

    put(anbu, np.zeros(1, np.float32), 0)
    t = int(lead_s * rate)
    if hello is not None:
        put(resident, hello, int(0.05 * rate))
        t = max(t, int(0.05 * rate) + hello.size + int(0.3 * rate))
    for i, prompt in enumerate(prompts):
        put(anbu, prompt, t)
        prompt_spans.append((t / rate, (t + prompt.size) / rate))
        t += prompt.size
        if i < len(answers):
            answer = answers[i]
            wanted = window_s[i] if isinstance(window_s, list) else window_s
            window = max(int(wanted * rate), (0 if answer is None else answer.size + int(2.0 * rate)))
            if answer is None:
                answer_spans.append(None)
            else:
                start = t + int(answer_delay_s * rate)
                put(resident, answer, start)
                answer_spans.append((start / rate, (start + answer.size) / rate))
            t += window
    total = t + int(1.0 * rate)
    tracks = np.zeros((2, total), dtype=np.float32)
    for channel, parts in ((0, resident), (1, anbu)):
        for at, piece in parts:
            tracks[channel, at : at + piece.size] += piece
    if swap:
        tracks = tracks[::-1].copy()
    return AssembledCall(tracks, rate, prompt_spans, answer_spans)

"""Transcribing one check-in recording, answer by answer, with Vosk (offline: audio never leaves the PC).

Pipeline: read the WAV (speech.audio) -> pick the resident's channel and cut it into one answer
window per question (speech.segmentation) -> for each window: keypad digits (speech.dtmf), the
resident's speech time, and a Vosk decode of just that window -> words, raw and readable text,
mean word confidence and an `intelligible` verdict with its reason.

Decoding each window on its own (instead of the whole file) skips the prompt time and long
silences, so it costs less than the plain loop, and keeps one answer's words out of the next.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from speech.audio import Audio, read_wav, to_pcm16
from speech.dtmf import keypad_digits
from speech.errors import AudioFileError, TranscriptionCancelled
from speech.kaldi_rand import seeded
from speech.model import load_model
from speech.segmentation import answer_windows
from speech.textnorm import is_junk, join_pieces
from speech.vad import Segment, speech_seconds

CHUNK_FRAMES = 4000  # what Vosk's own examples feed per AcceptWaveform
WINDOW_PAD_S = 0.6  # silence kept either side of the speech: the recogniser needs ~0.4 s to settle (measured)
# Thresholds for `intelligible`, measured on the 44 shared clips (clean and telephone-simulated),
# on silence/noise and on reversed speech (speech-like but meaningless):
# - steady noise (white/pink -40..-20 dBFS, hum, digital silence): the energy detector finds no
#   speech, so "silence" -- although Vosk prints words there, some with confidence 1.0;
# - mean word confidence of real speech: clean 5th/10th/50th percentile 0.66/0.67/0.86,
#   telephone 0.61/0.64/0.78; reversed speech median ~0.7 (it overlaps: confidence is a weak
#   signal). At 0.6, 95-98% of clean and 89% of telephone clips are intelligible and about a third of
#   reversed-speech windows are caught.
MIN_SPEECH_S = 0.3  # less resident speech than this in the window -> "silence"
MIN_CHARS = 2  # fewer recognised characters -> "too_short"
MIN_CONFIDENCE = 0.6  # mean word confidence below this -> "low_confidence"


@dataclass(frozen=True)
class Word:
    word: str
    start: float
    end: float
    conf: float


@dataclass(frozen=True)
class Answer:
    index: int
    start_s: float
    end_s: float
    text_raw: str
    text: str
    words: tuple[Word, ...]
    confidence: float | None
    silence_ratio: float
    keypad: str
    intelligible: bool
    reason: str

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    def to_json(self) -> dict:
        data = asdict(self)
        data["words"] = [asdict(w) for w in self.words]
        data["duration_s"] = round(self.duration_s, 3)
        return data


@dataclass(frozen=True)
class Transcript:
    file: str
    duration_s: float
    text: str
    words: tuple[Word, ...]
    answers: tuple[Answer, ...]
    channel: int | None
    channel_reason: str = field(default="")

    def to_json(self) -> dict:
        """The CLI's JSON object: file, duration_s, text, words, answers, channel, channel_reason."""
        return {
            "file": self.file,
            "duration_s": round(self.duration_s, 3),
            "text": self.text,
            "words": [asdict(w) for w in self.words],
            "answers": [a.to_json() for a in self.answers],
            "channel": self.channel,
            "channel_reason": self.channel_reason,
        }


def prepare_samples(samples: np.ndarray) -> np.ndarray:
    """Signal conditioning before decoding (measured; see README "What helped on telephone audio")."""
    return samples


def decode_words(
    model, samples: np.ndarray, rate: int, offset_s: float = 0.0, should_stop: Callable[[], bool] | None = None
) -> list[Word]:
    """Vosk words (junk tokens dropped) for one stretch of audio; times relative to the recording."""
    import vosk

    samples = prepare_samples(samples)
    results = []
    with seeded():  # Kaldi's dither draws from rand(): same start state -> same words (kaldi_rand)
        recognizer = vosk.KaldiRecognizer(model, rate)
        recognizer.SetWords(True)
        for i in range(0, samples.size, CHUNK_FRAMES):  # converted chunk by chunk: no whole-window copies
            if should_stop is not None and should_stop():
                raise TranscriptionCancelled("")
            if recognizer.AcceptWaveform(to_pcm16(samples[i : i + CHUNK_FRAMES])):
                results.append(recognizer.Result())  # an endpoint: this utterance is final
        results.append(recognizer.FinalResult())
    words: list[Word] = []
    for raw in results:
        for item in json.loads(raw).get("result", ()):
            if is_junk(item["word"]):
                continue
            words.append(
                Word(
                    word=item["word"],
                    start=round(offset_s + float(item["start"]), 3),
                    end=round(offset_s + float(item["end"]), 3),
                    conf=round(float(item.get("conf", 1.0)), 4),
                )
            )
    return words


def judge(words: list[Word], speech_s: float, keypad: str) -> tuple[float | None, bool, str]:
    """(mean word confidence, intelligible, reason) for one answer window.

    Voice activity decides "silence" even when Vosk printed words: on steady noise the model
    hallucinates short words, some with confidence 1.0 (measured), while the energy detector,
    whose threshold follows the channel's own noise floor, finds no speech there.
    """
    confidence = round(float(np.mean([w.conf for w in words])), 4) if words else None
    chars = sum(1 for w in words for c in w.word if c.isalnum())
    if keypad:
        return confidence, True, ""  # a keypad answer is a clear answer, spoken words or not
    if speech_s < MIN_SPEECH_S:
        return confidence, False, "silence"
    if chars < MIN_CHARS:
        return confidence, False, "too_short"
    if confidence is not None and confidence < MIN_CONFIDENCE:
        return confidence, False, "low_confidence"
    return confidence, True, ""


def transcribe_answer(
    model, audio: Audio, channel: int, index: int, window: Segment, speech: list[Segment], should_stop=None
) -> Answer:
    samples = audio.channel(channel)
    speech_s = speech_seconds(speech, window.start, window.end)
    silence_ratio = 1.0 if window.duration <= 0 else round(float(max(0.0, 1.0 - speech_s / window.duration)), 3)
    w0, w1 = int(window.start * audio.rate), int(window.end * audio.rate)
    keypad = keypad_digits(samples[w0:w1], audio.rate) if w1 > w0 else ""
    words: list[Word] = []
    if speech_s >= MIN_SPEECH_S:
        # decode only from the first to the last stretch of speech in the window (plus a margin):
        # silence costs decoding time and invites hallucinated words
        inside = [s for s in speech if s.end > window.start and s.start < window.end]
        lo = max(0, int((max(window.start, inside[0].start) - WINDOW_PAD_S) * audio.rate))
        hi = min(samples.size, int((min(window.end, inside[-1].end) + WINDOW_PAD_S) * audio.rate))
        words = decode_words(model, samples[lo:hi], audio.rate, lo / audio.rate, should_stop)
    confidence, intelligible, reason = judge(words, speech_s, keypad)
    pieces = [w.word for w in words]
    return Answer(
        index=index,
        start_s=round(window.start, 3),
        end_s=round(window.end, 3),
        text_raw=" ".join(pieces),
        text=join_pieces(pieces),
        words=tuple(words),
        confidence=confidence,
        silence_ratio=silence_ratio,
        keypad=keypad,
        intelligible=intelligible,
        reason=reason,
    )


def transcribe_audio(
    audio: Audio,
    model,
    *,
    channel: int | None = None,
    expected_answers: int | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Transcript:
    """Transcribe decoded audio with a loaded model; should_stop() aborts between chunks."""
    choice, windows, speech = answer_windows(audio, channel=channel, expected_answers=expected_answers)
    try:
        answers = tuple(
            transcribe_answer(model, audio, choice.resident, i, window, speech[choice.resident], should_stop)
            for i, window in enumerate(windows)
        )
    except TranscriptionCancelled:
        raise TranscriptionCancelled(audio.path) from None
    words = tuple(w for a in answers for w in a.words)
    return Transcript(
        file=audio.path,
        duration_s=round(audio.duration_s, 3),
        text=" ".join(a.text for a in answers if a.text),
        words=words,
        answers=answers,
        channel=None if choice.prompt is None and choice.reason == "mono" else choice.resident,
        channel_reason=choice.reason,
    )


def transcribe_file(
    path: str | Path,
    *,
    model_path: Path | None = None,
    channel: int | None = None,
    expected_answers: int | None = None,
) -> Transcript:
    """Transcribe one recording; AudioFileError (naming the file) or ModelError on bad input.

    Running out of memory on a huge file is a problem with that file (AudioFileError), not a crash.
    """
    audio = read_wav(path)
    model = load_model(model_path)
    try:
        return transcribe_audio(audio, model, channel=channel, expected_answers=expected_answers)
    except MemoryError:
        raise AudioFileError(path, "too large to transcribe in the memory available") from None

"""Cutting a check-in recording into one answer window per question.

Dual-channel recordings (the telephony area's and Twilio's layout): channel 0 = the resident,
channel 1 = Anbu's prompts, and Anbu always speaks first. We do not trust the layout blindly:

Channel rule (documented in the README): the prompt channel is the one whose first *sustained*
speech (>= SUSTAINED_S after bridging pauses < 0.5 s) starts first — Anbu's greeting. A resident's
short "여보세요?" before the greeting is not sustained, so it does not win. When only one channel
has speech, it is the prompt channel (Anbu always speaks; a resident may stay silent). When the
onsets are within ONSET_TIE_S of each other, or no channel has speech, we fall back to the
documented layout (channel 1 = prompts). `channel=N` overrides everything.

Answer windows: the prompt channel's speech, with pauses shorter than PROMPT_GAP_S bridged, gives
one block per prompt; the resident's answer window is the silence after a prompt up to the next
prompt (or the end of the recording), extended to the end of a resident utterance that runs into
the next prompt. Mono recordings fall back to the resident's own pauses: utterances separated by
ANSWER_GAP_S or more are separate answers. With `expected_answers`, the longest windows (or the
longest pauses, for mono) are kept in time order, and missing ones come back as empty windows.
"""

from __future__ import annotations

from dataclasses import dataclass

from speech.audio import Audio
from speech.errors import AudioFileError
from speech.vad import Segment, detect_speech, merge_segments, speech_seconds

RESIDENT_CHANNEL = 0
PROMPT_CHANNEL = 1
SUSTAINED_S = 1.0
ONSET_TIE_S = 0.25
PROMPT_GAP_S = 1.5
ANSWER_GAP_S = 1.5
MIN_WINDOW_S = 0.8
TAIL_MIN_S = 2.5  # after the last prompt: an answer window only if this long or the resident speaks
TAIL_SPEECH_S = 0.3


@dataclass(frozen=True)
class ChannelChoice:
    resident: int
    prompt: int | None
    reason: str  # "override" | "mono" | "greeting" | "only_prompt_speaks" | "layout_default"


def _first_sustained_onset(segments: list[Segment]) -> float | None:
    for seg in merge_segments(segments, 0.5):
        if seg.duration >= SUSTAINED_S:
            return seg.start
    return None


def choose_channels(audio: Audio, speech: dict[int, list[Segment]], channel: int | None) -> ChannelChoice:
    """Which channel is the resident's and which carries the prompts (see the module docstring)."""
    if channel is not None:
        if not 0 <= channel < audio.channels:
            raise AudioFileError(audio.path, f"has {audio.channels} channel(s); channel {channel} does not exist")
        others = [c for c in range(audio.channels) if c != channel]
        return ChannelChoice(channel, others[0] if audio.channels == 2 else None, "override")
    if audio.channels == 1:
        return ChannelChoice(0, None, "mono")
    if audio.channels > 2:
        return ChannelChoice(RESIDENT_CHANNEL, PROMPT_CHANNEL, "layout_default")
    onsets = {c: _first_sustained_onset(speech[c]) for c in (0, 1)}
    if onsets[0] is None and onsets[1] is None:
        return ChannelChoice(RESIDENT_CHANNEL, PROMPT_CHANNEL, "layout_default")
    if onsets[0] is None or onsets[1] is None:
        prompt = 0 if onsets[1] is None else 1
        return ChannelChoice(1 - prompt, prompt, "only_prompt_speaks")
    if abs(onsets[0] - onsets[1]) < ONSET_TIE_S:
        return ChannelChoice(RESIDENT_CHANNEL, PROMPT_CHANNEL, "layout_default")
    prompt = 0 if onsets[0] < onsets[1] else 1
    return ChannelChoice(1 - prompt, prompt, "greeting")


def _keep_expected(windows: list[Segment], expected: int | None, duration: float) -> list[Segment]:
    if expected is None:
        return windows
    if len(windows) > expected:
        longest = sorted(range(len(windows)), key=lambda i: windows[i].duration, reverse=True)[:expected]
        windows = [windows[i] for i in sorted(longest)]
    while len(windows) < expected:
        windows.append(Segment(duration, duration))
    return windows


def prompt_windows(
    prompt_speech: list[Segment], resident_speech: list[Segment], duration: float, expected: int | None
) -> list[Segment]:
    """Answer windows between the prompts of a dual-channel recording."""
    prompts = merge_segments(prompt_speech, PROMPT_GAP_S)
    if not prompts:
        return mono_windows(resident_speech, duration, expected)
    windows: list[Segment] = []
    for i, prompt in enumerate(prompts):
        start = prompt.end
        end = prompts[i + 1].start if i + 1 < len(prompts) else duration
        limit = prompts[i + 1].end if i + 1 < len(prompts) else duration
        for seg in resident_speech:  # an answer that runs on into the next prompt stays whole
            if start <= seg.start < end and seg.end > end:
                end = min(seg.end, limit)
        if i + 1 == len(prompts) and end - start < TAIL_MIN_S:
            # the few seconds after a closing message are not an answer, unless the resident talks
            if speech_seconds(resident_speech, start, end) < TAIL_SPEECH_S:
                continue
        if end - start >= MIN_WINDOW_S:
            windows.append(Segment(start, end))
    return _keep_expected(windows, expected, duration)


def mono_windows(speech: list[Segment], duration: float, expected: int | None) -> list[Segment]:
    """Answer windows of a one-speaker recording, split at the resident's long pauses."""
    if not speech:
        return _keep_expected([Segment(0.0, duration)], expected, duration)
    if expected is not None and expected > 0:
        gaps = sorted(range(1, len(speech)), key=lambda i: speech[i].start - speech[i - 1].end, reverse=True)
        cuts = sorted(gaps[: expected - 1])
        bounds = [0, *cuts, len(speech)]
        groups = [Segment(speech[a].start, speech[b - 1].end) for a, b in zip(bounds, bounds[1:], strict=False)]
    else:
        groups = merge_segments(speech, ANSWER_GAP_S)
    return _keep_expected(groups, expected, duration)


def answer_windows(
    audio: Audio, *, channel: int | None = None, expected_answers: int | None = None
) -> tuple[ChannelChoice, list[Segment], dict[int, list[Segment]]]:
    """(channel choice, answer windows, speech segments per channel) for one recording."""
    speech = {c: detect_speech(audio.channel(c), audio.rate) for c in range(min(audio.channels, 2))}
    if channel is not None and channel not in speech and 0 <= channel < audio.channels:
        speech[channel] = detect_speech(audio.channel(channel), audio.rate)
    choice = choose_channels(audio, speech, channel)
    resident_speech = speech[choice.resident]
    if choice.prompt is None:
        windows = mono_windows(resident_speech, audio.duration_s, expected_answers)
    else:
        windows = prompt_windows(speech[choice.prompt], resident_speech, audio.duration_s, expected_answers)
    return choice, windows, speech

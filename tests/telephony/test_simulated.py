"""The simulated line: seeded outcome mix, Twilio-like recordings, the dial ledger."""

from __future__ import annotations

import json
import threading
import time
import wave
from collections import Counter
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from telephony.gateway import CallRequest
from telephony.script import load_script, render_twiml
from telephony.sim_audio import RATE, segments_from_twiml
from telephony.simulated import SimulatedGateway, pick_outcome

SLOT = "2026-11-24T18:30+09:00"
SCRIPT = load_script("ko_default")
TWIML = render_twiml(SCRIPT, resident_name="김순자", office_number="+8221234567")


def req(household_id: int, attempt_no: int = 1, slot: str = SLOT, **kw) -> CallRequest:
    return CallRequest(to=f"+8210555{household_id:05d}", twiml=TWIML, household_id=household_id, slot=slot,
                       attempt_no=attempt_no, **kw)


def read(path):
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getframerate(), w.getsampwidth()) == (2, RATE, 2)
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").reshape(-1, 2).astype(float)


def active_spans(channel: np.ndarray, threshold: float = 600.0, min_gap_s: float = 0.6) -> list[tuple[float, float]]:
    """Energy in 20 ms frames above a threshold, gaps shorter than min_gap_s bridged."""
    frame = RATE // 50
    energy = np.sqrt(np.mean(channel[: len(channel) // frame * frame].reshape(-1, frame) ** 2, axis=1))
    spans, start, last = [], None, None
    for i, loud in enumerate(energy > threshold):
        t = i / 50
        if loud:
            if start is None or t - last > min_gap_s:
                if start is not None:
                    spans.append((start, last))
                start = t
            last = t + 0.02
    if start is not None:
        spans.append((start, last))
    return spans


def test_outcome_mix_for_a_seed_is_realistic_and_reproducible():
    outcomes = Counter(pick_outcome(7, hh, SLOT, 1) for hh in range(2000))
    shares = {k: v / 2000 for k, v in outcomes.items()}
    assert 0.64 <= shares["human"] + shares["silent"] <= 0.76
    assert 0.09 <= shares["no_answer"] <= 0.15
    assert 0.06 <= shares["busy"] <= 0.10
    assert 0.08 <= shares["machine"] <= 0.12
    assert outcomes == Counter(pick_outcome(7, hh, SLOT, 1) for hh in range(2000))
    assert outcomes != Counter(pick_outcome(8, hh, SLOT, 1) for hh in range(2000))
    # the attempt number matters: a retry is a new dial, not a replay of the first one
    assert [pick_outcome(7, 1, SLOT, a) for a in range(1, 30)].count("human") not in (0, 29)


def test_calls_finish_fast_and_machine_or_silent_is_never_an_answered_check_in():
    gw = SimulatedGateway(seed=3)
    started = time.monotonic()
    sids = [gw.place(req(hh)) for hh in range(40)]
    states = {gw.outcome_of(sid): gw.wait(sid, timeout_s=5) for sid in sids}
    assert time.monotonic() - started < 5.0  # each call ends in well under a second
    one = gw.place(req(99))
    started = time.monotonic()
    gw.wait(one, timeout_s=5)
    assert time.monotonic() - started < 0.8
    assert set(states) >= {"human", "no_answer", "busy", "machine"}
    assert states["human"].answered_check_in and states["human"].answered_by == "human"
    assert (states["machine"].status, states["machine"].answered_by) == ("completed", "machine")
    assert not states["machine"].answered_check_in
    assert (states["busy"].status, states["no_answer"].status) == ("busy", "no_answer")
    assert not states["busy"].answered_check_in and not states["no_answer"].answered_check_in
    silent_hh = next(hh for hh in range(500) if pick_outcome(3, hh, SLOT, 1) == "silent")
    silent = gw.wait(gw.place(req(silent_hh)), timeout_s=5)
    assert (silent.status, silent.answered_by, silent.answered_check_in) == ("completed", "unknown", False)


def _human_household(seed: int) -> int:
    return next(hh for hh in range(500) if pick_outcome(seed, hh, SLOT, 1) == "human")


def test_recording_layout_prompts_then_answer_windows(tmp_path):
    gw = SimulatedGateway(seed=5)
    sid = gw.place(req(_human_household(5)))
    state = gw.wait(sid, timeout_s=5)
    path = gw.fetch_recording(sid, tmp_path)
    audio = read(path)
    assert state.duration_s == pytest.approx(len(audio) / RATE, abs=0.1)
    prompts = active_spans(audio[:, 1], min_gap_s=1.0)
    segments = segments_from_twiml(TWIML)
    # greeting + first question run together (0.25 s apart); each later question and the closing
    # start after an answer window whose length is the script's <Pause>
    assert len(prompts) == len(SCRIPT.questions) + 1
    gaps = [b[0] - a[1] for a, b in zip(prompts, prompts[1:], strict=False)]
    windows = [s.seconds for s in segments if s.kind == "pause"]
    assert gaps == pytest.approx(windows, abs=0.15)
    # without clips: speech windows are silent, the keypad window holds a DTMF tone
    answers = gw._calls[sid].answers
    assert answers[:-1] == ["silence"] * 5 and answers[-1] in ("dtmf:1", "dtmf:9")
    resident = active_spans(audio[:, 0])
    assert len(resident) == 1
    keypad_window = (prompts[-2][1], prompts[-1][0])
    assert keypad_window[0] < resident[0][0] < resident[0][1] < keypad_window[1]
    spectrum = np.abs(np.fft.rfft(audio[int(resident[0][0] * RATE): int(resident[0][1] * RATE), 0]))
    peaks = sorted(np.argsort(spectrum)[-2:] * RATE / (2 * (len(spectrum) - 1)))
    expected = (697, 1209) if answers[-1] == "dtmf:1" else (852, 1477)
    assert peaks == pytest.approx(expected, abs=15)


def test_answers_come_from_the_clip_folder_resampled_to_8k(tmp_path, shared_speech_ko, monkeypatch):
    monkeypatch.setenv("ANBU_SIM_CLIPS", str(shared_speech_ko))
    gw = SimulatedGateway(seed=5)
    hh = _human_household(5)
    sid = gw.place(req(hh))
    gw.wait(sid, timeout_s=5)
    path = gw.fetch_recording(sid, tmp_path / "a")
    answers = gw._calls[sid].answers
    clips = [a for a in answers if a.endswith(".wav")]
    assert clips and all((shared_speech_ko / c).exists() for c in clips)
    audio = read(path)
    prompts = active_spans(audio[:, 1], min_gap_s=1.0)
    for (_, end), (nxt, _), answer in zip(prompts, prompts[1:], answers, strict=False):
        inside = audio[int(end * RATE): int(nxt * RATE), 0]
        loud = np.sqrt(np.mean(inside**2))
        assert (loud > 300) == (answer != "silence"), answer
        # the resident never talks over a prompt
    for start, end in prompts:
        assert np.sqrt(np.mean(audio[int(start * RATE): int(end * RATE), 0] ** 2)) < 300
    # same (seed, household, slot, attempt) -> the same audio, byte for byte
    again = SimulatedGateway(seed=5)
    sid2 = again.place(req(hh))
    again.wait(sid2, timeout_s=5)
    assert again.fetch_recording(sid2, tmp_path / "b").read_bytes() == path.read_bytes()


def test_no_recording_for_unanswered_unconsented_or_deleted_calls(tmp_path):
    gw = SimulatedGateway(seed=9)
    busy_hh = next(hh for hh in range(500) if pick_outcome(9, hh, SLOT, 1) == "busy")
    sid = gw.place(req(busy_hh))
    gw.wait(sid, timeout_s=5)
    assert gw.fetch_recording(sid, tmp_path) is None
    hh = _human_household(9)
    sid = gw.place(req(hh, record=False))
    gw.wait(sid, timeout_s=5)
    assert gw.fetch_recording(sid, tmp_path) is None
    sid = gw.place(req(hh, slot="other"))
    if gw.outcome_of(sid) in ("human", "silent", "machine"):
        gw.wait(sid, timeout_s=5)
        assert gw.fetch_recording(sid, tmp_path) is not None
        gw.delete_recording(sid)
        assert gw.fetch_recording(sid, tmp_path / "again") is None


def test_cancel_and_find_calls():
    gw = SimulatedGateway(seed=1, ring_s=5.0)
    sid = gw.place(req(1))
    assert gw.poll(sid).status in ("queued", "ringing")
    gw.cancel(sid)
    assert gw.poll(sid).status == "canceled" and gw.poll(sid).final
    since = datetime.now(UTC) - timedelta(seconds=5)
    assert [s.sid for s in gw.find_calls(req(1).to, since)] == [sid]
    assert gw.find_calls(req(1).to, datetime.now(UTC) + timedelta(seconds=5)) == []
    assert gw.name == "simulated" and sid.startswith("SIM")


def test_ledger_has_one_fsynced_line_per_dial_even_from_threads(tmp_path, monkeypatch):
    ledger = tmp_path / "ledger" / "dials.jsonl"
    monkeypatch.setenv("ANBU_SIM_LEDGER", str(ledger))
    gw = SimulatedGateway(seed=2)
    threads = [threading.Thread(target=lambda i=i: [gw.place(req(i * 10 + k, attempt_no=k)) for k in range(1, 6)])
               for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = [json.loads(x) for x in ledger.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 40
    assert {"ts", "household_id", "to", "slot", "attempt"} <= set(lines[0])  # the contract's keys (extended compatibly)
    assert sorted((x["household_id"], x["attempt"]) for x in lines) == sorted(
        (i * 10 + k, k) for i in range(8) for k in range(1, 6))
    assert all(x["slot"] == SLOT and x["to"].startswith("+8210555") for x in lines)


def test_a_later_process_finds_polls_and_records_a_call_from_the_ledger(tmp_path, shared_speech_ko):
    """After a crash the runner asks a *new* gateway about a call the dead process placed: the
    ledger is the simulated line's provider record, as Twilio's call log is the real one's."""
    ledger = tmp_path / "ledger.jsonl"
    first = SimulatedGateway(seed=3, clips_dir=shared_speech_ko, ledger=ledger)
    human = next(h for h in range(1, 200) if pick_outcome(3, h, SLOT, 1) == "human")
    sid = first.place(req(human))
    first.wait(sid)
    original = first.fetch_recording(sid, tmp_path / "a")

    later = SimulatedGateway(seed=3, clips_dir=shared_speech_ko, ledger=ledger)  # a new process
    found = later.find_calls(req(human).to, datetime.now(UTC) - timedelta(minutes=5))
    assert [c.sid for c in found] == [sid] and found[0].final and found[0].answered_by == "human"
    assert later.poll(sid).status == "completed"
    again = later.fetch_recording(sid, tmp_path / "b")
    assert again.read_bytes() == original.read_bytes()
    assert later.find_calls(req(human).to, datetime.now(UTC) + timedelta(minutes=1)) == []
    line = json.loads(ledger.read_text(encoding="utf-8"))
    assert "김" not in json.dumps(line, ensure_ascii=False)  # the layout keeps lengths, never the script's words

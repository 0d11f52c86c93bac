"""The simulated line: Anbu's embedded default whenever Twilio is not configured.

It behaves like the real line from the outside (place, poll until final, fetch a dual-channel
recording, delete it "remotely"), with a realistic, seeded mix of outcomes: every outcome is a pure
function of (seed, household_id, slot, attempt_no), so a demo or a test run is reproducible. Calls
finish in well under a second. Everything it produces says "simulated" (gateway name, sids).

ANBU_SIM_CLIPS names a folder of speech clips (16 kHz WAV) used as the residents' answers; without
it, answers are keypad tones and silence. ANBU_SIM_LEDGER=PATH appends one fsynced JSON line per
dial — an independent record of every call placed, for proving "never twice for one slot".
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from . import sim_audio
from .errors import TelephonyError
from .gateway import CallRequest, CallState, wait_until_final
from .limiter import CallRateLimiter
from .simulated_notify import SimulatedNotifyMixin

# outcome -> probability; "silent" is picked up but nobody speaks (AMD says "unknown")
OUTCOME_MIX = (("human", 0.66), ("silent", 0.04), ("no_answer", 0.12), ("busy", 0.08), ("machine", 0.10))
_ANSWERED_BY = {"human": "human", "silent": "unknown", "machine": "machine"}
_FINAL_STATUS = {"human": "completed", "silent": "completed", "machine": "completed",
                 "no_answer": "no_answer", "busy": "busy"}


def pick_outcome(seed: int, household_id: int, slot: str, attempt_no: int) -> str:
    r = random.Random(f"anbu-sim:{seed}:{household_id}:{slot}:{attempt_no}").random()
    total = 0.0
    for outcome, p in OUTCOME_MIX:
        total += p
        if r < total:
            return outcome
    return OUTCOME_MIX[-1][0]


@dataclass
class SimulatedCall:
    sid: str
    request: CallRequest
    outcome: str
    key: str  # seeds the audio
    placed_at: float  # monotonic
    created: datetime
    canceled_status: str | None = None
    deleted: bool = False
    answers: list[str] = field(default_factory=list)  # what the resident "said" per window, once rendered
    layout: list[sim_audio.Segment] | None = None  # rebuilt from the ledger (no TwiML kept there)
    notify_reply: str | None = None  # a notification call: acknowledged | no_answer | machine | answered


class SimulatedGateway(SimulatedNotifyMixin):
    name = "simulated"

    def __init__(
        self,
        *,
        seed: int = 0,
        clips_dir: Path | None = None,
        ledger: Path | None = None,
        ring_s: float = 0.08,
        talk_s: float = 0.25,
        limiter: CallRateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        replies: dict[str, str] | None = None,
    ) -> None:
        clips = clips_dir if clips_dir is not None else os.environ.get("ANBU_SIM_CLIPS") or None
        ledger = ledger if ledger is not None else os.environ.get("ANBU_SIM_LEDGER") or None
        self.seed = seed
        self.clips_dir = Path(clips) if clips else None
        self.ledger = Path(ledger) if ledger else None
        self.ring_s, self.talk_s = ring_s, talk_s
        self._limiter, self._sleep = limiter, sleep
        self._calls: dict[str, SimulatedCall] = {}
        self.replies = dict(replies or {})  # recipient -> seeded reply to SMS / notification calls
        self._messages = {}
        self._lock = threading.Lock()
        self._clips = sorted(self.clips_dir.glob("*.wav")) if self.clips_dir else []
        if self.clips_dir and not self._clips:
            raise TelephonyError(f"ANBU_SIM_CLIPS={self.clips_dir} holds no .wav clips")

    def __repr__(self) -> str:
        return f"SimulatedGateway(seed={self.seed}, clips={self.clips_dir}, ledger={self.ledger})"

    # -- dialling ------------------------------------------------------------------------------

    def place(self, req: CallRequest) -> str:
        if self._limiter is not None:
            self._limiter.acquire()
        key = f"{self.seed}:{req.household_id}:{req.slot}:{req.attempt_no}"
        with self._lock:
            n = 0
            while True:
                digest = hashlib.sha256(f"{key}:{n}".encode()).hexdigest()[:32]
                sid = f"SIM{digest}"
                if sid not in self._calls:
                    break
                n += 1
            outcome = pick_outcome(self.seed, req.household_id, req.slot, req.attempt_no)
            call = SimulatedCall(sid, req, outcome, f"{key}:{n}", time.monotonic(), datetime.now(UTC))
            self._calls[sid] = call
        self._write_ledger(call)
        return sid

    def _write_ledger(self, call: SimulatedCall) -> None:
        """One fsynced line per dial: the contract's keys, then what lets a later process (a
        runner restarted after a crash) find, poll and record this call again — the line's
        provider record. The layout carries lengths and which window is the keypad question,
        never the script's words (the greeting holds the resident's name)."""
        if self.ledger is None:
            return
        req = call.request
        layout = [[seg.kind, seg.seconds, int("1" in seg.text and "9" in seg.text)] for seg in self._segments(call)]
        line = json.dumps({"ts": call.created.isoformat(), "household_id": req.household_id,
                           "to": req.to, "slot": req.slot, "attempt": req.attempt_no,
                           "sid": call.sid, "key": call.key, "record": req.record, "layout": layout},
                          ensure_ascii=False)
        self.ledger.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            fd = os.open(self.ledger, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, (line + "\n").encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)

    def _call(self, sid: str) -> SimulatedCall:
        call = self._calls.get(sid) or self._from_ledger(lambda line: line.get("sid") == sid)
        if call is None:
            raise TelephonyError(f"the simulated line has no call {sid} (not placed here, and not in ANBU_SIM_LEDGER)")
        return call

    def _from_ledger(self, wanted: Callable[[dict], bool]) -> SimulatedCall | None:
        """Calls an earlier process placed, rebuilt from the ledger (outcome and audio are
        deterministic per seed, household, slot and attempt), as Twilio would still know them."""
        if self.ledger is None or not self.ledger.exists():
            return None
        found = None
        for raw in self.ledger.read_text(encoding="utf-8").splitlines():
            try:
                line = json.loads(raw)
            except ValueError:
                continue  # a line cut short by a crash mid-write
            if "sid" not in line or line.get("kind") not in (None, "notify_call") or not wanted(line):
                continue
            if line.get("kind") == "notify_call":
                with self._lock:
                    if line["sid"] not in self._calls:
                        self._calls[line["sid"]] = self._notify_from_line(line)
                    found = self._calls[line["sid"]]
                continue
            with self._lock:
                if line["sid"] not in self._calls:
                    created = datetime.fromisoformat(line["ts"])
                    age = (datetime.now(UTC) - created).total_seconds()
                    req = CallRequest(to=line["to"], twiml="", household_id=line["household_id"], slot=line["slot"],
                                      attempt_no=line["attempt"], record=bool(line.get("record", True)))
                    call = SimulatedCall(line["sid"], req, pick_outcome(self.seed, req.household_id, req.slot,
                                                                        req.attempt_no),
                                         line["key"], time.monotonic() - age, created)
                    call.layout = [sim_audio.Segment(k, float(sec), "1 9" if keypad else "")
                                   for k, sec, keypad in line["layout"]]
                    self._calls[line["sid"]] = call
                found = self._calls[line["sid"]]
        return found

    # -- state ---------------------------------------------------------------------------------

    def poll(self, sid: str) -> CallState:
        call = self._call(sid)
        if call.canceled_status:
            return CallState(sid, call.canceled_status, None, 0.0, True)
        elapsed = time.monotonic() - call.placed_at
        outcome = call.outcome
        final_at = {"busy": self.ring_s / 2, "no_answer": self.ring_s * 2}.get(outcome, self.ring_s + self.talk_s)
        if elapsed >= final_at:
            status = _FINAL_STATUS[outcome]
            answered = status == "completed"
            duration = self._duration(call) if answered else 0.0
            return CallState(sid, status, _ANSWERED_BY.get(outcome), duration, True)
        if elapsed < self.ring_s / 4:
            return CallState(sid, "queued", None, None, False)
        if elapsed < self.ring_s or outcome in ("busy", "no_answer"):
            return CallState(sid, "ringing", None, None, False)
        return CallState(sid, "in_progress", _ANSWERED_BY.get(outcome), None, False)

    def wait(self, sid: str, timeout_s: float = 900, should_stop: Callable[[], bool] | None = None) -> CallState:
        return wait_until_final(self.poll, sid, timeout_s=timeout_s, should_stop=should_stop,
                                first_delay_s=0.02, max_delay_s=0.1, sleep=self._sleep)

    def cancel(self, sid: str) -> None:
        call = self._call(sid)
        state = self.poll(sid)
        if not state.final:
            call.canceled_status = "canceled" if state.status in ("queued", "ringing") else "completed"

    def find_calls(self, to: str, since: datetime) -> list[CallState]:
        self._from_ledger(lambda line: line.get("to") == to and datetime.fromisoformat(line["ts"]) >= since)
        with self._lock:
            calls = [c for c in self._calls.values() if c.request.to == to and c.created >= since]
        return [self.poll(c.sid) for c in sorted(calls, key=lambda c: c.created)]

    def outcome_of(self, sid: str) -> str:
        """What the simulation decided (human, silent, no_answer, busy, machine) — for tests/demos."""
        return self._call(sid).outcome

    # -- recordings ----------------------------------------------------------------------------

    def _duration(self, call: SimulatedCall) -> float:
        return round(self._total_samples(self._segments(call)) / sim_audio.RATE, 1)

    @staticmethod
    def _total_samples(segments: list[sim_audio.Segment]) -> int:
        starts = sim_audio.timeline(segments)
        end = starts[-1] + segments[-1].seconds if segments else 0.0
        return int((end + 0.5) * sim_audio.RATE)

    @staticmethod
    def _segments(call: SimulatedCall) -> list[sim_audio.Segment]:
        return call.layout if call.layout is not None else sim_audio.segments_from_twiml(call.request.twiml)

    def fetch_recording(self, sid: str, dest_dir: Path) -> Path | None:
        call = self._call(sid)
        state = self.poll(sid)
        if not state.final:
            self.wait(sid)
        if call.deleted or not call.request.record or call.canceled_status or call.outcome in ("busy", "no_answer"):
            return None
        dest_dir = Path(dest_dir)
        dest_dir.mkdir(parents=True, exist_ok=True)
        path = dest_dir / f"{sid}.wav"
        resident, prompts, call.answers = self._render(call)
        sim_audio.write_wav(path, resident, prompts)
        return path

    def delete_recording(self, sid: str) -> None:
        self._call(sid).deleted = True

    def _render(self, call: SimulatedCall) -> tuple[np.ndarray, np.ndarray, list[str]]:
        seed = int.from_bytes(hashlib.sha256(call.key.encode()).digest()[:8], "little")
        rng = np.random.default_rng(seed)
        pick = random.Random(seed)
        segments = self._segments(call)
        total = self._total_samples(segments)
        prompts = np.zeros(total)
        resident = rng.normal(0.0, 20.0, total)  # line noise
        answers: list[str] = []
        previous_text = ""
        if call.outcome == "machine":
            self._place(resident, self._machine_greeting(pick), 0.3)
        for seg, t in zip(segments, sim_audio.timeline(segments), strict=True):
            if seg.kind == "say":
                sound = sim_audio.prompt_sound(seg.seconds, rng)
                start = int(t * sim_audio.RATE)
                prompts[start : start + len(sound)] += sound
                previous_text = seg.text
                continue
            keypad = "1" in previous_text and "9" in previous_text
            if call.notify_reply is not None:  # a notification call: 1 when it was "acknowledged"
                answer, heard = self._notify_answer(call.notify_reply, previous_text)
            else:
                answer, heard = self._answer(call.outcome, keypad, pick)
            answers.append(answer)
            if heard is not None:
                offset = 0.3 + pick.uniform(0.0, 0.4)
                room = int((seg.seconds - offset - 0.2) * sim_audio.RATE)
                self._place(resident, heard[: max(0, room)], t + offset)
        return resident, prompts, answers

    @staticmethod
    def _notify_answer(reply: str, prompt: str) -> tuple[str, np.ndarray | None]:
        if reply == "acknowledged" and "1" in prompt:
            return "dtmf:1", sim_audio.dtmf_tone("1")
        return "silence", None

    def _answer(self, outcome: str, keypad: bool, pick: random.Random) -> tuple[str, np.ndarray | None]:
        if outcome != "human":
            return "silence", None
        if keypad:
            key = "9" if pick.random() < 0.12 else "1"
            return f"dtmf:{key}", sim_audio.dtmf_tone(key)
        if not self._clips or pick.random() < 0.05:
            return "silence", None
        clip = pick.choice(self._clips)
        return clip.name, sim_audio.read_clip_8k(clip)

    def _machine_greeting(self, pick: random.Random) -> np.ndarray:
        greeting = sim_audio.read_clip_8k(pick.choice(self._clips)) if self._clips else np.zeros(int(2.5 * sim_audio.RATE))
        gap = np.zeros(int(0.3 * sim_audio.RATE))
        return np.concatenate([greeting, gap, sim_audio.beep()])

    @staticmethod
    def _place(track: np.ndarray, sound: np.ndarray, at_s: float) -> None:
        start = int(at_s * sim_audio.RATE)
        end = min(len(track), start + len(sound))
        if end > start:
            track[start:end] += sound[: end - start]


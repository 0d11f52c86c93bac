"""The simulated line's SMS and notification calls (mixed into SimulatedGateway).

Every SMS and notification call appends one fsynced ledger line: kind "sms" | "notify_call",
to, body (SMS only), flag_id, step, sid, and the seeded reply. Replies are seeded per recipient:
`replies={"+8210...": "acknowledged"}` (or a seeded pick): "acknowledged" answers an SMS with
"1 <code>" and presses 1 on a call; "no_answer" stays silent / does not pick up; "machine" lets
an answering machine take the call. A later process (a runner restarted after a crash) finds
earlier messages and calls again from the ledger, as Twilio would still list them.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .gateway import CallRequest
from .notify import REPLIES, NotifyCallRequest, SmsMessage, SmsRequest

SIM_NUMBER = "+15005550000"  # the simulated line's own number
_CODE_IN_BODY = re.compile(r"1 ([A-Z0-9]{4,8})")
_REPLY_MIX = (("acknowledged", 0.45), ("no_answer", 0.4), ("machine", 0.15))
_CALL_OUTCOME = {"acknowledged": "human", "no_answer": "no_answer", "machine": "machine", "answered": "human"}


def pick_reply(seed: int, to: str, flag_id: int | None, step: int | None) -> str:
    r = random.Random(f"anbu-sim-notify:{seed}:{to}:{flag_id}:{step}").random()
    total = 0.0
    for reply, p in _REPLY_MIX:
        total += p
        if r < total:
            return reply
    return _REPLY_MIX[-1][0]


class SimulatedNotifyMixin:
    """SMS and notification calls for SimulatedGateway (which provides the ledger, the lock, the
    call table and the seed)."""

    seed: int
    ledger: Path | None
    replies: dict[str, str]
    _messages: dict[str, SmsMessage]

    def _reply_for(self, to: str, flag_id: int | None, step: int | None) -> str:
        reply = self.replies.get(to) or pick_reply(self.seed, to, flag_id, step)
        if reply not in REPLIES and reply != "answered":
            raise ValueError(f"unknown simulated reply {reply!r} (one of {', '.join(REPLIES)}, answered)")
        return reply

    def _sid(self, prefix: str, key: str) -> str:
        with self._lock:  # type: ignore[attr-defined]
            n = 0
            while True:
                sid = prefix + hashlib.sha256(f"{key}:{n}".encode()).hexdigest()[:32]
                if sid not in self._messages and sid not in self._calls:  # type: ignore[attr-defined]
                    return sid
                n += 1

    def _append(self, line: dict[str, Any]) -> None:
        if self.ledger is None:
            return
        self.ledger.parent.mkdir(parents=True, exist_ok=True)
        data = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:  # type: ignore[attr-defined]
            fd = os.open(self.ledger, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)

    # -- SMS -----------------------------------------------------------------------------------
    def send_sms(self, req: SmsRequest) -> str:
        now = datetime.now(UTC)
        sid = self._sid("SMSIM", f"{self.seed}:{req.to}:{req.flag_id}:{req.step}:{now.isoformat()}")
        reply = self._reply_for(req.to, req.flag_id, req.step)
        out = SmsMessage(sid, req.to, SIM_NUMBER, req.body, "outbound", "delivered", now)
        self._messages[sid] = out
        self._append({"ts": now.isoformat(), "kind": "sms", "to": req.to, "body": req.body, "flag_id": req.flag_id,
                      "step": req.step, "sid": sid, "reply": reply})
        code = _CODE_IN_BODY.search(req.body)
        if reply == "acknowledged" and code:
            self._inbound(req.to, f"1 {code[1]}", now)
        return sid

    def _inbound(self, from_: str, body: str, at: datetime) -> SmsMessage:
        sid = self._sid("SMSIM", f"in:{from_}:{body}:{at.isoformat()}")
        msg = SmsMessage(sid, SIM_NUMBER, from_, body, "inbound", "received", at)
        self._messages[sid] = msg
        self._append({"ts": at.isoformat(), "kind": "sms_reply", "from": from_, "to": SIM_NUMBER, "body": body,
                      "sid": sid})
        return msg

    def receive_sms(self, from_: str, body: str) -> SmsMessage:
        """A reply typed on a phone (tests and demos): it appears in list_messages."""
        return self._inbound(from_, body, datetime.now(UTC))

    def list_messages(self, *, since: datetime, to: str | None = None, from_: str | None = None) -> list[SmsMessage]:
        self._messages_from_ledger()
        msgs = [m for m in list(self._messages.values())
                if (m.created is None or m.created >= since) and (to is None or m.to == to)
                and (from_ is None or m.from_ == from_)]
        return sorted(msgs, key=lambda m: m.created or since, reverse=True)  # newest first, like Twilio

    def _messages_from_ledger(self) -> None:
        for line in self._ledger_lines():
            if line.get("kind") not in ("sms", "sms_reply") or line.get("sid") in self._messages:
                continue
            inbound = line["kind"] == "sms_reply"
            self._messages[line["sid"]] = SmsMessage(
                line["sid"], line["to"], line.get("from", SIM_NUMBER), line.get("body", ""),
                "inbound" if inbound else "outbound", "received" if inbound else "delivered",
                datetime.fromisoformat(line["ts"]))

    def _ledger_lines(self) -> list[dict[str, Any]]:
        if self.ledger is None or not self.ledger.exists():
            return []
        out = []
        for raw in self.ledger.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(raw))
            except ValueError:
                continue  # a line cut short by a crash mid-write
        return out

    # -- notification calls ----------------------------------------------------------------------
    def place_notification(self, req: NotifyCallRequest) -> str:
        from .simulated import SimulatedCall

        if self._limiter is not None:  # type: ignore[attr-defined]
            self._limiter.acquire()  # type: ignore[attr-defined]
        now = datetime.now(UTC)
        reply = self._reply_for(req.to, req.flag_id, req.step)
        key = f"{self.seed}:notify:{req.to}:{req.flag_id}:{req.step}"
        sid = self._sid("SIM", f"{key}:{now.isoformat()}")
        call = SimulatedCall(sid, self._call_request(req), _CALL_OUTCOME[reply], key,
                             _monotonic(), now, notify_reply=reply)
        with self._lock:  # type: ignore[attr-defined]
            self._calls[sid] = call  # type: ignore[attr-defined]
        self._append({"ts": now.isoformat(), "kind": "notify_call", "to": req.to, "flag_id": req.flag_id,
                      "step": req.step, "sid": sid, "key": key, "reply": reply, "record": req.record,
                      "twiml": req.twiml})
        return sid

    @staticmethod
    def _call_request(req: NotifyCallRequest) -> CallRequest:
        return CallRequest(to=req.to, twiml=req.twiml, household_id=0, slot=f"notify:{req.flag_id}:{req.step}",
                           ring_timeout_s=req.ring_timeout_s, max_duration_s=req.max_duration_s, record=req.record)

    def _notify_from_line(self, line: dict[str, Any]):
        from .simulated import SimulatedCall

        created = datetime.fromisoformat(line["ts"])
        age = (datetime.now(UTC) - created).total_seconds()
        req = NotifyCallRequest(line["to"], line.get("twiml", ""), line.get("flag_id"), line.get("step"),
                                record=bool(line.get("record", True)))
        return SimulatedCall(line["sid"], self._call_request(req), _CALL_OUTCOME[line["reply"]], line["key"],
                             _monotonic() - age, created, notify_reply=line["reply"])


def _monotonic() -> float:
    import time

    return time.monotonic()

"""The call gateway contract shared by Twilio and the simulated line.

A district PC has no public URL, so a check-in call is placed, then polled until it ends; the
recording is then fetched to the PC and the remote copy deleted. Both gateways speak this protocol,
and the runner never needs to know which one it has (except to show "simulated" to people).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from .errors import RetryableCallError

CALL_STATUSES = ("queued", "ringing", "in_progress", "completed", "busy", "no_answer", "failed", "canceled")
FINAL_STATUSES = frozenset({"completed", "busy", "no_answer", "failed", "canceled"})
ANSWERED_BY = ("human", "machine", "unknown")


@dataclass(frozen=True)
class CallRequest:
    to: str  # E.164
    twiml: str
    household_id: int
    slot: str
    attempt_no: int = 1
    ring_timeout_s: int = 30
    max_duration_s: int = 300
    record: bool = True  # False when the household has not consented to recording


@dataclass(frozen=True)
class CallState:
    sid: str
    status: str  # one of CALL_STATUSES
    answered_by: str | None  # human | machine | unknown (None while not known)
    duration_s: float | None
    final: bool
    error: str | None = None

    @property
    def answered_check_in(self) -> bool:
        """Only a completed call picked up by a person counts. A machine, a fax or a line nobody
        spoke on ("unknown") is never an answered check-in: failing safe means a human looks."""
        return self.status == "completed" and self.answered_by == "human"


@runtime_checkable
class CallGateway(Protocol):
    name: str  # "twilio" | "simulated"

    def place(self, req: CallRequest) -> str: ...

    def poll(self, sid: str) -> CallState: ...

    def wait(
        self, sid: str, timeout_s: float = 900, should_stop: Callable[[], bool] | None = None
    ) -> CallState: ...

    def fetch_recording(self, sid: str, dest_dir: Path) -> Path | None: ...

    def delete_recording(self, sid: str) -> None: ...

    def cancel(self, sid: str) -> None: ...

    def find_calls(self, to: str, since: datetime) -> list[CallState]: ...


def wait_until_final(
    poll: Callable[[str], CallState],
    sid: str,
    *,
    timeout_s: float,
    should_stop: Callable[[], bool] | None = None,
    first_delay_s: float = 1.0,
    max_delay_s: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
) -> CallState:
    """Poll with exponential back-off (x1.5 up to max_delay_s) until the call is final.

    A stop request returns the last state seen (not final) so the caller can cancel or resume
    later; running out of time raises RetryableCallError with the sid, so nothing is re-dialled."""
    deadline = time.monotonic() + timeout_s
    delay = first_delay_s
    while True:
        state = poll(sid)
        if state.final or (should_stop is not None and should_stop()):
            return state
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise RetryableCallError(
                f"call {sid} was still {state.status} after {timeout_s:.0f} s; it was not re-dialled"
            )
        sleep(min(delay, remaining))
        delay = min(delay * 1.5, max_delay_s)

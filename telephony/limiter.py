"""One calls-per-second limit for the whole process.

Twilio queues calls above the account's CPS (default 1/s), and queued calls ring late — outside the
household's window. Every caller in the process (the runner's worker threads, the CLI, the bench)
shares the one limiter returned by `process_limiter()`, so several threads never add up to more
than the limit.

Slots are reserved under a lock and slept for outside it: the n-th caller gets the moment
`last + interval`, so the spacing between two dials is never shorter than the interval. The
interval carries 5% headroom over 1/rate: Twilio counts arrivals, not our send times, and the time
from a slot to the request's arrival varies (thread wake-up, the GIL shared with other callers'
JSON parsing, the network). Measured with bench/dialer.py at 5 calls/s from 4 threads on a busy
2-core PC: arrival gaps varied by about ±25 ms, and with 0% or 2% headroom some 1-second window saw
6 arrivals; 5% (210 ms spacing) absorbs up to 50 ms of such jitter and still achieves ~95%.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

DEFAULT_CPS = 1.0
HEADROOM = 0.05


class CallRateLimiter:
    def __init__(
        self,
        calls_per_second: float = DEFAULT_CPS,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        headroom: float = HEADROOM,
    ) -> None:
        self._lock = threading.Lock()
        self._headroom = headroom
        self._clock, self._sleep = clock, sleep
        self._next = 0.0
        self.set_rate(calls_per_second)

    @property
    def calls_per_second(self) -> float:
        return self._rate

    def set_rate(self, calls_per_second: float) -> None:
        if not calls_per_second or calls_per_second <= 0:
            raise ValueError(f"calls per second must be positive, not {calls_per_second!r}")
        with self._lock:
            self._rate = float(calls_per_second)
            self._interval = (1.0 + self._headroom) / self._rate

    @property
    def interval(self) -> float:
        """Seconds between two dials (1/rate plus the headroom)."""
        return self._interval

    def acquire(self) -> float:
        """Block until this caller may dial; returns the monotonic time of its slot."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._next)
            self._next = slot + self._interval
        wait = slot - self._clock()
        while wait > 0:
            self._sleep(wait)
            wait = slot - self._clock()
        return slot


_process_limiter: CallRateLimiter | None = None
_process_lock = threading.Lock()


def process_limiter(calls_per_second: float | None = None) -> CallRateLimiter:
    """The process-wide limiter; passing a rate reconfigures it for every caller."""
    global _process_limiter
    with _process_lock:
        if _process_limiter is None:
            _process_limiter = CallRateLimiter(calls_per_second or DEFAULT_CPS)
        elif calls_per_second:
            _process_limiter.set_rate(calls_per_second)
        return _process_limiter

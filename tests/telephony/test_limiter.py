"""The process-wide calls-per-second limiter (fake clock: no timing in unit tests)."""

from __future__ import annotations

import threading

import pytest

from telephony.limiter import CallRateLimiter, process_limiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.now += seconds


def test_slots_are_spaced_by_one_over_the_rate_across_threads():
    clock = FakeClock()
    limiter = CallRateLimiter(5, clock=clock, sleep=clock.sleep)
    slots: list[float] = []
    lock = threading.Lock()

    def dial(n: int) -> None:
        for _ in range(n):
            slot = limiter.acquire()
            with lock:
                slots.append(slot)

    threads = [threading.Thread(target=dial, args=(25,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    slots.sort()
    assert len(slots) == 100 and len(set(slots)) == 100
    gaps = [b - a for a, b in zip(slots, slots[1:], strict=False)]
    assert min(gaps) == pytest.approx(limiter.interval) and max(gaps) == pytest.approx(limiter.interval)
    assert 0.2 < limiter.interval <= 0.2 * 1.05 + 1e-12  # never faster than the limit, 5% headroom


def test_default_rate_is_one_per_second_and_reconfigurable():
    clock = FakeClock()
    limiter = CallRateLimiter(clock=clock, sleep=clock.sleep)
    first, second = limiter.acquire(), limiter.acquire()
    assert second - first == pytest.approx(1.05)
    limiter.set_rate(10)
    third, fourth = limiter.acquire(), limiter.acquire()
    assert fourth - third == pytest.approx(0.105)
    with pytest.raises(ValueError):
        limiter.set_rate(0)


def test_idle_time_is_not_banked_into_a_burst():
    clock = FakeClock()
    limiter = CallRateLimiter(2, clock=clock, sleep=clock.sleep)
    limiter.acquire()
    clock.now += 60  # a quiet minute
    a, b = limiter.acquire(), limiter.acquire()
    assert b - a == pytest.approx(0.525)


def test_one_limiter_per_process():
    shared = process_limiter()
    assert process_limiter() is shared
    rate = shared.calls_per_second
    try:
        assert process_limiter(3).calls_per_second == 3 and shared.calls_per_second == 3
    finally:
        shared.set_rate(rate)

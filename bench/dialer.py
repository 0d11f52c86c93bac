"""Dialer benchmark: 1,000 queued calls through TwilioGateway against the fake Twilio server with
the process-wide limiter at 5 calls/s, placed from several threads at once.

Reference, measured in the same run: the same gateway with no effective limit, to show that the
server and client could go much faster, so the rate seen is the limiter's doing. The achieved rate
is measured at the server (when each create arrived), over the whole run and in every 1-second
window; it must be within 10% of the limit and never above it. The fake server runs in its own
process (as Twilio would), so the dialer's threads and the server do not share one GIL; arrival
times are CLOCK_MONOTONIC, comparable across processes.

    .venv/bin/python bench/dialer.py [--calls 1000] [--cps 5] [--threads 4]

Last line: {"bench": "dialer", "calls": 1000, "cps_limit": 5, "cps_achieved": ...}
"""

from __future__ import annotations

import argparse
import bisect
import json
import multiprocessing
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from telephony.gateway import CallRequest
from telephony.limiter import CallRateLimiter, process_limiter
from telephony.twilio_gateway import TwilioGateway
from tests.fixtures.telephony import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, FakeTwilioServer

TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="ko-KR">안녕하세요</Say><Pause length="5"/></Response>'


class ServerProcess:
    """The fake Twilio server in a child process, driven by a command queue."""

    def __enter__(self) -> ServerProcess:
        ctx = multiprocessing.get_context("spawn")
        self.commands, self.replies = ctx.Queue(), ctx.Queue()
        self.process = ctx.Process(target=_serve, args=(self.commands, self.replies), daemon=True)
        self.process.start()
        self.base_url = self.replies.get(timeout=30)
        return self

    def ask(self, command: str):
        self.commands.put(command)
        return self.replies.get(timeout=60)

    def __exit__(self, *exc) -> None:
        self.commands.put("stop")
        self.process.join(10)


def _serve(commands, replies) -> None:
    with FakeTwilioServer() as fake:
        replies.put(fake.base_url)
        while (command := commands.get()) != "stop":
            if command == "reset":
                fake.reset()
                replies.put(True)
            elif command == "times":
                with fake.lock:
                    replies.put(sorted(fake.create_times))


def place_all(fake, limiter: CallRateLimiter, calls: int, threads: int, offset: int) -> float:
    """Place `calls` calls from `threads` threads sharing one limiter; returns wall seconds."""
    gateway = TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, base_url=fake.base_url, limiter=limiter)
    counter = iter(range(calls))
    lock = threading.Lock()
    errors: list[BaseException] = []

    def worker() -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            n = offset + i
            try:
                gateway.place(CallRequest(to=f"+8210{n:08d}", twiml=TWIML, household_id=n, slot="bench"))
            except BaseException as exc:
                errors.append(exc)
                return

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    if errors:
        raise SystemExit(f"dialer bench: a call failed: {errors[0]}")
    return time.perf_counter() - started


def max_in_window(times: list[float], window: float = 1.0) -> int:
    """Most creates that arrived within any half-open window [t, t + window)."""
    return max(bisect.bisect_left(times, t + window) - i for i, t in enumerate(times))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--cps", type=float, default=5)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    with ServerProcess() as server:
        ref_calls = 200
        ref_s = place_all(server, CallRateLimiter(1_000_000), ref_calls, args.threads, offset=900_000)
        print(f"reference: {ref_calls} calls with no effective limit in {ref_s:.2f} s = {ref_calls / ref_s:.0f} calls/s")
        server.ask("reset")

        limiter = process_limiter(args.cps)  # the one every caller in the process shares
        wall = place_all(server, limiter, args.calls, args.threads, offset=0)
        times = server.ask("times")
        assert len(times) == args.calls, f"server saw {len(times)} creates for {args.calls} calls"
        achieved = (len(times) - 1) / (times[-1] - times[0])
        peak = max_in_window(times)
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        print(f"limited: {args.calls} calls from {args.threads} threads in {wall:.1f} s; at the server "
              f"{achieved:.3f} calls/s over the run, at most {peak} in any 1 s window, "
              f"gaps {min(gaps) * 1000:.1f}..{max(gaps) * 1000:.1f} ms (limit {1000 / args.cps:.0f} ms)")
        within = abs(achieved - args.cps) <= 0.10 * args.cps
        never_above = achieved <= args.cps and peak <= args.cps
        print(f"within 10% of the limit: {within}; never above it: {never_above}")
    cps_limit = int(args.cps) if float(args.cps).is_integer() else args.cps
    print(json.dumps({"bench": "dialer", "calls": args.calls, "cps_limit": cps_limit, "cps_achieved": round(achieved, 3)}))
    return 0 if within and never_above else 1


if __name__ == "__main__":
    sys.exit(main())

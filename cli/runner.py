"""`runner`: the headless check-in runner (separate from the console, so closing the console never
stops the night's calls)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from datetime import datetime

from care.accounts.access import RUNNER
from storage.db import open_database

from ._numbers import aware_time

NAME = "runner"
HELP = "place due check-in calls, retry, transcribe and flag (headless; one runner per database)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--simulated", action="store_true", help="use the simulated line even if Twilio is configured")
    parser.add_argument("--until-idle", action="store_true",
                        help="process everything due now, finish transcripts and flags, then exit")
    parser.add_argument("--now", metavar="ISO-8601", type=aware_time,
                        help="start the runner's clock at this time (e.g. 2026-11-24T19:00+09:00); it then runs on")
    parser.add_argument("--accept-clock-jump", action="store_true",
                        help="start although the clock is far from the last run (the date is right); "
                             "no recording is destroyed in this run")
    parser.add_argument("--print-service", choices=("systemd", "windows"),
                        help="print a systemd unit or a Windows scheduled-task XML that runs this runner, then exit")
    parser.add_argument("--standby", action="store_true",
                        help="if another runner holds the database, wait and take over when it stops")
    parser.add_argument("--speech-only", action="store_true",
                        help="a speech worker: transcribe and assess recordings from the shared database, never "
                             "dial (no lease; run it on as many PCs as you like beside the one runner)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress on stderr too")


def gateway_for(db, simulated: bool):
    """Twilio when configured (settings + keyring, or env), else the simulated line."""
    from care.checkins.line import gateway_from_settings

    return gateway_from_settings(db, simulated=simulated)


def run(args: argparse.Namespace) -> int:
    from care.checkins.runner.lease import LeaseHeldError
    from care.checkins.runner.logs import setup_runner_logging
    from care.checkins.runner.report import attempt_lines
    from care.checkins.runner.service import Runner
    from care.checkins.runner.settings import RunnerClock

    if args.print_service:
        from care.checkins.runner.service_files import service_definition

        print(service_definition(args.print_service, args.db), end="")
        return 0
    log_path = setup_runner_logging(args.verbose)
    if args.speech_only:
        return _speech_only(args, log_path)
    clock = RunnerClock(args.now)
    db = open_database(args.db)
    runner = Runner(db, gateway_for(db, args.simulated), clock=clock, accept_clock_jump=args.accept_clock_jump,
                    actor=RUNNER)

    def _stop(signum, _frame):
        runner.stop.set()
        runner.tick_wake.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    while True:
        try:
            runner.start()
            break
        except LeaseHeldError as exc:
            if not args.standby or runner.stop.is_set():
                raise
            print(f"anbu: standing by: {exc}", file=sys.stderr)
            if runner.stop.wait(min(30.0, runner.settings.lease_timeout_s / 3)):
                return 0
    try:
        if args.until_idle:
            runner.run_until_idle()
        else:
            runner.run_forever()
    finally:
        runner.shutdown()
    lines = attempt_lines(db)
    db.dispose()
    summary = {"runner": "stopped" if runner.stop.is_set() and not args.until_idle else "idle",
               "gateway": runner.gateway.name, "attempts": len(lines),
               "stuck": sorted(runner.stuck), "log": str(log_path),
               "at": datetime.now().astimezone().isoformat(timespec="seconds")}
    if runner.ctx.config_error:  # the evening stopped: one alert, slots left to retry once fixed
        summary["alert"] = runner.ctx.config_error
        print(f"anbu: stopped, the phone line is misconfigured (fix it in Settings, then start the runner "
              f"again; the slots were kept): {runner.ctx.config_error}", file=sys.stderr)
    print(json.dumps(summary, ensure_ascii=False))
    if runner.ctx.config_error:
        return 3
    return 6 if runner.clock_jumped else 1 if runner.lost_lease else 0


def _speech_only(args: argparse.Namespace, log_path) -> int:
    """`runner --speech-only`: claim, transcribe, assess; no lease, no line. Prints one JSON object
    whose "transcribed" lists the attempts this worker transcribed (its claims log)."""
    from care.checkins.runner.speech_worker import SpeechWorker

    db = open_database(args.db)
    worker = SpeechWorker(db)

    def _stop(signum, _frame):
        worker.stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        if args.until_idle:
            worker.run_until_idle()
        else:
            worker.run_forever()
    finally:
        db.dispose()
    print(json.dumps({"runner": "speech-only", "holder": worker.holder, "claims": worker.claims,
                      "transcribed": worker.transcribed, "log": str(log_path),
                      "at": datetime.now().astimezone().isoformat(timespec="seconds")}, ensure_ascii=False))
    return 0

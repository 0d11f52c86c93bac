"""`python main.py flag [--lang ko|en] [--lexicon FILE]` — risk flags for text, one utterance a line.

Reads UTF-8 from standard input and writes one JSON object per input line, in the same order:
{"text", "categories", "severity", "matches": [{"category", "term", "start", "end"}]}; spans are
character offsets into that line. An empty line gives an object with no categories. A line that
is not valid UTF-8 stops the run with exit code 2 and its line number (lines before it have
already been written). `--lexicon` checks a supervisor's edited lexicon before it is installed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from care.errors import AnbuError
from speech.lexicon import load_lexicon
from speech.matching import RiskMatcher, matcher_for

NAME = "flag"
HELP = "risk flags for text on standard input (one utterance per line, JSON lines out)"


def register(parser) -> None:
    parser.add_argument(
        "--lang", dest="flag_lang", choices=["ko", "en"], default=None, help="lexicon language (default: ko)"
    )
    parser.add_argument("--lexicon", metavar="FILE", help="use this lexicon file instead of the installed one")


def _matcher(args) -> RiskMatcher:
    lang = args.flag_lang or getattr(args, "lang", None) or "ko"
    if args.lexicon:
        return RiskMatcher(load_lexicon(lang, Path(args.lexicon)))
    return matcher_for(lang)


def run(args) -> int:
    matcher = _matcher(args)
    out = sys.stdout.buffer
    interactive = sys.stdin.isatty()
    for number, raw in enumerate(sys.stdin.buffer, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            out.flush()
            raise AnbuError(f"line {number} is not valid UTF-8 (byte {exc.start + 1} of the line)") from exc
        line = line.rstrip("\r\n")
        if number == 1:
            line = line.removeprefix("\ufeff")
        result = matcher.flag(line).to_json()
        out.write(json.dumps(result, ensure_ascii=False).encode("utf-8") + b"\n")
        if interactive:
            out.flush()
    out.flush()
    return 0

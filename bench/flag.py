"""Risk-flag benchmark: utterances per second through speech.matching on ONE core.

The labelled set (tests/data/risk_eval.tsv, both languages) is repeated to --n utterances and
flagged with the production matchers (compiled once, as in a long-running process). The process
is pinned to one CPU. Best of --repeat runs, so a neighbour's burst on the shared machine does
not decide the figure.

Reference, measured in the same run on the same utterances: kiwipiepy's tokenize() alone (the
morphological analysis the matcher does NOT use; see bench/flag_techniques.py), to show what
analysing every utterance would cost before any matching.

    .venv/bin/python bench/flag.py [--n 20000] [--repeat 3] [--no-reference]

Target: >= 5,000 utterances/s. Last line: {"bench": "flag", "utterances_per_s": ...}
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from speech.matching import matcher_for
from tests.risk.evaluation import load_examples

TARGET = 5000


def _pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"cpu {cpu}"
    return "not pinned (no sched_setaffinity)"


def _best_rate(fn, items, repeat: int) -> float:
    best = 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            fn(item)
        best = max(best, len(items) / (time.perf_counter() - start))
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-reference", action="store_true")
    args = parser.parse_args()
    pinned = _pin_one_core()
    examples = load_examples()
    items = [(ex.lang, ex.text) for ex in examples]
    items = (items * (args.n // len(items) + 1))[: args.n]
    matchers = {lang: matcher_for(lang) for lang in ("ko", "en")}
    flag = lambda item: matchers[item[0]].flag(item[1])  # noqa: E731
    for item in items[: len(examples)]:
        flag(item)  # warm the regex caches
    rate = _best_rate(flag, items, args.repeat)
    print(f"pinned to {pinned}; {len(items)} utterances ({len(examples)} distinct, ko+en), best of {args.repeat}")
    print(f"speech.matching (normalise + lexicon patterns): {rate:,.0f} utterances/s (target {TARGET:,})")
    if not args.no_reference:
        from kiwipiepy import Kiwi

        kiwi = Kiwi()
        ko = [text.replace(" ", "") for lang, text in items if lang == "ko"]
        for text in ko[: len(examples)]:
            kiwi.tokenize(text)  # the first calls load the model lazily; not part of the rate
        kiwi_rate = _best_rate(kiwi.tokenize, ko, args.repeat)
        print(f"reference: kiwipiepy tokenize() alone, ko only: {kiwi_rate:,.0f} utterances/s "
              f"(matcher is {rate / kiwi_rate:.1f}x faster than analysing alone)")
    print("PASS" if rate >= TARGET else "FAIL", f"target >= {TARGET:,}/s")
    print(json.dumps({"bench": "flag", "utterances_per_s": round(rate)}))
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())

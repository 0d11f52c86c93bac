"""Which matching technique for Korean risk flags? F1 and speed of four, measured, not assumed.

  raw        the lexicon's patterns over the text as written (spaces kept): the baseline
  normalise  spaces/punctuation removed, patterns over the compact string (speech.matching, shipped)
  kiwi       kiwipiepy morphological analysis of the compact string; patterns over the
             concatenated lemmas ("허리가아파요" -> 허리 가 아프 어요), same lexicon
  hybrid     normalise, but the 죽겠다 idiom decided by kiwipiepy's part of speech for 죽
             (VX = auxiliary "very", VV = the verb "die") instead of the lexicon's
             unless_before rule; kiwipiepy runs only on utterances that contain 죽

Scored on the Korean lines of tests/data/risk_eval.tsv and risk_holdout.tsv (kiwipiepy is
Korean-only); speed on ONE pinned core over the Korean eval lines repeated, best of --repeat.

    .venv/bin/python bench/flag_techniques.py [--n 8000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from speech.lexicon import load_lexicon
from speech.matching import RiskMatcher
from speech.risk_normalise import Normalised, compact_korean
from tests.risk.evaluation import EVAL_PATH, evaluate, load_examples

IDIOM_TERM = "죽겠다"


def build_techniques():
    from kiwipiepy import Kiwi

    kiwi = Kiwi()
    lexicon = load_lexicon("ko")
    shipped = RiskMatcher(lexicon)
    no_idiom_rule = RiskMatcher(
        dataclasses.replace(
            lexicon,
            terms=tuple(
                dataclasses.replace(t, unless_before=()) if t.term == IDIOM_TERM else t for t in lexicon.terms
            ),
        )
    )

    def raw(text):
        return shipped.flag_normalised(text, Normalised(text, tuple(range(len(text)))))

    def kiwi_lemmas(text):
        base = compact_korean(text)
        parts, offsets = [], []
        for tok in kiwi.tokenize(base.text) if base.text else ():
            last = tok.start + max(tok.len, 1) - 1
            parts.append(tok.form)
            offsets.extend(base.offsets[min(tok.start + j, last)] for j in range(len(tok.form)))
        return shipped.flag_normalised(text, Normalised("".join(parts), tuple(offsets)))

    def pos_veto(term, norm, start, end):
        if term.term != IDIOM_TERM:
            return False
        for tok in kiwi.tokenize(norm.text):
            if tok.form == "죽" and start <= tok.start < end:
                return tok.tag == "VX"  # auxiliary: "very", not the verb "die"
        return False

    def hybrid(text):
        return no_idiom_rule.flag_normalised(text, compact_korean(text), veto=pos_veto)

    return {"raw": raw, "normalise": shipped.flag, "kiwi": kiwi_lemmas, "hybrid": hybrid}


def vosk_survival(flag) -> None:
    """Categories found in each shared clip's true transcript, and how many survive Vosk's
    output for that clip (clean, and after the telephone simulation), from the manifest."""
    manifest = Path(__file__).resolve().parents[2] / "shared" / "speech" / "ko" / "manifest.tsv"
    if not manifest.exists():
        print(f"(no {manifest}: Vosk survival not measured)")
        return
    import csv

    with manifest.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    found = {"vosk": 0, "phone_sim_vosk": 0}
    truth = 0
    for row in rows:
        expected = set(flag(row["transcript"]).categories)
        truth += len(expected)
        for key in found:
            found[key] += len(expected & set(flag(row[key]).categories))
    print(f"\nVosk survival over {len(rows)} shared clips: {truth} categories in the true transcripts; "
          f"found in Vosk's clean output {found['vosk']}, after the telephone simulation {found['phone_sim_vosk']} "
          "(manifest's plain-loop transcripts)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=8000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--errors", action="store_true", help="list every wrongly flagged utterance")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    eval_ko = [ex for ex in load_examples() if ex.lang == "ko"]
    hold_ko = [ex for ex in load_examples(EVAL_PATH.with_name("risk_holdout.tsv")) if ex.lang == "ko"]
    techniques = build_techniques()
    texts = [ex.text for ex in eval_ko]
    texts = (texts * (args.n // len(texts) + 1))[: args.n]
    rows = []
    print("| technique | F1 eval (ko) | F1 holdout (ko) | P / R eval | emergency R | self_harm R | utterances/s (1 core) |")
    print("|---|---|---|---|---|---|---|")
    for name, fn in techniques.items():
        for ex in eval_ko:
            fn(ex.text)  # warm-up (kiwipiepy loads lazily on its first calls)
        ev = evaluate(eval_ko, lambda ex, fn=fn: fn(ex.text).categories)
        ho = evaluate(hold_ko, lambda ex, fn=fn: fn(ex.text).categories)
        best = 0.0
        for _ in range(args.repeat):
            start = time.perf_counter()
            for text in texts:
                fn(text)
            best = max(best, len(texts) / (time.perf_counter() - start))
        o = ev.overall
        print(f"| {name} | {o.f1:.3f} | {ho.overall.f1:.3f} | {o.precision:.3f} / {o.recall:.3f} "
              f"| {ev.by_category('emergency').recall:.3f} | {ev.by_category('self_harm').recall:.3f} | {best:,.0f} |")
        rows.append({"technique": name, "f1_eval": round(o.f1, 3), "f1_holdout": round(ho.overall.f1, 3),
                     "utterances_per_s": round(best)})
        for ex, got in ev.errors if args.errors else ():
            print(f"    {name} eval:{ex.line} {ex.text!r} expected {sorted(ex.labels)} got {sorted(got)}")
    vosk_survival(techniques["normalise"])
    print(json.dumps({"bench": "flag_techniques", "rows": rows}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

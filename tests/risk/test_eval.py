"""The labelled risk set: per-category precision/recall, overall F1 >= 0.90, and no missed
emergency or self-harm utterance. The tables appear in the terminal summary (tests/fixtures/risk.py)."""

from __future__ import annotations

from speech.matching import flag_text
from tests.risk.evaluation import EVAL_PATH, evaluate, load_examples

HOLDOUT_PATH = EVAL_PATH.with_name("risk_holdout.tsv")


def _report(path):
    examples = load_examples(path)
    return examples, evaluate(examples, lambda ex: flag_text(ex.text, ex.lang).categories)


def test_eval_set_is_big_and_covers_both_languages():
    examples = load_examples()
    assert len(examples) >= 200
    langs = {ex.lang for ex in examples}
    assert langs == {"ko", "en"}
    assert sum(1 for ex in examples if not ex.labels) >= 40  # plain answers and hard negatives
    assert sum(1 for ex in examples if len(ex.labels) >= 2) >= 10  # several categories at once


def test_eval_set_scores(risk_report):
    examples, report = _report(EVAL_PATH)
    table = report.table()
    print(f"\nrisk_eval.tsv ({len(examples)} utterances)\n{table}")
    risk_report(f"tests/data/risk_eval.tsv — {len(examples)} utterances", table)
    missed = [(ex.line, ex.text, sorted(ex.labels), sorted(got)) for ex, got in report.errors]
    assert report.overall.f1 >= 0.90, missed
    assert report.by_category("emergency").recall == 1.0, missed
    assert report.by_category("self_harm").recall == 1.0, missed


def test_holdout_set_scores(risk_report):
    """Phrasings written after the lexicon; a floor that catches regressions, not a tuning target."""
    examples, report = _report(HOLDOUT_PATH)
    table = report.table()
    print(f"\nrisk_holdout.tsv ({len(examples)} utterances)\n{table}")
    risk_report(f"tests/data/risk_holdout.tsv — {len(examples)} utterances", table)
    assert report.overall.f1 >= 0.85

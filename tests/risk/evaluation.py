"""The labelled risk set (tests/data/risk_eval.tsv) and per-category precision/recall.

Shared by the eval test and the benchmarks so both read the same data the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from speech.matching import CATEGORIES

EVAL_PATH = Path(__file__).resolve().parents[1] / "data" / "risk_eval.tsv"


@dataclass(frozen=True)
class Example:
    line: int
    lang: str
    text: str
    labels: frozenset[str]


def load_examples(path: Path = EVAL_PATH) -> list[Example]:
    examples = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        lang, labels, text = line.split("\t")
        cats = frozenset() if labels == "-" else frozenset(labels.split(","))
        unknown = cats - set(CATEGORIES)
        if unknown or lang not in ("ko", "en"):
            raise ValueError(f"{path.name}:{no}: bad label {sorted(unknown) or lang}")
        examples.append(Example(no, lang, text, cats))
    return examples


@dataclass(frozen=True)
class Score:
    category: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Report:
    scores: tuple[Score, ...]  # per category, then "overall" (micro-averaged)
    errors: tuple[tuple[Example, frozenset[str]], ...]

    @property
    def overall(self) -> Score:
        return self.scores[-1]

    def by_category(self, name: str) -> Score:
        return next(s for s in self.scores if s.category == name)

    def table(self) -> str:
        rows = ["| category | precision | recall | F1 | TP | FP | FN |", "|---|---|---|---|---|---|---|"]
        for s in self.scores:
            rows.append(
                f"| {s.category} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {s.tp} | {s.fp} | {s.fn} |"
            )
        return "\n".join(rows)


def evaluate(examples: Iterable[Example], predict: Callable[[Example], Iterable[str]]) -> Report:
    counts = {c: [0, 0, 0] for c in CATEGORIES}
    errors = []
    for ex in examples:
        got = frozenset(predict(ex))
        for c in CATEGORIES:
            if c in got and c in ex.labels:
                counts[c][0] += 1
            elif c in got:
                counts[c][1] += 1
            elif c in ex.labels:
                counts[c][2] += 1
        if got != ex.labels:
            errors.append((ex, got))
    scores = [Score(c, *counts[c]) for c in CATEGORIES]
    scores.append(Score("overall", *(sum(s[i] for s in counts.values()) for i in range(3))))
    return Report(tuple(scores), tuple(errors))

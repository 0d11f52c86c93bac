"""What a household CSV import says about a bad file: each problem as line, column and reason,
the first MAX_LISTED in full and every one counted per column and kind of reason.

Each problem carries an English `reason` (the CLI prints it, scripts read it) and, where the CSV
layer wrote it, a `code` with `params` the console words in the user's language (Korean first,
English through the translation) — the pattern TelephonyError.problem uses. Problems from
care.households.registry.validate carry no code: their reason is already "한국어 (English)".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from care.errors import AnbuError
from care.households.text_checks import printable

MAX_LISTED = 100  # problems listed in full; the rest are counted per column and reason


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str
    code: str = ""  # e.g. "bad_birth_year"; "" when only `reason` exists
    params: tuple[str, ...] = ()  # the values the reason quotes, for the code's own wording

    def __str__(self) -> str:
        return f"line {self.line}, column {printable(self.column, 40)}: {self.reason}"


def _kind(reason: str) -> str:
    """The reason without the values it quotes, so 100,000 bad phones count as one kind."""
    return re.sub(r"\+?\d+", "N", re.sub(r"'[^']*'", "'…'", reason))


@dataclass
class HouseholdImportReport:
    file: str
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)  # the first MAX_LISTED problems
    problem_count: int = 0
    counts: Counter = field(default_factory=Counter)  # (column, reason kind) -> problems
    columns: frozenset[str] = frozenset()  # the canonical columns the file has
    kind_codes: dict[str, str] = field(default_factory=dict)  # reason kind -> its code, for the console

    def __post_init__(self) -> None:
        self.problem_count = max(self.problem_count, len(self.errors))
        for e in self.errors:
            self.counts[(e.column, _kind(e.reason))] += 1
            if e.code:
                self.kind_codes[_kind(e.reason)] = e.code

    def add(self, line: int, column: str, reason: str, code: str = "", params: tuple[object, ...] = ()) -> None:
        self.problem_count += 1
        kind = _kind(reason)
        self.counts[(column, kind)] += 1
        if code:
            self.kind_codes.setdefault(kind, code)
        if len(self.errors) < MAX_LISTED:
            self.errors.append(RowError(line, column, reason, code, tuple(str(p) for p in params)))

    def summary(self) -> str:
        if self.problem_count:
            lines = [f"{printable(self.file, 200)}: {self.problem_count} problem(s); nothing was imported."]
            lines += [f"  {e}" for e in sorted(self.errors, key=lambda e: e.line)]
            if self.problem_count > len(self.errors):
                lines.append(f"  … {self.problem_count - len(self.errors)} more; all problems by column and reason:")
                lines += [f"  {n:>9,} × column {printable(col, 40)}: {kind}" for (col, kind), n in self.counts.most_common(20)]
                if len(self.counts) > 20:
                    lines.append(f"  … and {len(self.counts) - 20} other kinds of problem")
            return "\n".join(lines)
        return f"{printable(self.file, 200)}: {self.created} household(s) added, {self.updated} updated."


class HouseholdImportError(AnbuError):
    exit_code = 2

    def __init__(self, report: HouseholdImportReport) -> None:
        self.report = report
        super().__init__(report.summary())


def refuse(name: str, line: int, reason: str, code: str = "", params: tuple[object, ...] = ()) -> HouseholdImportError:
    """A whole-file refusal (encoding, UTF-16 …) as a one-problem report."""
    report = HouseholdImportReport(name)
    report.add(line, "-", reason, code, params)
    return HouseholdImportError(report)

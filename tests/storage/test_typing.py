"""mypy over the Qt-free packages, against a baseline that may only shrink.

tests/storage/mypy_baseline.txt lists the errors present when type checking was introduced, one
per line as "path: message  [code]" (no line numbers, so edits elsewhere in a file do not matter).
The test fails on any error not in the baseline, and on a baseline line that no longer occurs (a
fixed error: delete the line). After a merge that moves errors around, regenerate with
    ANBU_MYPY_BASELINE=write python -m pytest tests/storage/test_typing.py -p no:cacheprovider
and review the diff: it must not add lines. The cache lives in .mypy_cache (ignored by git), so a
second run takes a few seconds.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASELINE = Path(__file__).with_name("mypy_baseline.txt")
PACKAGES = ("cli", "care", "storage", "telephony", "speech")
ERROR = re.compile(r"^(?P<path>[^:]+):\d+(?::\d+)?: error: (?P<message>.*)$")


def _normalise(message: str) -> str:
    return re.sub(r"\bline \d+\b", "line N", message.strip())


def current_errors() -> Counter[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "mypy", *PACKAGES, "--no-error-summary", "--no-pretty", "--no-color-output"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode in (0, 1), f"mypy did not run: {done.stderr[-2000:] or done.stdout[-2000:]}"
    errors: Counter[str] = Counter()
    for line in done.stdout.splitlines():
        m = ERROR.match(line)
        if m:
            errors[f"{m['path']}: {_normalise(m['message'])}"] += 1
    return errors


def read_baseline() -> Counter[str]:
    lines = BASELINE.read_text(encoding="utf-8").splitlines() if BASELINE.exists() else []
    return Counter(line for line in lines if line.strip() and not line.startswith("#"))


def test_mypy_finds_no_error_outside_the_baseline():
    errors = current_errors()
    if os.environ.get("ANBU_MYPY_BASELINE") == "write":
        header = "# mypy errors accepted when type checking started; may only shrink (see tests/storage/test_typing.py)\n"
        BASELINE.write_text(header + "".join(f"{e}\n" for e in sorted(errors.elements())), encoding="utf-8")
    baseline = read_baseline()
    new = errors - baseline
    fixed = baseline - errors
    assert not new, "new mypy errors (fix them; the baseline only shrinks):\n" + "\n".join(sorted(new.elements()))
    assert not fixed, (f"fixed mypy errors still listed in {BASELINE.name}; delete these lines:\n"
                       + "\n".join(sorted(fixed.elements())))

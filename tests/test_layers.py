"""The layers in DESIGN.md, proved with tools: import-linter contracts, and every core module
imported in a process where Qt cannot be imported at all."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ("storage", "speech", "telephony", "care", "cli")


def test_import_linter_contracts_hold():
    r = subprocess.run([str(Path(sys.executable).with_name("lint-imports"))], cwd=ROOT, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 broken" in r.stdout


def core_modules() -> list[str]:
    names = []
    for pkg in CORE:
        names.append(pkg)
        for info in pkgutil.walk_packages([str(ROOT / pkg)], prefix=f"{pkg}."):
            if ".migrations" not in info.name:
                names.append(info.name)
    return names


def test_core_packages_run_without_qt():
    modules = core_modules()
    assert len(modules) > 30
    code = (
        "import sys\n"
        "for blocked in ('PySide6', 'shiboken6', 'pyqtgraph'):\n"
        "    sys.modules[blocked] = None  # any import of Qt now fails\n"
        "import importlib\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "import main\n"
        "main.build_parser()  # every CLI subcommand registers without Qt\n"
        "print('ok', len(sys.modules))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("ok")

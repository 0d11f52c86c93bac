"""The English switch: every Korean label in console/**/*.py has finished English in the committed
anbu_en.ts/.qm, and with the English translator installed the window reads in English.

A developer who adds a Korean string without English gets test_every_korean_string_has_english
failing with the string and where it is; one who edits en.toml but forgets to run update.py gets
the committed-files tests failing."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator

from console.app import install_translators, translations_dir
from console.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
UPDATE = ROOT / "resources" / "i18n" / "update.py"
COMMITTED = ROOT / "resources" / "i18n"
HANGUL = re.compile("[\uac00-\ud7a3]")
TR_CALLS = {"tr": 0, "_tr": 0, "translate": 1, "QT_TRANSLATE_NOOP": 1}  # call name -> index of the source text
NOT_TRANSLATED = {"한국어"}  # the language picker names each language in its own language


def messages(ts: Path) -> dict[tuple[str, str], tuple[str, ...] | None]:
    """(context, Korean) -> the English form(s), or None when the message is not finished."""
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
            finished = translation.get("type") is None and all(forms)
            found[(name, message.findtext("source"))] = tuple(forms) if finished else None
    return found


@pytest.fixture(scope="module")
def update_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """What update.py makes from today's console/**/*.py and en.toml (the tree stays untouched)."""
    out = tmp_path_factory.mktemp("i18n")
    run = subprocess.run([sys.executable, str(UPDATE), "--out-dir", str(out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    return out, run


@pytest.fixture
def fresh(update_run) -> Path:
    return update_run[0]


def test_every_korean_string_has_english(update_run):
    out, run = update_run
    assert run.returncode == 0, f"update.py says:\n{run.stdout}{run.stderr}"
    ours = messages(out / "anbu_en.ts")
    assert len(ours) > 150  # lupdate really read console/**/*.py
    assert ("MainWindow", "전체 현황") in ours and ("", "회") in ours  # self.tr and module-level tr() helpers
    assert ("Labels", "양호") in ours  # console/common/labels.py's QT_TRANSLATE_NOOP table
    assert all(ours.values())


def _call_name(call: ast.Call) -> str | None:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", None)


def test_every_korean_label_is_visible_to_lupdate():
    """lupdate reads only string literals passed straight to tr()/_tr()/translate(): a Korean
    literal anywhere else, or a tr() call inside an f-string (lupdate sees one string token), is
    never extracted, so it stays Korean in the English console."""
    hidden = []
    for path in sorted((ROOT / "console").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        extracted = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _call_name(node) in TR_CALLS:
                index = TR_CALLS[_call_name(node)]
                if len(node.args) > index:
                    extracted.add(id(node.args[index]))
            elif isinstance(node, ast.Expr):
                extracted.add(id(node.value))  # docstrings
            elif isinstance(node, ast.JoinedStr):
                hidden += [f"{path.name}:{c.lineno}: {ast.unparse(c)} inside an f-string"
                           for c in ast.walk(node) if isinstance(c, ast.Call) and _call_name(c) in TR_CALLS]
        hidden += [f"{path.name}:{n.lineno}: {n.value!r} outside tr()" for n in ast.walk(tree)
                   if isinstance(n, ast.Constant) and isinstance(n.value, str) and HANGUL.search(n.value)
                   and id(n) not in extracted and n.value not in NOT_TRANSLATED]
    assert not hidden, "Korean labels lupdate cannot see (they stay Korean in English):\n" + "\n".join(hidden)


def test_committed_ts_is_up_to_date(fresh):
    committed, expected = messages(COMMITTED / "anbu_en.ts"), messages(fresh / "anbu_en.ts")
    stale = sorted(k for k in committed.keys() | expected.keys() if committed.get(k) != expected.get(k))
    assert not stale, f"resources/i18n/anbu_en.ts is stale; run .venv/bin/python {UPDATE.relative_to(ROOT)}: {stale}"


def test_committed_qm_has_every_translation(fresh):
    translator = QTranslator()
    assert translator.load(str(translations_dir() / "anbu_en.qm"))
    wrong = []
    for (context, korean), forms in messages(fresh / "anbu_en.ts").items():
        if forms is None:
            continue  # no English yet: test_every_korean_string_has_english names it
        for n, form in zip((1, 2) if len(forms) == 2 else (-1,), forms, strict=True):
            if translator.translate(context, korean, None, n) != form:
                wrong.append((context, korean, n))
    assert not wrong, f"resources/i18n/anbu_en.qm is stale; run .venv/bin/python {UPDATE.relative_to(ROOT)}: {wrong}"


@pytest.fixture
def english(qapp):
    installed = install_translators(qapp, "en")
    assert len(installed) >= 1
    yield
    for translator in installed:
        qapp.removeTranslator(translator)


def test_main_window_in_english(qtbot, ctx, two_households, english):
    from console.pages.schedule.model import outcome_text

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Overview", "Households", "Review", "Schedule", "Devices", "Reports", "Access log", "Settings"]
    model = window.households.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["Name", "Phone", "Dong"]
    with qtbot.waitSignal(window.households.loaded, timeout=10_000):
        window.households.reload()
    assert window.households.count_label.text() == "2 households"  # %n plural form
    assert outcome_text("well") == "Well"  # a module-level _tr() helper, asked under its class's name
    # a string with no English shows its Korean, never an empty label
    assert QCoreApplication.translate("MainWindow", "번역 없는 문자열") == "번역 없는 문자열"


def test_translators_removed_leave_korean(qapp):
    from console.pages.schedule.model import outcome_text

    installed = install_translators(qapp, "en")
    assert outcome_text("well") == "Well"
    for translator in installed:
        qapp.removeTranslator(translator)
    assert outcome_text("well") == "양호"
    assert QCoreApplication.translate("MainWindow", "전체 현황") == "전체 현황"

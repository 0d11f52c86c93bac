"""console/common/labels.py against care/vocabulary.py: every stored member has exactly one label, the
labels of one enum are all different (a person must tell them apart), in Korean and in English,
and every page shows the same words for the same member."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from care import vocabulary
from care.vocabulary import LABELLED, SEVERITY_RANK, CallOutcome, FlagCategory, Severity, severity_from_rank
from console.app import install_translators
from console.common import labels

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["ko", "en"])
def lang(request, qapp):
    installed = install_translators(qapp, request.param)
    yield request.param
    for translator in installed:
        qapp.removeTranslator(translator)


def test_every_enum_of_the_vocabulary_is_labelled():
    enums = {v for v in vars(vocabulary).values() if isinstance(v, type) and issubclass(v, vocabulary.StrEnum)
             and v is not vocabulary.StrEnum}
    assert enums == set(LABELLED) == set(labels.TEXTS)


@pytest.mark.parametrize("enum", LABELLED, ids=lambda e: e.__name__)
def test_each_member_has_one_distinct_label(enum, lang):
    table = labels.TEXTS[enum]
    assert set(table) == set(enum), f"{enum.__name__}: missing {set(enum) - set(table)}, extra {set(table) - set(enum)}"
    words = {member: labels.label(enum, member) for member in enum}
    assert all(words.values())
    duplicates = {w for w in words.values() if list(words.values()).count(w) > 1}
    assert not duplicates, f"{enum.__name__} in {lang}: two members read {duplicates}"
    if lang == "en":
        untranslated = [m for m, w in words.items() if w == table[m]]
        assert not untranslated, f"{enum.__name__}: no English for {untranslated}"


def test_labels_are_defined_once_in_the_source():
    """No member is given a label twice: each table in console/common/labels.py has unique keys."""
    tree = ast.parse((ROOT / "console" / "common" / "labels.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and node.keys and all(isinstance(k, ast.Attribute) for k in node.keys):
            keys = [ast.unparse(k) for k in node.keys]
            assert len(keys) == len(set(keys)), keys


def test_no_console_module_keeps_its_own_label_dictionary():
    """The old per-page dictionaries ("high": tr("긴급"), ...) are gone: only labels.py maps
    stored values to words."""
    stored = {str(m) for enum in LABELLED for m in enum}
    offenders = []
    for path in sorted((ROOT / "console").rglob("*.py")):
        if path.name == "labels.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
                values = [v for v in node.values if isinstance(v, ast.Call)]
                if len([k for k in keys if k in stored]) >= 2 and values:
                    offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders, offenders


def test_pages_agree_on_words(lang):
    """The disagreements of issue 12: one word per member on every page."""
    from console.pages.devices.model import category_name, severity_name
    from console.pages.overview import OverviewTableModel, outcome_label
    from console.pages.review.detail import FlagDetailWidget  # noqa: F401 - imports the review words
    from console.pages.review.model import ReviewTableModel
    from console.pages.schedule.model import outcome_text

    assert ReviewTableModel.severity_name("low") == OverviewTableModel._severity("low") == severity_name("low")
    assert ReviewTableModel.category_name("health") == category_name("health")
    assert outcome_label("no_answer") == outcome_text("no_answer") == labels.label(CallOutcome, "no_answer")
    assert ReviewTableModel.severity_name("medium") == ("주의" if lang == "ko" else "Caution")


def test_unknown_and_missing_values():
    assert labels.label(CallOutcome, "something_new") == "something_new"
    assert labels.label(CallOutcome, None) == QCoreApplication.translate("Labels", "기록 없음")
    assert labels.label(FlagCategory, FlagCategory.HEALTH) == labels.label(FlagCategory, "health")


def test_one_severity_ranking():
    assert [s for s, _ in sorted(SEVERITY_RANK.items(), key=lambda kv: -kv[1])] == ["high", "medium", "low"]
    assert Severity.HIGH.rank > Severity.MEDIUM.rank > Severity.LOW.rank
    assert severity_from_rank(3) == "high" and severity_from_rank(0) == "none" and severity_from_rank(None) == "none"


@pytest.mark.parametrize(("reason", "ko", "en"), [
    ("risk words heard / 위험 단어 감지; silent answer / 무응답", "위험 단어 감지; 무응답",
     "risk words heard; silent answer"),
    ("위험 단어 감지 / risk words heard", "위험 단어 감지", "risk words heard"),
    ("2주 연속 미응답 (missed two weeks in a row) · 오늘 중 전화해 주세요 (call today)",
     "2주 연속 미응답 · 오늘 중 전화해 주세요", "missed two weeks in a row · call today"),
    ("35시간 동안 움직임이 없습니다(기준 24시간).", "35시간 동안 움직임이 없습니다(기준 24시간).",
     "35시간 동안 움직임이 없습니다(기준 24시간)."),
])
def test_bilingual_reasons_show_one_language_in_one_order(reason, ko, en):
    assert labels.reason_text(reason, "ko") == ko
    assert labels.reason_text(reason, "en") == en


def test_runner_id_is_worded():
    assert labels.runner_text("vm:6609:3f2a9c") in ("vm PC (프로세스 6609)", "vm PC (process 6609)")
    assert "3f2a9c" not in labels.runner_text("vm:6609:3f2a9c")


def test_qt_dialogs_speak_korean(qapp):
    installed = install_translators(qapp, "ko")
    try:
        assert QCoreApplication.translate("QFileDialog", "Look in:") != "Look in:"
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)


def test_counts_take_english_plurals(qtbot, qapp, db):
    from care.households.registry import HouseholdInput, create_household
    from console.common.context import ConsoleContext
    from console.pages.overview import OverviewWidget
    from tests.fixtures.review import make_call_flag

    create_household(db, HouseholdInput(name="김영희", phone="010-1234-5678", dong="화곡1동"), "tester")
    make_call_flag(db, recording=None)
    installed = install_translators(qapp, "en")
    try:
        page = OverviewWidget(ConsoleContext(db=db, actor="tester"))
        qtbot.addWidget(page)
        with qtbot.waitSignal(page.loaded, timeout=10_000):
            page.reload()
        text = re.sub("<[^>]+>", "", page.summary.text())  # the counters are links with the number in bold
        assert "2 households" in text and "1 household with open flags" in text and "0 devices" in text, text
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)

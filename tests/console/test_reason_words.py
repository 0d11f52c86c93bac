"""The words of care.households.reasons in console/common/labels.py, Korean and English."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from care.households.reasons import Reason
from care.vocabulary import ReasonKind
from console.app import install_translators
from console.common.labels import why_line, why_text

AT = datetime(2026, 12, 1, 9, 24, tzinfo=UTC)  # 18:24 in Seoul


@pytest.fixture(params=["ko", "en"])
def lang(request, qapp):
    installed = install_translators(qapp, request.param)
    yield request.param
    for translator in installed:
        qapp.removeTranslator(translator)


def test_the_issue_sentence(lang):
    reasons = [Reason(ReasonKind.URGENT_FLAG, "high", 2, ("쓰러졌어요",), AT),
               Reason(ReasonKind.INACTIVITY, "medium", 1, (), None, 26.0)]
    expected = {"ko": "긴급 플래그 2: 쓰러졌어요 (12-01 18:24), 활동 없음 26시간",
                "en": "2 urgent flags: 쓰러졌어요 (12-01 18:24), No activity for 26 h"}
    assert why_line(reasons) == expected[lang]


@pytest.mark.parametrize("kind", list(ReasonKind))
def test_every_kind_has_words(kind, lang):
    text = why_text(Reason(kind, "medium", 3, (), None, 8.0))
    assert text and "%" not in text
    assert ("3" in text) == (kind in (ReasonKind.FLAG, ReasonKind.MISSED_CALLS, ReasonKind.UNREACHABLE,
                                      ReasonKind.URGENT_FLAG))

"""The console's escalation parts on a real database with a real escalation (the engine on the
simulated line): the banner stays until someone takes the alert, a new urgent escalation is
announced (tray + sound), the roster on the Schedule page, the gap warning, and the review
detail's escalation history and next step."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from care.escalation import messages
from care.escalation.engine import EscalationEngine
from console.common.context import ConsoleContext
from console.common.escalation_widgets import DutyRosterLabel, EscalationBanner, RosterGapLabel
from storage.db import data_dir
from storage.models import FlagEscalation, RiskFlag
from telephony.simulated import SimulatedGateway
from tests.escalation.helpers import district, raise_flag


@pytest.fixture
def escalating(db, tmp_path):
    """A district and a running escalation of one robot SOS, started now."""
    hid = district(db)
    gw = SimulatedGateway(ledger=tmp_path / "ledger.jsonl", ring_s=0.0, talk_s=0.0,
                          replies={"+821000001111": "no_answer", "+821000002222": "no_answer"})
    engine = EscalationEngine(db, gw, now=lambda: datetime.now(UTC), recordings_dir=data_dir() / "rec")
    flag = raise_flag(db, hid, at=datetime.now(UTC), reason="쓰러졌어요 SOS")
    engine.tick()
    return hid, flag, engine


def code_of(db, flag_id) -> str:
    with db.session() as s:
        return s.get(FlagEscalation, flag_id).code


def test_banner_stays_until_taken_and_announces_new_alerts(qtbot, db, escalating):
    hid, flag, engine = escalating
    banner = EscalationBanner(ConsoleContext(db=db, actor="tester"))
    qtbot.addWidget(banner)
    banner.show()
    qtbot.waitUntil(lambda: banner.feed is not None, timeout=10_000)
    assert not banner.isHidden()
    text = banner.text.text()
    assert code_of(db, flag) in text and "H000001" in text
    assert messages.offending_words(text, messages.forbidden_words(transcripts=["쓰러졌어요 SOS"])) == []
    second = raise_flag(db, hid, at=datetime.now(UTC), key="test:2")
    engine.tick()
    with qtbot.waitSignal(banner.notified, timeout=10_000) as announced:
        banner.reload()
    assert announced.args == [second]
    for left in (1, 0):  # taking an alert acknowledges the top one; the banner goes when none is left
        with qtbot.waitSignal(banner.acknowledged, timeout=10_000):
            qtbot.mouseClick(banner.take, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda n=left: len(banner.feed.alerts) == n, timeout=10_000)
    qtbot.waitUntil(lambda: banner.isHidden(), timeout=10_000)
    with db.session() as s:
        assert {(f.status, f.acknowledged_by) for f in s.query(RiskFlag)} == {("acknowledged", "tester")}


def test_roster_on_the_schedule_page_and_the_gap_warning(qtbot, db, escalating):
    ctx = ConsoleContext(db=db, actor="tester")
    roster_label, gap = DutyRosterLabel(ctx), RosterGapLabel(ctx)
    for w in (roster_label, gap):
        qtbot.addWidget(w)
        w.show()
    with qtbot.waitSignals([roster_label.loaded, gap.loaded], timeout=10_000):
        roster_label.reload()
        gap.reload()
    assert "야간 당직" in roster_label.text() and "시 통합센터" in roster_label.text()
    assert "010-0000-1111" in roster_label.text() and "kim" in roster_label.text()
    assert gap.isHidden()  # the all-day desk covers every hour: no gap


def test_gap_warning_when_only_nights_are_covered(qtbot, db):
    from care.escalation import roster

    roster.add_duty(db, days="mon-fri", start="18:00", end="09:00", phone="010-0000-1111", name="야간", user=None,
                    actor="t")
    gap = RosterGapLabel(ConsoleContext(db=db, actor="tester"))
    qtbot.addWidget(gap)
    gap.show()
    with qtbot.waitSignal(gap.loaded, timeout=10_000) as shown:
        gap.reload()
    assert shown.args == [True] and gap.isVisible() and "당직 공백" in gap.text()


def test_review_detail_shows_escalation_history_and_next_step(qtbot, db, escalating):
    from console.pages.review.view import ReviewWidget

    _hid, flag, _engine = escalating
    page = ReviewWidget(ConsoleContext(db=db, actor="supervisor"))
    qtbot.addWidget(page)
    page.resize(1100, 700)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    with qtbot.waitSignal(page.detailShown, timeout=10_000):
        page.table.selectRow(page.model.find(flag))
    html = page.details.html()
    assert code_of(db, flag) in html and "sms" in html and "notify_call" in html
    assert "다음 단계" in html and "next_duty" in html

"""The runner's stop on a phone-line configuration error reaches the console (issue 11 item 4
follow-up): the live runner status line on the Schedule page and the overview says, in red, that
the evening's calls stopped, why, and to fix the line in Settings — in Korean, and in English
through the translation — and the line clears once the settings are saved again."""

from __future__ import annotations

import pytest

from care.checkins.runner.alert import clear_alert, raise_alert
from console.app import install_translators
from console.common.context import ConsoleContext
from console.common.runner_status import RED
from console.common.tasks import wait_for_tasks
from console.pages.overview import OverviewWidget
from console.pages.schedule.view import ScheduleWidget
from storage.types import utcnow

CREDENTIALS = ("Twilio rejected the credentials for account AC0123 (20003): check the account SID in "
               "Settings and the auth token (OS keyring or TWILIO_AUTH_TOKEN)")


def _raise(db, problem: str = "credentials") -> None:
    with db.session() as s:
        raise_alert(s, "telephony_config", CREDENTIALS, utcnow(), code=20003, problem=problem)


@pytest.fixture
def schedule_page(qtbot, db):
    widget = ScheduleWidget(ConsoleContext(db=db, actor="kim"))
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.close()
    assert wait_for_tasks(5000)


def test_the_schedule_page_says_the_evening_stopped_and_why_in_red(qtbot, db, schedule_page):
    label = schedule_page.runner_label
    qtbot.waitUntil(lambda: "실행되고 있지 않습니다" in label.text(), timeout=5000)
    assert "멈췄습니다" not in label.text()
    _raise(db)  # the runner (another process) stops on wrong credentials
    qtbot.waitUntil(lambda: "저녁 안부전화가 멈췄습니다" in label.text(), timeout=6000)
    text = label.text()
    assert "인증 정보" in text and "설정 페이지에서 전화 회선을 고치면" in text
    assert "Twilio rejected" not in text  # the runner's English words are only in the tooltip
    assert CREDENTIALS in label.toolTip()
    assert RED in label.styleSheet()
    with db.session() as s:  # the line settings were saved again (care/checkins/line.py)
        clear_alert(s)
    qtbot.waitUntil(lambda: "멈췄습니다" not in label.text(), timeout=6000)


def test_the_overview_shows_the_same_alert(qtbot, db):
    _raise(db, problem="from_number")
    widget = OverviewWidget(ConsoleContext(db=db, actor="kim"))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: "발신 번호" in widget.runner_status.text(), timeout=6000)
    assert "저녁 안부전화가 멈췄습니다" in widget.runner_status.text()
    assert RED in widget.runner_status.styleSheet()
    widget.close()
    assert wait_for_tasks(5000)


def test_the_alert_in_english(qtbot, qapp, db):
    installed = install_translators(qapp, "en")
    try:
        _raise(db, problem="unknown-problem")
        widget = ScheduleWidget(ConsoleContext(db=db, actor="kim"))
        qtbot.addWidget(widget)
        widget.show()
        label = widget.runner_label
        qtbot.waitUntil(lambda: "check-in calls have stopped" in label.text(), timeout=6000)
        assert "phone line settings are wrong" in label.text()
        assert "Settings page" in label.text()
        widget.close()
        assert wait_for_tasks(5000)
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)

"""The console keeps working read-only when the database server drops (issue 18), against the real
PostgreSQL test cluster: the server is stopped under an open window (pg_ctl stop), the banner
says so in a sentence, the buttons that write are disabled and the pages keep what they showed;
the server is started again and the window recovers by itself."""

from __future__ import annotations

import pytest

from console.common.read_only import write_buttons
from console.main_window import MainWindow


@pytest.mark.postgresql_only(reason="the shared server going away under a console")
def test_server_down_makes_the_console_read_only_and_it_recovers(qtbot, ctx, two_households, request):
    server = request.getfixturevalue("postgres_server")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.firstLoadDone, timeout=20_000):
        window.show()
        window.reload()
    window.connection.timer.setInterval(200)
    window.show_page("households")
    households = window.households
    assert households.model.rowCount() == 2 and households.add_button.isEnabled()
    writes = write_buttons(window)
    assert households.add_button in writes and window.household.edit_button in writes
    # the buttons this wave added beside others' pages write too: the roster editor, the policy section
    from console.pages.schedule.view import ScheduleWidget
    from console.pages.settings.escalation import EscalationSettingsWidget
    schedule = window.findChild(ScheduleWidget)
    policies = window.findChild(EscalationSettingsWidget)
    assert schedule.duty_button in writes and (policies is None or policies.save_button in writes)

    server.stop()
    try:
        with qtbot.waitSignal(window.connection.lost, timeout=20_000) as lost:
            pass
        assert "데이터베이스 서버에 연결할 수 없습니다" in lost.args[0]
        assert window.read_only_banner.isVisible()
        assert window.read_only_banner.text().startswith("서버에 연결할 수 없습니다 — 읽기 전용")
        assert not any(b.isEnabled() for b in write_buttons(window))
        assert households.model.rowCount() == 2  # what it had stays on screen
        households.add_button.setEnabled(True)  # a page re-enabling it (a row selected) is overruled
        assert not households.add_button.isEnabled()
    finally:
        server.start()
    with qtbot.waitSignal(window.connection.restored, timeout=30_000):
        pass
    assert not window.read_only_banner.isVisible()
    assert households.add_button.isEnabled()
    with qtbot.waitSignal(households.loaded, timeout=20_000):
        households.reload()
    assert households.model.rowCount() == 2


@pytest.mark.parametrize("kind, words", [("server_down", "연결할 수 없습니다"), ("wrong_password", "비밀번호"),
                                         ("tls", "TLS"), ("database_missing", "데이터베이스가 없습니다")])
def test_each_server_failure_is_a_sentence_in_the_console(qapp, kind, words):
    from console.common.tasks import error_text
    from storage.errors import ConnectionFailedError

    text = error_text(ConnectionFailedError("cannot use the database postgresql+psycopg://anbu@db:5432/anbu: …", kind))
    assert words in text and "postgresql" not in text and text.endswith(".")

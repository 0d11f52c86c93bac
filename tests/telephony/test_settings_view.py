"""The Settings page's phone-line form: loads off the GUI thread, saves the token to the keyring
only, and tests the connection against the fake Twilio server."""

from __future__ import annotations

import json

import pytest

from care.checkins.line import get_auth_token, load_settings
from storage.models import AppSetting, AuditEvent
from tests.fixtures.telephony import ACCOUNT_SID, AUTH_TOKEN


@pytest.fixture
def page(qtbot, db, monkeypatch):
    from console.common.context import ConsoleContext
    from console.pages.settings.view import SettingsWidget

    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "ANBU_TWILIO_FROM"):
        monkeypatch.delenv(name, raising=False)
    widget = SettingsWidget(ConsoleContext(db=db, actor="tester"))
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        pass
    yield widget
    from PySide6.QtCore import QThreadPool

    assert QThreadPool.globalInstance().waitForDone(10_000)


def test_unconfigured_page_says_the_line_is_simulated(page):
    assert "시뮬레이션 회선" in page.line_label.text()
    assert page.save_button.isEnabled() and page.account_sid.text() == ""


def test_save_puts_the_token_in_the_keyring_only_and_test_connection_works(
        page, qtbot, db, file_keyring, fake_twilio, tmp_path):
    page.account_sid.setText(ACCOUNT_SID)
    page.token.setText(AUTH_TOKEN)
    page.from_number.setText("+1 500 555 0006")
    page.office_number.setText("02-123-4567")
    page.cps.setValue(2.0)
    with qtbot.waitSignal(page.tested, timeout=10_000) as test:
        page.test_button.click()
    assert test.args == [True] and "Fake district office" in page.result_label.text()
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.save_button.click()
    assert page.token.text() == "" and "키링에 저장됨" in page.token.placeholderText()
    assert "Twilio" in page.line_label.text() and "OS 키링" in page.line_label.text()
    stored = load_settings(db)
    assert (stored.account_sid, stored.from_number, stored.office_number, stored.calls_per_second) == (
        ACCOUNT_SID, "+15005550006", "+8221234567", 2.0)
    assert get_auth_token(ACCOUNT_SID) == (AUTH_TOKEN, "keyring")
    with db.session() as s:
        rows = [r.value for r in s.query(AppSetting)] + [r.detail for r in s.query(AuditEvent)]
    assert AUTH_TOKEN not in json.dumps(rows, ensure_ascii=False)
    # with the token stored, "test connection" needs no typed token
    with qtbot.waitSignal(page.tested, timeout=10_000) as test:
        page.test_button.click()
    assert test.args == [True]


def test_a_wrong_token_fails_the_test_with_a_readable_message(page, qtbot, fake_twilio):
    page.account_sid.setText(ACCOUNT_SID)
    page.token.setText("wrong")
    with qtbot.waitSignal(page.tested, timeout=10_000) as test:
        page.test_button.click()
    assert test.args == [False] and "연결 실패" in page.result_label.text()
    text = page.result_label.text()
    assert "인증 정보를 거부했습니다" in text and ACCOUNT_SID in text  # in Korean, naming what is wrong
    assert "credentials" not in text and "wrong" not in text


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("account_sid", "AC123", "계정 SID 'AC123'의 형식이 올바르지 않습니다"),
    ("from_number", "hello", "발신 번호 'hello'은(는) 올바른 전화번호가 아닙니다"),
    ("office_number", "12", "회신 번호 '12'은(는) 올바른 전화번호가 아닙니다"),
])
def test_a_bad_setting_is_named_in_korean_and_nothing_is_saved(page, qtbot, db, field, value, expected):
    getattr(page, field).setText(value)
    page.save_button.click()
    qtbot.waitUntil(lambda: "오류" in page.result_label.text(), timeout=10_000)
    assert expected in page.result_label.text()
    assert not any(word in page.result_label.text() for word in ("the ", "should", "Error"))
    assert load_settings(db).account_sid == ""


def test_an_unreachable_twilio_is_said_in_korean(page, qtbot, monkeypatch):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("ANBU_TWILIO_BASE_URL", f"http://127.0.0.1:{port}")
    page.account_sid.setText(ACCOUNT_SID)
    page.token.setText("any")
    with qtbot.waitSignal(page.tested, timeout=20_000) as test:
        page.test_button.click()
    assert test.args == [False] and "Twilio에 연결할 수 없습니다" in page.result_label.text()


def test_without_a_keyring_saving_a_token_is_refused_and_nothing_is_saved(page, qtbot, db):
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        page.account_sid.setText(ACCOUNT_SID)
        page.token.setText(AUTH_TOKEN)
        page.save_button.click()
        qtbot.waitUntil(lambda: "TWILIO_AUTH_TOKEN" in page.result_label.text(), timeout=10_000)
        assert "OS 키링이 없어 인증 토큰을 저장하지 못했습니다" in page.result_label.text()
        assert load_settings(db).account_sid == ""
    finally:
        keyring.set_keyring(previous)

"""The runner on the Twilio line (the fake server): it reads the line settings the Settings page
saves, and a configuration error stops the evening with one alert instead of "missed" flags."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from care.checkins.line import TelephonySettings, gateway_from_settings, save_settings, store_auth_token
from care.checkins.runner.alert import current_alert
from storage.models import CallAttempt, CheckInSlot, Household, RiskFlag
from telephony.script import speakable_number
from tests.fixtures.telephony import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER
from tests.runner.helpers import add_households, kst, run_at


@pytest.fixture
def twilio_line(db, fake_twilio, file_keyring, monkeypatch):
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "ANBU_TWILIO_FROM"):
        monkeypatch.delenv(name, raising=False)
    fake_twilio.fast_forward = True
    return fake_twilio


def configure(db, token: str = AUTH_TOKEN, **settings) -> None:
    save_settings(db, TelephonySettings(account_sid=ACCOUNT_SID, from_number=FROM_NUMBER, calls_per_second=50,
                                        **settings), actor="settings-page")
    store_auth_token(ACCOUNT_SID, token)


def test_the_call_back_number_and_voices_saved_on_the_settings_page_reach_the_runners_twiml(db, twilio_line):
    configure(db, office_number="02-123-4567", voice="Polly.Seoyeon-Neural", voice_en="Polly.Joanna")
    ko, en = add_households(db, 2, consent=False)
    with db.session() as s:
        s.get(Household, en).language = "en"
    run_at(db, kst("2026-11-24 19:00"), gateway_from_settings(db))
    twiml = {c.to: c.params["Twiml"] for c in twilio_line.calls.values()}
    assert len(twiml) == 2
    korean, english = twiml[f"+8210{ko:08d}"], twiml[f"+8210{en:08d}"]
    assert speakable_number("+8221234567") in korean  # "0 2, 1 2 3, 4 5 6 7"
    assert speakable_number("+8221234567") in english
    assert 'voice="Polly.Seoyeon-Neural"' in korean and 'language="ko-KR"' in korean
    assert 'voice="Polly.Joanna"' in english and 'language="en-US"' in english
    assert "Seoyeon" not in english


def test_a_korean_voice_is_refused_for_english_scripts(db, twilio_line):
    from care.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="another language") as err:
        save_settings(db, TelephonySettings(voice_en="Google.ko-KR-Wavenet-A"), actor="t")
    assert err.value.problem == "voice_language"


def test_wrong_credentials_stop_the_evening_with_one_alert_and_no_missed_flags(db, twilio_line):
    configure(db, token="wrong-" + AUTH_TOKEN)
    add_households(db, 5)
    runner = run_at(db, kst("2026-11-24 19:00"), gateway_from_settings(db))
    assert runner.ctx.config_error and "credentials" in runner.ctx.config_error
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(CallAttempt)) == 0
        assert s.scalar(select(func.count()).select_from(RiskFlag)) == 0
        slots = s.scalars(select(CheckInSlot)).all()
        assert len(slots) == 5 and {(x.status, x.attempts_made) for x in slots} == {("due", 0)}
        alert = current_alert(s)
    assert alert["kind"] == "telephony_config" and alert["problem"] == "credentials"
    assert twilio_line.calls == {}
    # fixed on the Settings page: the alert is gone and the same slots are dialled
    configure(db)
    with db.session() as s:
        assert current_alert(s) is None
    run_at(db, kst("2026-11-24 19:05"), gateway_from_settings(db))
    assert len(twilio_line.calls) == 5
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(CallAttempt)) == 5


def test_attempts_claimed_with_the_failing_one_are_withdrawn_not_left_planned(db, twilio_line):
    """The first dial of a tick meets wrong credentials before the tick has handed the other claimed
    attempts to a line (what a loaded PC does): those are undone too, not left as 'planned'."""
    from concurrent.futures import Future

    from care.checkins.runner.service import Runner
    from care.checkins.runner.settings import RunnerClock, RunnerSettings

    configure(db, token="wrong-" + AUTH_TOKEN)
    add_households(db, 4)
    runner = Runner(db, gateway_from_settings(db), clock=RunnerClock(kst("2026-11-24 19:00")),
                    settings=RunnerSettings(max_concurrent_calls=4))

    class FirstDialRunsAtOnce:
        """The pool, but its first task runs before submit returns; the rest never run."""

        def __init__(self) -> None:
            self.ran = 0

        def submit(self, fn, *args):
            future: Future = Future()
            if self.ran == 0:
                self.ran += 1
                fn(*args)
            future.set_result(None)
            return future

        def shutdown(self, wait: bool = True) -> None:
            pass

    runner._pool = FirstDialRunsAtOnce()
    runner.start()
    try:
        runner.tick(full=True)
    finally:
        runner.shutdown()
    assert runner.ctx.config_error and runner.stop.is_set()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(CallAttempt)) == 0
        slots = s.scalars(select(CheckInSlot)).all()
        assert len(slots) == 4 and {(x.status, x.attempts_made) for x in slots} == {("due", 0)}
    assert twilio_line.calls == {}


def test_the_runner_command_exits_3_naming_the_alert(db, twilio_line, capsys):
    import json

    import main

    configure(db, token="wrong-" + AUTH_TOKEN)
    add_households(db, 2)
    code = main.main(["runner", "--until-idle", "--now", "2026-11-24T19:00+09:00", "--db", db.url])
    out, err = capsys.readouterr()
    summary = json.loads(out.strip().splitlines()[-1])
    assert code == 3 and "credentials" in summary["alert"] and "misconfigured" in err
    assert "wrong-" not in out + err


def test_a_call_back_number_typed_on_the_settings_page_reaches_the_runners_twiml(db, twilio_line, qtbot):
    """The real page (offscreen), saved with its button; then the runner dials on the same database."""
    from PySide6.QtCore import QThreadPool

    from console.common.context import ConsoleContext
    from console.pages.settings.view import SettingsWidget

    page = SettingsWidget(ConsoleContext(db=db, actor="kim"))
    qtbot.addWidget(page)
    qtbot.waitUntil(page.save_button.isEnabled, timeout=10_000)
    page.account_sid.setText(ACCOUNT_SID)
    page.token.setText(AUTH_TOKEN)
    page.from_number.setText(FROM_NUMBER)
    page.office_number.setText("02-2600-1234")
    page.cps.setValue(50.0)
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.save_button.click()
    assert QThreadPool.globalInstance().waitForDone(10_000)
    (household,) = add_households(db, 1, consent=False)
    run_at(db, kst("2026-11-24 19:00"), gateway_from_settings(db))
    (call,) = twilio_line.calls.values()
    assert call.to == f"+8210{household:08d}" and speakable_number("+82226001234") in call.params["Twiml"]


def test_an_old_database_with_the_number_in_the_runner_settings_still_reads_it_out(db, twilio_line):
    """Schema 0 kept the call-back number in app_setting "runner"; upgraded on load, never lost."""
    from storage.models import AppSetting

    with db.session() as s:
        s.add(AppSetting(key="runner", value={"office_number": "+8221234567"}))
        s.add(AppSetting(key="telephony", value={"account_sid": ACCOUNT_SID, "from_number": FROM_NUMBER,
                                                 "calls_per_second": 50.0}))
    store_auth_token(ACCOUNT_SID, AUTH_TOKEN)
    add_households(db, 1, consent=False)
    run_at(db, kst("2026-11-24 19:00"), gateway_from_settings(db))
    (call,) = twilio_line.calls.values()
    assert speakable_number("+8221234567") in call.params["Twiml"]

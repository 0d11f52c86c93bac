"""The devices page, offscreen: loads in the background, shows households, devices, flags and a
chart of one device."""

from __future__ import annotations

import random

import pytest

from care.demo.seed import make_households
from care.devices import demo
from care.households.registry import assign_refs
from console.common.context import ConsoleContext
from console.common.tasks import wait_for_tasks
from console.pages.devices.view import DevicesWidget
from storage.types import utcnow


@pytest.fixture
def seeded(db):
    rng = random.Random(3)
    with db.session() as s:
        hs = make_households(12, rng)
        for h in hs:
            h.active = True
        s.add_all(hs)
        s.flush()
        assign_refs(s, hs)
        demo.seed_demo(s, hs, rng, utcnow())
    return db


def test_devices_page_shows_households_devices_flags_and_a_chart(qtbot, qtmodeltester, seeded, tmp_path):
    widget = DevicesWidget(ConsoleContext(db=seeded, actor="tester"))
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    with qtbot.waitSignal(widget.chartLoaded, timeout=20_000) as chart:
        widget.show()
    assert widget.households.rowCount() == 12
    first = widget.households.row_at(0)
    assert first.flags and first.flags[0].severity == "high"  # most urgent first
    assert widget.devices.rowCount() == len(first.devices) > 0
    assert widget.flag_list.count() == len(first.flags)
    assert chart.args[0] > 10  # the 48-hour chart has points
    assert "°C" in widget.chart_title.text() or "W" in widget.chart_title.text()
    qtmodeltester.check(widget.households)
    qtmodeltester.check(widget.devices)
    widget.grab().save(str(tmp_path / "devices.png"))
    wait_for_tasks()


def test_mqtt_settings_section_saves_to_the_database_and_the_keyring_and_tests_the_broker(
        qtbot, db, tmp_path_factory, file_keyring, monkeypatch):
    from care import settings
    from care.devices import mqtt_config
    from console.pages.settings.view import SettingsWidget
    from tests.fixtures.devices import MosquittoBroker, mosquitto_executable

    monkeypatch.delenv(mqtt_config.ENV_PASSWORD, raising=False)
    broker = MosquittoBroker(mosquitto_executable(), tmp_path_factory.mktemp("console-broker"), shipped=True)
    broker.add_user("anbu", "pw-1")
    broker.start()
    try:
        page = SettingsWidget(ConsoleContext(db=db, actor="tester"))
        qtbot.addWidget(page)
        w = page.mqtt
        qtbot.waitUntil(lambda: w.save_button.isEnabled(), timeout=10_000)
        w.host.setText("127.0.0.1")
        w.port.setValue(broker.port)
        w.username.setText("anbu")
        w.password.setText("wrong")
        with qtbot.waitSignal(w.tested, timeout=15_000) as refused:
            w.test_button.click()
        assert refused.args == [False] and "anbu" in w.result_label.text() and "keyring" in w.result_label.text()
        w.password.setText("pw-1")
        with qtbot.waitSignal(w.saved, timeout=10_000):
            w.save_button.click()
        assert w.password.text() == "" and "키링" in w.password.placeholderText()
        with db.session() as s:
            saved = settings.load(s, settings.MqttSettings)
        assert (saved.host, saved.port, saved.username) == ("127.0.0.1", broker.port, "anbu")
        assert mqtt_config.mqtt_password("anbu") == "pw-1"  # in the keyring, not the database
        with qtbot.waitSignal(w.tested, timeout=15_000) as ok:
            w.test_button.click()  # the stored password is used
        assert ok.args == [True], w.result_label.text()
        w.tls_ca[1].setText("/nonexistent/ca.crt")
        w.save_button.click()
        qtbot.waitUntil(lambda: "tls_ca" in w.result_label.text(), timeout=10_000)
    finally:
        wait_for_tasks()
        broker.stop()

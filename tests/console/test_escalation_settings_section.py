"""The Settings page's escalation section (issue 15): the stored policy shows, a bad value is
refused with a sentence under its field and nothing is stored, a good one is saved through the
settings store (audited, admins only) and the engine's policies follow it."""

from __future__ import annotations

from sqlalchemy import select

from care import settings as store
from care.accounts import users
from care.escalation import policy_settings
from care.escalation.policy import policies
from care.settings import EscalationSettings
from console.common.context import ConsoleContext
from console.pages.settings.escalation import EscalationSettingsWidget
from storage.models import AuditEvent


def section(qtbot, ctx) -> EscalationSettingsWidget:
    w = EscalationSettingsWidget(ctx)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.loaded, timeout=10_000):
        w.show()
    return w


def stored(db) -> EscalationSettings:
    with db.session() as s:
        return store.load(s, EscalationSettings)


def test_edit_policy_delays_and_deadlines_and_the_engine_follows(qtbot, db):
    users.add_user(db, "root", "boss", "관리자", "admin", "admin-pass1")
    w = section(qtbot, ConsoleContext(db=db, actor="boss"))
    assert w.minutes["life_safety_keyholders_min"].value() == 15 and w.timezone.text() == "Asia/Seoul"

    w.minutes["life_safety_keyholders_min"].setValue(4)  # before the next duty contact (5)
    w.ring.setValue(2)
    w.messaging_sid.setText("MGxyz")
    w.save()
    shown = {k: label.text() for k, label in w.errors.items() if label.isVisible()}
    assert set(shown) == {"life_safety_keyholders_min", "notify_ring_timeout_s", "messaging_service_sid"}
    assert all(text.endswith(".") or text.endswith(").") for text in shown.values())  # sentences
    assert stored(db) == EscalationSettings()

    w.minutes["life_safety_keyholders_min"].setValue(20)
    w.minutes["ack_high_min"].setValue(30)
    w.ring.setValue(40)
    w.messaging_sid.setText("MG" + "0" * 32)
    w.sms_from.setText("010-0000-9999")
    with qtbot.waitSignal(w.saved, timeout=10_000):
        w.save()
    cfg = stored(db)
    assert (cfg.life_safety_keyholders_min, cfg.ack_high_min, cfg.notify_ring_timeout_s, cfg.sms_from) == (
        20.0, 30.0, 40, "+821000009999")
    assert [p.after_min for p in policies(cfg)["life_safety"] if p.role == "keyholder"] == [20.0, 20.0]
    with db.session() as s:
        row = s.scalars(select(AuditEvent).where(AuditEvent.entity == "app_setting").order_by(AuditEvent.id.desc())).first()
        assert row.actor == "boss" and row.detail["key"] == "escalation"
        assert {"life_safety_keyholders_min", "ack_high_min", "notify_ring_timeout_s"} <= set(row.detail["changed"])


def test_a_supervisor_cannot_save_the_policies(qtbot, db):
    users.add_user(db, "root", "boss", "관리자", "admin", "admin-pass1")
    users.add_user(db, "boss", "lee", "이팀장", "supervisor", "super-pass1")
    w = section(qtbot, ConsoleContext(db=db, actor="lee"))
    w.minutes["high_call_min"].setValue(10)
    w.save()
    qtbot.waitUntil(lambda: w.save_button.isEnabled() and "오류" in w.result_label.text(), timeout=10_000)
    assert stored(db).high_call_min == 15.0


def test_problems_name_each_bad_field_in_a_sentence():
    bad = EscalationSettings(timezone="Mars/Base", office_ack_time="25:00", sms_from="12", high_call_min=0.0)
    errors = policy_settings.problems(bad)
    assert set(errors) == {"timezone", "office_ack_time", "sms_from", "high_call_min"}
    assert "Asia/Seoul" in errors["timezone"] and "HH:MM" in errors["office_ack_time"]
    assert policy_settings.problems(EscalationSettings()) == {}

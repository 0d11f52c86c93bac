"""Issue 15's blocker, end to end: a person ticks a keyholder's "알림 동의" in the household dialog
(a real offscreen window), saves, reopens it (the tick is still there), and a life-safety chain run by
the runner on the simulated line then reaches that keyholder at the keyholder step, and never the
keyholder whose box stayed clear."""

from __future__ import annotations

from sqlalchemy import select

from care.checkins.runner.service import Runner
from care.checkins.runner.settings import RunnerClock, RunnerSettings
from care.households.registry import get_household
from console.pages.household.keyholders import KeyholdersModel
from console.pages.households.dialog import CONSENT_COLUMN, HouseholdDialog
from storage.models import AuditEvent, Contact
from telephony.simulated import SimulatedGateway
from tests.escalation.helpers import (
    DUTY_BACKUP,
    DUTY_NIGHT,
    KEYHOLDER_1,
    KEYHOLDER_2,
    district,
    kst,
    raise_flag,
)
from tests.runner.helpers import ledger_lines

NEIGHBOUR = "+821099990000"
NIGHT = kst("2026-11-24 19:30")  # a Tuesday evening


def open_dialog(qtbot, ctx, hid) -> HouseholdDialog:
    dialog = HouseholdDialog(ctx, hid)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isEnabled, timeout=10_000)
    return dialog


def ticked(dialog: HouseholdDialog) -> list[bool]:
    from PySide6.QtCore import Qt

    return [dialog.contacts.item(r, CONSENT_COLUMN).checkState() == Qt.CheckState.Checked
            for r in range(dialog.contacts.rowCount())]


def test_consent_ticked_in_the_dialog_lets_the_keyholder_step_reach_that_keyholder(qtbot, ctx, db, tmp_path):
    hid = district(db)
    with db.session() as s:  # nobody has consented yet: the dialog is the only way in
        for c in s.scalars(select(Contact).where(Contact.household_id == hid)):
            c.notify_consent = False

    dialog = open_dialog(qtbot, ctx, hid)
    assert ticked(dialog) == [False, False, False]
    assert dialog.contacts.horizontalHeaderItem(CONSENT_COLUMN).text() == "알림 동의"
    dialog.set_notify_consent(0, True)  # 김아들 (KEYHOLDER_1) consents; the neighbour and 김딸 do not
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()

    again = open_dialog(qtbot, ctx, hid)  # round trip through the database
    assert ticked(again) == [True, False, False]
    again.reject()
    contacts = get_household(db, hid, "tester").contacts
    model = KeyholdersModel()  # the household page's keyholder list shows it
    model.set_rows(contacts)
    shown = [model.data(model.index(r, KeyholdersModel.COLUMNS.index("notify"))) for r in range(3)]
    assert shown == ["동의", "미동의", "미동의"]
    with db.session() as s:
        logged = s.scalars(select(AuditEvent).where(AuditEvent.action == "notify_consent")).all()
        assert [(e.actor, e.household_ref, e.detail["consent"]) for e in logged] == [("tester", "H000001", True)]

    ledger = tmp_path / "ledger.jsonl"
    gw = SimulatedGateway(ledger=ledger, ring_s=0.0, talk_s=0.0,
                          replies={p: "no_answer" for p in (DUTY_NIGHT, DUTY_BACKUP, KEYHOLDER_1, KEYHOLDER_2)})
    from storage.db import data_dir

    runner = Runner(db, gw, clock=RunnerClock(NIGHT), settings=RunnerSettings(), recordings_dir=data_dir() / "recordings")
    runner.start()
    try:
        flag = raise_flag(db, hid, at=NIGHT)
        for minutes in (0, 5, 10, 5, 5, 5):  # through the 15-minute keyholder step and well past it
            runner.clock.advance(minutes=minutes)
            runner.tick()
            runner.tick()
    finally:
        runner.shutdown()
    lines = [x for x in ledger_lines(ledger) if x.get("kind") in ("sms", "notify_call") and x.get("flag_id") == flag]
    reached = [(x["kind"], x["to"]) for x in lines]
    assert ("sms", KEYHOLDER_1) in reached and ("notify_call", KEYHOLDER_1) in reached
    assert reached.count(("sms", KEYHOLDER_1)) == 1  # once, not twice
    assert KEYHOLDER_2 not in {to for _, to in reached} and NEIGHBOUR not in {to for _, to in reached}
    keyholder_sms = next(x["body"] for x in lines if x["to"] == KEYHOLDER_1 and x["kind"] == "sms")
    assert "김순자" in keyholder_sms

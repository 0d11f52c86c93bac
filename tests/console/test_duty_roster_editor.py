"""The duty roster editor on the Schedule page (issue 15): a supervisor adds a slot and removes one
through the dialog (a real offscreen window), the page's roster line follows, both are in the access
log; a social worker sees the roster but cannot change it; a bad slot is refused with a sentence."""

from __future__ import annotations

from PySide6.QtCore import QTime
from sqlalchemy import select

from care.accounts import users
from care.escalation import roster
from console.common.context import ConsoleContext
from console.pages.schedule.duty_editor import DutyRosterDialog
from console.pages.schedule.view import ScheduleWidget
from storage.models import AuditEvent


def open_editor(qtbot, ctx) -> DutyRosterDialog:
    dialog = DutyRosterDialog(ctx)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    return dialog


def test_supervisor_adds_and_removes_a_slot_and_the_schedule_page_follows(qtbot, db):
    users.add_user(db, "root", "boss", "관리자", "admin", "admin-pass1")
    users.add_user(db, "boss", "lee", "이팀장", "supervisor", "super-pass1")
    roster.add_duty(db, days="all", start="00:00", end="00:00", phone="010-0000-2222", name="시 통합센터",
                    user=None, actor="boss")
    ctx = ConsoleContext(db=db, actor="lee")
    page = ScheduleWidget(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.duty_roster.loaded, timeout=10_000):
        page.show()
    page.duty_button.click()
    dialog = next(d for d in page.findChildren(DutyRosterDialog))
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1 and dialog.add_button.isEnabled(), timeout=10_000)

    dialog.add_slot()  # nothing filled in: a sentence, nothing stored
    assert dialog.message.text() == "요일을 하나 이상 고르세요."
    for d in ("mon", "tue", "wed", "thu", "fri"):
        dialog.day_boxes[d].setChecked(True)
    dialog.start.setTime(QTime(18, 0))
    dialog.end.setTime(QTime(9, 0))
    dialog.name.setText("야간 당직")
    dialog.phone.setText("010-12")
    dialog.add_slot()
    assert "전화번호" in dialog.message.text() and len(roster.list_duty(db)) == 1
    dialog.phone.setText("010-0000-1111")
    dialog.user.setText("lee")
    with qtbot.waitSignal(page.duty_roster.loaded, timeout=10_000):
        with qtbot.waitSignal(dialog.changed, timeout=10_000):
            dialog.add_slot()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    added = roster.list_duty(db)[1]
    assert (added.name, added.days, added.start, added.end, added.phone, added.user) == (
        "야간 당직", ("mon", "tue", "wed", "thu", "fri"), "18:00", "09:00", "+821000001111", "lee")
    assert "야간 당직" in page.duty_roster.text()

    dialog.table.selectRow(0)  # remove the city desk, keep the night duty
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        dialog.remove_selected()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    assert [v.name for v in roster.list_duty(db)] == ["야간 당직"]
    with db.session() as s:
        logged = [(e.actor, e.action) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.entity == "duty_slot").order_by(AuditEvent.id))]
    assert logged[-2:] == [("lee", "create"), ("lee", "delete")]


def test_a_social_worker_sees_the_roster_but_cannot_change_it(qtbot, db):
    users.add_user(db, "root", "boss", "관리자", "admin", "admin-pass1")
    users.add_user(db, "boss", "kim", "김주무관", "social_worker", "worker-pass1")
    roster.add_duty(db, days="all", start="00:00", end="00:00", phone="010-0000-2222", name="시 통합센터",
                    user=None, actor="boss")
    dialog = open_editor(qtbot, ConsoleContext(db=db, actor="kim"))
    assert dialog.table.rowCount() == 1
    assert not dialog.add_button.isEnabled() and not dialog.remove_button.isEnabled()
    assert "팀장" in dialog.message.text()

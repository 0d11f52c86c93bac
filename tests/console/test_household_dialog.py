"""The household dialog on demo households with keyholders: save unchanged, reorder with ▲/▼, and an
unknown consent date that stays unknown (issue 10 items 1 and 8)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select, update

from care.demo.seed import seed_demo
from care.households.registry import get_household
from console.main_window import MainWindow
from console.pages.households.dialog import HouseholdDialog
from storage.models import Contact, Household


def household_with_keyholders(db, at_least: int) -> int:
    with db.session() as s:
        for hid in s.execute(select(Contact.household_id).order_by(Contact.household_id)).scalars():
            n = len(s.execute(select(Contact.id).where(Contact.household_id == hid)).all())
            if n >= at_least:
                return hid
    raise AssertionError("no demo household with enough keyholders")


def open_by_double_click(qtbot, window, hid: int) -> HouseholdDialog:
    """Double-click the household's row: its page opens (issue 13); "정보 수정…" there opens the dialog."""
    view = window.households
    window.show_page("households")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    row = next(r for r in range(view.model.rowCount()) if view.model.row_at(r).id == hid)
    view.table.scrollTo(view.model.index(row, 0))
    rect = view.table.visualRect(view.model.index(row, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(window.household.loaded, timeout=10_000):
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    window.household.edit_button.click()
    dialog = next(d for d in window.findChildren(HouseholdDialog) if d.household_id == hid and d.isVisible())
    qtbot.waitUntil(dialog.isEnabled, timeout=10_000)
    return dialog


def keyholder_names(dialog: HouseholdDialog) -> list[str]:
    return [dialog.contacts.item(r, 0).text() for r in range(dialog.contacts.rowCount())]


def test_demo_household_with_keyholders_saves_and_reorders(qtbot, ctx, db):
    seed_demo(db, households=44)
    hid = household_with_keyholders(db, 2)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    before = get_household(db, hid, "tester")

    dialog = open_by_double_click(qtbot, window, hid)
    names = keyholder_names(dialog)
    assert len(names) >= 2
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()  # unchanged
    assert not dialog.form_error.isVisible()
    assert get_household(db, hid, "tester").contacts == before.contacts

    dialog = open_by_double_click(qtbot, window, hid)
    dialog.contacts.setCurrentCell(len(names) - 1, 0)
    dialog.move_up.click()  # last keyholder one place up
    dialog.contacts.setCurrentCell(0, 0)
    dialog.move_down.click()  # first keyholder one place down
    dialog.move_up.click()  # ...and back
    expected = [*names[:-2], names[-1], names[-2]]
    assert keyholder_names(dialog) == expected
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()

    again = open_by_double_click(qtbot, window, hid)
    assert keyholder_names(again) == expected
    stored = get_household(db, hid, "tester").contacts
    assert [c.name for c in stored] == expected and [c.priority for c in stored] == list(range(1, len(names) + 1))
    assert {c.name: c.has_key for c in stored} == {c.name: c.has_key for c in before.contacts}
    again.reject()


def test_unknown_consent_date_stays_unknown(qtbot, ctx, db):
    seed_demo(db, households=5)
    with db.session() as s:
        hid = s.execute(select(Household.id).order_by(Household.id)).scalars().first()
        s.execute(update(Household).where(Household.id == hid).values(consent_recording=True, consent_date=None))
    dialog = HouseholdDialog(ctx, hid)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.isEnabled, timeout=10_000)
    assert dialog.consent.isChecked() and dialog.consent_date.text() == "모름"
    assert dialog.gather().consent_date is None
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save()
    assert get_household(db, hid, "tester").data.consent_date is None
    # a person who knows the date can still set it
    again = HouseholdDialog(ctx, hid)
    qtbot.addWidget(again)
    qtbot.waitUntil(again.isEnabled, timeout=10_000)
    again.consent_today.click()
    assert again.gather().consent_date is not None

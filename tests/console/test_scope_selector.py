"""The scope selector in a real offscreen window (issue 19): a supervisor chooses a 동, the window
is closed and opened again as the same person — still that 동 — and each page's count equals the
rows it shows, all of that 동."""

from __future__ import annotations

from sqlalchemy import func, select

from care.accounts.demo import seed_demo_accounts
from care.accounts.users import view_of
from care.demo.seed import seed_demo
from console.common.context import ConsoleContext
from console.common.tasks import wait_for_tasks
from console.main_window import MainWindow
from storage.models import AppUser, Household


def _open(qtbot, db, username: str) -> MainWindow:
    with db.session() as s:
        user = view_of(s.scalar(select(AppUser).where(AppUser.username == username)))
    window = MainWindow(ConsoleContext(db=db, user=user), restore_geometry=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.firstLoadDone, timeout=20_000):
        window.show()
        window.reload()
    qtbot.waitUntil(lambda: window.scope.options is not None, timeout=10_000)
    return window


def _rows(model) -> list:
    return [model.row_at(r) for r in range(model.rowCount())]


def _pages_show_only(qtbot, window: MainWindow, dong: str, households: int) -> None:
    overview = window.overview
    qtbot.waitUntil(lambda: overview._summary is not None and overview._summary.households == households
                    and overview.model.rowCount() == households, timeout=10_000)
    assert {r.dong for r in _rows(overview.model)} == {dong}
    page = window.households
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and {r.dong for r in _rows(page.model)} == {dong}, timeout=10_000)
    assert page.count_label.text() == f"{page.model.rowCount()} 가구"
    review = window.pages["review"]
    with qtbot.waitSignal(review.loaded, timeout=10_000) as shown:
        window.show_page("review")
    assert shown.args[0] == review.model.total_rows == review.model.rowCount()
    assert review.count_label.text() == f"{shown.args[0]}건" and {r.dong for r in _rows(review.model)} <= {dong}
    devices = window.pages["devices"]
    with qtbot.waitSignal(devices.loaded, timeout=10_000) as shown:
        window.show_page("devices")
    assert shown.args[0] == devices.households.rowCount()
    assert {r.dong for r in _rows(devices.households)} <= {dong}


def test_a_chosen_dong_survives_a_restart_and_every_page_counts_its_rows(qtbot, db):
    seed_demo(db, households=40, seed=7)
    seed_demo_accounts(db, "system:test")
    with db.session() as s:
        dong, n = s.execute(select(Household.dong, func.count()).where(Household.active.is_(True))
                            .group_by(Household.dong).order_by(func.count().desc(), Household.dong)).first()

    window = _open(qtbot, db, "kim.supervisor")
    assert window.scope.isVisible() and window.scope.isEnabled() and window.scope.choice == ("district", "")
    with qtbot.waitSignal(window.scope.changed, timeout=10_000):
        window.scope.choose("dong", dong)
    _pages_show_only(qtbot, window, dong, n)
    window.close()
    assert wait_for_tasks(10_000)

    again = _open(qtbot, db, "kim.supervisor")  # the same person, a new window: still that 동
    assert again.scope.choice == ("dong", dong) and again.scope.currentText() == dong
    _pages_show_only(qtbot, again, dong, n)
    again.close()
    assert wait_for_tasks(10_000)


def test_a_social_worker_sees_her_households_and_cannot_change_it(qtbot, db):
    seed_demo(db, households=20, seed=7)
    seed_demo_accounts(db, "system:test")
    window = _open(qtbot, db, "park.jieun")
    assert window.scope.isVisible() and not window.scope.isEnabled()
    assert [window.scope.itemText(i) for i in range(window.scope.count())] == ["내 담당 가구"]
    window.close()
    assert wait_for_tasks(10_000)

"""Signing in (pytest-qt, a real demo database with its demo accounts): the login dialog, a wrong
password, the lock-out, the English switch, the first-run admin, who-am-I and pages by role, and
the review page's "mine only" showing the signed-in worker's flags."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from care.accounts import users
from care.accounts.demo import DEMO_PASSWORD
from care.review import queue as review
from console.app import install_translators
from console.common.context import ConsoleContext
from console.login_dialog import FirstRunDialog, LoginDialog
from console.main_window import MainWindow
from console.pages.review.view import ReviewWidget
from storage.models import Household, RiskFlag


def _dialog(qtbot, db, **kw) -> LoginDialog:
    dialog = LoginDialog(db, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _try(qtbot, dialog: LoginDialog, name: str, password: str, signal: str = "failed") -> list:
    dialog.username.setText(name)
    dialog.password.setText(password)
    with qtbot.waitSignal(getattr(dialog, signal), timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    return blocker.args


def test_login_dialog_signs_in_with_the_right_password(qtbot, accounts_db):
    dialog = _dialog(qtbot, accounts_db)
    assert dialog.windowTitle() == "안부 — 로그인"
    (user,) = _try(qtbot, dialog, "choi.minho", DEMO_PASSWORD, "signedIn")
    assert user.display_name == "최민호 주무관" and dialog.user == user
    assert dialog.result() == LoginDialog.DialogCode.Accepted


def test_a_wrong_password_is_said_in_korean_and_five_lock_the_account(qtbot, accounts_db):
    dialog = _dialog(qtbot, accounts_db)
    (text,) = _try(qtbot, dialog, "choi.minho", "wrong-password")
    assert text == "사용자 이름 또는 비밀번호가 틀렸습니다. 4번 더 틀리면 15분 동안 잠깁니다."
    assert dialog.message.text() == text and dialog.isVisible() and dialog.password.text() == ""
    for _ in range(4):
        (text,) = _try(qtbot, dialog, "choi.minho", "wrong-password")
    assert text.startswith("비밀번호를 5번 틀려 계정이 잠겼습니다.") and "관리자에게" in text
    (text,) = _try(qtbot, dialog, "choi.minho", DEMO_PASSWORD)  # the right password while locked
    assert "잠겼습니다" in text and dialog.user is None
    (text,) = _try(qtbot, dialog, "", "")
    assert text == "사용자 이름과 비밀번호를 입력하세요."


def test_the_login_dialog_switches_to_english(qtbot, qapp, accounts_db):
    installed: list = []

    def switch(lang: str) -> None:
        for t in installed:
            qapp.removeTranslator(t)
        installed[:] = install_translators(qapp, lang)

    dialog = _dialog(qtbot, accounts_db, switch_language=switch)
    try:
        dialog.language.setCurrentIndex(dialog.language.findData("en"))
        qtbot.waitUntil(lambda: dialog.windowTitle() == "Anbu — sign in", timeout=5_000)
        assert dialog.labels[dialog.password].text() == "Password"
        (text,) = _try(qtbot, dialog, "choi.minho", "wrong-password")
        assert text == "Wrong username or password. 4 more wrong tries lock the account for 15 minutes."
    finally:
        switch("ko")


def test_the_first_run_creates_the_admin(qtbot, db):
    dialog = FirstRunDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.display.setText("관리자")
    dialog.password.setText("admin-pass1")
    dialog.again.setText("admin-pass2")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(dialog.failed, timeout=5_000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "두 비밀번호가 다릅니다."
    dialog.again.setText("admin-pass1")
    with qtbot.waitSignal(dialog.created, timeout=10_000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert (dialog.user.username, dialog.user.role) == ("admin", "admin")
    assert users.user_count(db) == 1


def test_who_am_i_and_pages_by_role(qtbot, accounts_db):
    worker = users.authenticate(accounts_db, "choi.minho", DEMO_PASSWORD)
    window = MainWindow(ConsoleContext(db=accounts_db, user=worker), restore_geometry=False)
    qtbot.addWidget(window)
    assert window.ctx.actor == "choi.minho"
    assert window.who_am_i.text() == "최민호 주무관 · 담당 공무원"
    assert "settings" not in window.page_keys and window.nav.count() == len(window.page_keys)
    assert not window.households.import_button.isVisibleTo(window)
    with qtbot.waitSignal(window.logoutRequested, timeout=2_000):
        qtbot.mouseClick(window.logout_button, Qt.MouseButton.LeftButton)
    admin = users.authenticate(accounts_db, "admin", DEMO_PASSWORD)
    window2 = MainWindow(ConsoleContext(db=accounts_db, user=admin), restore_geometry=False)
    qtbot.addWidget(window2)
    assert "settings" in window2.page_keys and window2.who_am_i.text() == "관리자"


@pytest.mark.parametrize("mine", [True, False])
def test_mine_only_shows_the_signed_in_workers_flags(qtbot, accounts_db, mine):
    db = accounts_db
    with db.session() as s:
        ours = s.scalars(select(RiskFlag.id).join(Household, Household.id == RiskFlag.household_id)
                         .where(Household.worker == "최민호 주무관", RiskFlag.status == "open")
                         .order_by(RiskFlag.id)).all()
    assert len(ours) >= 2
    review.assign(db, ours[0], "최민호 주무관", "kim.supervisor")  # by display name, as the list does
    review.assign(db, ours[1], "choi.minho", "kim.supervisor")  # or by username
    worker = users.authenticate(db, "choi.minho", DEMO_PASSWORD)
    page = ReviewWidget(ConsoleContext(db=db, user=worker))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    shown = {page.model.row_at(i).id for i in range(page.model.rowCount())}
    assert set(ours) <= shown  # her households' flags, every one
    if mine:
        with qtbot.waitSignal(page.loaded, timeout=10_000):
            page.mine.setChecked(True)
        shown = {page.model.row_at(i).id for i in range(page.model.rowCount())}
        assert shown == {ours[0], ours[1]}

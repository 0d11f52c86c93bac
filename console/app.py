"""Console start-up: the Qt application, translations, the database, the main window.

Opening the database (checks, migrations with a backup copy) and the first-open demo seed run
before the event loop starts, while there is no window to freeze; everything after that runs
through console.common.tasks."""

from __future__ import annotations

import logging
import os
import sys
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)


def _needs_offscreen() -> bool:
    return sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def translations_dir() -> Path:
    return Path(str(resources.files("resources") / "i18n"))


def install_translators(app, lang: str) -> list:
    """Korean is the source language; English comes from resources/i18n/anbu_en.qm. Qt's own
    strings (standard buttons, file dialogs) come from Qt's translations for the language."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    installed = []
    qt = QTranslator(app)
    if qt.load(QLocale(lang), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    if lang != "ko":
        from console.common.translations import AnbuTranslator

        ours = AnbuTranslator(app)
        if ours.load(str(translations_dir() / f"anbu_{lang}.qm")):
            app.installTranslator(ours)
            installed.append(ours)
        else:
            log.warning("no translation for %s; showing Korean", lang)
    return installed


def _pick_font(app) -> None:
    from PySide6.QtGui import QFont, QFontDatabase

    for family in ("Noto Sans CJK KR", "Malgun Gothic", "Apple SD Gothic Neo", "NanumGothic", "Noto Sans KR"):
        if family in QFontDatabase.families():
            font = QFont(family, 10)
            app.setFont(font)
            return


def _grab(window, key: str, path: str) -> bool:
    """Bring one page to the front, let its loads finish, save a PNG of the whole window."""
    from PySide6.QtWidgets import QApplication

    from console.common.tasks import wait_for_tasks

    if key.startswith("household:"):
        window.open_household_ref(key.partition(":")[2])
    elif key in window.page_keys:
        window.show_page(key)
    else:
        print(f"anbu: the page {key!r} is not shown to this user's role", file=sys.stderr)
        return False
    for _ in range(4):  # a load's answer may start another (a ref -> the page -> its charts)
        QApplication.processEvents()
        wait_for_tasks()
        QApplication.processEvents()
    if key.startswith("household:") and window.household.data is None:
        print(f"anbu: no household {key.partition(':')[2]!r} to show", file=sys.stderr)
        return False
    return window.grab().save(path, "PNG")


def _screenshot_user(database, user: str | None, password_stdin: bool | None):
    """Who an unattended `--screenshot` run signs in as: `--user` (password from stdin, or the demo
    password for a demo account), else the demo supervisor on a demo database, else nobody on a
    database with no users. Raises SignInError otherwise."""
    from care.accounts import users
    from care.accounts.demo import DEMO_PASSWORD, DEMO_SUPERVISOR

    if user:
        password = sys.stdin.readline().rstrip("\r\n") if password_stdin else DEMO_PASSWORD
        return users.authenticate(database, user, password)
    if users.user_count(database) == 0:
        return None
    demo = users.user_named(database, DEMO_SUPERVISOR[0])
    if demo is None or not demo.is_demo:
        raise users.SignInError("this database has users: give --user NAME --password-stdin for --screenshot", "wrong")
    return users.authenticate(database, demo.username, DEMO_PASSWORD)


def _interactive_user(database, lang: str, switch):
    """Sign-on by a mapped OS account, else the first-run dialog (no users yet) or the login
    dialog. None when the person cancels."""
    from care.accounts import users
    from care.accounts.identity import os_account
    from console.login_dialog import FirstRunDialog, LoginDialog

    mapped = users.sign_in_by_os_account(database, os_account())
    if mapped is not None:
        return mapped
    if users.user_count(database) == 0:
        first = FirstRunDialog(database, lang=lang, switch_language=switch)
        return first.user if first.exec() else None
    login = LoginDialog(database, lang=lang, switch_language=switch)
    return login.user if login.exec() else None


def page_file_key(key: str) -> str:
    """What {page} becomes in a screenshot's file name: "household:H000012" -> "household-H000012"."""
    return key.replace(":", "-")


def run_console(db: str | None = None, screenshot: str | None = None, lang: str | None = None,
                user: str | None = None, password_stdin: bool | None = None, page: str | None = None) -> int:
    if screenshot and _needs_offscreen() and not os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # keeps "offscreen:configfile=…" (a screen size)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from care.demo.seed import seed_if_first_open
    from console.common.context import LANG_KEY, ConsoleContext
    from console.common.tasks import favour_gui_thread, freeze_startup_heap, wait_for_tasks
    from console.main_window import MainWindow
    from storage.db import open_database

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("anbu")
    app.setApplicationName("Anbu")
    from console.common.window_state import user_settings

    lang = lang or str(user_settings().value(LANG_KEY, "ko"))
    installed = install_translators(app, lang)
    chosen = {"lang": lang}

    def switch_language(new: str) -> None:
        """The login dialog's language switch: the translators change now, before any window is built."""
        nonlocal installed
        for t in installed:
            app.removeTranslator(t)
        installed = install_translators(app, new)
        chosen["lang"] = new
        settings = user_settings()
        settings.setValue(LANG_KEY, new)
        settings.sync()
    _pick_font(app)

    try:
        database = open_database(db)
        if database.is_default:
            seed_if_first_open(database)
    except Exception as exc:
        if not hasattr(exc, "exit_code"):
            raise
        if screenshot:
            print(f"anbu: {exc}", file=sys.stderr)
        else:
            QMessageBox.critical(None, app.translate("Console", "안부 — 데이터베이스를 열 수 없습니다"), str(exc))
        return int(exc.exit_code)

    try:
        signed_in = _screenshot_user(database, user, password_stdin) if screenshot else \
            _interactive_user(database, lang, switch_language)
    except Exception as exc:
        if not hasattr(exc, "exit_code"):
            raise
        print(f"anbu: {exc}", file=sys.stderr)
        database.dispose()
        return int(exc.exit_code)
    if signed_in is None and not screenshot:
        database.dispose()
        return 0  # the person cancelled the sign-in
    windows: list = []

    def open_window(who) -> MainWindow:
        ctx = ConsoleContext(db=database, lang=chosen["lang"], user=who)
        window = MainWindow(ctx, restore_geometry=not screenshot)
        window.logoutRequested.connect(lambda: log_out(window))
        windows.append(window)
        return window

    def log_out(window: MainWindow) -> None:
        """Sign out: the window goes, the login dialog comes back; cancelling it quits."""
        from care.accounts.identity import os_account
        from console.login_dialog import LoginDialog

        app.setQuitOnLastWindowClosed(False)  # between the window and the dialog nothing is open
        window.close()
        window.deleteLater()
        windows.remove(window)
        login = LoginDialog(database, lang=chosen["lang"], switch_language=switch_language)
        signed = login.exec() and login.user is not None
        app.setQuitOnLastWindowClosed(True)
        if signed:
            nxt = open_window(login.user)
            nxt.show()
            nxt.reload()
        else:
            log.info("signed out on %s", os_account())
            app.quit()

    window = open_window(signed_in)
    app.setQuitOnLastWindowClosed(True)
    rc_holder = {"rc": 0}
    if screenshot:
        def _save() -> None:
            app.processEvents()
            ok = all(_grab(window, key, screenshot.replace("{page}", page_file_key(key))) for key in pages)
            if not ok:
                print(f"anbu: could not write {screenshot}", file=sys.stderr)
                rc_holder["rc"] = 5
            app.quit()

        # "--screenshot shots/ko-{page}.png" saves every page the signed-in role sees, one PNG each;
        # --page only that one
        if page:
            pages: tuple[str, ...] = (page,)
        else:
            pages = window.page_keys if "{page}" in screenshot else (window.page_keys[0],)

        def _timeout() -> None:
            print("anbu: the window did not finish loading within 60 s", file=sys.stderr)
            rc_holder["rc"] = 6
            app.quit()

        window.firstLoadDone.connect(lambda: QTimer.singleShot(300, _save))
        QTimer.singleShot(60_000, _timeout)
    window.show()
    freeze_startup_heap()
    favour_gui_thread()
    window.reload()
    if page and not screenshot:
        if page.startswith("household:"):
            window.open_household_ref(page.partition(":")[2])
        else:
            window.show_page(page)
    rc = app.exec()
    wait_for_tasks()
    database.dispose()
    return rc_holder["rc"] or rc

"""The main window: navigation on the left, one page at a time on the right, and a banner that
says when the data is demo data or the phone line is simulated. A household row on any page opens
that household's page; back/forward (toolbar, Alt+Left/Alt+Right, the mouse's side buttons) walk
the pages seen, like a browser."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from care.demo.seed import has_demo_data
from console.common.context import LANG_KEY, ConsoleContext
from console.common.escalation_widgets import EscalationBanner
from console.common.read_only import ConnectionWatch, ReadOnlyBanner
from console.common.scope_selector import ScopeSelector
from console.common.tasks import error_text, run_in_background
from console.common.window_state import (
    available_geometry,
    clamp_to,
    fit_to_screen,
    save_geometry,
    user_settings,
)
from console.pages.access_log.view import AccessLogWidget
from console.pages.devices.view import DevicesWidget
from console.pages.household.view import HouseholdPage
from console.pages.households.view import HouseholdsWidget
from console.pages.overview import OverviewWidget
from console.pages.reports.view import ReportsWidget
from console.pages.review.view import ReviewWidget
from console.pages.schedule.view import ScheduleWidget
from console.pages.settings.view import SettingsWidget
from console.transcribe_dialog import TranscribeRunner
from storage.vocabulary import Role


def _keys(arrow: Qt.Key, standard: QKeySequence.StandardKey) -> list[QKeySequence]:
    """Alt+arrow everywhere, plus the platform's own back/forward keys when they differ."""
    keys = [QKeySequence(Qt.Modifier.ALT | arrow)]
    return keys + [k for k in QKeySequence.keyBindings(standard) if k not in keys]


class MainWindow(QMainWindow):
    firstLoadDone = Signal()
    logoutRequested = Signal()

    PAGES = ("overview", "households", "review", "schedule", "devices", "reports", "access_log", "settings")
    # the least role that sees a page (others: everyone); the services refuse the rest anyway.
    PAGE_ROLES: dict[str, Role] = {"settings": Role.ADMIN, "access_log": Role.SUPERVISOR, "reports": Role.SUPERVISOR}
    REFRESH_ON_SHOW = ("overview", "review", "devices")  # counts that other writers move
    SCROLLED = ("settings",)  # a form taller than a 1280×720 screen scrolls instead of growing the window

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None, *, restore_geometry: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("안부 — 안부 확인 콘솔"))

        self.nav = QListWidget(self)
        self.nav.setFixedWidth(170)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setStyleSheet("QListWidget { font-size: 15px; } QListWidget::item { padding: 10px 8px; }")
        self.stack = QStackedWidget(self)
        self.banner = QLabel(self)
        self.banner.setStyleSheet("background: #fff3cd; color: #664d03; padding: 6px 10px; border-radius: 4px;")
        self.banner.setVisible(False)

        self.escalation_banner = EscalationBanner(ctx, self)  # stays until someone takes the alert
        self.overview = OverviewWidget(ctx, self)
        self.households = HouseholdsWidget(ctx, self)
        pages = {
            "overview": (self.tr("전체 현황"), self.overview),
            "households": (self.tr("가구"), self.households),
            "review": (self.tr("검토"), ReviewWidget(ctx, self)),
            "schedule": (self.tr("일정"), ScheduleWidget(ctx, self)),
            "devices": (self.tr("기기"), DevicesWidget(ctx, self)),
            "reports": (self.tr("보고서"), ReportsWidget(ctx, self)),
            "access_log": (self.tr("접속기록"), AccessLogWidget(ctx, self)),
            "settings": (self.tr("설정"), SettingsWidget(ctx, self)),
        }
        self.pages: dict[str, QWidget] = {}
        # the pages this person's role sees, in order (a screenshot run saves these)
        self.page_keys = tuple(k for k in self.PAGES if k in pages and ctx.at_least(self.PAGE_ROLES.get(k, Role.SOCIAL_WORKER)))
        for key in self.page_keys:
            title, widget = pages[key]
            self.pages[key] = widget
            self.stack.addWidget(self._scrollable(widget) if key in self.SCROLLED else widget)
            QListWidgetItem(title, self.nav)
        self.household = HouseholdPage(ctx, self)
        self.stack.addWidget(self.household)
        self._history: list[tuple[str, int | None]] = [("overview", None)]
        self._at = 0
        self._navigating = False
        self.nav.currentRowChanged.connect(self._nav_chosen)
        self.nav.setCurrentRow(0)
        self.stack.currentChanged.connect(self._page_shown)
        for key in ("overview", "households", "review", "schedule", "devices", "reports"):
            if key in self.pages:  # reports: supervisors only
                self.pages[key].householdRequested.connect(self.open_household)
        self.household.actionDone.connect(self.overview.reload)
        history = self._history_actions()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        # a flag worked on the review page changes the overview's counts: no wait for its poll
        self.pages["review"].actionDone.connect(self.overview.reload)

        self.escalation_banner.acknowledged.connect(lambda _id: self.overview.reload())
        self.escalation_banner.acknowledged.connect(lambda _id: self.pages["review"].reload())
        self.read_only_banner = ReadOnlyBanner(self)  # the server is gone: read-only until it returns
        self.connection = ConnectionWatch(self, ctx.db, self.read_only_banner)
        self.connection.restored.connect(self.reload)
        right = QVBoxLayout()
        right.addWidget(self.read_only_banner)
        right.addWidget(self.escalation_banner)
        right.addWidget(self.banner)
        right.addWidget(self.stack, 1)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        left = QVBoxLayout()
        left.addLayout(history)
        left.addWidget(self.nav, 1)
        self.scope = ScopeSelector(ctx, self)  # my households / 동 / district, remembered per person
        self.scope.setFixedWidth(170)
        self.scope.changed.connect(lambda _scope: self._scope_changed())
        self.scope.failed.connect(self.statusBar().showMessage)
        left.addWidget(self.scope)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)

        self.transcriber = TranscribeRunner(ctx, self)
        transcribe = QPushButton(self.tr("녹음 파일 전사…"), self)
        transcribe.clicked.connect(self.transcribe_files)
        self.statusBar().addPermanentWidget(transcribe)

        refresh = QAction(self.tr("새로 고침"), self)
        refresh.setShortcut("F5")
        refresh.triggered.connect(self.reload)
        self.addAction(refresh)
        self.statusBar().showMessage(self.tr("데이터베이스: %1").replace("%1", ctx.db.path.name if ctx.db.path else "server"))
        self.language = QComboBox(self)
        self.language.addItem("한국어", "ko")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(ctx.lang)))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.statusBar().addPermanentWidget(self.language)
        self._add_who_am_i()

        self._clamped = False
        self._keep_geometry = restore_geometry  # a screenshot run neither restores nor saves it
        fit_to_screen(self, restore=restore_geometry)
        self._pending_first_load = {"overview", "households"}
        self.overview.loaded.connect(lambda _n: self._first_load_part("overview"))
        self.households.loaded.connect(lambda _n: self._first_load_part("households"))

    def _add_who_am_i(self) -> None:
        """Who is signed in (display name and role) and a way out, at the right of the status bar."""
        from console.common.labels import label

        user = self.ctx.user
        if user is None:
            return
        role = label(Role, user.role)
        # "김현정 팀장" already says the role; "최민호 주무관" does not
        self.who_am_i = QLabel(user.display_name if role in user.display_name else f"{user.display_name} · {role}", self)
        self.who_am_i.setToolTip(self.tr("로그인한 사용자: %1").replace("%1", user.username))
        self.statusBar().addPermanentWidget(self.who_am_i)
        self.logout_button = QPushButton(self.tr("로그아웃"), self)
        self.logout_button.clicked.connect(self.logoutRequested)
        self.statusBar().addPermanentWidget(self.logout_button)

    @Slot(int)
    def _language_chosen(self, _index: int) -> None:
        """The choice is the user's own (QSettings, not the shared database); it applies at the
        next start, when every window is built in that language."""
        settings = user_settings()
        settings.setValue(LANG_KEY, self.language.currentData())
        settings.sync()
        self.statusBar().showMessage(self.tr("언어 변경은 다시 시작하면 적용됩니다. / Restart Anbu to switch the language."))

    @Slot()
    def transcribe_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("전사할 녹음 파일"), "", self.tr("WAV 녹음 (*.wav)"))
        if paths:
            self.transcriber.start(paths)

    @staticmethod
    def _scrollable(page: QWidget) -> QScrollArea:
        """A form taller than a 1280×720 laptop's window scrolls instead of pushing the window
        (and its status bar) off the screen."""
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(page)
        return area

    @Slot(int)
    def _page_shown(self, index: int) -> None:
        """A page brought to the front loads at once: its poller only runs while it is visible,
        so without this it would show what it had when it was last on screen."""
        if index >= len(self.page_keys):
            return  # the household page loads when it is opened
        key = self.page_keys[index]
        if key in self.REFRESH_ON_SHOW:
            self.pages[key].reload()

    # --- the household page and the history ------------------------------------------------------
    def _history_actions(self) -> QHBoxLayout:
        """◀ 뒤로 / 앞으로 ▶ above the navigation (not a toolbar: the window's height stays what a
        1280×720 screen allows)."""
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        self.back_action = QAction("◀ " + self.tr("뒤로"), self)
        self.back_action.setShortcuts(_keys(Qt.Key.Key_Left, QKeySequence.StandardKey.Back))
        self.back_action.triggered.connect(self.go_back)
        self.forward_action = QAction(self.tr("앞으로") + " ▶", self)
        self.forward_action.setShortcuts(_keys(Qt.Key.Key_Right, QKeySequence.StandardKey.Forward))
        self.forward_action.triggered.connect(self.go_forward)
        for a in (self.back_action, self.forward_action):
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            button = QToolButton(self)
            button.setDefaultAction(a)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            bar.addWidget(button)
            self.addAction(a)
        self._update_history_actions()
        return bar

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self._at > 0)
        self.forward_action.setEnabled(self._at < len(self._history) - 1)

    def _visit(self, where: tuple[str, int | None]) -> None:
        if self._navigating or self._history[self._at] == where:
            return
        del self._history[self._at + 1:]
        self._history.append(where)
        self._at = len(self._history) - 1
        self._update_history_actions()

    def _go(self, where: tuple[str, int | None]) -> None:
        self._navigating = True
        try:
            key, hid = where
            if key == "household" and hid is not None:
                self._show_household(hid)
            else:
                self.show_page(key)
        finally:
            self._navigating = False
        self._update_history_actions()

    @Slot()
    def go_back(self) -> None:
        if self._at > 0:
            self._at -= 1
            self._go(self._history[self._at])

    @Slot()
    def go_forward(self) -> None:
        if self._at < len(self._history) - 1:
            self._at += 1
            self._go(self._history[self._at])

    @Slot(int)
    def _nav_chosen(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        self._visit((self.page_keys[row], None))

    @Slot(int)
    def open_household(self, household_id: int) -> None:
        """A household row was activated somewhere: its page, and a step in the history."""
        self._show_household(household_id)
        self._visit(("household", household_id))

    def _show_household(self, household_id: int) -> None:
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(-1)
        self.nav.clearSelection()
        self.nav.blockSignals(False)
        self.stack.setCurrentWidget(self.household)
        self.household.open_household(household_id)

    def open_household_ref(self, ref: str) -> None:
        """Open a household by its ref (H000012) or id: `--page household:REF`."""
        from care.households.record import household_id

        run_in_background(self, household_id, self.ctx.db, ref, on_success=self.open_household,
                          on_error=lambda exc: self.statusBar().showMessage(error_text(exc)))

    def eventFilter(self, watched, event) -> bool:
        """The mouse's back/forward buttons anywhere in this window (the tables would swallow them)."""
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(watched, QWidget) \
                and watched.window() is self:
            if event.button() == Qt.MouseButton.BackButton:
                self.go_back()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self.go_forward()
                return True
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._clamped:  # now the window manager's frame is known: keep all of it on screen
            self._clamped = True
            clamp_to(self, available_geometry(self))

    def closeEvent(self, event) -> None:
        if self._keep_geometry:
            save_geometry(self)
        super().closeEvent(event)

    def show_page(self, key: str) -> None:
        row = self.page_keys.index(key)
        if self.nav.currentRow() == row:
            self.stack.setCurrentIndex(row)  # back from the household page to the page still selected
            self._visit((key, None))
        else:
            self.nav.setCurrentRow(row)

    def current_place(self) -> tuple[str, int | None]:
        return self._history[self._at]

    @Slot()
    def reload(self) -> None:
        self.overview.reload()
        self.households.reload()
        shown = self.stack.currentWidget()
        for key in ("review", "schedule", "devices"):
            # a page that reloads whenever it is brought up (REFRESH_ON_SHOW) waits until then:
            # at 10,000 households the review queue and the devices list are seconds of work
            if key in self.pages and (key not in self.REFRESH_ON_SHOW or self._holds(shown, self.pages[key])):
                self.pages[key].reload()
        if self.stack.currentWidget() is self.household:
            self.household.reload()
        run_in_background(self, has_demo_data, self.ctx.db, on_success=self._show_demo_banner)

    def _scope_changed(self) -> None:
        """Every page lists what the new scope shows: the overview, households and schedule now,
        review and devices now if on screen, else when next brought up (REFRESH_ON_SHOW)."""
        self.reload()

    @staticmethod
    def _holds(shown: QWidget | None, page: QWidget) -> bool:
        """Whether the stack's current widget is `page` (or the scroll area around it)."""
        return shown is not None and (shown is page or shown.isAncestorOf(page))

    def _show_demo_banner(self, demo: bool) -> None:
        self.banner.setText(self.tr("데모 데이터입니다 — 실제 주민 정보가 아닙니다."))
        self.banner.setVisible(bool(demo))

    def _first_load_part(self, name: str) -> None:
        if name in self._pending_first_load:
            self._pending_first_load.discard(name)
            if not self._pending_first_load:
                self.firstLoadDone.emit()

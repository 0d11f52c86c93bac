"""The main window: navigation on the left, one page at a time on the right, and a banner that
says when the data is demo data or the phone line is simulated."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
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
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from care.demo.seed import has_demo_data
from console.common.context import LANG_KEY, ConsoleContext
from console.common.escalation_widgets import EscalationBanner
from console.common.tasks import run_in_background
from console.common.window_state import (
    available_geometry,
    clamp_to,
    fit_to_screen,
    save_geometry,
    user_settings,
)
from console.pages.devices.view import DevicesWidget
from console.pages.households.view import HouseholdsWidget
from console.pages.overview import OverviewWidget
from console.pages.review.view import ReviewWidget
from console.pages.schedule.view import ScheduleWidget
from console.pages.settings.view import SettingsWidget
from console.transcribe_dialog import TranscribeRunner


class MainWindow(QMainWindow):
    firstLoadDone = Signal()

    PAGES = ("overview", "households", "review", "schedule", "devices", "settings")
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
            "settings": (self.tr("설정"), SettingsWidget(ctx, self)),
        }
        self.pages: dict[str, QWidget] = {}
        for key in self.PAGES:
            title, widget = pages[key]
            self.pages[key] = widget
            self.stack.addWidget(self._scrollable(widget) if key in self.SCROLLED else widget)
            QListWidgetItem(title, self.nav)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        self.stack.currentChanged.connect(self._page_shown)
        # a flag worked on the review page changes the overview's counts: no wait for its poll
        self.pages["review"].actionDone.connect(self.overview.reload)

        self.escalation_banner.acknowledged.connect(lambda _id: self.overview.reload())
        self.escalation_banner.acknowledged.connect(lambda _id: self.pages["review"].reload())
        right = QVBoxLayout()
        right.addWidget(self.escalation_banner)
        right.addWidget(self.banner)
        right.addWidget(self.stack, 1)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
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

        self._clamped = False
        self._keep_geometry = restore_geometry  # a screenshot run neither restores nor saves it
        fit_to_screen(self, restore=restore_geometry)
        self._pending_first_load = {"overview", "households"}
        self.overview.loaded.connect(lambda _n: self._first_load_part("overview"))
        self.households.loaded.connect(lambda _n: self._first_load_part("households"))

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
        key = self.PAGES[index]
        if key in self.REFRESH_ON_SHOW:
            self.pages[key].reload()

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
        self.nav.setCurrentRow(self.PAGES.index(key))

    @Slot()
    def reload(self) -> None:
        self.overview.reload()
        self.households.reload()
        self.pages["review"].reload()
        self.pages["schedule"].reload()
        self.pages["devices"].reload()
        run_in_background(self, has_demo_data, self.ctx.db, on_success=self._show_demo_banner)

    def _show_demo_banner(self, demo: bool) -> None:
        self.banner.setText(self.tr("데모 데이터입니다 — 실제 주민 정보가 아닙니다."))
        self.banner.setVisible(bool(demo))

    def _first_load_part(self, name: str) -> None:
        if name in self._pending_first_load:
            self._pending_first_load.discard(name)
            if not self._pending_first_load:
                self.firstLoadDone.emit()

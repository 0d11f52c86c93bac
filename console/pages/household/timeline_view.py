"""The timeline tab: a filter by kind, the entries newest first (more are fetched from SQL when
the list is scrolled to its end), and the selected entry's detail with the call player."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from care.households import page as household_page
from care.households.call_detail import CallDetail, call_detail
from care.households.timeline import KINDS, Entry
from console.common.context import ConsoleContext
from console.common.tables import make_table
from console.common.tasks import LatestLoader, error_text
from console.pages.household.call_player import CallPlayerWidget
from console.pages.household.entry_detail import call_html, entry_html
from console.pages.household.timeline_model import TimelineModel, kind_names

PAGE = 50


class TimelineWidget(QWidget):
    pageLoaded = Signal(int)  # rows now in the model
    detailShown = Signal(str, int)  # kind, id

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id: int | None = None
        self.call: CallDetail | None = None
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("전체"), "")
        for key in KINDS:
            self.kind.addItem(kind_names()[key], key)
        self.count = QLabel(self)
        self.model = TimelineModel(self)
        self.table = make_table(self.model, self, stretch=2)
        self.details = QTextBrowser(self)
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(self._anchor_clicked)
        self.player = CallPlayerWidget(ctx, self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("종류"), self))
        top.addWidget(self.kind)
        top.addWidget(self.count, 1)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.details, 1)
        rl.addWidget(self.player)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([6_000, 4_000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.loader = LatestLoader(self, self._show_page, self._failed)
        self.more = LatestLoader(self, self._show_more, self._failed)
        self.detail_loader = LatestLoader(self, self._show_call, self._failed)
        self.kind.currentIndexChanged.connect(self.reload)
        self.model.moreWanted.connect(self._fetch_more)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

    def kinds(self) -> tuple[str, ...]:
        key = self.kind.currentData()
        return (key,) if key else KINDS

    def set_first_page(self, household_id: int, entries: tuple[Entry, ...], limit: int) -> None:
        """The page's first load already carries the newest entries (all kinds)."""
        changed = household_id != self.household_id
        self.household_id = household_id
        if changed:
            self.kind.blockSignals(True)
            self.kind.setCurrentIndex(0)
            self.kind.blockSignals(False)
            self._clear_detail()
        if self.kind.currentData():
            self.reload()
            return
        self.more.cancel()
        keep = self.selected_key()
        self.model.set_entries(list(entries), len(entries) >= limit)
        row = self.model.find(*keep) if keep else -1
        if row >= 0:  # a reload (a poll, an action) keeps the entry being read, and its player, as they were
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(row)
            self.table.selectionModel().blockSignals(False)
        self._loaded()

    def selected_key(self) -> tuple[str, int] | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        e = self.model.row_at(rows[0].row())
        return e.kind, e.id

    @Slot()
    def reload(self) -> None:
        if self.household_id is None:
            return
        self.more.cancel()
        self.loader.load(household_page.timeline_page, self.ctx.db, self.household_id, self.ctx.actor,
                         limit=PAGE, kinds=self.kinds())

    @Slot()
    def _fetch_more(self) -> None:
        if self.household_id is None:
            return
        self.more.load(household_page.timeline_page, self.ctx.db, self.household_id, self.ctx.actor,
                       limit=PAGE, before=self.model.last_cursor(), kinds=self.kinds())

    def _show_page(self, entries: list[Entry]) -> None:
        self._clear_detail()
        self.model.set_entries(entries, len(entries) >= PAGE)
        self._loaded()

    def _show_more(self, entries: list[Entry]) -> None:
        self.model.append_entries(entries, len(entries) >= PAGE)
        self._loaded()

    def _loaded(self) -> None:
        n = self.model.rowCount()
        more = self.tr(" (더 있음 — 아래로 스크롤)") if self.model.has_more else ""
        self.count.setText(self.tr("%n건", "", n) + more)
        self.pageLoaded.emit(n)

    def _failed(self, exc: BaseException) -> None:
        self.model.loading = False
        self.count.setText(error_text(exc))

    def _clear_detail(self) -> None:
        self.detail_loader.cancel()
        self.call = None
        self.player.set_call(None)
        self.details.setHtml("<p style='color:#777;'>" + self.tr("항목을 고르면 자세한 내용이 여기에 나옵니다.") + "</p>")

    @Slot()
    def _selection_changed(self, *_args) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        e = self.model.row_at(rows[0].row())
        self.player.set_call(None)
        self.call = None
        if e.kind == "call":
            self.details.setHtml(entry_html(e))
            self.detail_loader.load(call_detail, self.ctx.db, e.id, self.ctx.actor)
        else:
            self.detail_loader.cancel()
            self.details.setHtml(entry_html(e))
            self.detailShown.emit(e.kind, e.id)

    def _show_call(self, d: CallDetail) -> None:
        self.call = d
        self.details.setHtml(call_html(d))
        self.player.set_call(d)
        self.detailShown.emit("call", d.attempt_id)

    def select(self, kind: str, entry_id: int) -> bool:
        row = self.model.find(kind, entry_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    @Slot(QUrl)
    def _anchor_clicked(self, url: QUrl) -> None:
        parts = url.toString().split(":")
        if len(parts) == 3 and parts[0] == "span":
            try:
                self.player.play_span(float(parts[1]), float(parts[2]))
            except ValueError:
                pass

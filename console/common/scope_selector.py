"""The scope selector under the navigation: my households / one 동 / the whole district. The choice
is the person's own and stored in the database (care.accounts.view_scope), so it is the same on
every PC and after a restart; every page and counter reads it when it loads. A social worker's
role allows only her own households: the box shows that and cannot be changed."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QWidget

from care.accounts import view_scope
from console.common.context import ConsoleContext
from console.common.tasks import LatestLoader, error_text, run_in_background


def _key(kind: str, dong: str = "") -> str:
    """An item's data: plain text (a tuple does not survive the QVariant round trip)."""
    return f"{kind}:{dong}"


def _split(key: str) -> tuple[str, str]:
    kind, _, dong = key.partition(":")
    return kind, dong


class ScopeSelector(QComboBox):
    changed = Signal(object)  # the ViewScope saved: the pages reload
    loaded = Signal(object)  # the ScopeOptions shown
    failed = Signal(str)

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.options: view_scope.ScopeOptions | None = None
        self.setToolTip(self.tr("보기 범위: 모든 화면과 건수가 이 범위를 따릅니다"))
        self.setVisible(False)  # until the options are read (no users: nothing to choose)
        self.loader = LatestLoader(self, self._show, lambda exc: self.failed.emit(error_text(exc)))
        self.activated.connect(self._chosen)
        self.reload()

    @Slot()
    def reload(self) -> None:
        self.loader.load(view_scope.options, self.ctx.db, self.ctx.actor)

    def _show(self, opts: view_scope.ScopeOptions) -> None:
        self.options = opts
        self.blockSignals(True)
        self.clear()
        if view_scope.MINE in opts.kinds:
            self.addItem(self.tr("내 담당 가구"), _key(view_scope.MINE))
        for dong in opts.dongs:
            self.addItem(dong, _key(view_scope.DONG, dong))
        if view_scope.DISTRICT in opts.kinds:
            self.addItem(self.tr("구 전체"), _key(view_scope.DISTRICT))
        self.setCurrentIndex(max(0, self.findData(_key(opts.current.kind, opts.current.dong))))
        self.blockSignals(False)
        self.setEnabled(len(opts.kinds) > 1)
        if len(opts.kinds) == 1:
            self.setToolTip(self.tr("사회복지 담당자는 담당 가구만 볼 수 있습니다"))
        self.setVisible(bool(opts.kinds))
        self.loaded.emit(opts)

    @property
    def choice(self) -> tuple[str, str] | None:
        data = self.currentData()
        return _split(data) if data else None

    def choose(self, kind: str, dong: str = "") -> None:
        """Select and save a choice (what a click on an item does)."""
        index = self.findData(_key(kind, dong))
        if index >= 0:
            self.setCurrentIndex(index)
        self._save(kind, dong)

    @Slot(int)
    def _chosen(self, index: int) -> None:
        self._save(*_split(self.itemData(index)))

    def _save(self, kind: str, dong: str) -> None:
        run_in_background(self, view_scope.choose, self.ctx.db, self.ctx.actor, kind, dong,
                          on_success=self.changed.emit, on_error=lambda exc: self.failed.emit(error_text(exc)))

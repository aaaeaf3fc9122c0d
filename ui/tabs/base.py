"""The skeleton every tab shares (UI.md): summary strip, filter bar, table + detail pane."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.text import PLATFORM_NAMES, platform_name  # noqa: F401 - the tabs and dialogs import it from here
from ui.models.record_model import RecordTableModel
from ui.widgets import EmptyState, SummaryCard, TableView, TagDelegate

# the platforms and their names as the core writes them (CLI, exports, alerts): one table
PLATFORMS = tuple(PLATFORM_NAMES)


class TableTab(QWidget):
    """Subclasses set up columns, filters and the detail pane; rows come from the core."""

    import_requested = Signal()
    demo_requested = Signal()
    selection_changed = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("page")
        self.model = RecordTableModel(self.make_columns(), self.row_key, self, states=self.row_states)
        self.cards: list[tuple[SummaryCard, object]] = []
        # what the shop holds (the window tells every tab on each refresh): an empty table means
        # "import something" only in an empty shop, otherwise "all clear" (UI.md empty states)
        self.has_orders = False
        self.shop_empty = True

        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 6)
        self.strip = QHBoxLayout()
        outer.addLayout(self.strip)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search (Ctrl+F)"))
        self.search.setMinimumWidth(240)
        bar.addWidget(self.search)
        self.platform_box = QComboBox()
        self.platform_box.addItem(self.tr("All platforms"), None)
        for p in PLATFORMS:
            self.platform_box.addItem(platform_name(p), p)
        bar.addWidget(self.platform_box)
        self.status_box = QComboBox()
        self.status_box.addItem(self.tr("All statuses"), None)
        for value, label in self.status_options():
            self.status_box.addItem(label, value)
        bar.addWidget(self.status_box)
        self.risk_only = QCheckBox(self.risk_only_label())
        bar.addWidget(self.risk_only)
        self.extra_filters(bar)
        bar.addStretch(1)
        self.action_bar(bar)
        outer.addLayout(bar)
        self.filter_bar = bar

        self.stack = QStackedWidget()
        self.empty = EmptyState(*self.empty_text())
        self.empty.button.clicked.connect(self._empty_action)
        self.empty.secondary.clicked.connect(self.demo_requested)
        self.empty_mode = "import"
        self.stack.addWidget(self.empty)
        self.splitter = QSplitter(Qt.Horizontal)
        self.table = TableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(TagDelegate(self.table))
        self.table.sortByColumn(-1, Qt.AscendingOrder)
        self.detail_panel = QWidget()
        dl = QVBoxLayout(self.detail_panel)
        dl.setContentsMargins(6, 0, 0, 0)
        self.detail = QTextBrowser()
        self.detail.setObjectName("detail")
        self.detail.setOpenExternalLinks(False)
        dl.addWidget(self.detail, 1)
        self.detail_actions(dl)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 340])
        self.stack.addWidget(self.splitter)
        outer.addWidget(self.stack, 1)

        self.search.textChanged.connect(self._refilter_soon)
        self.platform_box.currentIndexChanged.connect(self.refilter)
        self.status_box.currentIndexChanged.connect(self.refilter)
        self.risk_only.toggled.connect(self.refilter)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _i: self.detail.setFocus())
        QShortcut(QKeySequence.Find, self, activated=self.search.setFocus)
        self._timer = QTimer(self, singleShot=True, interval=200, timeout=self.refilter)
        self._fitted = False

    # -- hooks for subclasses ------------------------------------------------
    def make_columns(self):
        raise NotImplementedError

    def row_key(self, row):
        raise NotImplementedError

    def row_states(self, rows: list) -> list:
        """What each row shows in the table, one comparable value per row: a refresh repaints the
        rows whose value changed (ui/models/patch.py). By default the rows themselves (==)."""
        return rows

    def status_options(self) -> list[tuple[str, str]]:
        return []

    def risk_only_label(self) -> str:
        return self.tr("At risk only")

    def empty_text(self) -> tuple[str, str]:
        """The empty shop: what to import (sentence, button)."""
        return (self.tr("Nothing here yet."), self.tr("Import…"))

    def all_clear_text(self) -> str:
        """The shop has orders, none of them needs this tab: a calm sentence, no alarm."""
        return self.tr("All clear: no open order needs attention right now.")

    def needs_import(self) -> bool:
        """An empty table asks for an import when this tab's data has not been imported yet."""
        return not self.has_orders

    def reset_filters(self) -> None:
        """Subclasses drop their own filter state (e.g. a summary card's) here."""

    def elastic_columns(self) -> dict[str, int]:
        """Columns with long free text (key → minimum width) that give up room first at 1280 px."""
        return {"product": 130, "name": 130, "buyer": 110}

    def fit_to_view(self) -> None:
        keys = self.elastic_columns()
        self.table.fit_to_width({i: keys[c.key] for i, c in enumerate(self.model.columns) if c.key in keys})

    def extra_filters(self, bar: QHBoxLayout) -> None:
        pass

    def action_bar(self, bar: QHBoxLayout) -> None:
        pass

    def detail_actions(self, layout: QVBoxLayout) -> None:
        pass

    def row_text(self, row) -> str:
        return ""

    def row_platform(self, row) -> str | None:
        return getattr(row, "platform", None)

    def row_status(self, row) -> str | None:
        return getattr(row, "status", None)

    def row_at_risk(self, row) -> bool:
        return True

    def extra_predicate(self, row) -> bool:
        return True

    def row_pinned(self, row) -> bool:
        """Shown whatever the filters say (e.g. the row the user just acted on)."""
        return False

    def detail_html(self, row) -> str:
        return ""

    def summary(self, rows) -> list[str]:
        return []

    # -- behaviour -----------------------------------------------------------
    def add_card(self, label: str, colour: str, on_click) -> SummaryCard:
        card = SummaryCard(label, colour)
        card.clicked.connect(on_click)
        self.strip.addWidget(card)
        self.cards.append((card, on_click))
        return card

    def set_rows(self, rows: list, prepared=None) -> None:
        """New rows, patched into the table (changed rows repainted, others left alone); the
        selected rows (by key) and the rows in view stay where they are. ``prepared``: the rows'
        keys and states (record_model.Prepared), when a worker made them with the rows."""
        current = self.current_row()
        key = self.row_key(current) if current is not None else None
        chosen = [self.row_key(r) for r in self.selected_rows()] if key is not None else []
        view = self._view_anchor()
        self.model.set_rows(rows, prepared)
        self.update_empty_state()
        for (card, _), text in zip(self.cards, self.summary(rows), strict=False):
            card.set_value(text)
        if not self._fitted and rows:
            self.table.fit_columns()
            self.fit_to_view()
            self._fitted = True
        if len(chosen) > 1:
            self.select_keys(chosen, key)  # a multi-selection (bulk copy / mark) survives a refresh
        elif key is not None and self.model.row_of_key(key) != self.table.selectionModel().currentIndex().row():
            if not self.select_key(key):  # a reset; Qt keeps the selection through a patch
                self.table.selectionModel().clear()  # the row went away: no neighbour chosen for the seller
        self._restore_anchor(view)
        self.show_detail(self.current_row())

    def _view_anchor(self) -> tuple:
        """The row at the top of the table (its key and pixel offset) and the scroll bar's value."""
        bar = self.table.verticalScrollBar()
        top = self.table.rowAt(0)
        row = self.model.row_at(top)
        if row is None:
            return None, 0, bar.value()
        return self.row_key(row), self.table.rowViewportPosition(top), bar.value()

    def _restore_anchor(self, view: tuple) -> None:
        """The same rows in view after rows were inserted or removed above them: the top row kept
        at the top (the value alone would shift the table by the rows added above)."""
        key, offset, value = view
        bar = self.table.verticalScrollBar()
        r = self.model.row_of_key(key) if key is not None else -1
        if r >= 0:
            self.table.updateGeometries()  # the scroll range for the new row count, before setting it
            per_pixel = self.table.verticalScrollMode() == QAbstractItemView.ScrollPerPixel
            value = self.table.verticalHeader().sectionPosition(r) - offset if per_pixel else r
        bar.setValue(value)

    def select_key(self, key) -> bool:
        r = self.model.row_of_key(key)
        if r < 0:
            return False
        # not selectRow: it reads the keyboard's modifiers, and with Ctrl held (a Ctrl+Enter that
        # moves on) it would add the row to the selection instead of selecting it alone
        self.table.selectionModel().setCurrentIndex(
            self.model.index(r, 0), QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
        self.table.scrollTo(self.model.index(r, 0))
        return True

    def select_keys(self, keys, current_key) -> None:
        """Select these rows (those still shown), the current one being ``current_key``'s."""
        where = {self.row_key(r): i for i, r in enumerate(self.model.visible_rows())}
        sel = QItemSelection()
        for k in keys:
            if k in where:
                sel.select(self.model.index(where[k], 0), self.model.index(where[k], self.model.columnCount() - 1))
        sm = self.table.selectionModel()
        if current_key in where:
            sm.setCurrentIndex(self.model.index(where[current_key], 0), QItemSelectionModel.NoUpdate)
        sm.select(sel, QItemSelectionModel.ClearAndSelect)

    def current_row(self):
        idx = self.table.selectionModel().currentIndex()
        return self.model.row_at(idx.row()) if idx.isValid() else None

    def selected_rows(self) -> list:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        return [self.model.row_at(r) for r in sorted(rows)]

    def _refilter_soon(self) -> None:
        self._timer.start()

    def refilter(self) -> None:
        text = self.search.text().strip().lower()
        plat = self.platform_box.currentData()
        status = self.status_box.currentData()
        risk = self.risk_only.isChecked()

        def keep(r) -> bool:
            if self.row_pinned(r):
                return True
            if plat and self.row_platform(r) != plat:
                return False
            if status and self.row_status(r) != status:
                return False
            if risk and not self.row_at_risk(r):
                return False
            if text and text not in self.row_text(r).lower():
                return False
            return self.extra_predicate(r)

        current = self.current_row()
        self.model.set_filter(keep)
        self.update_empty_state()
        if current is not None:
            self.select_key(self.row_key(current))

    # -- empty states ----------------------------------------------------------
    def set_shop(self, has_orders: bool, empty: bool) -> None:
        """What the shop holds; ``empty``: nothing imported at all (the demo shop is on offer)."""
        self.has_orders, self.shop_empty = has_orders, empty

    def update_empty_state(self) -> None:
        """Table, or the one empty state that fits: import (nothing imported), clear filters
        (rows hidden by the search or filters), or all clear (nothing needs attention)."""
        if self.model.rowCount():
            self.stack.setCurrentIndex(1)
            return
        if self.model.all_rows():
            mode = "filtered"
            self.empty.set_state(self.tr("No rows match the search and filters."), self.tr("Clear filters"),
                                 icon="no-match", primary=False)
        elif self.needs_import():
            mode = "import"
            text, button = self.empty_text()
            demo = self.tr("Or look around a demo shop first") if self.shop_empty else None
            self.empty.set_state(text, button, demo, icon="empty-inbox")
        else:
            mode = "clear"
            self.empty.set_state(self.all_clear_text(), self.tr("Import newer orders…"), icon="all-clear",
                                 primary=False)
        self.empty_mode = mode
        self.stack.setCurrentIndex(0)

    def _empty_action(self) -> None:
        if self.empty_mode == "filtered":
            self.clear_filters()
        else:
            self.import_requested.emit()

    def clear_filters(self) -> None:
        """Every filter back to "all": search, combo boxes and check boxes of the filter bar."""
        self._timer.stop()
        widgets = [w for i in range(self.filter_bar.count()) if (w := self.filter_bar.itemAt(i).widget())]
        for w in widgets:
            w.blockSignals(True)  # one refilter at the end, not one per widget
        try:
            for w in widgets:
                if isinstance(w, QLineEdit):
                    w.clear()
                elif isinstance(w, QComboBox):
                    w.setCurrentIndex(0)
                elif isinstance(w, QCheckBox):
                    w.setChecked(False)
            self.reset_filters()
        finally:
            for w in widgets:
                w.blockSignals(False)
        self.refilter()

    def set_status_filter(self, value) -> None:
        i = self.status_box.findData(value)
        self.status_box.setCurrentIndex(max(i, 0))

    def _current_changed(self, cur, _prev) -> None:
        row = self.model.row_at(cur.row()) if cur.isValid() else None
        self.show_detail(row)
        self.selection_changed.emit(row)

    def show_detail(self, row) -> None:
        self.detail.setHtml(self.detail_html(row) if row is not None else
                            f"<p style='color:#667085'>{self.tr('Select a row to see its details.')}</p>")

"""The skeleton every tab shares (UI.md): summary strip, filter bar, table + detail pane."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
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
    selection_changed = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("page")
        self.model = RecordTableModel(self.make_columns(), self.row_key, self)
        self.cards: list[tuple[SummaryCard, object]] = []

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

        self.stack = QStackedWidget()
        self.empty = EmptyState(*self.empty_text())
        self.empty.button.clicked.connect(self.import_requested)
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

    def status_options(self) -> list[tuple[str, str]]:
        return []

    def risk_only_label(self) -> str:
        return self.tr("At risk only")

    def empty_text(self) -> tuple[str, str]:
        return (self.tr("Nothing here yet."), self.tr("Import…"))

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

    def set_rows(self, rows: list) -> None:
        """Replace the rows, keeping the selected row (by key) and the scroll position."""
        current = self.current_row()
        key = self.row_key(current) if current is not None else None
        scroll = self.table.verticalScrollBar().value()
        self.model.set_rows(rows)
        self.stack.setCurrentIndex(1 if rows else 0)
        for (card, _), text in zip(self.cards, self.summary(rows), strict=False):
            card.set_value(text)
        if not self._fitted and rows:
            self.table.fit_columns()
            self._fitted = True
        if key is not None:
            self.select_key(key)
        self.table.verticalScrollBar().setValue(scroll)
        self.show_detail(self.current_row())

    def select_key(self, key) -> bool:
        r = self.model.row_of_key(key)
        if r < 0:
            return False
        self.table.selectRow(r)
        self.table.scrollTo(self.model.index(r, 0))
        return True

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
        if current is not None:
            self.select_key(self.row_key(current))

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

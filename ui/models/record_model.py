"""One table model for every tab: columns are declared, rows are the core's dataclasses.

Sorting and filtering happen on Python lists inside the model (one key function, one pass),
not through a proxy calling data() per cell: that keeps 100,000 rows quick to sort.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from ui import fmt, style
from ui.models import patch

SORT_ROLE = Qt.UserRole + 1
ROW_ROLE = Qt.UserRole + 2
TAG_ROLE = Qt.UserRole + 3
_ROOT = QModelIndex()


@dataclass
class Column:
    key: str
    header: str
    display: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None
    align: Qt.AlignmentFlag = Qt.AlignLeft | Qt.AlignVCenter
    tag: Callable[[Any], str | None] | None = None  # tag kind for the chip delegate
    foreground: Callable[[Any], str | None] | None = None
    tooltip: Callable[[Any], str] | None = None
    width: int | None = None
    # optional: the sort keys of many rows at once (C-level map/getters instead of a call per row)
    sort_keys: Callable[[list], list] | None = None


def number_column(key, header, getter, fmt=fmt.number, **kw) -> Column:
    return Column(key, header, lambda r: fmt(getter(r)), sort_key=getter,
                  align=Qt.AlignRight | Qt.AlignVCenter, **kw)


@dataclass
class Prepared:
    """New rows with their keys and key → what each shows (``RecordTableModel.states``): made
    where the rows are read when that is a worker, so that the GUI thread only compares."""

    rows: list
    keys: list
    state: dict

    @classmethod
    def of(cls, rows, key: Callable[[Any], Any], states: Callable[[list], list] | None = None) -> Prepared:
        rows = list(rows)
        keys = list(map(key, rows))
        return cls(rows, keys, dict(zip(keys, states(rows) if states else rows, strict=True)))


class RecordTableModel(QAbstractTableModel):
    def __init__(self, columns: list[Column], key: Callable[[Any], Any], parent=None,
                 states: Callable[[list], list] | None = None):
        """``states``: what many rows show, one comparable value each (a changed value is a changed
        row, patched with dataChanged); by default the rows themselves, compared with ``==``."""
        super().__init__(parent)
        self.columns = columns
        self.key = key
        self.states = states
        self._all: list = []
        self._rows: list = []
        self._state: dict = {}  # key → what the row showed when it was set (in-place edits show as changes)
        self._keys: list | None = None  # the visible rows' keys, in order …
        self._where: dict | None = None  # … and key → visible row: made on the first lookup after a change
        self._filter: Callable[[Any], bool] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- data in -----------------------------------------------------------
    def set_rows(self, rows: list, prepared: Prepared | None = None) -> bool:
        """New rows (a refresh): patched into what is shown (ui/models/patch.py); True when the
        model was patched, False when it was reset (first fill, or most rows changed).
        ``prepared``: the rows with their keys and states, made beforehand (on a worker)."""
        with patch.no_gc():
            new = prepared or Prepared.of(rows, self.key, self.states)
            rows, keys, state = new.rows, new.keys, new.state
            shown = self._visible(rows)
            shown_keys = keys if self._filter is None and self._sort is None else list(map(self.key, shown))
            old = self._index()
            self._keys = self._where = None  # made again if a view asks while the rows move
            where = self._rows and patch.patch(self, old, shown, shown_keys, self._state, state)
        if not where:
            self.beginResetModel()
            self._rows = shown
            self.endResetModel()
        self._all, self._state = rows, state
        self._keys, self._where = (shown_keys, where) if where else (None, None)
        return bool(where)

    def row_edited(self, row) -> None:
        """A shown row was changed in place (an action shown before the store has it): repaint that
        row alone, and remember what it shows now so that the refresh confirming it signals nothing."""
        k = self.key(row)
        self._state[k] = (self.states([row]) if self.states else [row])[0]
        r = self.row_of_key(k)
        if r >= 0:
            self.dataChanged.emit(self.index(r, 0), self.index(r, len(self.columns) - 1))

    def refresh_column(self, key: str | None) -> None:
        """A column whose text follows the clock (a countdown), or every column (None), repainted
        in every row: one signal, no row moved (the view repaints the rows in view)."""
        c = next((i for i, col in enumerate(self.columns) if col.key == key), None)
        if (c is not None or key is None) and self._rows:
            first, last = (c, c) if key is not None else (0, len(self.columns) - 1)
            self.dataChanged.emit(self.index(0, first), self.index(len(self._rows) - 1, last))

    def set_filter(self, predicate: Callable[[Any], bool] | None) -> None:
        self.beginResetModel()  # what is shown changes wholesale: reset (the tab reselects by key)
        self._filter = predicate
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        self._rows = self._visible(self._all)
        self._keys = self._where = None

    def _visible(self, rows: list) -> list:
        rows = [r for r in rows if self._filter(r)] if self._filter else list(rows)
        if self._sort:
            col, order = self._sort
            c = self.columns[col]
            getter = c.sort_key or c.display
            keys = c.sort_keys(rows) if c.sort_keys else [getter(r) for r in rows]
            # one key per row, computed once; wrapped (None last) only when a None is present
            if None in keys:
                keys = [_sortable(k) for k in keys]
            elif keys and keys[0].__class__ is str:
                keys = _ranks(keys)
            idx = sorted(range(len(rows)), key=keys.__getitem__, reverse=order == Qt.DescendingOrder)
            rows = list(map(rows.__getitem__, idx))
        return rows

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        # column -1 (QHeaderView: "no sort") keeps the rows in the order they were given
        wanted = (column, order) if 0 <= column < len(self.columns) else None
        if wanted == self._sort and wanted is not None:
            return  # the rows are kept in this order already (QTableView.sortByColumn asks twice)
        self.layoutAboutToBeChanged.emit()
        self._sort = wanted
        self._apply()
        self.layoutChanged.emit()

    # -- lookups -------------------------------------------------------------
    def row_at(self, row: int):
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of_key(self, key) -> int:
        return self._index()[1].get(key, -1)

    def _index(self) -> tuple[list, dict]:
        """The shown rows' keys, and key → row: made once per change of the rows, not per lookup."""
        if self._where is None or len(self._keys) != len(self._rows):
            self._keys = list(map(self.key, self._rows))
            self._where = dict(zip(self._keys, range(len(self._keys)), strict=True))
        return self._keys, self._where

    def all_rows(self) -> list:
        return self._all

    def visible_rows(self) -> list:
        return self._rows

    # -- Qt interface ----------------------------------------------------------
    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role in (Qt.DisplayRole, Qt.ToolTipRole):
            return self.columns[section].header  # tooltip: the full title when the header elides
        if orientation == Qt.Horizontal and role == Qt.TextAlignmentRole:
            return int(self.columns[section].align)
        return None

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        c = self.columns[index.column()]
        if role == Qt.DisplayRole:
            return c.display(r)
        if role == Qt.TextAlignmentRole:
            return int(c.align)
        if role == Qt.ToolTipRole:
            return c.tooltip(r) if c.tooltip else c.display(r)
        if role == TAG_ROLE:
            return c.tag(r) if c.tag else None
        if role == Qt.ForegroundRole and c.foreground:
            colour = c.foreground(r)
            return style.qcolor(colour) if colour else None
        if role == SORT_ROLE:
            return (c.sort_key or c.display)(r)
        if role == ROW_ROLE:
            return r
        return None


def _ranks(keys: list) -> list:
    """Texts that repeat (SKUs, products, platforms) sort much faster as ranks of their distinct
    values: a few thousand string comparisons instead of ~1.7 million."""
    uniq = set(keys)
    if len(uniq) * 2 > len(keys) or not all(k.__class__ is str for k in uniq):
        return keys
    rank = {v: i for i, v in enumerate(sorted(uniq))}
    return list(map(rank.__getitem__, keys))


def _sortable(v):
    # None sorts last in ascending order without comparing None to numbers
    return (v is None, v if v is not None else 0)

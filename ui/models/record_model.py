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


class RecordTableModel(QAbstractTableModel):
    def __init__(self, columns: list[Column], key: Callable[[Any], Any], parent=None):
        super().__init__(parent)
        self.columns = columns
        self.key = key
        self._all: list = []
        self._rows: list = []
        self._filter: Callable[[Any], bool] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- data in -----------------------------------------------------------
    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._apply()
        self.endResetModel()

    def set_filter(self, predicate: Callable[[Any], bool] | None) -> None:
        self.beginResetModel()
        self._filter = predicate
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        rows = [r for r in self._all if self._filter(r)] if self._filter else list(self._all)
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
        self._rows = rows

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
        for i, r in enumerate(self._rows):
            if self.key(r) == key:
                return i
        return -1

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

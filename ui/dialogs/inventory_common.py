"""Pieces the inventory dialogs share: a SKU picker, a read-only table helper, running a ledger
action with the core's message shown when it refuses."""

from __future__ import annotations

import logging
from datetime import date, datetime, time

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
)

from app import timeutil

log = logging.getLogger(__name__)
RIGHT = Qt.AlignRight | Qt.AlignVCenter


def tr(text: str) -> str:
    return QCoreApplication.translate("inventory", text)


def sku_label(code: str, name: str, spec: str | None) -> str:
    return f"{code} · {name}" + (f" {spec}" if spec else "")


class SkuPicker(QComboBox):
    """Editable combo over SKUs: type part of the code or the name, pick from the list."""

    def __init__(self, skus, parent=None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.NoInsert)
        for s in skus:
            self.addItem(sku_label(s.code, s.name, s.spec), s.id)
        c = QCompleter(self.model(), self)
        c.setFilterMode(Qt.MatchContains)
        c.setCaseSensitivity(Qt.CaseInsensitive)
        c.setCompletionMode(QCompleter.PopupCompletion)
        self.setCompleter(c)
        self.setMinimumContentsLength(28)
        self.setCurrentIndex(-1)

    def sku_id(self) -> int | None:
        i = self.findText(self.currentText())
        return self.itemData(i) if i >= 0 else None

    def set_sku(self, sku_id: int | None) -> None:
        self.setCurrentIndex(self.findData(sku_id) if sku_id is not None else -1)


def make_table(headers: list[str], parent=None) -> QTableWidget:
    t = QTableWidget(0, len(headers), parent)
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setSelectionBehavior(QAbstractItemView.SelectRows)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
    t.horizontalHeader().setStretchLastSection(True)
    t.verticalHeader().setDefaultSectionSize(28)
    return t


def cell(text, editable: bool = False, right: bool = False, data=None) -> QTableWidgetItem:
    it = QTableWidgetItem("" if text is None else str(text))
    flags = Qt.ItemIsEnabled | Qt.ItemIsSelectable
    if editable:
        flags |= Qt.ItemIsEditable
    it.setFlags(flags)
    if right:
        it.setTextAlignment(RIGHT)
    if data is not None:
        it.setData(Qt.UserRole, data)
    return it


def fit(table: QTableWidget, max_width: int = 320) -> None:
    table.resizeColumnsToContents()
    for c in range(table.columnCount()):
        table.setColumnWidth(c, min(table.columnWidth(c) + 16, max_width))


def day_to_datetime(d: QDate | date, tz: str) -> datetime:
    """A date the seller picked, as noon in the shop's zone (an arrival day, not a moment)."""
    if isinstance(d, QDate):
        d = date(d.year(), d.month(), d.day())
    return datetime.combine(d, time(12, 0), timeutil.zone(tz))


def run_action(parent, title: str, fn) -> bool:
    """Run a ledger write; a refusal (ValueError) is shown as the core worded it, nothing changes."""
    try:
        fn()
        return True
    except ValueError as exc:
        QMessageBox.warning(parent, title, str(exc))
    except Exception as exc:  # no traceback reaches a seller: it goes to the log
        log.exception("%s failed", title)
        QMessageBox.warning(parent, title, tr("Something went wrong: %1\nDetails are in the log file.")
                            .replace("%1", str(exc)))
    return False

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
    QLabel,
    QTableWidget,
    QTableWidgetItem,
)

from app import timeutil
from ui.tasks import read
from ui.writes import say_failure, write

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


def run_action(parent, title: str, fn, on_done=None):
    """Run a ledger write on a worker (#15), the dialog held meanwhile; ``on_done(result)`` runs on the
    GUI thread when it is booked. A refusal (ValueError) is shown as the core worded it, nothing changes."""
    return write(parent, title, fn, on_done, hold=parent)


def run_steps(parent, title: str, steps: list, on_done, stop_on_error: bool = True):
    """Several ledger writes in one worker, each its own transaction as before; ``on_done(results)`` gets
    the results of those that were booked, after the first failure (if any) was said."""
    def go():
        out, error = [], None
        for step in steps:
            try:
                out.append(step())
            except Exception as exc:  # said on the GUI thread below; the traceback goes to the log
                if not isinstance(exc, ValueError):
                    log.exception("%s failed", title)
                error = error or exc
                if stop_on_error:
                    break
        return out, error

    def done(result):
        out, error = result
        if error is not None:
            say_failure(parent, title, error)
        on_done(out)

    return write(parent, title, go, done, hold=parent)


def read_list(dialog, empty: QLabel, fn, fill, then=None) -> None:
    """A dialog's list read on a worker (#15): the rows shown stay and ``empty`` says "Loading…" until the
    answer comes; then ``fill(rows)`` and ``then()`` run. A failure is said like a failed write."""
    idle = empty.property("idle") or empty.text()
    empty.setProperty("idle", idle)
    empty.setText(tr("Loading…"))

    def done(rows):
        empty.setText(idle)
        fill(rows)
        if then is not None:
            then()

    def failed(exc):
        empty.setText(idle)
        say_failure(dialog, dialog.windowTitle(), exc)

    read(dialog, fn, done, failed)

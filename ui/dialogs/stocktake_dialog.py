"""盘点: enter what is on the shelf, see the differences, confirm them with a reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
)

from app.labels import STOCKTAKE_REASONS
from app.text import label
from ui import style
from ui.dialogs.inventory_common import cell, fit, make_table, run_action

COL_CODE, COL_NAME, COL_SPEC, COL_SYSTEM, COL_COUNT, COL_DIFF = range(6)


class StocktakeDialog(QDialog):
    """Rows: SKUs with their system on-hand. Only rows with a count entered are booked."""

    def __init__(self, svc, stock_rows, now, parent=None, only=None):
        super().__init__(parent)
        self.svc, self.now = svc, now
        self.setWindowTitle(self.tr("Stocktake"))
        self.resize(860, 600)
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("Type the quantity you counted on the shelf. Rows left empty are not "
                               "changed. The difference is booked as a stocktake movement with your reason."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.search = QLineEdit(placeholderText=self.tr("Search SKU code or product"))
        self.search.setClearButtonEnabled(True)
        lay.addWidget(self.search)
        self.table = make_table([self.tr("SKU code"), self.tr("Product"), self.tr("Spec"), self.tr("System on hand"),
                                 self.tr("Counted"), self.tr("Difference")], self)
        rows = [r for r in stock_rows if only is None or r.sku_id in only]
        self.table.setRowCount(len(rows))
        for i, r in enumerate(sorted(rows, key=lambda r: r.sku)):
            self.table.setItem(i, COL_CODE, cell(r.sku, data=r.sku_id))
            self.table.setItem(i, COL_NAME, cell(r.name))
            self.table.setItem(i, COL_SPEC, cell(r.spec or ""))
            self.table.setItem(i, COL_SYSTEM, cell(r.on_hand, right=True, data=r.on_hand))
            self.table.setItem(i, COL_COUNT, cell("", editable=True, right=True))
            self.table.setItem(i, COL_DIFF, cell("", right=True))
        fit(self.table, 260)
        self.table.setColumnWidth(COL_COUNT, 90)
        lay.addWidget(self.table, 1)

        form = QFormLayout()
        self.reason = QComboBox(editable=True)
        self.reason.addItems([label(r) for r in STOCKTAKE_REASONS])
        self.note = QLineEdit(placeholderText=self.tr("Optional, e.g. who counted"))
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Note"), self.note)
        lay.addLayout(form)
        bottom = QHBoxLayout()
        self.summary = QLabel()
        bottom.addWidget(self.summary, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.ok = self.buttons.addButton(self.tr("Confirm stocktake"), QDialogButtonBox.AcceptRole)
        self.ok.setObjectName("primary")
        bottom.addWidget(self.buttons)
        lay.addLayout(bottom)

        self.table.itemChanged.connect(self._changed)
        self.search.textChanged.connect(self._filter)
        self.buttons.rejected.connect(self.reject)
        self.ok.clicked.connect(self.confirm)
        self._update_summary()
        if len(rows) == 1:
            self.table.setCurrentCell(0, COL_COUNT)

    # -- behaviour -----------------------------------------------------------
    def _filter(self, text: str) -> None:
        t = text.strip().lower()
        for i in range(self.table.rowCount()):
            hay = " ".join(self.table.item(i, c).text() for c in (COL_CODE, COL_NAME, COL_SPEC)).lower()
            self.table.setRowHidden(i, bool(t) and t not in hay)

    def _count(self, i: int) -> int | None | str:
        text = self.table.item(i, COL_COUNT).text().strip().replace(",", "")
        if not text:
            return None
        return int(text) if text.isdigit() else "bad"

    def _changed(self, item) -> None:
        if item.column() != COL_COUNT:
            return
        i = item.row()
        diff = self.table.item(i, COL_DIFF)
        c = self._count(i)
        self.table.blockSignals(True)
        if c is None:
            diff.setText("")
        elif c == "bad":
            diff.setText(self.tr("not a number"))
            diff.setForeground(QColor(style.RED))
        else:
            d = c - self.table.item(i, COL_SYSTEM).data(Qt.UserRole)
            diff.setText(f"{d:+d}" if d else "0")
            diff.setForeground(QColor(style.RED if d < 0 else style.GREEN if d > 0 else style.GREY))
        self.table.blockSignals(False)
        self._update_summary()

    def counts(self) -> dict[int, int]:
        out = {}
        for i in range(self.table.rowCount()):
            c = self._count(i)
            if isinstance(c, int):
                out[self.table.item(i, COL_CODE).data(Qt.UserRole)] = c
        return out

    def bad_rows(self) -> list[str]:
        return [self.table.item(i, COL_CODE).text() for i in range(self.table.rowCount()) if self._count(i) == "bad"]

    def _update_summary(self) -> None:
        counts = self.counts()
        plus = minus = differ = 0
        for i in range(self.table.rowCount()):
            c = self._count(i)
            if isinstance(c, int):
                d = c - self.table.item(i, COL_SYSTEM).data(Qt.UserRole)
                differ += d != 0
                plus += max(d, 0)
                minus += max(-d, 0)
        self.summary.setText(self.tr("%1 counted · %2 differ · +%3 / −%4 units")
                             .replace("%1", str(len(counts))).replace("%2", str(differ))
                             .replace("%3", str(plus)).replace("%4", str(minus)))
        self.ok.setEnabled(bool(counts))

    def confirm(self) -> None:
        bad = self.bad_rows()
        if bad:
            QMessageBox.warning(self, self.windowTitle(),
                                self.tr("Counts must be whole numbers of 0 or more. Check: %1")
                                .replace("%1", ", ".join(bad[:5])))
            return
        counts = self.counts()
        reason = self.reason.currentText().strip()
        if not reason:
            QMessageBox.warning(self, self.windowTitle(), self.tr("Please give a reason for the stocktake."))
            return
        note = self.note.text().strip() or None
        if QMessageBox.question(self, self.windowTitle(), self.summary.text() + "\n" + self.tr(
                "Book these counts as the new on-hand (reason: %1)?").replace("%1", reason)) != QMessageBox.Yes:
            return
        self.result_diffs = []

        def booked(diffs):
            self.result_diffs = diffs
            self.accept()

        run_action(self, self.windowTitle(), lambda: self.svc.inventory.stocktake(counts, reason, self.now, note),
                   booked)

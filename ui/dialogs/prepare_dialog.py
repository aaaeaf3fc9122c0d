"""待备货: per SKU what open orders need, the most urgent ship-by deadline first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout

from ui import fmt, style
from ui.dialogs.inventory_common import cell, fit, make_table


class PrepareDialog(QDialog):
    def __init__(self, rows, tz: str, now, parent=None):
        super().__init__(parent)
        self.rows = rows
        self.setWindowTitle(self.tr("To prepare"))
        self.resize(900, 560)
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("Units your open orders need, per SKU, ordered by the earliest ship-by deadline "
                               "among them. “Short” is what on-hand cannot cover."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.table = make_table([self.tr("Earliest ship-by"), self.tr("SKU code"), self.tr("Product"), self.tr("Spec"),
                                 self.tr("Needed"), self.tr("Orders"), self.tr("On hand"), self.tr("Short")], self)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            when = fmt.when(r.earliest, tz, now) if r.earliest else ""
            if r.earliest and not r.by_deadline:
                when = self.tr("paid %1").replace("%1", when)
            late = r.by_deadline and r.earliest is not None and r.earliest <= now
            first = cell(when)
            if late:
                first.setForeground(QColor(style.RED))
                first.setToolTip(self.tr("Deadline already passed"))
            self.table.setItem(i, 0, first)
            self.table.setItem(i, 1, cell(r.sku))
            self.table.setItem(i, 2, cell(r.name))
            self.table.setItem(i, 3, cell(r.spec or ""))
            self.table.setItem(i, 4, cell(r.needed, right=True))
            self.table.setItem(i, 5, cell(r.orders, right=True))
            self.table.setItem(i, 6, cell(r.on_hand, right=True))
            short = cell(r.short or "", right=True)
            if r.short:
                short.setForeground(QColor(style.RED))
            self.table.setItem(i, 7, short)
        fit(self.table, 280)
        lay.addWidget(self.table, 1)
        if not rows:
            self.table.hide()
            empty = QLabel(self.tr("No open order is waiting for stock."))
            empty.setAlignment(Qt.AlignCenter)
            lay.addWidget(empty, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        copy = QPushButton(self.tr("Copy list"))
        buttons.addButton(copy, QDialogButtonBox.ActionRole)
        copy.clicked.connect(self.copy)
        buttons.rejected.connect(self.accept)
        lay.addWidget(buttons)

    def copy(self) -> str:
        """Tab-separated, to paste into a picking sheet or chat."""
        heads = [self.table.horizontalHeaderItem(c).text() for c in range(self.table.columnCount())]
        lines = ["\t".join(heads)] + ["\t".join(self.table.item(i, c).text() for c in range(self.table.columnCount()))
                                      for i in range(self.table.rowCount())]
        text = "\n".join(lines)
        QGuiApplication.clipboard().setText(text)
        return text

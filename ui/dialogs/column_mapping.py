"""Column mapping for an export layout ShopSentry does not know: preview, pick, save as a profile.

The saved mapping is keyed by the file's header set, so the next file with the same columns is
imported without asking (app/imports/mapping.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import order_fields
from app.text import join


def tr(text: str) -> str:
    return QCoreApplication.translate("ColumnMappingDialog", text)


def field_labels() -> dict[str, str]:
    """Canonical fields as the seller reads them (translated)."""
    return {
        "order_id": tr("Order number"), "status": tr("Order status"), "paid_at": tr("Paid time"),
        "product": tr("Product"), "quantity": tr("Quantity"), "amount_paid": tr("Amount paid"),
        "line_id": tr("Sub-order (line) number"), "sku_code": tr("Merchant SKU code"),
        "spec": tr("Specification"), "unit_price": tr("Unit price"),
        "promised_ship_at": tr("Promised ship time"), "shipped_at": tr("Shipped time"),
        "created_at": tr("Order created time"), "after_sale": tr("After-sale status"), "postage": tr("Postage"),
        "buyer": tr("Buyer account"), "recipient": tr("Recipient"), "phone": tr("Recipient phone"),
        "province": tr("Province"), "city": tr("City"), "district": tr("District"), "address": tr("Address"),
        "carrier": tr("Carrier"), "tracking": tr("Tracking number"), "buyer_message": tr("Buyer message"),
        "seller_note": tr("Seller note"),
    }


def platform_labels() -> dict[str, str]:
    return {"douyin": tr("Douyin (抖店)"), "taobao": tr("Taobao / Tmall"), "pdd": tr("Pinduoduo"),
            "kuaishou": tr("Kuaishou"), "tiktok": tr("TikTok Shop")}


class ColumnMappingDialog(QDialog):
    """``preview``: app.imports.mapping.Preview. After exec(): mapping(), platform(), name()."""

    NOT_IN_FILE = ""

    def __init__(self, preview, parent=None, *, fields=None, required=None, platform: str | None = None):
        super().__init__(parent)
        ORDER_FIELDS, REQUIRED = order_fields()
        self.preview = preview
        self.fields = list(fields or ORDER_FIELDS)
        self.required = set(required or REQUIRED)
        self.setWindowTitle(tr("Map the columns of %1").replace("%1", preview.file))
        self.resize(1100, 720)
        lay = QVBoxLayout(self)
        intro = QLabel(tr("ShopSentry does not know the layout of this file yet. Say which column holds what; "
                          "fields marked * are needed. The mapping is saved and used automatically the next "
                          "time a file with the same columns is imported."))
        intro.setWordWrap(True)
        lay.addWidget(intro)

        top = QFormLayout()
        self.platform_box = QComboBox()
        for key, label in platform_labels().items():
            self.platform_box.addItem(label, key)
        if platform:
            self.platform_box.setCurrentIndex(max(0, self.platform_box.findData(platform)))
        top.addRow(tr("Platform"), self.platform_box)
        self.name_edit = QLineEdit(tr("%1 layout").replace("%1", Path(preview.file).stem))
        top.addRow(tr("Save the mapping as"), self.name_edit)
        lay.addLayout(top)

        split = QSplitter(Qt.Vertical)
        split.addWidget(self._columns_box(preview))
        split.addWidget(self._rows_box(preview))
        split.setSizes([430, 200])
        lay.addWidget(split, 1)

        bottom = QHBoxLayout()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #D92D20")
        bottom.addWidget(self.problem, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.ok = self.buttons.addButton(tr("Save and import"), QDialogButtonBox.AcceptRole)
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        bottom.addWidget(self.buttons)
        lay.addLayout(bottom)
        self._changed()

    def _columns_box(self, preview) -> QGroupBox:
        """One row per field: its column in the file (suggested where known) and the first value."""
        box = QGroupBox(tr("Columns"))
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        for c, text in enumerate((tr("Field"), tr("Column in the file"), tr("First value"))):
            head = QLabel(f"<b>{text}</b>")
            grid.addWidget(head, 0, c)
        self.combos: dict[str, QComboBox] = {}
        self.samples: dict[str, QLabel] = {}
        labels = field_labels()
        for r, f in enumerate(self.fields, start=1):
            star = " *" if f in self.required else ""
            grid.addWidget(QLabel(labels.get(f, f) + star), r, 0)
            combo = QComboBox()
            combo.addItem(tr("— not in this file —"), self.NOT_IN_FILE)
            for h in preview.headers:
                if h:
                    combo.addItem(h, h)
            want = preview.suggested.get(f)
            if want:
                combo.setCurrentIndex(max(0, combo.findData(want)))
            combo.currentIndexChanged.connect(self._changed)
            grid.addWidget(combo, r, 1)
            sample = QLabel()
            sample.setTextInteractionFlags(Qt.TextSelectableByMouse)
            sample.setStyleSheet("color: #475467")
            grid.addWidget(sample, r, 2)
            self.combos[f], self.samples[f] = combo, sample
        inner = QWidget()
        inner.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        bl = QVBoxLayout(box)
        bl.addWidget(scroll)
        return box

    def _rows_box(self, preview) -> QGroupBox:
        """The first rows of the file as they are, to see which column holds what."""
        pbox = QGroupBox(tr("The first rows of the file"))
        pl = QVBoxLayout(pbox)
        self.table = QTableWidget(len(preview.rows), len(preview.headers))
        self.table.setHorizontalHeaderLabels([h or "" for h in preview.headers])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(True)
        self.table.setVerticalHeaderLabels([str(n) for n in preview.row_numbers])
        for i, row in enumerate(preview.rows):
            for j in range(len(preview.headers)):
                self.table.setItem(i, j, QTableWidgetItem(row[j] if j < len(row) else ""))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        pl.addWidget(self.table)
        return pbox

    # -- state --------------------------------------------------------------
    def mapping(self) -> dict[str, str]:
        return {f: c.currentData() for f, c in self.combos.items() if c.currentData()}

    def platform(self) -> str:
        return self.platform_box.currentData()

    def name(self) -> str:
        return self.name_edit.text().strip() or self.preview.file

    def set_column(self, field: str, header: str) -> None:
        c = self.combos[field]
        c.setCurrentIndex(max(0, c.findData(header)))

    def problems(self) -> list[str]:
        labels = field_labels()
        m = self.mapping()
        out = [tr("Choose the column for “%1”.").replace("%1", labels[f]) for f in self.fields
               if f in self.required and not m.get(f)]
        used: dict[str, list[str]] = {}
        for f, h in m.items():
            used.setdefault(h, []).append(labels[f])
        out += [tr("Column “%1” is chosen for several fields: %2.").replace("%1", h).replace("%2", join(fs))
                for h, fs in used.items() if len(fs) > 1]
        return out

    def _changed(self) -> None:
        first = self.preview.rows[0] if self.preview.rows else []
        col = {h: j for j, h in enumerate(self.preview.headers)}
        mapped = set()
        for f, combo in self.combos.items():
            h = combo.currentData()
            j = col.get(h) if h else None
            self.samples[f].setText(first[j] if j is not None and j < len(first) else "")
            if j is not None:
                mapped.add(j)
        for j in range(self.table.columnCount()):
            item = self.table.horizontalHeaderItem(j)
            if item is not None:
                item.setForeground(QBrush(QColor("#079455" if j in mapped else "#667085")))
        problems = self.problems()
        self.problem.setText(problems[0] if problems else "")
        self.ok.setEnabled(not problems)

    def accept(self) -> None:
        if self.problems():
            return
        super().accept()

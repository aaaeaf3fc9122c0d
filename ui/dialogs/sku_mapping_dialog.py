"""Order lines no SKU claims, listed for the seller to map (never silently dropped). A mapping is
saved as an alias, so the next import maps the same platform code or product + spec by itself."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from ui.dialogs.inventory_common import SkuPicker, cell, fit, make_table, read_list, run_steps
from ui.tabs.base import platform_name


def guess_sku(skus, product: str | None, spec: str | None):
    """The one SKU whose name and spec both appear in what the platform wrote (title + spec,
    spaces ignored), preferring the most specific; None when it is not clear."""
    hay = f"{product or ''}{spec or ''}".replace(" ", "")
    hits = [s for s in skus if s.name and s.name.replace(" ", "") in hay
            and (not s.spec or s.spec.replace(" ", "") in hay)]
    if not hits:
        return None
    hits.sort(key=lambda s: -len(s.name + (s.spec or "")))
    best = len(hits[0].name + (hits[0].spec or ""))
    return hits[0].id if sum(len(h.name + (h.spec or "")) == best for h in hits) == 1 else None


class SkuMappingDialog(QDialog):
    done_mapping = Signal(int)  # order lines mapped by one click, once booked on the worker
    loaded = Signal()  # the list read on opening is shown

    def __init__(self, svc, skus, parent=None):
        super().__init__(parent)
        self.svc, self.skus = svc, [s for s in skus if s.active]
        self.mapped = 0
        self.setWindowTitle(self.tr("Map order lines to SKUs"))
        self.resize(900, 560)
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("These order lines match no SKU code, so they count neither for stock nor for "
                               "sales. Pick the SKU each one is; ShopSentry remembers it for later imports."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.table = make_table([self.tr("Platform"), self.tr("Platform SKU code"), self.tr("Product"),
                                 self.tr("Spec"), self.tr("Lines"), self.tr("Open units")], self)
        self.table.horizontalHeader().setStretchLastSection(False)
        lay.addWidget(self.table, 1)
        self.empty = QLabel(self.tr("Every order line is matched to a SKU."))
        self.empty.setAlignment(Qt.AlignCenter)
        lay.addWidget(self.empty)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Is SKU")))
        self.sku = SkuPicker(self.skus)
        row.addWidget(self.sku, 1)
        self.everywhere = QCheckBox(self.tr("on every platform"))
        self.everywhere.setToolTip(self.tr("Use this mapping for the same code or product on all platforms"))
        row.addWidget(self.everywhere)
        self.map_btn = QPushButton(self.tr("Map selected"))
        self.map_btn.setObjectName("primary")
        row.addWidget(self.map_btn)
        lay.addLayout(row)
        self.status = QLabel()
        lay.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.accept)
        lay.addWidget(buttons)
        self.map_btn.clicked.connect(self.map_selected)
        self.table.itemSelectionChanged.connect(self._suggest)
        self.groups: list = []
        self.load()

    def load(self, then=None) -> None:
        """The unmatched lines, read on a worker (#15); ``then()`` runs once they are shown."""
        self.map_btn.setEnabled(False)  # the rows may be about to change
        svc = self.svc
        read_list(self, self.empty, lambda: svc.inventory.unmatched(), self._fill, then or self.loaded.emit)

    def _fill(self, groups: list) -> None:
        self.groups = groups
        self.table.setRowCount(len(self.groups))
        for i, g in enumerate(self.groups):
            self.table.setItem(i, 0, cell(platform_name(g.platform), data=i))
            self.table.setItem(i, 1, cell(g.sku_code or ""))
            self.table.setItem(i, 2, cell(g.product or ""))
            self.table.setItem(i, 3, cell(g.spec or ""))
            self.table.setItem(i, 4, cell(g.lines, right=True))
            self.table.setItem(i, 5, cell(g.open_quantity, right=True))
        fit(self.table, 300)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)  # the product title
        self.table.setVisible(bool(self.groups))
        self.empty.setVisible(not self.groups)
        self.map_btn.setEnabled(bool(self.groups))
        if self.groups:
            self.table.selectRow(0)

    def _suggest(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if len(rows) == 1:
            g = self.groups[rows[0]]
            guess = guess_sku(self.skus, g.product, g.spec)
            if guess is not None:
                self.sku.set_sku(guess)

    def map_selected(self) -> None:
        sid = self.sku.sku_id()
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if sid is None or not rows:
            self.status.setText(self.tr("Select one or more rows and the SKU they are."))
            return
        everywhere = self.everywhere.isChecked()
        steps = [partial(self.svc.inventory.map_lines, g.platform, sid, sku_code=g.sku_code, product=g.product,
                         spec=g.spec, all_platforms=everywhere) for g in (self.groups[i] for i in rows)]
        run_steps(self, self.windowTitle(), steps, self._mapped)

    def _mapped(self, counts: list[int]) -> None:
        total = sum(counts)
        self.mapped += total
        self.status.setText(self.tr("%1 order lines mapped.").replace("%1", str(total)))
        self.load(lambda: self.done_mapping.emit(total))

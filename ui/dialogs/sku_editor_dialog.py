"""SKU master: every SKU (inactive ones too) on the left, its settings on the right — safety
stock, lead time, supplier, cost, substitutes, active — plus new SKUs."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.dialogs.inventory_common import run_action, say_failure, sku_label


class SkuEditorDialog(QDialog):
    saved = Signal(int)  # the SKU id, once booked on the worker

    def __init__(self, svc, sku_id=None, parent=None, skus=None):
        """``skus``: the SKU list as the window last read it (off the GUI thread); None reads it on a worker."""
        super().__init__(parent)
        self.svc = svc
        self.skus: dict = {}
        self.changed = False
        self.current: int | None = None
        self.setWindowTitle(self.tr("SKUs"))
        self.resize(880, 560)
        outer = QVBoxLayout(self)
        body = QHBoxLayout()
        left = QVBoxLayout()
        self.search = QLineEdit(placeholderText=self.tr("Search SKU code or product"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.new_btn = QPushButton(self.tr("New SKU…"))
        left.addWidget(self.search)
        left.addWidget(self.list, 1)
        left.addWidget(self.new_btn)
        body.addLayout(left, 2)

        pane = QWidget()
        form = QFormLayout(pane)
        self.code = QLineEdit()
        self.name = QLineEdit()
        self.spec = QLineEdit()
        self.cost = QDoubleSpinBox(decimals=2, maximum=9999999, prefix="¥")
        self.safety = QSpinBox(maximum=999999)
        self.lead = QSpinBox(maximum=365, suffix=self.tr(" days"))
        self.supplier = QLineEdit()
        self.subs = QLineEdit(placeholderText=self.tr("SKU codes, comma separated, first offered first"))
        self.components = QLineEdit(placeholderText=self.tr("Only for a set: component codes, e.g. SS01-01×1, SS02-01×2"))
        self.active = QCheckBox(self.tr("Active (inactive SKUs leave the stock list)"))
        self.aliases = QLabel()
        self.aliases.setWordWrap(True)
        self.aliases.setStyleSheet("color:#475467")
        form.addRow(self.tr("SKU code"), self.code)
        form.addRow(self.tr("Product"), self.name)
        form.addRow(self.tr("Spec"), self.spec)
        form.addRow(self.tr("Cost"), self.cost)
        form.addRow(self.tr("Safety stock"), self.safety)
        form.addRow(self.tr("Lead time"), self.lead)
        form.addRow(self.tr("Supplier"), self.supplier)
        form.addRow(self.tr("Substitutes"), self.subs)
        form.addRow(self.tr("Set of"), self.components)
        form.addRow("", self.active)
        form.addRow(self.tr("Platform aliases"), self.aliases)
        self.save_btn = QPushButton(self.tr("Save"))
        self.save_btn.setObjectName("primary")
        form.addRow("", self.save_btn)
        body.addWidget(pane, 3)
        outer.addLayout(body, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.accept)
        outer.addWidget(buttons)

        self.search.textChanged.connect(self._filter)
        self.list.currentItemChanged.connect(self._picked)
        self.new_btn.clicked.connect(self.new_sku)
        self.save_btn.clicked.connect(self.save)
        if skus is not None:
            self.fill(skus, sku_id)
        else:
            self.load(sku_id)

    def load(self, select_id=None, then=None) -> None:
        """Read every SKU again on a worker (#15), then show the list with ``select_id`` picked."""
        from ui.tasks import read

        svc = self.svc

        def done(skus):
            self.fill(skus, select_id)
            if then is not None:
                then()

        read(self, lambda: svc.inventory.all_skus(), done, lambda exc: say_failure(self, self.windowTitle(), exc))

    def fill(self, skus, select_id=None) -> None:
        self.skus = {s.id: s for s in skus}
        self.list.clear()
        for s in self.skus.values():
            text = sku_label(s.code, s.name, s.spec) + ("" if s.active else self.tr(" (inactive)"))
            it = QListWidgetItem(text)
            it.setData(Qt.UserRole, s.id)
            if not s.active:
                it.setForeground(Qt.gray)
            self.list.addItem(it)
            if s.id == select_id:
                self.list.setCurrentItem(it)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._filter(self.search.text())

    def _filter(self, text: str) -> None:
        t = text.strip().lower()
        for i in range(self.list.count()):
            it = self.list.item(i)
            it.setHidden(bool(t) and t not in it.text().lower())

    def _picked(self, item, _prev=None) -> None:
        if item is None:
            return
        s = self.skus[item.data(Qt.UserRole)]
        self.current = s.id
        self.code.setText(s.code)
        self.code.setReadOnly(True)  # the code is how every platform finds this SKU
        self.name.setText(s.name)
        self.spec.setText(s.spec or "")
        self.cost.setValue(float(s.cost))
        self.safety.setValue(s.safety_stock)
        self.lead.setValue(s.lead_time_days)
        self.supplier.setText(s.supplier or "")
        self.subs.setText(", ".join(s.substitutes))
        self.components.setText(", ".join(f"{c}×{q}" for c, q in s.components))
        self.active.setChecked(s.active)
        self._read_aliases(s.id)

    def _read_aliases(self, sid: int) -> None:
        """The platforms' names for this SKU, read on a worker; shown only if it is still the one picked."""
        from ui.tasks import read

        svc = self.svc
        self.aliases.setText("…")

        def done(info):
            if self.current == sid:
                self.aliases.setText("; ".join(info.aliases) or self.tr("none"))

        read(self, lambda: svc.inventory.sku_info(sid), done)

    def new_sku(self) -> None:
        self.list.setCurrentItem(None)
        self.current = None
        for w in (self.code, self.name, self.spec, self.supplier, self.subs, self.components):
            w.clear()
        self.code.setReadOnly(False)
        self.cost.setValue(0)
        self.safety.setValue(0)
        self.lead.setValue(7)
        self.active.setChecked(True)
        self.aliases.setText("")
        self.code.setFocus()

    def values(self) -> dict:
        subs = [c.strip() for c in self.subs.text().replace("，", ",").split(",") if c.strip()]
        v = {"components": self.components.text(), "name": self.name.text(), "spec": self.spec.text(),
             "cost": Decimal(str(round(self.cost.value(), 2))),
             "safety_stock": self.safety.value(), "lead_time_days": self.lead.value(),
             "supplier": self.supplier.text(), "active": self.active.isChecked(), "substitutes": subs}
        if self.current is None:
            v["code"] = self.code.text()
        return v

    def save(self) -> None:
        sid, values = self.current, self.values()

        def saved(new_id):
            self.changed = True
            self.load(new_id, then=lambda: self.saved.emit(new_id))  # "saved" once the list shows it

        run_action(self, self.windowTitle(), lambda: self.svc.inventory.save_sku(values, sid), saved)

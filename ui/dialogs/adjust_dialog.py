"""Manual stock adjustment: add or remove units with a reason (报损, 退货入库…)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
)

from app.labels import ADJUST_REASONS
from app.text import label
from ui.dialogs.inventory_common import SkuPicker, run_action


class AdjustDialog(QDialog):
    def __init__(self, svc, skus, now, sku_id=None, on_hand: dict | None = None, parent=None):
        super().__init__(parent)
        self.svc, self.now, self.on_hand = svc, now, on_hand or {}
        self.setWindowTitle(self.tr("Adjust stock"))
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.sku = SkuPicker(skus)
        self.sku.set_sku(sku_id)
        self.current = QLabel()
        self.delta = QSpinBox()
        self.delta.setRange(-99999, 99999)
        self.delta.setToolTip(self.tr("Positive adds units, negative removes them"))
        self.after = QLabel()
        self.reason = QComboBox(editable=True)
        self.reason.addItems([label(r) for r in ADJUST_REASONS])
        self.note = QLineEdit(placeholderText=self.tr("Optional"))
        form.addRow(self.tr("SKU"), self.sku)
        form.addRow(self.tr("On hand now"), self.current)
        form.addRow(self.tr("Change (+/−)"), self.delta)
        form.addRow(self.tr("On hand after"), self.after)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Note"), self.note)
        lay.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.ok = self.buttons.addButton(self.tr("Book adjustment"), QDialogButtonBox.AcceptRole)
        self.ok.setObjectName("primary")
        lay.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.ok.clicked.connect(self.confirm)
        self.sku.currentIndexChanged.connect(self._update)
        self.sku.editTextChanged.connect(self._update)
        self.delta.valueChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        sid = self.sku.sku_id()
        cur = self.on_hand.get(sid) if sid is not None else None
        self.current.setText("" if cur is None else str(cur))
        self.after.setText("" if cur is None else str(cur + self.delta.value()))
        self.ok.setEnabled(sid is not None and self.delta.value() != 0)

    def confirm(self) -> None:
        sid, delta = self.sku.sku_id(), self.delta.value()
        reason, note = self.reason.currentText(), self.note.text().strip() or None
        run_action(self, self.windowTitle(), lambda: self.svc.inventory.adjust(sid, delta, reason, self.now, note),
                   lambda _r: self.accept())

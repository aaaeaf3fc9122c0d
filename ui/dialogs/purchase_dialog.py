"""Purchases and goods received: open purchases (incoming, with expected dates) are received
into stock here, and new purchases are entered with the suggested quantity filled in."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from app import timeutil
from ui import fmt
from ui.dialogs.inventory_common import (
    SkuPicker,
    cell,
    day_to_datetime,
    fit,
    make_table,
    read_list,
    run_action,
    run_steps,
)

COL_SKU, COL_NAME, COL_QTY, COL_SUPPLIER, COL_EXPECTED, COL_RECEIVED = range(6)


class PurchaseDialog(QDialog):
    booked = Signal()  # a write landed and the list was read again (writes run on a worker)
    loaded = Signal()  # the list read on opening is shown

    def __init__(self, svc, skus, stock_rows, now, sku_id=None, parent=None):
        super().__init__(parent)
        self.svc, self.now = svc, now
        self.skus = {s.id: s for s in skus}
        self.stock = {r.sku_id: r for r in stock_rows}
        self.changed = False
        self.setWindowTitle(self.tr("Purchases and goods received"))
        self.resize(820, 620)
        lay = QVBoxLayout(self)

        box = QGroupBox(self.tr("Open purchases (incoming)"))
        bl = QVBoxLayout(box)
        self.table = make_table([self.tr("SKU code"), self.tr("Product"), self.tr("Ordered"), self.tr("Supplier"),
                                 self.tr("Expected"), self.tr("Received")], self)
        bl.addWidget(self.table)
        self.empty = QLabel(self.tr("No open purchases. Add one below when you order goods."))
        self.empty.setStyleSheet("color:#667085")
        bl.addWidget(self.empty)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Edit “Received” if fewer arrived than ordered.")), 1)
        self.receive_btn = QPushButton(self.tr("Receive selected into stock"))
        self.receive_btn.setObjectName("primary")
        self.cancel_btn = QPushButton(self.tr("Cancel purchase"))
        row.addWidget(self.cancel_btn)
        row.addWidget(self.receive_btn)
        bl.addLayout(row)
        lay.addWidget(box, 1)

        box2 = QGroupBox(self.tr("New purchase"))
        form = QFormLayout(box2)
        self.sku = SkuPicker(skus)
        self.qty = QSpinBox()
        self.qty.setRange(1, 999999)
        self.suggest = QLabel()
        self.suggest.setWordWrap(True)
        self.suggest.setStyleSheet("color:#475467")
        self.supplier = QLineEdit()
        self.expected = QDateEdit(calendarPopup=True)
        self.expected.setDisplayFormat("yyyy-MM-dd")
        self.arrived = QCheckBox(self.tr("Already arrived: book it into stock now"))
        self.add_btn = QPushButton(self.tr("Add purchase"))
        self.all_btn = QPushButton(self.tr("Order every suggestion…"))
        self.all_btn.setToolTip(self.tr("One purchase per SKU with a suggested order, from its supplier, "
                                        "expected after its lead time"))
        form.addRow(self.tr("SKU"), self.sku)
        form.addRow(self.tr("Quantity"), self.qty)
        form.addRow("", self.suggest)
        form.addRow(self.tr("Supplier"), self.supplier)
        form.addRow(self.tr("Expected arrival"), self.expected)
        form.addRow("", self.arrived)
        row2 = QHBoxLayout()
        row2.addWidget(self.add_btn, 1)
        row2.addWidget(self.all_btn)
        form.addRow("", row2)
        lay.addWidget(box2)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.accept)
        lay.addWidget(buttons)

        self.sku.currentIndexChanged.connect(self._sku_changed)
        self.arrived.toggled.connect(self.expected.setDisabled)
        self.add_btn.clicked.connect(self.add_purchase)
        self.all_btn.clicked.connect(self.order_all)
        self.receive_btn.clicked.connect(self.receive_selected)
        self.cancel_btn.clicked.connect(self.cancel_selected)
        self.sku.set_sku(sku_id)
        self._sku_changed()
        self.load()

    def load(self, then=None) -> None:
        """The open purchases, read on a worker (#15); ``then()`` runs once they are shown."""
        self.receive_btn.setEnabled(False)  # the rows may be about to change
        self.cancel_btn.setEnabled(False)
        svc = self.svc
        read_list(self, self.empty, lambda: svc.inventory.open_purchases(), self._fill,
                  then or self.loaded.emit)

    def _fill(self, pos: list) -> None:
        tz = self.svc.tz
        self.table.setRowCount(len(pos))
        for i, p in enumerate(pos):
            self.table.setItem(i, COL_SKU, cell(p.sku, data=p.id))
            self.table.setItem(i, COL_NAME, cell(p.name))
            self.table.setItem(i, COL_QTY, cell(p.quantity, right=True))
            self.table.setItem(i, COL_SUPPLIER, cell(p.supplier or ""))
            exp = fmt.day(timeutil.local(p.expected_at, tz).date(), self.now, tz) if p.expected_at else ""
            self.table.setItem(i, COL_EXPECTED, cell(exp))
            self.table.setItem(i, COL_RECEIVED, cell(p.quantity, editable=True, right=True))
        fit(self.table, 240)
        self.table.setVisible(bool(pos))
        self.empty.setVisible(not pos)
        self.receive_btn.setEnabled(bool(pos))
        self.cancel_btn.setEnabled(bool(pos))

    def _sku_changed(self) -> None:
        sid = self.sku.sku_id()
        s, st = self.skus.get(sid), self.stock.get(sid)
        lead = s.lead_time_days if s else 7
        today = timeutil.local(self.now, self.svc.tz).date() + timedelta(days=lead)
        self.expected.setDate(QDate(today.year, today.month, today.day))
        self.supplier.setText((s.supplier or "") if s else "")
        if st is not None and st.suggested_order > 0:
            self.qty.setValue(st.suggested_order)
            self.suggest.setText(st.reasons[-1] if st.reasons else "")
        else:
            self.suggest.setText(self.tr("No order suggested for this SKU right now.") if st else "")
        self.add_btn.setEnabled(sid is not None)

    def _selected(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    def add_purchase(self) -> None:
        sid, qty, supplier = self.sku.sku_id(), self.qty.value(), self.supplier.text().strip() or None
        if self.arrived.isChecked():
            run_action(self, self.windowTitle(),
                       lambda: self.svc.inventory.receive_goods(sid, qty, self.now, supplier), self._booked)
        else:
            when = day_to_datetime(self.expected.date(), self.svc.tz)
            run_action(self, self.windowTitle(),
                       lambda: self.svc.inventory.create_purchase(sid, qty, self.now, when, supplier), self._booked)

    def _booked(self, _result=None) -> None:
        """A write landed (on the GUI thread again): the list is read anew."""
        self.changed = True
        self.load(self.booked.emit)

    def suggestions(self) -> list:
        return [r for r in self.stock.values() if r.suggested_order > 0 and not r.bundle]

    def order_all(self) -> None:
        todo = self.suggestions()
        if not todo:
            QMessageBox.information(self, self.windowTitle(), self.tr("No SKU needs ordering right now."))
            return
        units = sum(r.suggested_order for r in todo)
        if QMessageBox.question(self, self.windowTitle(), self.tr("Create %1 purchases for %2 units in total?")
                                .replace("%1", str(len(todo))).replace("%2", str(units))) != QMessageBox.Yes:
            return
        def ordered(_result):
            self.stock = {k: v for k, v in self.stock.items() if v not in todo}  # now incoming
            self._booked()

        run_action(self, self.windowTitle(), lambda: self.svc.inventory.order_suggestions(todo, self.now), ordered)

    def receive_selected(self) -> None:
        rows = self._selected()
        if not rows:
            QMessageBox.information(self, self.windowTitle(), self.tr("Select the purchases that arrived."))
            return
        for i in rows:
            text = self.table.item(i, COL_RECEIVED).text().strip()
            if not text.isdigit():
                QMessageBox.warning(self, self.windowTitle(),
                                    self.tr("“Received” must be a whole number (row %1).").replace("%1", str(i + 1)))
                return
        steps = [partial(self.svc.inventory.receive_purchase, self.table.item(i, COL_SKU).data(Qt.UserRole),
                         int(self.table.item(i, COL_RECEIVED).text().strip()), self.now) for i in rows]
        run_steps(self, self.windowTitle(), steps, self._steps_booked)

    def _steps_booked(self, done: list) -> None:
        if done:
            self.changed = True
        self.load(self.booked.emit)

    def cancel_selected(self) -> None:
        rows = self._selected()
        if not rows:
            return
        if QMessageBox.question(self, self.windowTitle(), self.tr("Cancel %1 purchase(s)? They no longer count as "
                                                                  "incoming.").replace("%1", str(len(rows)))) \
                != QMessageBox.Yes:
            return
        steps = [partial(self.svc.inventory.cancel_purchase, self.table.item(i, COL_SKU).data(Qt.UserRole))
                 for i in rows]
        run_steps(self, self.windowTitle(), steps, self._steps_booked, stop_on_error=False)

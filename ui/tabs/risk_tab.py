"""订单风险: open orders sorted by time left, with level chips, penalties and reasons."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton, QVBoxLayout

from app import timeutil
from ui import fmt, style
from ui.models.record_model import Column, number_column
from ui.tabs.base import TableTab, platform_name

LEVEL_TAG = {"overdue": "red", "critical": "orange", "warning": "amber", "ok": "grey"}
LEVEL_RANK = {"overdue": 0, "critical": 1, "warning": 2, "ok": 3}


class RiskTab(TableTab):
    mark_shipped = Signal(list)  # order pks
    mark_picked_up = Signal(list)
    add_to_contacts = Signal(list)
    export_requested = Signal()

    def __init__(self, tz: str = timeutil.DEFAULT_TZ, parent=None):
        self.tz = tz
        self.now = datetime.now(UTC)
        self.info: dict[int, dict] = {}
        super().__init__(parent)
        self.add_card(self.tr("Overdue"), style.RED, lambda: self.set_status_filter("overdue"))
        self.add_card(self.tr("Due within 6 h"), style.ORANGE, lambda: self.set_status_filter("critical"))
        self.add_card(self.tr("Stock-short orders"), style.AMBER, self._short_only)
        self.add_card(self.tr("Estimated deductions"), "#101828", lambda: self.set_status_filter(None))
        self.table.customContextMenuRequested.connect(self._menu)
        # countdowns move every minute without a reload
        self._tick = QTimer(self, interval=60_000, timeout=self._advance_clock)
        self._tick.start()

    def level_label(self, level: str) -> str:
        return {"overdue": self.tr("Overdue"), "critical": self.tr("Critical"),
                "warning": self.tr("Warning"), "ok": self.tr("OK")}.get(level, level)

    def make_columns(self):
        i = lambda r: self.info.get(r.order_pk, {})  # noqa: E731
        return [
            Column("countdown", self.tr("Time left"), lambda r: fmt.countdown(r.ship_by, self.now),
                   sort_key=lambda r: r.ship_by,
                   foreground=lambda r: style.RED if r.ship_by <= self.now else None),
            Column("level", self.tr("Level"), lambda r: self.level_label(r.level),
                   sort_key=lambda r: (LEVEL_RANK.get(r.level, 9), r.ship_by), tag=lambda r: LEVEL_TAG.get(r.level)),
            Column("platform", self.tr("Platform"), lambda r: platform_name(r.platform),
                   sort_key=lambda r: r.platform),
            Column("order", self.tr("Order ID"), lambda r: r.order_id),
            Column("sku", self.tr("SKU"), lambda r: i(r).get("skus", "")),
            Column("product", self.tr("Product"), lambda r: i(r).get("product", "")),
            Column("buyer", self.tr("Buyer"), lambda r: i(r).get("buyer", "")),
            Column("stock", self.tr("Stock cover"),
                   lambda r: (self.tr("short %1").replace("%1", str(r.short_units)) if r.stock_short
                              else self.tr("covered")),
                   sort_key=lambda r: -r.short_units, tag=lambda r: "red" if r.stock_short else "green"),
            number_column("penalty", self.tr("Est. deduction"), lambda r: r.penalty_estimate, fmt.money),
            Column("ship_by", self.tr("Ship by"), lambda r: fmt.when(r.ship_by, self.tz, self.now),
                   sort_key=lambda r: r.ship_by),
        ]

    def row_key(self, row):
        return row.order_pk

    def status_options(self):
        return [(lv, self.level_label(lv)) for lv in ("overdue", "critical", "warning", "ok")]

    def row_status(self, row):
        return row.level

    def row_at_risk(self, row) -> bool:
        return row.level != "ok" or row.stock_short or row.stop_ship

    def risk_only_label(self) -> str:
        return self.tr("At risk only")

    def empty_text(self):
        return (self.tr("No orders yet. Import an order export from Douyin, Taobao, Pinduoduo, "
                        "Kuaishou or TikTok."), self.tr("Import orders…"))

    def row_text(self, r) -> str:
        i = self.info.get(r.order_pk, {})
        return " ".join([r.order_id, i.get("skus", ""), i.get("product", ""), i.get("buyer", "")])

    def extra_filters(self, bar) -> None:
        from PySide6.QtWidgets import QCheckBox

        self.short_only = QCheckBox(self.tr("Stock-short only"))
        self.short_only.toggled.connect(self.refilter)
        bar.addWidget(self.short_only)

    def extra_predicate(self, row) -> bool:
        return row.stock_short or not self.short_only.isChecked()

    def _short_only(self) -> None:
        self.set_status_filter(None)
        self.short_only.setChecked(True)

    def action_bar(self, bar: QHBoxLayout) -> None:
        exp = QPushButton(self.tr("Export…"))
        exp.clicked.connect(self.export_requested)
        bar.addWidget(exp)

    def detail_actions(self, layout: QVBoxLayout) -> None:
        row = QHBoxLayout()
        self.btn_shipped = QPushButton(self.tr("Mark shipped"))
        self.btn_picked = QPushButton(self.tr("Mark picked up"))
        self.btn_contact = QPushButton(self.tr("Add to contact queue"))
        self.btn_contact.setObjectName("primary")
        self.btn_copy = QPushButton(self.tr("Copy order ID"))
        self.btn_shipped.clicked.connect(lambda: self.mark_shipped.emit(self._pks()))
        self.btn_picked.clicked.connect(lambda: self.mark_picked_up.emit(self._pks()))
        self.btn_contact.clicked.connect(lambda: self.add_to_contacts.emit(self._pks()))
        self.btn_copy.clicked.connect(self.copy_order_ids)
        for b in (self.btn_shipped, self.btn_picked, self.btn_copy):
            row.addWidget(b)
        layout.addLayout(row)
        layout.addWidget(self.btn_contact)

    def _pks(self) -> list[int]:
        return [r.order_pk for r in self.selected_rows() if r is not None]

    def copy_order_ids(self) -> str:
        text = "\n".join(r.order_id for r in self.selected_rows() if r is not None)
        QGuiApplication.clipboard().setText(text)
        return text

    def _menu(self, pos) -> None:
        m = QMenu(self)
        m.addAction(self.tr("Mark shipped"), lambda: self.mark_shipped.emit(self._pks()))
        m.addAction(self.tr("Mark picked up"), lambda: self.mark_picked_up.emit(self._pks()))
        m.addAction(self.tr("Add to contact queue"), lambda: self.add_to_contacts.emit(self._pks()))
        m.addAction(self.tr("Copy order ID"), self.copy_order_ids)
        m.exec(self.table.viewport().mapToGlobal(pos))

    def set_data(self, risks, info: dict, now: datetime) -> None:
        self.info, self.now = info, now
        rows = sorted(risks, key=lambda r: r.ship_by)
        self.set_rows(rows)

    def _advance_clock(self) -> None:
        self.now = datetime.now(UTC)
        self.model.layoutChanged.emit()

    def summary(self, rows) -> list[str]:
        over = sum(r.level == "overdue" for r in rows)
        crit = sum(r.level == "critical" for r in rows)
        short = sum(r.stock_short for r in rows)
        stake = sum((r.penalty_estimate for r in rows if r.level != "ok"), start=0)
        return [str(over), str(crit), str(short), fmt.money(stake)]

    def detail_html(self, r) -> str:
        i = self.info.get(r.order_pk, {})
        verified = "" if r.rule_verified else (
            f" <span style='color:{style.AMBER}'>({escape(self.tr('unverified rule'))})</span>")
        reasons = "".join(f"<li>{escape(x)}</li>" for x in r.reasons)
        fg, bg = style.TAGS[LEVEL_TAG.get(r.level, "grey")]
        return f"""
<h3 style='margin:0'>{escape(platform_name(r.platform))} · {escape(r.order_id)}</h3>
<p><span style='background:{bg};color:{fg};padding:2px 6px'>&nbsp;{escape(self.level_label(r.level))}&nbsp;</span>
&nbsp; {escape(fmt.countdown(r.ship_by, self.now))}</p>
<table cellspacing='4'>
<tr><td style='color:#667085'>{escape(self.tr('Ship by'))}</td><td>{escape(fmt.when(r.ship_by, self.tz, self.now))}</td></tr>
<tr><td style='color:#667085'>{escape(self.tr('Paid'))}</td><td>{escape(fmt.when(r.paid_at, self.tz, self.now))}</td></tr>
<tr><td style='color:#667085'>{escape(self.tr('Amount paid'))}</td><td>{escape(fmt.money(r.amount_paid))}</td></tr>
<tr><td style='color:#667085'>{escape(self.tr('Product'))}</td><td>{escape(i.get('product', ''))}</td></tr>
<tr><td style='color:#667085'>{escape(self.tr('Buyer'))}</td><td>{escape(i.get('buyer', ''))}</td></tr>
<tr><td style='color:#667085'>{escape(self.tr('If shipped now'))}</td><td>{escape(fmt.money(r.penalty_estimate))}</td></tr>
<tr><td style='color:#667085'>{escape(self.tr('If out of stock'))}</td><td>{escape(fmt.money(r.penalty_stockout))}</td></tr>
</table>
<p style='margin-bottom:2px'><b>{escape(self.tr('Why'))}</b></p><ul style='margin-top:0'>{reasons}</ul>
<p style='color:#667085'>{escape(self.tr('Rule'))}: {escape(r.rule)}{verified}</p>"""

"""库存: stock per SKU with status chips, the figures and the reasons behind them."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

from ui import style
from ui.models.record_model import Column, number_column
from ui.tabs.base import TableTab

STATUS_TAG = {"oversold": "red", "out": "orange", "low": "amber", "normal": "grey"}
STATUS_RANK = {"oversold": 0, "out": 1, "low": 2, "normal": 3}


class InventoryTab(TableTab):
    export_requested = Signal()
    sku_selected = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.add_card(self.tr("Oversold"), style.RED, lambda: self.set_status_filter("oversold"))
        self.add_card(self.tr("Out of stock"), style.ORANGE, lambda: self.set_status_filter("out"))
        self.add_card(self.tr("To reorder"), style.AMBER, self._reorder_only)
        self.extra_html: dict[str, str] = {}

    def status_label(self, s: str) -> str:
        return {"oversold": self.tr("Oversold"), "out": self.tr("Out"), "low": self.tr("Low"),
                "normal": self.tr("Normal")}.get(s, s)

    def make_columns(self):
        dec = lambda v: "" if v is None else f"{v}"  # noqa: E731
        return [
            Column("status", self.tr("Status"), lambda r: self.status_label(r.status),
                   sort_key=lambda r: (STATUS_RANK.get(r.status, 9), r.available),
                   tag=lambda r: STATUS_TAG.get(r.status)),
            Column("sku", self.tr("SKU code"), lambda r: r.sku),
            Column("name", self.tr("Product"), lambda r: r.name),
            Column("spec", self.tr("Spec"), lambda r: r.spec or ""),
            number_column("on_hand", self.tr("On hand"), lambda r: r.on_hand),
            number_column("reserved", self.tr("Reserved"), lambda r: r.reserved),
            number_column("available", self.tr("Available"), lambda r: r.available,
                          foreground=lambda r: style.RED if r.available < 0 else None),
            number_column("incoming", self.tr("Incoming"), lambda r: r.incoming),
            number_column("daily", self.tr("Daily sales"), lambda r: r.daily_sales, dec),
            number_column("cover", self.tr("Days of cover"), lambda r: r.days_of_cover, dec),
            number_column("rop", self.tr("Reorder point"), lambda r: r.reorder_point),
            number_column("suggest", self.tr("Suggested order"), lambda r: r.suggested_order),
            Column("stockout", self.tr("Stock-out date"),
                   lambda r: r.stockout_date.isoformat() if r.stockout_date else "",
                   sort_key=lambda r: r.stockout_date),
        ]

    def row_key(self, row):
        return row.sku

    def row_platform(self, row):
        return None

    def status_options(self):
        return [(s, self.status_label(s)) for s in ("oversold", "out", "low", "normal")]

    def row_at_risk(self, row) -> bool:
        return row.status != "normal"

    def row_text(self, r) -> str:
        return f"{r.sku} {r.name} {r.spec or ''}"

    def empty_text(self):
        return (self.tr("No SKUs yet. Import your stock sheet (商家编码, 实际库存…) or an order export."),
                self.tr("Import stock sheet…"))

    def extra_filters(self, bar) -> None:
        self.platform_box.hide()  # stock is shared across platforms

    def _reorder_only(self) -> None:
        self.set_status_filter(None)
        self.risk_only.setChecked(True)

    def action_bar(self, bar: QHBoxLayout) -> None:
        # stocktake, SKU mapping and purchase-list dialogs are not built yet: no dead buttons
        for text, sig in ((self.tr("Export…"), self.export_requested),):
            b = QPushButton(text)
            b.clicked.connect(sig)
            bar.addWidget(b)

    def detail_actions(self, layout: QVBoxLayout) -> None:
        self.chart_holder = QVBoxLayout()
        layout.addLayout(self.chart_holder)

    def set_data(self, skus) -> None:
        self.set_rows(sorted(skus, key=lambda r: (STATUS_RANK.get(r.status, 9), r.available)))

    def summary(self, rows) -> list[str]:
        return [str(sum(r.status == "oversold" for r in rows)), str(sum(r.status == "out" for r in rows)),
                str(sum(r.suggested_order > 0 for r in rows))]

    def show_detail(self, row) -> None:
        super().show_detail(row)
        self.sku_selected.emit(row)

    def detail_html(self, r) -> str:
        fg, bg = style.TAGS[STATUS_TAG.get(r.status, "grey")]
        reasons = "".join(f"<li>{escape(x)}</li>" for x in r.reasons)
        return f"""
<h3 style='margin:0'>{escape(r.sku)} · {escape(r.name)} {escape(r.spec or '')}</h3>
<p><span style='background:{bg};color:{fg}'>&nbsp;{escape(self.status_label(r.status))}&nbsp;</span>
&nbsp; {escape(self.tr('On hand'))} {r.on_hand} · {escape(self.tr('Reserved'))} {r.reserved} ·
{escape(self.tr('Available'))} <b>{r.available}</b></p>
<p style='margin-bottom:2px'><b>{escape(self.tr('Why'))}</b></p><ul style='margin-top:0'>{reasons}</ul>
{self.extra_html.get(r.sku, '')}"""

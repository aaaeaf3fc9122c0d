"""Workbooks the inventory tab hands out: the purchase list and the stock-sheet template.

The template carries the headers the stock-sheet import reads (resources/profiles/stock.json)
and, when the shop has SKUs, one row per SKU with today's on-hand filled in, so a seller
counts, overwrites 实际库存 and imports it back (unchanged rows book nothing).
"""

from __future__ import annotations

from pathlib import Path

from app.inventory.detail import all_skus
from app.inventory.ledger import on_hand_by_sku
from app.labels import stock_label
from app.text import t
from app.xlsx import write_workbook

# the stock-sheet format (Chinese headers in every language: the import reads them back)
TEMPLATE_COLUMNS = [("sku_code", "商家编码", "text"), ("name", "商品名称", "text"), ("spec", "规格", "text"),
                    ("counted", "实际库存", "int"), ("safety_stock", "安全库存", "int"),
                    ("lead_time_days", "采购周期(天)", "int"), ("cost", "成本价", "money"),
                    ("supplier", "供应商", "text")]


def _cols(spec):
    return [{"key": k, "header": h, "kind": kind} for k, h, kind in spec]


def write_template(session, out: Path, tz=None) -> Path:
    on_hand = on_hand_by_sku(session)
    rows = [{"sku_code": s.code, "name": s.name, "spec": s.spec, "counted": on_hand.get(s.id, 0),
             "safety_stock": s.safety_stock, "lead_time_days": s.lead_time_days, "cost": s.cost,
             "supplier": s.supplier} for s in all_skus(session) if s.active and not s.is_bundle]
    if not rows:  # an empty shop gets an example row showing the formats
        rows = [{"sku_code": "SS01-01", "name": "示例：加厚珊瑚绒睡衣", "spec": "粉色 M", "counted": 20,
                 "safety_stock": 10, "lead_time_days": 7, "cost": "25.00", "supplier": "义乌恒发"}]
    return write_workbook(out, [{"title": "库存表", "columns": _cols(TEMPLATE_COLUMNS), "rows": rows}], tz)


def write_purchase_list(rows: list[dict], out: Path, tz=None) -> Path:
    """``rows`` from ``detail.purchase_list``: one sheet, grouped by supplier."""
    cols = [("supplier", t("Supplier"), "text"), ("sku", t("SKU code"), "text"), ("name", t("Product name"), "text"),
            ("spec", t("Spec"), "text"), ("quantity", t("Quantity to buy"), "int"), ("cost", t("Cost"), "money"),
            ("amount", t("Amount"), "money"), ("status", t("Stock status"), "text"),
            ("available", t("Available"), "int"), ("incoming", t("Incoming"), "int"),
            ("lead_time", t("Lead time (days)"), "int"), ("reason", t("Why this many"), "text")]
    shown = [dict(r, status=stock_label(r["status"])) for r in rows]
    return write_workbook(out, [{"title": t("Purchase list"), "columns": _cols(cols), "rows": shown}], tz)

"""The exports sellers hand on: orders, risk, stock, contacts — all through one writer.

Each sheet is built from plain data the service layer gathered (Services.export): nothing here
calls back up into Services."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app import money, timeutil
from app.labels import level_label, stock_label
from app.store.models import Order, OrderLine
from app.text import N_, label, platform_name, t
from app.xlsx import write_workbook

# headers are English sources, shown in the shop's language when the workbook is written
CONTACT_COLUMNS = [("due", N_("Next deadline"), "datetime"), ("status", N_("Status"), "text"),
                   ("platform", N_("Platform"), "text"), ("order_id", N_("Order number"), "text"),
                   ("buyer", N_("Buyer"), "text"), ("product", N_("Product"), "text"), ("reason", N_("Reason"), "text"),
                   ("ship_by", N_("Ship by"), "datetime"), ("template", N_("Template"), "text"),
                   ("message", N_("Message"), "text"), ("new_date", N_("New ship date"), "date"),
                   ("sent_at", N_("Sent at"), "datetime"), ("resolved_at", N_("Resolved at"), "datetime"),
                   ("outcome", N_("Outcome"), "text"), ("escalated", N_("Escalated"), "text"),
                   ("notes", N_("Notes"), "text")]


def c(key, header, kind="text"):
    return {"key": key, "header": header, "kind": kind}


def risk_sheet(risks: list) -> dict:
    """The risk list, from one risk evaluation (Services.risk)."""
    short = t("Short of stock")
    yes, unverified = t("yes"), t("unverified")
    rows = [{"platform": platform_name(r.platform), "order_id": r.order_id, "level": level_label(r.level),
             "ship_by": r.ship_by, "stock_short": short if r.stock_short else "", "short": r.short_units,
             "penalty": r.penalty_estimate, "stockout": r.penalty_stockout, "total": r.penalty_total,
             "rule": r.rule, "rule_stockout": r.rule_stockout,
             "verified": yes if r.penalty_verified else unverified, "reasons": r.reasons} for r in risks]
    # the total counts each charge once (and under a buyer's daily cap): it is the column to add up
    cols = [c("platform", t("Platform")), c("order_id", t("Order number")), c("level", t("Risk level")),
            c("ship_by", t("Ship by"), "datetime"), c("stock_short", t("Stock")),
            c("short", t("Units short"), "int"), c("penalty", t("Expected penalty"), "money"),
            c("stockout", t("Penalty if out of stock"), "money"),
            c("total", t("Most deducted, each charge once"), "money"), c("rule", t("Rule")),
            c("rule_stockout", t("Stock-out rule")), c("verified", t("Rule verified")),
            c("reasons", t("Reason"))]
    return {"title": t("Order risk"), "columns": cols, "rows": rows}


def stock_sheet(stock: list) -> dict:
    """The stock report, from the stock figures (Services.stock)."""
    rows = []
    for s in stock:
        d = s.to_json()
        d.update(status=stock_label(s.status), daily_sales=s.daily_sales, days_of_cover=s.days_of_cover,
                 stockout_date=s.stockout_date)
        rows.append(d)
    cols = [c("status", t("Status")), c("sku", t("SKU code")), c("name", t("Product name")), c("spec", t("Spec")),
            c("on_hand", t("On hand"), "int"), c("reserved", t("Reserved"), "int"),
            c("available", t("Available"), "int"), c("incoming", t("Incoming"), "int"),
            c("daily_sales", t("Daily sales")), c("days_of_cover", t("Days of cover")),
            c("reorder_point", t("Reorder point"), "int"), c("suggested_order", t("Suggested order"), "int"),
            c("stockout_date", t("Expected stock-out"), "date"), c("reasons", t("Explanation"))]
    return {"title": t("Stock"), "columns": cols, "rows": rows}


def contacts_sheet(tasks: list) -> dict:
    """The contact list, from the listed queue (Services.contacts)."""
    from app.contact.service import export_rows

    return {"title": t("Customer contact"), "columns": [c(k, label(h), kind) for k, h, kind in CONTACT_COLUMNS],
            "rows": export_rows(tasks)}


def order_rows(session) -> list[dict]:
    """Every order line with its order, oldest payment first: what the orders sheet lists."""
    q = (select(Order.platform, Order.order_id, Order.status, Order.paid_at, Order.promised_ship_at,
                Order.shipped_at, Order.amount_paid_fen, Order.recipient, Order.phone_masked,
                OrderLine.sku_code, OrderLine.product, OrderLine.spec, OrderLine.quantity)
         .join(OrderLine, OrderLine.order_pk == Order.id).order_by(Order.paid_at))
    return [{"platform": platform_name(p), "order_id": oid, "status": st, "paid_at": pa,
             "promised": pr, "shipped": sh, "amount": money.from_fen(fen), "recipient": rc, "phone": ph,
             "sku": sku, "product": prod, "spec": spec, "qty": q}
            for p, oid, st, pa, pr, sh, fen, rc, ph, sku, prod, spec, q in session.execute(q)]


def orders_sheet(rows: list[dict]) -> dict:
    """The orders sheet, from ``order_rows``."""
    cols = [c("platform", t("Platform")), c("order_id", t("Order number")), c("status", t("Status")),
            c("paid_at", t("Paid at"), "datetime"), c("promised", t("Promised shipping"), "datetime"),
            c("shipped", t("Shipped at"), "datetime"), c("amount", t("Amount paid"), "money"),
            c("recipient", t("Recipient")), c("phone", t("Phone (masked)")), c("sku", t("SKU code")),
            c("product", t("Product")), c("spec", t("Spec")), c("qty", t("Quantity"), "int")]
    return {"title": t("Orders"), "columns": cols, "rows": rows}


SHEETS = {"risk": risk_sheet, "stock": stock_sheet, "contacts": contacts_sheet, "orders": orders_sheet}


def write_report(kind: str, data: list, out: Path, tz: str) -> Path:
    """The ``kind`` report of ``data`` (what Services.export gathered for it) written to ``out``."""
    return write_workbook(out, [SHEETS[kind](data)], timeutil.zone(tz))

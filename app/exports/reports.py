"""The exports sellers hand on: orders, risk, stock, contacts — all through one writer."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from app import money, timeutil
from app.exports.writer import write_workbook
from app.imports.pipeline import PLATFORM_NAMES
from app.store.models import Order, OrderLine

PLATFORM = PLATFORM_NAMES
LEVEL = {"overdue": "已超时", "critical": "紧急", "warning": "预警", "ok": "正常"}
STOCK = {"oversold": "超卖", "out": "无货", "low": "警戒", "normal": "正常"}
TASK = {"todo": "待联系", "sent": "已发送", "replied": "已回复", "resolved": "已解决"}


def c(key, header, kind="text"):
    return {"key": key, "header": header, "kind": kind}


def export_report(svc, kind: str, out: Path, *, now: datetime) -> Path:
    tz = timeutil.zone(svc.tz)
    if kind == "risk":
        rows = [{"platform": PLATFORM.get(r.platform, r.platform), "order_id": r.order_id, "level": LEVEL[r.level],
                 "ship_by": r.ship_by, "stock_short": "缺货" if r.stock_short else "", "short": r.short_units,
                 "penalty": r.penalty_estimate, "stockout": r.penalty_stockout, "rule": r.rule,
                 "reasons": r.reasons} for r in svc.risk(now)]
        cols = [c("platform", "平台"), c("order_id", "订单编号"), c("level", "风险等级"),
                c("ship_by", "最晚发货", "datetime"), c("stock_short", "库存"), c("short", "缺件数", "int"),
                c("penalty", "预计扣款", "money"), c("stockout", "若缺货扣款", "money"), c("rule", "规则"),
                c("reasons", "原因")]
        title = "订单风险"
    elif kind == "stock":
        rows = []
        for s in svc.stock(now):
            d = s.to_json()
            d.update(status=STOCK[s.status], daily_sales=s.daily_sales, days_of_cover=s.days_of_cover,
                     stockout_date=s.stockout_date)
            rows.append(d)
        cols = [c("status", "状态"), c("sku", "商家编码"), c("name", "商品名称"), c("spec", "规格"),
                c("on_hand", "在库", "int"), c("reserved", "占用", "int"), c("available", "可用", "int"),
                c("incoming", "在途", "int"), c("daily_sales", "日均销量"), c("days_of_cover", "可售天数"),
                c("reorder_point", "补货点", "int"), c("suggested_order", "建议采购", "int"),
                c("stockout_date", "预计断货", "date"), c("reasons", "说明")]
        title = "库存"
    elif kind == "contacts":
        rows = [{"platform": PLATFORM.get(t.platform, t.platform), "order_id": t.order_id, "buyer": t.buyer,
                 "product": t.product, "reason": t.reason, "template": t.template, "message": t.message,
                 "status": TASK.get(t.status, t.status), "due": t.due, "outcome": t.outcome or ""}
                for t in svc.contacts(now)]
        cols = [c("platform", "平台"), c("order_id", "订单编号"), c("buyer", "买家"), c("product", "商品"),
                c("reason", "原因"), c("template", "模板"), c("message", "消息"), c("status", "状态"),
                c("due", "应联系时间", "datetime"), c("outcome", "结果")]
        title = "客户联系"
    elif kind == "orders":
        with svc.store.session() as s:
            q = (select(Order.platform, Order.order_id, Order.status, Order.paid_at, Order.promised_ship_at,
                        Order.shipped_at, Order.amount_paid_fen, Order.recipient, Order.phone_masked,
                        OrderLine.sku_code, OrderLine.product, OrderLine.spec, OrderLine.quantity)
                 .join(OrderLine, OrderLine.order_pk == Order.id).order_by(Order.paid_at))
            rows = [{"platform": PLATFORM.get(p, p), "order_id": oid, "status": st, "paid_at": pa,
                     "promised": pr, "shipped": sh, "amount": money.from_fen(fen), "recipient": rc, "phone": ph,
                     "sku": sku, "product": prod, "spec": spec, "qty": q}
                    for p, oid, st, pa, pr, sh, fen, rc, ph, sku, prod, spec, q in s.execute(q)]
        cols = [c("platform", "平台"), c("order_id", "订单编号"), c("status", "状态"),
                c("paid_at", "付款时间", "datetime"), c("promised", "承诺发货", "datetime"),
                c("shipped", "发货时间", "datetime"), c("amount", "实付金额", "money"), c("recipient", "收件人"),
                c("phone", "手机(脱敏)"), c("sku", "商家编码"), c("product", "商品"), c("spec", "规格"),
                c("qty", "数量", "int")]
        title = "订单"
    else:
        raise ValueError(kind)
    return write_workbook(out, [{"title": title, "columns": cols, "rows": rows}], tz)

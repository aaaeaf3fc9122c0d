"""Order look-ups and the seller's own actions on orders (mark shipped / picked up)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.store.models import ImportBatch, Order, OrderLine
from app.text import t


def order_info(session: Session, pks: list[int] | None = None) -> dict[int, dict]:
    """Display fields per order (product, SKUs, buyer with masked phone) in two queries."""
    q = select(Order.id, Order.recipient, Order.buyer, Order.phone_masked, Order.province, Order.city,
               Order.seen_at)
    lq = select(OrderLine.order_pk, OrderLine.sku_code, OrderLine.product, OrderLine.spec, OrderLine.quantity)
    if pks is not None:
        q = q.where(Order.id.in_(pks))
        lq = lq.where(OrderLine.order_pk.in_(pks))
    else:
        q = q.where(Order.status == "unshipped")
        lq = lq.join(Order, Order.id == OrderLine.order_pk).where(Order.status == "unshipped")
    lines = session.execute(lq).all()
    return describe(session.execute(q), lines)


def describe(orders, line_rows) -> dict[int, dict]:
    """``order_info`` from rows: orders (pk, recipient, buyer, phone_masked, province, city, seen_at),
    lines (order_pk, sku_code, product, spec, quantity); app/snapshot.py passes its one read."""
    lines: dict[int, list] = defaultdict(list)
    for pk, code, product, spec, qty in line_rows:
        lines[pk].append((code, product, spec, qty))
    out: dict[int, dict] = {}
    sep = t("; ")
    one = {}.setdefault  # one string per product, SKU list and region shared by many orders (100k kept by the window)
    for pk, recipient, buyer, phone, province, city, seen in orders:
        ls = lines.get(pk, [])
        product = sep.join(f"{p or ''} {s or ''}".strip() + (f" ×{q}" if q and q > 1 else "")
                           for _, p, s, q in ls)
        skus = ", ".join(sorted({c for c, *_ in ls if c}))
        region = " ".join(x for x in (province, city) if x)
        out[pk] = {
            "product": one(product, product),
            "skus": one(skus, skus),
            "buyer": " ".join(x for x in (recipient or buyer, phone) if x),
            "region": one(region, region),
            "seen_at": seen,  # when the export its state comes from was imported (None: demo, typed in)
        }
    return out


def mark_shipped(session: Session, pks: list[int], at: datetime) -> int:
    from app.evaluation import journal

    r = session.execute(update(Order).where(Order.id.in_(pks), Order.status == "unshipped")
                        .values(status="shipped", shipped_at=at, updated_at=at))
    journal.record(session, "order", pks, at)
    return r.rowcount


def mark_picked_up(session: Session, pks: list[int], at: datetime) -> int:
    r = session.execute(update(Order).where(Order.id.in_(pks), Order.picked_up_at.is_(None))
                        .values(picked_up_at=at, updated_at=at))
    return r.rowcount


def counts(session: Session) -> dict:
    total = session.scalar(select(func.count(Order.id))) or 0
    open_ = session.scalar(select(func.count(Order.id)).where(Order.status == "unshipped")) or 0
    last = session.execute(select(ImportBatch.imported_at, ImportBatch.file_name)
                           .where(ImportBatch.status == "imported")
                           .order_by(ImportBatch.imported_at.desc()).limit(1)).first()
    return {"orders": total, "open": open_, "last_import": last[0] if last else None,
            "last_file": last[1] if last else None}

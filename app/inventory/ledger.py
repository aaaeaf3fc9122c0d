"""Shared stock primitives: on-hand from the ledger, open demand, bundles, line → SKU resolution.

Everything here is set-based (one query each), so the risk engine can call it for 100k orders.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from sqlalchemy import and_, exists, func, or_, select, text, update
from sqlalchemy.orm import Session

from app.store.models import BundleComponent, Order, OrderLine, Sku, SkuAlias, StockMovement
from app.text import t

OPEN_STATUS = "unshipped"
SHIPPED_STATUSES = ("shipped", "completed")
COUNT_KINDS = ("sheet", "stocktake")  # movements that set on-hand to a counted figure
# per-line statuses that take a line out of demand even when its order is open
LINE_CLOSED = ("closed", "shipped", "completed")


def on_hand_by_sku(session: Session) -> dict[int, int]:
    rows = session.execute(
        select(StockMovement.sku_id, func.sum(StockMovement.delta)).group_by(StockMovement.sku_id)
    )
    return {sku_id: int(total or 0) for sku_id, total in rows}


def bundle_map(session: Session) -> dict[int, list[tuple[int, int]]]:
    """bundle sku id → [(component sku id, quantity per bundle)]."""
    out: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for b, c, q in session.execute(
        select(BundleComponent.bundle_id, BundleComponent.component_id, BundleComponent.quantity)
    ):
        out[b].append((c, q))
    return dict(out)


def open_line_filter():
    """Lines that still need goods: order unshipped and the line itself not closed/shipped."""
    return and_(
        Order.status == OPEN_STATUS,
        or_(OrderLine.status.is_(None), OrderLine.status.not_in(LINE_CLOSED)),
    )


def reserved_by_sku(session: Session) -> dict[int, int]:
    """Quantity on unshipped, not cancelled orders, bundles expanded to components."""
    bundles = bundle_map(session)
    rows = session.execute(
        select(OrderLine.sku_id, func.sum(OrderLine.quantity))
        .join(Order, Order.id == OrderLine.order_pk)
        .where(open_line_filter(), OrderLine.sku_id.is_not(None))
        .group_by(OrderLine.sku_id)
    )
    return expand_reserved(rows, bundles)


def expand_reserved(sums, bundles: dict[int, list[tuple[int, int]]]) -> dict[int, int]:
    """(sku, units held) pairs (or a mapping) → units per SKU with bundles expanded to components."""
    out: dict[int, int] = defaultdict(int)
    for sku_id, qty in (sums.items() if isinstance(sums, dict) else sums):
        for comp, per in bundles.get(sku_id, [(sku_id, 1)]):
            out[comp] += int(qty) * per
    return dict(out)


def sku_key(code: str) -> str:
    """A SKU code as matched, not as shown: full-width folded (NFKC), case-folded, every space
    removed — ``ＳＳ０１－０２``, ``SS01-02`` with an ideographic space and ``ss01-02`` are one code."""
    return "".join(unicodedata.normalize("NFKC", code).casefold().split())


def sku_resolver(session: Session):
    """A function (platform, 商家编码, product, spec) → SKU id: exact 商家编码 first, then aliases.

    None when the shop has no SKUs and no aliases yet (nothing can match).
    """
    codes = dict(session.execute(select(Sku.code, Sku.id)).all())
    aliases = session.execute(
        select(SkuAlias.platform, SkuAlias.platform_code, SkuAlias.product, SkuAlias.spec, SkuAlias.sku_id)
    ).all()
    if not codes and not aliases:
        return None
    by_key = {}
    for c, s in codes.items():  # an exact code wins over one that only matches once normalised
        by_key.setdefault(sku_key(c), s)
    by_code = {(p, sku_key(c)): s for p, c, _, _, s in aliases if c}
    by_name = {(p, prod, spec or ""): s for p, c, prod, spec, s in aliases if not c and prod}

    def resolve(platform, code, product, spec):
        sku_id = None
        if code:
            key = sku_key(code)
            sku_id = codes.get(code) or by_key.get(key) or by_code.get((platform, key)) or by_code.get(("*", key))
        if sku_id is None and product:
            key = (product, spec or "")
            sku_id = by_name.get((platform, *key)) or by_name.get(("*", *key))
        return sku_id

    return resolve


def resolve_lines(session: Session) -> int:
    """Map unresolved order lines to SKUs (see :func:`sku_resolver`). Returns lines mapped."""
    mapped = 0
    resolve = sku_resolver(session)
    if resolve is None:
        return 0
    pending = session.execute(
        select(OrderLine.id, OrderLine.sku_code, OrderLine.product, OrderLine.spec, Order.platform)
        .join(Order, Order.id == OrderLine.order_pk)
        .where(OrderLine.sku_id.is_(None))
    ).all()
    updates: list[dict] = []
    for line_pk, code, product, spec, platform in pending:
        sku_id = resolve(platform, code, product, spec)
        if sku_id is not None:
            updates.append({"pk": line_pk, "sid": sku_id})
    if updates:
        from sqlalchemy import bindparam

        tbl = OrderLine.__table__
        # Core executemany on the table: one statement for all lines, no ORM bookkeeping
        session.connection().execute(
            update(tbl).where(tbl.c.id == bindparam("pk")).values(sku_id=bindparam("sid")), updates)
        mapped = len(updates)
        from app.evaluation import journal

        journal.record(session, "all")  # lines found their SKU: demand moved between SKUs
    return mapped


def unmatched_lines(session: Session):
    """Open lines no SKU claims: shown to the seller for mapping, never dropped."""
    return session.execute(
        select(Order.platform, OrderLine.sku_code, OrderLine.product, OrderLine.spec,
               func.count(OrderLine.id), func.sum(OrderLine.quantity))
        .join(Order, Order.id == OrderLine.order_pk)
        .where(OrderLine.sku_id.is_(None), open_line_filter())
        .group_by(Order.platform, OrderLine.sku_code, OrderLine.product, OrderLine.spec)
    ).all()


def book_shipments(session: Session, changed_at=None) -> int:
    """Book the stock shipped orders took out since the last count: one 'shipped' movement per
    order line (bundles: per component), each line once. Returns movements booked.

    A line consumes stock only when its SKU has been counted (stock sheet or stocktake) before
    the shipment, so a count already reflects everything shipped before it. The shipment time is
    the export's ship time; without one the payment time, a safe lower bound (an order paid after
    the count was surely not in it). ``changed_at``: only orders an import or action just wrote
    (their ``updated_at``), which keeps a routine import from rescanning every shipped line.
    """
    last = (select(StockMovement.sku_id, func.max(StockMovement.at).label("last"))
            .where(StockMovement.kind.in_(COUNT_KINDS)).group_by(StockMovement.sku_id).subquery())
    ship_time = func.coalesce(Order.shipped_at, Order.paid_at)
    base = (select(OrderLine.id, OrderLine.sku_id, OrderLine.quantity, Order.order_id,
                   ship_time.label("shipped"))
            .join(Order, Order.id == OrderLine.order_pk)
            .where(Order.status.in_(SHIPPED_STATUSES), OrderLine.sku_id.is_not(None),
                   or_(OrderLine.status.is_(None), OrderLine.status != "closed"), ship_time.is_not(None),
                   ~exists().where(StockMovement.order_line_id == OrderLine.id)))
    if changed_at is not None:
        # the just-written orders first, then their lines by index (not a scan of every line)
        base = base.where(OrderLine.order_pk.in_(
            select(Order.id).where(Order.updated_at >= changed_at, Order.status.in_(SHIPPED_STATUSES))))
    bundles = bundle_map(session)
    # one row per counted SKU; the comparison happens here so SQLite starts from the few
    # just-written orders instead of walking every line of every counted SKU
    counted = dict(session.execute(select(last.c.sku_id, last.c.last)).all())
    if not counted:
        return 0
    rows = session.execute(base).all()
    out = []
    for line_id, sku_id, qty, order_id, shipped in rows:
        for comp, per in bundles.get(sku_id, [(sku_id, 1)]):
            seen = counted.get(comp)
            if seen is None or not shipped > seen:
                continue
            out.append({"sku_id": comp, "kind": "shipped", "delta": -int(qty) * per, "at": shipped,
                        "reason": t("Order {order_id} shipped", order_id=order_id), "order_line_id": line_id})
    if out:  # Core: no ORM bookkeeping; a line another process booked meanwhile is left alone
        from app.store.session import insert_once

        insert_once(session.connection(), StockMovement, out, ["order_line_id", "sku_id"],
                    index_where=text("kind = 'shipped'"))
        from app.evaluation import journal

        journal.record(session, "sku", (m["sku_id"] for m in out), changed_at)
    return len(out)

"""What detection reads, set-based: the recent lines, per SKU the earlier orders' prices grouped in
SQL (a few rows per SKU, however many orders), stock and incoming; history times only on demand."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select

from app import timeutil
from app.chunks import in_chunks
from app.incidents.detect import History, Line
from app.inventory.ledger import LINE_CLOSED, OPEN_STATUS, on_hand_by_sku, reserved_by_sku
from app.store.models import Order, OrderLine, PurchaseOrder, Sku, StockMovement

HISTORY_DAYS = 30  # "平时": the usual price and rate over the last 30 days
_NOT_CLOSED = (Order.status != "closed", or_(OrderLine.status.is_(None), OrderLine.status != "closed"),
               OrderLine.quantity > 0)


def paid_unit(amount_fen: int, qty: int, unit_fen: int) -> int:
    """What the buyer paid per piece: the line's paid amount over its quantity, else its price."""
    return amount_fen // qty if amount_fen and qty else unit_fen or 0


def _key(sku_id, code):
    return sku_id if sku_id is not None else ("code", code)


def busy_skus(session, since: datetime, now: datetime, floor: int) -> set:
    """SKU keys with at least ``floor`` recent lines on some platform: the only ones that can burst."""
    rows = session.execute(
        select(OrderLine.sku_id, OrderLine.sku_code).join(Order, Order.id == OrderLine.order_pk)
        .where(Order.paid_at > since, Order.paid_at <= now, or_(OrderLine.sku_id.is_not(None),
                                                                 OrderLine.sku_code.is_not(None)), *_NOT_CLOSED)
        .group_by(Order.platform, OrderLine.sku_id, OrderLine.sku_code).having(func.count() >= floor))
    return {_key(sid, code) for sid, code in rows}


def recent_lines(session, since: datetime, now: datetime, codes: dict[int, str], skus) -> list[Line]:
    o, ln = Order, OrderLine
    rows = []
    for where in _sku_filters(skus):
        rows += session.execute(
            select(o.id, o.platform, o.order_id, o.paid_at, o.status, o.buyer, o.recipient, o.phone_masked,
                   ln.sku_id, ln.sku_code, ln.quantity, ln.amount_fen, ln.unit_price_fen, ln.status)
            .join(o, o.id == ln.order_pk).where(where, o.paid_at > since, o.paid_at <= now, *_NOT_CLOSED)).all()
    out = []
    for pk, plat, oid, paid, st, buyer, rec, phone, sid, code, qty, amount, unit, lst in rows:
        out.append(Line(pk, plat, oid, paid, st == OPEN_STATUS and lst not in LINE_CLOSED,
                        buyer or f"{rec or ''}/{phone or ''}", _key(sid, code), codes.get(sid) or code or "",
                        qty, paid_unit(amount, qty, unit)))
    return out


def _sku_filters(skus) -> list:
    """WHERE clauses for the SKU keys (ids, and ("code", text) for unmatched lines), in IN-list chunks."""
    ids = sorted(k for k in skus if not isinstance(k, tuple))
    codes = sorted(k[1] for k in skus if isinstance(k, tuple))
    return ([OrderLine.sku_id.in_(part) for part in in_chunks(ids)] +
            [and_(OrderLine.sku_id.is_(None), OrderLine.sku_code.in_(part)) for part in in_chunks(codes)])


def history(session, start: datetime, until: datetime, skus) -> dict[object, History]:
    """Per SKU key of ``skus``: prices paid and how many lines, per platform, the first order, the
    cost. Only the busy SKUs are read: a quiet SKU cannot burst, and reading 30 days of every SKU
    would be most of the evaluation."""
    price = OrderLine.amount_fen // OrderLine.quantity
    rows = []
    for where in _sku_filters(skus):
        rows += session.execute(
            select(Order.platform, OrderLine.sku_id, OrderLine.sku_code, price, OrderLine.unit_price_fen,
                   func.count(), func.min(Order.paid_at))
            .join(Order, Order.id == OrderLine.order_pk)
            .where(where, Order.paid_at >= start, Order.paid_at <= until, *_NOT_CLOSED)
            .group_by(Order.platform, OrderLine.sku_id, OrderLine.sku_code, price, OrderLine.unit_price_fen)).all()
    out: dict[object, History] = {}
    for plat, sid, code, paid, unit, n, first in rows:
        h = out.setdefault(_key(sid, code), History(until=until))
        p = paid if paid else unit or 0
        h.prices[p] += n
        h.by_platform.setdefault(plat, Counter())[p] += n
        h.lines += n
        first = timeutil.as_utc(first) if isinstance(first, datetime) else timeutil.as_utc(
            datetime.fromisoformat(str(first)).replace(tzinfo=timeutil.zone("UTC")))
        h.first = first if h.first is None else min(h.first, first)
    ids = [k for k in skus if not isinstance(k, tuple)]
    for part in in_chunks(ids):
        for sid, cost in session.execute(select(Sku.id, Sku.cost_fen).where(Sku.id.in_(part), Sku.cost_fen > 0)):
            out.setdefault(sid, History(until=until)).cost = cost
    return out


def history_times(session, sku, start: datetime, until: datetime) -> list[datetime]:
    col = OrderLine.sku_id == sku if not isinstance(sku, tuple) else OrderLine.sku_code == sku[1]
    return [timeutil.as_utc(t) for t in session.scalars(
        select(Order.paid_at).select_from(OrderLine).join(Order, Order.id == OrderLine.order_pk)
        .where(col, Order.paid_at >= start, Order.paid_at <= until, *_NOT_CLOSED))]


class Cover:
    """Units stock + incoming can still give a window's orders: on hand + open purchases − what
    open orders from before the window already hold. None for a SKU whose stock was never counted."""

    def __init__(self, session):
        self._session = session
        self._data = None

    def __call__(self, sku, window_units: int) -> int | None:
        if isinstance(sku, tuple):
            return None
        if self._data is None:
            s = self._session
            counted = set(s.scalars(select(StockMovement.sku_id).distinct()))
            incoming = dict(s.execute(select(PurchaseOrder.sku_id, func.sum(PurchaseOrder.quantity))
                                      .where(PurchaseOrder.received.is_(False)).group_by(PurchaseOrder.sku_id)).all())
            self._data = (counted, on_hand_by_sku(s), reserved_by_sku(s), incoming)
        counted, on_hand, reserved, incoming = self._data
        if sku not in counted:
            return None
        before = reserved.get(sku, 0) - window_units
        return on_hand.get(sku, 0) + int(incoming.get(sku) or 0) - before


def window_start(now: datetime, lookback: timedelta) -> datetime:
    return now - lookback


def history_start(now: datetime) -> datetime:
    return now - timedelta(days=HISTORY_DAYS)

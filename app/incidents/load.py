"""What detection reads, set-based: the recent lines bare, per SKU the earlier orders' prices grouped
in SQL (a few rows per SKU, however many orders); then the lines, stock and incoming, and history
times only of the few groups that can still burst (``candidates``)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, or_, select

from app import timeutil
from app.chunks import in_chunks
from app.incidents.detect import History, Line, Params, usual_price
from app.inventory.ledger import LINE_CLOSED, OPEN_STATUS, on_hand_by_sku, reserved_by_sku
from app.store.models import Order, OrderLine, PurchaseOrder, Sku, StockMovement
from app.store.session import epoch_seconds, plain_rows

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
    return {key for (_plat, key), rows in groups(recent_rows(session, since, now)).items() if len(rows) >= floor}


def recent_rows(session, since: datetime, now: datetime) -> list[tuple]:
    """Every recent line, bare: (order pk, platform, paid as whole epoch seconds, SKU id, its code when
    no SKU matched, quantity, amount, unit price). Read from the payment-time index and the lines'
    order index alone (0012_room_indexes), however long the shop's history."""
    o, ln = Order, OrderLine
    return plain_rows(session.connection(), select(
        o.id, o.platform, epoch_seconds(o.paid_at), ln.sku_id, case((ln.sku_id.is_(None), ln.sku_code), else_=None),
        ln.quantity, ln.amount_fen, ln.unit_price_fen).join(ln, ln.order_pk == o.id).where(
        o.paid_at > since, o.paid_at <= now, or_(ln.sku_id.is_not(None), ln.sku_code.is_not(None)), *_NOT_CLOSED))


def groups(rows: list[tuple]) -> dict[tuple, list[tuple]]:
    """``recent_rows`` per (platform, SKU key), as ``detect.group`` groups the lines."""
    out: dict[tuple, list[tuple]] = {}
    for row in rows:
        key = (row[1], row[3] if row[3] is not None else ("code", row[4]))
        g = out.get(key)
        if g is None:
            out[key] = [row]
        else:
            g.append(row)
    return out


def candidates(busy: dict[tuple, list[tuple]], hist: dict, p: Params) -> set[tuple]:
    """The (platform, SKU key) groups that can still burst: enough lines at or below the usual price's
    line, or enough orders within one window (whole seconds: never fewer than ``detect`` counts).
    Every other group fails ``detect``'s own tests, so only these groups' lines are read whole."""
    out = set()
    floor, width = min(p.surge_min_orders, p.stock_min_orders), int(p.window.total_seconds())
    for key, rows in busy.items():
        usual, basis = usual_price(hist.get(key[1]), key[0])
        if usual:
            line = usual * (p.cost_ratio if basis == "cost" else p.price_ratio)
            if sum(1 for r in rows if paid_unit(r[6], r[5], r[7]) <= line) >= p.min_orders:
                out.add(key)
                continue
        if len(rows) >= floor and _densest(sorted({(r[2], r[0]) for r in rows}), width) >= floor:
            out.add(key)
    return out


def _densest(orders: list[tuple[int, int]], width: int) -> int:
    """The most orders (paid, pk sorted) within ``width`` seconds of each other."""
    best = start = 0
    for end, (at, _pk) in enumerate(orders):
        while at - orders[start][0] > width:
            start += 1
        best = max(best, end - start + 1)
    return best


def recent_lines(session, since: datetime, now: datetime, codes: dict[int, str], skus, *,
                 pks=None) -> list[Line]:
    """The recent lines of the SKU keys ``skus``; ``pks``: of these orders only (read by id, not by
    SKU: a SKU's index would walk its whole history)."""
    o, ln = Order, OrderLine
    cols = (o.id, o.platform, o.order_id, o.paid_at, o.status, o.buyer, o.recipient, o.phone_masked,
            ln.sku_id, ln.sku_code, ln.quantity, ln.amount_fen, ln.unit_price_fen, ln.status)
    wheres = _sku_filters(skus) if pks is None else [o.id.in_(part) for part in in_chunks(sorted(pks))]
    rows = []
    for where in wheres:  # by order (and line): the same lines in the same order on either database
        rows += session.execute(select(*cols).join(o, o.id == ln.order_pk).where(
            where, o.paid_at > since, o.paid_at <= now, *_NOT_CLOSED).order_by(o.id, ln.id)).all()
    out = []
    for pk, plat, oid, paid, st, buyer, rec, phone, sid, code, qty, amount, unit, lst in rows:
        key = _key(sid, code)
        if pks is not None and (sid is None and code is None or key not in skus):
            continue
        out.append(Line(pk, plat, oid, paid, st == OPEN_STATUS and lst not in LINE_CLOSED,
                        buyer or f"{rec or ''}/{phone or ''}", key, codes.get(sid) or code or "",
                        qty, paid_unit(amount, qty, unit)))
    return out


def _sku_filters(skus) -> list:
    """WHERE clauses for the SKU keys (ids, and ("code", text) for unmatched lines), in IN-list chunks."""
    ids = sorted(k for k in skus if not isinstance(k, tuple))
    codes = sorted(k[1] for k in skus if isinstance(k, tuple))
    return ([OrderLine.sku_id.in_(part) for part in in_chunks(ids)] +
            [and_(OrderLine.sku_id.is_(None), OrderLine.sku_code.in_(part)) for part in in_chunks(codes)])


def history(session, start: datetime, until: datetime, skus, *, first: bool = True) -> dict[object, History]:
    """Per SKU key of ``skus``: prices paid and how many lines, per platform, the first order
    (``first``; else ``first_paid`` adds it for the few that need it), the cost. Grouped in SQL
    from the payment-time index (a SKU's own index would walk its whole history); only the keys
    of ``skus`` are kept (a quiet SKU cannot burst)."""
    price = OrderLine.amount_fen // OrderLine.quantity
    keys = (Order.platform, OrderLine.sku_id, OrderLine.sku_code, price, OrderLine.unit_price_fen)
    q = select(*keys, func.count(), *(func.min(Order.paid_at),) * first).join(
        OrderLine, OrderLine.order_pk == Order.id).where(Order.paid_at >= start, Order.paid_at <= until, *_NOT_CLOSED)
    conn = session.connection()
    if _by_sku(conn, start, until, len(skus)):  # a few SKUs: their own lines, by the SKU's index
        rows = [row for where in _sku_filters(skus) for row in plain_rows(conn, q.where(where).group_by(*keys))]
    else:  # many: every line of the span, by the payment time's index
        rows = plain_rows(conn, q.group_by(*keys))
    out: dict[object, History] = {}
    for plat, sid, code, paid, unit, n, *when in rows:
        key = _key(sid, code)
        if key not in skus:
            continue
        h = out.get(key)
        if h is None:
            h = out[key] = History(until=until)
        p = paid if paid else unit or 0
        h.prices[p] += n
        h.by_platform.setdefault(plat, Counter())[p] += n
        h.lines += n
        if when:
            _first(h, when[0])
    ids = [k for k in skus if not isinstance(k, tuple)]
    for part in in_chunks(ids):
        for sid, cost in session.execute(select(Sku.id, Sku.cost_fen).where(Sku.id.in_(part), Sku.cost_fen > 0)):
            out.setdefault(sid, History(until=until)).cost = cost
    return out


def _by_sku(conn, start: datetime, until: datetime, skus: int) -> bool:
    """Whether reading ``skus`` SKUs' lines through their index (each SKU's whole history, the
    shop's lines over its SKUs on average) costs less than every line of the span."""
    lines = conn.scalar(select(func.max(OrderLine.id))) or 0
    per_sku = lines / max(1, conn.scalar(select(func.count()).select_from(Sku)) or 0)
    return skus * per_sku < conn.scalar(select(func.count()).where(Order.paid_at >= start, Order.paid_at <= until))


def first_paid(session, start: datetime, until: datetime, hist: dict, skus) -> None:
    """``History.first`` of the SKU keys ``skus`` (those whose usual rate is asked for)."""
    for where in _sku_filters([k for k in skus if k in hist]):
        for sid, code, when in session.execute(
                select(OrderLine.sku_id, OrderLine.sku_code, func.min(Order.paid_at)).join(
                    Order, Order.id == OrderLine.order_pk).where(where, Order.paid_at >= start, Order.paid_at <= until,
                                                                 *_NOT_CLOSED).group_by(OrderLine.sku_id, OrderLine.sku_code)):
            _first(hist[_key(sid, code)], when)


def _first(h: History, when) -> None:
    when = timeutil.as_utc(when) if isinstance(when, datetime) else timeutil.as_utc(
        datetime.fromisoformat(str(when)).replace(tzinfo=timeutil.zone("UTC")))
    h.first = when if h.first is None else min(h.first, when)


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

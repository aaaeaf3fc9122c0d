"""Read-side views of one SKU and lists built from the stock report: movement history, the
stock-history and projected path for the chart, substitutes, the 待备货 list, open purchases,
unmatched order lines and the purchase list.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from app import money, timeutil
from app.inventory.ledger import OPEN_STATUS, bundle_map, on_hand_by_sku, open_line_filter
from app.inventory.types import SkuStock
from app.store.models import Order, OrderLine, PurchaseOrder, Sku, SkuAlias, SkuSubstitute, StockMovement
from app.text import t


@dataclass(slots=True)
class Movement:
    at: datetime
    kind: str
    delta: int
    balance: int  # on-hand after this movement
    counted: int | None
    reason: str | None
    note: str | None


@dataclass(slots=True)
class SkuInfo:
    """The master data of one SKU (for the editor and the detail pane)."""

    id: int
    code: str
    name: str
    spec: str | None
    cost: object  # Decimal yuan
    safety_stock: int
    lead_time_days: int
    supplier: str | None
    active: bool
    is_bundle: bool
    substitutes: list[str] = field(default_factory=list)  # codes, first offered first
    aliases: list[str] = field(default_factory=list)  # "pdd: PDD-A" / "*: 睡衣 M"
    components: list[tuple[str, int]] = field(default_factory=list)  # a bundle's (code, per set)


@dataclass(slots=True)
class PrepareRow:
    """待备货: what open orders need of one SKU, most urgent deadline first."""

    sku_id: int
    sku: str
    name: str
    spec: str | None
    needed: int  # units on open orders (bundles expanded)
    orders: int
    on_hand: int
    short: int  # needed beyond on-hand
    earliest: datetime | None  # earliest ship-by among those orders (payment time without one)
    by_deadline: bool  # False: ``earliest`` is a payment time (no deadline known)


@dataclass(slots=True)
class OpenPurchase:
    id: int
    sku_id: int
    sku: str
    name: str
    quantity: int
    supplier: str | None
    expected_at: datetime | None
    created_at: datetime


@dataclass(slots=True)
class Unmatched:
    platform: str
    sku_code: str | None
    product: str | None
    spec: str | None
    lines: int
    quantity: int
    open_quantity: int


def _components(session, bundles=None) -> dict[int, list[tuple[str, int]]]:
    codes = dict(session.execute(select(Sku.id, Sku.code)).all())
    bundles = bundle_map(session) if bundles is None else bundles
    return {b: [(codes[c], q) for c, q in comps] for b, comps in bundles.items()}


def sku_info(session, sku_id: int) -> SkuInfo:
    s = session.get(Sku, sku_id)
    subs = session.execute(select(Sku.code).join(SkuSubstitute, SkuSubstitute.substitute_id == Sku.id)
                           .where(SkuSubstitute.sku_id == sku_id).order_by(SkuSubstitute.rank)).scalars().all()
    aliases = [f"{p}: {c or ' '.join(x for x in (prod, spec) if x)}" for p, c, prod, spec in session.execute(
        select(SkuAlias.platform, SkuAlias.platform_code, SkuAlias.product, SkuAlias.spec)
        .where(SkuAlias.sku_id == sku_id).order_by(SkuAlias.id))]
    return SkuInfo(s.id, s.code, s.name, s.spec, money.from_fen(s.cost_fen), s.safety_stock, s.lead_time_days,
                   s.supplier, s.active, s.is_bundle, list(subs), aliases, _components(session).get(sku_id, []))


def all_skus(session, bundles=None) -> list[SkuInfo]:
    """Every SKU, inactive ones too (the editor is where they come back); ``bundles``: the bundle
    map a refresh read already (app/snapshot.py)."""
    subs: dict[int, list[str]] = defaultdict(list)
    codes = dict(session.execute(select(Sku.id, Sku.code)).all())
    for sid, sub in session.execute(select(SkuSubstitute.sku_id, SkuSubstitute.substitute_id)
                                    .order_by(SkuSubstitute.rank)):
        subs[sid].append(codes[sub])
    comps = _components(session, bundles)
    return [SkuInfo(s.id, s.code, s.name, s.spec, money.from_fen(s.cost_fen), s.safety_stock, s.lead_time_days,
                    s.supplier, s.active, s.is_bundle, subs.get(s.id, []), [], comps.get(s.id, []))
            for s in session.scalars(select(Sku).order_by(Sku.code))]


def movements(session, sku_id: int, limit: int = 200, tz: str | None = None) -> list[Movement]:
    """Newest first, each with the running on-hand after it. With ``tz``, one day's shipments
    are one row ("发货 −14, 9 单") so counts and receipts stay in view."""
    rows = session.execute(select(StockMovement.at, StockMovement.kind, StockMovement.delta, StockMovement.counted,
                                  StockMovement.reason, StockMovement.note)
                           .where(StockMovement.sku_id == sku_id).order_by(StockMovement.at, StockMovement.id)).all()
    zone = timeutil.zone(tz) if tz else None
    out: list[Movement] = []
    bal, merged = 0, 0
    for at, kind, delta, counted, reason, note in rows:
        bal += delta
        prev = out[-1] if out else None
        if (zone and kind == "shipped" and prev is not None and prev.kind == "shipped"
                and prev.at.astimezone(zone).date() == at.astimezone(zone).date()):
            merged += 1
            prev.at, prev.delta, prev.balance = at, prev.delta + delta, bal
            prev.reason = t("{n} orders shipped", n=merged)
            continue
        merged = 1
        out.append(Movement(at, kind, delta, bal, counted, reason, note))
    return out[::-1][:limit]


def history_series(session, sku_id: int, now: datetime, tz: str | None, days: int = 30) -> list[tuple[date, int]]:
    """Closing on-hand per day over the last ``days`` days (ledger balance)."""
    zone = timeutil.zone(tz)
    today = now.astimezone(zone).date()
    start = today - timedelta(days=days - 1)
    per_day: dict[date, int] = defaultdict(int)
    opening = 0
    for at, delta in session.execute(select(StockMovement.at, StockMovement.delta)
                                     .where(StockMovement.sku_id == sku_id, StockMovement.at <= now)):
        d = at.astimezone(zone).date()
        if d < start:
            opening += delta
        else:
            per_day[d] += delta
    out, bal = [], opening
    for i in range(days):
        d = start + timedelta(days=i)
        bal += per_day.get(d, 0)
        out.append((d, bal))
    return out


def projection(stock: SkuStock, today: date) -> list[tuple[date, int]]:
    """Straight line from today's available down at the daily sales rate to the stock-out date
    (empty when nothing sells or nothing is available)."""
    if stock.available <= 0 or stock.daily_sales <= 0 or stock.days_of_cover is None:
        return []
    # the shelf's own path (arrivals that push the stock-out date later are in the reasons)
    return [(today, stock.available), (today + timedelta(days=int(stock.days_of_cover)), 0)]


def substitutes(session, sku_id: int) -> list[tuple[str, str, str | None]]:
    return session.execute(select(Sku.code, Sku.name, Sku.spec)
                           .join(SkuSubstitute, SkuSubstitute.substitute_id == Sku.id)
                           .where(SkuSubstitute.sku_id == sku_id).order_by(SkuSubstitute.rank)).all()


def to_prepare(session, ship_by: dict[int, datetime], data=None) -> list[PrepareRow]:
    """Per SKU the units open orders need, ordered by the earliest ship-by among them.

    ``ship_by`` maps order pk → deadline (from the risk engine); an order without one falls back
    to its payment time, and a SKU whose orders all lack deadlines sorts after those that have one.
    ``data``: this refresh's one read (app/snapshot.py ShopData): its lines, on-hand and bundles.
    """
    if data is not None:
        bundles, on_hand = data.bundles, data.on_hand
        lines = [ln for ln in data.open_lines if ln[1] is not None]
    else:
        bundles, on_hand = bundle_map(session), on_hand_by_sku(session)
        lines = _open_lines(session)
    need: dict[int, int] = defaultdict(int)
    orders: dict[int, set] = defaultdict(set)
    first: dict[int, tuple] = {}
    undated = {pk for pk, _, _ in lines if pk not in ship_by}
    paid = {}
    if undated:
        for pk, at in session.execute(select(Order.id, Order.paid_at).where(Order.status == OPEN_STATUS)):
            if pk in undated:
                paid[pk] = at
    never = datetime.max.replace(tzinfo=UTC)
    for pk, sku_id, qty in lines:
        deadline = ship_by.get(pk)
        key = (0, deadline) if deadline is not None else (1, paid.get(pk) or never)
        for comp, per in bundles.get(sku_id, ((sku_id, 1),)):
            need[comp] += qty * per
            orders[comp].add(pk)
            if comp not in first or key < first[comp]:
                first[comp] = key
    info = {s.id: s for s in session.scalars(select(Sku).where(Sku.id.in_(list(need))))}
    out = []
    for sku_id, n in need.items():
        s = info[sku_id]
        oh = on_hand.get(sku_id, 0)
        flag, when = first[sku_id]
        out.append(PrepareRow(sku_id, s.code, s.name, s.spec, n, len(orders[sku_id]), oh, max(0, n - max(oh, 0)),
                              when, flag == 0))
    out.sort(key=lambda r: (not r.by_deadline, r.earliest, -r.short, r.sku))
    return out


def _open_lines(session) -> list:
    """(order_pk, sku_id, quantity) of open lines with a SKU: plain Core rows, no per-row datetime
    processing, so 100k open lines stay well under a second."""
    return session.connection().execute(
        select(OrderLine.order_pk, OrderLine.sku_id, OrderLine.quantity)
        .join(Order, Order.id == OrderLine.order_pk)
        .where(open_line_filter(), OrderLine.sku_id.is_not(None))).all()


def open_purchases(session) -> list[OpenPurchase]:
    return [OpenPurchase(po.id, po.sku_id, code, name, po.quantity, po.supplier, po.expected_at, po.created_at)
            for po, code, name in session.execute(
                select(PurchaseOrder, Sku.code, Sku.name).join(Sku, Sku.id == PurchaseOrder.sku_id)
                .where(PurchaseOrder.received.is_(False))
                .order_by(PurchaseOrder.expected_at.is_(None), PurchaseOrder.expected_at, PurchaseOrder.id))]


def incoming_dates(session) -> dict[int, list[tuple[int, datetime | None]]]:
    """sku id → [(quantity, expected)] of open purchases, earliest first."""
    out: dict[int, list] = defaultdict(list)
    for p in open_purchases(session):
        out[p.sku_id].append((p.quantity, p.expected_at))
    return dict(out)


def unmatched(session) -> list[Unmatched]:
    """Order lines no SKU claims (open and closed: both count for sales), grouped by what the
    platform wrote; most open units first."""
    open_qty = func.sum(OrderLine.quantity).filter(open_line_filter())
    rows = session.execute(
        select(Order.platform, OrderLine.sku_code, OrderLine.product, OrderLine.spec,
               func.count(OrderLine.id), func.sum(OrderLine.quantity), open_qty)
        .join(Order, Order.id == OrderLine.order_pk)
        .where(OrderLine.sku_id.is_(None))
        .group_by(Order.platform, OrderLine.sku_code, OrderLine.product, OrderLine.spec)).all()
    out = [Unmatched(p, c, prod, spec, int(n), int(q or 0), int(oq or 0)) for p, c, prod, spec, n, q, oq in rows]
    out.sort(key=lambda u: (-u.open_quantity, -u.quantity, u.platform, u.sku_code or "", u.product or ""))
    return out


def purchase_list(session, stock: list[SkuStock]) -> list[dict]:
    """What to order, how many, from whom: every SKU with a suggested order, by supplier."""
    skus = {s.id: s for s in session.scalars(select(Sku))}
    rows = []
    for st in stock:
        if st.suggested_order <= 0:
            continue
        s = skus[st.sku_id]
        cost = money.from_fen(s.cost_fen)
        rows.append({"supplier": s.supplier or t("(no supplier)"), "sku": st.sku, "name": st.name, "spec": st.spec,
                     "status": st.status, "available": st.available, "incoming": st.incoming,
                     "quantity": st.suggested_order, "cost": cost, "amount": cost * st.suggested_order,
                     "lead_time": s.lead_time_days, "reason": st.reasons[-1] if st.reasons else ""})
    rows.sort(key=lambda r: (r["supplier"], r["sku"]))
    return rows

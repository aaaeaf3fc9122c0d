"""Stock figures per SKU, each with the reasons a seller can check by hand.

Status: 超卖 oversold (available < 0) · 无货 out (available == 0) · 警戒 low (available at or
below the reorder point) · 正常 normal.
Velocity counts units sold over the window (setting stock.velocity_days) divided by the days the
SKU was in stock; days are reconstructed from the ledger, and a day before the ledger starts
counts as in stock (we have no evidence it was not).
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select

from app import settings as S
from app import timeutil
from app.inventory.ledger import COUNT_KINDS, bundle_map, on_hand_by_sku, reserved_by_sku
from app.inventory.types import STATUSES, SkuStock
from app.labels import movement_label
from app.store.models import Order, OrderLine, PurchaseOrder, Sku, StockMovement
from app.text import join, t

SOLD_STATUSES = ("unshipped", "shipped", "completed")


def in_stock_days(movements: list[tuple[date, int]], start: date, end: date) -> int:
    """Days in [start, end] whose closing on-hand was > 0; ``movements`` are (day, delta)."""
    if not movements:
        return (end - start).days + 1
    movements = sorted(movements)
    first = movements[0][0]
    balance = sum(d for day, d in movements if day < start)
    by_day: dict[date, int] = defaultdict(int)
    for day, d in movements:
        if day >= start:
            by_day[day] += d
    days = 0
    cur = start
    while cur <= end:
        balance += by_day.get(cur, 0)
        if cur < first or balance > 0:
            days += 1
        cur += timedelta(days=1)
    return days


def _count_story(c: dict, on_hand: int, tz) -> str:
    """'库存表 11-18 清点10件；之后发货-3 → 在库7件': on-hand checked from its last count."""
    when = c["at"].astimezone(tz).strftime("%m-%d")
    moved = join(t("{kind} {delta}", kind=movement_label(k), delta=f"{d:+d}")
                 for k, d in c["after"].items() if d)
    return t("{kind} {date} counted {counted}", kind=movement_label(c["kind"]), date=when, counted=c["counted"]) \
        + (t("; then {moved}", moved=moved) if moved else "") + t(" → on hand {on_hand}", on_hand=on_hand)


def status_for(available: int, reorder_point: int) -> str:
    if available < 0:
        return "oversold"
    if available == 0:
        return "out"
    if available <= reorder_point:
        return "low"
    return "normal"


def stock_report(session, now: datetime, settings: dict, data=None) -> list[SkuStock]:
    """Every active SKU's figures; ``data``: the refresh's one read (app/snapshot.py), if made."""
    tz = timeutil.zone(S.shop_tz(settings))
    window = S.velocity_days(settings)
    review = S.review_days(settings)
    today = now.astimezone(tz).date()
    start = today - timedelta(days=window - 1)
    since = datetime.combine(start, datetime.min.time(), tz)
    on_hand, reserved, bundles = (data.on_hand, data.reserved, data.bundles) if data is not None else (
        on_hand_by_sku(session), reserved_by_sku(session), bundle_map(session))
    sold = _sold_by_sku(session, since, now, bundles)
    incoming_by = _incoming_by_sku(session)
    incoming = {k: sum(q for q, _ in v) for k, v in incoming_by.items()}
    moves, since_count = _ledger_by_sku(session, now, tz)

    out = []
    codes = dict(session.execute(select(Sku.id, Sku.code)).all())
    for sku in session.scalars(select(Sku).where(Sku.active.is_(True))):
        comps = bundles.get(sku.id)
        if comps:
            # a bundle has no shelf of its own: it is as many sets as its scarcest component makes
            oh = min(on_hand.get(c, 0) // per for c, per in comps)
            avail = min((on_hand.get(c, 0) - reserved.get(c, 0)) // per for c, per in comps)
            res, inc = oh - avail, 0
        else:
            oh, res = on_hand.get(sku.id, 0), reserved.get(sku.id, 0)
            avail, inc = oh - res, int(incoming.get(sku.id) or 0)
        units = int(sold.get(sku.id) or 0)
        days = in_stock_days(moves.get(sku.id, []), start, today)
        velocity = (Decimal(units) / days).quantize(Decimal("0.01"), ROUND_HALF_UP) if days else Decimal("0.00")
        rop = math.ceil(velocity * sku.lead_time_days) + sku.safety_stock
        suggest = max(0, math.ceil(velocity * (sku.lead_time_days + review)) + sku.safety_stock - avail - inc)
        if comps:
            suggest = 0  # sets are bought as components
        if avail <= 0:
            cover = Decimal("0.0")  # nothing left to sell, whatever the sales rate
        else:
            cover = (Decimal(avail) / velocity).quantize(Decimal("0.1")) if velocity > 0 else None
        if avail <= 0:
            stockout = today
        elif cover is not None:
            stockout = today + timedelta(days=int(cover))
        else:
            stockout = None
        cover_stockout = stockout
        if stockout is not None and avail > 0 and not comps:
            stockout = _with_arrivals(avail, velocity, today, incoming_by.get(sku.id, []), tz)
        status = status_for(avail, rop)
        reasons = [t("On hand {on_hand}, held by unshipped orders {reserved} → available {available}",
                     on_hand=oh, reserved=res, available=avail)]
        if sku.id in since_count:
            reasons.insert(0, _count_story(since_count[sku.id], oh, tz))
        if comps:
            parts = join(t("{code}×{per} (available {available})", code=codes.get(c, c), per=per,
                           available=on_hand.get(c, 0) - reserved.get(c, 0)) for c, per in comps)
            reasons = [t("A bundle of {parts} → {sets} sets on hand, {available} available after unshipped orders",
                         parts=parts, sets=oh, available=avail)]
        reasons.append(t("Last {window} days: in stock {days} days, sold {units}, {velocity} a day; lead time "
                         "{lead} days, safety stock {safety} → reorder point {rop}", window=window, days=days,
                         units=units, velocity=velocity, lead=sku.lead_time_days, safety=sku.safety_stock, rop=rop))
        reasons += _cover_reasons(avail, velocity, cover, cover_stockout, stockout, window)
        if inc:
            reasons.append(t("Incoming {items}", items=join(
                t("{n} (expected {date})", n=q, date=e.astimezone(tz).strftime("%m-%d")) if e
                else t("{n} (no arrival date)", n=q) for q, e in incoming_by.get(sku.id, []))))
        if comps:
            reasons.append(t("Bundles are not purchased: see the suggested orders of their components"))
        else:
            reasons.append(t("Suggested order {n} = {velocity} a day × (lead time {lead} days + review interval "
                             "{review} days) + safety stock {safety} − available {available} − incoming {incoming} "
                             "(never below 0)", n=suggest, velocity=velocity, lead=sku.lead_time_days, review=review,
                             safety=sku.safety_stock, available=avail, incoming=inc))
        out.append(SkuStock(sku_id=sku.id, sku=sku.code, name=sku.name, spec=sku.spec, on_hand=oh, reserved=res,
                            available=avail, incoming=inc, status=status, daily_sales=velocity,
                            days_of_cover=cover, reorder_point=rop, suggested_order=suggest, stockout_date=stockout,
                            reasons=reasons, bundle=bool(comps)))
    rank = {s: i for i, s in enumerate(STATUSES)}
    out.sort(key=lambda s: (rank[s.status], s.available, s.sku))
    return out


def _sold_by_sku(session, since: datetime, now: datetime, bundles: dict) -> dict[int, int]:
    """Units sold per SKU since ``since`` (a bundle sold counts for its components too)."""
    sold: dict[int, int] = defaultdict(int)
    for sku_id, qty in session.execute(
            select(OrderLine.sku_id, func.sum(OrderLine.quantity)).join(Order, Order.id == OrderLine.order_pk)
            .where(Order.status.in_(SOLD_STATUSES), Order.paid_at >= since, Order.paid_at <= now,
                   OrderLine.sku_id.is_not(None))
            .group_by(OrderLine.sku_id)):
        sold[sku_id] += int(qty or 0)
        for comp, per in bundles.get(sku_id, []):  # a bundle sold uses up its components
            sold[comp] += int(qty or 0) * per
    return sold


def _incoming_by_sku(session) -> dict[int, list]:
    """Purchases not yet received per SKU: [(quantity, expected arrival or None)], earliest first."""
    incoming_by: dict[int, list] = defaultdict(list)
    for sku_id, qty, expected in session.execute(
            select(PurchaseOrder.sku_id, PurchaseOrder.quantity, PurchaseOrder.expected_at)
            .where(PurchaseOrder.received.is_(False)).order_by(PurchaseOrder.expected_at, PurchaseOrder.id)):
        incoming_by[sku_id].append((qty, expected))
    return incoming_by


def _ledger_by_sku(session, now: datetime, tz) -> tuple[dict[int, list], dict[int, dict]]:
    """Per SKU: the ledger's (day, delta) up to now, and its last count with what moved after it."""
    moves: dict[int, list] = defaultdict(list)
    since_count: dict[int, dict] = {}  # sku → last count and what moved after it, for the reasons
    for sku_id, at, delta, kind, counted in session.execute(
            select(StockMovement.sku_id, StockMovement.at, StockMovement.delta, StockMovement.kind,
                   StockMovement.counted).order_by(StockMovement.at, StockMovement.id)):
        if at <= now:
            moves[sku_id].append((at.astimezone(tz).date(), delta))
        if kind in COUNT_KINDS and counted is not None:
            since_count[sku_id] = {"at": at, "kind": kind, "counted": counted, "after": defaultdict(int)}
        elif sku_id in since_count:
            since_count[sku_id]["after"][kind] += delta
    return moves, since_count


def _cover_reasons(avail: int, velocity: Decimal, cover, cover_stockout, stockout, window: int) -> list[str]:
    """What the available stock means: oversold, none left, days of cover and the stock-out date."""
    reasons = []
    if avail < 0:
        reasons.append(t("Oversold by {n}: unshipped orders exceed the stock, restock soon or contact the buyers",
                         n=-avail))
    elif avail == 0:
        reasons.append(t("0 available: unshipped orders hold all the stock, new orders cannot ship"))
    if cover is not None and avail > 0:
        reasons.append(t("{available} available ÷ {velocity} a day = {cover} days of cover, out of stock "
                         "around {date}", available=avail, velocity=velocity, cover=cover,
                         date=cover_stockout.isoformat()))
        if stockout != cover_stockout:
            reasons.append(t("Purchases arriving before then move the stock-out to around {date}",
                             date=stockout.isoformat()))
    elif avail > 0:
        reasons.append(t("No sales in the last {window} days: no stock-out date forecast", window=window))
    return reasons


def _with_arrivals(available: int, velocity: Decimal, today, arrivals, tz):
    """The stock-out day when purchases with an expected date land before the shelf is empty.

    Selling ``velocity`` a day from ``available``; each arrival (quantity, aware datetime) that
    comes before the running stock-out day refills the shelf. Arrivals without a date, or already
    overdue, count for nothing here: no one can say when they help."""
    stock = Decimal(available)
    day = today
    for qty, when in sorted(((q, e.astimezone(tz).date()) for q, e in arrivals if e is not None),
                            key=lambda a: a[1]):
        if when < today:  # overdue and still not received: nothing to count on
            continue
        out_day = day + timedelta(days=int(stock / velocity))
        if when <= day:
            stock += qty
            continue
        if when > out_day:
            break
        stock = stock - velocity * (when - day).days + qty
        day = when
    return day + timedelta(days=int(stock / velocity))

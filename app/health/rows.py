"""What the metrics know of an order, and the per-order work both readers share: the deadline
without the export's promised time, a time's shop-zone date, per-day counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from app.risk.context import _context
from app.risk.engine import join_titles, speed_word_title
from app.risk.presale import is_presale
from app.store.models import Order, OrderLine
from app.store.session import plain_rows


@dataclass(slots=True)
class Row:
    """One order as the metrics see it; times as UTC epoch seconds (None when not known)."""
    platform: str
    order_id: str
    deadline: float | None
    shipped: float | None
    picked_up: float | None
    open: bool
    paid: float | None = None
    closed: bool = False
    cancel_by: str | None = None
    cancel_reason: str | None = None


class Deadlines:
    """An order's ship-by deadline without the export's promised time: the risk engine's own rule
    (app.risk.context ``_Ctx.ship_fn``: the platform's clock, calendar, end of day, the shop's
    region, pauses), the presale promise as the engine picks it; one function per shop and kind
    (``ctx(...).held``: a listing speed word in the titles, as the engine holds it)."""

    def __init__(self, tables: dict, shops: dict, settings: dict, tz) -> None:
        self.tables, self.shops, self.settings, self.tz = tables, shops, settings, tz
        self.fns: dict[tuple, tuple] = {}
        self.ctxs: dict[tuple, object] = {}
        self.presale: dict[str, bool] = {}

    def ctx(self, platform: str, shop_id):
        key = (platform, shop_id)
        c = self.ctxs.get(key)
        if c is None:
            c = self.ctxs[key] = _context(self.tables, platform, self.shops.get(shop_id), shop_id, self.settings,
                                          self.tz)
        return c

    def __call__(self, platform: str, shop_id, otype: str | None, start: float, close: float | None) -> float:
        pre = False
        if otype:
            pre = self.presale.get(otype)
            if pre is None:
                pre = self.presale[otype] = is_presale(otype)
        key = (platform, shop_id, pre, close is not None)
        hit = self.fns.get(key)
        if hit is None:
            ctx = self.ctx(platform, shop_id)
            rule = ctx.rule
            promise = rule.presale if pre and rule.presale is not None else rule.promise
            if promise.after_close and close is None:  # counted from the close only where the export gives it
                promise = rule.promise
            hit = self.fns[key] = ctx.ship_fn(promise), promise.after_close
        fn, from_close = hit
        return fn(close if from_close else start)


class LocalDay:
    """Epoch seconds → the shop-zone date, looked up per quarter hour (zone offsets change on
    quarter hours): a 100k-row pass converts a few thousand times, not once per order."""

    def __init__(self, tz) -> None:
        self.tz = tz
        self.cache: dict[int, date] = {}

    def __call__(self, ts: float) -> date:
        k = int(ts // 900)
        d = self.cache.get(k)
        if d is None:
            d = self.cache[k] = datetime.fromtimestamp(k * 900, self.tz).date()
        return d


Days = dict  # local day → [orders, of them in the numerator]: windows are sums over at most 90 days


def add_day(days: Days, day: date, is_bad: bool, k: int = 1) -> None:
    c = days.get(day)
    if c is None:
        c = days[day] = [0, 0]
    c[0] += k
    if is_bad:
        c[1] += k


def titles(conn, tables: dict, platforms: set[str], where) -> dict[int, str]:
    """Per order of ``where`` without a promised time: its product titles carrying a listing speed
    word (the deadline is held shorter, as on the risk tab); empty when no table has speed words."""
    speedy = speed_word_title({p: tb for p, tb in tables.items() if p in platforms})
    if speedy is None:
        return {}
    return join_titles(plain_rows(conn, select(OrderLine.order_pk, OrderLine.product).join(
        Order, Order.id == OrderLine.order_pk).where(where, Order.promised_ship_at.is_(None), speedy)))

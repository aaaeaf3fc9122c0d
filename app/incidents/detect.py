"""Finding bursts in plain rows: no store, no clock of its own (the service loads and persists).

``price_drop``: a platform's recent orders of a SKU paid at or below ``price_ratio`` of its usual
price (the median paid unit price of its earlier orders — the platform's own when it has enough,
else every platform's —, or, with no history, ``cost_ratio`` of its cost), from at least
``min_orders`` orders of ``min_buyers`` buyers (or ``SCALPER_FACTOR`` times as many orders from
fewer), so one coupon or one buyer's agreed discount is not a burst.

``order_surge``: the busiest ``window_minutes`` of a platform's recent orders of a SKU against the
SKU's usual rate over the same span (its own history, at least ``MIN_HISTORY_DAYS`` of it; with a
week or more, the same time of day too, whichever is higher, so an ordinary evening peak stays
quiet): at least ``surge_factor`` times the usual and ``surge_min_orders``; or more units than stock
+ incoming can cover, from at least ``stock_min_orders`` orders and a few times the usual rate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app import settings as S

MIN_HISTORY_LINES = 5  # fewer earlier orders than this say nothing about a usual price
MIN_HISTORY_DAYS = 3  # a usual rate needs this much history
TIME_OF_DAY_DAYS = 7  # with a week of history the hour of the day is taken into account
# one buyer's few cheap orders are a deal the seller made (改价); this many are someone buying up
# a mistaken price (exports that carry no buyer column read as one buyer too)
SCALPER_FACTOR = 4
STOCK_RATE_FACTOR = 3  # beyond stock, the window must still be well above the usual rate


@dataclass(frozen=True)
class Params:
    window: timedelta
    lookback: timedelta
    price_ratio: float
    cost_ratio: float
    min_orders: int
    min_buyers: int
    surge_factor: float
    surge_min_orders: int
    stock_min_orders: int

    @classmethod
    def from_settings(cls, values) -> Params:
        v = lambda k: S.value(values, "incidents." + k)  # noqa: E731
        return cls(timedelta(minutes=int(v("window_minutes"))), timedelta(hours=float(v("lookback_hours"))),
                   float(v("price_ratio")), float(v("cost_ratio")), int(v("min_orders")), int(v("min_buyers")),
                   float(v("surge_factor")), int(v("surge_min_orders")), int(v("stock_min_orders")))


@dataclass
class Line:
    """One recent order line: who paid what for which SKU when."""

    order_pk: int
    platform: str
    order_id: str
    paid: datetime
    open: bool  # unshipped, not cancelled
    buyer: str
    sku: object  # the SKU's id, or ("code", platform code) for a line no SKU matched
    code: str
    qty: int
    price: int  # paid unit price, fen


@dataclass
class History:
    """A SKU's earlier orders (before the recent span): paid unit prices and how many."""

    prices: Counter = field(default_factory=Counter)  # price fen → lines, every platform
    by_platform: dict[str, Counter] = field(default_factory=dict)
    lines: int = 0
    first: datetime | None = None  # the earliest of those orders
    until: datetime | None = None  # where the history ends (the recent span begins)
    cost: int = 0  # fen, the SKU master's cost (0: unknown)


@dataclass
class Found:
    kind: str  # price_drop | order_surge
    platform: str
    sku: object
    code: str
    lines: list[Line]
    usual: int | None = None  # fen
    basis: str = ""  # median | median_all | cost | rate | time_of_day | none
    expected: float | None = None  # usual orders in a window (surge)
    history_days: int = 0
    cover: int | None = None  # units stock + incoming can still cover (surge)
    triggers: list[str] = field(default_factory=list)  # price | rate | stock

    @property
    def orders(self) -> int:
        return len({ln.order_pk for ln in self.lines})

    @property
    def units(self) -> int:
        return sum(ln.qty for ln in self.lines)

    @property
    def buyers(self) -> int:
        return len({ln.buyer or ln.order_pk for ln in self.lines})

    @property
    def since(self) -> datetime:
        return min(ln.paid for ln in self.lines)

    @property
    def last(self) -> datetime:
        return max(ln.paid for ln in self.lines)

    @property
    def unit_price(self) -> int:
        return weighted_median(Counter(ln.price for ln in self.lines))


def weighted_median(counts: Counter) -> int:
    """The lower median of prices counted by how many lines paid them."""
    total = sum(counts.values())
    if not total:
        return 0
    seen = 0
    for price in sorted(counts):
        seen += counts[price]
        if seen * 2 >= total:
            return price
    return max(counts)


def usual_price(h: History | None, platform: str) -> tuple[int | None, str]:
    """(fen, basis): the platform's own median, every platform's, the cost, or nothing."""
    if h is not None:
        own = h.by_platform.get(platform)
        if own and sum(own.values()) >= MIN_HISTORY_LINES:
            return weighted_median(own), "median"
        if h.lines >= MIN_HISTORY_LINES:
            return weighted_median(h.prices), "median_all"
        if h.cost > 0:
            return h.cost, "cost"
    return None, "none"


def group(lines: list[Line]) -> dict[tuple[str, object], list[Line]]:
    out: dict[tuple[str, object], list[Line]] = {}
    for ln in lines:
        out.setdefault((ln.platform, ln.sku), []).append(ln)
    return out


def price_drops(groups, history: dict, p: Params) -> list[Found]:
    out = []
    for (platform, sku), lines in groups.items():
        usual, basis = usual_price(history.get(sku), platform)
        if not usual:
            continue
        ratio = p.cost_ratio if basis == "cost" else p.price_ratio
        cheap = [ln for ln in lines if ln.price <= usual * ratio]
        f = Found("price_drop", platform, sku, lines[0].code, cheap, usual, basis, triggers=["price"])
        n = f.orders
        if cheap and n >= p.min_orders and (f.buyers >= p.min_buyers or n >= SCALPER_FACTOR * p.min_orders):
            out.append(f)
    return out


def densest(times: list[datetime], window: timedelta) -> tuple[int, int]:
    """(first, last) index of the most orders within ``window`` of each other (times sorted)."""
    best, start = (0, 0), 0
    for end, at in enumerate(times):
        while at - times[start] > window:
            start += 1
        if end - start > best[1] - best[0]:
            best = (start, end)
    return best


def expected_orders(h: History | None, start: datetime, p: Params, tz_minutes: Callable | None,
                    times: Callable | None) -> tuple[float | None, str, int]:
    """Usual orders in one window of the SKU: (count, basis, days of history) — None: too little."""
    if h is None or h.first is None or h.until is None:
        return None, "none", 0
    span = h.until - h.first
    days = span.total_seconds() / 86400
    if days < MIN_HISTORY_DAYS:
        return None, "none", int(days)
    flat = h.lines / (span / p.window)
    if days < TIME_OF_DAY_DAYS or times is None or tz_minutes is None:
        return flat, "rate", int(days)
    lo, width = tz_minutes(start), p.window.total_seconds() / 60
    same_hour = sum(1 for at in times() if (tz_minutes(at) - lo) % 1440 <= width)
    tod = same_hour / days
    return (tod, "time_of_day", int(days)) if tod > flat else (flat, "rate", int(days))


def surges(groups, history: dict, p: Params, cover: Callable[[object, int], int | None],
           tz_minutes: Callable | None = None, times_of: Callable | None = None,
           taken: set[int] | None = None) -> list[Found]:
    """``cover(sku, open units in the window)``: units stock + incoming still cover, None: stock unknown.
    ``times_of(sku)``: the history's paid times (loaded only for the few busy SKUs)."""
    out = []
    floor = min(p.surge_min_orders, p.stock_min_orders)
    for (platform, sku), lines in groups.items():
        lines = [ln for ln in lines if ln.order_pk not in (taken or ())]
        firsts: dict[int, datetime] = {}
        for ln in lines:
            firsts[ln.order_pk] = min(firsts.get(ln.order_pk, ln.paid), ln.paid)
        if len(firsts) < floor:
            continue
        order = sorted(firsts, key=firsts.__getitem__)
        i, j = densest([firsts[o] for o in order], p.window)
        inside = set(order[i:j + 1])
        if len(inside) < floor:
            continue
        win = [ln for ln in lines if ln.order_pk in inside]
        f = Found("order_surge", platform, sku, win[0].code, win)
        h = history.get(sku)
        f.expected, f.basis, f.history_days = expected_orders(
            h, f.since, p, tz_minutes, (lambda sku=sku: times_of(sku)) if times_of else None)
        n = f.orders
        if f.expected is not None and n >= p.surge_min_orders and n >= p.surge_factor * f.expected:
            f.triggers.append("rate")
        f.cover = cover(sku, sum(ln.qty for ln in win if ln.open))
        if (f.cover is not None and sum(ln.qty for ln in win if ln.open) > f.cover and n >= p.stock_min_orders
                and (f.expected is None or n >= STOCK_RATE_FACTOR * f.expected)):
            f.triggers.append("stock")
        if f.triggers:
            f.usual = usual_price(h, platform)[0]
            out.append(f)
    return out


def detect(lines: list[Line], history: dict, p: Params, cover, tz_minutes=None, times_of=None) -> list[Found]:
    """Every burst among ``lines``: price drops first; their orders are not counted again as a surge."""
    groups = group(lines)
    drops = price_drops(groups, history, p)
    taken = {ln.order_pk for f in drops for ln in f.lines}
    return drops + surges(groups, history, p, cover, tz_minutes, times_of, taken)

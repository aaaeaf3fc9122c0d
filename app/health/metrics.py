"""Shop-level metrics decided by the shop's own orders, defined as data in resources/rules/health/.

Windows are whole local days: a W-day window at ``now`` covers the shop-zone dates
``today - W + 1 … today``; an order dispatched on day D leaves it on D + W (``clears_on``).
A dispatch is late when it comes after the order's deadline: the export's promised time, else
the risk engine's rule for it (TikTok US: 23:59 Los Angeles time of the 2nd business day, US holidays).
Never a composite score: a metric without a published line says so (level ``None``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import and_, or_, select

from app import timeutil
from app.health import counts
from app.health.rows import Days, Row, add_day, titles
from app.health.rows import Deadlines as _Deadlines
from app.health.rows import LocalDay as _LocalDay
from app.paths import resource
from app.risk.rules import RuleError, load_rules
from app.settings import shop_tz
from app.store.models import Order, Shop
from app.store.session import epoch_seconds, plain_rows
from app.text import t

RECENT_DAYS = 7  # daily volume for the projection: the last week's dispatches per day
AT_RISK_HOURS = 24  # open orders due within this long are "today's at-risk orders"
TOO_FEW = "too_few"


@dataclass
class Line:
    value: float
    label: str
    sanction: str
    date: str


@dataclass
class MetricDef:
    platform: str
    metric: str
    name: str
    rule: str
    official: bool
    source: str
    date: str
    kind: str  # late_dispatch | pickup_on_time | seller_cancel
    window_days: int
    numerator: str
    denominator: str
    min_count: int
    lines: list[Line]
    window_assumed: bool = False
    note: str = ""
    cost: str = ""
    points_per_late: int = 0
    points_max: int = 0
    # seller_cancel: a cancellation is the seller's fault when "cancel by" is one of these, or
    # its reason contains one of these words (lower case, as the exports write them)
    cancel_by: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()

    def seller_fault(self, by: str | None, reason: str | None) -> bool:
        if by and by.strip().lower() in self.cancel_by:
            return True
        text = (reason or "").lower()
        return bool(text) and any(word in text for word in self.reasons)


def load_definitions(settings: dict | None = None) -> list[MetricDef]:
    """Every platform's metric definitions; ``settings["health.window_days"] = {platform: n}``
    overrides an unpublished window (an assumption the seller may change)."""
    windows = (settings or {}).get("health.window_days") or {}
    out = []
    for path in sorted(resource("rules", "health").glob("*.json")):
        try:
            out += _parse_table(path, windows)
        except (KeyError, TypeError, ValueError, ArithmeticError) as exc:  # data shipped broken: say where
            raise RuleError(t("Shop-health rule table {file} is broken: {problem}", file=path.name,
                              problem=repr(exc))) from exc
    return out


KINDS = ("late_dispatch", "pickup_on_time", "seller_cancel")


def _parse_table(path, windows: dict) -> list[MetricDef]:
    out = []
    table = json.loads(path.read_text(encoding="utf-8"))
    for m in table["metrics"]:
        if m["kind"] not in KINDS:
            raise ValueError(f"{m['metric']}: kind {m['kind']!r}")
        lines = [Line(float(Decimal(str(x["value"]))), x.get("label", ""), x.get("sanction", ""),
                      x.get("date", "")) for x in m.get("lines", [])]
        d = MetricDef(platform=table["platform"], metric=m["metric"], name=m["name"], rule=m["rule"],
                      official=bool(m.get("official")), source=m["source"], date=m["date"], kind=m["kind"],
                      window_days=int(m["window_days"]), numerator=m["numerator"], denominator=m["denominator"],
                      min_count=int(m.get("min_count", 30)), lines=sorted(lines, key=lambda x: x.value),
                      window_assumed=bool(m.get("window_assumed")),
                      note=m.get("note", "") or m.get("window_note", ""), cost=m.get("cost", ""),
                      points_per_late=int(m.get("points_per_late", 0)), points_max=int(m.get("points_max", 0)),
                      cancel_by=tuple(x.lower() for x in m.get("cancel_by", [])),
                      reasons=tuple(x.lower() for x in m.get("reasons", [])))
        if d.window_assumed and str(windows.get(d.platform, "")).isdigit():
            d.window_days = int(windows[d.platform])
        out.append(d)
    return out


@dataclass
class Metric:
    d: MetricDef
    now: datetime
    orders: int
    late: int
    rate: float | None
    projected: float | None
    projected_at_risk_on_time: float | None
    projected_at_risk_late: float | None
    level: str | None  # ok | watch | over | too_few | None (no published line)
    projected_level: str | None
    late_allowed: int | None
    clears_on: date | None
    overdue: int
    at_risk: int
    pushing: list[str] = field(default_factory=list)  # open order ids that would push the rate over the line
    # open orders past their deadline: they count late (in no particular order)
    overdue_ids: list[str] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)  # the last 30 days, one point a day
    forecast: list[dict] = field(default_factory=list)  # to the end of the window, one point a day
    points: int | None = None
    known: bool = True  # False: the exports lack what the numerator needs (e.g. who cancelled)

    @property
    def threshold(self) -> float | None:
        return self.d.lines[0].value if self.d.lines else None

    def to_json(self, tz: str) -> dict:
        d = self.d
        return {
            "platform": d.platform, "metric": d.metric, "name": d.name, "window_days": d.window_days,
            "window_assumed": d.window_assumed, "orders": self.orders, "late": self.late,
            "rate": _r(self.rate), "projected": _r(self.projected),
            "projected_at_risk_on_time": _r(self.projected_at_risk_on_time),
            "projected_at_risk_late": _r(self.projected_at_risk_late),
            "threshold": self.threshold,
            "lines": [{"value": x.value, "label": x.label, "sanction": x.sanction, "date": x.date} for x in d.lines],
            "sanction": d.lines[0].sanction if d.lines else None,
            "level": self.level, "projected_level": self.projected_level,
            "late_allowed": self.late_allowed, "clears_on": self.clears_on.isoformat() if self.clears_on else None,
            "overdue_open": self.overdue, "at_risk_open": self.at_risk, "pushing_over": self.pushing,
            "min_count": d.min_count, "numerator": d.numerator, "denominator": d.denominator,
            "rule": d.rule, "official": d.official, "source": d.source, "date": d.date, "note": d.note,
            **({"cost": d.cost, "points_if_unpaid": self.points} if d.cost else {}),
            "estimated": True, "data_missing": not self.known, "history": self.history, "forecast": self.forecast,
        }


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _rate(late: int, n: int) -> float | None:
    return late / n if n else None


def level_of(rate: float | None, lines: list[Line], *, higher_is_better: bool = False) -> str | None:
    """ok at or inside the first line; over past the last; watch between two lines."""
    if rate is None or not lines:
        return None
    if higher_is_better:
        return "ok" if rate >= lines[-1].value else ("over" if rate < lines[0].value else "watch")
    if rate <= lines[0].value + 1e-12:
        return "ok"
    return "over" if rate > lines[-1].value + 1e-12 or len(lines) == 1 else "watch"


def load_rows(session, now: datetime, settings: dict, platforms: set[str], days: int) -> list[Row]:
    """Orders dispatched, picked up or paid in the last ``days`` days, or still open, with the
    deadlines the risk engine gives them (one Core select, times converted by the database:
    100k rows without parsing)."""
    tz = timeutil.zone(shop_tz(settings))
    since = now - timedelta(days=days + 1)
    mine = and_(Order.platform.in_(sorted(platforms)),
                or_(Order.status == "unshipped", Order.shipped_at >= since, Order.picked_up_at >= since,
                    Order.paid_at >= since))
    q = select(Order.id, Order.platform, Order.order_id, Order.shop_id, Order.order_type,
               epoch_seconds(Order.paid_at), epoch_seconds(Order.created_at), epoch_seconds(Order.promised_ship_at),
               epoch_seconds(Order.presale_ends_at), epoch_seconds(Order.shipped_at),
               epoch_seconds(Order.picked_up_at), Order.status, Order.cancel_by, Order.cancel_reason).where(mine)
    tables = load_rules(settings)
    deadline_of = _Deadlines(tables, dict(session.execute(select(Shop.id, Shop.options)).all()), settings, tz)
    conn = session.connection()
    held = titles(conn, tables, platforms, mine)
    out = []
    for (pk, platform, oid, shop_id, otype, paid, created, promised, close, shipped, picked, status, by,
         reason) in plain_rows(conn, q):
        start = paid if paid is not None else created
        deadline = promised
        if deadline is None and start is not None:
            deadline = deadline_of(platform, shop_id, otype, start, close)
            if pk in held:  # a listing speed word holds the promise shorter, as on the risk tab
                deadline = deadline_of.ctx(platform, shop_id).held(start, deadline, held[pk])
        out.append(Row(platform, oid, deadline, shipped, picked, status == "unshipped", paid, status == "closed",
                       by, reason))
    return out


def _window_counts(days: Days, last_day: date, w: int) -> tuple[int, int, date | None]:
    """(count, bad, oldest bad day) of the days last_day - w + 1 … last_day."""
    n = bad = 0
    oldest = None
    for i in range(w - 1, -1, -1):  # oldest first
        day = last_day - timedelta(days=i)
        c = days.get(day)
        if c:
            n += c[0]
            bad += c[1]
            if c[1] and oldest is None:
                oldest = day
    return n, bad, oldest


def _events(d: MetricDef, rows: list[Row], now: float, day_of: _LocalDay) -> tuple[Days, bool]:
    """Per local day the orders the metric counts and how many of them are in its numerator, and
    whether the exports carry what the numerator needs (a cancellation rate: who cancelled or why)."""
    events: Days = {}
    if d.kind == "seller_cancel":  # orders placed (paid) in the window; faults among the cancelled
        told = untold = 0
        for r in rows:
            if r.paid is None or r.paid > now:
                continue
            fault = r.closed and d.seller_fault(r.cancel_by, r.cancel_reason)
            if r.closed:
                if r.cancel_by or r.cancel_reason:
                    told += 1
                else:
                    untold += 1
            add_day(events, day_of(r.paid), fault)
        return events, told > 0 or untold == 0
    pickup = d.kind == "pickup_on_time"
    for r in rows:
        at = r.picked_up if pickup else r.shipped
        if at is None or at > now or r.deadline is None:
            continue
        add_day(events, day_of(at), at <= r.deadline if pickup else at > r.deadline)
    return events, True


def compute(d: MetricDef, rows: list[Row], now: datetime, tz_name: str, day_of: _LocalDay | None = None,
            cache: dict | None = None) -> Metric:
    """One metric over ``rows``; ``cache`` shares the per-day counts between metrics that count the
    same orders the same way over different windows (30 and 90 days), and a platform's due orders."""
    tz = timeutil.zone(tz_name)
    today = now.astimezone(tz).date()
    now_ts = now.timestamp()
    day_of = day_of or _LocalDay(tz)
    w = d.window_days
    mine = [r for r in rows if r.platform == d.platform]  # evaluate() hands each platform its own rows
    pickup = d.kind == "pickup_on_time"
    cancel = d.kind == "seller_cancel"
    key = (d.platform, d.kind, d.cancel_by, d.reasons)
    if cache is not None and key in cache:
        events, known = cache[key]
    else:
        events, known = _events(d, mine, now_ts, day_of)
        if cache is not None:
            cache[key] = events, known
    n, bad, oldest = _window_counts(events, today, w)
    overdue, at_risk = ([], []) if cancel else _due(mine, now_ts, cache, d.platform)
    ov, ar = len(overdue), len(at_risk)
    rate = _rate(bad, n)
    thr = d.lines[0].value if d.lines else None
    m = Metric(d, now, n, bad, rate, None, None, None, None, None, None, None, ov, ar)
    m.known = known
    if not pickup:
        m.overdue_ids = list(overdue)
    if pickup:
        m.level = level_of(rate, d.lines, higher_is_better=True)
    elif cancel:
        m.level = level_of(rate, d.lines)
        m.clears_on = oldest + timedelta(days=w) if oldest else None
        if thr is not None:
            m.late_allowed = max(0, math.floor(thr * n + 1e-9) - bad)
    else:
        m.projected = _rate(bad + ov, n + ov)
        m.projected_at_risk_on_time = _rate(bad + ov, n + ov + ar)
        m.projected_at_risk_late = _rate(bad + ov + ar, n + ov + ar)
        m.level = level_of(rate, d.lines)
        m.projected_level = level_of(m.projected, d.lines)
        m.clears_on = oldest + timedelta(days=w) if oldest else None
        if thr is not None:
            # at today's volume: the overdue open orders ship late whatever happens
            m.late_allowed = max(0, math.floor(thr * (n + ov) + 1e-9) - bad - ov)
            if ar > m.late_allowed:
                m.pushing = _pushing(at_risk, cache, d.platform)
        if d.points_per_late:  # points if the seller does not pay: per late order, capped where the rule caps
            m.points = min(bad * d.points_per_late, d.points_max) if d.points_max else bad * d.points_per_late
    _history_and_forecast(m, events, today, w, None if pickup else ov)
    if not known:  # cancelled orders without who or why: the export cannot tell a seller's fault
        m.rate = m.late_allowed = m.clears_on = m.level = m.projected_level = None
        m.late = 0
        m.history = [dict(p, late=None, rate=None) for p in m.history]
        m.forecast = []
    elif n < d.min_count:  # 样本太少: a rate over a handful of orders swings on one parcel
        m.rate = m.projected = m.projected_at_risk_on_time = m.projected_at_risk_late = None
        m.level = m.projected_level = TOO_FEW
        m.late_allowed, m.pushing = None, []
    return m


def _due(rows: list[Row], now_ts: float, cache: dict | None, platform: str) -> tuple[list[str], list[tuple]]:
    """The ids of the open orders already past their deadline (late whatever happens), and (deadline,
    rank, id) of those due within a day; ``cache``: once per platform (its late-dispatch metrics share
    them; ``counts.load`` fills it from its own read)."""
    key = ("due", platform)
    if cache is not None and key in cache:
        return cache[key]
    open_rows = [r for r in rows if r.open and r.deadline is not None]
    overdue = [r.order_id for r in open_rows if r.deadline <= now_ts]
    at_risk = [(r.deadline, i, r.order_id) for i, r in enumerate(open_rows)
               if now_ts < r.deadline <= now_ts + AT_RISK_HOURS * 3600]
    if cache is not None:
        cache[key] = overdue, at_risk
    return overdue, at_risk


def _pushing(at_risk: list[tuple], cache: dict | None, platform: str) -> list[str]:
    """The at-risk ids soonest due first (equal deadlines in the rows' order)."""
    key = ("pushing", platform)
    if cache is not None and key in cache:
        return list(cache[key])
    out = [oid for _due_at, _rank, oid in sorted(at_risk)]
    if cache is not None:
        cache[key] = out
    return list(out)


def _history_and_forecast(m: Metric, events: Days, today: date, w: int, overdue: int | None) -> None:
    """The last 30 days' window, one point a day; and, unless ``overdue`` is None (a pickup rate),
    forward to the end of the window: known roll-off, the overdue open orders late from today, new
    dispatches at the last week's daily volume, on time (the best the seller can still do)."""
    sums = _Sums(events, today - timedelta(days=29 + w), today)
    for k in range(29, -1, -1):
        day = today - timedelta(days=k)
        hn, hb = sums.window(day, w)
        m.history.append({"date": day.isoformat(), "orders": hn, "late": hb, "rate": _r(_rate(hb, hn))})
    if overdue is None:
        return
    per_day = sum(events.get(today - timedelta(days=k), (0,))[0] for k in range(RECENT_DAYS)) / RECENT_DAYS
    ahead = {today: [overdue, overdue]} if overdue else {}
    sums = _Sums(events, today - timedelta(days=w), today + timedelta(days=w), ahead)
    for k in range(1, w + 1):
        day = today + timedelta(days=k)
        fn, fb = sums.window(day, w)
        fn += round(per_day * k) if k < w else round(per_day * w)
        m.forecast.append({"date": day.isoformat(), "orders": fn, "late": fb, "rate": _r(_rate(fb, fn))})


class _Sums:
    """Running totals of per-day counts (plus ``extra`` ones) from ``first`` to ``last``: any window
    is one subtraction (the history and forecast of a 90-day metric: 120 windows, not 120 × 90
    day lookups)."""

    def __init__(self, days: Days, first: date, last: date, extra: Days | None = None) -> None:
        size = (last - first).days + 1
        n, b = [0] * (size + 1), [0] * (size + 1)
        for src in (days, extra or {}):
            for day, (cn, cb) in src.items():
                i = (day - first).days
                if 0 <= i < size:
                    n[i + 1] += cn
                    b[i + 1] += cb
        for i in range(1, size + 1):
            n[i] += n[i - 1]
            b[i] += b[i - 1]
        self.first, self.size, self.n, self.b = first, size, n, b

    def window(self, last_day: date, w: int) -> tuple[int, int]:
        """(count, bad) of the days last_day - w + 1 … last_day."""
        end = (last_day - self.first).days + 1
        hi, lo = min(max(end, 0), self.size), min(max(end - w, 0), self.size)
        return self.n[hi] - self.n[lo], self.b[hi] - self.b[lo]


def evaluate(session, now: datetime, settings: dict, platforms: set[str] | None = None, *, risks=None,
             reference: bool = False) -> list[Metric]:
    """Every defined metric of every platform the store has orders of (or ``platforms``).
    ``risks``: the risk evaluation at ``now``, whose deadlines the open orders' are (not read again);
    ``reference``: from every order row (``load_rows``), as the tests check the counted read against."""
    defs = load_definitions(settings)
    if platforms is None:
        platforms = counts.platforms(session.connection())
    defs = [d for d in defs if d.platform in platforms]
    if not defs:
        return []
    days = max(d.window_days for d in defs) + 30  # the 30-day history needs a window before each day
    tz = shop_tz(settings)
    day_of = _LocalDay(timeutil.zone(tz))
    cache: dict = {}
    rows: list[Row] = []
    if reference:
        rows = load_rows(session, now, settings, {d.platform for d in defs}, days)
    else:  # per-day counts from the database, the open orders due within a day: no rows
        cache = counts.load(session, now, settings, defs, days, day_of, risks)
    by_platform: dict[str, list[Row]] = {}
    for r in rows:
        by_platform.setdefault(r.platform, []).append(r)
    return [compute(d, by_platform.get(d.platform, []), now, tz, day_of, cache) for d in defs]

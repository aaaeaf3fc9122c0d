"""What the metrics count, read set-based (``metrics.evaluate``): per shop-zone day the dispatches,
pickups and placed orders counted in SQL; the deadline worked out in Python only for orders the
export gives no promised time; of the open orders only those due within a day. Every read starts
from an indexed time or status (0012_room_indexes), never from the platform (SQLite would walk
every order of it): a year of finished orders beside the windows is not scanned.
``metrics.load_rows`` + ``compute`` stay the reference the tests hold this to."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import bindparam, case, func, or_, select

from app.health.rows import Days, Deadlines, LocalDay, add_day, titles
from app.risk.context import _PRICED_PRESALE
from app.risk.rules import load_rules
from app.store.models import Order, Shop
from app.store.session import epoch_seconds, plain_rows

AT_RISK_S = 24 * 3600  # metrics.AT_RISK_HOURS: open orders due within this long are "at risk"
_EPOCH_DAY = date(1970, 1, 1)


class DayKey:
    """A stored time's shop-zone day as a SQL expression and back to a date: whole days at the
    zone's offset when it is fixed over the span read (one group per day), else quarter hours
    (``LocalDay``'s own steps), so the days are the reference's exactly."""

    def __init__(self, day_of: LocalDay, lo: datetime, hi: datetime) -> None:
        self.day_of = day_of
        offs = {int(datetime.fromtimestamp(lo.timestamp() + k * 86400, day_of.tz).utcoffset().total_seconds())
                for k in range(int((hi - lo).total_seconds() // 86400) + 2)}
        self.offset = offs.pop() if len(offs) == 1 and next(iter(offs)) % 900 == 0 else None

    def sql(self, col):
        if self.offset is not None:
            return (epoch_seconds(col) + self.offset) // 86400
        return epoch_seconds(col) // 900

    def key_of(self, at: datetime) -> int:
        """The key ``sql`` gives a stored time ``at``."""
        ts = math.floor(at.timestamp())
        return (ts + self.offset) // 86400 if self.offset is not None else ts // 900

    def date(self, key: int) -> date:
        return _EPOCH_DAY + timedelta(days=key) if self.offset is not None else self.day_of(key * 900)


class _Span:
    """One evaluation's read: the instant, the span's start, the day key, the platforms per kind."""

    def __init__(self, now: datetime, days: int, day_of: LocalDay, defs: list) -> None:
        self.now_ts, self.since = now.timestamp(), now - timedelta(days=days + 1)
        # the reference compares whole seconds: a stored time counts up to ``now`` exactly when before this
        self.until = datetime.fromtimestamp(math.floor(self.now_ts) + 1, UTC)
        self.key, self.day_of = DayKey(day_of, self.since - timedelta(days=1), now), day_of
        self.kinds: dict[str, set[str]] = {}
        for d in defs:
            self.kinds.setdefault(d.kind, set()).add(d.platform)
        self.late, self.pick = self.kinds.get("late_dispatch", set()), self.kinds.get("pickup_on_time", set())


def load(session, now: datetime, settings: dict, defs: list, days: int, day_of: LocalDay, risks=None) -> dict:
    """``metrics.compute``'s cache at ``now`` over the last ``days`` days, filled for every one of
    ``defs``: per-day counts, and per platform the open orders overdue or due within a day (by id, as
    the reference reads them). ``risks``: the risk evaluation at ``now`` (its deadlines are these),
    so the open orders are not read again."""
    conn = session.connection()
    sp = _Span(now, days, day_of, defs)
    dispatch: dict[tuple[str, str], Days] = {}  # (platform, kind) → days
    for kind, plats, col, late in (("late_dispatch", sp.late, Order.shipped_at, True),
                                   ("pickup_on_time", sp.pick, Order.picked_up_at, False)):
        for platform, day, n, counted in _promised(conn, sp, col, late) if plats else ():
            if platform in plats:
                c = dispatch.setdefault((platform, kind), {}).setdefault(sp.key.date(day), [0, 0])
                c[0] += n
                c[1] += counted
    opened = {}
    if sp.late | sp.pick:
        opened = _promised_open(conn, sp) if risks is None else _open_of(risks, sp)
        _computed(session, conn, settings, sp, dispatch, opened, risks is None)
    cancels = _cancels(conn, sp) if sp.kinds.get("seller_cancel") else {}
    cache: dict = {("due", p): ([], []) for p in sp.late | sp.pick}
    for pk, (platform, oid, deadline) in opened.items():  # the ids overdue in no particular order
        overdue, at_risk = cache[("due", platform)]
        if deadline <= sp.now_ts:
            overdue.append(oid)
        else:  # within a day (nothing later was kept); equal deadlines in id order, as the reference's
            at_risk.append((deadline, pk, oid))
    for d in defs:
        k = (d.platform, d.kind, d.cancel_by, d.reasons)
        if k not in cache:
            cache[k] = _cancel_days(d, cancels.get(d.platform, ()), sp.key) if d.kind == "seller_cancel" \
                else (dispatch.get((d.platform, d.kind), {}), True)
    return cache


def platforms(conn) -> set[str]:
    """The platforms the store has orders of: one index step each, not a pass over every order."""
    out: set[str] = set()
    p = conn.scalar(select(func.min(Order.platform)))
    while p is not None:
        out.add(p)
        p = conn.scalar(select(func.min(Order.platform)).where(Order.platform > p))
    return out


def _promised(conn, sp: _Span, col, late: bool) -> list:
    """(platform, day, dispatches, of them late (``late``) / on time) of orders with a promised time."""
    at, due = epoch_seconds(col), epoch_seconds(Order.promised_ship_at)  # whole seconds, as the reference
    day = sp.key.sql(col).label("day")
    counted = func.sum(case((at > due if late else at <= due, 1), else_=0))
    return plain_rows(conn, select(Order.platform, day, func.count(), counted).where(
        col >= sp.since, col < sp.until, Order.promised_ship_at.is_not(None)).group_by(day, Order.platform))


def _promised_open(conn, sp: _Span) -> dict[int, tuple]:
    """Open orders with a promised time due within a day (overdue ones included): id → (platform,
    order id, deadline)."""
    due, plats = epoch_seconds(Order.promised_ship_at), sp.late | sp.pick
    by = datetime.fromtimestamp(math.floor(sp.now_ts + AT_RISK_S) + 1, UTC)
    return {pk: (platform, oid, deadline) for pk, platform, oid, deadline in plain_rows(conn, select(
        Order.id, Order.platform, Order.order_id, due).where(
        Order.status == "unshipped", Order.promised_ship_at < by))
        if platform in plats}


class DueRows(list):
    """Open orders as plain tuples (order_pk, platform, order_id, ship-by, base deadline, kind): a
    risk evaluation's facts as the last one kept them (app/evaluation), read without an object each."""


def _open_of(risks, sp: _Span) -> dict[int, tuple]:
    """``_promised_open`` and the open part of ``_computed`` from the risk evaluation (or
    ``DueRows``): its ship-by, except the export's promised time as written (the engine extends it
    for pauses; health's reference never did) and nothing for an order without a payment or
    creation time. A risk made with ready values (no engine facts: ``f_base`` 0) counts by its ship-by."""
    plats, horizon, out = sp.late | sp.pick, sp.now_ts + AT_RISK_S, {}
    rows = risks if isinstance(risks, DueRows) else (
        (r.order_pk, r.platform, r.order_id, r.f_ship, r.f_base, r.f_kind) for r in risks)
    for pk, platform, oid, ship, base, kind in rows:
        kind %= _PRICED_PRESALE  # source * 3 + start kind
        deadline = base if kind < 3 and base else ship  # source 0: the export's promised time
        if deadline <= horizon and platform in plats and (kind < 3 or kind % 3 != 2):
            out[pk] = platform, oid, deadline
    return out


def _computed(session, conn, settings: dict, sp: _Span, dispatch: dict, opened: dict, with_open: bool) -> None:
    """Orders without a promised time, open (``with_open``) or dispatched / picked up in the span:
    the deadline the risk engine's rule gives, one order at a time (into ``dispatch``, ``opened``)."""
    tables, plats = load_rules(settings), sp.late | sp.pick
    deadline_of = Deadlines(tables, dict(session.execute(select(Shop.id, Shop.options)).all()), settings,
                            sp.day_of.tz)
    unshipped = Order.status == "unshipped"
    done = or_(Order.shipped_at >= sp.since, Order.picked_up_at >= sp.since)
    # the open ones (unless the risks give them), then those dispatched or picked up in the span: each
    # read from its own index, the open ones by status, the rest by time (status is not its index)
    reads = ((True, unshipped), (False, ~unshipped & done)) if with_open else ((False, done),)
    held = {pk: text for _open, where in reads for pk, text in titles(conn, tables, plats, where).items()}
    cols = (Order.id, Order.platform, Order.shop_id, Order.order_type, epoch_seconds(Order.paid_at),
            case((Order.paid_at.is_(None), epoch_seconds(Order.created_at)), else_=None),
            epoch_seconds(Order.presale_ends_at), epoch_seconds(Order.shipped_at), epoch_seconds(Order.picked_up_at))
    horizon, day_of = sp.now_ts + AT_RISK_S, sp.day_of
    for is_open, where in reads:
        rows = plain_rows(conn, select(*cols, Order.order_id if is_open else None).where(
            where, Order.promised_ship_at.is_(None)))
        for pk, platform, shop_id, otype, paid, created, close, shipped, picked, oid in rows:
            start = paid if paid is not None else created
            if start is None or platform not in plats:
                continue  # no deadline: neither counted nor due
            deadline = deadline_of(platform, shop_id, otype, start, close)
            if pk in held:  # a listing speed word holds the promise shorter, as on the risk tab
                deadline = deadline_of.ctx(platform, shop_id).held(start, deadline, held[pk])
            if shipped is not None and shipped <= sp.now_ts and platform in sp.late:
                add_day(dispatch.setdefault((platform, "late_dispatch"), {}), day_of(shipped), shipped > deadline)
            if picked is not None and picked <= sp.now_ts and platform in sp.pick:
                add_day(dispatch.setdefault((platform, "pickup_on_time"), {}), day_of(picked), picked <= deadline)
            if is_open and deadline <= horizon:
                opened[pk] = platform, oid, deadline


def _cancels(conn, sp: _Span) -> dict[str, list]:
    """Per platform: (day, orders, None, None, False) per day paid in the span, and (day, orders, who
    cancelled, why, True) of the cancelled ones (also those read for a dispatch in the span)."""
    day = sp.key.sql(Order.paid_at).label("day")
    out: dict[str, list] = {}
    for d, platform, n in _paid_per_day(conn, sp):
        out.setdefault(platform, []).append((d, n, None, None, False))
    for platform, d, by, why, n in plain_rows(conn, select(
            Order.platform, day, Order.cancel_by, Order.cancel_reason, func.count()).where(
            Order.status == "closed", Order.paid_at < sp.until,
            or_(Order.paid_at >= sp.since, Order.shipped_at >= sp.since, Order.picked_up_at >= sp.since))
            .group_by(day, Order.platform, Order.cancel_by, Order.cancel_reason)):
        out.setdefault(platform, []).append((d, n, by, why, True))
    return out


def _paid_per_day(conn, sp: _Span) -> list[tuple]:
    """(day key, platform, orders paid) over the span: one count of the payment-time index per local
    day between its midnights (no time converted per order); by ``DayKey`` where a zone's midnight
    falls off a quarter hour (the reference's step)."""
    tz, day = sp.day_of.tz, sp.key.sql(Order.paid_at)
    first = sp.since.astimezone(tz).date()
    edges = [datetime.combine(first + timedelta(days=k), time(0), tz)
             for k in range(1, (sp.until.astimezone(tz).date() - first).days + 1)]
    if any(e.utcoffset().total_seconds() % 900 for e in edges):
        return plain_rows(conn, select(day, Order.platform, func.count()).where(
            Order.paid_at >= sp.since, Order.paid_at < sp.until).group_by(day, Order.platform))
    q = select(Order.platform, func.count()).where(Order.paid_at >= bindparam("lo", type_=Order.paid_at.type),
                                                   Order.paid_at < bindparam("hi", type_=Order.paid_at.type))
    q = q.group_by(Order.platform)
    out = []
    for lo, hi in zip([sp.since, *edges], [*edges, sp.until], strict=True):
        key = sp.key.key_of(lo)
        out += [(key, platform, n) for platform, n in conn.execute(q, {"lo": lo, "hi": min(hi, sp.until)})]
    return out


def _cancel_days(d, groups, key: DayKey) -> tuple[Days, bool]:
    """``metrics._events`` of a cancellation metric from the grouped counts: orders per day paid, the
    seller's faults among them, and whether the exports say who cancelled or why."""
    events: Days = {}
    told = untold = 0
    for day, n, by, why, closed in groups:
        if not closed:
            add_day(events, key.date(day), False, n)
            continue
        if by or why:
            told += n
        else:
            untold += n
        if d.seller_fault(by, why):
            events.setdefault(key.date(day), [0, 0])[1] += n
    return events, told > 0 or untold == 0

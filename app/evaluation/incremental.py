"""The incremental tick: what data or time moved since the last evaluation, and only that.

An evaluation leaves each open order's deadline, level, shortfall and *next instant* (when its level
or escalation moves without new data) in ``order_checks``, and its journal position and ``now`` in
``eval_marks``. The next tick then looks at

- the journal since (app/evaluation/journal.py): orders whose data changed, contact tasks acted on,
  SKUs whose stock moved;
- the orders whose next instant has passed (an index range, never a scan);
- follow-ups and escalations falling due between the two ticks (index ranges on the tasks);

and re-evaluates those through the same core as the full evaluation (risk engine on the changed
orders, EDF over stored deadlines when demand or stock moved, the stock report when it did, shop
health when a deadline it counts crossed or the day turned). Alerts are then reconciled for those
keys only. Anything the tick cannot judge in part (a rule or setting change, a new version, a clock
going back, a change too big to be worth it) returns ``None``: the caller runs the full evaluation,
which is also the reference the property test holds this to (tests/integration/test_incremental.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, select

from app import settings as S
from app import timeutil
from app.evaluation import journal
from app.store.models import ContactTask, EvalMark, Order, OrderCheck, OrderLine

ROOM = "alerts"
_t = OrderCheck.__table__
_CHECK_COLS = (_t.c.order_pk, _t.c.ship_by, _t.c.level, _t.c.short_units, _t.c.next_at, _t.c.base, _t.c.kind,
               _t.c.platform, _t.c.order_id)
# past this many orders to re-evaluate, the full evaluation is as cheap and simpler
MAX_CHANGED = 10_000


def fingerprint(settings: dict) -> str:
    """What an evaluation ran under: the evaluated settings and this version (its shipped rules)."""
    from app import __version__

    picked = {k: v for k, v in settings.items() if journal.is_evaluated(k)}
    text = json.dumps([__version__, picked], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass
class Plan:
    """One incremental tick's work: what to re-evaluate at ``now``."""

    now: datetime
    last: datetime  # the ``now`` of the evaluation before
    journal_id: int  # the newest journal entry this tick consumes
    data_orders: set[int] = field(default_factory=set)  # their data changed (journal ``order``)
    task_orders: set[int] = field(default_factory=set)  # only their contact state (journal ``task``)
    skus: set[int] = field(default_factory=set)  # stock or master data (journal ``sku``)
    due: set[int] = field(default_factory=set)  # open orders whose next instant passed
    health: bool = False  # shop health evaluated again (a counted deadline crossed, the day turned)
    stock: bool = False  # the stock report and EDF again (demand or stock moved, or the day turned)
    new_day: bool = False  # the shop-local date changed: the contact messages' dates move

    @property
    def all_tasks(self) -> bool:
        """So many contact tasks moved (a whole queue made) that every task is looked at again."""
        return 0 in self.task_orders

    @property
    def quiet(self) -> bool:
        """Nothing moved: no order, task, SKU, room to look at."""
        return not (self.data_orders or self.task_orders or self.skus or self.due or self.health or self.stock)


def _ts(at: datetime) -> float:
    return timeutil.as_utc(at).timestamp()


def plan(conn, now: datetime, settings: dict) -> Plan | None:
    """The work of an incremental tick at ``now``, or None when only a full evaluation will do."""
    mark = conn.execute(select(EvalMark.journal_id, EvalMark.evaluated_at, EvalMark.fingerprint)
                        .where(EvalMark.room == ROOM)).first()
    if mark is None:
        return None  # never evaluated (or just migrated)
    now_ts = _ts(now)
    if mark.fingerprint != fingerprint(settings) or now_ts < mark.evaluated_at:
        return None  # a rule or setting changed, a new version, or the clock went back
    newest, refs = journal.since(conn, mark.journal_id)
    if refs["all"]:
        return None
    tz = S.shop_tz(settings)
    last = datetime.fromtimestamp(mark.evaluated_at, timeutil.as_utc(now).tzinfo)
    p = Plan(now, last, newest, refs["order"], refs["task"], refs["sku"])
    p.due = set(conn.scalars(select(OrderCheck.order_pk).where(OrderCheck.next_at <= now_ts)))
    p.new_day = timeutil.local(now, tz).date() != timeutil.local(last, tz).date()
    p.stock = bool(p.data_orders or p.skus or p.new_day)
    p.health = bool(p.data_orders or p.new_day or _health_crossed(conn, mark.evaluated_at, now_ts))
    if len(p.data_orders | p.due) > MAX_CHANGED:
        return None
    return p


def _health_crossed(conn, last: float, now: float) -> bool:
    """Did a deadline shop health counts cross since ``last``: an order turned overdue, or came
    within the metrics' at-risk horizon (app/health/metrics.py AT_RISK_HOURS)?"""
    from app.health.metrics import AT_RISK_HOURS

    ahead = AT_RISK_HOURS * 3600
    c = OrderCheck.ship_by
    return conn.scalar(select(OrderCheck.order_pk).where(or_(
        and_(c > last, c <= now), and_(c > last + ahead, c <= now + ahead))).limit(1)) is not None


def instants(settings: dict):
    """``next_at(ship, now)``: when an order due at ``ship`` next moves without new data: its
    warning, critical, overdue and escalation instants, whichever comes first after ``now``
    (None: never again). The offsets are read once, not per order."""
    offsets = sorted((-S.value(settings, "risk.warning_hours") * 3600, -S.value(settings, "risk.critical_hours") * 3600,
                      0.0, S.escalate_hours(settings) * 3600))

    def next_at(ship: float, now: float) -> float | None:
        for off in offsets:
            if ship + off > now:
                return ship + off
        return None
    return next_at


def _next(r, next_at, now_ts: float) -> float | None:
    """The order's next instant: its level's (``instants``) or, once it is late or nearly so, its
    penalty's (a late band ending, the 缺货 trigger: app/risk/context.py), whichever comes first."""
    level = next_at(r.f_ship, now_ts)
    moves = getattr(r._why, "penalty_moves_at", None)
    if r.level == "ok" or moves is None:
        return level  # its penalty counts from its deadline, a level instant before it
    money = moves(r, now_ts)
    return level if money is None or (level is not None and level <= money) else money


def remember(conn, now: datetime, settings: dict, risks, journal_id: int, *, only=None, closed=()) -> None:
    """Keep each evaluated open order's state and next instant, and where the evaluation stands.
    ``only``: the orders this tick re-evaluated (None: a full evaluation, every open order)."""
    from app.chunks import in_chunks
    from app.store.session import bulk_insert, plain_rows

    now_ts, next_at = _ts(now), instants(settings)
    rows = {(r.order_pk, r.f_ship, r.level, r.short_units, _next(r, next_at, now_ts), r.f_base or 0.0, r.f_kind,
             r.platform, r.order_id) for r in risks}  # in _CHECK_COLS's order
    if only is None:
        # a full evaluation writes only what differs from what is kept: at start, most of it is the same
        kept = set(plain_rows(conn, select(*_CHECK_COLS)))
        stale = {row[0] for row in kept - rows}  # gone, or kept as it was before: deleted
        rows -= kept  # new or changed: written
        journal.prune(conn, journal_id, timeutil.as_utc(now) - timedelta(days=1))
    else:
        stale = set(only) | set(closed)
    for part in in_chunks(sorted(stale)):
        conn.execute(delete(_t).where(_t.c.order_pk.in_(part)))
    if rows:  # in key order: SQLite appends to its table's tree instead of splitting pages all over
        values = zip(*sorted(rows), strict=True)
        bulk_insert(conn, _t, {c.name: list(v) for c, v in zip(_CHECK_COLS, values, strict=True)})
    _mark(conn, ROOM, journal_id, now_ts, fingerprint(settings))


def _mark(conn, room: str, journal_id: int, now_ts: float, fp: str) -> None:
    from app.store.session import insert_once

    t = EvalMark.__table__
    insert_once(conn, t, {"room": room, "journal_id": journal_id, "evaluated_at": now_ts, "fingerprint": fp},
                ["room"], update={"journal_id": journal_id, "evaluated_at": now_ts, "fingerprint": fp})


def stock_shorts(conn, changed_risks) -> dict[int, int]:
    """EDF again over every open line, with the stored deadlines of the orders not re-evaluated
    and the fresh ones of ``changed_risks``: order_pk → units short (demand or stock moved)."""
    from app.inventory.ledger import bundle_map, on_hand_by_sku, open_line_filter
    from app.risk.allocation import shorts

    deadline = dict(conn.execute(select(OrderCheck.order_pk, OrderCheck.ship_by)).all())
    deadline.update((r.order_pk, r.f_ship) for r in changed_risks)
    lines = conn.execute(select(OrderLine.order_pk, OrderLine.sku_id, OrderLine.quantity)
                         .join(Order, Order.id == OrderLine.order_pk).where(open_line_filter())).all()
    return shorts(lines, bundle_map(conn), deadline, on_hand_by_sku(conn))


def stored_shorts(conn, pks=None) -> dict[int, int]:
    """Units short per order as the last evaluation left them (``pks``: of these orders only)."""
    from app.chunks import in_chunks

    stmt = select(OrderCheck.order_pk, OrderCheck.short_units).where(OrderCheck.short_units > 0)
    if pks is None:
        return dict(conn.execute(stmt).all())
    return {pk: n for part in in_chunks(sorted(pks), 500) for pk, n in conn.execute(stmt.where(OrderCheck.order_pk.in_(part)))}


def open_among(conn, pks) -> set[int]:
    from app.chunks import in_chunks

    out: set[int] = set()
    for part in in_chunks(sorted(pks), 500):
        out.update(conn.scalars(select(Order.id).where(Order.id.in_(part), Order.status == "unshipped")))
    return out


def order_keys(conn, pks) -> set[str]:
    """The late-shipment alert keys of these orders (open or not)."""
    from app.alerts.service import order_key
    from app.chunks import in_chunks

    out: set[str] = set()
    for part in in_chunks(sorted(pks), 500):
        out.update(order_key(p, o) for p, o in conn.execute(
            select(Order.platform, Order.order_id).where(Order.id.in_(part))))
    return out


def tasks_due_between(conn, last: datetime, now: datetime, settings: dict) -> set[int]:
    """Open contact tasks whose follow-up or escalation instant lies in (last, now]: their
    reminders may have come due (index ranges on sent_at and due_at)."""
    fh = timedelta(hours=S.follow_up_hours(settings))
    eh = timedelta(hours=S.escalate_hours(settings))
    t = ContactTask
    return set(conn.scalars(select(t.order_pk).where(t.status != "resolved", or_(
        and_(t.sent_at > last - fh, t.sent_at <= now - fh), and_(t.due_at > last - eh, t.due_at <= now - eh)))))


def due_within(conn, now: datetime, hours: float):
    """The open orders due within ``hours`` of ``now`` (overdue ones included): the part
    of a risk evaluation shop health counts (its base deadline is never after its ship-by): one pass
    over the kept state, which holds open orders only."""
    from app.health.counts import DueRows
    from app.store.session import plain_rows

    horizon = _ts(now) + hours * 3600
    c = OrderCheck
    return DueRows(plain_rows(conn, select(c.order_pk, c.platform, c.order_id, c.ship_by, c.base, c.kind)
                              .where(c.base <= horizon)))

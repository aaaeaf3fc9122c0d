"""Order-risk evaluation: deadlines, levels, EDF stock allocation, penalties, reasons.

A few Core selects load every open order and its lines as plain tuples (no ORM objects, no
per-row type processing; times come out of the database as epoch seconds, stop-ship regions are
pre-matched there); the rest is plain Python over epoch seconds and integer fen. The per-order
work is only what decides the level, the allocation and the late-shipment estimate: the reason
texts, the 缺货 estimate, datetimes and Decimals are made on first access (``OrderRisk``), from
facts kept on the order. 100,000 orders: ~0.4 s in memory, ~1 s from the store of which the
selects take ~0.5 s (bench/risk_bench.py; writing every reason text, as ``risk --json`` does, adds ~1 s).

Penalty figures (decided here, shown in the reasons):
- ``penalty_estimate`` is the late-shipment deduction the order is exposed to *now*:
  overdue → what applies if it ships now (band by promise length and current lateness);
  critical / warning → what applies once it misses the deadline (the first late band), i.e. the
  money at stake if nothing is done; ok → 0.
- ``penalty_stockout`` is the 缺货 deduction if the order turns into a stock-out case (priced
  when read: short orders, the detail pane, exports).
- ``rule`` names the late-shipment rule and its effective date; ``rule_verified`` is false for
  rules without an official source, and the reasons say so.
"""

from __future__ import annotations

import gc
import logging
from datetime import datetime
from itertools import chain

from sqlalchemy import and_, case, func, or_, select

from app import timeutil
from app.chunks import in_chunks
from app.inventory.ledger import bundle_map, on_hand_by_sku, open_line_filter
from app.labels import level_label
from app.nogc import no_gc
from app.risk import allocation, deadlines
from app.risk.context import _FROM_EXPORT, _PRICED_PRESALE, _context, _Ctx, _Run
from app.risk.penalties import estimate_fen, fen_to_decimal
from app.risk.presale import is_presale, presale_sql
from app.risk.reasons import _compile  # noqa: F401 - tests fill a template through the engine, as before
from app.risk.rules import load_rules
from app.risk.stoplist import StopList
from app.risk.types import LEVELS, OrderRisk
from app.store.models import Order, OrderLine, Shop
from app.store.session import epoch_seconds, plain_rows
from app.text import t

log = logging.getLogger(__name__)
_new = object.__new__

_EPOCH = datetime(1970, 1, 1)
_fromiso = datetime.fromisoformat


def _ts(value) -> float:
    """Epoch seconds of a stored UTC time: raw SQLite text or a driver datetime."""
    if isinstance(value, str):
        return (_fromiso(value) - _EPOCH).total_seconds()
    if isinstance(value, (int, float)):
        return float(value)
    if value.tzinfo is None:
        return (value - _EPOCH).total_seconds()
    return value.timestamp()


# -- evaluation --------------------------------------------------------------------

# what app/snapshot.py also needs of an open order, read in the same pass (``load_rows(with_info=True)``)
INFO_COLS = (Order.order_type, Order.buyer, Order.recipient, Order.phone_masked, Order.province, Order.city,
             Order.seen_at)


def load_rows(session, *, with_region: bool = False, stop: StopList | None = None, tables: dict | None = None,
              with_info: bool = False, only=None) -> dict:
    """Everything the evaluation needs, as plain tuples, in a few Core selects.

    orders: (pk, platform, order_id, shop_id, presale flag, paid, created, promised, amount_paid_fen,
    postage_fen[, province, city, address]) with times as epoch seconds (the database converts them:
    no text parsing per row) and ``created`` only where ``paid`` is missing; lines: (order_pk,
    sku_id, quantity) of open lines. With a stop-ship list the region columns are filled only for
    orders whose province / city / address mention one of its names (the rest are NULL), so the
    database does the coarse match and Python the exact one for a few rows.

    ``with_info``: the one read of a refresh (app/snapshot.py): each order row goes on from
    ``info_at`` with ``INFO_COLS`` and its pre-order close and scheduled delivery, and ``all_lines``
    holds every line of an open order (order_pk, id, sku_id, sku_code, product, spec, quantity),
    closed lines too; the extras then come from these rows instead of a select of their own.

    ``only``: these open orders' primary keys alone (the incremental tick's changed set)."""
    conn = session.connection()
    cols = _order_cols(stop, with_region)
    info_at = len(cols)
    if with_info:
        cols += [*INFO_COLS, epoch_seconds(Order.presale_ends_at), epoch_seconds(Order.scheduled_delivery_at)]
    speedy = speed_word_title(tables or {})
    line_sel, order_sel = _line_select(speedy, with_info), select(*cols).where(Order.status == "unshipped")
    if only is not None:
        line_sel, order_sel = line_sel.where(Order.id.in_(only)), order_sel.where(Order.id.in_(only))
    rows = plain_rows(conn, line_sel)
    lines, titles = rows, {}
    if with_info:  # every line of an open order: the risk evaluation takes the open ones
        flag = 3 + (speedy is not None)
        lines = [row[:flag] for row in rows if row[flag]]
    if speedy is not None:  # a title carrying a speed word, read in the same pass over the lines (NULL for the rest)
        titles = join_titles(lines)
        lines = [row[:3] for row in lines]
    out = {
        "orders": plain_rows(conn, order_sel),
        "lines": lines,
        "shops": dict(conn.execute(select(Shop.id, Shop.options)).all()),
        "on_hand": on_hand_by_sku(session),
        "bundles": bundle_map(session),
    }
    if with_info:
        flag = 3 + (speedy is not None)
        out["info_at"], out["all_lines"] = info_at, [(row[0], row[flag + 1], row[1], *row[flag + 2:], row[2])
                                                     for row in rows]
    if tables:
        extras = extras_of(out["orders"], info_at, tables) if with_info else load_extras(conn, tables, only)
        out["extras"] = {**extras, "titles": titles}
    return out


def _order_cols(stop: StopList | None, with_region: bool) -> list:
    """The order columns the evaluation reads (see ``load_rows``)."""
    t = Order
    cols = [t.id, t.platform, t.order_id, t.shop_id, presale_sql(t.order_type), epoch_seconds(t.paid_at),
            case((t.paid_at.is_(None), epoch_seconds(t.created_at)), else_=None),
            epoch_seconds(t.promised_ship_at), t.amount_paid_fen, t.postage_fen]
    if stop:
        names = {n for _raw, n in stop.items}
        in_pc = or_(*(c.contains(n, autoescape=True) for n in names for c in (t.province, t.city)))
        no_pc = and_(func.coalesce(t.province, "") == "", func.coalesce(t.city, "") == "")
        in_addr = or_(*(t.address.contains(n, autoescape=True) for n in names))
        cols += [case((in_pc, t.province), else_=None), case((in_pc, t.city), else_=None),
                 case((and_(no_pc, in_addr), t.address), else_=None)]
    elif with_region:
        cols += [t.province, t.city, t.address]
    return cols


def _line_select(speedy, with_info: bool):
    """(order_pk, sku_id, quantity[, speed-word title]) of open lines; ``with_info``: of every line
    of an open order, then an open flag, id, sku_code, product and spec."""
    cols = [OrderLine.order_pk, OrderLine.sku_id, OrderLine.quantity]
    if speedy is not None:
        cols.append(case((speedy, OrderLine.product), else_=None))
    if not with_info:
        return select(*cols).join(Order, Order.id == OrderLine.order_pk).where(open_line_filter())
    cols += [case((open_line_filter(), 1), else_=0), OrderLine.id, OrderLine.sku_code, OrderLine.product,
             OrderLine.spec]
    return select(*cols).join(Order, Order.id == OrderLine.order_pk).where(Order.status == "unshipped")


def speed_word_title(tables: dict):
    """SQL: the order line's product title carries a listing speed word of its platform's table
    (None when no table has speed words)."""
    words = {w for tb in tables.values() for k in tb.get("speed_keywords") or [] for w in k["words"]}
    if not words:
        return None
    keyed = [p for p, tb in tables.items() if tb.get("speed_keywords")]
    return and_(Order.platform.in_(keyed), or_(*(OrderLine.product.contains(w, autoescape=True) for w in words)))


def join_titles(rows) -> dict[int, str]:
    """Rows of (order pk, …, product title or None) → each order's titles, one per line."""
    titles: dict[int, str] = {}
    for row in rows:
        product = row[-1]
        if product is not None:
            pk = row[0]
            titles[pk] = f"{titles[pk]}\n{product}" if pk in titles else product
    return titles


def _capped(tables: dict) -> list[str]:
    """The platforms whose rules cap one buyer's deductions per day."""
    return [p for p, tb in tables.items() if (tb.get("shop") or {}).get("same_buyer_daily_cap_yuan")]


def _scheduled(tables: dict) -> list[str]:
    """The platforms whose rules price a missed scheduled delivery (预约到货)."""
    return [p for p, tb in tables.items() if "scheduled_delivery" in tb["deductions"]]


def same_buyer(conn, settings: dict, pks) -> set[int]:
    """The open orders of the buyers of ``pks`` on a platform with a same-buyer same-day cap: the
    cap shares one total among them (the earliest deadlines first), so an incremental tick
    evaluates them together."""
    capped, t = _capped(load_rules(settings)), Order
    if not capped or not pks:
        return set()
    buyers: set[str] = set()
    for part in in_chunks(sorted(pks)):  # by primary key (the buyer index is for the next read)
        buyers.update(b for b, p in conn.execute(select(t.buyer, t.platform).where(t.id.in_(part)))
                      if b and p in capped)
    out: set[int] = set()
    for part in in_chunks(sorted(buyers)):
        # by the buyer index: the platform is checked here, or the planner would walk a platform's orders
        out.update(pk for pk, p in conn.execute(select(t.id, t.platform).where(t.buyer.in_(part), t.status == "unshipped"))
                   if p in capped)
    return out


def load_extras(conn, tables: dict, only=None) -> dict:
    """What only some rules need, for the few orders it concerns: the buyer (a same-buyer
    same-day cap) and a pre-order's close (the titles come with the lines, see ``load_rows``)."""
    t, open_ = Order, Order.status == "unshipped"
    if only is not None:
        open_ = and_(open_, Order.id.in_(only))
    capped = _capped(tables)
    # buyers, pre-order closes and scheduled deliveries (预约到货) in one pass over the open orders
    is_capped = t.platform.in_(capped)  # an empty list is a false condition
    is_sched = and_(t.platform.in_(_scheduled(tables)),
                    t.scheduled_delivery_at.is_not(None))
    buyers, closes, scheduled = {}, {}, {}
    for pk, buyer, close, due in plain_rows(conn, select(
            t.id, case((is_capped, t.buyer), else_=None), epoch_seconds(t.presale_ends_at),
            case((is_sched, epoch_seconds(t.scheduled_delivery_at)), else_=None)).where(
            open_, or_(and_(is_capped, t.buyer.is_not(None), t.buyer != ""), t.presale_ends_at.is_not(None),
                       is_sched))):
        if buyer:
            buyers[pk] = buyer
        if close is not None:
            closes[pk] = close
        if due is not None:
            scheduled[pk] = due
    return {"buyers": buyers, "closes": closes, "scheduled": scheduled}


def extras_of(orders, at: int, tables: dict) -> dict:
    """``load_extras`` from order rows read with the info columns (``load_rows(with_info=True)``):
    the same buyers, pre-order closes and scheduled deliveries, without a select of their own."""
    capped, sched = set(_capped(tables)), set(_scheduled(tables))
    buyer_at, close_at = at + 1, at + len(INFO_COLS)
    buyers, closes, scheduled = {}, {}, {}
    for row in orders:
        pk, platform = row[0], row[1]
        if platform in capped and row[buyer_at]:
            buyers[pk] = row[buyer_at]
        if row[close_at] is not None:
            closes[pk] = row[close_at]
        if platform in sched and row[close_at + 1] is not None:
            scheduled[pk] = row[close_at + 1]
    return {"buyers": buyers, "closes": closes, "scheduled": scheduled}


def load_for(session, settings: dict, *, with_info: bool = False, only=None) -> dict:
    """The rows ``evaluate_rows`` takes, read as ``settings`` ask (stop-ship list, rule tables)."""
    stop = StopList(settings.get("risk.stop_ship_regions"))
    return load_rows(session, stop=stop, tables=load_rules(settings), with_info=with_info, only=only)


def evaluate_risk(session, now: datetime, settings: dict, rows: dict | None = None) -> list[OrderRisk]:
    """One ``OrderRisk`` per unshipped order, sorted by ship_by. ``rows``: this refresh's one read
    (app/snapshot.py), else the rows are read here."""
    return _paused(_read_and_evaluate, session, now, settings, rows)


def _read_and_evaluate(session, now: datetime, settings: dict, rows: dict | None) -> list[OrderRisk]:
    # a call of its own: the rows it reads are freed before the collector resumes, never scanned by it
    if rows is None:
        rows = load_for(session, settings)
    return evaluate_rows(now=now, settings=settings, **{k: rows[k] for k in _EVALUATED if k in rows})


_EVALUATED = ("orders", "lines", "on_hand", "bundles", "shops", "extras")


def evaluate_rows(orders, lines, on_hand: dict[int, int], bundles: dict[int, list[tuple[int, int]]],
                  shops: dict[int, str | None], now: datetime, settings: dict,
                  extras: dict | None = None) -> list[OrderRisk]:
    """Pure evaluation over plain tuples (see ``load_rows``); times may be epoch seconds, stored
    text or datetimes (naive = UTC); the presale column a flag or the export's order type.
    ``extras`` (``load_extras``): {"buyers": {pk: buyer}, "titles": {pk: product titles},
    "closes": {pk: a pre-order's close},
    "scheduled": {pk: a 预约到货 order's scheduled delivery}}."""
    return _paused(_evaluate, orders, lines, on_hand, bundles, shops, now, settings, extras or {})


def _paused(fn, *args) -> list[OrderRisk]:
    """``fn(*args)`` with the collector paused: what the call leaves behind is freed unscanned, and the
    results go straight to the collector's oldest generation (frozen and thawed at once)."""
    with no_gc():
        out = fn(*args)
        if not gc.get_freeze_count():  # 100k results hold no cycle: a young pass over them costs ~0.1 s
            gc.freeze()
            gc.unfreeze()
        return out

def _evaluate(orders, lines, on_hand, bundles, shops, now, settings, extras) -> list[OrderRisk]:
    run = _Run(now, settings)
    tz, now_ts, crit_s, warn_s, tables, stop = run.tz, run.now_ts, run.crit_s, run.warn_s, run.tables, run.stop or None
    titles, closes, buyers = extras.get("titles") or {}, extras.get("closes") or {}, extras.get("buyers") or {}
    ctxs: dict[tuple, _Ctx] = {}
    presale_memo: dict[str, bool] = {}
    out: list[OrderRisk] = []
    ships, index = [], {}  # each order's deadline; pk → its position
    extend = deadlines.extend_for_pauses
    last_key, ctx = None, None
    capped, cands = False, []  # orders under a same-buyer same-day cap (their positions in out)
    for row in orders:
        pk, platform, oid, shop_id, otype, paid, created, promised, fen, postage = row[:10]
        if (platform, shop_id) != last_key:  # rows come grouped by shop: skip the dict most of the time
            last_key = (platform, shop_id)
            ctx = ctxs.get(last_key)
            if ctx is None:
                ctx = ctxs[last_key] = _context(tables, platform, shops.get(shop_id), shop_id, settings, tz, run)
            capped = ctx.cap_safe_fen is not None and bool(buyers)
        if capped and pk in buyers:
            cands.append(len(out))
        fen = fen or 0
        if paid is not None:
            start, start_kind = (paid if paid.__class__ is int or paid.__class__ is float else _ts(paid)), 0
        else:
            start, start_kind = (_ts(created), 1) if created is not None else (now_ts, 2)
        pre = False
        if otype and ctx.presale_any:
            if otype.__class__ is str:
                pre = presale_memo.get(otype)
                if pre is None:
                    pre = presale_memo[otype] = is_presale(otype)
            else:
                pre = True
        # deadline: export column > presale / shop / platform promise; then pauses
        if promised is not None:
            base = ship = promised if promised.__class__ is int or promised.__class__ is float else _ts(promised)
            source = _FROM_EXPORT
            if ctx.intervals:
                ship = extend(start, base, ctx.intervals)
        else:
            base, ship, source = ctx.deadline(pk, start, pre, titles, closes)
        promise_s = base - start
        # level and the late-shipment exposure (the reasons name the band)
        left = ship - now_ts
        late = ctx.pre_late if pre else ctx.late
        if left <= 0:
            level = "overdue"
            pen = estimate_fen(late, promise_s, -left, fen, postage)[0]
        elif left > warn_s:
            level = "ok"
            pen = 0
        else:
            level = "critical" if left <= crit_s else "warning"
            # once it misses the deadline: the first late band, i.e. the money at stake
            pen = estimate_fen(late, promise_s, 1.0, fen, postage)[0]
        # the read leaves the region columns NULL unless the database saw a stop-ship name: no match to try
        hit = (stop.match(row[10], row[11], row[12]) if stop is not None and len(row) > 10
               and (row[10] is not None or row[11] is not None or row[12] is not None) else None)
        # raw forms (epoch seconds, fen; OrderRisk converts on first access), every slot by name: a
        # 22-keyword call costs ~1 µs an order, a fifth of the evaluation (tests/integration/test_risk.py checks the slots)
        r = _new(OrderRisk)
        r.order_pk, r.platform, r.order_id, r.level, r._why = pk, platform, oid, level, ctx
        r._ship_by = r.f_ship = ship
        r.stock_short, r.short_units, r.stop_ship, r._reasons, r.f_cap, r._tot = False, 0, hit is not None, None, None, None
        r._pen, r._pen_stock, r._amount, r._paid = pen, None, fen, (start if start_kind == 0 else None)
        r.rule, r.rule_verified = (ctx.pre_rule_id if pre else ctx.rule_id), late.verified
        r.f_start, r.f_base, r.f_kind = start, base, source * 3 + start_kind + (_PRICED_PRESALE if pre else 0)
        r.f_fen, r.f_postage, r.f_hit = fen, postage or 0, hit
        out.append(r)
        index[pk] = len(ships)
        ships.append(ship)
    order = sorted(range(len(out)), key=ships.__getitem__)  # by deadline (stable: ties keep the load order)
    _allocate(lines, on_hand, bundles, out, index, _edf_rank(order, ships, out), run.unmatched)
    _keep_scheduled(run, out, index, extras.get("scheduled"))
    if cands:
        cands.sort(key=ships.__getitem__)
        _cap_buyer_days([out[i] for i in cands], buyers)
    return [out[i] for i in order]


def _edf_rank(order: list[int], ships: list[float], out: list[OrderRisk]) -> list[int]:
    """Positions in serving order for the allocation: by deadline, ties by order pk. The output's
    order (ties in load order) serves as is when the rows came in pk order, as a store's do: one sort."""
    pk = out[0].order_pk if out else 0
    for r in out:
        if r.order_pk < pk:
            return sorted(order, key=lambda i: (ships[i], out[i].order_pk))
        pk = r.order_pk
    return order


def _allocate(lines, on_hand, bundles, out: list[OrderRisk], index: dict[int, int], ranked: list[int],
              unmatched: dict[int, int]) -> None:
    """EDF allocation per SKU, bundles expanded to components, orders served in ``ranked`` order;
    short orders marked, lines without a SKU counted per order."""
    need: list[tuple] = [()] * len(out)  # each order's (position, sku, units) demands, by position
    for pk, sku, qty in lines:
        if sku is None:
            unmatched[pk] = unmatched.get(pk, 0) + 1
            continue
        i = index.get(pk)
        if i is None:
            continue
        comps = bundles.get(sku)
        need[i] += ((i, sku, qty),) if comps is None else tuple((i, comp, qty * per) for comp, per in comps)
    for i, units in allocation.allocate_in_turn(chain.from_iterable(map(need.__getitem__, ranked)), on_hand).items():
        r = out[i]
        r.stock_short, r.short_units = True, units


def _keep_scheduled(run: _Run, out: list[OrderRisk], index: dict[int, int], scheduled: dict | None) -> None:
    """预约到货 orders' scheduled delivery times, where the order's rule prices a missed one."""
    for pk, due in (scheduled or {}).items():
        i = index.get(pk)
        if i is not None and out[i]._why.rule.scheduled is not None:
            run.scheduled[pk] = due if due.__class__ is float or due.__class__ is int else _ts(due)


def _cap_buyer_days(ranked: list[OrderRisk], buyers: dict[int, str]) -> None:  # ranked: capped orders by deadline
    """Same buyer, same day (the payment's date on the platform's clock): the sum of that buyer's
    deductions is capped (Taobao 100, Tmall 500). The earliest deadlines take their full amount
    first; an order left with less than its own total keeps the rest in ``f_cap``."""
    groups: dict[tuple, list[OrderRisk]] = {}
    days: dict[tuple, object] = {}
    for r in ranked:
        if r.level == "ok" and not r.stock_short:
            continue  # charged nothing
        buyer = buyers[r.order_pk]
        if not buyer:
            continue
        ctx = r._why
        if ctx.cap_safe_fen is None:
            continue
        slot = (id(ctx), int(r.f_start) // 900)  # every zone offset is a multiple of 15 min: one date per slot
        day = days.get(slot)
        if day is None:
            day = days[slot] = datetime.fromtimestamp(r.f_start, ctx.zone).date()
        key = (id(ctx), buyer, day)
        g = groups.get(key)
        if g is None:
            groups[key] = [r]
        else:
            g.append(r)
    for g in groups.values():
        first = g[0]
        ctx = first._why
        if len(g) == 1 and first.f_fen <= ctx.cap_safe_fen:
            continue  # one order too small to reach the cap: nothing to price
        room = ctx.rule.buyer_day_cap_fen
        for r in g:
            total = r.penalty_total_fen
            given = total if total < room else room
            room -= given
            if given < total:
                r.f_cap = given


# -- summaries for the UI and notifications ---------------------------------------------

def summarize(risks: list[OrderRisk]) -> dict:
    """Counts per level, stock-short orders/units, stop-ship, money at stake (Decimal yuan).

    ``money``: late-shipment deductions at stake on orders not ``ok``; ``money_stockout``: 缺货
    deductions on stock-short orders; ``unverified``: at-risk orders priced from unverified rules."""
    counts = {lv: 0 for lv in LEVELS}
    short = short_units = stop = unverified = at_risk = 0
    money = money_stock = total = 0  # fen: summed as integers, made yuan once
    for r in risks:
        counts[r.level] += 1
        risky = r.level != "ok" or r.stock_short or r.stop_ship
        at_risk += risky
        if r.level != "ok":
            money += r.penalty_estimate_fen
        if r.stock_short:
            short += 1
            short_units += r.short_units
            money_stock += r.penalty_stockout_fen
        if r.level != "ok" or r.stock_short:
            total += r.penalty_total_fen
        stop += r.stop_ship
        unverified += risky and not r.rule_verified
    return {"levels": counts, "short": short, "short_units": short_units, "stop_ship": stop,
            "at_risk": at_risk, "money": fen_to_decimal(money), "money_stockout": fen_to_decimal(money_stock),
            "money_total": fen_to_decimal(total), "unverified": unverified, "total": len(risks)}


def explain(risk: OrderRisk, tz: str | None = None) -> str:
    """Plain-text explanation of one order's risk (detail pane, tooltip, copy to clipboard)."""
    level = level_label(risk.level)
    head = t("{platform} order {order_id}: {level}, deadline {when}", platform=risk.platform,
             order_id=risk.order_id, level=level, when=timeutil.iso(risk.ship_by, tz))
    rule = t("Rule: {rule}", rule=risk.rule) + ("" if risk.rule_verified else t(" (unverified)"))
    lines = [head, *(f"· {x}" for x in risk.reasons),
             t("Most the platform will deduct if nothing more is done: ¥{amount}", amount=risk.penalty_total)]
    if risk.rule_stockout:
        lines.append(t("Stock-out rule: {rule}", rule=risk.rule_stockout))
    return "\n".join([*lines, rule])

"""Order-risk evaluation: deadlines, levels, EDF stock allocation, penalties, reasons.

A few Core selects load every open order and its lines as plain tuples (no ORM objects, no
per-row type processing; times come out of the database as epoch seconds, stop-ship regions are
pre-matched there); the rest is plain Python over epoch seconds and integer fen. The per-order
work is only what decides the level, the allocation and the late-shipment estimate: the reason
texts, the 缺货 estimate, datetimes and Decimals are made on first access (``OrderRisk``), from
facts kept on the order. 100,000 orders: ~0.5 s in memory, ~1 s from the store
(bench/risk_bench.py; writing every reason text, as ``risk --json`` does, adds ~1 s).

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

import json
import logging
import re
import sys
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select

from app import settings as S
from app import timeutil
from app.inventory.ledger import bundle_map, on_hand_by_sku, open_line_filter
from app.labels import level_label
from app.nogc import no_gc
from app.risk import allocation, calendars, deadlines
from app.risk.penalties import ZERO, estimate_fen, fen_to_decimal
from app.risk.presale import is_presale, presale_sql
from app.risk.rules import CompiledRule, Deduction, Promise, compile_rule, load_rules, merge_shop_options
from app.risk.types import LEVELS, OrderRisk
from app.store.models import Order, OrderLine, Shop
from app.store.session import epoch_seconds, plain_rows
from app.text import N_, PLACEHOLDER, label, language, placeholders, t

log = logging.getLogger(__name__)
_is_presale = is_presale  # the name app/health used before the rule moved to app/risk/presale.py

# English sources; label() shows them in the shop's language
UNVERIFIED = N_("This rule has not been verified against an official source; for reference only")

def _generic(platform: str) -> dict:
    """A platform without a table: 48 h, nothing estimated, clearly marked (in the core language)."""
    none = t("No rule table for this platform; not estimated")
    return {
        "platform": platform, "name": platform, "verified": False, "effective_from": "2026-01-01",
        "source": t("No rule table"), "promise": {"mode": "hours", "hours": 48},
        "deductions": {
            "late": {"name": t("Late shipment"), "trigger": t("Shipped after the promised time"),
                     "bands": [{"percent": "0", "note": none}]},
            "stockout": {"name": t("Out of stock"), "trigger": t("Out of stock"), "bands": [{"percent": "0", "note": none}]},
        },
    }


_HM: dict[str, dict[int, str]] = {}  # language → minutes → "3小时12分" (shared by every evaluation)


def _hm_text(m: int, tx: dict) -> str:
    """`3小时12分` / `2天5小时` / `45分` (minutes; `3 h 12 min` in English)."""
    d, rem = divmod(m, 1440)
    h, mm = divmod(rem, 60)
    if d:
        return tx["d_h"](d=d, h=h) if h else tx["d"](d=d)
    if h:
        return tx["h_m"](h=h, m=mm) if mm else tx["h"](h=h)
    return tx["m"](m=mm)


_EPOCH = datetime(1970, 1, 1)
_fromiso = datetime.fromisoformat


_YUAN: dict[int, str] = {}


def _yuan(fen: int) -> str:
    s = _YUAN.get(fen)
    if s is None:
        s = _YUAN[fen] = f"¥{fen_to_decimal(fen)}"
    return s


def _ts(value) -> float:
    """Epoch seconds of a stored UTC time: raw SQLite text or a driver datetime."""
    if isinstance(value, str):
        return (_fromiso(value) - _EPOCH).total_seconds()
    if isinstance(value, (int, float)):
        return float(value)
    if value.tzinfo is None:
        return (value - _EPOCH).total_seconds()
    return value.timestamp()


# -- stop-ship regions (物流停发) ---------------------------------------------------

_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "地区", "省", "市", "盟")
_ADDR = re.compile(r"^\s*(?P<p>[^\s\d]{2,8}?(?:省|自治区|特别行政区|市))?\s*(?P<c>[^\s\d]{2,8}?(?:自治州|地区|盟|市))?")


def _norm(name: str) -> str:
    s = name.strip()
    for suf in _SUFFIXES:
        if s.endswith(suf) and len(s) > len(suf) + 1:
            return s[: -len(suf)]
    return s


class StopList:
    """Province / city names; "新疆" matches "新疆维吾尔自治区", "乌鲁木齐市" matches "乌鲁木齐"."""

    def __init__(self, regions) -> None:
        self.items = [(r.strip(), _norm(r)) for r in (regions or []) if isinstance(r, str) and r.strip()]
        self._memo: dict[tuple, str | None] = {}

    def __bool__(self) -> bool:
        return bool(self.items)

    def match(self, province: str | None, city: str | None, address: str | None = None) -> str | None:
        if not province and not city and address:
            m = _ADDR.match(address)
            province, city = (m.group("p"), m.group("c")) if m else (None, None)
        key = (province, city)
        if key in self._memo:
            return self._memo[key]
        hit = None
        names = [x for x in (province, city) if x]
        normed = {_norm(x) for x in names}
        for raw, n in self.items:
            if n in normed or any(raw in x for x in names):
                hit = raw
                break
        self._memo[key] = hit
        return hit


# -- per-shop context ------------------------------------------------------------

class _Ctx:
    """A compiled rule for one (platform, shop) plus its pauses and pre-built reason fragments."""

    __slots__ = ("rule", "late", "stock", "intervals", "paused", "promise_reason", "presale_reason",
                 "late_tail", "stock_tail", "verified", "day", "day_base", "words", "rule_id",
                 "stock_unverified", "admitted_words", "run", "stock_rule_id", "zone", "pre_late", "pre_rule_id",
                 "presale_any", "cap_safe_fen", "sched_rule_id")

    def __init__(self, rule: CompiledRule, pauses: list, tz, run: _Run | None = None) -> None:
        self.rule, self.late, self.stock, self.run = rule, rule.late, rule.stockout, run
        # each platform on its own clock (Beijing time for the Chinese ones, Los Angeles for
        # TikTok US): the shop zone only changes how the times are shown
        tz = self.zone = timeutil.zone(rule.clock) if rule.clock else tz
        self.intervals = deadlines.pause_intervals(pauses, tz)
        self.paused = deadlines.paused_dates(pauses)
        holidays = calendars.holidays(rule.calendar)
        working = bool(rule.calendar)
        # day-based promises: with pauses (the deadline) and without (the promise length, the note)
        # keyed by id(): hashing a Promise per order costs more than the deadline itself
        self.day: dict[int, deadlines.DayDeadlines] = {}
        self.day_base: dict[int, deadlines.DayDeadlines] = {}
        for p in (rule.promise, rule.presale):
            if p is not None and p.seconds is None:
                self.day[id(p)] = deadlines.DayDeadlines(p, tz, self.paused | holidays, working)
                self.day_base[id(p)] = (deadlines.DayDeadlines(p, tz, holidays, working) if self.paused
                                        else self.day[id(p)])
        self.verified = rule.late.verified
        self.promise_reason = t("By the {rule} {source}: {promise}", rule=rule.name, source=rule.promise_source,
                                promise=rule.promise.text())
        self.presale_reason = (t("Presale order, by the {rule} presale promise: {promise}", rule=rule.name,
                                 promise=rule.presale.text()) if rule.presale else "")
        self.late_tail = self._tail(rule.late)
        self.stock_tail = self._tail(rule.stockout)
        self.words = {id(b): _band_words(b, self.late_tail) for b in rule.late.bands}
        # a presale order's own late charge (Tmall full-payment presale 10 %), else the ordinary one
        self.pre_late = rule.presale_late or rule.late
        self.presale_any = rule.presale is not None or rule.presale_late is not None
        self.cap_safe_fen = _cap_safe_fen(rule, self.pre_late)
        self.pre_rule_id = f"{rule.platform}/{self.pre_late.name}/{self.pre_late.effective_from}"
        if rule.presale_late is not None:
            tail = self._tail(rule.presale_late)
            self.words.update({id(b): _band_words(b, tail) for b in rule.presale_late.bands})
        self.rule_id = rule.rule_id
        self.stock_rule_id = rule.stock_rule_id
        sched = rule.scheduled
        self.sched_rule_id = f"{rule.platform}/{sched.name}/{sched.effective_from}" if sched is not None else ""
        self.stock_unverified = "" if rule.stockout.verified else t(" ({text})", text=label(UNVERIFIED))
        admitted = next((b.admitted_percent for b in rule.stockout.bands if b.admitted_percent is not None), None)
        self.admitted_words = (t("; admitting the stock-out before the deadline counts {percent}%",
                                 percent=f"{admitted.normalize():f}") if admitted is not None
                               else "") + self.stock_unverified

    def ship_fn(self, promise: Promise):
        """Start (epoch seconds) → this rule's ship-by deadline for ``promise`` (its clock, calendar,
        end of day, pauses), as the evaluation below computes it: for callers that need only the
        deadline of many orders (shop health)."""
        return self.day[id(promise)] if promise.seconds is None else self.hours_fn(promise.seconds)

    def hours_fn(self, secs: int):
        """Start → ``secs`` later, the clock stopped during pauses (hours promises, title speed words)."""
        iv = self.intervals
        return (lambda s: deadlines.extend_for_pauses(s, s + secs, iv)) if iv else (lambda s: s + secs)

    def held(self, start: float, ship: float, titles: str) -> float:
        """The deadline once a speed word in the product titles holds the promise shorter (the
        shortest promise counts); ``ship`` when there is none or it is not shorter."""
        hit = _speed_word(self.rule.keywords, titles) if self.rule.keywords else None
        return ship if hit is None else min(ship, self.hours_fn(hit[1])(start))

    def stockout_fen(self, r: OrderRisk) -> int:
        """The 缺货 deduction if the order turns into a stock-out case."""
        return estimate_fen(self.stock, r.f_base - r.f_start, 0.0, r.f_fen, r.f_postage)[0]

    def scheduled_fen(self, r: OrderRisk) -> int:
        """Douyin 预约到货超时 for an order whose export gives a scheduled delivery time (预约送达时间)."""
        return estimate_fen(self.rule.scheduled, r.f_base - r.f_start, 1.0, r.f_fen, r.f_postage)[0]

    def total_fen(self, r: OrderRisk) -> int:
        """The most the platform will deduct if nothing more is done, each charge counted once:
        the late charge, plus the 缺货 charge when the order is (or will become) a stock-out case,
        unless the late band already *is* the 缺货 charge (Douyin, more than 48 h late); plus the
        预约到货 charge once the scheduled delivery time has passed with the order still unshipped."""
        due = self.run.scheduled.get(r.order_pk) if self.run is not None else None
        missed = self.scheduled_fen(r) if due is not None and due <= self.run.now_ts else 0
        return self._charges_fen(r) + missed

    def _charges_fen(self, r: OrderRisk) -> int:
        pen = r.penalty_estimate_fen
        promise_s = r.f_base - r.f_start
        if r.level == "overdue":
            late_s = self.run.now_ts - r.f_ship
            band = estimate_fen(self.late_of(r), promise_s, late_s, r.f_fen, r.f_postage)[1]
            if band.stockout:
                return pen
            trig = self.stock.trigger_late_s
            if r.stock_short or (trig is not None and late_s >= trig):
                return pen + estimate_fen(self.stock, promise_s, late_s, r.f_fen, r.f_postage)[0]
            return pen
        return pen + (r.penalty_stockout_fen if r.stock_short else 0)

    def late_of(self, r: OrderRisk) -> Deduction:
        return self.pre_late if r.f_kind >= _PRICED_PRESALE else self.late

    def reasons(self, r: OrderRisk) -> list[str]:
        """The reasons in words for one order, from the facts the evaluation kept on it."""
        run = self.run
        when, hm = run.when, run.hm
        start, base, ship, fen, postage = r.f_start, r.f_base, r.f_ship, r.f_fen, r.f_postage
        source, start_kind = divmod(r.f_kind % _PRICED_PRESALE, 3)
        tx = run.tx
        notes = [tx[_START_NOTES[start_kind]]] if start_kind else []
        if source == _FROM_KEYWORD:
            word, secs = run.keywords[r.order_pk]
            notes.append(tx["keyword"](word=word, hours=secs // 3600))
        else:
            notes.append(tx["from_export"] if source == _FROM_EXPORT else
                         self.promise_reason if source == _FROM_PROMISE else self.presale_reason)
            close = run.closes.get(r.order_pk) if source == _FROM_PRESALE else None
            if close is not None:
                notes.append(tx["closes"](when=when(close)))
        if ship != base:
            notes.append(tx["paused"](delay=hm(ship - base), when=when(ship)))
        promise_s = base - start
        left = ship - run.now_ts
        level = r.level
        if level == "overdue":
            late_s = -left
            out = [tx["overdue"](late=hm(late_s), when=when(ship)), *notes]
            pen, band = estimate_fen(self.late_of(r), promise_s, late_s, fen, postage)
            out.append(tx["pen_now"](amount=_yuan(pen), band=self.words[id(band)]))
            trig = self.stock.trigger_late_s
            if band.stockout:  # the late band is the 缺货 charge itself: never a second one
                out.append(tx["stock_once"](case=self.stock.name, rule=self.stock_rule_id))
            elif trig is not None:
                sp = fen_to_decimal(estimate_fen(self.stock, promise_s, late_s, fen, postage)[0])
                if late_s >= trig:
                    out.append(tx["stock_since"](late=hm(trig), case=self.stock.name, rule=self.stock_rule_id,
                                                 amount=sp))
                else:
                    out.append(tx["stock_in"](left=hm(trig - late_s), case=self.stock.name, rule=self.stock_rule_id,
                                              amount=sp))
        elif level == "ok":
            out = [tx["ok"](left=hm(left), when=when(ship)), *notes]
        else:
            if level == "critical":
                out = [tx["critical"](left=hm(left), when=when(ship)), *notes]
            else:
                out = [tx["warning"](left=hm(left), when=when(ship), hours=run.warn_h), *notes]
            pen, band = estimate_fen(self.late_of(r), promise_s, 1.0, fen, postage)
            out.append(tx["pen_late"](amount=_yuan(pen), band=self.words[id(band)]))
        if r.f_hit:
            out.append(tx["stop_ship"](region=r.f_hit))
        if r.stock_short:
            tail = self.admitted_words if level != "overdue" else self.stock_unverified
            out.append(tx["short"](units=r.short_units, case=self.stock.name, rule=self.stock_rule_id,
                                   amount=r.penalty_stockout, tail=tail))
        due = run.scheduled.get(r.order_pk)
        if due is not None:
            out.append(tx["sched_missed" if due <= run.now_ts else "sched"](
                when=when(due), case=self.rule.scheduled.name, rule=self.sched_rule_id,
                amount=_yuan(self.scheduled_fen(r))))
        if r.f_cap is not None:
            out.append(tx["cap"](cap=_yuan(self.rule.buyer_day_cap_fen), amount=_yuan(r.f_cap)))
        n = run.unmatched.get(r.order_pk)
        if n:
            out.append(tx["unmatched"](n=n))
        return out

    def _tail(self, d: Deduction) -> str:
        return (t("{rule} “{name}”, in force from {date}", rule=self.rule.name, name=d.name, date=d.effective_from)
                + ("" if d.verified else t("; {note}", note=label(UNVERIFIED))))


def _cap_safe_fen(rule: CompiledRule, pre_late: Deduction) -> int | None:
    """The largest amount paid whose charges cannot reach the same-buyer daily cap on their own
    (None: no cap). Each band is at most percent × amount + its minimum (or its fixed amount), so
    one order's total stays under (highest late + highest 缺货 percent) × amount + their minimums."""
    cap = rule.buyer_day_cap_fen
    if cap is None:
        return None
    pct = lo = 0
    for bands in ((*rule.late.bands, *pre_late.bands), rule.stockout.bands):
        pct += max(max(b.percent or 0, b.admitted_percent or 0) for b in bands)
        lo += max(max(b.min_fen, b.fixed_fen) for b in bands)
    if cap <= lo:
        return 0
    return int((cap - lo) * 100 / pct) if pct else sys.maxsize


def _band_words(band, tail: str) -> str:
    note = t("; {note}", note=band.note) if band.note else ""
    return t(" ({band}, {rule}{note})", band=band.text, rule=tail, note=note)


def _context(tables: dict, platform: str, options_json: str | None, shop_id, settings: dict, tz,
             run: _Run | None = None) -> _Ctx:
    table = tables.get(platform)
    if table is None:
        table = _generic(platform)
    try:
        options = json.loads(options_json) if options_json else {}
    except ValueError:
        log.warning("shop %s options are not JSON; ignored", shop_id)
        options = {}
    mine = (settings.get("risk.shop_options") or {}).get(platform)
    if mine:  # the seller's own promises from the settings page win over the shop record
        options = merge_shop_options(options if isinstance(options, dict) else {}, mine)
    rule = compile_rule(table, options, where=t("shop #{id}", id=shop_id))
    return _Ctx(rule, deadlines.pauses_for(settings.get("risk.pauses"), platform), tz, run)


# -- evaluation --------------------------------------------------------------------

def load_rows(session, *, with_region: bool = False, stop: StopList | None = None, tables: dict | None = None) -> dict:
    """Everything the evaluation needs, as plain tuples, in a few Core selects.

    orders: (pk, platform, order_id, shop_id, presale flag, paid, created, promised, amount_paid_fen,
    postage_fen[, province, city, address]) with times as epoch seconds (the database converts them:
    no text parsing per row) and ``created`` only where ``paid`` is missing; lines: (order_pk,
    sku_id, quantity) of open lines. With a stop-ship list the region columns are filled only for
    orders whose province / city / address mention one of its names (the rest are NULL), so the
    database does the coarse match and Python the exact one for a few rows."""
    conn = session.connection()
    t = Order
    presale = presale_sql(t.order_type)
    cols = [t.id, t.platform, t.order_id, t.shop_id, presale, epoch_seconds(t.paid_at),
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
    line_cols = [OrderLine.order_pk, OrderLine.sku_id, OrderLine.quantity]
    speedy = speed_word_title(tables or {})
    if speedy is not None:  # a title carrying a speed word, read in the same pass over the lines (NULL for the rest)
        line_cols.append(case((speedy, OrderLine.product), else_=None))
    lines = plain_rows(conn, select(*line_cols).join(Order, Order.id == OrderLine.order_pk).where(open_line_filter()))
    titles: dict[int, str] = {}
    if speedy is not None:
        titles = join_titles(lines)
        lines = [row[:3] for row in lines]
    out = {
        "orders": plain_rows(conn, select(*cols).where(t.status == "unshipped")),
        "lines": lines,
        "shops": dict(conn.execute(select(Shop.id, Shop.options)).all()),
        "on_hand": on_hand_by_sku(session),
        "bundles": bundle_map(session),
    }
    if tables:
        out["extras"] = {**load_extras(conn, tables), "titles": titles}
    return out


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


def load_extras(conn, tables: dict) -> dict:
    """What only some rules need, for the few orders it concerns: the buyer (a same-buyer
    same-day cap) and a pre-order's close (the titles come with the lines, see ``load_rows``)."""
    t, open_ = Order, Order.status == "unshipped"
    capped = [p for p, tb in tables.items() if (tb.get("shop") or {}).get("same_buyer_daily_cap_yuan")]
    # buyers, pre-order closes and scheduled deliveries (预约到货) in one pass over the open orders
    is_capped = t.platform.in_(capped)  # an empty list is a false condition
    is_sched = and_(t.platform.in_([p for p, tb in tables.items() if "scheduled_delivery" in tb["deductions"]]),
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


def evaluate_risk(session, now: datetime, settings: dict) -> list[OrderRisk]:
    """One ``OrderRisk`` per unshipped order, sorted by ship_by."""
    stop = StopList(settings.get("risk.stop_ship_regions"))
    with no_gc():
        return evaluate_rows(now=now, settings=settings,
                             **load_rows(session, stop=stop, tables=load_rules(settings)))


def evaluate_rows(orders, lines, on_hand: dict[int, int], bundles: dict[int, list[tuple[int, int]]],
                  shops: dict[int, str | None], now: datetime, settings: dict,
                  extras: dict | None = None) -> list[OrderRisk]:
    """Pure evaluation over plain tuples (see ``load_rows``); times may be epoch seconds, stored
    text or datetimes (naive = UTC); the presale column a flag or the export's order type.
    ``extras`` (``load_extras``): {"buyers": {pk: buyer}, "titles": {pk: product titles},
    "closes": {pk: a pre-order's close},
    "scheduled": {pk: a 预约到货 order's scheduled delivery}}."""
    with no_gc():
        return _evaluate(orders, lines, on_hand, bundles, shops, now, settings, extras or {})


class _Run:
    """What every order's reasons need from one evaluation (shared, built once)."""

    __slots__ = ("now_ts", "warn_h", "tz", "this_year", "unmatched", "keywords", "closes", "scheduled", "tx", "hm",
                 "when")

    def __init__(self, now: datetime, tz, warn_h) -> None:
        self.now_ts, self.tz, self.warn_h = now.timestamp(), tz, warn_h
        self.this_year = this_year = now.astimezone(tz).year
        self.unmatched: dict[int, int] = {}
        self.keywords: dict[int, tuple[str, int]] = {}  # order → the title's speed word and its hold
        self.closes: dict[int, float] = {}  # pre-order → its close, where the deadline counts from it
        self.scheduled: dict[int, float] = {}  # 预约到货 order → its scheduled delivery time
        # the reason templates in the core language, compiled once per language, not per order
        self.tx = tx = _templates(language())
        durations, times = _HM.setdefault(language(), {}), {}

        # plain functions, not methods: reading a method per order makes a bound-method object,
        # and at 100k orders the extra garbage-collector passes show in the benchmark
        def hm(seconds: float) -> str:
            """A duration in words, truncated to minutes."""
            m = int(abs(seconds)) // 60
            s = durations.get(m)
            if s is None:
                s = durations[m] = _hm_text(m, tx)
            return s

        def when(ts: float) -> str:
            """A deadline: `11-21 18:00` (with the year when it is not this year's)."""
            k = int(ts) // 60
            s = times.get(k)
            if s is None:
                d = datetime.fromtimestamp(ts, tz)
                s = f"{d.month:02d}-{d.day:02d} {d.hour:02d}:{d.minute:02d}"
                if d.year != this_year:
                    s = f"{d.year}-{s}"
                times[k] = s
            return s

        self.hm, self.when = hm, when


# how the deadline was found (OrderRisk.f_kind = source * 3 + start kind)
_FROM_EXPORT, _FROM_PROMISE, _FROM_PRESALE, _FROM_KEYWORD = 0, 1, 2, 3
_PRICED_PRESALE = 12  # added to f_kind: a presale order priced by the presale late charge
_START_NOTES = (None, "no_paid", "no_times")

# the reasons' templates (English sources, filled by keyword: see _compile)
_REASONS = {
    "d_h": N_("{d} d {h} h"), "d": N_("{d} d"), "h_m": N_("{h} h {m} min"), "h": N_("{h} h"), "m": N_("{m} min"),
    "no_paid": N_("No payment time: counted from the order time"),
    "no_times": N_("No payment or order time: estimated from now"),
    "from_export": N_("Deadline taken from the promised ship time in the export file"),
    "paused": N_("Extended by {delay} for the platform pause; deadline now {when}"),
    "overdue": N_("Overdue by {late} (deadline {when}), not shipped yet"),
    "pen_now": N_("Expected deduction if shipped now {amount}{band}"),
    "stock_since": N_("More than {late} late: may be treated as {case} ({rule}), a further ¥{amount}"),
    "stock_in": N_("Not shipped within {left} more: treated as {case} ({rule}), a further ¥{amount}"),
    "stock_once": N_("Handled as {case} ({rule}): the deduction above is that one charge, not a further one"),
    "ok": N_("{left} left until the ship deadline (deadline {when}), no risk yet"),
    "critical": N_("Only {left} left until the ship deadline (deadline {when}): ship now"),
    "warning": N_("{left} left until the ship deadline (deadline {when}), due within {hours} h"),
    "pen_late": N_("Expected deduction if shipped late {amount}{band}"),
    "keyword": N_("The product title says “{word}”: held to {hours} h from payment (the shortest promise counts)"),
    "closes": N_("The pre-order closes {when}; the deadline counts from then"),
    "sched": N_("Scheduled delivery by {when}: if it has not arrived by then, {case} ({rule}) {amount}"),
    "sched_missed": N_("Scheduled delivery by {when} missed and still not shipped: {case} ({rule}) {amount}, "
                       "counted in the most the platform will deduct"),
    "cap": N_("Same buyer, same day: the platform deducts at most {cap} in all; {amount} of it falls on this order"),
    "stop_ship": N_("The delivery region “{region}” is on the courier stop list: ask the buyer to wait or refund"),
    "short": N_("Short of stock: {units} units missing after allocating by deadline; "
                "expected deduction if treated as {case} ({rule}) ¥{amount}{tail}"),
    "unmatched": N_("{n} product lines not matched to a SKU: stock cannot be checked"),
}


_TEMPLATES: dict[str, dict] = {}  # language → {key: fill function}
_BRACE = re.compile(r"[{}]")


def _templates(lang: str) -> dict:
    tx = _TEMPLATES.get(lang)
    if tx is None:
        tx = _TEMPLATES[lang] = {k: _compile(v) for k, v in _REASONS.items()}
    return tx


def _compile(source: str):  # -> the text itself when it has no placeholders
    """``fill(name=value, ...)`` for one template in the core language. An f-string compiled once:
    ~20 of these per order when every reason is written, and str.format (a dict per call, so
    more garbage-collector passes over 100k orders) made that a third slower. Only a translation
    whose every brace is one of the source's placeholders is compiled; anything else goes through
    label()."""
    names = sorted(placeholders(source))
    text = label(source)
    if not names:
        return text  # a fixed sentence: used as it is
    if placeholders(text) == set(names) and not _BRACE.search(PLACEHOLDER.sub("", text)):
        return eval(f"lambda {', '.join(names)}: f{text!r}", {})  # noqa: S307 - fields are the named parameters only
    return lambda **values: label(source, **values)


def _evaluate(orders, lines, on_hand, bundles, shops, now, settings, extras) -> list[OrderRisk]:
    tz = timeutil.zone(S.shop_tz(settings))
    now_ts = now.timestamp()
    crit_s = S.critical_hours(settings) * 3600
    warn_h = S.value(settings, "risk.warning_hours")  # as the seller wrote it: it goes into the reason text
    warn_s = float(warn_h) * 3600
    tables = load_rules(settings)
    stop = StopList(settings.get("risk.stop_ship_regions"))
    run = _Run(now, tz, warn_h)
    titles, closes = extras.get("titles") or {}, extras.get("closes") or {}

    ctxs: dict[tuple, _Ctx] = {}
    presale_memo: dict[str, bool] = {}
    out: list[OrderRisk] = []
    ships: list[float] = []
    index: dict[int, int] = {}
    extend = deadlines.extend_for_pauses
    last_key, ctx = None, None
    buyers = extras.get("buyers") or {}
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
            start = paid if paid.__class__ is int or paid.__class__ is float else _ts(paid)
            start_kind = 0
        elif created is not None:
            start = _ts(created)
            start_kind = 1
        else:
            start = now_ts
            start_kind = 2

        rule = ctx.rule
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
            promise: Promise = rule.promise
            source = _FROM_PROMISE
            if pre and rule.presale is not None:
                promise, source = rule.presale, _FROM_PRESALE
                if promise.after_close:  # counted from the pre-order's close: only where the export gives it
                    close = closes.get(pk)
                    if close is None:
                        promise, source = rule.promise, _FROM_PROMISE
                    else:
                        run.closes[pk] = close
            secs = promise.seconds
            at = run.closes[pk] if promise.after_close else start
            if secs is not None:
                base = ship = at + secs
                if ctx.intervals:
                    ship = extend(start, base, ctx.intervals)
            else:  # day-based: paused dates are skipped like non-working days
                ship = ctx.day[id(promise)](at)
                base = ctx.day_base[id(promise)](at) if ctx.paused else ship
            if titles and rule.keywords and pk in titles:  # a speed word in the title holds the promise shorter
                hit = _speed_word(rule.keywords, titles[pk])
                if hit is not None and start + hit[1] < base:
                    base = ship = start + hit[1]
                    if ctx.intervals:
                        ship = extend(start, base, ctx.intervals)
                    source = _FROM_KEYWORD
                    run.keywords[pk] = hit
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
        hit = stop.match(row[10], row[11], row[12]) if stop and len(row) > 10 else None
        # positional, raw forms (epoch seconds, fen): OrderRisk converts on first access
        out.append(OrderRisk(
            pk, platform, oid, ship, level, False, 0, hit is not None, pen, None,
            ctx.pre_rule_id if pre else ctx.rule_id, late.verified, fen, start if start_kind == 0 else None, None, ctx,
            start, base, source * 3 + start_kind + (_PRICED_PRESALE if pre else 0), fen, postage or 0, hit))
        index[pk] = len(ships)
        ships.append(ship)

    # EDF allocation per SKU, bundles expanded to components
    demands = []
    unmatched = run.unmatched
    for pk, sku, qty in lines:
        if sku is None:
            unmatched[pk] = unmatched.get(pk, 0) + 1
            continue
        i = index.get(pk)
        if i is None:
            continue
        comps = bundles.get(sku)
        if comps is None:
            demands.append((ships[i], pk, sku, qty))
        else:
            ship = ships[i]
            for comp, per in comps:
                demands.append((ship, pk, comp, qty * per))
    for pk, units in allocation.allocate(demands, on_hand).items():
        r = out[index[pk]]
        r.stock_short, r.short_units = True, units

    _keep_scheduled(run, out, index, extras.get("scheduled"))
    # by deadline (stable: ties keep the load order)
    if cands:
        cands.sort(key=ships.__getitem__)
        _cap_buyer_days([out[i] for i in cands], buyers)
    return [out[i] for i in sorted(range(len(out)), key=ships.__getitem__)]


def _keep_scheduled(run: _Run, out: list[OrderRisk], index: dict[int, int], scheduled: dict | None) -> None:
    """预约到货 orders' scheduled delivery times, where the order's rule prices a missed one."""
    for pk, due in (scheduled or {}).items():
        i = index.get(pk)
        if i is not None and out[i]._why.rule.scheduled is not None:
            run.scheduled[pk] = due if due.__class__ is float or due.__class__ is int else _ts(due)


def _speed_word(keywords: tuple[tuple[str, int], ...], titles: str) -> tuple[str, int] | None:
    """The first (shortest) speed keyword found in the order's product titles."""
    for word, secs in keywords:
        if word in titles:
            return word, secs
    return None


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
    money = money_stock = total = ZERO
    for r in risks:
        counts[r.level] += 1
        risky = r.level != "ok" or r.stock_short or r.stop_ship
        at_risk += risky
        if r.level != "ok":
            money += r.penalty_estimate
        if r.stock_short:
            short += 1
            short_units += r.short_units
            money_stock += r.penalty_stockout
        if r.level != "ok" or r.stock_short:
            total += r.penalty_total
        stop += r.stop_ship
        unverified += risky and not r.rule_verified
    return {"levels": counts, "short": short, "short_units": short_units, "stop_ship": stop,
            "at_risk": at_risk, "money": money, "money_stockout": money_stock,
            "money_total": total, "unverified": unverified, "total": len(risks)}


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


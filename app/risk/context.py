"""One evaluation's set-up: the settings read once (``_Run``) and each shop's compiled rule with
its pauses, deadline functions and pre-built reason fragments (``_Ctx``)."""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime

from app import settings as S
from app import timeutil
from app.risk import calendars, deadlines
from app.risk.penalties import estimate_fen, fen_to_decimal
from app.risk.reasons import UNVERIFIED, ReasonWriter, band_words
from app.risk.rules import CompiledRule, Deduction, Promise, compile_rule, load_rules, merge_shop_options
from app.risk.stoplist import StopList
from app.risk.types import OrderRisk
from app.text import label, language, t

log = logging.getLogger("app.risk.engine")

# how the deadline was found (OrderRisk.f_kind = source * 3 + start kind)
_FROM_EXPORT, _FROM_PROMISE, _FROM_PRESALE, _FROM_KEYWORD = 0, 1, 2, 3
_PRICED_PRESALE = 12  # added to f_kind: a presale order priced by the presale late charge
_START_NOTES = (None, "no_paid", "no_times")


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


_JUST_AFTER = 0.001  # seconds: an instant past a band's end (epoch seconds as floats keep ~0.2 µs)


def _penalty_offsets(late: Deduction, stock: Deduction) -> tuple[float, ...]:
    """Seconds after the deadline at which an order's penalty moves: just past each late or 缺货
    band's end (a band holds while the lateness is at most its end), and the 缺货 trigger."""
    ends = {b.late_max_s + _JUST_AFTER for ded in (late, stock) for b in ded.bands if b.late_max_s is not None}
    if stock.trigger_late_s is not None:
        ends.add(stock.trigger_late_s)
    return tuple(sorted(ends))


class _Run:
    """One evaluation's settings, read once, and what every order's reasons need from it."""

    __slots__ = ("now_ts", "tz", "crit_s", "warn_h", "warn_s", "tables", "stop", "unmatched", "keywords", "closes",
                 "scheduled", "writer")

    def __init__(self, now: datetime, settings: dict) -> None:
        self.tz = tz = timeutil.zone(S.shop_tz(settings))
        self.now_ts = now.timestamp()
        self.crit_s = S.critical_hours(settings) * 3600
        self.warn_h = S.value(settings, "risk.warning_hours")  # as the seller wrote it: it goes into the reason text
        self.warn_s = float(self.warn_h) * 3600
        self.tables = load_rules(settings)
        self.stop = StopList(settings.get("risk.stop_ship_regions"))
        self.unmatched: dict[int, int] = {}
        self.keywords: dict[int, tuple[str, int]] = {}  # order → the title's speed word and its hold
        self.closes: dict[int, float] = {}  # pre-order → its close, where the deadline counts from it
        self.scheduled: dict[int, float] = {}  # 预约到货 order → its scheduled delivery time
        self.writer = ReasonWriter(language(), tz, now)


class _Ctx:
    """A compiled rule for one (platform, shop) plus its pauses and pre-built reason fragments."""

    __slots__ = ("rule", "late", "stock", "intervals", "paused", "promise_reason", "presale_reason",
                 "late_tail", "stock_tail", "verified", "day", "day_base", "words", "rule_id",
                 "stock_unverified", "admitted_words", "run", "stock_rule_id", "zone", "pre_late", "pre_rule_id",
                 "presale_any", "cap_safe_fen", "sched_rule_id", "moves")

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
        self.words = {id(b): band_words(b, self.late_tail) for b in rule.late.bands}
        # a presale order's own late charge (Tmall full-payment presale 10 %), else the ordinary one
        self.pre_late = rule.presale_late or rule.late
        self.presale_any = rule.presale is not None or rule.presale_late is not None
        self.cap_safe_fen = _cap_safe_fen(rule, self.pre_late)
        # after the deadline, the lateness at which the penalty moves (late bands, 缺货): per late rule
        self.moves = {id(ded): _penalty_offsets(ded, self.stock) for ded in (self.late, self.pre_late)}
        self.pre_rule_id = f"{rule.platform}/{self.pre_late.name}/{self.pre_late.effective_from}"
        if rule.presale_late is not None:
            tail = self._tail(rule.presale_late)
            self.words.update({id(b): band_words(b, tail) for b in rule.presale_late.bands})
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

    def deadline(self, pk: int, start: float, pre: bool, titles: dict, closes: dict) -> tuple[float, float, int]:
        """(base, ship, source) of an order the export gives no promised ship time: the presale or
        shop / platform promise, then pauses; a speed word in the titles holds it shorter."""
        rule, run = self.rule, self.run
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
            if self.intervals:
                ship = deadlines.extend_for_pauses(start, base, self.intervals)
        else:  # day-based: paused dates are skipped like non-working days
            ship = self.day[id(promise)](at)
            base = self.day_base[id(promise)](at) if self.paused else ship
        if titles and rule.keywords and pk in titles:  # a speed word in the title holds the promise shorter
            hit = _speed_word(rule.keywords, titles[pk])
            if hit is not None and start + hit[1] < base:
                base = ship = start + hit[1]
                if self.intervals:
                    ship = deadlines.extend_for_pauses(start, base, self.intervals)
                source = _FROM_KEYWORD
                run.keywords[pk] = hit
        return base, ship, source

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

    def penalty_moves_at(self, r: OrderRisk, now_ts: float) -> float | None:
        """When this order's penalty next changes with no new data, after ``now_ts`` (None: never):
        a late band ending (a band holds while the lateness is at most its end: the next one starts
        just after), the 缺货 charge's trigger, a scheduled delivery time passing."""
        ship = r.f_ship
        due = self.run.scheduled.get(r.order_pk) if self.run is not None else None
        if ship > now_ts and due is None:
            return None  # not late yet: its deadline, a level instant, comes first
        at = None
        for off in self.moves[id(self.late_of(r))]:
            if ship + off > now_ts:
                at = ship + off
                break
        if due is not None and due > now_ts and (at is None or due < at):
            return due
        return at

    def late_of(self, r: OrderRisk) -> Deduction:
        return self.pre_late if r.f_kind >= _PRICED_PRESALE else self.late

    def reasons(self, r: OrderRisk) -> list[str]:
        """The reasons in words for one order, from the facts the evaluation kept on it."""
        run = self.run
        w = run.writer
        when, hm, yuan = w.when, w.hm, w.yuan
        start, base, ship, fen, postage = r.f_start, r.f_base, r.f_ship, r.f_fen, r.f_postage
        source, start_kind = divmod(r.f_kind % _PRICED_PRESALE, 3)
        tx = w.tx
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
            out.append(tx["pen_now"](amount=yuan(pen), band=self.words[id(band)]))
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
            out.append(tx["pen_late"](amount=yuan(pen), band=self.words[id(band)]))
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
                amount=yuan(self.scheduled_fen(r))))
        if r.f_cap is not None:
            out.append(tx["cap"](cap=yuan(self.rule.buyer_day_cap_fen), amount=yuan(r.f_cap)))
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


def _speed_word(keywords: tuple[tuple[str, int], ...], titles: str) -> tuple[str, int] | None:
    """The first (shortest) speed keyword found in the order's product titles."""
    for word, secs in keywords:
        if word in titles:
            return word, secs
    return None

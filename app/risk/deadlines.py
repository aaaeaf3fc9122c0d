"""Ship-by deadlines: the export's promised time wins; otherwise the shop's or platform's promise;
then platform pauses (holidays, declared force majeure) extend it.

Pauses, two ways, both in the shop's time zone:
- clock-based deadlines (N hours after payment, or a time from the export): the clock stops
  during a pause — a pause that starts before the deadline pushes it back by the paused time
  after payment (a pause straddling the deadline pushes it past the pause's end by what was left);
- day-based promises (当日发 / 次日发 / business days): paused dates do not count as days, like
  weekends for business days; an order paid on a paused date counts as paid at the next open day's
  start.
Business days: Monday–Friday. An order paid on a non-business day starts counting at 00:00 of the
next business day; the deadline keeps the clock time of that start.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from app.risk.rules import Promise

END_OF_DAY = time(23, 59, 59)


def _end_of(d: date, tz) -> datetime:
    return datetime.combine(d, END_OF_DAY, tz)


def _next_open(d: date, closed: frozenset[date] | set[date], weekends: bool = False) -> date:
    while d in closed or (weekends and d.weekday() >= 5):
        d += timedelta(days=1)
    return d


def business_days_after(start: datetime, days: int, tz, holidays: Iterable[date] = ()) -> datetime:
    """``days`` working days after ``start`` in the shop's zone (weekends and holidays skipped)."""
    closed = frozenset(holidays)
    local = start.astimezone(tz)
    d = local.date()
    if d in closed or d.weekday() >= 5:
        local = datetime.combine(_next_open(d, closed, True), time(0), tz)
        d = local.date()
    added = 0
    while added < days:
        d += timedelta(days=1)
        if d.weekday() < 5 and d not in closed:
            added += 1
    return datetime.combine(d, local.timetz().replace(tzinfo=None), tz)


def rule_deadline(paid: datetime, promise: Promise, tz, paused_dates: Iterable[date] = (),
                  working: bool = False) -> datetime:
    """Deadline from the promise alone. ``paused_dates`` only affect day-based promises
    (clock-based ones are extended by ``extend_for_pauses``); ``working``: 当日发 / 次日发 also skip
    weekends (a platform with a holiday calendar, e.g. TikTok VN "the same working day")."""
    if promise.mode == "hours":
        return paid + timedelta(seconds=int(promise.hours * 3600))
    closed = frozenset(paused_dates)
    if promise.mode == "business_days":
        due = business_days_after(paid, promise.days, tz, closed)
        if promise.end_of_day:
            return datetime.combine(due.date(), time(23, 59), tz)
        return due
    local = paid.astimezone(tz)
    if local.date() in closed or (working and local.date().weekday() >= 5):
        # paid during a pause (or off a working day): counts from the next open day's start
        local = datetime.combine(_next_open(local.date(), closed, working), time(0), tz)
    if promise.mode == "same_day":  # 当日发: paid before the cut-off → today, else the next day
        day = local.date() if local.time() < promise.cutoff else local.date() + timedelta(days=1)
    elif promise.mode == "next_day":
        day = local.date() + timedelta(days=1)
    else:
        raise ValueError(promise.mode)
    return _end_of(_next_open(day, closed, working), tz)


def pauses_for(pauses: list[dict] | None, platform: str) -> list[tuple[date, date]]:
    """``settings["risk.pauses"]`` entries for a platform (or ``"*"``) as (from, to) dates."""
    out = []
    for p in pauses or []:
        if p.get("platform", "*") in ("*", platform):
            out.append((date.fromisoformat(str(p["from"])), date.fromisoformat(str(p.get("to") or p["from"]))))
    return out


def paused_dates(pauses: list[tuple[date, date]]) -> frozenset[date]:
    out = set()
    for a, b in pauses:
        d = a
        while d <= b:
            out.add(d)
            d += timedelta(days=1)
    return frozenset(out)


def pause_intervals(pauses: list[tuple[date, date]], tz) -> list[tuple[float, float]]:
    """Whole local days as merged, sorted [start, end) epoch-second intervals."""
    spans = sorted((datetime.combine(a, time(0), tz).timestamp(),
                    datetime.combine(b + timedelta(days=1), time(0), tz).timestamp()) for a, b in pauses if b >= a)
    merged: list[list[float]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def extend_for_pauses(start_ts: float, deadline_ts: float, intervals: list[tuple[float, float]]) -> float:
    """Stop the clock during pauses that begin before the (moving) deadline."""
    d = deadline_ts
    for a, b in intervals:
        if a >= d:
            break
        if b > start_ts:
            d += b - max(a, start_ts)
    return d


def apply_pauses(paid: datetime, ship_by: datetime, pauses: list[tuple[date, date]], tz) -> datetime:
    """Datetime wrapper of ``extend_for_pauses``."""
    ts = extend_for_pauses(paid.timestamp(), ship_by.timestamp(), pause_intervals(pauses, tz))
    return datetime.fromtimestamp(ts, UTC)


class DayDeadlines:
    """Fast day-based deadlines (当日发 / 次日发 / business days) for many orders: the calendar work
    is done once per local payment date; a date whose length or offset is irregular (a DST change)
    falls back to ``rule_deadline``."""

    def __init__(self, promise: Promise, tz, paused: Iterable[date] = (), working: bool = False) -> None:
        self.promise, self.tz, self.paused, self.working = promise, tz, frozenset(paused), working
        self.cut_s = promise.cutoff.hour * 3600 + promise.cutoff.minute * 60
        self._memo: dict[date, tuple] = {}
        self._dates: dict[float, date] = {}  # 15-minute slot of UTC → its local date

    def _plan(self, d: date) -> tuple:
        tz, p = self.tz, self.promise
        mid = datetime.combine(d, time(0), tz)
        nxt = datetime.combine(d + timedelta(days=1), time(0), tz)
        mid_ts, nxt_ts = mid.timestamp(), nxt.timestamp()
        if p.mode == "business_days" and p.end_of_day:  # one deadline for the whole date
            return mid_ts, nxt_ts, "fixed", rule_deadline(mid, p, tz, self.paused).timestamp(), 0.0
        if p.mode == "business_days":
            closed = d in self.paused or d.weekday() >= 5
            target = business_days_after(mid, p.days, tz, self.paused)
            if closed:  # counted from the next open day's start: one fixed deadline for the whole date
                return mid_ts, nxt_ts, "fixed", target.timestamp(), 0.0
            after = datetime.combine(target.date() + timedelta(days=1), time(0), tz)
            regular = (nxt_ts - mid_ts == 86400 and after.timestamp() - target.timestamp() == 86400
                       and target.utcoffset() == mid.utcoffset())
            return mid_ts, nxt_ts, "shift" if regular else "slow", target.timestamp(), 0.0
        w = self.working
        if d in self.paused or p.mode == "next_day" or (w and d.weekday() >= 5):
            fixed = rule_deadline(mid, p, tz, self.paused, w).timestamp()
            return mid_ts, nxt_ts, "fixed", fixed, 0.0
        # same_day: before the cut-off → today's end, else the next open day's end
        early = rule_deadline(mid, p, tz, self.paused, w).timestamp()
        late = rule_deadline(datetime.combine(d, p.cutoff, tz), p, tz, self.paused, w).timestamp()
        regular = nxt_ts - mid_ts == 86400
        return mid_ts, nxt_ts, "cutoff" if regular else "slow", early, late

    def _date(self, start_ts: float) -> date:
        """The local date of ``start_ts``, kept per 15-minute slot of UTC: a zone whose offset is a
        multiple of 15 minutes ends no local day inside one (a datetime per order costs a quarter of a deadline)."""
        slot = start_ts // 900
        d = self._dates.get(slot)
        if d is None:
            d = datetime.fromtimestamp(start_ts, self.tz).date()
            a, b = datetime.fromtimestamp(slot * 900, self.tz), datetime.fromtimestamp(slot * 900 + 899, self.tz)
            off = a.utcoffset()
            if off == b.utcoffset() and off.total_seconds() % 900 == 0:
                self._dates[slot] = d
        return d

    def __call__(self, start_ts: float) -> float:
        d = self._date(start_ts)
        plan = self._memo.get(d)
        if plan is None:
            plan = self._memo[d] = self._plan(d)
        mid_ts, _nxt, kind, a, b = plan
        if kind == "fixed":
            return a
        if kind == "shift":
            return a + (start_ts - mid_ts)
        if kind == "cutoff":
            return a if start_ts - mid_ts < self.cut_s else b
        return rule_deadline(datetime.fromtimestamp(start_ts, self.tz), self.promise, self.tz, self.paused,
                             self.working).timestamp()

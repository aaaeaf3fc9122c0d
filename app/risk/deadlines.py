"""Ship-by deadlines: the export's promised time wins; otherwise the platform rule, then pauses."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta


def business_days_after(start: datetime, days: int, tz) -> datetime:
    """Add working days in the shop's zone (Saturday and Sunday skipped)."""
    d = start.astimezone(tz)
    added = 0
    while added < days:
        d += timedelta(days=1)
        if d.weekday() < 5:
            added += 1
    return d


def rule_deadline(paid: datetime, promise: dict, tz) -> datetime:
    mode = promise.get("mode", "hours")
    local = paid.astimezone(tz)
    if mode == "hours":
        return paid + timedelta(hours=promise.get("hours", 48))
    if mode == "business_days":
        return business_days_after(paid, int(promise.get("days", 2)), tz)
    end_of = lambda d: datetime.combine(d, time(23, 59, 59), tz)  # noqa: E731
    if mode == "same_day":  # Douyin 当日发: paid before the cut-off → today, else tomorrow
        hh, mm = (int(x) for x in promise.get("cutoff", "16:00").split(":"))
        day = local.date() if local.time() < time(hh, mm) else local.date() + timedelta(days=1)
        return end_of(day)
    if mode == "next_day":
        return end_of(local.date() + timedelta(days=1))
    raise ValueError(mode)


def apply_pauses(paid: datetime, ship_by: datetime, pauses: list[tuple[date, date]], tz) -> datetime:
    """A platform pause (holiday, declared force majeure) extends the deadline by the paused days
    that fall between payment and the deadline."""
    extra = timedelta(0)
    for start, end in pauses:
        s = datetime.combine(start, time(0), tz)
        e = datetime.combine(end + timedelta(days=1), time(0), tz)
        lo, hi = max(s, paid), min(e, ship_by + extra)
        if hi > lo:
            extra += hi - lo
    return ship_by + extra

"""Ship-by deadlines per platform promise, business days across a weekend, pauses, EDF allocation."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.risk import allocation, deadlines
from app.risk.rules import Promise, compile_rule, load_tables

SH = ZoneInfo("Asia/Shanghai")
NY = ZoneInfo("America/New_York")
SAME_DAY = Promise("same_day")  # 16:00 cut-off
NEXT_DAY = Promise("next_day")
BD2 = Promise("business_days", days=2)
H48 = Promise("hours")


def t(s, tz=SH):
    return datetime.fromisoformat(s).replace(tzinfo=tz)


def test_douyin_same_day_cutoff_at_16():
    assert deadlines.rule_deadline(t("2026-11-20 15:59:59"), SAME_DAY, SH) == t("2026-11-20 23:59:59")
    assert deadlines.rule_deadline(t("2026-11-20 16:00:00"), SAME_DAY, SH) == t("2026-11-21 23:59:59")
    # the cut-off is the shop's: 当日发 with 15:00
    p15 = compile_rule(load_tables()["douyin"], {"promise": "same_day", "cutoff": "15:00"}).promise
    assert deadlines.rule_deadline(t("2026-11-20 15:30:00"), p15, SH) == t("2026-11-21 23:59:59")
    assert deadlines.rule_deadline(t("2026-11-20 09:00:00"), NEXT_DAY, SH) == t("2026-11-21 23:59:59")
    assert deadlines.rule_deadline(t("2026-11-20 23:59:00"), NEXT_DAY, SH) == t("2026-11-21 23:59:59")
    # a UTC input is read in the shop's zone: 07:59 UTC = 15:59 Shanghai
    assert deadlines.rule_deadline(t("2026-11-20 07:59:00", ZoneInfo("UTC")), SAME_DAY, SH) == t("2026-11-20 23:59:59")


def test_taobao_48_hours():
    assert deadlines.rule_deadline(t("2026-11-20 16:13:00"), H48, SH) == t("2026-11-22 16:13:00")


def test_tiktok_business_days_across_a_weekend():
    assert deadlines.rule_deadline(t("2026-11-18 10:00:00"), BD2, SH) == t("2026-11-20 10:00:00")  # Wed → Fri
    assert deadlines.rule_deadline(t("2026-11-19 10:00:00"), BD2, SH) == t("2026-11-23 10:00:00")  # Thu → Mon
    assert deadlines.rule_deadline(t("2026-11-20 10:00:00"), BD2, SH) == t("2026-11-24 10:00:00")  # Fri → Tue
    # paid on Saturday: counting starts Monday 00:00 → Wednesday 00:00
    assert deadlines.rule_deadline(t("2026-11-21 10:00:00"), BD2, SH) == t("2026-11-25 00:00:00")
    # the shop's zone decides the weekday: Friday 20:00 in New York is Saturday in Shanghai
    ny = t("2026-11-20 20:00:00", NY)
    assert deadlines.rule_deadline(ny, BD2, NY) == t("2026-11-24 20:00:00", NY)
    # a paused Monday does not count as a business day
    assert deadlines.rule_deadline(t("2026-11-20 10:00:00"), BD2, SH, {date(2026, 11, 23)}) == \
        t("2026-11-25 10:00:00")


def test_pause_stops_the_clock():
    paid = t("2026-10-01 12:00:00")
    ship_by = deadlines.rule_deadline(paid, H48, SH)
    assert ship_by == t("2026-10-03 12:00:00")
    # a whole paused day inside the window adds a day
    assert deadlines.apply_pauses(paid, ship_by, [(date(2026, 10, 2), date(2026, 10, 2))], SH) == \
        t("2026-10-04 12:00:00")
    # a pause straddling the deadline: 12 h were left when it started → 12 h after it ends
    assert deadlines.apply_pauses(paid, ship_by, [(date(2026, 10, 3), date(2026, 10, 7))], SH) == \
        t("2026-10-08 12:00:00")
    # paid during a pause: the clock starts when it ends
    assert deadlines.apply_pauses(paid, ship_by, [(date(2026, 9, 30), date(2026, 10, 1))], SH) == \
        t("2026-10-04 00:00:00")
    # before payment or after the deadline: nothing changes
    assert deadlines.apply_pauses(paid, ship_by, [(date(2026, 9, 1), date(2026, 9, 30))], SH) == ship_by
    assert deadlines.apply_pauses(paid, ship_by, [(date(2026, 10, 4), date(2026, 10, 5))], SH) == ship_by
    # two pauses chain: the extension reaches into the second one
    two = [(date(2026, 10, 4), date(2026, 10, 4)), (date(2026, 10, 2), date(2026, 10, 2))]
    assert deadlines.apply_pauses(paid, ship_by, two, SH) == t("2026-10-05 12:00:00")


def test_pause_skips_days_for_day_based_promises():
    closed = {date(2026, 10, 1), date(2026, 10, 2)}
    # paid on a paused day before the cut-off: counts from the next open day
    assert deadlines.rule_deadline(t("2026-10-01 10:00:00"), SAME_DAY, SH, closed) == t("2026-10-03 23:59:59")
    assert deadlines.rule_deadline(t("2026-09-30 17:00:00"), SAME_DAY, SH, closed) == t("2026-10-03 23:59:59")
    assert deadlines.rule_deadline(t("2026-09-30 10:00:00"), SAME_DAY, SH, closed) == t("2026-09-30 23:59:59")


def test_pauses_from_settings_per_platform():
    raw = [{"platform": "douyin", "from": "2026-10-01", "to": "2026-10-07"}, {"platform": "*", "from": "2026-12-25"}]
    assert deadlines.pauses_for(raw, "douyin") == [(date(2026, 10, 1), date(2026, 10, 7)),
                                                   (date(2026, 12, 25), date(2026, 12, 25))]
    assert deadlines.pauses_for(raw, "taobao") == [(date(2026, 12, 25), date(2026, 12, 25))]


@pytest.mark.parametrize("promise", [SAME_DAY, NEXT_DAY, BD2, Promise("business_days", days=5)])
@pytest.mark.parametrize("tz", [SH, NY])
def test_fast_day_deadlines_match_the_calendar(promise, tz):
    """The per-date memo equals the plain calendar computation, also across New York's DST end."""
    closed = {date(2026, 11, 26)}
    fast = deadlines.DayDeadlines(promise, tz, closed)
    start = datetime(2026, 10, 28, 0, 7, tzinfo=tz)
    for k in range(0, 20 * 24 * 60, 97):  # every 97 minutes over 20 days
        paid = start + timedelta(minutes=k)
        want = deadlines.rule_deadline(paid, promise, tz, closed).timestamp()
        assert fast(paid.timestamp()) == want, paid



@pytest.mark.parametrize("zone, day", [("Asia/Shanghai", "1900-06-01"), ("Asia/Kathmandu", "2026-11-20"),
                                       ("America/New_York", "2026-11-01")])
def test_day_deadlines_local_date_per_slot_is_exact(zone, day):
    """The local date kept per 15 minutes of UTC equals the datetime's, also where the offset is no
    multiple of 15 minutes (Shanghai's local mean time before 1901, +8:05:43) and across a DST end."""
    tz = ZoneInfo(zone)
    fast = deadlines.DayDeadlines(SAME_DAY, tz)
    midnight = datetime.fromisoformat(day).replace(tzinfo=tz).timestamp()
    for ts in range(int(midnight) - 3 * 3600, int(midnight) + 27 * 3600, 61):  # every 61 s around two midnights
        assert fast(ts) == fast(float(ts)) and fast._date(ts) == datetime.fromtimestamp(ts, tz).date(), ts

def test_allocation_is_earliest_deadline_first():
    d1, d2, d3 = 100.0, 200.0, 300.0
    demands = [(d2, 2, 1, 2), (d1, 1, 1, 2), (d3, 3, 1, 1)]
    # 3 in stock: the earliest (2 units) is covered, the next gets 1 of 2, the last none
    assert allocation.allocate(demands, {1: 3}) == {2: 1, 3: 1}
    # ties on the deadline: lower key first
    assert allocation.allocate([(d1, 9, 1, 1), (d1, 4, 1, 1)], {1: 1}) == {9: 1}
    # negative on-hand (oversold ledger) counts as nothing; unknown SKU as nothing
    assert allocation.allocate([(d1, 1, 1, 1), (d1, 2, 7, 2)], {1: -5}) == {1: 1, 2: 2}
    # SKUs are independent; a short units total sums over the order's lines
    assert allocation.allocate([(d1, 1, 1, 3), (d1, 1, 2, 2), (d2, 2, 2, 1)], {1: 1, 2: 2}) == {1: 2, 2: 1}
    # aware datetimes work as deadlines too
    assert allocation.allocate([(t("2026-11-21 10:00:00"), 1, 1, 1), (t("2026-11-20 10:00:00"), 2, 1, 1)],
                               {1: 1}) == {1: 1}

"""Shop health metrics: windows, business days across a US holiday, the minimum count, the
projection against a hand-computed case, the CLI and the alert once per crossing."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.health import metrics as hm
from app.risk import calendars
from app.store.models import Order, Shop

SH = "Asia/Shanghai"


def _order(platform, oid, paid, shipped=None, status=None, promised=None):
    return Order(platform=platform, order_id=oid, status=status or ("shipped" if shipped else "unshipped"),
                 paid_at=paid, created_at=paid, shipped_at=shipped, promised_ship_at=promised)


def _tiktok(svc, now, n, late, overdue=0, at_risk=0, shipped_at=None):
    """n dispatched TikTok orders (the first ``late`` after their deadline), ``overdue`` open
    orders past their deadline and ``at_risk`` open orders due within the next hours."""
    paid = now - timedelta(days=6)
    with svc.store.session() as s:
        for i in range(n):
            ship = shipped_at or (now - timedelta(hours=1) if i < late else paid + timedelta(hours=2))
            s.add(_order("tiktok", f"T{i}", paid, ship))
        for i in range(overdue):
            s.add(_order("tiktok", f"O{i}", paid))
        for i in range(at_risk):
            s.add(_order("tiktok", f"R{i}", now - timedelta(hours=1), promised=now + timedelta(hours=3)))
        s.commit()


def _ldr(svc, now):
    return next(m for m in svc.health.evaluate(now) if m.d.metric == "late_dispatch_rate" and m.d.platform == "tiktok")


def test_tiktok_rate_projection_allowed_and_clears_on_by_hand(svc, now):
    _tiktok(svc, now, 200, 12, overdue=5)
    m = _ldr(svc, now)
    assert (m.orders, m.late, m.overdue) == (200, 12, 5)
    assert m.rate == 12 / 200
    assert abs(m.projected - 17 / 205) < 1e-12  # overdue open orders count late
    assert m.level == "watch" and m.threshold == 0.04  # over 4 %, under the 10 % enforcement line
    assert m.late_allowed == 0
    assert m.clears_on == date(2026, 12, 20)  # dispatched late on 11-20, a 30-day window
    doc = m.to_json(SH)
    assert doc["rule"] == "tiktok/LDR/2026-03-02" and doc["estimated"] and doc["official"]
    assert [x["value"] for x in doc["lines"]] == [0.04, 0.10]


def test_late_allowed_and_the_at_risk_orders_that_would_push_over(svc, now):
    _tiktok(svc, now, 200, 3, at_risk=6)
    m = _ldr(svc, now)
    assert m.level == "ok" and m.late_allowed == 5  # floor(0.04 × 200) − 3
    assert m.at_risk == 6 and sorted(m.pushing) == [f"R{i}" for i in range(6)]  # six is one too many
    assert abs(m.projected_at_risk_late - 9 / 206) < 1e-12 and abs(m.projected_at_risk_on_time - 3 / 206) < 1e-12
    assert svc.health.pushing_over(now) == {("tiktok", f"R{i}") for i in range(6)}


def test_window_edges_last_day_in_first_day_out(svc, now):
    local = now.astimezone(calendars_tz())
    first_in = datetime.combine(local.date() - timedelta(days=29), datetime.min.time(), local.tzinfo)
    last_out = first_in - timedelta(seconds=1)
    with svc.store.session() as s:
        paid = first_in - timedelta(days=20)
        s.add(_order("tiktok", "IN", paid, first_in))  # 00:00 of the window's first day
        s.add(_order("tiktok", "OUT", paid, last_out))  # 23:59:59 of the day before
        for i in range(40):
            s.add(_order("tiktok", f"ok{i}", now - timedelta(days=2), now - timedelta(days=2) + timedelta(hours=1)))
        s.commit()
    m = _ldr(svc, now)
    assert (m.orders, m.late) == (41, 1)
    assert m.clears_on == first_in.date() + timedelta(days=30) == date(2026, 11, 21)  # leaves tomorrow


def calendars_tz():
    from app import timeutil

    return timeutil.zone(SH)


def test_business_days_skip_the_us_thanksgiving_holiday():
    assert date(2026, 11, 26) in calendars.holidays("us")
    assert not calendars.is_business_day(date(2026, 11, 26), "us")
    assert calendars.add_business_days(date(2026, 11, 25), 2, "us") == date(2026, 11, 30)  # Thu off, Fri, Mon
    assert calendars.holidays("nowhere") == frozenset()


def test_a_dispatch_by_23_59_pst_of_the_second_business_day_after_thanksgiving_is_on_time(svc):
    now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    paid = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    # By hand, the platform's clock, not the shop's: 11-25 02:00 UTC = Tue 11-24 18:00 PST (UTC−8).
    # Business days after Tue 11-24: Wed 11-25 (1), Thu 11-26 Thanksgiving (off), Fri 11-27 (2).
    # Due Fri 11-27 23:59 PST = Sat 11-28 07:59 UTC, as the risk engine says, whatever the time paid.
    with svc.store.session() as s:
        # Fri 11-27 23:00 PST = 11-28 07:00 UTC: on time
        s.add(_order("tiktok", "ON", paid, datetime(2026, 11, 28, 7, 0, tzinfo=UTC)))
        # Sat 11-28 00:30 PST = 11-28 08:30 UTC: late (the old reading, due Mon 11-30, missed it)
        s.add(_order("tiktok", "LATE", paid, datetime(2026, 11, 28, 8, 30, tzinfo=UTC)))
        for i in range(30):
            s.add(_order("tiktok", f"ok{i}", now - timedelta(days=1), now - timedelta(hours=20)))
        s.add(_order("tiktok", "OPEN", paid))  # still open: its deadline is the engine's ship_by
        s.commit()
    m = _ldr(svc, now)
    assert (m.orders, m.late) == (32, 1)
    due = datetime(2026, 11, 28, 7, 59, tzinfo=UTC)
    assert next(r for r in svc.risk(now) if r.order_id == "OPEN").ship_by == due
    with svc.store.session() as s:
        rows = {r.order_id: r for r in hm.load_rows(s, now, svc.settings, {"tiktok"}, 30)}
    assert rows["OPEN"].deadline == rows["ON"].deadline == due.timestamp()


def test_fewer_than_thirty_dispatches_say_too_few_instead_of_a_rate(svc, now):
    _tiktok(svc, now, 29, 5)
    m = _ldr(svc, now)
    assert m.level == hm.TOO_FEW and m.rate is None and m.projected is None and m.late_allowed is None
    assert m.orders == 29
    from app import text

    text.set_language("zh_CN")
    try:
        from app.health.report import summary

        assert "样本太少" in summary(m)
    finally:
        text.set_language("en")


def test_forecast_rolls_off_known_dispatches_and_rolls_in_recent_volume(svc, now):
    _tiktok(svc, now, 70, 7, shipped_at=None)
    m = _ldr(svc, now)
    assert len(m.forecast) == 30 and len(m.history) == 30
    assert m.history[-1]["rate"] == round(7 / 70, 4)
    # all 70 dispatched in the last week: 10 a day arrive on time; the late ones leave on 12-20
    assert m.forecast[0] == {"date": "2026-11-21", "orders": 80, "late": 7, "rate": round(7 / 80, 4)}
    assert m.forecast[-1]["late"] == 0 and m.forecast[-1]["date"] == "2026-12-20"


def test_platforms_without_a_published_line_show_no_level(svc, now):
    with svc.store.session() as s:
        for i in range(40):
            s.add(_order("douyin", f"D{i}", now - timedelta(days=3), now - timedelta(days=1),
                         promised=now - timedelta(days=2) if i < 4 else now))
        s.commit()
    ms = {m.d.metric: m for m in svc.health.evaluate(now) if m.d.platform == "douyin"}
    assert set(ms) == {"late_dispatch_rate", "late_dispatch_rate_90d", "stockout_cancel_rate", "stockout_cancel_rate_90d"}
    assert ms["late_dispatch_rate"].rate == 0.1 and ms["late_dispatch_rate"].level is None
    assert not ms["late_dispatch_rate"].d.official and ms["late_dispatch_rate"].late_allowed is None


def test_cli_health_json(data_dir, svc, now, capsys):
    _tiktok(svc, now, 200, 12, overdue=5)
    from app.cli import run

    assert run(["--data-dir", str(data_dir), "health", "--now", "2026-11-20T18:00", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    m = next(x for x in doc["metrics"] if x["metric"] == "late_dispatch_rate")
    assert (m["orders"], m["late"], m["rate"], m["projected"], m["clears_on"]) == (200, 12, 0.06, 0.0829,
                                                                                "2026-12-20")


def test_health_alert_raised_once_per_crossing(svc, now):
    _tiktok(svc, now, 200, 12)
    first = [a for a in svc.alerts(now) if a.kind == "health"]
    assert [a.key for a in first] == ["health:tiktok:late_dispatch_rate"]
    assert not [a for a in svc.alerts(now + timedelta(minutes=5)) if a.kind == "health"]


def test_crossing_tiktoks_10_percent_enforcement_line_raises_once_more(svc, now):
    _tiktok(svc, now, 200, 12)  # 12 / 200 = 6 %: over the 4 % line, under the 10 % one
    (first,) = [a for a in svc.alerts(now) if a.kind == "health"]
    assert first.state == "crossed" and first.title == "TikTok店铺迟发率超线"
    paid = now - timedelta(days=6)
    with svc.store.session() as s:  # 12 more dispatched late: 24 / 212 = 11.3 % > 10 %
        for i in range(12):
            s.add(_order("tiktok", f"L{i}", paid, now - timedelta(minutes=30)))
        s.commit()
    m = _ldr(svc, now + timedelta(minutes=5))
    assert (m.late, m.orders, m.level) == (24, 212, "over")
    (second,) = [a for a in svc.alerts(now + timedelta(minutes=5)) if a.kind == "health"]
    assert second.id == first.id and second.state == "crossed_last"  # the same alert, risen
    assert second.title == "TikTok店铺迟发率超过处罚线" and second.severity == 3
    assert not [a for a in svc.alerts(now + timedelta(minutes=10)) if a.kind == "health"]  # once


# -- seller-fault cancellations (TikTok SFCR; the Chinese platforms' out-of-stock cancellations) --

def _cancelled(platform, oid, paid, by=None, reason=None):
    o = _order(platform, oid, paid, status="closed")
    o.cancelled_at, o.cancel_by, o.cancel_reason = paid + timedelta(hours=3), by, reason
    return o


def _sfcr(svc, now):
    return next(m for m in svc.health.evaluate(now) if m.d.metric == "seller_cancel_rate")


def test_tiktok_seller_cancel_rate_by_hand(svc, now):
    paid = now - timedelta(days=3)
    with svc.store.session() as s:
        for i in range(94):
            s.add(_order("tiktok", f"S{i}", paid, paid + timedelta(hours=4)))
        for i in range(3):
            s.add(_cancelled("tiktok", f"C{i}", paid, "Seller", "Out of stock"))
        s.add(_cancelled("tiktok", "SYS", paid, "System", "Package not shipped within the required time"))
        s.add(_cancelled("tiktok", "B0", paid, "Buyer", "No longer needed"))
        s.add(_cancelled("tiktok", "B1", paid, "Buyer", "Change of mind"))
        s.add(_order("tiktok", "UNPAID", None, status="closed"))  # never confirmed: not in the count
        s.commit()
    m = _sfcr(svc, now)
    # 100 orders paid in the window; 3 by the seller + 1 system cancel for not shipping = 4
    assert (m.orders, m.late) == (100, 4) and m.rate == 0.04
    assert m.threshold == 0.025 and m.level == "over"  # one line: over it is over
    assert m.late_allowed == 0  # floor(2.5 % × 100) = 2 < 4
    assert m.clears_on == date(2026, 12, 17)  # paid 11-17, a 30-day window
    doc = m.to_json(SH)
    assert doc["metric"] == "seller_cancel_rate" and doc["official"] and not doc["data_missing"]


def test_cancel_window_edges_and_allowed_count(svc, now):
    local = now.astimezone(calendars_tz())
    first_in = datetime.combine(local.date() - timedelta(days=29), datetime.min.time(), local.tzinfo)
    with svc.store.session() as s:
        for i in range(39):
            s.add(_order("tiktok", f"S{i}", now - timedelta(days=2), now - timedelta(days=1)))
        s.add(_cancelled("tiktok", "IN", first_in, "Seller"))  # 00:00 of the window's first day
        s.add(_cancelled("tiktok", "OUT", first_in - timedelta(seconds=1), "Seller"))  # the day before
        s.commit()
    m = _sfcr(svc, now)
    assert (m.orders, m.late) == (40, 1) and m.level == "ok"  # 2.5 % exactly is within the line
    assert m.late_allowed == 0 and m.clears_on == date(2026, 11, 21)
    from app.health.report import sentences

    assert sentences(m)["allowed"] == "还能再有 0 单卖家原因取消"


def test_out_of_stock_cancellations_from_the_douyin_reason(svc, now):
    paid = now - timedelta(days=40)  # in the 90-day window, out of the 30-day one
    with svc.store.session() as s:
        for i in range(36):
            s.add(_order("douyin", f"D{i}", paid, paid + timedelta(hours=5)))
        s.add(_cancelled("douyin", "X1", paid, None, "商家缺货"))
        s.add(_cancelled("douyin", "X2", paid, None, "库存不足"))
        s.add(_cancelled("douyin", "X3", paid, None, "买家不想要了"))
        s.add(_cancelled("douyin", "X4", paid, None, "拍错了"))
        s.commit()
    ms = {m.d.metric: m for m in svc.health.evaluate(now) if m.d.platform == "douyin"}
    m90 = ms["stockout_cancel_rate_90d"]
    assert (m90.orders, m90.late, m90.rate) == (40, 2, 0.05) and m90.level is None  # no published line
    assert ms["stockout_cancel_rate"].orders == 0 and ms["stockout_cancel_rate"].level == hm.TOO_FEW


def test_cancelled_orders_without_who_or_why_say_the_rate_cannot_be_computed(svc, now):
    paid = now - timedelta(days=3)
    with svc.store.session() as s:
        for i in range(40):
            s.add(_order("pdd", f"P{i}", paid, paid + timedelta(hours=5)))
        for i in range(3):
            s.add(_cancelled("pdd", f"X{i}", paid))  # the newer 拼多多 layout has no reason column
        s.commit()
    m = next(m for m in svc.health.evaluate(now) if m.d.metric == "stockout_cancel_rate" and m.d.platform == "pdd")
    assert not m.known and m.rate is None and m.level is None and m.late == 0
    assert m.to_json(SH)["data_missing"] is True
    from app.health.report import rate_text

    assert "无法计算" in rate_text(m)


def test_tiktok_cancellation_columns_are_imported(svc, store, now, tmp_path):
    from sqlalchemy import select

    from tests.factories import write_csv

    head = ["Order ID", "Order Status", "Seller SKU", "Product Name", "Quantity", "SKU Subtotal After Discount",
            "Paid Time", "Cancelled Time", "Cancel By", "Cancel Reason"]
    f = write_csv(tmp_path / "t.csv", [head, ["Platform unique order ID."] + [""] * 9,
                                       ["577000000000000001", "Cancelled", "A", "x", "1", "9.00",
                                        "11/18/2026 10:00:00 PM", "11/19/2026 09:30:00 AM", "Seller", "Out of stock"]])
    (r,) = svc.import_files([f], now=now)
    assert r.status == "imported"
    with store.session() as s:
        o = s.scalars(select(Order)).one()
    assert (o.status, o.cancel_by, o.cancel_reason) == ("closed", "Seller", "Out of stock")
    assert o.cancelled_at.astimezone(calendars_tz()).strftime("%m-%d %H:%M") == "11-19 09:30"


# -- the risk tab's mark and the panel ------------------------------------------------------

def test_order_marks_overdue_count_and_at_risk_push(svc, now):
    _tiktok(svc, now, 200, 3, overdue=2, at_risk=6)
    ms = svc.health.evaluate(now)
    marks = svc.health.order_marks(ms)
    # floor(4 % × 202) − 3 − 2 = 3 late allowed; 6 due within a day would take the rate over
    assert {k: v for k, v in marks.items() if v == "counts"} == {("tiktok", "O0"): "counts", ("tiktok", "O1"): "counts"}
    assert {oid for (_p, oid), v in marks.items() if v == "push"} == {f"R{i}" for i in range(6)}


@pytest.mark.parametrize("region, zone", [("US", "America/Los_Angeles"), ("VN", "Asia/Ho_Chi_Minh")])
def test_health_deadlines_are_the_risk_engines_for_every_hour_of_three_weeks(svc, region, zone):
    """Open orders paid every 7 h over Thanksgiving (US) and across weekends (VN's 14:00 cut-off),
    with a declared pause: the deadline health reads is the ship_by of the order-risk tab."""
    svc.set_setting("risk.pauses", [{"platform": "tiktok", "from": "2026-12-03", "to": "2026-12-04"}])
    start = datetime(2026, 11, 21, 0, 7, tzinfo=UTC)
    with svc.store.session() as s:
        s.add(Shop(platform="tiktok", name="TT", options=json.dumps({"region": region})))
        s.flush()
        for k in range(0, 24 * 20, 7):  # weekends, the holiday, late evenings, the pause
            paid = start + timedelta(hours=k, minutes=k % 60)
            o = _order("tiktok", f"P{k}", paid)
            o.shop_id = s.scalars(select(Shop.id)).one()
            s.add(o)
        s.commit()
    now = datetime(2026, 11, 20, tzinfo=UTC)
    engine = {r.order_id: r.ship_by.timestamp() for r in svc.risk(now)}
    with svc.store.session() as s:
        health = {r.order_id: r.deadline for r in hm.load_rows(s, now, svc.settings, {"tiktok"}, 30)}
    assert health == engine and len(engine) == 69
    # one by hand: the first, Fri 11-20 16:07 PST (US) → Mon 11-23, Tue 11-24 → 11-24 23:59 PST
    if region == "US":
        assert engine["P0"] == datetime(2026, 11, 24, 23, 59, tzinfo=ZoneInfo(zone)).timestamp()


def test_a_broken_health_table_is_named_and_the_tabs_still_load(svc, now, tmp_path, monkeypatch, caplog):
    import pytest

    from app.risk.rules import RuleError

    folder = tmp_path / "rules" / "health"
    folder.mkdir(parents=True)
    (folder / "tiktok.json").write_text('{"platform": "tiktok", "metrics": [{"metric": "x", "kind": "vibes"}]}',
                                        encoding="utf-8")
    monkeypatch.setattr(hm, "resource", lambda *parts: tmp_path.joinpath(*parts))
    with pytest.raises(RuleError, match="tiktok.json"):
        svc.rule_tables()  # start-up names the file
    snap = svc.snapshot(now)  # a refresh still fills the other tabs
    assert snap["health"] == [] and snap["health_marks"] == {} and "risk" in snap
    assert "shop health could not be evaluated" in caplog.text


def test_taobao_and_tmall_late_dispatches_and_the_points_they_cost(svc, now):
    paid = now - timedelta(days=5)
    with svc.store.session() as s:
        for platform in ("taobao", "tmall"):
            for i in range(40):  # 48 h promise from the rule: the first 8 ship on day 3
                ship = paid + timedelta(hours=60 if i < 8 else 10)
                s.add(_order(platform, f"{platform}{i}", paid, ship))
        s.commit()
    ms = {(m.d.platform, m.d.metric): m for m in svc.health.evaluate(now)}
    tb, tm = ms[("taobao", "late_dispatch_count")], ms[("tmall", "late_dispatch_count")]
    assert (tb.orders, tb.late, tm.orders, tm.late) == (40, 8, 40, 8)
    assert tb.points == 24  # 淘宝: 3 分 each, unpaid
    assert tm.points == 6  # 天猫: 1 分 each, at most 6 in 30 days
    assert "天猫" in tm.d.cost and not tm.d.official


# -- 揽收及时率 by hand, and every definition's window edges ------------------------------------

def test_pickup_on_time_rate_by_hand(svc, now):
    """Taobao 揽收及时率 = orders picked up by their deadline ÷ orders picked up in 近30天."""
    paid = datetime(2026, 11, 17, 10, 0, tzinfo=now.tzinfo)  # + 48 h (the rule) → due 11-19 10:00 Beijing
    due = paid + timedelta(hours=48)

    def picked(oid, at, promised=None):
        o = _order("taobao", oid, paid, at - timedelta(hours=1), promised=promised)
        o.picked_up_at = at
        return o

    with svc.store.session() as s:
        for i in range(25):
            s.add(picked(f"E{i}", datetime(2026, 11, 18, 9, 0, tzinfo=now.tzinfo)))  # a day early: on time
        for i in range(5):
            s.add(picked(f"D{i}", due))  # at the deadline itself: on time
        for i in range(10):
            s.add(picked(f"L{i}", due + timedelta(hours=2)))  # 11-19 12:00: late
        for i in range(3):  # the export's promised time (11-18 12:00) wins over 48 h: 15:00 is late
            s.add(picked(f"X{i}", datetime(2026, 11, 18, 15, 0, tzinfo=now.tzinfo),
                         promised=datetime(2026, 11, 18, 12, 0, tzinfo=now.tzinfo)))
        for i in range(2):  # shipped, no pickup time in the export: not in the count
            s.add(_order("taobao", f"N{i}", paid, paid + timedelta(hours=3)))
        s.commit()
    m = next(m for m in svc.health.evaluate(now) if m.d.metric == "pickup_on_time_rate" and m.d.platform == "taobao")
    # counted: 25 + 5 + 10 + 3 = 43; on time: 25 + 5 = 30 → 30 / 43 = 69.77 %
    assert (m.orders, m.late) == (43, 30) and abs(m.rate - 30 / 43) < 1e-12
    assert m.to_json(SH)["rate"] == 0.6977 and m.level is None  # ranked by category: no published line


def _edge_order(d, oid, at, bad):
    """An order whose event for metric ``d`` (dispatch, pickup, or payment for a cancellation) is
    at ``at``; ``bad``: in the numerator (late / picked up on time / cancelled for the seller's fault)."""
    if d.kind == "seller_cancel":
        o = _order(d.platform, oid, at, status="closed" if bad else None, shipped=None if bad else at + timedelta(hours=2))
        if bad:
            o.cancel_by = d.cancel_by[0].title() if d.cancel_by else None
            o.cancel_reason = d.reasons[0]
        return o
    if d.kind == "pickup_on_time":
        o = _order(d.platform, oid, at - timedelta(days=1), at - timedelta(hours=1),
                   promised=at + timedelta(hours=1) if bad else at - timedelta(hours=2))
        o.picked_up_at = at
        return o
    return _order(d.platform, oid, at - timedelta(days=3), at,
                  promised=at - timedelta(hours=1) if bad else at + timedelta(hours=1))


@pytest.mark.parametrize("d", hm.load_definitions(), ids=lambda d: f"{d.platform}-{d.metric}")
def test_every_metric_counts_the_last_day_in_and_not_the_first_day_out(svc, now, d):
    """A W-day window at 11-20 covers the Beijing dates 11-20 − (W − 1) … 11-20: an order at 00:00
    of the oldest day is in, one at 23:59:59 the day before is out; it leaves on oldest + W."""
    local = now.astimezone(calendars_tz())
    first_in = datetime.combine(local.date() - timedelta(days=d.window_days - 1), datetime.min.time(), local.tzinfo)
    with svc.store.session() as s:
        s.add(_edge_order(d, "IN", first_in, True))
        s.add(_edge_order(d, "OUT", first_in - timedelta(seconds=1), True))
        s.add(_edge_order(d, "LATER", now + timedelta(minutes=1), True))  # after now: not yet
        for i in range(40):
            s.add(_edge_order(d, f"f{i}", now - timedelta(days=1), False))
        s.commit()
    m = next(m for m in svc.health.evaluate(now) if (m.d.platform, m.d.metric) == (d.platform, d.metric))
    assert (m.orders, m.late) == (41, 1), (m.orders, m.late)
    if d.kind != "pickup_on_time":
        assert m.clears_on == first_in.date() + timedelta(days=d.window_days) == local.date() + timedelta(days=1)


def test_a_listing_speed_word_holds_the_health_deadline_as_on_the_risk_tab(svc, now):
    """Taobao: 48 h from payment, but a title with 极速发 is held to 24 h (notice 20009080). Paid
    11-17 10:00 Beijing, dispatched 11-18 16:00 (30 h later): late only under the speed word."""
    from app.store.models import OrderLine

    paid = datetime(2026, 11, 17, 10, 0, tzinfo=now.tzinfo)

    def order(oid, title, shipped=None):
        o = _order("taobao", oid, paid, shipped)
        o.lines.append(OrderLine(line_id=f"{oid}-1", sku_code="A", quantity=1, product=title))
        return o

    with svc.store.session() as s:
        for i in range(20):
            s.add(order(f"F{i}", "极速发 蓝牙耳机", paid + timedelta(hours=30)))  # due 11-18 10:00: 6 h late
            s.add(order(f"P{i}", "蓝牙耳机", paid + timedelta(hours=30)))  # due 11-19 10:00: on time
        s.add(order("OPEN", "现货 极速发 T恤"))  # open: the shorter word, 24 h → 11-18 10:00
        s.commit()
    m = next(m for m in svc.health.evaluate(now) if (m.d.platform, m.d.metric) == ("taobao", "late_dispatch_count"))
    assert (m.orders, m.late, m.overdue) == (40, 20, 1)
    (risk,) = svc.risk(now)
    assert risk.ship_by == paid + timedelta(hours=24)
    with svc.store.session() as s:
        rows = {r.order_id: r for r in hm.load_rows(s, now, svc.settings, {"taobao"}, 30)}
    assert rows["OPEN"].deadline == risk.ship_by.timestamp() == rows["F0"].deadline

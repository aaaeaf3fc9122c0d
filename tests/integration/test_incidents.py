"""Incidents (#18): price errors and order floods, hand-computed at their edges."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.incidents import detect as D
from app.store.models import ContactTask, Incident, Order
from tests.incident_shop import H, M, Shop

P = D.Params(window=60 * M, lookback=24 * H, price_ratio=0.5, cost_ratio=0.8, min_orders=5, min_buyers=3,
             surge_factor=10, surge_min_orders=20, stock_min_orders=10)


@pytest.fixture
def shop(store, now):
    return Shop(store, now)


def line(pk, at, price=590, sku=1, platform="douyin", buyer=None, qty=1, open_=True):
    return D.Line(pk, platform, f"o{pk}", at, open_, buyer or f"b{pk}", sku, "SS01", qty, price)


# -- the pure detection -------------------------------------------------------------------------
def test_weighted_median_and_densest_window(now):
    assert D.weighted_median(Counter({5900: 3, 5000: 1, 100: 1})) == 5900  # 100, 5000, 5900×3: the 3rd
    assert D.weighted_median(Counter({100: 2, 200: 2})) == 100  # the lower median
    times = [now + timedelta(minutes=m) for m in (0, 50, 61, 62, 63, 200)]
    assert D.densest(times, 60 * M) == (1, 4)  # 50..63: four orders within an hour


def _hist(price=5900, n=20, days=10, now=None, cost=0):
    until = now - 24 * H
    return D.History(Counter({price: n}), {"douyin": Counter({price: n})}, n, until - timedelta(days=days), until, cost)


@pytest.mark.parametrize("n,price,buyers,fires", [
    (5, 2950, None, True),   # exactly half the usual ¥59.00, five orders of five buyers
    (4, 2950, None, False),  # four orders: could be a coupon
    (5, 2951, None, False),  # a fen above half
    (5, 590, 2, False),      # five orders of two buyers: a deal the seller made
    (20, 590, 1, True),      # twenty of one buyer: someone buying up the mistake
])
def test_price_drop_edges(now, n, price, buyers, fires):
    lines = [line(k, now - k * M, price, buyer=f"b{k % buyers}" if buyers else None) for k in range(n)]
    found = D.detect(lines, {1: _hist(now=now)}, P, lambda *_: None)
    assert [f.kind for f in found] == (["price_drop"] if fires else [])
    if fires:
        assert (found[0].orders, found[0].usual, found[0].basis) == (n, 5900, "median")


def test_price_drop_against_cost_without_history(now):
    h = D.History(cost=2700)  # ¥27.00 cost, no earlier orders: 80% of cost = ¥21.60
    at = lambda p: [line(k, now - k * M, p) for k in range(5)]  # noqa: E731
    assert [f.basis for f in D.detect(at(2160), {1: h}, P, lambda *_: None)] == ["cost"]
    assert D.detect(at(2161), {1: h}, P, lambda *_: None) == []


def test_surge_against_the_rate_at_its_edges(now):
    hist = {1: _hist(n=20, days=10, now=now)}  # 20 orders in 240 h: 1/12 of an order an hour
    burst = lambda n: [line(k, now - 20 * M - k * 2 * M, 5900) for k in range(n)]  # noqa: E731
    found = D.detect(burst(20), hist, P, lambda *_: None)
    assert [(f.kind, f.orders, f.triggers) for f in found] == [("order_surge", 20, ["rate"])]
    assert found[0].expected == pytest.approx(1 / 12)
    assert D.detect(burst(19), hist, P, lambda *_: None) == []
    short = {1: _hist(n=20, days=2.9, now=now)}  # under three days of history: no usual rate
    assert D.detect(burst(40), short, P, lambda *_: None) == []


def test_surge_considers_the_time_of_day(now):
    """8 orders every evening 20:00–20:30 for 7 days: 20 orders at 20:00 are an ordinary evening,
    the same 20 at 03:00 are a flood (the flat rate, 56 in 168 h, expects 1/3 an hour)."""
    until = now - 24 * H
    evenings = [(until - timedelta(days=d)).replace(hour=20, minute=3 * k) for d in range(1, 8) for k in range(8)]
    h = D.History(Counter({5900: 56}), {"douyin": Counter({5900: 56})}, 56, until - timedelta(days=7), until)
    tz = now.tzinfo
    minutes = lambda at: at.astimezone(tz).hour * 60 + at.astimezone(tz).minute  # noqa: E731

    def twenty(start):
        return [line(k, start + k * M, 5900) for k in range(20)]

    evening = (now - 22 * H).replace(minute=0)  # yesterday 20:00, within the last 24 hours
    assert D.detect(twenty(evening), {1: h}, P, lambda *_: None, minutes, lambda _s: evenings) == []
    night = D.detect(twenty(now.replace(hour=3, minute=0)), {1: h}, P, lambda *_: None, minutes, lambda _s: evenings)
    assert [(f.kind, f.basis) for f in night] == [("order_surge", "rate")]


def test_surge_beyond_stock_and_incoming(now):
    lines = lambda n: [line(k, now - k * M, 5900) for k in range(n)]  # noqa: E731
    cover = lambda _sku, units: 10  # noqa: E731  ten units left for the window
    assert [f.triggers for f in D.detect(lines(11), {}, P, cover)] == [["stock"]]
    assert D.detect(lines(10), {}, P, cover) == []  # exactly covered
    assert D.detect(lines(9), {}, P, lambda *_: 0) == []  # nine orders: under the floor


def test_price_drop_orders_are_not_counted_again_as_a_surge(now):
    lines = [line(k, now - k * M, 590) for k in range(30)]
    found = D.detect(lines, {1: _hist(now=now)}, P, lambda *_: 0)
    assert [f.kind for f in found] == ["price_drop"]


# -- from the store ------------------------------------------------------------------------------
def _regular_shop(shop):
    shop.sku("SS01", cost=2700, stock=500)
    shop.sku("SS02", cost=1200, stock=500, alias="PDD-SS02", alias_platform="pdd")
    for code, price in (("SS01", 5900), ("SS02", 2500)):
        for platform in ("douyin", "pdd", "tiktok"):
            shop.regular(code, 6, 20, price, platform=platform)
    # today: the usual trickle, some with a coupon (10% off) and one buyer's big discount
    for k, platform in enumerate(("douyin", "pdd", "tiktok")):
        shop.orders("SS01", [shop.now - (3 + k) * H, shop.now - (5 + k) * H], 5310, platform=platform)
    shop.orders("SS02", [shop.now - 2 * H], 1250, platform="pdd", line_code="PDD-SS02")


def test_an_ordinary_day_raises_nothing(svc, shop, now):
    _regular_shop(shop)
    assert svc.incidents.refresh(now) == []
    assert [a for a in svc.alerts(now) if a.kind == "incident"] == []


def test_price_error_on_an_alias_with_money_at_stake(svc, shop, now):
    """10 orders at ¥5.90 of a ¥59.00 / cost ¥27.00 SKU: shipping loses (27.00−5.90)×10 = ¥211.00
    against cost; Douyin's 缺货 on a 48 h promise is 1% of the paid amount, at least ¥2: 10 × ¥2."""
    _regular_shop(shop)
    shop.burst("SS01", 10, 590, platform="douyin", line_code="DY-SS01-ALIAS")
    with svc.store.session() as s:  # the alias maps the platform's code to the master SKU
        from app.inventory.actions import map_lines

        map_lines(s, "douyin", shop.skus["SS01"], sku_code="DY-SS01-ALIAS")
    [v] = svc.incidents.refresh(now)
    doc = v.to_json(svc.tz)
    assert (doc["kind"], doc["platform"], doc["sku"], doc["orders"], doc["units"]) == ("price_drop", "douyin", "SS01", 10, 10)
    assert (doc["unit_price"], doc["usual_price"]) == ("5.90", "59.00")
    assert (doc["loss_if_shipped"], doc["penalty_if_cancelled"], doc["exposure"]) == ("211.00", "20.00", "211.00")
    assert doc["since"] == (now - 20 * M - 36 * M).isoformat()
    assert doc["reasons"][0] == "近36分钟 10 单，成交单价 ¥5.90，平时 ¥59.00（近30天中位数）"


def test_flood_on_another_platform_beyond_stock(svc, shop, now):
    _regular_shop(shop)
    shop.burst("SS02", 30, 2500, platform="pdd", line_code="PDD-SS02", minutes=30)
    [v] = svc.incidents.refresh(now)
    assert (v.kind, v.platform, v.sku, v.orders) == ("order_surge", "pdd", "SS02", 30)
    assert v.facts["triggers"] == ["rate"]  # 500 in stock: the rate alone
    assert v.usual_price == Decimal("25.00")


def test_raised_once_at_severity_three_and_dismissal_holds(svc, shop, now):
    _regular_shop(shop)
    shop.burst("SS01", 10, 590)
    raised = [a for a in svc.alerts(now) if a.kind == "incident"]
    assert [(a.severity, a.key) for a in raised] == [(3, "incident:1")]
    assert [a for a in svc.alerts(now + 5 * M) if a.kind == "incident"] == []  # same incident: not again
    shop.burst("SS01", 3, 590, end=now + 8 * M)  # it grows: still the one incident
    svc.alerts(now + 10 * M)
    with svc.store.session() as s:
        assert s.scalar(select(Incident.facts)).count('"orders": 13') == 1
    svc.incidents.dismiss(1, now + 11 * M, "这是正常的秒杀活动")
    assert svc.incidents.refresh(now + 12 * M) == []
    with svc.store.session() as s:
        assert [(i.status, i.note) for i in s.scalars(select(Incident))] == [("dismissed", "这是正常的秒杀活动")]
        # its messages nobody sent are gone from the contact queue
        assert s.scalar(select(ContactTask.id).where(ContactTask.reason == "incident")) is None
    # a burst two days later is a new incident
    later = now + 48 * H
    shop.burst("SS01", 6, 590, end=later - 5 * M)
    assert [v.id for v in svc.incidents.refresh(later)] == [2]


def test_incident_told_in_quiet_hours_and_to_channels_at_once(svc, shop, now):
    from app.alerts.service import notifications_due
    from app.channels import service as ch

    night = now.replace(hour=2) + 24 * H  # 02:00: quiet hours 23:00–08:00
    _regular_shop(shop)
    shop.orders("SS02", [night - 50 * H], 2500, promise=10 * H)  # an overdue order: held till morning
    shop.burst("SS01", 10, 590, end=night - 5 * M)
    with svc.store.session() as s:
        s.add(__import__("app.store.models", fromlist=["Channel"]).Channel(
            name="群", kind="wecom", url="https://qyapi.weixin.qq.com/x", min_severity=3, quiet_start="22:00",
            quiet_end="09:00", created_at=now))
    raised, current = svc.evaluate_alerts(night)
    assert {a.kind for a in raised} >= {"incident", "late_shipment"}
    notes = notifications_due(svc, night, current)
    assert [(n.tab, n.key, n.urgent) for n in notes] == [("incident", 1, True)]
    with svc.store.session() as s:
        assert ch.enqueue(s, notes, [], svc.settings, svc.tz, night) == 1
        from app.store.models import OutboxMessage

        msg = s.scalar(select(OutboxMessage))
        assert msg.due_at == night.astimezone(msg.due_at.tzinfo) and msg.severity == 3
        assert "SS01" in msg.title and "138" not in msg.lines


def test_playbook_tasks_messages_and_outcomes(svc, shop, now):
    _regular_shop(shop)
    shop.burst("SS01", 6, 590)
    [v] = svc.incidents.refresh(now)
    svc.contacts(now)  # the queue's own refresh keeps the incident's message
    tasks = svc.incidents.tasks(v.id)
    assert len(tasks) == 6 and {t[2] for t in tasks} == {"todo"}
    assert "误标为¥5.90，正常售价¥59.00" in tasks[0][3] and "{" not in tasks[0][3]
    n, text = svc.incidents.bulk_text(v.id)
    assert n == 6 and text.count("【订单 ") == 6
    assert svc.incidents.mark_all_sent(v.id, now) == 6
    ids = [t[0] for t in tasks]
    assert svc.incidents.record_outcome(ids[:2], "退款", now) == 2
    p = svc.incidents.progress(v.id)
    assert (p.tasks, p.told, p.settled, p.outcomes) == (6, 6, 2, {"退款": 2})
    svc.incidents.mark_step(v.id, "hold", now)
    with svc.store.session() as s:
        notes = [o.local_note for o in s.scalars(select(Order).where(Order.status == "unshipped"))
                 if o.local_note]
    assert len(notes) == 6 and all("#1" in x for x in notes)
    assert svc.incidents.get(v.id).hold_done_at is not None


def test_an_incident_whose_orders_all_shipped_is_over(svc, shop, now):
    _regular_shop(shop)
    shop.burst("SS01", 6, 590)
    [v] = svc.incidents.refresh(now)
    svc.mark_shipped(svc.incidents.orders(v.id), now)
    assert svc.incidents.refresh(now + M) == []
    assert svc.incidents.get(v.id).status == "resolved"


def test_cli_json_shape(svc, shop, now, data_dir, capsys):
    from app.cli import run

    _regular_shop(shop)
    shop.burst("SS01", 6, 590)
    svc.store.dispose()
    assert run(["--data-dir", str(data_dir), "incidents", "--now", now.isoformat(), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    [inc] = doc["incidents"]
    assert {"kind", "platform", "sku", "orders", "units", "unit_price", "usual_price", "since", "exposure",
            "reasons"} <= set(inc)
    assert doc["now"] == now.isoformat() and isinstance(datetime.fromisoformat(inc["since"]), datetime)


def test_the_queue_keeps_incident_tasks_grouped_when_the_order_turns_late(svc, shop, now):
    _regular_shop(shop)
    shop.burst("SS01", 6, 590, promise=1 * H)  # promised within the hour: overdue by the evening
    [v] = svc.incidents.refresh(now)
    tasks = {t.order_id: t for t in svc.contacts(now + 3 * H)}
    mine = [tasks[oid] for oid in {t[1] for t in svc.incidents.tasks(v.id)}]
    assert {(t.reason, t.template) for t in mine} == {("incident", "价格标错说明")}

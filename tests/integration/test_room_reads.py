"""The shop-health and incident rooms read set-based (counts grouped in the database, the open orders
from the risk evaluation, only the SKU groups that can burst read whole): on a shop of every kind of
order, at several instants and in a zone with a summer time, the results are the reference reads'
exactly (every order row; every busy SKU's lines), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

import pytest

from app.health import metrics as hm
from app.store.models import Order, OrderLine, Shop
from tests import pgserver
from tests.incident_shop import H, M
from tests.incident_shop import Shop as IncidentShop

# every test on both databases (as conftest's BOTH_DIALECTS modules)
pytestmark = pytest.mark.parametrize("dialect", ["sqlite", pytest.param(
    "postgresql", marks=pytest.mark.skipif(not pgserver.admin_url(), reason=pgserver.NO_SERVER))], indirect=True)

PLATFORMS = ("douyin", "taobao", "tmall", "pdd", "kuaishou", "tiktok")
CANCELS = [(None, None), ("", ""), ("Seller", None), ("Buyer", "不想要了"), (None, "商家缺货"), ("seller", "Out of stock")]
TITLES = ("商品", "极速发 商品", "次日达", None)


def _varied_shop(svc, now: datetime, n: int = 900) -> None:
    """Orders of every platform and state over the last 130 days: with and without the export's promised
    time, presales with a close, speed words in titles, a shop's own promise, pickups, cancellations by
    the seller or the buyer (or nobody said), times with fractions of a second on the window edges."""
    rnd = random.Random(23)
    now = now.astimezone(UTC)
    with svc.store.session() as s:
        shop = Shop(platform="douyin", name="店", options=json.dumps({"promise": "same_day", "cutoff": "16:00"}))
        s.add(shop)
        s.flush()
        for k in range(n):
            p = PLATFORMS[k % len(PLATFORMS)]
            paid = now - timedelta(seconds=rnd.randint(0, 130 * 86400), microseconds=rnd.randint(0, 999_999))
            if k % 37 == 0:  # on the edge of a window, a day, a second
                paid = now - timedelta(days=rnd.choice((30, 90, 121, 122)), microseconds=rnd.choice((0, 400_000)))
            o = Order(platform=p, order_id=f"V{k}", status="unshipped", paid_at=None if k % 41 == 0 else paid,
                      created_at=None if k % 83 == 0 else paid - timedelta(minutes=1),
                      shop_id=shop.id if p == "douyin" and k % 2 else None,
                      promised_ship_at=paid + timedelta(hours=rnd.choice((24, 48, 72)),
                                                        microseconds=rnd.randint(0, 999_999)) if k % 3 == 0 else None,
                      order_type=rnd.choice((None, "普通订单", "预售订单", "presale")),
                      presale_ends_at=paid + timedelta(days=2) if k % 5 == 0 else None, amount_paid_fen=1000)
            x = rnd.random()
            if x < 0.15:
                o.status = "closed"
                o.cancel_by, o.cancel_reason = CANCELS[k % len(CANCELS)]
            elif x < 0.75 and paid < now - timedelta(hours=2):
                o.status = rnd.choice(("shipped", "completed"))
                o.shipped_at = min(now, paid + timedelta(hours=rnd.choice((1, 20, 40, 47, 49, 80)),
                                                         microseconds=rnd.randint(0, 999_999)))
                if rnd.random() < 0.6:
                    o.picked_up_at = min(now + timedelta(hours=1), o.shipped_at + timedelta(hours=rnd.randint(1, 40)))
            o.lines.append(OrderLine(line_id="1", sku_code="S1", quantity=1, product=TITLES[k % len(TITLES)]))
            s.add(o)


def _shown(metrics, tz):
    return [dict(m.to_json(tz), overdue_ids=sorted(m.overdue_ids)) for m in metrics]


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/Los_Angeles"])
def test_health_counted_in_the_database_is_the_reference_read(svc, now, zone):
    svc.set_setting("timezone", zone)
    svc.set_setting("risk.pauses", [{"platform": "tiktok", "from": "2026-11-10", "to": "2026-11-11"}])
    _varied_shop(svc, now)
    for at in (now, now + timedelta(hours=7, seconds=0.5), now - timedelta(days=40)):
        with svc.store.session() as s:
            ref = _shown(hm.evaluate(s, at, svc.settings, reference=True), zone)
            counted = _shown(hm.evaluate(s, at, svc.settings), zone)
            from_risks = _shown(hm.evaluate(s, at, svc.settings, risks=svc.risk(at)), zone)
        assert counted == ref and from_risks == ref
        assert sum(m["orders"] for m in ref) > 100 and any(m["overdue_open"] for m in ref)
    assert svc.health.evaluate(now, risks=svc.risk(now))  # the service passes the risks on


def test_health_of_one_platform_and_of_an_empty_store(svc, now):
    with svc.store.session() as s:
        assert hm.evaluate(s, now, svc.settings) == []
    _varied_shop(svc, now, 300)
    with svc.store.session() as s:
        ref = _shown(hm.evaluate(s, now, svc.settings, {"taobao"}, reference=True), svc.tz)
        assert _shown(hm.evaluate(s, now, svc.settings, {"taobao"}), svc.tz) == ref
    assert {m["platform"] for m in ref} == {"taobao"}


def _found(found):
    return sorted((f.kind, f.platform, str(f.sku), f.code, sorted((ln.order_pk, ln.paid, ln.open, ln.price)
                                                                    for ln in f.lines),
                   f.usual, f.basis, f.expected, f.history_days, f.cover, f.triggers) for f in found)


def test_incidents_read_only_the_groups_that_can_burst_find_what_reading_every_busy_sku_finds(store, svc, now):
    """Price errors (against history, against the cost, on an unmatched code), a flood beyond stock, a
    flood at the usual evening peak, near misses just under each rule's count, one SKU on two
    platforms, and the quiet regular flow beside them; at instants as the bursts come and go."""
    from app.incidents import service

    shop = IncidentShop(store, now)
    for code, cost, stock in (("A", 0, None), ("B", 3000, None), ("C", 0, 5), ("D", 0, None), ("E", 0, 40)):
        shop.sku(code, cost=cost, stock=stock)
    for code in ("A", "C", "D", "E"):
        shop.regular(code, 3, 20, 5900)
    shop.regular("A", 2, 10, 5900, platform="pdd")
    shop.burst("A", 12, 590, buyers=6)  # a price error
    shop.burst("A", 4, 590, platform="pdd", buyers=4)  # too few on PDD
    shop.burst("B", 6, 1000, buyers=3)  # no history: against the cost
    shop.burst("U", 8, 100, buyers=5)  # a code no SKU matches, no history: nothing to compare
    shop.burst("C", 25, 5900, minutes=50)  # a flood beyond stock
    shop.burst("D", 9, 5900, minutes=30)  # just under the stock and rate counts
    shop.burst("E", 30, 5900, minutes=300, platform="kuaishou")  # spread out: no window holds enough
    shop.orders("D", [now - 3 * H - k * M for k in range(19)], 5900, platform="tiktok")  # one short of a surge
    for at in (now, now - 30 * M, now + 2 * H, now + 23 * H, now + 30 * H):
        with svc.store.session() as s:
            ref = _found(service.find(s, at, svc.settings, reference=True))
            assert _found(service.find(s, at, svc.settings)) == ref
        if at == now:
            assert {(k, c) for k, _p, _s, c, *_ in ref} >= {("price_drop", "A"), ("price_drop", "B"),
                                                           ("order_surge", "C")}

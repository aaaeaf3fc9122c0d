from datetime import date, timedelta
from decimal import Decimal

from app.inventory import ledger
from app.inventory.service import in_stock_days, status_for
from app.store.models import BundleComponent, Order, OrderLine, Sku, SkuAlias, StockMovement


def test_in_stock_days_exclude_days_at_zero():
    d0 = date(2026, 11, 1)
    moves = [(d0, 5), (d0 + timedelta(days=3), -5), (d0 + timedelta(days=8), 4)]
    # in stock days 0-2 and 8-9 of a 10-day window; out on days 3-7
    assert in_stock_days(moves, d0, d0 + timedelta(days=9)) == 5


def test_status_boundaries():
    assert status_for(-1, 10) == "oversold"
    assert status_for(0, 10) == "out"
    assert status_for(10, 10) == "low"
    assert status_for(11, 10) == "normal"


def _sale(s, oid, sku_id, qty, paid, status="completed", code=None):
    o = Order(platform="pdd", order_id=oid, status=status, paid_at=paid)
    o.lines.append(OrderLine(line_id=oid, sku_id=sku_id, sku_code=code, quantity=qty))
    s.add(o)


def test_ledger_aliases_bundles_velocity_and_reasons(svc, store, now):
    with store.session() as s:
        a = Sku(code="A", name="睡衣", spec="M", safety_stock=10, lead_time_days=7)
        b = Sku(code="B", name="杯", safety_stock=0, lead_time_days=5)
        kit = Sku(code="KIT", name="套装", is_bundle=True)
        s.add_all([a, b, kit])
        s.flush()
        s.add(BundleComponent(bundle_id=kit.id, component_id=a.id, quantity=1))
        s.add(BundleComponent(bundle_id=kit.id, component_id=b.id, quantity=2))
        s.add(SkuAlias(platform="pdd", platform_code="PDD-A", sku_id=a.id))
        start = now - timedelta(days=29)
        s.add(StockMovement(sku_id=a.id, kind="sheet", delta=40, at=start))
        s.add(StockMovement(sku_id=a.id, kind="adjust", delta=-40, at=start + timedelta(days=10)))  # out 8 days
        s.add(StockMovement(sku_id=a.id, kind="received", delta=30, at=start + timedelta(days=18)))
        s.add(StockMovement(sku_id=b.id, kind="sheet", delta=3, at=start))
        for i in range(22):
            _sale(s, f"s{i}", a.id, 1, now - timedelta(days=i % 10, hours=1))
        _sale(s, "open1", None, 5, now - timedelta(hours=2), status="unshipped", code="PDD-A")
        _sale(s, "open2", kit.id, 2, now - timedelta(hours=2), status="unshipped")
        s.flush()
        assert ledger.resolve_lines(s) == 1  # the alias mapped the PDD code
    stock = {x.sku: x for x in svc.stock(now)}
    sa, sb = stock["A"], stock["B"]
    assert (sa.on_hand, sa.reserved, sa.available) == (30, 7, 23)   # 5 via alias + 2 via the bundle
    assert (sb.on_hand, sb.reserved, sb.available, sb.status) == (3, 4, -1, "oversold")
    # 22 completed + 5 open units of A + 2 inside the 2 open kits, over 30 − 8 out-of-stock days
    # = 29 / 22 = 1.32 a day (a bundle sold uses up its components)
    days = 22
    assert sa.daily_sales == Decimal("1.32")
    assert sa.reorder_point == 20  # ceil(1.32 × 7 = 9.24) + safety 10
    assert sa.suggested_order == 6  # ceil(1.32 × 14 = 18.48) + 10 − 23 available
    assert any(f"有货{days}天" in r and f"补货点{sa.reorder_point}" in r for r in sa.reasons)
    assert list(stock)[0] == "B"  # oversold first
    # the kit has no shelf: 1 set from on-hand (B 3 // 2), −1 after open orders (B −1 // 2)
    kit = stock["KIT"]
    assert (kit.on_hand, kit.available, kit.status, kit.suggested_order, kit.bundle) == (1, -1, "oversold", 0, True)
    assert kit.on_hand - kit.reserved == kit.available
    assert "组合商品，由A×1（可用23）、B×2（可用-1）组成" in kit.reasons[0]

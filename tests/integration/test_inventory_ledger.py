"""The stock ledger's writes (stocktake, adjustment, purchases, goods received), the SKU master,
aliases from the mapping dialog, the stock sheet import, 待备货 and the lists handed out."""

from datetime import timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.inventory import detail
from app.inventory.service import in_stock_days
from app.store.models import Order, OrderLine, Sku, SkuAlias, StockMovement
from tests.factories import douyin_file, douyin_row, stock_file


def _sku(store, code="A", **kw):
    with store.session() as s:
        sku = Sku(code=code, name=kw.pop("name", "睡衣"), **kw)
        s.add(sku)
        s.flush()
        return sku.id


def _book(store, sku_id, delta, at, kind="sheet"):
    with store.session() as s:
        s.add(StockMovement(sku_id=sku_id, kind=kind, delta=delta, counted=None, at=at, reason="期初"))


def _order(store, oid, sku_id, qty, paid, status="unshipped", platform="pdd", code=None, product=None, spec=None,
           promised=None):
    with store.session() as s:
        o = Order(platform=platform, order_id=oid, status=status, paid_at=paid, promised_ship_at=promised)
        o.lines.append(OrderLine(line_id=oid, sku_id=sku_id, sku_code=code, product=product, spec=spec,
                                 quantity=qty))
        s.add(o)


def _stock(svc, now, code):
    return next(x for x in svc.stock(now) if x.sku == code)


def _moves(store, sku_id):
    with store.session() as s:
        return s.execute(select(StockMovement.kind, StockMovement.delta, StockMovement.counted,
                                StockMovement.reason).where(StockMovement.sku_id == sku_id)
                         .order_by(StockMovement.id)).all()


# -- stocktake and adjustment ------------------------------------------------------
def test_stocktake_books_the_differences_with_reason_and_zero_differences_too(svc, store, now):
    a, b = _sku(store, "A"), _sku(store, "B")
    _book(store, a, 10, now - timedelta(days=3))
    _book(store, b, 4, now - timedelta(days=3))
    diffs = svc.inventory.stocktake({a: 7, b: 4}, "定期盘点", now, "小王")
    assert {(d.sku_id, d.before, d.counted, d.delta) for d in diffs} == {(a, 10, 7, -3), (b, 4, 4, 0)}
    assert _moves(store, a)[-1] == ("stocktake", -3, 7, "定期盘点")
    assert _moves(store, b)[-1] == ("stocktake", 0, 4, "定期盘点")
    assert _stock(svc, now, "A").on_hand == 7 and _stock(svc, now, "B").on_hand == 4


def test_stocktake_and_adjustment_refuse_without_reason_or_with_bad_numbers(svc, store, now):
    a = _sku(store, "A")
    _book(store, a, 5, now - timedelta(days=1))
    for call in (lambda: svc.inventory.stocktake({a: 3}, "  ", now),
                 lambda: svc.inventory.stocktake({a: -1}, "盘点", now),
                 lambda: svc.inventory.adjust(a, -2, "", now),
                 lambda: svc.inventory.adjust(a, 0, "报损", now),
                 lambda: svc.inventory.adjust(a, -6, "报损", now)):
        with pytest.raises(ValueError):
            call()
    assert len(_moves(store, a)) == 1  # nothing booked by any refused call


def test_adjustment_is_a_movement_and_on_hand_is_derived(svc, store, now):
    a = _sku(store, "A")
    _book(store, a, 5, now - timedelta(days=1))
    assert svc.inventory.adjust(a, -2, "报损", now, "压坏") == 3
    assert svc.inventory.adjust(a, 4, "退货入库", now) == 7
    assert [m[:2] for m in _moves(store, a)] == [("sheet", 5), ("adjust", -2), ("adjust", 4)]
    hist = svc.inventory.movements(a)
    assert [(m.delta, m.balance) for m in hist] == [(4, 7), (-2, 3), (5, 5)]  # newest first
    assert hist[1].reason == "报损" and hist[1].note == "压坏"


# -- purchases and goods received ---------------------------------------------------------
def test_purchase_counts_as_incoming_with_its_date_until_received(svc, store, now):
    a = _sku(store, "A", supplier="义乌恒发", lead_time_days=5)
    _book(store, a, 2, now - timedelta(days=1))
    po = svc.inventory.create_purchase(a, 30, now, now + timedelta(days=3))
    st = _stock(svc, now, "A")
    assert st.incoming == 30
    assert any("在途30件（预计11-23到货）" in r for r in st.reasons)
    (open_po,) = svc.inventory.open_purchases()
    assert (open_po.id, open_po.supplier, open_po.quantity) == (po, "义乌恒发", 30)  # supplier from the master
    svc.inventory.receive_purchase(po, 28, now + timedelta(days=3))
    st = _stock(svc, now + timedelta(days=3), "A")
    assert (st.on_hand, st.incoming) == (30, 0)
    assert _moves(store, a)[-1][:2] == ("received", 28) and "实到28件" in _moves(store, a)[-1][3]
    with pytest.raises(ValueError):
        svc.inventory.receive_purchase(po, 28, now)  # already received
    svc.inventory.receive_goods(a, 5, now, "市场采购")
    po2 = svc.inventory.create_purchase(a, 10, now)
    svc.inventory.cancel_purchase(po2)
    assert svc.inventory.open_purchases() == [] and _stock(svc, now + timedelta(days=3), "A").on_hand == 35


# -- SKU master and aliases -------------------------------------------------------------------
def test_sku_master_edit_changes_the_figures_and_inactive_skus_leave_the_list(svc, store, now):
    a, b = _sku(store, "A"), _sku(store, "B")
    _book(store, a, 50, now - timedelta(days=40))
    for i in range(10):
        _order(store, f"o{i}", a, 3, now - timedelta(days=i + 1), status="completed")
    before = _stock(svc, now, "A")
    svc.inventory.save_sku({"safety_stock": 20, "lead_time_days": 10, "supplier": "广州锦程",
                               "cost": Decimal("12.50"), "substitutes": ["B"]}, a)
    after = _stock(svc, now, "A")
    assert after.reorder_point == before.reorder_point + 20 + 3 * int(before.daily_sales)  # 3 more lead days
    info = svc.inventory.sku_info(a)
    assert (info.supplier, info.cost, info.substitutes) == ("广州锦程", Decimal("12.50"), ["B"])
    assert svc.inventory.substitutes(a)[0][0] == "B"
    with pytest.raises(ValueError, match="找不到替代"):
        svc.inventory.save_sku({"substitutes": ["NOPE"]}, a)
    with pytest.raises(ValueError, match="已存在"):
        svc.inventory.save_sku({"code": "A"})
    new = svc.inventory.save_sku({"code": "C", "name": "杯子", "safety_stock": 3})
    assert svc.inventory.sku_info(new).name == "杯子"
    svc.inventory.save_sku({"active": False}, b)
    assert "B" not in {x.sku for x in svc.stock(now)}
    assert "B" in {x.code for x in svc.inventory.all_skus()}  # the editor still lists it


def test_unmatched_lines_are_listed_and_an_alias_maps_them_now_and_on_later_imports(svc, store, now, tmp_path):
    a = _sku(store, "SS01-01")
    _order(store, "p1", None, 2, now - timedelta(hours=3), code="PDD-RED")
    _order(store, "p2", None, 1, now - timedelta(days=3), status="completed", code="PDD-RED")
    _order(store, "p3", None, 4, now - timedelta(hours=2), product="睡衣", spec="粉色 M")
    groups = svc.inventory.unmatched()
    assert [(g.sku_code, g.product, g.lines, g.quantity, g.open_quantity) for g in groups] == [
        (None, "睡衣", 1, 4, 4), ("PDD-RED", None, 2, 3, 2)]
    assert svc.inventory.map_lines("pdd", a, sku_code="PDD-RED") == 2
    assert svc.inventory.map_lines("pdd", a, product="睡衣", spec="粉色 M", all_platforms=True) == 1
    assert svc.inventory.unmatched() == []
    assert _stock(svc, now, "SS01-01").reserved == 6
    with store.session() as s:
        assert s.scalar(select(func.count(SkuAlias.id))) == 2
    # a later pdd import of the same code maps by the saved alias, nothing is left over
    _order(store, "p4", None, 1, now - timedelta(hours=1), code="PDD-RED")
    with store.session() as s:
        from app.inventory.ledger import resolve_lines
        assert resolve_lines(s) == 1
    assert _stock(svc, now, "SS01-01").reserved == 7


# -- stock sheet ---------------------------------------------------------------------------
def test_stock_sheet_import_is_idempotent_and_books_only_differences(svc, store, now, tmp_path):
    rows = [["A", "睡衣", "粉色 M", 12, 10, 3, "26.96"], ["Z", "杯子", "", 0, 0, 5, ""]]
    (r,) = svc.import_files([stock_file(tmp_path / "s1.xlsx", rows)], now=now)
    assert r.status == "imported"
    with store.session() as s:
        ids = dict(s.execute(select(Sku.code, Sku.id)).all())
    assert _moves(store, ids["A"]) == [("sheet", 12, 12, "库存表导入")]
    assert _moves(store, ids["Z"]) == [("sheet", 0, 0, "库存表导入")]  # first count recorded even at zero
    svc.import_files([stock_file(tmp_path / "s1.xlsx", rows)], now=now)  # same file again
    svc.import_files([stock_file(tmp_path / "s2.xlsx", rows)], now=now + timedelta(hours=1))  # same counts
    assert len(_moves(store, ids["A"])) == 1 and len(_moves(store, ids["Z"])) == 1
    rows[0][3] = 9
    svc.import_files([stock_file(tmp_path / "s3.xlsx", rows)], now=now + timedelta(hours=2))
    assert _moves(store, ids["A"])[-1][:3] == ("sheet", -3, 9)
    assert _stock(svc, now + timedelta(hours=3), "A").on_hand == 9


def test_template_lists_every_sku_and_imports_back_without_change(svc, store, now, tmp_path):
    svc.import_files([stock_file(tmp_path / "s.xlsx", [["A", "睡衣", "粉色 M", 12, 10, 3, "26.96"]])], now=now)
    svc.inventory.adjust(svc.stock(now)[0].sku_id, -2, "报损", now)
    out = svc.export_stock_template(tmp_path / "t.xlsx")
    ws = load_workbook(out).active
    head = [c.value for c in ws[1]]
    assert head[:4] == ["商家编码", "商品名称", "规格", "实际库存"]
    assert [c.value for c in ws[2]][:4] == ["A", "睡衣", "粉色 M", 10]
    (r,) = svc.import_files([out], now=now + timedelta(hours=1))
    assert (r.kind, r.status) == ("stock", "imported")
    assert _stock(svc, now + timedelta(hours=1), "A").on_hand == 10
    with store.session() as s:
        assert s.scalar(select(func.count(StockMovement.id))) == 2  # the template import booked nothing


def test_empty_shop_template_shows_an_example_row(svc, tmp_path):
    ws = load_workbook(svc.export_stock_template(tmp_path / "t.xlsx")).active
    assert ws.max_row == 2 and ws["A2"].value == "SS01-01"


# -- figures and reasons -----------------------------------------------------------------------
def test_reasons_text_matches_the_hand_calculation(svc, store, now):
    a = _sku(store, "A", safety_stock=10, lead_time_days=7)
    start = now - timedelta(days=29)
    _book(store, a, 40, start)
    _book(store, a, -40, start + timedelta(days=3), kind="adjust")  # out for 8 days
    _book(store, a, 60, start + timedelta(days=11), kind="received")
    for i in range(31):
        _order(store, f"c{i}", a, 1, now - timedelta(days=i % 18, hours=1), status="completed")
    st = _stock(svc, now, "A")
    assert "近30天有货22天，卖出31件，日均1.41件；采购周期7天，安全库存10 → 补货点20" in st.reasons
    assert st.reorder_point == 20


def test_in_stock_days_and_cover_when_nothing_is_available(svc, store, now):
    d0 = now.date()
    assert in_stock_days([(d0, 0)], d0 - timedelta(days=4), d0) == 4  # before the first count: in stock
    a = _sku(store, "A")
    _book(store, a, 3, now - timedelta(days=1))
    _order(store, "o1", a, 3, now - timedelta(hours=1))
    st = _stock(svc, now, "A")
    assert (st.status, str(st.days_of_cover), st.stockout_date) == ("out", "0.0", now.date())
    assert st.to_json()["days_of_cover"] == "0.0"


def test_history_series_and_projection_for_the_chart(svc, store, now):
    a = _sku(store, "A")
    _book(store, a, 10, now - timedelta(days=5))
    svc.inventory.adjust(a, -4, "报损", now - timedelta(days=2))
    series = svc.inventory.history_series(a, now, svc.tz, days=7)
    assert [v for _, v in series] == [0, 10, 10, 10, 6, 6, 6] and series[-1][0] == now.date()
    for i in range(6):
        _order(store, f"c{i}", a, 1, now - timedelta(days=i, hours=1), status="completed")
    st = _stock(svc, now, "A")
    proj = detail.projection(st, now.date())
    assert proj[0] == (now.date(), st.available) and proj[-1] == (st.stockout_date, 0)


def test_a_purchase_arriving_before_the_shelf_empties_moves_the_stockout_date(svc, store, now):
    a = _sku(store, "A")
    _book(store, a, 10, now - timedelta(days=29))  # the sales below are not booked out: 10 stay
    for i in range(30):  # one a day for 30 days → 1.00 a day
        _order(store, f"c{i}", a, 1, now - timedelta(days=i, hours=1), status="completed")
    before = _stock(svc, now, "A")
    assert before.daily_sales == 1 and before.available == 10
    assert before.stockout_date == now.date() + timedelta(days=10)
    # 20 arrive in 5 days: 5 left then, 25 after → empty 25 days later (day 30)
    svc.inventory.create_purchase(a, 20, now, now + timedelta(days=5))
    # one arriving after the shelf is empty (day 40 > 30) changes nothing more, nor one without a date
    svc.inventory.create_purchase(a, 50, now, now + timedelta(days=40))
    svc.inventory.create_purchase(a, 7, now)
    st = _stock(svc, now, "A")
    assert st.stockout_date == now.date() + timedelta(days=30)
    assert st.days_of_cover == 10  # cover is the shelf's own: available ÷ daily sales
    assert any("moves the stock-out" in r or "断货推迟到" in r for r in st.reasons)
    assert detail.projection(st, now.date())[-1] == (now.date() + timedelta(days=10), 0)


def test_an_overdue_purchase_does_not_move_the_stockout_date(svc, store, now):
    a = _sku(store, "A")
    _book(store, a, 10, now - timedelta(days=29))  # the sales below are not booked out: 10 stay
    for i in range(30):
        _order(store, f"c{i}", a, 1, now - timedelta(days=i, hours=1), status="completed")
    svc.inventory.create_purchase(a, 20, now - timedelta(days=9), now - timedelta(days=2))
    assert _stock(svc, now, "A").stockout_date == now.date() + timedelta(days=10)


# -- 待备货 and the purchase list ------------------------------------------------------------------
def test_to_prepare_orders_skus_by_earliest_deadline_and_counts_bundles(svc, store, now):
    from app.store.models import BundleComponent

    a, b, c = _sku(store, "A"), _sku(store, "B"), _sku(store, "C")
    kit = _sku(store, "KIT", is_bundle=True)
    with store.session() as s:
        s.add(BundleComponent(bundle_id=kit, component_id=c, quantity=2))
    _book(store, a, 1, now - timedelta(days=2))
    _order(store, "late", a, 3, now - timedelta(hours=30), promised=now + timedelta(hours=20))
    _order(store, "soon", b, 1, now - timedelta(hours=5), promised=now + timedelta(hours=2))
    _order(store, "kit", kit, 2, now - timedelta(hours=4), promised=now + timedelta(hours=10))
    _order(store, "done", a, 9, now - timedelta(hours=4), status="shipped")
    rows = svc.to_prepare(now)
    assert [r.sku for r in rows] == ["B", "C", "A"]
    by = {r.sku: r for r in rows}
    assert (by["A"].needed, by["A"].on_hand, by["A"].short, by["A"].orders) == (3, 1, 2, 1)
    assert by["C"].needed == 4 and all(r.by_deadline for r in rows)
    # without deadlines (the risk engine gave none): by payment time
    with store.session() as s:
        rows = detail.to_prepare(s, {})
    assert [r.sku for r in rows] == ["A", "B", "C"] and not rows[0].by_deadline


def test_purchase_list_says_what_how_many_and_from_whom(svc, store, now, tmp_path):
    a = _sku(store, "A", supplier="义乌恒发", cost_fen=1250, safety_stock=5, lead_time_days=7)
    _sku(store, "B", safety_stock=0)
    _book(store, a, 1, now - timedelta(days=10))
    out = svc.export_purchase_list(tmp_path / "p.xlsx", now=now)
    ws = load_workbook(out).active
    head = [c.value for c in ws[1]]
    row = dict(zip(head, [c.value for c in ws[2]], strict=True))
    assert ws.max_row == 2  # B needs nothing
    assert (row["供应商"], row["商家编码"], row["采购数量"], row["金额"]) == ("义乌恒发", "A", 4, 50.0)
    assert row["为什么买这么多"].startswith("建议采购 4件")


def test_douyin_import_then_stock_reserved_matches_open_lines(svc, now, tmp_path):
    svc.import_files([stock_file(tmp_path / "s.xlsx", [["SS01-01", "睡衣", "粉色 M", 1, 0, 3, ""]])], now=now)
    rows = [douyin_row("6900000000000000001", "6900000000000000002", qty="2"),
            douyin_row("6900000000000000003", "6900000000000000004", status="已发货")]
    svc.import_files([douyin_file(tmp_path / "d.xlsx", rows)], now=now)
    st = _stock(svc, now, "SS01-01")
    assert (st.on_hand, st.reserved, st.available, st.status) == (1, 2, -1, "oversold")


def test_sets_are_edited_as_components_and_refuse_nonsense(svc, store, now):
    from app.inventory.actions import parse_components

    assert parse_components("SS01-01×1, SS02-01*2，BOX2 x3; BOX2") == [
        ("SS01-01", 1), ("SS02-01", 2), ("BOX2", 3), ("BOX2", 1)]
    a, b, kit = _sku(store, "A"), _sku(store, "B"), _sku(store, "KIT")
    _book(store, a, 5, now - timedelta(days=1))
    _book(store, b, 9, now - timedelta(days=1))
    svc.inventory.save_sku({"components": "A×1, B×2"}, kit)
    assert svc.inventory.sku_info(kit).components == [("A", 1), ("B", 2)]
    assert (_stock(svc, now, "KIT").on_hand, _stock(svc, now, "KIT").bundle) == (4, True)
    for bad in ("NOPE×1", "KIT×1"):
        with pytest.raises(ValueError):
            svc.inventory.save_sku({"components": bad}, kit)
    other = _sku(store, "OTHER")
    with pytest.raises(ValueError, match="组件本身"):
        svc.inventory.save_sku({"components": "KIT×1"}, other)
    svc.inventory.save_sku({"components": ""}, kit)  # an ordinary SKU again
    assert not _stock(svc, now, "KIT").bundle and _stock(svc, now, "KIT").on_hand == 0


# -- shipments take stock out of on-hand ------------------------------------------------------------
def _dy(oid, sku, qty, status, paid, shipped="-"):
    row = douyin_row(oid, oid + "9", sku=sku, qty=str(qty), status=status, paid=paid)
    row[11] = shipped  # 发货时间
    return row


def test_orders_shipped_after_the_count_leave_on_hand_once(svc, store, now, tmp_path):
    svc.import_files([stock_file(tmp_path / "s.xlsx", [["SS01-01", "睡衣", "粉色 M", 10, 0, 3, ""]])],
                     now=now - timedelta(days=2))  # counted 11-18 18:00
    first = [_dy("6900000000000000001", "SS01-01", 2, "已发货", "2026-11-19 09:00:00", "2026-11-19 12:00:00"),
             _dy("6900000000000000002", "SS01-01", 5, "已发货", "2026-11-17 09:00:00", "2026-11-17 12:00:00"),
             _dy("6900000000000000003", "SS01-01", 1, "待发货", "2026-11-20 09:00:00"),
             _dy("6900000000000000004", "SS01-01", 3, "已完成", "2026-11-15 09:00:00"),  # no ship time, paid before
             _dy("6900000000000000005", "SS01-01", 1, "已完成", "2026-11-19 10:00:00")]  # paid after the count
    svc.import_files([douyin_file(tmp_path / "d1.xlsx", first)], now=now)
    st = _stock(svc, now, "SS01-01")
    # 10 counted − 2 shipped 11-19 − 1 paid after the count; the 11-17 and 11-15 ones were in the count
    assert (st.on_hand, st.reserved, st.available) == (7, 1, 6)
    assert st.reasons[0] == "库存表 11-18 清点10件；之后发货-3 → 在库7件"  # on-hand checked by hand
    svc.import_files([douyin_file(tmp_path / "d1b.xlsx", first)], now=now)  # same content, new file
    assert _stock(svc, now, "SS01-01").on_hand == 7
    later = [_dy("6900000000000000003", "SS01-01", 1, "已发货", "2026-11-20 09:00:00", "2026-11-20 15:00:00")]
    svc.import_files([douyin_file(tmp_path / "d2.xlsx", later)], now=now + timedelta(hours=1))
    st = _stock(svc, now + timedelta(hours=1), "SS01-01")
    assert (st.on_hand, st.reserved) == (6, 0)
    hist = svc.inventory.movements(st.sku_id)
    assert hist[0].kind == "shipped" and hist[0].reason == "订单6900000000000000003发货" and hist[0].delta == -1
    # the detail pane shows one row per day of shipments (11-19: two orders, 3 units)
    daily = svc.inventory.movements(st.sku_id, 10, svc.tz)
    assert [(m.kind, m.delta, m.balance, m.reason) for m in daily] == [
        ("shipped", -1, 6, "订单6900000000000000003发货"), ("shipped", -3, 7, "2单发货"),
        ("sheet", 10, 10, "库存表导入")]


def test_without_a_count_shipments_book_nothing_and_a_later_count_sets_on_hand(svc, store, now, tmp_path):
    rows = [_dy("6900000000000000001", "SS01-01", 2, "已发货", "2026-11-19 09:00:00", "2026-11-19 12:00:00")]
    svc.import_files([douyin_file(tmp_path / "d.xlsx", rows)], now=now)
    svc.import_files([stock_file(tmp_path / "s.xlsx", [["SS01-01", "睡衣", "粉色 M", 10, 0, 3, ""]])], now=now)
    assert _stock(svc, now, "SS01-01").on_hand == 10  # the count already reflects that shipment


def test_marking_shipped_in_the_app_and_bundles_take_their_components(svc, store, now, tmp_path):
    from app.store.models import BundleComponent

    a, b = _sku(store, "A"), _sku(store, "B")
    kit = _sku(store, "KIT", is_bundle=True)
    with store.session() as s:
        s.add(BundleComponent(bundle_id=kit, component_id=a, quantity=1))
        s.add(BundleComponent(bundle_id=kit, component_id=b, quantity=2))
    svc.inventory.stocktake({a: 10, b: 10}, "期初", now - timedelta(days=1))
    _order(store, "o1", kit, 2, now - timedelta(hours=3))
    _order(store, "o2", a, 1, now - timedelta(hours=2))
    with store.session() as s:
        pks = s.scalars(select(Order.id).order_by(Order.id)).all()
    svc.mark_shipped(pks, now)
    assert (_stock(svc, now, "A").on_hand, _stock(svc, now, "B").on_hand) == (7, 6)
    assert svc.mark_shipped(pks, now) == 0 and _stock(svc, now, "A").on_hand == 7  # once only

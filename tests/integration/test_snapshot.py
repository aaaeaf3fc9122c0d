"""One read of the shop per refresh (app/snapshot.py): the open orders, their lines, on-hand and
bundles are selected once and shared by the risk evaluation, the order details, the stock report,
待备货 and the contact queue; what each of them gives from that read is what it gives reading on
its own. The window's side (a tick shown as it comes, a contact action re-listing the queue alone) is in
gui/test_snapshot_gui.py."""

from dataclasses import replace

from sqlalchemy import select, update

from app.risk import engine
from app.store.models import Order, OrderLine
from tests.integration.test_contact import shop


def busy_shop(svc, store, now):
    """The contact shop, a bundle, a line closed on an open order, and a task whose order shipped."""
    from app.store.models import BundleComponent, Sku

    ids = shop(store, now)
    svc.contacts(now)  # tasks for late, later, soon and short2
    with store.session() as s:
        kit = Sku(code="KIT", name="套装", is_bundle=True)
        s.add(kit)
        s.flush()
        s.add(BundleComponent(bundle_id=kit.id, component_id=ids["A"], quantity=1))
        late = s.scalar(select(Order.id).where(Order.order_id == "later"))
        s.add(OrderLine(order_pk=late, line_id="later-kit", sku_id=kit.id, product="套装", quantity=1))
        s.add(OrderLine(order_pk=late, line_id="later-gone", sku_id=ids["B"], product="睡衣", spec="粉色 L",
                        quantity=3, status="closed"))
        s.execute(update(Order).where(Order.order_id == "late").values(status="shipped", shipped_at=now))
    return ids


def test_a_snapshot_reads_the_open_orders_lines_stock_and_bundles_once(svc, store, now, reads):
    shop(store, now)
    svc.snapshot(now)  # the first one writes the tasks
    reads.clear()
    snap = svc.snapshot(now)
    assert dict(reads) == {"orders": 1, "lines": 1, "on_hand": 1, "bundles": 1}
    assert {r.order_id for r in snap["risk"]} == {"late", "later", "soon", "fine", "short1", "short2"}
    assert len(snap["tasks"]) == 4 and len(snap["info"]) == 6


def test_only_orders_outside_the_read_are_read_again(svc, store, now, reads):
    busy_shop(svc, store, now)  # a task of an order that shipped since
    with store.session() as s:
        late = s.scalar(select(Order.id).where(Order.order_id == "late"))
    reads.clear()
    svc.snapshot(now)
    assert (reads["orders"], reads["lines"], reads["on_hand"], reads["bundles"]) == (1, 1, 1, 1)
    assert reads["orders_by_id"] and reads.ids == {late}  # that order alone, by its id


def test_what_each_part_gives_from_the_one_read_is_what_it_gives_on_its_own(svc, store, now):
    busy_shop(svc, store, now)
    snap = svc.snapshot(now)
    data = svc.shop_data()
    assert snap["info"] == svc.order_info() == data.info
    assert snap["stock"] == svc.stock(now)
    assert snap["prepare"] == svc.to_prepare(now)
    alone = svc.risk(now)
    assert [(r.order_pk, r.level, r.ship_by, r.stock_short, r.short_units, r.reasons) for r in snap["risk"]] == \
        [(r.order_pk, r.level, r.ship_by, r.stock_short, r.short_units, r.reasons) for r in alone]
    assert snap["tasks"] == svc.contact.list(now, details=False)  # the listing reading every order by itself
    # the rows leave out each task's events, buyer history and playbook; read for one task they are
    # those of the full listing, and the rest of the row is the same
    full = svc.contact.list(now)
    assert [replace(v, events=(), customer_history=(), playbook=()) for v in full] == snap["tasks"]
    for view in full:
        assert svc.contact.details(view.order_pk, view.task_id, now) == view
    assert any(v.events for v in full) and any(v.playbook for v in full)
    shipped = next(v for v in snap["tasks"] if v.order_id == "late")
    assert shipped.order_status == "shipped"  # a task of a shipped order: read beside the one read
    with store.session() as s:
        from app.store.session import plain_rows

        open_lines = plain_rows(s.connection(), select(OrderLine.order_pk, OrderLine.sku_id, OrderLine.quantity)
                                .join(Order, Order.id == OrderLine.order_pk)
                                .where(engine.open_line_filter()))
    assert sorted(data.open_lines) == sorted(open_lines)  # the closed line holds no stock


def test_the_risk_engine_loader_gives_the_same_rows_with_the_display_columns(svc, store, now):
    busy_shop(svc, store, now)
    svc.set_setting("risk.stop_ship_regions", ["新疆"])
    with store.session() as s:
        plain = engine.load_for(s, svc.settings)
        wide = engine.load_for(s, svc.settings, with_info=True)
    at = wide["info_at"]
    assert [r[:at] for r in wide["orders"]] == [tuple(r) for r in plain["orders"]]
    assert sorted(wide["lines"]) == sorted(plain["lines"]) and wide["extras"] == plain["extras"]

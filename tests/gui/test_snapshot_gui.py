"""The window's side of one read per refresh (app/snapshot.py): a scheduler tick's snapshot is shown
as it comes, without a second risk evaluation; a contact action re-lists the queue alone (no risk
evaluation, no other tab) and the selection moves on as before; a template edit refreshes every tab."""

from datetime import timedelta

import pytest

from tests.gui.test_contact_tab import run_inline
from tests.integration.test_contact import shop


def test_a_scheduler_tick_is_shown_by_the_window_without_evaluating_again(qtbot, svc, store, now, reads,
                                                                         evaluations):
    from app.scheduler import CheckResult
    from ui.checker import CheckerBridge
    from ui.main_window import MainWindow

    shop(store, now)
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    bridge = CheckerBridge(svc, 5, lambda: now, w)
    order = []
    bridge.evaluated.connect(lambda r: order.append("alerts"))
    bridge.snapshot_made.connect(lambda s: order.append("tabs"))
    bridge.evaluated.connect(w.on_check)
    bridge.snapshot_made.connect(w.on_tick_snapshot)
    reads.clear()
    with qtbot.waitSignal(bridge.snapshot_made, timeout=20000) as made:
        result = bridge.checker.tick("start")  # on this thread here; the app runs it on the scheduler's
    assert isinstance(result, CheckResult) and result.error is None and result.snapshot_follows
    assert order == ["alerts", "tabs"]  # the notifications are not held up by the tabs' figures
    assert len(evaluations) == 1 and reads["orders"] == 1  # the alerts and the tabs: one read, one evaluation
    assert w.snapshot is made.args[0] and not w._busy  # shown as it came: no refresh of the window's own
    assert {r.order_id for r in w.risk.model.all_rows()} == {"late", "later", "soon", "fine", "short1", "short2"}
    assert {r.order_id for r in w.contact.model.all_rows()} == {"late", "later", "soon", "short2"}
    assert result.raised  # the alerts of the same evaluation


def test_a_tick_older_than_the_snapshot_shown_is_not_shown_over_it(qtbot, svc, store, now):
    from app.scheduler import CheckResult
    from ui.main_window import MainWindow

    shop(store, now)
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    w.refresh_sync()
    shown = w.snapshot
    old = svc.snapshot(now - timedelta(minutes=5))
    w.on_check(CheckResult(now=now - timedelta(minutes=5), snapshot=old))
    assert w.snapshot is shown


def test_a_contact_action_re_lists_the_queue_alone(qtbot, svc, store, now, evaluations, monkeypatch):
    from app.contact.actions import ContactActions
    from app.services import Services
    from ui.main_window import MainWindow

    shop(store, now)
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    w.refresh_sync()
    tab = w.contact
    tab.run_write = tab.run_read = run_inline  # the write and the re-list on this thread (the app: workers)
    listed = []
    real = ContactActions.list
    monkeypatch.setattr(ContactActions, "list", lambda self, *a, **k: listed.append(1) or real(self, *a, **k))
    monkeypatch.setattr(Services, "snapshot", lambda *a, **k: pytest.fail("a whole snapshot after an action"))
    evaluations.clear()
    tab.set_status_filter("todo")
    first = tab.model.visible_rows()[0]
    tab.select_key(first.task_id)
    with qtbot.waitSignal(w.refreshed, timeout=10000) as shown:
        tab.mark_sent()
    assert evaluations == [] and listed == [1] and not w._busy
    assert shown.args[0]["tasks"] is w.snapshot["tasks"] and w.snapshot["risk"]  # the other tabs as they were
    assert next(r for r in tab.model.all_rows() if r.task_id == first.task_id).status == "sent"  # from the store
    assert tab.shown_ahead == {}
    nxt = tab.current_row()
    assert nxt.task_id != first.task_id and nxt.status == "todo"  # the selection moved on, as before


def test_editing_the_templates_refreshes_every_tab(qtbot, svc, store, now, monkeypatch):
    from ui.main_window import MainWindow

    shop(store, now)
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    asked = []
    monkeypatch.setattr(w, "refresh", lambda: asked.append("all"))
    w.contact.templates_changed.disconnect()
    w.contact.templates_changed.connect(w.refresh)
    monkeypatch.setattr(w.contact, "relist", lambda: asked.append("queue"))
    w.contact.run_write = run_inline
    w.contact._write(lambda: None, after=w.contact.templates_changed)
    w.contact._write(lambda: None)
    assert asked == ["all", "queue"]


def test_an_incremental_tick_patches_what_moved_into_the_tabs(qtbot, svc, store, now):
    """After the full evaluation at start, a tick finds what moved (an order shipped in the app) and
    the window merges that into what it shows: the order leaves the risk tab, its task closes, the rows
    that did not move are the very objects shown before."""
    from sqlalchemy import select

    from app.store.models import Order
    from ui.checker import CheckerBridge
    from ui.main_window import MainWindow

    shop(store, now)
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    bridge = CheckerBridge(svc, 5, lambda: now, w)
    bridge.evaluated.connect(w.on_check)
    bridge.snapshot_made.connect(w.on_tick_snapshot)
    with qtbot.waitSignal(bridge.snapshot_made, timeout=20000):
        bridge.checker.tick("start")
    before = {r.order_id: r for r in w.risk.model.all_rows()}
    with store.session() as s:
        late = s.scalar(select(Order.id).where(Order.order_id == "late"))
    svc.mark_shipped([late], now)
    with qtbot.waitSignal(w.refreshed, timeout=20000):
        result = bridge.checker.tick("import")
    assert result.snapshot_follows and w.snapshot.get("delta") is None  # merged, not shown raw
    after = {r.order_id: r for r in w.risk.model.all_rows()}
    assert set(after) == set(before) - {"late"}
    # its unsent message is not needed any more: closed, as a whole refresh would show it
    assert {v.order_id: v.status for v in w.contact.model.all_rows()}["late"] == "resolved"
    assert after["fine"] is before["fine"]  # not evaluated again: the same row object

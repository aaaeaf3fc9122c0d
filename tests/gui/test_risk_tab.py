"""The order-risk tab (pytest-qt) on the demo shop with a fixed clock: layout, cards, filters,
detail, actions, the moving countdown, sorting and refreshes."""

from datetime import timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication

from ui.main_window import MainWindow
from ui.models.record_model import TAG_ROLE


@pytest.fixture
def window(qtbot, svc, now):
    svc.set_setting("risk.stop_ship_regions", ["新疆"])
    svc.load_demo(now)
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    w.tabs.setCurrentWidget(w.risk)
    w.refresh_sync()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def tab(window):
    return window.risk


def col(tab, key) -> int:
    return [c.key for c in tab.model.columns].index(key)


def select(tab, *rows) -> None:
    sm = tab.table.selectionModel()
    sm.clearSelection()
    for r in rows:
        sm.select(tab.model.index(r, 0), QItemSelectionModel.Select | QItemSelectionModel.Rows)
    sm.setCurrentIndex(tab.model.index(rows[0], 0), QItemSelectionModel.NoUpdate)


def test_every_column_fits_at_1280_with_the_detail_pane(tab, qtbot):
    qtbot.wait(10)
    assert [c.key for c in tab.model.columns] == ["countdown", "level", "platform", "order", "sku", "stock",
                                                  "penalty", "shop_rate", "buyer", "product"]
    assert tab.table.horizontalScrollBar().maximum() == 0
    assert tab.detail_panel.width() >= 240
    # an order ID is never cut: the widest one fits its column
    fm = tab.table.fontMetrics()
    widest = max(fm.horizontalAdvance(r.order_id) for r in tab.model.all_rows())
    assert widest + 12 <= tab.table.columnWidth(col(tab, "order"))


def test_rows_by_time_left_chips_and_red_countdown(tab, now):
    rows = tab.model.visible_rows()
    assert [r.ship_ts for r in rows] == sorted(r.ship_ts for r in rows)
    for i, r in enumerate(rows[:40]):
        countdown = tab.model.index(i, col(tab, "countdown"))
        red = countdown.data(Qt.ForegroundRole)
        assert (red is not None and red.name().upper() == "#D92D20") == (r.ship_by <= now)
        assert countdown.data().startswith("overdue ") == (r.ship_by <= now)
        level = tab.model.index(i, col(tab, "level"))
        assert level.data(TAG_ROLE) == {"overdue": "red", "critical": "orange", "warning": "amber", "ok": "grey"}[r.level]
        stock = tab.model.index(i, col(tab, "stock"))
        assert stock.data() == (f"short {r.short_units}" if r.stock_short else "covered")
        # each charge once; an estimate from an unverified rule carries "*" and is amber
        penalty = tab.model.index(i, col(tab, "penalty"))
        assert penalty.data() == f"¥{r.penalty_total:,.2f}" + ("" if r.penalty_verified else "*")
        assert (penalty.data(Qt.ForegroundRole) is not None) == (not r.penalty_verified)
        assert "****" in tab.model.index(i, col(tab, "buyer")).data()  # masked phone


def test_cards_count_and_filter(tab):
    rows = tab.model.all_rows()
    over = [r for r in rows if r.level == "overdue"]
    crit = [r for r in rows if r.level == "critical"]
    short = [r for r in rows if r.stock_short]
    priced = [r for r in rows if r.level != "ok" or r.stock_short]
    money = sum((r.penalty_total for r in priced), Decimal(0))  # each charge once, as risk --json adds up
    mark = "*" if any(not r.penalty_verified for r in priced) else ""
    assert [tab.cards[i][0].value.text() for i in range(4)] == [str(len(over)), str(len(crit)), str(len(short)),
                                                                 f"¥{money:,.2f}{mark}"]
    assert over and crit and short
    tab.card_short.clicked.emit()
    assert tab.model.visible_rows() and all(r.stock_short for r in tab.model.visible_rows())
    assert len(tab.model.visible_rows()) == len(short)
    tab.card_overdue.clicked.emit()  # clears "short only"
    assert not tab.short_only.isChecked() and len(tab.model.visible_rows()) == len(over)
    tab.card_critical.clicked.emit()
    assert len(tab.model.visible_rows()) == len(crit)
    tab.card_money.clicked.emit()
    at_risk = [r for r in rows if r.level != "ok" or r.stock_short or r.stop_ship]
    assert tab.risk_only.isChecked() and len(tab.model.visible_rows()) == len(at_risk) < len(rows)
    assert str(len(at_risk)) in tab.card_money.toolTip()


def test_platform_sku_and_short_filters(tab):
    rows = tab.model.all_rows()
    tab.platform_box.setCurrentIndex(tab.platform_box.findData("pdd"))
    assert {r.platform for r in tab.model.visible_rows()} == {"pdd"}
    tab.platform_box.setCurrentIndex(0)
    sku = tab.info[rows[0].order_pk]["skus"].split(", ")[0]
    tab.set_sku_filter(sku)
    visible = tab.model.visible_rows()
    assert visible and all(sku in tab.info[r.order_pk]["skus"].split(", ") for r in visible)
    assert len(visible) == sum(sku in tab.info[r.order_pk]["skus"].split(", ") for r in rows)
    tab.short_only.setChecked(True)
    assert all(r.stock_short for r in tab.model.visible_rows())
    tab.short_only.setChecked(False)
    tab.set_sku_filter(None)
    assert len(tab.model.visible_rows()) == len(rows)
    # the SKU list offers every SKU of the open orders
    assert tab.sku_box.count() - 1 == len({s for i in tab.info.values() for s in i["skus"].split(", ") if s})


def test_detail_shows_reasons_and_names_the_rule_unverified_says_so(tab):
    rows = tab.model.visible_rows()
    verified = next(i for i, r in enumerate(rows) if r.platform == "douyin")
    unverified = next(i for i, r in enumerate(rows) if r.platform == "pdd")
    select(tab, verified)
    html = tab.detail.toPlainText()
    r = rows[verified]
    assert r.order_id in html and r.rule in html and "unverified" not in html
    assert all(x[:12] in html for x in r.reasons)
    select(tab, unverified)
    assert "unverified rule" in tab.detail.toPlainText()


def test_actions_act_on_the_selection(tab, qtbot, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    select(tab, 0, 2)
    rows = tab.model.visible_rows()
    pks = [rows[0].order_pk, rows[2].order_pk]
    assert all(b.isEnabled() for b in (tab.btn_shipped, tab.btn_picked, tab.btn_contact, tab.btn_copy))
    with qtbot.waitSignal(tab.mark_shipped) as sig:
        tab.btn_shipped.click()
    assert sig.args == [pks]
    with qtbot.waitSignal(tab.mark_picked_up) as sig:
        tab.btn_picked.click()
    assert sig.args == [pks]
    with qtbot.waitSignal(tab.add_to_contacts) as sig:
        tab.btn_contact.click()
    assert sig.args == [pks]
    tab.btn_copy.click()
    assert QGuiApplication.clipboard().text() == f"{rows[0].order_id}\n{rows[2].order_id}"
    menu = tab.context_menu()
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts == ["Mark shipped", "Mark picked up", "Add to contact queue", "Copy order ID", "Copy the reasons",
                     "Show only this SKU", "Export…"]
    assert all(a.isEnabled() for a in menu.actions())
    with qtbot.waitSignal(tab.export_requested):
        menu.actions()[-1].trigger()
    text = tab.copy_details()
    assert rows[0].reasons[0] in text and rows[2].order_id in text


def test_mark_shipped_and_add_to_contacts_through_the_window(window, tab, qtbot):
    select(tab, 0)
    first = tab.current_row()
    tab.btn_contact.click()  # the writes run on a worker: wait for their refresh
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.contact)
    qtbot.waitUntil(lambda: first.order_id in {t.order_id for t in window.contact.model.all_rows()})
    window.tabs.setCurrentWidget(tab)
    assert tab.select_key(first.order_pk)
    tab.btn_shipped.click()
    qtbot.waitUntil(lambda: first.order_pk not in {r.order_pk for r in tab.model.all_rows()})


def test_countdown_moves_every_minute_and_turns_red(tab):
    rows = tab.model.visible_rows()
    i = next(i for i, r in enumerate(rows) if r.ship_by > tab.now)
    r = rows[i]
    idx = tab.model.index(i, col(tab, "countdown"))
    before = idx.data()
    assert idx.data(Qt.ForegroundRole) is None
    # as if the app had been open until one minute after this order's deadline
    tab._data_mono -= (r.ship_by - tab.now).total_seconds() + 60
    tab._tick.timeout.emit()
    assert idx.data() != before and idx.data() == "overdue 1m"
    assert idx.data(Qt.ForegroundRole).name().upper() == "#D92D20"
    assert tab._tick.interval() == 60_000 and tab._tick.isActive()


def test_sorting_each_column_and_back(tab):
    model = tab.model
    for c, column in enumerate(model.columns):
        for order in (Qt.AscendingOrder, Qt.DescendingOrder):
            tab.table.horizontalHeader().setSortIndicator(c, order)
            keys = [column.sort_key(r) if column.sort_key else column.display(r) for r in model.visible_rows()]
            assert keys == sorted(keys, reverse=order == Qt.DescendingOrder), column.key
    tab.table.horizontalHeader().setSortIndicator(col(tab, "countdown"), Qt.AscendingOrder)
    assert [r.ship_ts for r in model.visible_rows()] == sorted(r.ship_ts for r in model.visible_rows())


def test_refreshes_after_import_and_scheduler_run_keep_the_selection(window, tab, monkeypatch, now):
    calls = []
    monkeypatch.setattr(window, "refresh", lambda: calls.append("refresh"))
    window._imported([])
    from app.scheduler import CheckResult

    window.on_check(CheckResult(now=now))
    assert calls == ["refresh", "refresh"]
    select(tab, 7)
    key = tab.current_row().order_pk
    tab.table.verticalScrollBar().setValue(3)
    window.refresh_sync()
    assert tab.current_row().order_pk == key
    assert tab.selected_rows()[0].order_pk == key


def test_double_click_opens_the_detail_pane(tab, qtbot):
    tab.splitter.setSizes([1270, 0])
    tab.table.doubleClicked.emit(tab.model.index(0, 0))
    assert tab.splitter.sizes()[1] >= 120


def test_stop_ship_rows_are_at_risk_and_say_so(window, tab, svc, now):
    from app.store.models import Order

    with svc.store.session() as s:
        o = s.query(Order).filter(Order.status == "unshipped").first()
        o.province, o.city = "新疆维吾尔自治区", "乌鲁木齐市"
        pk = o.id
    window.refresh_sync()
    r = next(r for r in tab.model.all_rows() if r.order_pk == pk)
    assert r.stop_ship and tab.row_at_risk(r)
    tab.select_key(pk)
    assert "Stop-ship region" in tab.detail.toPlainText()
    assert any("物流停发" in x for x in r.reasons)


def test_widths_the_seller_sets_are_remembered(qtbot, svc, now, window):
    tab = window.risk
    tab.table.setColumnWidth(col(tab, "buyer"), 150)
    window.close()
    w2 = MainWindow(svc, clock=lambda: now + timedelta(minutes=1))
    qtbot.addWidget(w2)
    w2.resize(1280, 800)
    w2.show()
    w2.refresh_sync()
    assert w2.risk.table.columnWidth(col(w2.risk, "buyer")) == 150


def test_the_critical_card_follows_the_threshold_setting(window, tab):
    assert tab.card_critical.label.text() == "Due within 6 h"
    window.svc.set_setting("risk.critical_hours", 4)
    window.refresh_sync()
    assert tab.card_critical.label.text() == "Due within 4 h"
    crit = [r for r in tab.model.all_rows() if r.level == "critical"]
    assert all((r.ship_by - tab.now).total_seconds() <= 4 * 3600 for r in crit)

"""Empty tables say which situation they are in: an empty shop (import, or look at the demo),
nothing needing attention (all clear), or filters hiding every row (clear the filters)."""

import pytest
from sqlalchemy import update

from app.store.models import Order
from ui.main_window import MainWindow


@pytest.fixture
def make_window(qtbot, svc, now):
    def make():
        w = MainWindow(svc, clock=lambda: now)
        qtbot.addWidget(w)
        w.refresh_sync()
        return w
    return make


def test_an_empty_shop_asks_for_an_import_and_offers_the_demo(make_window, svc, qtbot):
    w = make_window()
    for tab in (w.inventory, w.risk, w.contact):
        assert tab.stack.currentIndex() == 0 and tab.empty_mode == "import"
        assert tab.empty.button.isVisibleTo(tab) and tab.empty.secondary.isVisibleTo(tab)
        assert tab.empty.icon == "empty-inbox" and not tab.empty.pic.pixmap().isNull()
    assert tab.empty.text.text() == tab.empty_text()[0]
    imports = []
    w.risk.import_requested.disconnect()  # not the real file dialog
    w.risk.import_requested.connect(lambda: imports.append(1))
    w.risk.empty.button.click()
    assert imports == [1]
    w.risk.empty.secondary.click()  # the seller who declined the demo at first start
    qtbot.waitUntil(lambda: w.risk.stack.currentIndex() == 1)  # loaded on a worker, then refreshed
    assert not svc.is_empty() and w.risk.model.rowCount()


def test_a_shop_with_nothing_open_is_all_clear_not_empty(make_window, svc, store, now):
    svc.load_demo(now)
    with store.session() as s:
        s.execute(update(Order).values(status="shipped"))
    w = make_window()
    for tab in (w.risk, w.contact):
        assert tab.stack.currentIndex() == 0 and tab.empty_mode == "clear", tab
        assert tab.empty.text.text() == tab.all_clear_text() and tab.empty.icon == "all-clear"
        assert not tab.empty.secondary.isVisibleTo(tab)  # no demo offer in a real shop
        assert "import" not in tab.empty.text.text().lower()
    assert w.inventory.stack.currentIndex() == 1  # the SKUs are still there


def test_filters_hiding_every_row_offer_to_clear_them(make_window, svc, now):
    svc.load_demo(now)
    w = make_window()
    tab = w.risk
    shown = tab.model.rowCount()
    tab.search.setText("no-such-order")
    tab.risk_only.setChecked(True)
    tab.refilter()
    assert tab.model.rowCount() == 0 and tab.stack.currentIndex() == 0 and tab.empty_mode == "filtered"
    assert tab.empty.icon == "no-match"
    tab.empty.button.click()
    assert tab.search.text() == "" and not tab.risk_only.isChecked() and tab.short_only.isChecked() is False
    assert tab.model.rowCount() == shown and tab.stack.currentIndex() == 1
    inv = w.inventory
    inv.show_only("reorder")
    inv.search.setText("no-such-sku")
    inv.refilter()
    assert inv.empty_mode == "filtered"
    inv.empty.button.click()
    assert not inv._reorder_filter and inv.model.rowCount() == len(inv.model.all_rows())


@pytest.fixture
def chinese(qapp):
    from ui import i18n

    if not i18n.qm_path("zh_CN").exists():
        pytest.skip("translations not built")
    i18n.install(qapp, "zh_CN")
    yield
    i18n.uninstall(qapp)


def demo_window_at_1280(qtbot, svc, now) -> MainWindow:
    svc.load_demo(now)
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    w.refresh_sync()
    return w


def table_fitting(w: MainWindow, index: int):
    """The tab's table, asserted to show every column without scrolling sideways."""
    from PySide6.QtWidgets import QApplication

    w.tabs.setCurrentIndex(index)
    QApplication.processEvents()
    table = w.tabs.widget(index).table
    shown = [c for c in range(table.model().columnCount()) if not table.isColumnHidden(c)]
    assert sum(table.columnWidth(c) for c in shown) <= table.viewport().width(), index
    assert all(table.columnWidth(c) >= 40 for c in shown)
    return table


def test_inventory_and_contact_columns_fit_beside_the_detail_pane_at_1280(qtbot, svc, now, chinese):
    """The smoke-test size, in the default language: every column in view (long titles elide,
    headers keep a tooltip)."""
    from PySide6.QtCore import Qt

    w = demo_window_at_1280(qtbot, svc, now)
    for index in (w.TAB_INVENTORY, w.TAB_CONTACT):
        table = table_fitting(w, index)
        assert table.model().headerData(0, Qt.Horizontal, Qt.ToolTipRole) == table.model().columns[0].header
    contact = w.contact
    resolved = next(r for r in contact.model.all_rows())
    resolved.status, resolved.outcome = "resolved", "退款"
    assert contact._state_text(resolved) == "已解决 · 退款"  # the hidden outcome column's text


def test_a_tab_filled_while_hidden_fits_its_columns_when_first_shown(qtbot, svc, now, chinese):
    from PySide6.QtWidgets import QApplication

    svc.load_demo(now)
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    w.refresh_sync()  # before the window is shown: nothing to measure yet
    w.resize(1280, 800)
    w.show()
    w.tabs.setCurrentIndex(w.TAB_CONTACT)
    QApplication.processEvents()
    table = w.contact.table
    assert table._pending_fit is None
    assert sum(table.columnWidth(c) for c in range(table.model().columnCount())) <= table.viewport().width()


def test_every_table_fits_at_1280_in_english_too(qtbot, svc, now):
    """English words and buttons are longer (a wider detail pane): free text elides further
    instead of pushing columns behind a horizontal scrollbar."""
    from app import text

    text.set_language("en")
    try:
        w = demo_window_at_1280(qtbot, svc, now)
        for index in (w.TAB_INVENTORY, w.TAB_RISK, w.TAB_CONTACT):
            table_fitting(w, index)
    finally:
        text.set_language(text.DEFAULT)

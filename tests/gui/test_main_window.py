"""The main window on the demo shop, with a fixed clock."""

from datetime import timedelta

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication

from ui.main_window import MainWindow


def test_three_tabs_in_order(window):
    assert [window.tabs.tabText(i) for i in range(4)] == ["Inventory", "Order risk", "Customer contact", "Shop health"]


def test_risk_tab_sorted_by_time_left_with_overdue_in_red(window, now):
    rows = window.risk.model.visible_rows()
    assert rows and [r.ship_by for r in rows] == sorted(r.ship_by for r in rows)
    first = window.risk.model.index(0, 0)
    if rows[0].ship_by <= now:
        assert first.data(Qt.ForegroundRole).name().upper() == "#D92D20"
        assert "overdue" in first.data()


def test_selection_survives_refresh(window):
    tab = window.risk
    tab.table.selectRow(3)
    key = tab.row_key(tab.current_row())
    window.refresh_sync()
    assert tab.row_key(tab.current_row()) == key


def test_ctrl_c_copies_selected_cells_as_tsv(window, qtbot):
    tab = window.risk
    tab.table.selectRow(0)
    text = tab.table.copy_selection()
    assert text.count("\t") == tab.model.columnCount() - 1
    assert QGuiApplication.clipboard().text() == text
    assert tab.model.row_at(0).order_id in text


def test_status_filter_and_summary_card(window):
    tab = window.risk
    overdue = [r for r in tab.model.all_rows() if r.level == "overdue"]
    tab.cards[0][0].clicked.emit()
    assert len(tab.model.visible_rows()) == len(overdue)
    assert tab.cards[0][0].value.text() == str(len(overdue))


def test_empty_shop_shows_the_next_step(qtbot, svc, now):
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    w.refresh_sync()
    for tab in (w.inventory, w.risk, w.contact):
        assert tab.stack.currentIndex() == 0
        assert tab.empty.button.text()


def test_dropped_files_go_to_the_import_flow(window, monkeypatch, tmp_path):
    got = []
    monkeypatch.setattr(window, "import_paths", got.append)
    mime = QMimeData()
    f = tmp_path / "orders.xlsx"
    f.write_bytes(b"x")
    mime.setUrls([QUrl.fromLocalFile(str(f))])
    ev = QDropEvent(QPoint(5, 5), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    window.dropEvent(ev)
    assert got == [[str(f)]]


def test_window_geometry_is_remembered(qtbot, svc, now):
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    w.show()
    w.resize(700, 520)  # inside the offscreen screen, which restoreGeometry clamps to
    qtbot.waitUntil(lambda: w.width() != 1280 or w.height() != 800)
    size = w.size()
    w.tabs.setCurrentIndex(2)
    w.save_geometry()
    w2 = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w2)
    assert w2.tabs.currentIndex() == 2
    assert w2.height() == size.height()  # width is clamped by the offscreen screen


def test_mark_shipped_removes_the_order_from_risk(window, now):
    first = window.risk.model.row_at(0)
    window.svc.mark_shipped([first.order_pk], now + timedelta(minutes=1))
    window.refresh_sync()
    assert first.order_pk not in {r.order_pk for r in window.risk.model.all_rows()}


def test_bulk_copy_collects_every_open_message_of_the_sku(window, now):
    from PySide6.QtGui import QGuiApplication

    tasks = [t for t in window.contact.model.all_rows() if t.sku_ids and t.status == "todo"]
    window.contact.select_key(tasks[0].task_id)
    n = window.contact.select_sku(0)
    text = window.contact.copy_message()
    assert tasks[0].order_id in text and QGuiApplication.clipboard().text() == text
    assert n == 1 or text.count("【订单") == n

"""The inventory tab and its dialogs (pytest-qt), on data imported from generated files and on
the demo shop, with a fixed clock."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from app import labels
from tests.factories import douyin_file, douyin_row, stock_file
from ui.main_window import MainWindow

OPEN = "待发货"


@pytest.fixture
def imported(qtbot, svc, now, tmp_path):
    """Three SKUs from a stock sheet; open Douyin orders oversell one, empty another; one line
    carries a platform code no SKU has."""
    svc.import_files([stock_file(tmp_path / "stock.xlsx", [
        ["SS01-01", "加厚珊瑚绒睡衣女冬季套装", "粉色 M", 1, 2, 3, "26.96"],
        ["SS02-01", "儿童保温杯316不锈钢带吸管", "蓝色 480ml", 50, 5, 5, "17.50"],
        ["SS03-01", "手工红糖姜茶", "250g*2罐", 2, 0, 10, "9.90"]])], now=now - timedelta(days=1))
    rows = [douyin_row(f"69000000000000000{i:02d}", f"69100000000000000{i:02d}", sku=sku, qty=str(q),
                       paid=f"2026-11-{18 + i % 2} 10:00:00", promise=f"2026-11-{21 + i % 2} 10:00:00")
            for i, (sku, q) in enumerate([("SS01-01", 2), ("SS01-01", 1), ("SS02-01", 3), ("SS03-01", 2),
                                          ("DY-UNKNOWN", 4)])]
    svc.import_files([douyin_file(tmp_path / "orders.xlsx", rows)], now=now)
    return _window(qtbot, svc, now)


@pytest.fixture
def demo(qtbot, svc, now):
    svc.load_demo(now)
    return _window(qtbot, svc, now)


def _window(qtbot, svc, now) -> MainWindow:
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    w.refresh_sync()
    w.inventory.changed.disconnect()
    w.inventory.changed.connect(w.refresh_sync)  # synchronous in tests
    return w


@pytest.fixture
def no_exec(monkeypatch):
    """Dialogs opened by the tab return at once (as if closed) so the test can drive them after."""
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)


@pytest.fixture
def asked(monkeypatch):
    """Confirmation questions are answered Yes and recorded."""
    got = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: got.append(a[2]) or QMessageBox.Yes)
    return got


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    return shown


def col(tab, key):
    return next(i for i, c in enumerate(tab.model.columns) if c.key == key)


def test_oversold_first_with_chips_and_right_aligned_numbers(imported):
    tab = imported.inventory
    rows = tab.model.visible_rows()
    assert [(r.sku, r.status) for r in rows] == [("SS01-01", "oversold"), ("SS03-01", "out"), ("SS02-01", "normal")]
    first = tab.model.index(0, col(tab, "status"))
    # the status in the shop's language from the one map the stock export also uses (app/labels.py)
    assert first.data() == labels.stock_label("oversold") and first.data(Qt.UserRole + 3) == "red"
    for key in ("on_hand", "reserved", "available", "incoming", "daily", "cover", "rop", "suggest"):
        assert tab.model.index(0, col(tab, key)).data(Qt.TextAlignmentRole) & int(Qt.AlignRight)
    assert tab.model.index(0, col(tab, "available")).data() == "-2"
    assert "→ 可用-2件" in tab.model.index(0, col(tab, "status")).data(Qt.ToolTipRole)  # reasons on hover


def test_cards_count_and_filter_search_and_status_filter(imported):
    tab = imported.inventory
    assert [c.value.text() for c, _ in tab.cards] == ["1", "1", "2", "3"]
    tab.cards[0][0].clicked.emit()
    assert [r.sku for r in tab.model.visible_rows()] == ["SS01-01"]
    tab.cards[2][0].clicked.emit()  # to reorder: rows with a suggested order
    assert {r.sku for r in tab.model.visible_rows()} == {"SS01-01", "SS03-01"}
    tab.cards[2][0].clicked.emit()  # a second click clears it
    assert len(tab.model.visible_rows()) == 3
    tab.search.setText("保温杯")
    tab.refilter()
    assert [r.sku for r in tab.model.visible_rows()] == ["SS02-01"]
    tab.search.clear()
    tab.set_status_filter("out")
    assert [r.sku for r in tab.model.visible_rows()] == ["SS03-01"]


def test_selection_survives_refresh_and_detail_shows_reasons_movements_chart(imported, qtbot):
    tab = imported.inventory
    tab.select_key("SS02-01")
    imported.refresh_sync()
    assert tab.current_row().sku == "SS02-01"
    qtbot.waitUntil(lambda: "库存表导入" in tab.detail.toHtml())  # the history is read on a worker
    html = tab.detail.toHtml()
    assert "近30天有货" in html and "库存表导入" in html  # reasons and the movement history
    assert set(tab.chart.series) >= {"history", "reorder"}
    assert tab.chart.series["history"].count() == 30


def test_unmatched_lines_are_offered_for_mapping_and_remembered(imported, no_exec, now, tmp_path, qtbot):
    tab = imported.inventory
    assert "(1)" in tab.btn_map.text()
    dlg = tab.open_mapping()
    with qtbot.waitSignal(dlg.loaded):  # the list is read on a worker
        pass
    assert dlg.table.rowCount() == 1 and dlg.table.item(0, 1).text() == "DY-UNKNOWN"
    dlg.table.selectRow(0)
    dlg.sku.set_sku(next(r.sku_id for r in tab.model.all_rows() if r.sku == "SS02-01"))
    with qtbot.waitSignal(dlg.done_mapping):  # booked on a worker
        dlg.map_selected()
    assert dlg.mapped == 1 and dlg.table.rowCount() == 0 and dlg.empty.isVisibleTo(dlg)
    imported.refresh_sync()
    assert tab.btn_map.text() == "Map SKUs…"
    assert next(r for r in tab.model.all_rows() if r.sku == "SS02-01").reserved == 7


def test_stocktake_dialog_shows_differences_and_books_with_reason(imported, no_exec, warnings, asked, qtbot):
    tab = imported.inventory
    dlg = tab.open_stocktake()
    row = next(i for i in range(dlg.table.rowCount()) if dlg.table.item(i, 0).text() == "SS02-01")
    dlg.table.item(row, 4).setText("47")
    assert dlg.table.item(row, 5).text() == "-3"
    assert "1" in dlg.summary.text() and dlg.ok.isEnabled()
    dlg.reason.setCurrentText("")
    dlg.confirm()
    assert warnings and dlg.result() == 0  # no reason: refused, nothing booked
    dlg.reason.setCurrentText("月底盘点")
    dlg.confirm()
    qtbot.waitUntil(lambda: dlg.result() == QDialog.Accepted)  # booked on a worker, then closed
    assert "−3" in asked[-1] and "月底盘点" in asked[-1]  # the seller saw the difference before booking
    tab.changed.emit()
    st = next(r for r in tab.model.all_rows() if r.sku == "SS02-01")
    assert st.on_hand == 47
    tab.select_key("SS02-01")
    qtbot.waitUntil(lambda: "月底盘点" in tab.detail.toHtml())  # the history is read on a worker


def test_single_sku_count_and_bad_count_is_refused(imported, no_exec, warnings):
    tab = imported.inventory
    tab.select_key("SS03-01")
    dlg = tab.open_stocktake(tab.current_row().sku_id)
    assert dlg.table.rowCount() == 1
    dlg.table.item(0, 4).setText("abc")
    dlg.confirm()
    assert warnings and "SS03-01" in warnings[-1]


def test_adjust_dialog_books_a_reasoned_movement(imported, no_exec, qtbot):
    tab = imported.inventory
    tab.select_key("SS02-01")
    dlg = tab.open_adjust(tab.current_row().sku_id)
    dlg.delta.setValue(-5)
    assert (dlg.current.text(), dlg.after.text()) == ("50", "45")
    dlg.reason.setCurrentText("报损")
    dlg.confirm()
    qtbot.waitUntil(lambda: dlg.result() == QDialog.Accepted)  # booked on a worker, then closed
    tab.changed.emit()
    assert tab.current_row().on_hand == 45


def test_purchase_dialog_adds_incoming_then_receives_it(imported, no_exec, now, qtbot):
    tab = imported.inventory
    tab.select_key("SS01-01")
    sid = tab.current_row().sku_id
    dlg = tab.open_purchases(sid)
    suggested = tab.current_row().suggested_order
    assert dlg.qty.value() == suggested > 0 and "建议采购" in dlg.suggest.text()
    with qtbot.waitSignal(dlg.booked):  # booked on a worker
        dlg.add_purchase()
    assert dlg.table.rowCount() == 1 and dlg.changed
    tab.changed.emit()
    assert tab.current_row().incoming == suggested
    dlg = tab.open_purchases(sid)
    with qtbot.waitSignal(dlg.loaded):  # the list is read on a worker
        pass
    dlg.table.selectRow(0)
    dlg.table.item(0, 5).setText("10")
    with qtbot.waitSignal(dlg.booked):
        dlg.receive_selected()
    assert dlg.table.rowCount() == 0
    tab.changed.emit()
    assert (tab.current_row().on_hand, tab.current_row().incoming) == (11, 0)


def test_sku_editor_saves_master_data_and_substitutes(imported, no_exec, qtbot):
    tab = imported.inventory
    tab.select_key("SS03-01")
    before = tab.current_row().reorder_point
    dlg = tab.open_editor(tab.current_row().sku_id)
    assert dlg.code.text() == "SS03-01" and dlg.code.isReadOnly()
    dlg.safety.setValue(dlg.safety.value() + 7)
    dlg.supplier.setText("云南茶坊")
    dlg.subs.setText("SS02-01")
    with qtbot.waitSignal(dlg.saved):  # booked on a worker
        dlg.save()
    assert dlg.changed
    tab.changed.emit()
    assert tab.current_row().reorder_point == before + 7
    qtbot.waitUntil(lambda: "SS02-01" in tab.detail.toHtml())  # substitutes in the detail pane (read on a worker)
    dlg.new_sku()
    dlg.code.setText("SS09-01")
    dlg.name.setText("保温杯两只装")
    dlg.components.setText("SS02-01×2")
    with qtbot.waitSignal(dlg.saved):
        dlg.save()
    tab.changed.emit()
    pair = next(r for r in tab.model.all_rows() if r.sku == "SS09-01")
    assert pair.bundle and pair.on_hand == 25  # 50 cups make 25 pairs
    counted = tab.open_stocktake()
    assert "SS09-01" not in {counted.table.item(i, 0).text() for i in range(counted.table.rowCount())}


def test_prepare_list_by_earliest_deadline(imported, no_exec):
    tab = imported.inventory
    dlg = tab.open_prepare()
    codes = [dlg.table.item(i, 1).text() for i in range(dlg.table.rowCount())]
    assert codes[0] == "SS01-01" and set(codes) == {"SS01-01", "SS02-01", "SS03-01"}
    assert "SS01-01" in dlg.copy()


def test_purchase_list_and_template_from_the_tab(imported, tmp_path, qtbot):
    from openpyxl import load_workbook

    tab = imported.inventory
    with qtbot.waitSignal(tab.exported) as sig:  # written on a worker
        tab.save_purchase_list(str(tmp_path / "p.xlsx"))
    ws = load_workbook(sig.args[0]).active
    assert ws["A1"].value == "供应商" and ws.max_row == 3
    assert "Saved" in imported.statusBar().currentMessage()
    with qtbot.waitSignal(tab.exported) as sig:
        tab.save_template(str(tmp_path / "t.xlsx"))
    assert load_workbook(sig.args[0]).active["A1"].value == "商家编码"


def test_demo_detail_shows_substitutes_and_projected_path(demo, qtbot):
    tab = demo.inventory
    tab.select_key("SS01-01")
    qtbot.waitUntil(lambda: "SS01-02" in tab.detail.toHtml())  # its substitute, with its availability
    sellers = [r for r in tab.model.all_rows() if r.available > 0 and r.daily_sales > 0]
    with qtbot.waitSignal(tab.detail_read):
        tab.select_key(sellers[0].sku)
    assert "projection" in tab.chart.series


def test_mapping_guesses_the_sku_from_title_and_spec(demo):
    from ui.dialogs.sku_mapping_dialog import guess_sku

    skus = demo.svc.inventory.all_skus()
    ids = {s.code: s.id for s in skus}
    assert guess_sku(skus, "加厚珊瑚绒睡衣女冬季套装 灰色 M", None) == ids["SS01-03"]
    assert guess_sku(skus, "加厚珊瑚绒睡衣女冬季套装", "粉色 L") == ids["SS01-02"]
    assert guess_sku(skus, "加厚珊瑚绒睡衣女冬季套装", None) is None  # which colour? not clear


def test_column_widths_are_remembered(qtbot, demo, svc, now):
    tab = demo.inventory
    c = col(tab, "name")
    tab.table.setColumnWidth(c, 333)
    tab.ui_settings.sync()
    again = _window(qtbot, svc, now).inventory
    assert again.table.columnWidth(c) == 333


def test_empty_shop_tab_and_prepare_list_say_so(qtbot, svc, now, no_exec):
    tab = _window(qtbot, svc, now).inventory
    assert tab.stack.currentIndex() == 0 and "stock sheet" in tab.empty.button.text()
    dlg = tab.open_prepare()
    assert dlg.table.isHidden() and dlg.table.rowCount() == 0


def test_order_every_suggestion_creates_purchases_from_suppliers(imported, no_exec, asked, qtbot):
    tab = imported.inventory
    want = {r.sku: r.suggested_order for r in tab.model.all_rows() if r.suggested_order > 0}
    dlg = tab.open_purchases()
    with qtbot.waitSignal(dlg.booked):  # booked on a worker
        dlg.order_all()
    assert asked and dlg.table.rowCount() == len(want)
    assert {dlg.table.item(i, 0).text(): int(dlg.table.item(i, 2).text()) for i in range(len(want))} == want
    tab.changed.emit()
    assert all(r.suggested_order == 0 for r in tab.model.all_rows() if r.sku in want)  # now incoming


def test_dates_and_figures_follow_the_chosen_language(demo, now):
    from datetime import date
    from decimal import Decimal

    from ui import fmt

    tab = demo.inventory
    col = {c.key: i for i, c in enumerate(tab.model.columns)}
    row = next(r for r in tab.model.all_rows() if r.daily_sales)
    r = tab.model.row_of_key(row.sku)
    try:
        for lang, this_year, next_year, daily in (("zh_CN", "12-24", "2027-01-05", "1,234.5"),
                                                  ("en", "Dec 24", "Jan 5, 2027", "1,234.5")):
            fmt.set_language(lang)
            row.stockout_date = date(2026, 12, 24)
            row.daily_sales = Decimal("1234.5")
            assert tab.model.index(r, col["stockout"]).data() == this_year
            assert tab.model.index(r, col["daily"]).data() == daily
            row.stockout_date = date(2027, 1, 5)
            assert tab.model.index(r, col["stockout"]).data() == next_year
    finally:
        fmt.set_language("zh_CN")

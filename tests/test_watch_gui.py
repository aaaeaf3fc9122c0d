"""The watched folder in the window: a note instead of a dialog, the freshness line, the settings page."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QApplication, QDialog

from tests.factories import douyin_file, douyin_row
from ui.watcher import WatchBridge


def bridge(window, svc, folder):
    b = WatchBridge(svc, window.clock, window)
    b.imported.connect(window.on_auto_import)
    b.problem.connect(window.on_watch_problem)
    b.start([folder])
    return b


def test_an_export_landing_in_the_folder_is_imported_with_a_note(qtbot, window, svc, tmp_path):
    dl = tmp_path / "dl"
    dl.mkdir()
    b = bridge(window, svc, dl)
    try:
        before = window.snapshot["counts"]["orders"]
        with qtbot.waitSignal(b.imported, timeout=20000):
            douyin_file(dl / "抖店订单导出.xlsx")
        banner = window.alerts.banner
        assert banner.isVisibleTo(window)
        assert banner.toolTip() == "Imported automatically：抖店 2 orders (new 2, updated 0)"
        qtbot.waitUntil(lambda: window.snapshot["counts"]["orders"] == before + 2, timeout=10000)
        banner.click()  # opens the summary, not modal: the window stays usable
        dlg = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible())
        assert dlg.windowTitle() == "Imported automatically" and not dlg.isModal()
        dlg.close()
    finally:
        b.stop()


def test_a_rejected_file_is_a_notification_naming_it_never_a_dialog(qtbot, window, svc, tmp_path):
    dl = tmp_path / "dl"
    dl.mkdir()
    b = bridge(window, svc, dl)
    try:
        with qtbot.waitSignal(b.imported, timeout=20000):
            douyin_file(dl / "坏文件.xlsx", rows=[douyin_row("6900000000000000005", "6900000000000000006", qty="两")])
        tip = window.alerts.banner.toolTip()
        assert tip.startswith("Automatic import failed：坏文件.xlsx: ") and "商品数量" in tip
        assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    finally:
        b.stop()


def test_a_watched_folder_that_is_gone_is_said_once(qtbot, window, svc, tmp_path):
    b = bridge(window, svc, tmp_path / "U盘")
    try:
        qtbot.waitUntil(lambda: "U盘" in window.alerts.banner.toolTip(), timeout=10000)
        assert "is not available" in window.alerts.banner.toolTip()
    finally:
        b.stop()


def test_the_risk_tab_and_status_bar_say_how_old_the_data_is(qtbot, svc, now, tmp_path):
    from ui.main_window import MainWindow

    douyin_file(tmp_path / "dy.xlsx")
    svc.import_files([tmp_path / "dy.xlsx"], now=now - timedelta(hours=5))
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    w.refresh_sync()
    line = w.risk.fresh_line
    assert line.isVisibleTo(w.risk)
    assert "抖店 数据 5 小时前" in line.text() and "5 小时内的新订单不在列表中" in line.text()
    assert "抖店 数据 5 小时前" in w.status_fresh.text()
    row = w.risk.model.row_at(0)
    assert "State from" in w.risk.detail_html(row) and "may have shipped" in w.risk.detail_html(row)
    svc.import_files([tmp_path / "dy.xlsx"], now=now - timedelta(minutes=20))  # the same file again: fresh
    w.refresh_sync()
    assert "抖店 数据 20 分钟前" in line.text() and "不在列表中" not in line.text()


def test_the_settings_page_keeps_the_default_folder_until_changed(qtbot, svc, tmp_path):
    from ui.dialogs.watch_settings import WatchSettingsPage

    page = WatchSettingsPage(svc.settings, svc)
    qtbot.addWidget(page)
    assert "watch.folders" not in page.values() and page.values()["stale_hours"] == 4
    page.list.addItem(str(tmp_path))
    page._explicit = True
    page.list.setCurrentRow(page.list.count() - 1)
    page._remove()
    assert page.values()["watch.folders"] == page.folders()

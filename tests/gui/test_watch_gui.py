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
    svc.import_files([tmp_path / "dy.xlsx"], now=now - timedelta(minutes=30))  # the same file again: no news
    w.refresh_sync()
    assert "抖店 数据 5 小时前" in line.text()
    douyin_file(tmp_path / "dy2.xlsx", rows=[  # a new export of the same orders, and one more: fresh
        douyin_row("6900000000000000001", "6900000000000000002"),
        douyin_row("6900000000000000003", "6900000000000000004", qty="2"),
        douyin_row("6900000000000000009", "6900000000000000010")])
    svc.import_files([tmp_path / "dy2.xlsx"], now=now - timedelta(minutes=20))
    w.refresh_sync()
    assert "抖店 数据 20 分钟前" in line.text() and "不在列表中" not in line.text()
    w.risk.table.selectRow(0)
    detail = w.risk.detail_html(w.risk.model.row_at(0))
    assert "may have shipped" not in detail and "State from" in detail  # the pane follows the new age


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


def visible_dialogs():
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def test_each_note_opens_the_summary_of_its_own_batch(qtbot, window, svc, now, tmp_path):
    douyin_file(tmp_path / "first.xlsx", rows=[douyin_row("6900000000000000101", "6900000000000000102")])
    douyin_file(tmp_path / "second.xlsx", rows=[douyin_row("6900000000000000103", "6900000000000000104")])
    window.on_auto_import(svc.watch_files([tmp_path / "first.xlsx"], now))
    window.on_auto_import(svc.watch_files([tmp_path / "second.xlsx"], now))
    window.open_target("imports", 1)  # the first note, clicked after the second arrived
    (dlg,) = visible_dialogs()
    assert dlg.results[0].file == "first.xlsx" and not dlg.isModal()
    dlg.close()


def test_many_failures_are_one_note_pointing_to_the_history(qtbot, window, svc, now, tmp_path):
    bad = []
    for n in range(5):
        bad.append(douyin_file(tmp_path / f"坏{n}.xlsx", rows=[douyin_row(f"69000000000000002{n}", f"6800{n}",
                                                                          qty="两")]))
    good = douyin_file(tmp_path / "好.xlsx", rows=[douyin_row("6900000000000000301", "6900000000000000302")])
    notes = []
    window.alerts.notify = notes.append
    window.on_auto_import(svc.watch_files(bad + [good], now))
    (n,) = notes  # the tray shows one message at a time: one note says it all
    assert n.critical and n.title == "Automatic import failed"
    assert n.body.splitlines()[0].startswith("坏0.xlsx: ") and "2 more files were not imported" in n.body
    assert "抖店 1 orders (new 1, updated 0)" in n.body
    assert not visible_dialogs()


def test_a_locked_file_is_named_once_and_imported_when_closed(qtbot, window, svc, tmp_path, monkeypatch):
    from app.watch import folder

    dl = tmp_path / "dl"
    dl.mkdir()
    real, lock = folder.file_hash, {"on": True}

    def locked(path):  # Excel's sharing violation, as Windows reports it
        if lock["on"] and path.endswith("在编辑.xlsx"):
            raise PermissionError(13, "The process cannot access the file")
        return real(path)

    monkeypatch.setattr(folder, "file_hash", locked)
    notes = []
    window.alerts.notify = notes.append
    b = WatchBridge(svc, window.clock, window)
    b.imported.connect(window.on_auto_import)
    b.start([dl])
    b.watcher.retry = 0.5
    try:
        douyin_file(dl / "在编辑.xlsx")
        qtbot.waitUntil(lambda: bool(notes), timeout=20000)
        qtbot.wait(2500)  # tried again a few times meanwhile: said once
        (n,) = notes
        assert n.title == "Waiting for a file" and "在编辑.xlsx is open in another program" in n.body
        assert n.tab == "" and not visible_dialogs()
        lock["on"] = False  # closed in Excel
        qtbot.waitUntil(lambda: len(notes) == 2, timeout=20000)
        assert notes[1].title == "Imported automatically"
    finally:
        b.stop()


def test_an_order_missing_from_the_newest_export_says_so(qtbot, svc, now, tmp_path):
    from ui import fmt
    from ui.main_window import MainWindow

    a, b = douyin_row("6900000000000000001", "6900000000000000002"), douyin_row("6900000000000000003",
                                                                               "6900000000000000004")
    douyin_file(tmp_path / "both.xlsx", rows=[a, b])
    svc.import_files([tmp_path / "both.xlsx"], now=now - timedelta(hours=6))
    douyin_file(tmp_path / "only-a.xlsx", rows=[a])
    svc.import_files([tmp_path / "only-a.xlsx"], now=now - timedelta(hours=1))
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    w.refresh_sync()
    rows = {r.order_id: r for r in w.risk.model.all_rows()}
    gone, kept = w.risk.detail_html(rows["6900000000000000003"]), w.risk.detail_html(rows["6900000000000000001"])
    newest, older = (fmt.when(now - timedelta(hours=h), svc.tz, now) for h in (1, 6))  # as the locale writes it
    assert f"Not in the newest export (imported {newest})" in gone and f"export imported {older}" in gone
    assert "Not in the newest export" not in kept and f"export imported {newest}" in kept


def test_the_alert_centre_names_data_age_alerts(qtbot):
    from ui.alert_centre import state_tag

    assert state_tag("stale_data", "stale") == ("Data old", "amber")
    assert state_tag("stale_data", "cutoff") == ("Export now", "orange")


def test_the_first_watch_remembers_when_automatic_import_began(qtbot, window, svc, tmp_path):
    assert svc.settings.get("watch.since") is None
    b = WatchBridge(svc, window.clock, window)
    b.start([tmp_path])
    b.stop()
    qtbot.waitUntil(lambda: svc.settings.get("watch.since") == window.clock().isoformat())  # on a worker
    assert b.since == window.clock()
    again = WatchBridge(svc, lambda: window.clock() + timedelta(days=3), window)
    again.start([tmp_path])
    again.stop()
    assert again.since == window.clock()  # kept: the next start does not forget older downloads' age

"""The alert centre, tray and click-through on the demo shop (pytest-qt), with and without a tray."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from app.alerts.service import Notification
from app.scheduler import CheckResult
from ui.tray import Tray


def tray_for(window, monkeypatch, available: bool) -> Tray:
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: available))
    monkeypatch.setattr(QSystemTrayIcon, "supportsMessages", staticmethod(lambda: available))
    tray = Tray(window)
    window.tray = tray
    tray.open_requested.connect(window.bring_forward)
    with _answered(window):
        window.alerts.attach_tray(tray)  # it reads the list again, on a worker
    return tray


def check(window, now) -> CheckResult:
    """One evaluation as the scheduler runs it, delivered as CheckerBridge would."""
    from app.alerts.service import notifications_due

    raised, current = window.svc.evaluate_alerts(now)
    result = CheckResult(now=now, raised=raised, notifications=notifications_due(window.svc, now, current))
    with _answered(window):
        window.on_check(result)  # the list is read on a worker; wait for its answer
    return result


@contextmanager
def _answered(window):
    """Wait (at most 5 s) until the alert list read on a worker has been shown."""
    loop = QEventLoop()
    window.alerts.counted.connect(loop.quit)
    yield
    QTimer.singleShot(5000, loop.quit)
    loop.exec()
    window.alerts.counted.disconnect(loop.quit)


def test_bell_counts_raised_unacknowledged_alerts_of_the_demo(window, now):
    assert window.alerts.bell.count == 0  # nothing raised yet
    result = check(window, now)
    overdue = sum(r.level == "overdue" for r in window.risk.model.all_rows())
    assert overdue > 0 and window.alerts.bell.count == len(result.raised) >= overdue
    assert window.alerts.bell.text() == str(len(result.raised))
    assert window.tabs.cornerWidget(Qt.TopRightCorner).isAncestorOf(window.alerts.bell)
    window.alerts.toggle()
    centre = window.alerts.centre
    assert centre.isVisible() and centre.list.count() == len(result.raised)
    assert centre.heading.text() == f"Alerts ({len(result.raised)})"
    first = centre.list.item(0).data(Qt.UserRole + 1)[0]
    assert first.severity == max(a.severity for a in result.raised)  # worst first
    rows, waiting, total = window.svc.open_alerts(now, limit=5)  # a big shop: the list shows the first
    centre.set_alerts(rows, now, window.svc.tz, None, waiting, total)
    assert centre.list.count() == 5 and centre.heading.text() == f"Alerts ({len(result.raised)})"
    assert centre.more.isVisibleTo(centre) and f"of {total} open" in centre.more.text()


def test_acknowledge_and_snooze_from_the_list(window, now, qtbot):
    result = check(window, now)
    n = len(result.raised)
    centre = window.alerts.centre
    window.alerts.toggle()
    centre.list.item(0).setSelected(True)
    centre.list.item(1).setSelected(True)
    qtbot.mouseClick(centre.btn_ack, Qt.LeftButton)  # written on a worker, the list read again after
    qtbot.waitUntil(lambda: window.alerts.bell.count == n - 2)
    assert centre.list.count() == n - 2
    centre.list.clearSelection()
    centre.list.item(0).setSelected(True)
    snoozed_id = centre.selected_ids()[0]
    window.alerts.snooze(centre.selected_ids(), timedelta(hours=1))
    qtbot.waitUntil(lambda: window.alerts.bell.count == n - 3)
    last = centre.list.item(centre.list.count() - 1).data(Qt.UserRole + 1)
    assert last[0].id == snoozed_id and last[2] and last[1].startswith("Snoozed until")
    check(window, now + timedelta(minutes=5))
    assert window.alerts.bell.count == n - 3  # the same conditions raise nothing again
    centre.list.clearSelection()
    centre.list.item(0).setSelected(True)
    with qtbot.waitSignal(window.alerts.counted):
        window.alerts.snooze(centre.selected_ids(), "digest")
    rows, _count, _total = window.svc.open_alerts(now)
    until = max(a.snoozed_until for a in rows if a.snoozed_until)
    assert until == (now + timedelta(days=1)).replace(hour=9)  # 18:00 now → tomorrow's 09:00 digest


def test_double_click_in_the_centre_lands_on_the_row(window, now, qtbot):
    check(window, now)
    centre = window.alerts.centre
    window.alerts.toggle()
    centre.kind_box.setCurrentIndex(centre.kind_box.findData("stock"))
    assert centre.list.count() > 0
    item = centre.list.item(0)
    alert = item.data(Qt.UserRole + 1)[0]
    window.inventory.search.setText("no such sku")  # a filter hides the row: the click clears it
    window.inventory.refilter()
    rect = centre.list.visualItemRect(item)
    qtbot.mouseClick(centre.list.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(centre.list.viewport(), Qt.LeftButton, pos=rect.center())
    assert not centre.isVisible()
    assert window.tabs.currentIndex() == window.TAB_INVENTORY
    assert window.inventory.current_row().sku == alert.key.split(":", 1)[1]


def test_notification_click_opens_the_tab_with_the_row_selected(window, now, monkeypatch):
    tray = tray_for(window, monkeypatch, True)
    shown = []
    monkeypatch.setattr(tray.icon, "showMessage", lambda *a: shown.append(a))
    target = window.risk.model.row_at(5)
    key = f"order:{target.platform}:{target.order_id}"
    window.tabs.setCurrentIndex(window.TAB_INVENTORY)
    window.on_check(CheckResult(now=now, notifications=[Notification("订单已超时", "正文", "risk", key, True)]))
    assert shown and shown[0][0] == "订单已超时"
    tray.icon.messageClicked.emit()
    assert window.tabs.currentIndex() == window.TAB_RISK
    assert window.risk.current_row().order_pk == target.order_pk


def test_summary_notification_of_the_demo_has_a_short_title(window, now, monkeypatch):
    tray = tray_for(window, monkeypatch, True)
    shown = []
    monkeypatch.setattr(tray.icon, "showMessage", lambda *a: shown.append(a))
    window.svc.set_setting("alerts.last_digest", "2026-11-20")  # the digest went out this morning
    check(window, now)
    assert len(shown) == 1  # many alerts, one summary
    title, body = shown[0][0], shown[0][1]
    assert len(title) <= 20 and body.count("\n") <= 1 and "预计扣款 ¥" in body
    window.tabs.setCurrentIndex(window.TAB_CONTACT)
    tray.icon.messageClicked.emit()  # the summary lands on its most urgent order
    assert window.tabs.currentIndex() == window.TAB_RISK and window.risk.current_row().level == "overdue"


def test_without_a_tray_the_centre_holds_alerts_and_the_window_flashes(window, now, monkeypatch):
    flashed = []
    monkeypatch.setattr(QApplication, "alert", staticmethod(lambda w, ms=0: flashed.append(w)))
    tray = tray_for(window, monkeypatch, False)
    assert tray.icon is None
    assert QApplication.instance().quitOnLastWindowClosed()  # closing the window quits: no tray to return to
    window.svc.set_setting("alerts.last_digest", "2026-11-20")
    result = check(window, now)
    assert flashed == [window] and window.alerts.bell.count == len(result.raised) > 0
    banner = window.alerts.banner
    assert banner.isVisibleTo(window) and "个订单有超时风险" in banner.toolTip()
    window.tabs.setCurrentIndex(window.TAB_INVENTORY)
    banner.click()  # a summary: the banner opens its tab
    assert window.tabs.currentIndex() == window.TAB_RISK and not banner.isVisibleTo(window)
    event = QCloseEvent()
    assert not window.alerts.close_to_tray(event) and event.isAccepted()


def test_close_to_tray_hides_and_explains_once(window, monkeypatch, qtbot):
    tray = tray_for(window, monkeypatch, True)
    monkeypatch.setattr(tray.icon, "showMessage", lambda *a: None)
    assert not QApplication.instance().quitOnLastWindowClosed()
    window.show()
    window.close()
    assert not window.isVisible() and tray.last_message[0] == "Still running in the tray"
    qtbot.waitUntil(lambda: window.svc.settings.get("ui.close_to_tray_explained") is True)  # on a worker
    tray.last_message = None
    window.show()
    window.close()
    assert not window.isVisible() and tray.last_message is None  # explained only the first time
    window.svc.set_setting("ui.close_to_tray", False)  # turned off in the settings while running
    event = QCloseEvent()
    assert not window.alerts.close_to_tray(event) and event.isAccepted()
    assert QApplication.instance().quitOnLastWindowClosed()  # so closing the window ends the app


def test_tray_menu_pause_and_resume(window, now, monkeypatch, qtbot):
    tray = tray_for(window, monkeypatch, True)
    texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert texts == ["Open", "Check now", "Pause reminders for 1 hour", "Quit"]
    got = []
    tray.check_requested.connect(lambda: got.append("check"))
    tray.quit_requested.connect(lambda: got.append("quit"))
    window.hide()
    tray.act_open.trigger()
    tray.act_check.trigger()
    tray.act_quit.trigger()
    assert got == ["check", "quit"] and window.isVisible()
    with qtbot.waitSignal(window.alerts.counted):  # written on a worker, then the list read again
        tray.act_pause.trigger()
    assert window.svc.settings["alerts.paused_until"] == (now + timedelta(hours=1)).isoformat()
    assert tray.act_pause.text() == "Resume reminders (paused until 19:00)"
    assert window.alerts.centre.paused.text().startswith("Notifications paused until 19:00")
    check(window, now)
    assert window.alerts.bell.count > 0  # alerts are raised and listed while paused
    with qtbot.waitSignal(window.alerts.counted):
        tray.act_pause.trigger()
    assert window.svc.settings["alerts.paused_until"] is None
    assert tray.act_pause.text() == "Pause reminders for 1 hour"


def test_pickup_alert_can_be_marked_picked_up_from_the_centre(window, svc, now, qtbot):
    from sqlalchemy import select

    from app.store.models import Order

    with svc.store.session() as s:
        o = s.scalars(select(Order).where(Order.status == "unshipped")).first()
        o.status, o.tracking, o.shipped_at = "shipped", "SF123", now - timedelta(hours=30)
        oid = o.order_id
    check(window, now)
    centre = window.alerts.centre
    centre.kind_box.setCurrentIndex(centre.kind_box.findData("pickup"))
    pickup = next(centre.list.item(i) for i in range(centre.list.count())
                  if centre.list.item(i).data(Qt.UserRole + 1)[0].key.endswith(":" + oid))
    pickup.setSelected(True)
    assert centre.btn_picked.isVisibleTo(centre)
    with qtbot.waitSignal(window.alerts.counted):  # written on a worker, then the list read again
        centre.btn_picked.click()
    with svc.store.session() as s:
        assert s.scalar(select(Order.picked_up_at).where(Order.order_id == oid)) is not None
    check(window, now + timedelta(minutes=5))
    keys = {centre.list.item(i).data(Qt.UserRole + 1)[0].key for i in range(centre.list.count())}
    assert not any(k.endswith(":" + oid) for k in keys)


def test_reminders_settings_page_round_trip(qtbot):
    from ui.dialogs.alerts_settings import AlertsSettingsPage
    from ui.dialogs.settings_dialog import SettingsDialog

    dlg = SettingsDialog({"alerts.quiet_start": "22:30", "alerts.quiet_end": "07:00", "alerts.digest_time": "08:30",
                          "scheduler.interval_minutes": 10})
    qtbot.addWidget(dlg)
    page = dlg.findChild(AlertsSettingsPage)
    assert page.values() == {"scheduler.interval_minutes": 10, "contact.follow_up_hours": 12,
                             "contact.escalate_hours": 72, "alerts.quiet_start": "22:30", "alerts.quiet_end": "07:00", "alerts.digest_time": "08:30"}
    page.quiet.setChecked(False)
    page.escalate.setValue(48)
    dlg._accept()
    assert dlg.values["alerts.quiet_start"] == dlg.values["alerts.quiet_end"] == "00:00"
    assert dlg.changed({"contact.escalate_hours": 72})["contact.escalate_hours"] == 48
    assert dlg.changed({"scheduler.interval_minutes": 10}).get("alerts.digest_time") == "08:30"


def test_quit_from_the_tray_really_closes_despite_close_to_tray(window, monkeypatch):
    tray = tray_for(window, monkeypatch, True)
    quits = []
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append(1)))
    tray.quit_requested.connect(window.quit_app)
    window.show()
    tray.act_quit.trigger()
    assert quits == [1]
    event = QCloseEvent()
    assert not window.alerts.close_to_tray(event) and event.isAccepted()  # Qt 6 quit() closes windows first
    window.close()
    assert not window.isVisible() and tray.last_message is None  # no "still running" note on quit


def test_scheduler_wiring_checks_at_start_after_import_and_on_demand(qtbot, svc, now, monkeypatch):
    """ui.app.start_background: checks at start-up, after an import or the demo, on F5 and from the
    tray; a result computed on a worker thread reaches the window through the queued signal."""
    import threading

    from app.scheduler import Checker
    from ui.app import start_background
    from ui.main_window import MainWindow

    calls = []
    monkeypatch.setattr(Checker, "start", lambda self: calls.append("started"))
    monkeypatch.setattr(Checker, "run_now", lambda self, reason="manual": calls.append(reason))
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: False))
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    start_background(QApplication.instance(), w, svc, lambda: now)
    assert calls == ["started", "start"]
    w.import_finished.emit([])
    w.load_demo()  # an empty shop: the demo counts as new data (written on a worker)
    qtbot.waitUntil(lambda: calls.count("import") == 2)
    w.act_check.trigger()
    w.tray.check_requested.emit()
    assert calls == ["started", "start", "import", "import", "manual", "manual"]


    gui = threading.current_thread()
    seen = []
    w.checker.evaluated.connect(lambda r: seen.append(threading.current_thread() is gui))

    def worker():  # what the scheduler's thread does at the end of an evaluation
        raised, _current = svc.evaluate_alerts(now)
        w.checker.deliver(CheckResult(now=now, raised=raised))

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    qtbot.waitUntil(lambda: w.alerts.bell.count > 0, timeout=5000)
    assert seen == [True]  # the slot ran on the GUI thread
    w.checker.shutdown()

"""Issue #15: a store write from a click never blocks the GUI thread (a shared server may be slow).

Each write below is held inside the service until the GUI's event loop has run a
QTimer.singleShot(0) callback: that can only happen when the write runs on a worker. Were it on
the GUI thread, the callback could not run and the write would find the flag unset."""

from __future__ import annotations

import functools
import threading
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QMessageBox

from tests.gui.test_alert_centre import check


class Slow:
    """Wraps one service method: waits for the event loop (at most 5 s), records what it saw."""

    def __init__(self, monkeypatch, obj, name: str):
        self.inner = getattr(obj, name)
        self.loop_ran = threading.Event()
        self.seen: list[tuple[bool, bool]] = []
        self.calls: list[tuple] = []  # the positional arguments of each call  # (event loop ran meanwhile, on the GUI thread)
        self.gui = threading.current_thread()
        monkeypatch.setattr(obj, name, self)
        QTimer.singleShot(0, self.loop_ran.set)

    def __call__(self, *args, **kwargs):
        return self.held(self.inner, args, kwargs, args)

    def held(self, fn, args, kwargs, recorded: tuple):
        ran = self.loop_ran.wait(5)  # a slow server: the answer comes only after the GUI has moved on
        self.seen.append((ran, threading.current_thread() is self.gui))
        self.calls.append(recorded)
        return fn(*args, **kwargs)

    def __get__(self, obj, cls=None):  # wrapping a class's method: bound like the method it wraps
        return self if obj is None else functools.partial(self, obj)

    def off_gui(self) -> bool:
        return bool(self.seen) and all(ran and not gui for ran, gui in self.seen)


class SlowMethods(Slow):
    """Wraps a service object (svc.inventory): each of its methods held like Slow, each call
    recorded as (method name, *positional arguments)."""

    def __getattr__(self, method: str):
        fn = getattr(self.inner, method)
        return lambda *args, **kwargs: self.held(fn, args, kwargs, (method, *args))


@pytest.fixture
def no_boxes(monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: said.append(a[2]))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)  # dialogs opened by a tab return at once
    return said


def test_acknowledge_and_snooze_wait_for_a_slow_store_off_the_gui_thread(window, now, qtbot, monkeypatch):
    n = len(check(window, now).raised)
    ids = [window.alerts.centre.list.item(0).data(Qt.UserRole + 1)[0].id]
    slow = Slow(monkeypatch, window.svc, "acknowledge_alerts")
    window.alerts.acknowledge(ids)
    assert window.alerts.bell.count == n  # returned at once: the count changes when the write lands
    qtbot.waitUntil(lambda: window.alerts.bell.count == n - 1)
    assert slow.off_gui()
    ids = [window.alerts.centre.list.item(0).data(Qt.UserRole + 1)[0].id]
    slow = Slow(monkeypatch, window.svc, "snooze_alerts")
    window.alerts.snooze(ids, timedelta(hours=1))
    qtbot.waitUntil(lambda: window.alerts.bell.count == n - 2)
    assert slow.off_gui()


def test_pause_from_the_centre_is_written_off_the_gui_thread(window, now, qtbot, monkeypatch):
    slow = Slow(monkeypatch, window.svc, "set_setting")
    with qtbot.waitSignal(window.alerts.counted):
        window.alerts.pause(60)
    assert window.svc.settings["alerts.paused_until"] == (now + timedelta(hours=1)).isoformat()
    assert slow.off_gui()


def test_mark_shipped_from_the_risk_tab_is_written_off_the_gui_thread(window, qtbot, monkeypatch):
    pk = window.risk.model.all_rows()[0].order_pk
    slow = Slow(monkeypatch, window.svc, "mark_shipped")
    window.risk.mark_shipped.emit([pk])
    qtbot.waitUntil(lambda: pk not in {r.order_pk for r in window.risk.model.all_rows()})
    assert slow.off_gui()


def test_adjust_dialog_books_off_the_gui_thread_then_closes(window, qtbot, monkeypatch, no_boxes):
    tab = window.inventory
    row = next(r for r in tab.model.all_rows() if not r.bundle and r.on_hand > 5)
    dlg = tab.open_adjust(row.sku_id)
    slow = SlowMethods(monkeypatch, window.svc, "inventory")
    dlg.delta.setValue(-5)
    dlg.reason.setCurrentText("报损")
    dlg.confirm()
    assert not dlg.isEnabled()  # held while the write runs: a second click cannot book it twice
    qtbot.waitUntil(lambda: dlg.result() == QDialog.Accepted)
    assert dlg.isEnabled() and slow.off_gui() and not no_boxes


def test_a_refused_adjustment_is_said_in_words_and_the_dialog_stays(window, qtbot, monkeypatch, no_boxes):
    tab = window.inventory
    row = next(r for r in tab.model.all_rows() if not r.bundle)
    dlg = tab.open_adjust(row.sku_id)
    dlg.delta.setValue(-5)
    dlg.reason.setCurrentText("")  # the core refuses an adjustment without a reason
    dlg.confirm()
    qtbot.waitUntil(lambda: bool(no_boxes))
    assert dlg.result() == 0 and dlg.isEnabled() and "Traceback" not in no_boxes[0]


def test_settings_are_saved_off_the_gui_thread(window, qtbot, monkeypatch):
    from ui.dialogs import settings_dialog

    monkeypatch.setattr(settings_dialog.SettingsDialog, "exec", lambda self: 1)
    monkeypatch.setattr(settings_dialog.SettingsDialog, "changed",
                        lambda self, _s: {"timezone": "Asia/Tokyo", "risk.critical_hours": 6})
    slow = Slow(monkeypatch, window.svc, "set_setting")
    with qtbot.waitSignal(window.settings_saved):
        window.open_settings()
    assert window.svc.tz == "Asia/Tokyo" and window.svc.settings["risk.critical_hours"] == 6
    assert slow.off_gui()


def test_a_time_zone_that_does_not_exist_is_said_after_the_save(window, qtbot, monkeypatch, no_boxes):
    from ui.dialogs import settings_dialog

    monkeypatch.setattr(settings_dialog.SettingsDialog, "exec", lambda self: 1)
    monkeypatch.setattr(settings_dialog.SettingsDialog, "changed", lambda self, _s: {"timezone": "Mars/Olympus"})
    with qtbot.waitSignal(window.settings_saved):
        window.open_settings()
    assert no_boxes and "Mars/Olympus" in no_boxes[0] and window.svc.tz == "Asia/Shanghai"


def test_the_inventory_detail_reads_its_history_off_the_gui_thread(window, qtbot, monkeypatch):
    tab = window.inventory
    row = next(r for r in tab.model.all_rows() if not r.bundle)
    window.refresh_sync()  # new figures: the history is read again
    slow = SlowMethods(monkeypatch, window.svc, "inventory")
    with qtbot.waitSignal(tab.detail_read):
        tab.select_key(row.sku)
    assert "history" in tab.chart.series and slow.off_gui()


def test_the_alert_list_is_read_off_the_gui_thread_and_the_last_rows_stay(window, now, qtbot, monkeypatch):
    n = len(check(window, now).raised)
    slow = Slow(monkeypatch, window.svc, "open_alerts")
    with qtbot.waitSignal(window.alerts.counted):
        window.alerts.toggle()  # a bell click reads the list again
        assert window.alerts.centre.list.count() == n  # meanwhile the last rows are still shown
    assert window.alerts.centre.list.count() == n and slow.off_gui()


@pytest.fixture
def contact_window(qtbot, svc, store, now):
    from tests.integration.test_contact import shop
    from ui.main_window import MainWindow

    shop(store, now)
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    w.refresh_sync()
    return w


def test_a_template_choice_is_made_off_the_gui_thread_and_lands_only_if_still_current(contact_window, qtbot,
                                                                                        monkeypatch):
    from app.contact.actions import ContactActions  # svc.contact makes a new one on each call
    from tests.gui.test_contact_tab import select

    window = contact_window
    tab = window.contact
    select(tab, "short2")
    slow = Slow(monkeypatch, ContactActions, "preview")
    first = tab.editor.toPlainText()
    tab.template_box.setCurrentIndex(tab.template_box.findData("缺货退款"))
    assert tab.editor.toPlainText() == first  # returned at once: the text comes with the answer
    qtbot.waitUntil(lambda: tab.editor.toPlainText() != first)
    assert "退款" in tab.editor.toPlainText() and slow.off_gui()
    slow = Slow(monkeypatch, ContactActions, "preview")
    before = tab.editor.toPlainText()
    tab.template_box.setCurrentIndex(tab.template_box.findData("缺货换款"))
    tab._choice["template"] = "another"  # the seller chose again before the answer came
    qtbot.waitUntil(lambda: bool(slow.seen))
    qtbot.wait(50)  # let the (stale) answer arrive; it must not be applied
    assert tab.editor.toPlainText() == before


def test_the_stock_dialogs_open_with_the_sku_list_read_off_the_gui_thread(window, qtbot, monkeypatch, no_boxes):
    slow = SlowMethods(monkeypatch, window.svc, "inventory")
    with qtbot.waitSignal(window.refreshed, timeout=20000):
        window.refresh()  # the SKU list comes with the figures, read on a worker
    assert slow.off_gui()
    slow.calls.clear()
    tab = window.inventory
    row = next(r for r in tab.model.all_rows() if not r.bundle)
    for dlg in (tab.open_adjust(row.sku_id), tab.open_purchases(row.sku_id), tab.open_mapping()):
        assert dlg is not None
    assert ("all_skus",) not in slow.calls  # opening read nothing on the GUI thread


def test_the_purchase_and_mapping_lists_are_read_off_the_gui_thread(window, qtbot, monkeypatch, no_boxes):
    tab = window.inventory
    for opener in (tab.open_purchases, tab.open_mapping):
        slow = SlowMethods(monkeypatch, window.svc, "inventory")
        dlg = opener()
        assert dlg.empty.text() == "Loading…"  # returned at once, saying so
        with qtbot.waitSignal(dlg.loaded):
            pass
        assert dlg.empty.text() != "Loading…" and slow.off_gui()

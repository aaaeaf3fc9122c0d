"""Issue #15: a store read for a screen never blocks the GUI thread either (a shared server may be slow).

Each read is held inside the service until the GUI's event loop has run (see ``Slow`` in
test_off_gui_thread.py): the screen must return at once and fill when the answer comes."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox

from tests.gui.test_off_gui_thread import Slow, SlowMethods
from tests.incident_shop import H, Shop


def test_the_incident_view_reads_its_page_off_the_gui_thread(qtbot, svc, store, now, monkeypatch):
    from app.incidents import IncidentService
    from ui.incidents.dialog import IncidentDialog

    shop = Shop(store, now)
    shop.sku("SS01", cost=2700, stock=100)
    shop.regular("SS01", 6, 20, 5900)
    shop.orders("SS01", [now - 3 * H], 5900)
    shop.burst("SS01", 6, 590)
    svc.check(now)
    [incident] = svc.incidents.listing()
    slow = Slow(monkeypatch, IncidentService, "page")
    d = IncidentDialog(svc, incident.id, lambda: now)
    qtbot.addWidget(d)
    assert d.table.rowCount() == 0 and not d.sent_btn.isEnabled()  # returned at once, nothing to act on yet
    with qtbot.waitSignal(d.loaded):
        pass
    assert slow.off_gui() and d.table.rowCount() == 6 and d.sent_btn.isEnabled()
    n = d.copy_messages()  # the bulk text came with the page: copying reads nothing
    assert n == 6 and len(slow.seen) == 1


def test_the_sku_editor_reads_aliases_and_the_list_again_off_the_gui_thread(window, qtbot, monkeypatch):
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    slow = SlowMethods(monkeypatch, window.svc, "inventory")
    tab = window.inventory
    row = next(r for r in tab.model.all_rows() if not r.bundle)
    dlg = tab.open_editor(row.sku_id)
    assert dlg.code.text() == row.sku and dlg.aliases.text() == "…"  # the list came with the refresh
    qtbot.waitUntil(lambda: dlg.aliases.text() != "…")
    assert [c[0] for c in slow.calls] == ["sku_info"] and slow.off_gui()
    slow.calls.clear()
    dlg.safety.setValue(dlg.safety.value() + 1)
    with qtbot.waitSignal(dlg.saved):  # booked, then the list read again, both on workers
        dlg.save()
    assert [c[0] for c in slow.calls][:2] == ["save_sku", "all_skus"] and slow.off_gui()
    assert dlg.skus[row.sku_id].safety_stock == dlg.safety.value()


def test_the_channel_list_and_import_history_are_read_off_the_gui_thread(window, qtbot, monkeypatch):
    from ui.dialogs.channels_page import ChannelsPage
    from ui.dialogs.import_dialog import ImportHistoryDialog

    window.svc.channel_add("店铺群", "wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc")
    slow = Slow(monkeypatch, window.svc, "channels")
    page = ChannelsPage(window.svc)
    qtbot.addWidget(page)
    assert page.table.rowCount() == 0  # returned at once
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    assert slow.off_gui() and page.table.item(0, 0).text() == "店铺群"

    opened = []
    monkeypatch.setattr(ImportHistoryDialog, "exec", lambda self: opened.append(self.table.rowCount()))
    history = Slow(monkeypatch, window.svc, "import_history")
    window.act_history.trigger()
    assert opened == []  # the dialog opens once the history is read
    qtbot.waitUntil(lambda: bool(opened))
    assert history.off_gui()


def test_loading_the_demo_asks_whether_the_shop_is_empty_on_a_worker(window, qtbot, monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: said.append(a[2]))
    slow = Slow(monkeypatch, window.svc, "is_empty")
    window.load_demo()  # the demo shop is there already: refused, in words, after the worker's answer
    assert said == []
    qtbot.waitUntil(lambda: bool(said))
    assert slow.off_gui() and "empty shop" in said[0]

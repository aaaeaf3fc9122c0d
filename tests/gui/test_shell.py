"""The window shell: menus and keyboard shortcuts (UI.md), status bar, first-start demo offer."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.app import offer_demo
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, svc, now):
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    w.refresh_sync()
    w.show()
    w.activateWindow()
    qtbot.waitActive(w)
    return w


def test_file_and_help_menus(window):
    menus = {a.text(): [x.text() for x in a.menu().actions() if x.text()] for a in window.menuBar().actions()}
    assert list(menus) == ["&File", "&Help"]
    assert menus["&File"][0] == "&Import…" and "&Export…" in menus["&File"] and menus["&File"][-1] == "E&xit"
    assert "Import &history…" in menus["&File"]
    assert menus["&Help"] == ["Open data folder", "&About", "Keyboard shortcuts"]


@pytest.mark.parametrize("key, slot", [("O", "choose_import"), ("E", "choose_export")])
def test_ctrl_o_imports_and_ctrl_e_exports(window, monkeypatch, qtbot, key, slot):
    calls = []
    # QAction keeps a reference to the bound method, so watch the action instead of patching it
    action = window.act_import if slot == "choose_import" else window.act_export
    action.triggered.disconnect()
    action.triggered.connect(lambda *_: calls.append(slot))
    QTest.keyClick(window, getattr(Qt, f"Key_{key}"), Qt.ControlModifier)
    assert calls == [slot]


def test_f5_checks_now(window, monkeypatch):
    calls = []
    window.act_check.triggered.connect(lambda *_: calls.append("check"))
    QTest.keyClick(window, Qt.Key_F5)
    assert calls == ["check"]


def test_ctrl_1_2_3_switch_tabs_and_ctrl_f_finds_in_the_current_tab(window):
    for i, tab in enumerate((window.inventory, window.risk, window.contact)):
        QTest.keyClick(window, getattr(Qt, f"Key_{i + 1}"), Qt.ControlModifier)
        assert window.tabs.currentIndex() == i
        QTest.keyClick(window, Qt.Key_F, Qt.ControlModifier)
        assert QApplication.focusWidget() is tab.search


def test_status_bar_on_an_empty_shop_and_on_the_demo_shop(window, now, qtbot):
    assert window.status_import.text() == "No import yet"
    assert window.status_counts.text().startswith("0 orders")
    window.load_demo()  # written on a worker; the refresh after it shows the demo shop
    qtbot.waitUntil(lambda: "Demo shop" in window.status_import.text())
    assert "Last check" in window.status_check.text()
    c = window.svc.counts()
    assert window.status_counts.text().startswith(f"{c['orders']} orders · {c['open']} open")


def offered(qtbot, window, ask) -> bool:
    """offer_demo's answer: the emptiness read and the "asked" mark run on a worker, then the question."""
    got = []
    offer_demo(window, window.svc, ask=ask, on_answer=got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10000)
    return got[0]


def test_first_start_offers_the_demo_shop_once(window, qtbot):
    asked = []

    def yes(box: QMessageBox):
        asked.append(box.text())
        return box.defaultButton()  # "Show the demo shop"

    assert offered(qtbot, window, yes) is True
    qtbot.waitUntil(lambda: "Demo shop" in window.status_import.text())  # loaded on a worker
    assert asked and not window.svc.is_empty() and window.svc.settings["demo.loaded"]
    window.refresh_sync()
    for tab in (window.inventory, window.risk, window.contact):
        assert tab.model.rowCount() > 0  # every tab shows something live
    assert offered(qtbot, window, yes) is False and len(asked) == 1


def test_declining_the_demo_leaves_the_shop_empty_and_is_not_asked_again(window, qtbot):
    assert offered(qtbot, window, lambda box: None) is False
    assert window.svc.is_empty()
    assert offered(qtbot, window, pytest.fail) is False


def test_choosing_own_files_opens_the_import(window, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(window, "choose_import", lambda: opened.append(True))

    def own(box: QMessageBox):
        return next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ActionRole)

    offered(qtbot, window, own)
    assert opened == [True] and window.svc.is_empty()


def test_a_handed_over_file_goes_to_the_import_flow(window, monkeypatch):
    got = []
    monkeypatch.setattr(window, "import_paths", got.append)
    window.showMinimized()
    window.bring_forward(["/tmp/a.xlsx"])
    assert got == [["/tmp/a.xlsx"]] and not window.isMinimized()


def test_status_bar_names_the_last_import(window, now, tmp_path):
    from tests.factories import douyin_file

    window.svc.import_files([douyin_file(tmp_path / "抖店订单.xlsx")], now=now)
    window.refresh_sync()
    assert window.status_import.text().startswith("Last import: ")
    assert window.status_import.toolTip() == "抖店订单.xlsx"
    assert window.status_counts.text().startswith("2 orders · 2 open")


def test_a_new_shop_time_zone_shows_in_the_tabs_and_a_bogus_one_is_refused(window, now):
    window.svc.set_setting("timezone", "Europe/London")
    window.refresh_sync()
    assert window.risk.tz == window.contact.tz == "Europe/London"
    with pytest.raises(ValueError, match="Mars/Base"):
        window.svc.set_setting("timezone", "Mars/Base")
    assert window.svc.tz == "Europe/London" and window.svc.settings["timezone"] == "Europe/London"


def test_first_window_fits_a_small_screen(qtbot, svc, now, monkeypatch):
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, 1366, 728))
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    assert w.width() <= 1280 and w.height() <= 728 * 0.92
    assert w.x() >= 0 and w.y() >= 0


def test_the_first_start_question_counts_and_marks_off_the_gui_thread(window, qtbot, monkeypatch):
    from tests.gui.test_off_gui_thread import Slow

    count = Slow(monkeypatch, window.svc, "is_empty")
    mark = Slow(monkeypatch, window.svc, "set_setting")
    asked, got = [], []
    offer_demo(window, window.svc, ask=lambda box: asked.append(box.text()), on_answer=got.append)
    assert not asked  # returned at once: the question waits for the count (a slow server)
    qtbot.waitUntil(lambda: bool(got), timeout=10000)
    assert asked and got == [False] and count.off_gui() and mark.off_gui()  # then asked, modal
    assert mark.calls == [("demo.offered", True)]

"""The contact queue worked from the keyboard (pytest-qt): Ctrl+3, Ctrl+C, Ctrl+Enter, ↑/↓, 1–6,
Ctrl+Z; auto-advance under the table's sort and filter (keys and mouse); bulk copy and mark; the
action buttons never move between two states of a task; writes on a worker thread; a refresh keeps
the scroll position and the selection."""

import threading
from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QPushButton

from tests.gui.test_contact_tab import run_inline, settle
from tests.integration.test_contact import shop
from ui.main_window import MainWindow


def _shown(qtbot, w):
    w.resize(1280, 800)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None)


@pytest.fixture
def win(qtbot, svc, store, now, monkeypatch):
    shop(store, now)
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    w.contact.changed.disconnect()
    w.contact.changed.connect(w.refresh_sync)
    w.contact.run_write = run_inline
    w.refresh_sync()
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: pytest.fail(f"message box: {a[2]}"))
    _shown(qtbot, w)
    return w


def key(qtbot, w, k, mod=Qt.NoModifier):
    target = w.focusWidget() or w
    qtbot.keyClick(target, k, mod)
    if mod != Qt.NoModifier:  # QTest leaves the modifiers held in the application's state: let go
        qtbot.keyRelease(w, Qt.Key_Control, Qt.NoModifier)


def row(tab, order_id):
    return next(r for r in tab.model.all_rows() if r.order_id == order_id)


def order(tab):
    return [r.order_id for r in tab.model.visible_rows()]


def test_ctrl3_focuses_the_queue_with_the_first_open_task(qtbot, win):
    tab = win.contact
    win.svc.contact.transition(row(tab, "later").task_id, "resolved", win.now(), outcome="退款")
    win.refresh_sync()
    win.tabs.setCurrentIndex(win.TAB_RISK)
    tab.select_key(row(tab, "later").task_id)  # a resolved task was left selected
    key(qtbot, win, Qt.Key_3, Qt.ControlModifier)
    assert win.tabs.currentIndex() == win.TAB_CONTACT and tab.table.hasFocus()
    first_open = next(r for r in tab.model.visible_rows() if r.status != "resolved")
    assert tab.current_row().task_id == first_open.task_id


def test_ctrl_c_copies_the_message_and_says_so(qtbot, win):
    tab = win.contact
    key(qtbot, win, Qt.Key_3, Qt.ControlModifier)
    r = tab.current_row()
    key(qtbot, win, Qt.Key_C, Qt.ControlModifier)
    assert QGuiApplication.clipboard().text() == r.message
    assert r.order_id in win.statusBar().currentMessage()


def test_ctrl_enter_marks_sent_and_selects_the_next_under_sort_and_filter(qtbot, win):
    tab = win.contact
    key(qtbot, win, Qt.Key_3, Qt.ControlModifier)
    win.svc.contact.transition(row(tab, "short2").task_id, "sent", win.now())
    win.refresh_sync()
    tab.set_status_filter("todo")  # a filter …
    tab.table.sortByColumn(3, Qt.DescendingOrder)  # … and a sort: order id, Z→A
    assert order(tab) == ["soon", "later", "late"]
    tab.select_key(row(tab, "soon").task_id)
    tab.table.setFocus()
    key(qtbot, win, Qt.Key_Return, Qt.ControlModifier)
    assert row(tab, "soon").status == "sent" and tab.current_row().order_id == "later"
    assert tab.editor.toPlainText() == row(tab, "later").message  # the message pane follows
    assert order(tab) == ["later", "late"]  # the refresh after the write: "soon" left the filter
    key(qtbot, win, Qt.Key_Enter, Qt.ControlModifier | Qt.KeypadModifier)  # the keypad's Enter too
    assert row(tab, "later").status == "sent" and tab.current_row().order_id == "late"
    assert len(tab.selected_rows()) == 1  # Ctrl held: still one row, not a growing selection


def test_mark_sent_by_mouse_moves_on_too_and_skips_tasks_already_sent(qtbot, win):
    tab = win.contact
    tab.set_status_filter("todo")
    tab.table.sortByColumn(2, Qt.AscendingOrder)
    rows = order(tab)
    tab.select_key(row(tab, rows[0]).task_id)
    tab.btn_sent.click()
    assert tab.current_row().order_id == rows[1]
    tab.select_key(row(tab, rows[2]).task_id)
    tab.btn_sent.click()
    assert tab.current_row().order_id == rows[3]
    tab.btn_sent.click()  # the last one: round to the first still to contact
    assert tab.current_row().order_id == rows[1]


def test_arrows_move_even_from_a_button(qtbot, win):
    tab = win.contact
    key(qtbot, win, Qt.Key_3, Qt.ControlModifier)
    rows = order(tab)
    tab.btn_copy.setFocus()
    key(qtbot, win, Qt.Key_Down)
    assert tab.current_row().order_id == rows[1]
    key(qtbot, win, Qt.Key_Up)
    key(qtbot, win, Qt.Key_Up)
    assert tab.current_row().order_id == rows[0]


@pytest.mark.parametrize("n", range(1, 7))
def test_digits_record_the_outcomes_on_a_sent_task(qtbot, win, n):
    from app.labels import OUTCOMES

    tab = win.contact
    key(qtbot, win, Qt.Key_3, Qt.ControlModifier)
    first = tab.current_row()
    key(qtbot, win, Qt.Key_0 + n)  # still to contact: no outcome yet, the status bar says why
    assert row(tab, first.order_id).status == "todo" and "1–6" in win.statusBar().currentMessage()
    for r in tab.model.all_rows()[:2]:
        win.svc.contact.transition(r.task_id, "sent", win.now())
    win.refresh_sync()
    tab.select_key(first.task_id)
    key(qtbot, win, Qt.Key_0 + n)
    done = row(tab, first.order_id)
    assert done.status == "resolved" and done.outcome == list(OUTCOMES)[n - 1]
    assert tab.current_row().status == "sent"  # on to the next task awaiting an outcome


def test_keys_stay_with_a_text_field(qtbot, win):
    tab = win.contact
    key(qtbot, win, Qt.Key_3, Qt.ControlModifier)
    r = tab.current_row()
    tab.compensation.setFocus()  # an editable combo box: its line edit types
    tab.compensation.setEditText("")
    key(qtbot, win, Qt.Key_2)
    key(qtbot, win, Qt.Key_Return, Qt.ControlModifier)
    assert "2" in tab.compensation.currentText() and row(tab, r.order_id).status == "todo"
    tab.editor.setFocus()
    key(qtbot, win, Qt.Key_Down)
    assert tab.current_row().task_id == r.task_id


def test_ctrl_z_undoes_the_last_change_as_an_event(qtbot, win):
    tab = win.contact
    key(qtbot, win, Qt.Key_3, Qt.ControlModifier)
    r = tab.current_row()
    key(qtbot, win, Qt.Key_Return, Qt.ControlModifier)
    assert row(tab, r.order_id).status == "sent" and tab.current_row().task_id != r.task_id
    key(qtbot, win, Qt.Key_Z, Qt.ControlModifier)
    back = row(tab, r.order_id)
    assert back.status == "todo" and tab.current_row().task_id == r.task_id
    settle(tab)
    events = tab.details_of(r.task_id).events  # read for the task shown (the rows carry none)
    assert events[-1].kind == "undo" and "Undone" in tab.detail.toPlainText() or "已撤销" in tab.detail.toPlainText()


def test_tooltips_and_the_help_name_every_key(qtbot, win):
    tab = win.contact
    assert "Ctrl+C" in tab.btn_copy.toolTip() and "Ctrl+Enter" in tab.btn_sent.toolTip()
    assert [b.toolTip()[-3:] for b in tab.outcome_buttons.values()] == [f"[{i}]" for i in range(1, 7)]
    assert "Ctrl+Z" in tab.btn_undo.toolTip()
    help_text = tab.show_keys().findChild(type(tab.left_label)).text()
    for k in ("Ctrl+C", "Ctrl+Enter", "↑", "↓", "1", "6", "Ctrl+Z", "Ctrl+3"):
        assert f"{k}" in help_text
    tab.keys_dialog.close()


def test_bulk_copy_numbered_and_one_mark_all_sent(qtbot, win):
    tab = win.contact
    key(qtbot, win, Qt.Key_3, Qt.ControlModifier)
    rows = order(tab)
    assert tab.current_row().order_id == rows[0]
    view = tab.table
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, Qt.ControlModifier, view.visualRect(view.model().index(2, 1)).center())
    qtbot.keyRelease(win, Qt.Key_Control, Qt.NoModifier)
    assert [r.order_id for r in tab.selected_rows()] == [rows[0], rows[2]]  # Ctrl-click adds a task
    tab.select_key(row(tab, rows[0]).task_id)
    tab.select_keys([row(tab, rows[0]).task_id, row(tab, rows[2]).task_id], row(tab, rows[0]).task_id)
    key(qtbot, win, Qt.Key_C, Qt.ControlModifier)
    text = QGuiApplication.clipboard().text()
    assert text.startswith(f"1. 【订单 {rows[0]}") and f"\n\n2. 【订单 {rows[2]}" in text
    assert row(tab, rows[0]).message in text and row(tab, rows[2]).message in text
    key(qtbot, win, Qt.Key_Return, Qt.ControlModifier)
    assert [row(tab, o).status for o in rows[:3]] == ["sent", "todo", "sent"]
    assert tab.current_row().order_id == rows[3]  # the next to contact after the last one marked
    key(qtbot, win, Qt.Key_Z, Qt.ControlModifier)  # one undo takes back the one action
    assert [row(tab, o).status for o in rows[:3]] == ["todo", "todo", "todo"]


def test_select_all_for_a_sku_by_mouse(qtbot, win):
    tab = win.contact
    tab.select_key(row(tab, "soon").task_id)
    tab.btn_bulk.click()
    assert sorted(r.order_id for r in tab.selected_rows()) == ["late", "later", "soon"]
    tab.btn_sent.click()
    assert {row(tab, o).status for o in ("late", "later", "soon")} == {"sent"}


def _geometry(tab) -> dict:
    """Where each action button shown is, in the tab's coordinates (Reopen shares a slot with an outcome)."""
    return {b.text(): b.geometry().translated(b.parentWidget().mapTo(tab, QPoint(0, 0)))
            for b in tab.detail_panel.findChildren(QPushButton) if b.isVisibleTo(tab)}


def _same_places(a: dict, b: dict) -> bool:
    common = a.keys() & b.keys()
    return len(common) >= 8 and all(a[k] == b[k] for k in common)  # 8: every button but the outcomes


def test_no_action_button_moves_between_two_states_of_a_task(qtbot, win, now):
    win.clock = lambda: now + timedelta(hours=80)  # "late" is escalated: the red banner shows
    win.refresh_sync()
    tab = win.contact
    win.open_tab(win.TAB_CONTACT)
    tab.select_key(row(tab, "late").task_id)
    assert "72" in tab.detail.toPlainText()
    before = _geometry(tab)
    tab.editor.setPlainText(tab.editor.toPlainText() + "！")  # an unsaved notice
    assert tab.unsaved.isVisible() and _same_places(_geometry(tab), before)
    for step in (lambda: tab.btn_replied.click(), lambda: tab._go("sent"),
                 lambda: tab.select_key(row(tab, "late").task_id), lambda: tab.outcome_buttons["退款"].click(),
                 lambda: tab.select_key(row(tab, "late").task_id), lambda: tab.btn_reopen.click(),
                 lambda: tab.select_key(row(tab, "short2").task_id),  # a substitute row, no banner
                 lambda: tab.select_keys([row(tab, "soon").task_id, row(tab, "later").task_id], row(tab, "soon").task_id)):
        step()
        qtbot.wait(1)
        assert _same_places(_geometry(tab), before)
    tab.select_key(row(tab, "late").task_id)
    tab.outcome_buttons["退款"].click()
    tab.select_key(row(tab, "late").task_id)
    assert _geometry(tab)[tab.btn_reopen.text()] == before[tab.outcome_buttons["同意等待"].text()]


def test_writes_run_off_the_gui_thread_in_order(qtbot, svc, store, now, monkeypatch):
    from app.contact.actions import ContactActions

    shop(store, now)
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    w.refresh_sync()
    threads = []
    real = ContactActions.transition

    def spy(self, *a, **k):
        threads.append(threading.current_thread())
        return real(self, *a, **k)

    monkeypatch.setattr(ContactActions, "transition", spy)
    tab = w.contact
    tab.select_key(tab.model.visible_rows()[0].task_id)
    first = tab.current_row()
    tab.mark_sent()
    assert tab.current_row().task_id != first.task_id  # the table moved on before the write finished
    tab.undo()
    with qtbot.waitSignal(w.refreshed, timeout=10000):
        qtbot.waitUntil(lambda: tab.pending == 0, timeout=10000)
    qtbot.waitUntil(lambda: not w._busy, timeout=10000)
    w.refresh_sync()
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert row(tab, first.order_id).status == "todo"
    assert svc.contact.details(first.order_pk, first.task_id, now).events[-1].kind == "undo"


def test_a_refresh_keeps_the_scroll_position_and_the_selection(qtbot, window):
    tab = window.contact
    window.tabs.setCurrentIndex(window.TAB_CONTACT)
    _shown(qtbot, window)
    rows = tab.model.visible_rows()
    assert len(rows) > 30
    tab.select_keys([rows[20].task_id, rows[22].task_id], rows[22].task_id)
    bar = tab.table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    value = bar.value()
    with qtbot.waitSignal(window.refreshed, timeout=20000):
        window.refresh()  # what the scheduler's check ends with: the snapshot on a worker, then the table
    assert bar.value() == value
    assert [r.task_id for r in tab.selected_rows()] == [rows[20].task_id, rows[22].task_id]
    assert tab.current_row().task_id == rows[22].task_id


def test_a_refused_change_leaves_nothing_to_undo(qtbot, win, monkeypatch):
    tab = win.contact
    r = tab.select_key(row(tab, "late").task_id) and tab.current_row()
    win.svc.contact.transition(r.task_id, "resolved", win.now(), outcome="退款")  # elsewhere, not refreshed yet
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: said.append(a[2]))
    tab.mark_sent()
    assert said and tab.undo_stack == [] and row(tab, "late").status == "resolved"


def test_a_snapshot_older_than_the_write_does_not_undo_what_the_table_shows(qtbot, svc, store, now):
    shop(store, now)
    ticks = iter(range(1000))
    w = MainWindow(svc, clock=lambda: now + timedelta(seconds=next(ticks)))
    qtbot.addWidget(w)
    w.refresh_sync()
    tab = w.contact
    tab.run_write = run_inline
    tab.changed.disconnect()  # the window's refresh comes later, below
    stale = svc.snapshot(w.now())  # started before the write
    r = tab.select_key(row(tab, "late").task_id) and tab.current_row()
    tab.mark_sent()
    w.apply_snapshot(stale)
    assert row(tab, "late").status == "sent" and [c.value.text() for c, _ in tab.cards][:2] == ["3", "1"]
    w.refresh_sync()  # a snapshot after the write: the store's word again
    assert row(tab, "late").status == "sent" and tab.shown_ahead == {}
    assert r.task_id == row(tab, "late").task_id

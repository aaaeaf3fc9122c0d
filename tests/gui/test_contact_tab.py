"""The contact tab (pytest-qt): queue, filters, summary strip, message editor, outcome buttons,
history, bulk copy, the template editor, and adding an order by hand from the risk tab."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.integration.test_contact import shop
from ui.main_window import MainWindow
from ui.tabs.contact import outcome_label


@pytest.fixture
def window(qtbot, svc, store, now, monkeypatch):
    shop(store, now)
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    # writes refresh synchronously in tests (the window does it off the GUI thread)
    w.contact.changed.disconnect()
    w.contact.changed.connect(w.refresh_sync)
    w.contact.run_write = run_inline  # and the writes too (test_contact_keys.py runs them on the worker)
    w.refresh_sync()
    w.tabs.setCurrentIndex(w.TAB_CONTACT)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: pytest.fail(f"message box: {a[2]}"))
    return w


def run_inline(fn, on_done, on_error):
    """The tab's write, on the calling thread: done/failed as the worker would report them."""
    try:
        out = fn()
    except Exception as exc:  # noqa: BLE001 - delivered to on_error like the worker does
        on_error(exc)
    else:
        on_done(out)


def select(tab, order_id):
    row = next(r for r in tab.model.all_rows() if r.order_id == order_id)
    assert tab.select_key(row.task_id)
    settle(tab)
    return tab.current_row()


def settle(tab):
    """The shown task's events, buyer history and playbook read (on a worker) and in the pane."""
    for _ in range(100):
        QThreadPool.globalInstance().waitForDone()
        QApplication.processEvents()
        if not tab.details_pending():
            return
    pytest.fail("the task's details were never read")


def test_queue_columns_urgent_first_and_summary(window, now):
    tab = window.contact
    headers = [tab.model.headerData(i, Qt.Horizontal) for i in range(tab.model.columnCount())]
    assert headers[:6] == ["Due", "State", "Platform", "Order ID", "Buyer", "Product"]
    rows = tab.model.visible_rows()
    assert [r.order_id for r in rows][:3] == ["later", "late", "soon"]
    due = tab.model.index(0, 0)
    assert "overdue" in due.data() and due.data(Qt.ForegroundRole).name().upper() == "#D92D20"
    assert [c.value.text() for c, _ in tab.cards] == ["4", "0", "0"]


def test_resolve_an_order_with_the_buttons_and_see_the_history(window, now):
    tab = window.contact
    r = select(tab, "late")
    assert tab.editor.toPlainText() == r.message and "late" in tab.editor.toPlainText()
    assert tab.copy_message() == r.message and QGuiApplication.clipboard().text() == r.message
    tab.btn_sent.click()
    assert tab.current_row().order_id != "late"  # on to the next task to contact
    assert select(tab, "late").status == "sent" and [c.value.text() for c, _ in tab.cards] == ["3", "1", "0"]
    assert tab.btn_follow.isEnabled() and not tab.btn_sent.isEnabled()
    tab.btn_replied.click()
    tab.note.setText("买家同意等")
    tab.btn_note.click()
    tab.outcome_buttons["同意等待"].click()
    assert "Now record the new date in 抖店「发货协商/报备」" in window.statusBar().currentMessage()
    r = select(tab, "late")
    assert r.status == "resolved" and r.outcome == "同意等待" and r.notes == "买家同意等"
    html = tab.detail.toPlainText()
    # states and the outcome are named as the core names them (app/labels.py; Chinese here, the tests' default)
    assert "待联系 → 已发送" in html and f"已回复 → 已解决 · {outcome_label('同意等待')}" in html
    assert "买家同意等" in html and outcome_label("同意等待") == "同意等待"
    assert tab.btn_reopen.isVisibleTo(tab) and not tab.outcome_buttons["退款"].isVisibleTo(tab)
    assert [c.value.text() for c, _ in tab.cards] == ["3", "0", "1"]


def test_summary_cards_filter_the_table(window, now):
    tab = window.contact
    tab.select_key(select(tab, "late").task_id)
    tab.outcome_buttons["退款"].click()
    tab.cards[2][0].clicked.emit()  # 今日已解决
    assert [r.order_id for r in tab.model.visible_rows()] == ["late"]
    tab.cards[0][0].clicked.emit()  # 待联系
    assert {r.status for r in tab.model.visible_rows()} == {"todo"} and len(tab.model.visible_rows()) == 3
    tab.platform_box.setCurrentIndex(tab.platform_box.findData("taobao"))
    assert tab.model.visible_rows() == []


def test_template_choice_rewrites_the_message_and_copy_keeps_it(window, now, qtbot):
    tab = window.contact
    select(tab, "short2")
    assert tab.substitute.isVisibleTo(tab) and tab.substitute.currentText() == "睡衣 粉色 L"
    tab.template_box.setCurrentIndex(tab.template_box.findData("缺货退款"))
    qtbot.waitUntil(lambda: tab.unsaved.isVisibleTo(tab))  # the text is made on a worker
    assert "退款" in tab.editor.toPlainText() and tab.unsaved.isVisibleTo(tab)
    text = tab.copy_message()
    r = tab.current_row()
    assert r.template == "缺货退款" and r.message == text and not tab.unsaved.isVisibleTo(tab)
    tab.editor.setPlainText(text + "谢谢！")
    tab.btn_save.click()
    assert tab.current_row().message.endswith("谢谢！")


def test_a_placeholder_typed_into_the_message_is_refused(window, now, monkeypatch):
    tab = window.contact
    r = select(tab, "late")
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: said.append(a[2]))
    tab.editor.setPlainText("亲，{buyer}您好")
    assert tab.copy_message() == "" and said and tab.current_row().message == r.message


def test_bulk_copy_for_the_sku(window, now):
    tab = window.contact
    select(tab, "soon")
    assert "C" in tab.btn_bulk.toolTip()
    assert tab.select_sku() == 3  # late, later and soon: the orders of C still to contact
    assert {r.order_id for r in tab.selected_rows()} == {"late", "later", "soon"}
    assert "3 tasks selected" in tab.unsaved.text()
    text = tab.copy_message()
    assert text.startswith("1. 【订单 later") and "\n\n3. 【订单 soon" in text
    assert QGuiApplication.clipboard().text() == text


def test_proposal_follow_up_and_playbook(window, now):
    tab = window.contact
    select(tab, "late")
    tab.btn_sent.click()
    select(tab, "late")
    tab.btn_follow.click()
    tab.btn_proposal.click()
    settle(tab)
    r = tab.details_of(tab.current_row().task_id)  # read for the task shown (the rows carry none)
    assert [e.kind for e in r.events][-2:] == ["followed_up", "proposal"]
    assert [s.done for s in r.playbook][:4] == [True, True, True, True]
    assert "New date recorded in" in tab.detail.toPlainText()


def test_add_by_hand_from_the_risk_tab_selects_the_task(window, qtbot, now):
    fine = next(r for r in window.risk.model.all_rows() if r.order_id == "fine")
    window.refresh = window.refresh_sync
    window.add_to_contacts([fine.order_pk])
    qtbot.waitUntil(lambda: getattr(window.contact.current_row(), "order_id", None) == "fine")  # on a worker
    assert window.tabs.currentIndex() == window.TAB_CONTACT
    r = window.contact.current_row()
    assert r.order_id == "fine" and r.reason == "manual" and r.status == "todo"


def test_template_editor_edits_per_platform_and_refuses_bad_text(window, qtbot, svc):
    from ui.dialogs.template_dialog import TemplateDialog

    dlg = TemplateDialog(svc.contact, window)
    qtbot.addWidget(dlg)
    dlg.names.setCurrentRow(5)  # 预售说明
    dlg.platform.setCurrentIndex(dlg.platform.findData("pdd"))
    assert "all-platforms" in dlg.scope.text()
    dlg.editor.setPlainText("{buyer}您好，{order_id}是预售，{new_date}前发货。")
    assert dlg.error.text() == "" and dlg.preview.toPlainText() == "王芳您好，6920145873321是预售，11月26日前发货。"
    assert "Own wording" in dlg.scope.text()
    dlg.platform.setCurrentIndex(dlg.platform.findData("douyin"))
    dlg.editor.setPlainText("{buyr}您好")
    assert "Unknown placeholder: {buyr}" in dlg.error.text()
    dlg._accept()
    assert dlg.result() == 0 and dlg.platform.currentData() == "douyin"  # kept open on the bad text
    dlg._reset()
    dlg.compensation.setCurrentText("10元红包")
    dlg._accept()
    assert dlg.result() == 1
    dlg.save()
    assert svc.settings["contact.templates"] == {"预售说明": {"pdd": "{buyer}您好，{order_id}是预售，{new_date}前发货。"}}
    assert svc.contact.compensation_options()[0] == "10元红包"


def test_placeholder_buttons_insert_at_the_cursor(window, qtbot, svc):
    from ui.dialogs.template_dialog import TemplateDialog

    dlg = TemplateDialog(svc.contact, window)
    qtbot.addWidget(dlg)
    dlg.editor.setPlainText("")
    buttons = [b for b in dlg.findChildren(type(dlg.reset)) if "{substitute}" in b.text()]
    buttons[0].click()
    assert dlg.editor.toPlainText() == "{substitute}"


def test_follow_up_time_shown_after_sending(window, now):
    tab = window.contact
    select(tab, "soon")
    tab.btn_sent.click()
    r = select(tab, "soon")
    assert r.due == now + timedelta(hours=12) and tab.due_label(r.due_kind).startswith("Follow up")


def test_a_new_seller_resolves_five_orders(window, now, qtbot):
    """The whole flow: add one more order by hand, then copy → sent → replied → outcome, five times."""
    fine = next(r for r in window.risk.model.all_rows() if r.order_id == "fine")
    window.refresh = window.refresh_sync
    window.add_to_contacts([fine.order_pk])
    qtbot.waitUntil(lambda: getattr(window.contact.current_row(), "order_id", None) == "fine")  # on a worker
    tab = window.contact
    done = []
    tab.cards[0][0].clicked.emit()  # 待联系
    for outcome in ("同意等待", "换款", "部分退款补偿", "退款", "无回应"):
        tab.select_key(tab.model.row_at(0).task_id)
        r = tab.current_row()
        assert tab.copy_message() == r.message
        tab.btn_sent.click()
        # the filter says 待联系: the selection moved on to the next task to contact (if any)
        nxt = tab.current_row()
        assert nxt.task_id != r.task_id or len(done) == 4
        assert nxt.status == "todo" or len(done) == 4
        tab.cards[1][0].clicked.emit()  # 待回复: the task just sent is there
        tab.select_key(r.task_id)
        if outcome != "无回应":
            tab.btn_replied.click()
        tab.outcome_buttons[outcome].click()
        assert next(x for x in tab.model.all_rows() if x.task_id == r.task_id).outcome == outcome
        done.append((r.order_id, outcome))
        tab.cards[0][0].clicked.emit()  # back to the 待联系 list
    tab.set_status_filter(None)
    resolved = {(x.order_id, x.outcome) for x in tab.model.all_rows() if x.status == "resolved"}
    assert resolved == set(done) and len(resolved) == 5
    assert [c.value.text() for c, _ in tab.cards] == ["0", "0", "5"]


def test_bulk_copy_asks_which_sku_when_the_order_has_several(window, svc, store, now):
    from sqlalchemy import select as sql

    from app.store.models import Order, OrderLine, Sku

    with store.session() as s:
        o = s.scalar(sql(Order).where(Order.order_id == "late"))
        s.add(OrderLine(order_pk=o.id, line_id="late-2", sku_id=s.scalar(sql(Sku.id).where(Sku.code == "B")),
                        product="睡衣", spec="粉色 L", quantity=1))
    window.refresh_sync()
    tab = window.contact
    select(tab, "late")
    assert "C / B" in tab.btn_bulk.toolTip()
    assert tab.select_sku() == 0
    actions = tab.sku_menu.actions()
    assert [a.text() for a in actions] == ["C", "B"]
    actions[1].trigger()  # B: only this order of the shop holds it
    assert [r.order_id for r in tab.selected_rows()] == ["late"]
    assert "late" in tab.copy_message() and not QGuiApplication.clipboard().text().startswith("1.")  # one task: no number
    tab.sku_menu.close()


def test_an_escalated_task_says_what_to_do(window, now):
    window.clock = lambda: now + timedelta(hours=80)
    window.refresh_sync()
    tab = window.contact
    r = select(tab, "late")
    assert r.escalated and "escalated" in tab.model.index(tab.model.row_of_key(r.task_id), 1).data()
    assert "Still open 72 hours after the deadline" in tab.detail.toPlainText()


def test_outcome_buttons_are_the_cores_outcomes_with_translated_labels(window):
    from app.contact import service as contact

    tab = window.contact
    assert list(tab.outcome_buttons) == list(contact.OUTCOMES)  # one source of truth: the core's codes
    from ui.tabs.contact import outcome_label

    labels = [b.text() for b in tab.outcome_buttons.values()]
    assert labels == [outcome_label(o) for o in contact.OUTCOMES]  # the labels, not the stored codes
    from app import text

    text.set_language("en")
    try:
        assert [outcome_label(o) for o in contact.OUTCOMES] == [
            "Agreed to wait", "Took a substitute", "Partial refund", "Refunded", "Platform stepped in", "No response"]
    finally:
        text.set_language("zh_CN")


def test_the_escalation_warning_follows_the_setting(window, svc, now):
    svc.set_setting("contact.escalate_hours", 48)
    window.clock = lambda: now + timedelta(hours=60)
    window.refresh_sync()
    tab = window.contact
    r = select(tab, "late")
    assert r.escalated and "Still open 48 hours after the deadline" in tab.detail.toPlainText()


def test_the_pane_reads_the_shown_tasks_history_when_shown(window, now):
    tab = window.contact
    assert not any(r.events or r.playbook or r.customer_history for r in tab.model.all_rows())  # the rows carry none
    r = select(tab, "late")
    read = tab.details_of(r.task_id)
    assert read == window.svc.contact.details(r.order_pk, r.task_id, now) and read.events[0].kind == "created"
    assert len(read.playbook) == 5
    text = tab.detail.toPlainText()
    assert "Loading…" not in text and "Task created" in text and "Cause confirmed" in text
    tab.note.setText("买家说周五前收到就行")
    tab.btn_note.click()  # written, the queue listed again: the shown task's history read again
    settle(tab)
    assert tab.details_of(r.task_id).events[-1].kind == "note"
    assert "买家说周五前收到就行" in tab.detail.toPlainText().split("History")[-1]

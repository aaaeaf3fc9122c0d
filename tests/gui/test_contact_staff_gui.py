"""The contact tab with several staff: 认领, 只看我的, who is on a task in its state, and the second of
two people sending the same task told (and shown the task as it is now)."""

from PySide6.QtWidgets import QMessageBox

from app.services import Services
from app.store.session import Store


def test_claim_mine_and_the_second_sender_is_told(qtbot, svc, now, tmp_path, monkeypatch):
    from ui.main_window import MainWindow

    svc.set_staff_name("小王")
    svc.load_demo(now)
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    w.refresh_sync()
    tab = w.contact
    assert not tab.btn_claim.isHidden() and not tab.mine_box.isHidden()  # a staff name: claims are offered
    tab.table.selectRow(0)
    task = tab.current_row()
    tab.claim()
    qtbot.waitUntil(lambda: tab.pending == 0)  # the tab writes on its own worker
    w.refresh_sync()
    tab.mine_box.setChecked(True)
    rows = tab.model.visible_rows()
    assert [r.task_id for r in rows] == [task.task_id] and "小王" in tab._state_text(rows[0])
    # 小李 on another PC sends it first; 小王's screen still shows the version before
    other_dir = tmp_path / "pc2"
    other_dir.mkdir()
    li = Services(Store(other_dir, svc.store.url))
    li.set_staff_name("小李")
    li.contact.transition(task.task_id, "sent", now)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    tab.table.selectRow(0)
    tab._go("sent")
    qtbot.waitUntil(lambda: bool(told))
    assert "小李" in told[0]
    w.refresh_sync()
    fresh = next(r for r in tab.model.all_rows() if r.task_id == task.task_id)
    events = svc.contact.details(fresh.order_pk, fresh.task_id, now).events  # the pane's read
    assert fresh.status == "sent" and [e.actor for e in events if e.to_status == "sent"] == ["小李"]
    li.store.dispose()

"""The staff name asked once at start (#15): on a shop on a server, a PC without a name is asked
before the window opens, prefilled with the computer's user name, in Chinese; the answer is this
PC's. A shop on this PC alone (SQLite) is never asked. Runs on both dialects (tests/conftest.py)."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

from app.services import Services
from ui import i18n
from ui.dialogs.staff_name import StaffNameDialog, ask_staff_name, os_user_name


def _answer(seen, name=None):
    """Answer the modal dialog once it is up: read it, then type ``name`` and save (None: Later)."""
    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, StaffNameDialog):
            QTimer.singleShot(20, answer)
            return
        seen.append((dialog.windowTitle(), dialog.name.text(), dialog.save.text(), dialog.later.text()))
        if name is None:
            dialog.later.click()
            return
        dialog.name.setText(name)
        dialog.save.click()

    QTimer.singleShot(0, answer)


def test_a_shared_shop_asks_the_name_once_and_keeps_it(qapp, qtbot, svc, data_dir, dialect):
    i18n.install(qapp, "zh_CN")
    try:
        seen = []
        if dialect == "sqlite":
            assert not ask_staff_name(svc) and svc.staff is None  # nobody to tell apart
            return
        _answer(seen)  # "以后再说": still no name, the PC is its own person
        assert not ask_staff_name(svc) and svc.staff is None and svc.person.startswith("pc:")
        _answer(seen, "小王")  # asked again at the next start
        assert ask_staff_name(svc) and svc.staff == "小王"
        assert seen[0] == ("谁在用这台电脑", os_user_name(), "保存", "以后再说")
        assert Services.open(data_dir).staff == "小王"
        assert not ask_staff_name(svc)  # set: never asked again
    finally:
        i18n.uninstall(qapp)


def test_the_dialog_reads_in_chinese_and_wants_a_name(qapp, qtbot):
    i18n.install(qapp, "zh_CN")
    try:
        dialog = StaffNameDialog("wang")
        qtbot.addWidget(dialog)
        dialog.show()
        texts = " ".join(w.text() for w in dialog.findChildren(QLabel))
        assert "请填一次你的名字" in texts and "设置 → 共享数据库" in texts
        assert dialog.save.isEnabled()
        dialog.name.clear()
        assert not dialog.save.isEnabled()  # an empty name is no answer
    finally:
        i18n.uninstall(qapp)

"""Settings → 共享数据库 in the window: the staff name saved, 测试连接 answered off the GUI thread, the
shop copied into a real server with the progress bar moving to the end."""

import pytest

from app import localconf
from tests import pgserver


def _page(qtbot, svc):
    from ui.dialogs.shared_db_page import SharedDbPage

    page = SharedDbPage(svc)
    qtbot.addWidget(page)
    return page


def test_the_staff_name_is_saved_and_no_server_means_this_computers_shop(qtbot, svc):
    page = _page(qtbot, svc)
    page.staff.setText("小王")
    assert page.apply() is False  # nothing to restart for
    assert svc.staff == "小王" and localconf.staff_name(svc.store.data_dir) == "小王"
    assert localconf.shared_url(svc.store.data_dir) is None


@pytest.mark.skipif(not pgserver.admin_url(), reason=pgserver.NO_SERVER)
def test_test_connection_and_the_copy_with_its_progress(qtbot, svc, now, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    svc.load_demo(now)
    name = pgserver.create_database()
    try:
        host_port = pgserver.admin_url().split("@", 1)[1]
        page = _page(qtbot, svc)
        page.host.setText(host_port.split(":")[0])
        page.port.setValue(int(host_port.split(":")[1]))
        page.database.setText(name)
        page.user.setText("postgres")
        page.test_button.click()
        qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=30000)
        assert "PostgreSQL" in page.answer.text()
        page.copy_button.click()
        qtbot.waitUntil(lambda: page.copy_button.isEnabled(), timeout=120000)
        assert page.progress.value() == 100 and "Copied" in page.answer.text()
        assert page.apply() is True  # a new server: used from the next start
        assert localconf.shared_url(svc.store.data_dir).endswith(f"/{name}")
    finally:
        pgserver.drop_database(name)


def test_a_copy_to_a_server_that_does_not_answer_says_why(qtbot, svc, now, monkeypatch):
    import socket

    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    with socket.socket() as s:  # a port nothing listens on once the socket is closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    svc.load_demo(now)
    page = _page(qtbot, svc)
    page.host.setText("127.0.0.1")
    page.port.setValue(port)
    page.database.setText("shop")
    page.user.setText("shop")
    page.copy_button.click()
    qtbot.waitUntil(lambda: page.copy_button.isEnabled(), timeout=60000)
    # the core's words, as 测试连接 says them (the shop's language: zh_CN), not "see the log"
    assert page.answer.text().startswith("这个地址和端口上没有 PostgreSQL 服务器应答")
    assert not page.progress.isVisible()

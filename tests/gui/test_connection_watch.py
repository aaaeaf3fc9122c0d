"""The shared server going away mid-session: the window stays, the status bar says so, and the
next try after the server is back clears it. A real server refusing connections, not a mock."""

import pytest

from tests import pgserver


def _allow(name: str, allowed: bool) -> None:
    with pgserver._admin() as conn:
        conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}')
        if not allowed:  # and the window's pooled connections are cut, as a server restart does
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))


def test_a_lost_server_is_said_in_the_status_bar_and_retried(dialect, window, qtbot, database_url):
    if dialect == "sqlite":
        pytest.skip("a file does not disconnect")
    name = database_url.rsplit("/", 1)[1]
    window.connection.pause_ms = 50  # the back-off's first pause, short for the test
    _allow(name, False)
    try:
        window.refresh()
        qtbot.waitUntil(lambda: window.connection.disconnected, timeout=30000)
        from PySide6.QtWidgets import QApplication

        assert QApplication.activeModalWidget() is None  # no dialog: the window stays as it was
        assert "disconnected" in window.connection.label.text()
        assert window.connection.pause_ms == 100  # the next pause is longer
    finally:
        _allow(name, True)
    qtbot.waitUntil(lambda: not window.connection.disconnected, timeout=30000)


def test_a_write_while_the_server_is_gone_is_said_in_the_status_bar(dialect, window, qtbot, database_url, now,
                                                                     monkeypatch):
    """#15: a click's write runs on a worker; when the server is gone the window's ConnectionWatch
    says so (no message box, the dialog stays open for another try)."""
    if dialect == "sqlite":
        pytest.skip("a file does not disconnect")
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    from tests.gui.test_alert_centre import check

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: said.append(a[2]))
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    check(window, now)
    ids = window.alerts.centre.selected_ids() or [window.alerts.centre.visible_alerts()[0].id]
    row = next(r for r in window.inventory.model.all_rows() if not r.bundle)
    dlg = window.inventory.open_adjust(row.sku_id)  # opened while the server answers
    dlg.delta.setValue(1)
    dlg.reason.setCurrentText("盘盈")
    window.connection.pause_ms = 60000  # no retry during the test
    name = database_url.rsplit("/", 1)[1]
    _allow(name, False)
    try:
        window.alerts.acknowledge(ids)
        qtbot.waitUntil(lambda: window.connection.disconnected, timeout=30000)
        assert not said and QApplication.activeModalWidget() is None
        window.connection.label.hide()
        dlg.confirm()
        qtbot.waitUntil(lambda: window.connection.disconnected, timeout=30000)
        qtbot.waitUntil(dlg.isEnabled)  # held while writing, free again for another try
        assert not said and dlg.result() == 0
    finally:
        _allow(name, True)


def test_a_tick_while_the_server_is_gone_is_said_in_the_status_bar_not_as_an_alert(dialect, window, qtbot,
                                                                                   database_url, now):
    """The scheduler's tick on a worker finds the server gone: the status bar says so (retried with
    back-off); the alert centre shows no banner with the driver's text."""
    if dialect == "sqlite":
        pytest.skip("a file does not disconnect")
    from app.scheduler import Checker

    results = []
    checker = Checker(lambda: window.svc, results.append, clock=lambda: now, scheduler=object())
    window.connection.pause_ms = 60000  # no retry during the test
    name = database_url.rsplit("/", 1)[1]
    _allow(name, False)
    try:
        checker._evaluate("interval")
        window.on_check(results[-1])
        assert window.connection.disconnected and "disconnected" in window.connection.label.text()
        assert window.alerts.banner.isHidden()
    finally:
        _allow(name, True)

"""An uncaught exception: logged, then a friendly dialog with the log path and "copy details"."""

import sys
import threading

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel

from app import logs
from ui.dialogs import error_dialog
from ui.dialogs.error_dialog import ErrorDialog


def _raise(msg="收件人 13812345678 不合法"):
    try:
        raise ValueError(msg)
    except ValueError as exc:
        return exc


def test_dialog_says_what_happened_and_where_the_log_is_never_the_traceback(qtbot, data_dir):
    log_path = logs.log_path(data_dir)
    dlg = ErrorDialog(_raise(), log_path)
    qtbot.addWidget(dlg)
    shown = " ".join(w.text() for w in dlg.findChildren(QLabel))
    assert "data is safe" in shown and str(log_path) in shown
    assert "Traceback" not in shown and "ValueError" not in shown and "13812345678" not in shown


def test_copy_details_puts_the_scrubbed_traceback_on_the_clipboard_and_stays_open(qtbot, data_dir):
    dlg = ErrorDialog(_raise(), logs.log_path(data_dir))
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.copy_button.click()
    text = QGuiApplication.clipboard().text()
    assert text.startswith("Traceback") and "ValueError" in text
    assert "13812345678" not in text and "[phone]" in text
    assert dlg.isVisible() and dlg.copy_button.text() == "Copied"


@pytest.fixture
def hooks(monkeypatch, data_dir):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    shown = []
    monkeypatch.setattr(error_dialog, "show_error", lambda exc, path, parent=None: shown.append((exc, path)))
    path = logs.setup(data_dir)
    error_dialog.install_excepthook(path)
    return shown, path


def test_uncaught_exception_is_logged_and_shown(qtbot, hooks):
    shown, path = hooks
    exc = _raise("kaputt")
    sys.excepthook(type(exc), exc, exc.__traceback__)
    assert shown == [(exc, path)]
    assert "Traceback" in path.read_text(encoding="utf-8") and "kaputt" in path.read_text(encoding="utf-8")


def test_exception_in_a_worker_thread_reaches_the_dialog_on_the_gui_thread(qtbot, hooks):
    shown, _path = hooks

    def work():
        raise RuntimeError("in a thread")

    t = threading.Thread(target=work)
    t.start()
    t.join()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=3000)
    assert str(shown[0][0]) == "in a thread"


def test_a_second_error_while_the_dialog_is_open_does_not_stack_dialogs(qtbot, data_dir, monkeypatch):
    opened = []

    def fake_exec(dlg):
        opened.append(dlg)
        # an error raised while this dialog is up (e.g. from a repaint) is only logged
        assert error_dialog.show_error(_raise("again"), logs.log_path(data_dir)) is False
        return 0

    monkeypatch.setattr(ErrorDialog, "exec", fake_exec)
    assert error_dialog.show_error(_raise(), logs.log_path(data_dir)) is True
    assert len(opened) == 1

"""A store write from a click, off the GUI thread (issue #15: a slow or gone shared server must not
freeze the window). The result comes back on the GUI thread; a refusal is said as the core worded it,
a lost connection goes to the main window's ConnectionWatch, anything else is said in words."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from app.services import failure_words
from ui.tasks import run_task

log = logging.getLogger(__name__)


def tr(text: str) -> str:  # the inventory dialogs' wording, already translated there
    return QCoreApplication.translate("inventory", text)


def _watch(widget: QWidget | None):
    """The main window's ConnectionWatch, found up the parent chain (dialogs are parented to a tab)."""
    while widget is not None:
        if getattr(widget, "connection", None) is not None and hasattr(widget.connection, "lost"):
            return widget.connection
        widget = widget.parentWidget()
    return None


def connection_lost(widget: QWidget, exc: BaseException) -> bool:
    """True when ``exc`` means the shared server went away: the window's status bar says so and retries."""
    watch = _watch(widget)
    return watch is not None and watch.lost(exc)


def say_failure(widget: QWidget, title: str, exc: BaseException) -> None:
    """How a failed write reaches the seller: the watch for a lost server, else a message box."""
    if connection_lost(widget, exc):
        return
    if isinstance(exc, ValueError):  # the core refused and said why; nothing changed
        QMessageBox.warning(widget, title, str(exc))
        return
    QMessageBox.warning(widget, title, tr("Something went wrong: %1\nDetails are in the log file.")
                        .replace("%1", failure_words(exc)))


def write(widget: QWidget, title: str, fn: Callable, on_done: Callable | None = None,
          on_error: Callable | None = None, hold: QWidget | None = None):
    """Run ``fn()`` on a worker; ``on_done(result)`` then runs on the GUI thread.

    ``hold`` (default none) is disabled while the write runs, so a second click cannot send it twice.
    ``on_error(exc)`` runs after the failure was said (e.g. to re-enable or reload).
    """
    if hold is not None:
        hold.setEnabled(False)

    def done(result):
        if hold is not None:
            hold.setEnabled(True)
        if on_done is not None:
            on_done(result)

    def failed(exc):
        if hold is not None:
            hold.setEnabled(True)
        say_failure(widget, title, exc)
        if on_error is not None:
            on_error(exc)

    return run_task(fn, done, failed)

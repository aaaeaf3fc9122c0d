"""A friendly dialog for an unexpected error: what happened, where the log is, copy details.

The traceback goes to the log file (scrubbed of phone numbers and addresses) and, on request, to
the clipboard for support; the seller never sees it on screen.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
)

from app.logs import scrub

log = logging.getLogger("shopsentry.crash")


def tr(text: str) -> str:
    return QCoreApplication.translate("ErrorDialog", text)


def error_details(exc: BaseException) -> str:
    """What support needs: the exception and its traceback, with personal data scrubbed."""
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return scrub(text)


class ErrorDialog(QDialog):
    def __init__(self, exc: BaseException, log_path, parent=None):
        super().__init__(parent)
        self.details = error_details(exc)
        self.setWindowTitle(tr("ShopSentry hit a problem"))
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.SP_MessageBoxWarning).pixmap(40, 40))
        icon.setAlignment(Qt.AlignTop)
        top.addWidget(icon)
        self.message = QLabel(tr("Something unexpected happened. Your data is safe; the last action "
                                 "may not have finished. Please try it again."))
        self.message.setWordWrap(True)
        top.addWidget(self.message, 1)
        lay.addLayout(top)
        self.log_label = QLabel(tr("The details were written to the log file:") + f"<br><code>{log_path}</code>")
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        lay.addWidget(self.log_label)
        buttons = QHBoxLayout()
        self.copy_button = QPushButton(tr("Copy details"))
        self.copy_button.setToolTip(tr("Copies the technical details, to paste into a message to support"))
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addWidget(self.copy_button)
        self.folder_button = QPushButton(tr("Open log folder"))
        folder = Path(log_path).parent
        self.folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        self.ok_button = QPushButton(tr("OK"))
        self.ok_button.setObjectName("primary")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.accept)
        buttons.addWidget(self.ok_button)
        lay.addLayout(buttons)

    def copy_details(self) -> str:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText(tr("Copied"))
        return self.details


_showing = threading.Lock()


def show_error(exc: BaseException, log_path, parent=None) -> bool:
    """Show the dialog unless one is already open (an error in a paint loop must not stack
    dialogs); returns True when it was shown."""
    if not _showing.acquire(blocking=False):
        return False
    try:
        ErrorDialog(exc, log_path, parent or QApplication.activeWindow()).exec()
    finally:
        _showing.release()
    return True


class _CrashRelay(QObject):
    """Carries an exception from any thread to the GUI thread (queued signal)."""

    raised = Signal(object)


_relay: _CrashRelay | None = None


def install_excepthook(log_path) -> None:
    """Route uncaught exceptions (GUI thread and worker threads) to the log and a friendly
    dialog, never a raw traceback."""
    global _relay
    _relay = _CrashRelay()

    def on_gui_thread(exc):
        try:
            show_error(exc, log_path)
        except Exception:  # the dialog itself failed: the log has the error
            log.exception("error dialog failed")

    _relay.raised.connect(on_gui_thread)

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        log.error("uncaught exception", exc_info=(exc_type, exc, tb))
        if QGuiApplication.instance() is not None:
            _relay.raised.emit(exc)

    def thread_hook(args):
        if args.exc_type is SystemExit:
            return
        hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook

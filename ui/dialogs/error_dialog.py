"""A friendly dialog for an unexpected error: what happened, where the log is, copy details."""

from __future__ import annotations

import logging
import sys
import traceback

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

log = logging.getLogger("shopsentry.crash")


def tr(text: str) -> str:
    return QCoreApplication.translate("ErrorDialog", text)


def show_error(exc: BaseException, log_path, parent=None) -> None:
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Warning)
    box.setWindowTitle(tr("ShopSentry hit a problem"))
    box.setText(tr("Something unexpected happened. Your data is safe; the last action may not have "
                   "finished."))
    box.setInformativeText(tr("The details were written to the log file:\n%1").replace("%1", str(log_path)))
    copy = box.addButton(tr("Copy details"), QMessageBox.ActionRole)
    box.addButton(QMessageBox.Ok)
    box.exec()
    if box.clickedButton() is copy:
        QGuiApplication.clipboard().setText(f"{type(exc).__name__}: {exc}\n\n{details}")


def install_excepthook(log_path) -> None:
    """Route uncaught exceptions to the log and a friendly dialog, never a raw traceback."""

    def hook(exc_type, exc, tb):
        log.error("uncaught exception", exc_info=(exc_type, exc, tb))
        if QGuiApplication.instance() is not None:
            try:
                show_error(exc, log_path)
            except Exception:  # the dialog itself failed: the log has it
                log.exception("error dialog failed")

    sys.excepthook = hook

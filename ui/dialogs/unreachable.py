"""The shop's shared database does not answer at start: say so in words and let the seller
retry or open this computer's own shop, never a traceback."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

RETRY, LOCAL, QUIT = "retry", "local", "quit"


def tr(text: str) -> str:
    return QCoreApplication.translate("Unreachable", text)


def ask(reason: str, where: str, run=None) -> str:
    """RETRY, LOCAL or QUIT; ``run(box)`` answers in place of the modal loop (tests)."""
    box = QMessageBox(QMessageBox.Warning, tr("ShopSentry"),
                      tr("The shop's shared database (%1) does not answer.").replace("%1", where))
    box.setInformativeText(reason + "\n\n" + tr(
        "Try again once the server is back, or open this computer's own shop for now (it holds what was on "
        "this computer before the shop moved to the server)."))
    retry = box.addButton(tr("Try again"), QMessageBox.AcceptRole)
    local = box.addButton(tr("Open this computer's shop"), QMessageBox.ActionRole)
    box.addButton(tr("Quit"), QMessageBox.RejectRole)
    box.setDefaultButton(retry)
    if run is not None:
        run(box)
    else:
        box.exec()
    clicked = box.clickedButton()
    return RETRY if clicked is retry else LOCAL if clicked is local else QUIT

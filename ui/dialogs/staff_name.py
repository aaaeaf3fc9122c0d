"""The staff name, asked once at start on a shop several staff share (a server) while this PC has
none: prefilled with the computer's user name, so one Enter answers it. "Later" keeps this PC
working as its own person (app.localconf.person) and asks again at the next start."""

from __future__ import annotations

import getpass

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout


def os_user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in the environment or the user database
        return ""


class StaffNameDialog(QDialog):
    def __init__(self, suggested: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Who works on this computer"))
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("Several computers share this shop. Type your name once: it is shown beside the "
                               "contact tasks you claim and in every task's history, and your alerts, "
                               "acknowledgements and daily digest stay your own."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        lay.addWidget(QLabel(self.tr("Your name")))
        self.name = QLineEdit(suggested)
        self.name.setObjectName("staff_name")
        self.name.setPlaceholderText(self.tr("e.g. Wang"))
        self.name.setMaxLength(32)
        self.name.selectAll()
        lay.addWidget(self.name)
        lay.addWidget(QLabel(self.tr("You can change it later in Settings → Shared database.")))
        buttons = QDialogButtonBox()
        self.save = buttons.addButton(self.tr("Save"), QDialogButtonBox.AcceptRole)
        self.save.setObjectName("primary")
        self.save.setDefault(True)
        self.later = buttons.addButton(self.tr("Later"), QDialogButtonBox.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.name.textChanged.connect(lambda text: self.save.setEnabled(bool(text.strip())))
        self.save.setEnabled(bool(suggested.strip()))
        self.resize(420, self.sizeHint().height())


def ask_staff_name(svc, parent=None) -> bool:
    """At start, on a shared shop with no staff name on this PC: ask (modal) and save the answer.
    True when a name was saved."""
    if not svc.is_shared or svc.staff:
        return False
    dialog = StaffNameDialog(os_user_name(), parent)
    if dialog.exec() != QDialog.Accepted or not dialog.name.text().strip():
        return False
    svc.set_staff_name(dialog.name.text())
    return True

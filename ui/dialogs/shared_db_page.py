"""Settings → 共享数据库: this PC's staff name and the shop's shared PostgreSQL server.

The connection is kept for the next start (the window is not reopened under the seller's hands);
测试连接 and the one-time copy of this PC's shop into the server run off the GUI thread, the copy
with a progress bar. The password goes to the OS credential store, never to a file.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.tasks import run_task


class SharedDbPage(QWidget):
    def __init__(self, svc, parent=None):
        super().__init__(parent)
        self.svc = svc
        now = svc.shared_db_settings()
        lay = QVBoxLayout(self)

        who = QGroupBox(self.tr("Who works on this computer"))
        f = QFormLayout(who)
        self.staff = QLineEdit(now["staff_name"])
        self.staff.setPlaceholderText(self.tr("e.g. Wang"))
        self.staff.setMaxLength(32)
        f.addRow(self.tr("Your name"), self.staff)
        hint = QLabel(self.tr("Shown beside the contact tasks you claim and in every task's history."))
        hint.setWordWrap(True)
        f.addRow("", hint)
        lay.addWidget(who)

        box = QGroupBox(self.tr("Shared database (PostgreSQL)"))
        f = QFormLayout(box)
        intro = QLabel(self.tr("A shop with several staff keeps its data on one PostgreSQL server; every computer "
                               "connects to it and sees the same orders, tasks and alerts. Leave the address empty "
                               "to keep the shop on this computer only."))
        intro.setWordWrap(True)
        f.addRow(intro)
        self.host = QLineEdit(now["host"])
        self.host.setPlaceholderText(self.tr("e.g. 192.168.1.5"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(now["port"])
        self.database = QLineEdit(now["database"])
        self.user = QLineEdit(now["user"])
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.Password)
        self.password.setPlaceholderText(self.tr("(stored in the system's credential store)") if now["has_password"]
                                         else "")
        f.addRow(self.tr("Server address"), self.host)
        f.addRow(self.tr("Port"), self.port)
        f.addRow(self.tr("Database"), self.database)
        f.addRow(self.tr("User"), self.user)
        f.addRow(self.tr("Password"), self.password)
        buttons = QHBoxLayout()
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test)
        self.copy_button = QPushButton(self.tr("Copy this computer's shop to the server…"))
        self.copy_button.clicked.connect(self.copy)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        f.addRow(buttons)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        f.addRow(self.progress)
        self.answer = QLabel()
        self.answer.setWordWrap(True)
        f.addRow(self.answer)
        self.state = QLabel(self.tr("This computer uses the shared database.") if svc.is_shared else
                            self.tr("This computer uses its own shop (the file in the data folder)."))
        self.state.setWordWrap(True)
        f.addRow(self.state)
        lay.addWidget(box)
        lay.addStretch(1)

    # -- values --------------------------------------------------------------
    def server(self) -> dict | None:
        if not self.host.text().strip():
            return None
        return {"host": self.host.text().strip(), "port": self.port.value(),
                "database": self.database.text().strip(), "user": self.user.text().strip()}

    def typed_password(self) -> str | None:
        """None: keep the stored password (nothing typed)."""
        return self.password.text() or None

    def apply(self) -> bool:
        """Save (the dialog's OK): the staff name now, the server from the next start. True when the
        server changed, so the caller can say a restart is needed."""
        self.svc.set_staff_name(self.staff.text())
        before = self.svc.shared_db_settings()
        server = self.server()
        self.svc.save_shared_db(server, self.typed_password())
        was = {k: before[k] for k in ("host", "port", "database", "user")} if before["enabled"] else None
        return server != was or self.typed_password() is not None

    # -- actions ---------------------------------------------------------------
    def _busy(self, busy: bool) -> None:
        self.test_button.setEnabled(not busy)
        self.copy_button.setEnabled(not busy)

    def test(self) -> None:
        server = self.server()
        if server is None:
            self.answer.setText(self.tr("Enter the server's address first."))
            return
        self._busy(True)
        self.answer.setText(self.tr("Connecting…"))
        password = self.typed_password()
        run_task(lambda: self.svc.check_shared_db(server, password), self._tested, self._failed)

    def _tested(self, result: dict) -> None:
        self._busy(False)
        self.answer.setText(result["message"])

    def _failed(self, exc: Exception) -> None:
        self._busy(False)
        self.progress.setVisible(False)
        # a server that cannot be reached is said as 测试连接 says it, not as "see the log"
        why = None if isinstance(exc, ValueError) else self.svc.server_unreachable(exc)
        self.answer.setText(str(exc) if isinstance(exc, ValueError) else why or
                            self.tr("That did not work; details are in the log file."))

    def copy(self) -> None:
        server = self.server()
        if server is None:
            self.answer.setText(self.tr("Enter the server's address first."))
            return
        if QMessageBox.question(self, self.tr("Copy the shop"), self.tr(
                "Copy this computer's whole shop (orders, stock, contact tasks, alerts, settings) into the "
                "server's empty database? This is done once, when the shop moves to the server.")) \
                != QMessageBox.Yes:
            return
        self._busy(True)
        self.progress.setVisible(True)
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        password, holder = self.typed_password(), {}

        def report(done: int, total: int, _table: str) -> None:
            relay = holder.get("relay")  # the worker may report before run_task returned
            if relay is not None:
                relay.progress.emit(done, total, "")

        holder["relay"] = run_task(lambda: self.svc.copy_to_shared_db(server, password, report), self._copied,
                                   self._failed, self._moved)

    def _moved(self, done: int, total: int, _text: str) -> None:
        self.progress.setValue(int(done * 100 / max(total, 1)))

    def _copied(self, counts: dict) -> None:
        self._busy(False)
        self.progress.setValue(100)
        self.answer.setText(self.tr("Copied: %1 orders, %2 SKUs. Click OK and restart ShopSentry on this "
                                    "computer to work on the server.").replace("%1", str(counts.get("orders", 0)))
                            .replace("%2", str(counts.get("skus", 0))))

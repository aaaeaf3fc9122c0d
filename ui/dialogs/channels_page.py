"""Settings → 推送渠道: group robots (企业微信 / 钉钉 / 飞书) and e-mail that alerts also go to.

Changes here apply at once (each is one call to the service layer); 发送测试 runs off the GUI
thread and shows the receiver's answer in words. Keys and passwords go to the credential store.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ui import style
from ui.tasks import run_task

KINDS = ("wecom", "dingtalk", "feishu", "email")


class ChannelsPage(QWidget):
    _preview_seq = 0  # the latest preview asked for: an older answer arriving late is dropped

    def __init__(self, svc, clock=None, parent=None):
        super().__init__(parent)
        self.svc = svc
        self.rows: list[dict] = []  # as the last read on a worker found them
        self.clock = clock or (lambda: datetime.now(UTC))
        self.kind_names = {"wecom": self.tr("WeCom group robot"), "dingtalk": self.tr("DingTalk group robot"),
                           "feishu": self.tr("Feishu group bot"), "email": self.tr("E-mail")}
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("Alerts also go to the shop's group chat or mailbox: one summary per check, "
                               "never a buyer's phone number, name or address."))
        intro.setWordWrap(True)
        lay.addWidget(intro)

        lay.addWidget(self._build_table())
        lay.addLayout(self._build_buttons())
        self._build_form(lay)

        self.store_note = QLabel()
        self.store_note.setWordWrap(True)
        self.store_note.setStyleSheet("color: #667085")
        lay.addWidget(self.store_note)
        lay.addWidget(QLabel(self.tr("Preview: what the group would get now")))
        self.preview = QTextBrowser()
        self.preview.setMinimumHeight(120)
        lay.addWidget(self.preview, 1)
        self._kind_changed()
        self.reload()

    # -- building -----------------------------------------------------------------------------
    def _build_table(self) -> QTableWidget:
        """The channels saved, one row each."""
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Kind"), self.tr("Address"),
                                              self.tr("Sends from"), self.tr("State")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        h = self.table.horizontalHeader()
        for c in (0, 1, 3, 4):
            h.setSectionResizeMode(c, QHeaderView.ResizeToContents)
        h.setSectionResizeMode(2, QHeaderView.Stretch)
        self.table.setMaximumHeight(170)
        self.table.itemSelectionChanged.connect(self._selected)
        return self.table

    def _build_buttons(self) -> QHBoxLayout:
        """Test and remove the selected channel; the channel's answer beside them."""
        buttons = QHBoxLayout()
        self.test_button = QPushButton(self.tr("Send a test"))
        self.test_button.clicked.connect(self.send_test)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.answer = QLabel()
        self.answer.setWordWrap(True)
        buttons.addWidget(self.answer, 3)
        return buttons

    def _build_form(self, lay: QVBoxLayout) -> None:
        """A channel's name, kind, address, secret, severity and quiet hours; Save below."""
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Shop group"))
        self.kind = QComboBox()
        for k in KINDS:
            self.kind.addItem(self.kind_names[k], k)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.url = QLineEdit()
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.Password)
        self.severity = QComboBox()
        for value, label in ((1, self.tr("Everything")), (2, self.tr("Urgent and critical")),
                             (3, self.tr("Critical only"))):
            self.severity.addItem(label, value)
        self.own_quiet = QCheckBox(self.tr("Own quiet hours"))
        self.quiet_start, self.quiet_end = QTimeEdit(), QTimeEdit()
        for w, hhmm in ((self.quiet_start, (23, 0)), (self.quiet_end, (8, 0))):
            w.setDisplayFormat("HH:mm")
            w.setTime(w.time().fromString(f"{hhmm[0]:02}:{hhmm[1]:02}", "HH:mm"))
            w.setEnabled(False)
            self.own_quiet.toggled.connect(w.setEnabled)
        quiet = QHBoxLayout()
        quiet.addWidget(self.own_quiet)
        quiet.addWidget(self.quiet_start)
        quiet.addWidget(QLabel("–"))
        quiet.addWidget(self.quiet_end)
        quiet.addStretch(1)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Address"), self.url)
        self.secret_label = QLabel(self.tr("Signing secret"))
        form.addRow(self.secret_label, self.secret)
        form.addRow(self.tr("Send"), self.severity)
        form.addRow(self.tr("Quiet hours"), quiet)
        lay.addLayout(form)
        add_row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Save channel"))
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(self.save)
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {style.RED}")
        self.error.setWordWrap(True)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.error, 1)
        lay.addLayout(add_row)

    # -- data ---------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the channels (and their waiting messages) on a worker (#15); the table fills when it answers."""
        from ui.tasks import read

        svc = self.svc
        read(self, lambda: (svc.channels(), svc.secrets_backend()), self.show_rows, self._write_failed)

    def show_rows(self, answer) -> None:
        self.rows, backend = answer
        self.table.setRowCount(len(self.rows))
        sev = {1: self.tr("everything"), 2: self.tr("urgent"), 3: self.tr("critical")}
        for i, r in enumerate(self.rows):
            if r["paused"]:
                state = self.tr("Paused: %1").replace("%1", r["paused"])
            elif r["queued"]:
                state = self.tr("%1 waiting").replace("%1", str(r["queued"]))
            else:
                state = self.tr("Working")
            for j, v in enumerate((r["name"], self.kind_names.get(r["kind"], r["kind"]), r["url"],
                                   sev.get(r["min_severity"], ""), state)):
                item = QTableWidgetItem(v)
                item.setToolTip(v)
                if j == 4 and r["paused"]:
                    item.setForeground(Qt.red)
                self.table.setItem(i, j, item)
        self.store_note.setText(
            self.tr("Robot keys and mail passwords are kept in this computer's credential store.")
            if backend == "keyring" else
            self.tr("This computer has no credential store: robot keys and mail passwords are kept in a file in "
                    "the data folder that only your user account can read."))
        self._selected()

    def _selected(self) -> None:
        row = self.current()
        self.test_button.setEnabled(row is not None)
        self.remove_button.setEnabled(row is not None)
        if row is not None:  # fill the form to change it (the address must be pasted again)
            self.name.setText(row["name"])
            self.kind.setCurrentIndex(max(self.kind.findData(row["kind"]), 0))
            self.severity.setCurrentIndex(max(self.severity.findData(row["min_severity"]), 0))
            self.url.clear()
            self.url.setPlaceholderText(row["url"])
            # its own quiet hours too: a save after changing the severity must not wipe them
            own = bool(row["quiet_start"] and row["quiet_end"])
            self.own_quiet.setChecked(own)
            for w, hhmm in ((self.quiet_start, row["quiet_start"]), (self.quiet_end, row["quiet_end"])):
                if own:
                    w.setTime(w.time().fromString(hhmm, "HH:mm"))

    def current(self) -> dict | None:
        i = self.table.currentRow()
        return self.rows[i] if 0 <= i < len(self.rows) else None

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.url.setPlaceholderText(self.tr("e.g. %1").replace("%1", {
            "wecom": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
            "dingtalk": "https://oapi.dingtalk.com/robot/send?access_token=…",
            "feishu": "https://open.feishu.cn/open-apis/bot/v2/hook/…",
            "email": "smtp://shop%40163.com:AUTHCODE@smtp.163.com:465?to=boss@example.com"}[kind]))
        self.secret.setEnabled(kind in ("dingtalk", "feishu"))
        self.secret_label.setEnabled(self.secret.isEnabled())
        # the preview names the top orders' deadlines: a risk evaluation, off the GUI thread
        self._preview_seq += 1
        seq, now, svc = self._preview_seq, self.clock(), self.svc
        self.preview.setPlainText(self.tr("Preparing the preview…"))
        run_task(lambda: (seq, kind, svc.channel_preview(kind, now)), self._show_preview, self._preview_failed)

    def _show_preview(self, result) -> None:
        seq, kind, text = result
        if seq != self._preview_seq:
            return
        if kind == "wecom":  # the WeCom client breaks lines where the text does; Qt's markdown would join them
            self.preview.setMarkdown(text.replace("\n", "  \n"))
        elif kind == "dingtalk":
            self.preview.setMarkdown(text)
        else:
            self.preview.setPlainText(text)

    def _preview_failed(self, _exc) -> None:
        self.preview.setPlainText(self.tr("The preview could not be made; details are in the log file."))

    # -- actions ------------------------------------------------------------------------------
    def save(self) -> None:
        quiet = ((self.quiet_start.time().toString("HH:mm"), self.quiet_end.time().toString("HH:mm"))
                 if self.own_quiet.isChecked() else None)
        args = (self.name.text(), self.kind.currentData(), self.url.text().strip(),
                self.secret.text().strip() or None, self.severity.currentData(), quiet)
        run_task(lambda: self.svc.channel_add(*args), self._saved, self._write_failed)  # #15: off the GUI thread

    def _saved(self, _result) -> None:
        self.error.clear()
        self.url.clear()
        self.secret.clear()
        self.reload()

    def _write_failed(self, exc) -> None:
        from ui.writes import connection_lost

        if isinstance(exc, ValueError):  # ChannelError: the sentence says what to change
            self.error.setText(str(exc))
        elif not connection_lost(self, exc):
            self.error.setText(self.tr("The channel could not be saved; details are in the log file."))

    def remove(self) -> None:
        row = self.current()
        if row is not None:
            name = row["name"]
            run_task(lambda: self.svc.channel_remove(name), lambda _r: self.reload(), self._write_failed)

    def send_test(self) -> None:
        row = self.current()
        if row is None:
            return
        self.test_button.setEnabled(False)
        self.answer.setStyleSheet("color: #667085")
        self.answer.setText(self.tr("Sending…"))
        name = row["name"]
        run_task(lambda: self.svc.channel_test(name), self._tested, self._test_failed)

    def _tested(self, reply) -> None:
        self.test_button.setEnabled(True)
        self.answer.setStyleSheet(f"color: {'#079455' if reply.ok else style.RED}")
        self.answer.setText(reply.text)
        self.reload()

    def _test_failed(self, exc) -> None:
        self.test_button.setEnabled(True)
        self.answer.setStyleSheet(f"color: {style.RED}")
        self.answer.setText(self.tr("The test could not be sent; details are in the log file."))

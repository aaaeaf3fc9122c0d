"""备份与恢复: the list of backups, back up now, restore one, the second folder, move to a new PC.

Every copy, restore and shop file is made on a worker thread (ui.tasks.run_task); the result
comes back by signal and the page re-reads the list. Nothing here reads the database itself:
the backups service (app.backup via svc.backups) does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.labels import setting_label
from ui import fmt
from ui.style import GREY, RED
from ui.tasks import run_task

SHOP_FILTER = "ShopSentry shop (*.shopsentry);;All files (*)"


def size_text(n: int) -> str:
    """1.2 MB / 340 KB: a seller compares sizes, not bytes."""
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MB"
    return f"{max(1, round(n / 1024))} KB"


def stored_time(value) -> datetime | None:
    """A backup's ``last_import`` (SQLite text, UTC) or a live count's datetime, as aware UTC."""
    if value is None or isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if isinstance(value, datetime) and value.tzinfo is None else value
    try:
        return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)
    except ValueError:
        return None


def confirm_box(box: QMessageBox) -> bool:
    box.exec()
    return box.clickedButton() is box.property("yes_button")


class BackupDialog(QDialog):
    """The 备份与恢复 page. ``restored`` fires after the database was replaced (restore or a shop
    import): the window re-reads everything and the scheduler checks again."""

    restored = Signal(object)
    finished_task = Signal(str)  # "backup" | "restore" | "export" | "import" | "folder" | "failed"

    COLUMNS = 6

    def __init__(self, svc, now: Callable[[], datetime], parent=None, confirm: Callable | None = None):
        super().__init__(parent)
        self.svc, self.now = svc, now
        self.confirm = confirm or confirm_box  # tests answer the question without a modal loop
        self.busy = False
        self.on_server = self.service.on_server  # a restore then replaces the shop for every computer
        self.backups: list = []
        self.setWindowTitle(self.tr("Backups and restore"))
        self.resize(980, 640)
        lay = QVBoxLayout(self)

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setTextInteractionFlags(Qt.TextSelectableByMouse)
        lay.addWidget(self.intro)

        heads = [self.tr("Time"), self.tr("Kind"), self.tr("Size"), self.tr("Orders"), self.tr("SKUs"),
                 self.tr("Last import")]
        self.table = QTableWidget(0, len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        h = self.table.horizontalHeader()
        for j in range(len(heads) - 1):
            h.setSectionResizeMode(j, QHeaderView.ResizeToContents)
        h.setSectionResizeMode(len(heads) - 1, QHeaderView.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())
        lay.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("Back up now"))
        self.backup_button.setObjectName("primary")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(self.tr("Restore this backup…"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.open_button = QPushButton(self.tr("Open backup folder"))
        self.open_button.setObjectName("link")
        self.open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.service.folder))))
        for b in (self.backup_button, self.restore_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.open_button)
        lay.addLayout(row)

        lay.addWidget(self._second_folder_box())
        lay.addWidget(self._move_box())

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        lay.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.reload()

    def _second_folder_box(self) -> QGroupBox:
        """Where every backup is also copied (a synced folder or a USB drive)."""
        second = QGroupBox(setting_label("backup.second_folder"))
        g = QVBoxLayout(second)
        hint = QLabel(self.tr("Every backup is also copied here: choose a folder of 坚果云 (Nutstore), OneDrive or "
                              "a USB drive, so a copy survives if this computer breaks."))
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {GREY};")
        g.addWidget(hint)
        r = QHBoxLayout()
        self.second_label = QLabel()
        self.second_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.second_button = QPushButton(self.tr("Choose folder…"))
        self.second_button.clicked.connect(lambda: self.choose_second_folder())
        self.second_clear = QPushButton(self.tr("Stop copying"))
        self.second_clear.clicked.connect(lambda: self.set_second_folder(None))
        r.addWidget(self.second_label, 1)
        r.addWidget(self.second_button)
        r.addWidget(self.second_clear)
        g.addLayout(r)
        return second

    def _move_box(self) -> QGroupBox:
        """Export the whole shop to one file, import it on the other computer."""
        move = QGroupBox(self.tr("Move to a new computer"))
        m = QVBoxLayout(move)
        text = QLabel(self.tr("Export the whole shop (orders, stock ledger, settings, saved column mappings, "
                              "message templates and rule changes) to one file, and import that file on the "
                              "other computer."))
        if self.on_server:
            text.setText(text.text() + " " + self.tr("Here the file holds the whole shared shop; importing a file "
                                                     "replaces the shared shop for every computer that uses it."))
        text.setWordWrap(True)
        text.setStyleSheet(f"color: {GREY};")
        m.addWidget(text)
        r = QHBoxLayout()
        self.export_button = QPushButton(self.tr("Export the whole shop…"))
        self.export_button.clicked.connect(lambda: self.export_shop())
        self.import_button = QPushButton(self.tr("Import a shop…"))
        self.import_button.clicked.connect(lambda: self.import_shop())
        r.addWidget(self.export_button)
        r.addWidget(self.import_button)
        r.addStretch(1)
        m.addLayout(r)
        return move

    @property
    def service(self):
        return self.svc.backups

    # -- the list ------------------------------------------------------------------------------
    def kind_text(self, label: str) -> str:
        if label.startswith("before-restore"):
            return self.tr("Before a restore")
        if label.startswith("before-"):
            return self.tr("Before an update")
        return {"manual": self.tr("Manual"), "auto": self.tr("Automatic")}.get(label, label)

    def reload(self) -> None:
        """Re-read the backups folder (a directory listing and small sidecar files: quick)."""
        tz, now = self.svc.tz, self.now()
        self.backups = self.service.list()
        self.table.setRowCount(len(self.backups))
        for i, b in enumerate(self.backups):
            vals = [fmt.when(b.created, tz, now), self.kind_text(b.label), size_text(b.bytes),
                    fmt.number(b.orders) if b.orders is not None else "—",
                    fmt.number(b.skus) if b.skus is not None else "—",
                    fmt.when(stored_time(b.last_import), tz, now) or "—"]
            for j, v in enumerate(vals):
                item = QTableWidgetItem(v)
                if j in (2, 3, 4):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                item.setToolTip(str(b.path))
                self.table.setItem(i, j, item)
        if self.backups:
            self.table.selectRow(0)
        folder = self.service.folder
        intro = self.tr("ShopSentry backs up your shop by itself: when it starts (at most once a day), "
                        "every day while it runs, and before every update and every restore. It keeps "
                        "the last 7 daily and the last 4 weekly copies, each checked after writing. "
                        "Backup folder: %1").replace("%1", str(folder))
        if self.on_server:
            intro += "\n" + self.tr("This shop is on the shared database %1, which every computer of the shop uses. "
                                     "Its backups are copies of the shared shop, kept on this computer; where "
                                     "PostgreSQL's pg_dump is installed, an archive of the server's database is kept "
                                     "beside them (folder pg_dump).").replace("%1", self.service.server_name)
        self.intro.setText(intro)
        second = self.service.second_folder
        self.second_label.setText(str(second) if second else self.tr("Not set: backups stay on this computer only"))
        self.second_clear.setEnabled(second is not None and not self.busy)
        if not self.backups:
            self.show_status(self.tr("No backup yet. Click “Back up now” to make the first one."))
        self._update_buttons()

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        idle = not self.busy
        for b in (self.backup_button, self.second_button, self.export_button, self.import_button):
            b.setEnabled(idle)
        self.restore_button.setEnabled(idle and self.selected() is not None)
        self.second_clear.setEnabled(idle and self.service.second_folder is not None)

    def show_status(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet(f"color: {RED};" if error else "")
        self.status.setText(text)

    # -- work off the GUI thread ---------------------------------------------------------------
    def _run(self, what: str, busy_text: str, fn: Callable, done: Callable) -> None:
        self.busy = True
        self._update_buttons()
        self.show_status(busy_text)

        def ok(result):
            self.busy = False
            self.reload()
            done(result)  # after the reload: its line is the one that stays
            self.finished_task.emit(what)

        def failed(exc):
            self.busy = False
            self.reload()
            self.show_status(str(exc), error=True)  # BackupError is already in the seller's words
            self.finished_task.emit("failed")

        run_task(fn, ok, failed)

    def back_up_now(self) -> None:
        now = self.now()
        self._run("backup", self.tr("Backing up…"), lambda: self.service.take("manual", now=now),
                  lambda info: self.show_status(self.tr("Backed up: %1 (%2)").replace("%1", info.path.name)
                                                .replace("%2", size_text(info.bytes))))

    def _holds(self, orders, skus, last_import) -> str:
        text = self.tr("%1 orders, %2 SKUs").replace("%1", fmt.number(orders or 0)).replace("%2", fmt.number(skus or 0))
        when = fmt.when(stored_time(last_import), self.svc.tz, self.now())
        if when:
            text += self.tr(", last import %1").replace("%1", when)
        return text

    def _ask(self, title: str, text: str, detail: str, yes: str) -> bool:
        box = QMessageBox(QMessageBox.Warning, title, text, parent=self)
        box.setInformativeText(detail)
        yes_button = box.addButton(yes, QMessageBox.AcceptRole)
        box.addButton(self.tr("Cancel"), QMessageBox.RejectRole)
        box.setDefaultButton(yes_button)
        box.setProperty("yes_button", yes_button)
        return bool(self.confirm(box))

    def _current(self) -> str:
        c = self.service.current()
        return self._holds(c["orders"], c["skus"], c["last_import"])

    def restore_selected(self) -> None:
        b = self.selected()
        if b is None or self.busy:
            return
        when = fmt.when(b.created, self.svc.tz, self.now())
        detail = self.tr("This replaces the shop's current data (%1) with the backup's. The current "
                         "database is kept aside first as a backup of its own (“Before a restore”), so "
                         "you can go back to it.")
        if not self._ask(self.tr("Restore this backup?"),
                         self.tr("Restore the backup of %1 (%2)?").replace("%1", when)
                         .replace("%2", self._holds(b.orders, b.skus, b.last_import)),
                         (self._server_detail() if self.on_server else detail).replace("%1", self._current()),
                         self.tr("Replace the shared shop") if self.on_server else self.tr("Restore")):
            return
        now = self.now()
        self._run("restore", self.tr("Restoring…"), lambda: self.service.restore(b.path, now=now), self._restored)

    def _server_detail(self) -> str:
        """What a restore or an imported shop does to a shop on the shared server (%1: its data now)."""
        return self.tr("This replaces the shared shop on %2 — its data now: %1 — for every computer that uses it, at "
                       "once. Ask the others to stop working in ShopSentry until it is done. The shared shop as it "
                       "is now is kept first as a backup on this computer (“Before a restore”), so you can go back "
                       "to it.").replace("%2", self.service.server_name)

    def _restored(self, result) -> None:
        text = self.tr("Restored %1.").replace("%1", Path(result.restored).name)
        if self.on_server:
            text += " " + self.tr("Every computer using the shared database now works with this data.")
        if result.kept_aside:
            text += " " + self.tr("The data before is kept as %1.").replace("%1", str(result.kept_aside))
        self.show_status(text)
        self.restored.emit(result)

    # -- second folder -------------------------------------------------------------------------
    def choose_second_folder(self, path: str | None = None) -> None:
        if path is None:
            start = str(self.service.second_folder or Path.home())
            path = QFileDialog.getExistingDirectory(self, self.tr("Second backup folder"), start)
            if not path:
                return
        self.set_second_folder(path)

    def set_second_folder(self, path: str | None) -> None:
        self.service.set_second_folder(path)
        if path:
            self.show_status(self.tr("From now on every backup is also copied to %1. Click “Back up now” to put "
                                     "the first copy there.").replace("%1", str(path)))
        else:
            self.show_status(self.tr("Backups are no longer copied to a second folder."))
        self.reload()
        self.finished_task.emit("folder")

    # -- move to a new PC ----------------------------------------------------------------------
    def export_shop(self, path: str | None = None) -> None:
        if path is None:
            from app import timeutil

            stamp = timeutil.local(self.now(), self.svc.tz).strftime("%Y%m%d")
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the whole shop"),
                                                  str(Path.home() / f"shopsentry-{stamp}.shopsentry"), SHOP_FILTER)
            if not path:
                return
        now = self.now()
        self._run("export", self.tr("Exporting the shop…"), lambda: self.service.export_shop(Path(path), now=now),
                  lambda out: self.show_status(self.tr("The shop is in %1 (%2). Copy it to the new computer and "
                                                       "use “Import a shop…” there.").replace("%1", str(out))
                                               .replace("%2", size_text(Path(out).stat().st_size))))

    def import_shop(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a shop"), str(Path.home()), SHOP_FILTER)
            if not path:
                return
        detail = self.tr("This replaces the shop's current data (%1) with the imported shop. The current "
                         "database is kept aside first as a backup (“Before a restore”).")
        if not self._ask(self.tr("Import this shop?"),
                         self.tr("Import the shop from %1?").replace("%1", Path(path).name),
                         (self._server_detail() if self.on_server else detail).replace("%1", self._current()),
                         self.tr("Replace the shared shop") if self.on_server else self.tr("Import")):
            return
        now = self.now()
        self._run("import", self.tr("Importing the shop…"), lambda: self.service.import_shop(Path(path), now=now),
                  self._restored)

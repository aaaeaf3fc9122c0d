"""The damaged-database dialog at start: restore the newest good backup, salvage what SQLite can
still read into a new file, or quit. Never a traceback; the damaged file is kept aside either way.

It runs before the store is open, so it talks to app.backup's functions that work on a data dir
(restore and salvage do not open the damaged file for writing); the work runs off the GUI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.services import backups_in, readable_tables, restore_newest_backup, salvage_store
from ui import fmt
from ui.dialogs.backup_page import size_text, stored_time
from ui.style import GREY, RED
from ui.tasks import run_task


class DamagedDialog(QDialog):
    """``outcome`` is "restored" or "salvaged" once the database was mended (then accepted), or
    None when the seller quits."""

    mended = Signal(str)

    def __init__(self, data_dir: Path, damaged, log_path: Path | None = None, tz: str = "Asia/Shanghai",
                 parent=None):
        super().__init__(parent)
        self.data_dir, self.damaged, self.tz = Path(data_dir), damaged, tz
        self.outcome: str | None = None
        self.mend_result = None  # RestoreResult | SalvageResult
        self.setWindowTitle(self.tr("The shop's database is damaged"))
        self.setMinimumWidth(640)
        lay = QVBoxLayout(self)
        lay.setSpacing(12)
        title = QLabel(self.tr("ShopSentry cannot read its database"))
        title.setStyleSheet("font-size: 16px; font-weight: 600;")
        lay.addWidget(title)
        intro = QLabel(self.tr("The file %1 is damaged (a power cut, a disk error or a sync program writing over "
                               "it can do this). It will not be deleted: whatever you choose, it is kept aside in "
                               "%2.").replace("%1", str(damaged.db_path))
                       .replace("%2", str(self.data_dir / "backups" / "damaged")))
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextSelectableByMouse)
        lay.addWidget(intro)

        # the newest copy that verifies, as found when the damage was detected (restore --latest's choice)
        self.newest = next((b for b in backups_in(self.data_dir / "backups") if b.path == damaged.newest),
                           None)
        self.restore_button = QPushButton(self.tr("Restore this backup"))
        self.restore_button.setObjectName("primary")
        self.restore_button.clicked.connect(self.restore)
        if self.newest is not None:
            b = self.newest
            holds = self.tr("%1 orders, %2 SKUs").replace("%1", fmt.number(b.orders or 0)) \
                .replace("%2", fmt.number(b.skus or 0))
            last = fmt.when(stored_time(b.last_import), tz)
            if last:
                holds += self.tr(", last import %1").replace("%1", last)
            text = self.tr("<b>Restore the newest backup</b> of %1 (%2, %3). Anything entered after it is "
                           "missing; if this copy is damaged too, the next older one is used.") \
                .replace("%1", fmt.when(b.created, tz)).replace("%2", holds).replace("%3", size_text(b.bytes))
        else:
            text = self.tr("<b>There is no backup</b> in %1 to restore.").replace("%1", str(self.data_dir / "backups"))
            self.restore_button.setEnabled(False)
        lay.addWidget(self._option(text, self.restore_button))

        self.readable = readable_tables(damaged.db_path)
        self.salvage_button = QPushButton(self.tr("Salvage the data"))
        self.salvage_button.clicked.connect(self.salvage)
        if self.readable:
            text = self.tr("<b>Salvage what can still be read</b>: SQLite can still read %1 of the file's tables. "
                           "They are copied into a new database, which ShopSentry then uses; what cannot be read "
                           "is missing.").replace("%1", fmt.number(len(self.readable)))
        else:
            text = self.tr("<b>Nothing can be salvaged</b>: SQLite cannot read any table of this file.")
            self.salvage_button.setEnabled(False)
        if self.newest is None and self.readable:
            self.salvage_button.setObjectName("primary")  # the only way forward
        lay.addWidget(self._option(text, self.salvage_button))

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        lay.addWidget(self.status)
        if log_path:
            detail = QLabel(self.tr("The details are in the log file: %1").replace("%1", str(log_path)))
            detail.setWordWrap(True)
            detail.setStyleSheet(f"color: {GREY};")
            detail.setTextInteractionFlags(Qt.TextSelectableByMouse)
            lay.addWidget(detail)
        row = QHBoxLayout()
        row.addStretch(1)
        self.quit_button = QPushButton(self.tr("Quit"))
        self.quit_button.clicked.connect(self.reject)
        row.addWidget(self.quit_button)
        lay.addLayout(row)

    def _option(self, text: str, button: QPushButton) -> QFrame:
        box = QFrame()
        box.setObjectName("card")
        h = QHBoxLayout(box)
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextFormat(Qt.RichText)
        h.addWidget(label, 1)
        h.addWidget(button, 0, Qt.AlignVCenter)
        return box

    def _run(self, outcome: str, busy: str, fn) -> None:
        for b in (self.restore_button, self.salvage_button, self.quit_button):
            b.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText(busy)

        def ok(result):
            self.outcome, self.mend_result = outcome, result
            self.mended.emit(outcome)
            self.accept()

        def failed(exc):
            self.status.setStyleSheet(f"color: {RED};")
            self.status.setText(str(exc))  # BackupError: already in words
            self.restore_button.setEnabled(self.newest is not None)
            self.salvage_button.setEnabled(bool(self.readable))
            self.quit_button.setEnabled(True)

        run_task(fn, ok, failed)

    def restore(self) -> None:
        self._run("restored", self.tr("Restoring the backup…"), lambda: restore_newest_backup(self.data_dir))

    def salvage(self) -> None:
        self._run("salvaged", self.tr("Salvaging…"), lambda: salvage_store(self.data_dir))

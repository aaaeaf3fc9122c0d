"""Import flow: worker thread with progress and cancel, then a per-file summary with errors."""

from __future__ import annotations

import threading
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ui.tasks import run_task


def tr(text: str) -> str:
    return QCoreApplication.translate("ImportDialog", text)


def run_import(parent, svc, paths: list[str], now: datetime, on_done=None, **kw) -> None:
    """Import ``paths`` off the GUI thread; show the summary; call ``on_done(results)``."""
    progress = QProgressDialog(tr("Importing…"), tr("Cancel"), 0, 100, parent)
    progress.setWindowModality(Qt.WindowModal)
    progress.setMinimumDuration(300)
    cancel = threading.Event()
    progress.canceled.connect(cancel.set)

    relay_holder = {}

    def report(done: int, total: int, text: str = "") -> None:
        relay = relay_holder.get("relay")
        if relay is not None:
            relay.progress.emit(done, total, text)

    def on_progress(done: int, total: int, text: str) -> None:
        progress.setMaximum(max(total, 1))
        progress.setValue(done)
        if text:
            progress.setLabelText(text)

    def finished(results) -> None:
        progress.close()
        dlg = ImportSummary(results, parent)
        if dlg.exec() == ImportSummary.RETRY_VALID_ROWS:
            rejected = [p for p, r in zip(paths, results, strict=False) if r.status == "rejected"]
            run_import(parent, svc, rejected, now, on_done, valid_rows_only=True)
            return
        if on_done:
            on_done(results)

    def failed(exc) -> None:
        progress.close()
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(parent, tr("Import"), tr("The import failed: %1").replace("%1", str(exc)))

    relay_holder["relay"] = run_task(
        lambda: svc.import_files(paths, now=now, progress=report, cancel=cancel, **kw),
        finished, failed, on_progress)


class ImportSummary(QDialog):
    """One line per file, then every error with its row and column."""

    RETRY_VALID_ROWS = 2

    def __init__(self, results, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Import finished"))
        self.resize(760, 420)
        lay = QVBoxLayout(self)
        for r in results:
            colour = "#D92D20" if r.status == "rejected" else "#079455"
            lay.addWidget(QLabel(f"<span style='color:{colour}'>●</span> {r.summary()}"))
        errors = [(r.file, e) for r in results for e in r.errors]
        if errors:
            lay.addWidget(QLabel(tr("Nothing from a rejected file was imported. Fix these cells and import "
                                    "the file again:")))
            table = QTableWidget(len(errors), 4)
            table.setHorizontalHeaderLabels([tr("File"), tr("Row"), tr("Column"), tr("Problem")])
            for i, (f, e) in enumerate(errors[:2000]):
                for j, v in enumerate((f, e.get("row"), e.get("column"), e.get("message"))):
                    table.setItem(i, j, QTableWidgetItem("" if v is None else str(v)))
            table.horizontalHeader().setSectionResizeMode(3, QHeaderView.Stretch)
            table.verticalHeader().setVisible(False)
            lay.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok)
        if any(r.status == "rejected" and any(e.get("row") for e in r.errors) for r in results):
            b = buttons.addButton(tr("Import the valid rows only"), QDialogButtonBox.ActionRole)
            b.clicked.connect(lambda: self.done(self.RETRY_VALID_ROWS))
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)

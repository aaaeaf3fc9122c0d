"""The watched folder's batches in the window (ui/watcher.py delivers them): one tray note per batch
saying what came in, what was refused and why, what waits; its click opens that batch's summary."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt

from app.text import platform_name
from ui import fmt


@dataclass
class _Note:
    """A notification of the window's own (not a scheduler alert): shown by the alert controller."""

    title: str
    body: str
    tab: str = "imports"
    key: object = None
    critical: bool = False


class AutoImportNotes:
    """Mixed into MainWindow: uses its ``alerts`` (the tray notes), ``refresh``, ``import_finished`` and
    ``show_import_history``."""

    def on_auto_import(self, result) -> None:
        """A batch from the watched folder was imported (on the watcher's thread): one note says what
        came in, what was refused and why, what waits; never a modal dialog. Its click opens the summary."""
        self._auto_results = getattr(self, "_auto_results", {})
        key = max(self._auto_results, default=0) + 1  # each note opens the summary of its own batch
        self._auto_results[key] = result.files
        self._auto_results.pop(key - 50, None)  # a note weeks old has its history entry instead
        done = [self._auto_line(r) for r in result.files if r.status == "imported"]
        bad = [f"{r.file}: {r.errors[0]['message'] if r.errors else ''}" for r in result.files
               if r.status == "rejected"]
        if len(done) > 2:
            done = done[:1] + [self.tr("and %1 more files").replace("%1", str(len(done) - 1))]
        if len(bad) > 3:
            bad = bad[:3] + [self.tr("%1 more files were not imported; File → Import history lists each with its "
                                     "reason").replace("%1", str(len(bad) - 3))]
        locked = [self.tr("%1 is open in another program (Excel?); it is imported automatically once it is closed")
                  .replace("%1", Path(p).name) for p in result.locked]
        title = (self.tr("Automatic import failed") if bad else self.tr("Imported automatically") if done
                 else self.tr("Waiting for a file"))
        if bad or done or locked:
            self.alerts.notify(_Note(title, "\n".join(bad + done + locked), tab="imports" if result.files else "",
                                     key=key, critical=bool(bad)))
        if result.files:
            self.import_finished.emit(result.files)
            self.refresh()

    def _auto_line(self, r) -> str:
        if r.kind == "stock":
            return self.tr("Stock sheet %1 (%2 SKUs)").replace("%1", r.file).replace("%2", fmt.number(r.orders))
        return (self.tr("%1 %2 orders (new %3, updated %4)").replace("%1", platform_name(r.platform))
                .replace("%2", fmt.number(r.orders)).replace("%3", fmt.number(r.created))
                .replace("%4", fmt.number(r.updated)))

    def on_watch_problem(self, folder: str, reason: str) -> None:
        text = (self.tr("The watched folder %1 is not available; new exports there are not imported until it "
                        "is back") if reason == "missing" else
                self.tr("The watched folder %1 cannot be read; new exports there are not imported"))
        self.alerts.notify(_Note(self.tr("Watched folder missing"), text.replace("%1", folder), tab=""))

    def on_watch_recovered(self, folder: str) -> None:
        self.alerts.notify(_Note(self.tr("Watched folder back"), self.tr(
            "The watched folder %1 is back; new exports there are imported again").replace("%1", folder), tab=""))

    def show_auto_import_summary(self, key=None) -> None:
        from ui.dialogs.import_dialog import ImportSummary

        batches = getattr(self, "_auto_results", {})
        if key not in batches:  # an old note: its files are in the import history
            self.show_import_history()
            return
        dlg = ImportSummary(batches[key], self)
        dlg.setWindowTitle(self.tr("Imported automatically"))
        dlg.setModal(False)  # a note's details: the window stays usable beside it
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        dlg.show()


"""Bridge from the folder watcher (its own thread) to the GUI: batches arrive as Qt signals.

The import itself runs on the watcher's thread through the same pipeline as the import dialog;
only the finished result crosses to the GUI thread, so a 100k-order export never blocks the window.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class WatchBridge(QObject):
    imported = Signal(object)  # app.watch.PassResult: files imported or rejected, or newly locked ones
    problem = Signal(str, str)  # folder, "missing" | "unreadable"
    recovered = Signal(str)

    def __init__(self, svc, clock=None, parent=None):
        super().__init__(parent)
        self.svc = svc
        self.clock = clock or (lambda: datetime.now(UTC))
        self.watcher = None
        self.folders: list = []
        self._told: set[str] = set()  # locked files already named in a note
        self.since: datetime | None = None

    def start(self, folders=None) -> None:
        """(Re)start on ``folders`` (default: the setting); a folder set that did not change is kept."""
        folders = list(folders if folders is not None else self.svc.watch_folders())
        if self.watcher is not None and folders == self.folders:
            return
        self.stop()
        self.folders = folders
        if not folders:
            return
        self.since = self._since()
        self.watcher = self.svc.folder_watcher(folders, self._deliver, on_problem=self._problem,
                                               on_recovered=lambda f: self.recovered.emit(str(f)))
        self.watcher.start()
        log.info("watching %d folder(s) for new exports", len(folders))

    def _since(self) -> datetime:
        """When this shop first watched a folder: exports saved before that are old news, left alone."""
        saved = self.svc.settings.get("watch.since")
        try:
            return datetime.fromisoformat(saved)
        except (TypeError, ValueError):
            now = self.clock()
            from ui.tasks import run_task

            run_task(lambda: self.svc.set_setting("watch.since", now.isoformat()))  # #15: off the GUI thread
            return now

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None

    # -- the watcher's thread ---------------------------------------------------------------
    def _deliver(self, paths):
        w = self.watcher
        try:
            # quitting cancels an import in flight (rolled back whole) instead of waiting for it
            result = self.svc.watch_files(paths, self.clock(), since=self.since,
                                          cancel=w.stopping if w is not None else None)
        except Exception:  # logged; the watcher goes on with the next file
            log.exception("automatic import failed")
            return None
        # a file Excel holds open is said once, then tried again quietly until it can be read
        result.locked = [p for p in result.locked if p not in self._told]
        self._told.update(result.locked)
        self._told.difference_update(r.path for r in result.files)  # read at last: a new lock is news again
        if result.files or result.locked:
            self.imported.emit(result)
        return result  # the watcher looks at its locked files again in a while

    def _problem(self, folder, reason: str) -> None:
        self.problem.emit(str(folder), reason)

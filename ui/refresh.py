"""How the main window's tabs get their figures, off the GUI thread: a whole snapshot on a worker
(an import, a setting, "check now"), the scheduler tick's own snapshot shown as it comes (no second
risk evaluation), and after a contact action the queue alone, re-listed by the contact tab."""

from __future__ import annotations

from dataclasses import replace

from ui.memory import give_back
from ui.tasks import run_task


class Refreshing:
    """Mixed into MainWindow: ``svc``, ``now``, ``snapshot``, ``apply_snapshot``, the contact tab and
    the ``refreshed`` signal are the window's; ``_busy`` / ``_again`` say a refresh is under way /
    must run once more when it lands."""

    def refresh(self) -> None:
        """Recompute every tab off the GUI thread; results arrive through a signal."""
        if self._busy:
            self._again = True  # a write happened while computing: recompute once it lands
            return
        self._busy, self._again = True, False
        now = self.now()
        run_task(lambda: give_back(self.svc.snapshot(now)), self._refreshed, self._task_failed)

    def _refreshed(self, snap: dict) -> None:
        self._busy = False
        if self._newer(snap):
            self.apply_snapshot(snap)
        if self._again:
            self.refresh()

    def _newer(self, snap: dict) -> bool:
        """Not older than the snapshot shown (a tick's may land first, made after this one began)."""
        return self.snapshot is None or snap["now"] >= self.snapshot["now"]

    def _contact_written(self) -> None:
        """After a contact action only the queue is read again (no risk evaluation, no other tab);
        a whole refresh under way may predate the write: that one runs once more instead."""
        if self._busy:
            self._again = True
        else:
            self.contact.relist()

    def _queue_relisted(self, tasks) -> None:
        if self.snapshot is not None:  # the snapshot shown, with the queue as the store has it now
            self.snapshot = {**self.snapshot, "tasks": tasks}
            self.refreshed.emit(self.snapshot)

    def refresh_sync(self) -> None:
        """Same as refresh, on the calling thread (smoke test, tests)."""
        self.apply_snapshot(give_back(self.svc.snapshot(self.now())))

    def on_check(self, result) -> None:
        """A scheduler evaluation finished (delivered on the GUI thread by CheckerBridge); the tabs
        show the snapshot it made of the same read (with it, or through ``on_tick_snapshot`` right
        after), without evaluating again. A lost server is said in the status bar, not as an alert."""
        gone = result.failure is not None and self.connection.lost(result.failure)  # retried with back-off
        self.alerts.on_check(replace(result, error=None) if gone else result)
        if result.snapshot is not None:
            self.on_tick_snapshot(result.snapshot)
        elif not result.snapshot_follows and not gone:
            self.refresh()

    def on_tick_snapshot(self, snap: dict | None) -> None:
        if snap is None:  # the tick's snapshot could not be made: the tabs read on their own
            self.refresh()
        elif snap.get("delta"):  # an incremental round: what moved, patched into what is shown
            if self.snapshot is None:
                self.refresh()
            else:
                shown = self.snapshot
                run_task(lambda: give_back(self.svc.merge_snapshot(shown, snap)), self._merged, self._task_failed)
        elif self._newer(snap):
            self.apply_snapshot(snap)

    def _merged(self, snap: dict) -> None:
        if self._newer(snap):
            self.apply_snapshot(snap)

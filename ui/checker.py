"""Bridge from the core scheduler (worker thread) to the GUI: results arrive as a Qt signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class CheckerBridge(QObject):
    """Lives on the GUI thread. The scheduler job calls ``deliver`` from its own thread; the
    signal is queued, so slots connected to ``evaluated`` always run on the GUI thread."""

    evaluated = Signal(object)  # the CheckResult: alerts and notifications, at once
    snapshot_made = Signal(object)  # then the tabs' snapshot of the same read (None: it failed)

    def __init__(self, svc, interval_minutes: int, clock, parent=None):
        super().__init__(parent)
        from app.scheduler import Checker

        # after each result, the tabs' snapshot of the same read: the window shows it as it is
        self.checker = Checker(lambda: svc, self.deliver, interval_minutes=interval_minutes, clock=clock,
                               on_snapshot=lambda _now, snap: self.snapshot_made.emit(snap))

    def deliver(self, result) -> None:
        self.evaluated.emit(result)

    def start(self) -> None:
        self.checker.start()

    def run_now(self, reason: str = "manual") -> None:
        self.checker.run_now(reason)

    def shutdown(self) -> None:
        self.checker.shutdown()

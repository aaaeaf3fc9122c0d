"""The shared database went away mid-session: the window stays, the status bar says
"共享数据库已断开" and the refresh is tried again with a growing pause (5 s, 10 s, … 5 min) until the
server answers; pool_pre_ping then hands out fresh connections and the message goes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

FIRST_MS, LONGEST_MS = 5000, 300000


class ConnectionWatch(QObject):
    def __init__(self, window, svc, retry: Callable[[], None]):
        super().__init__(window)
        self.svc, self.retry = svc, retry
        self.label = QLabel()
        self.label.setObjectName("connectionLost")
        self.label.setStyleSheet("color: #b42318; font-weight: 600;")
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        self.pause_ms = FIRST_MS
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.retry)

    @property
    def disconnected(self) -> bool:
        return not self.label.isHidden()

    def lost(self, exc: BaseException) -> bool:
        """True when ``exc`` means the server went away (then said and retried, not a dialog)."""
        if not self.svc.connection_lost(exc):
            return False
        self.label.setText(self.tr("Shared database disconnected — trying again in %1 s")
                           .replace("%1", str(self.pause_ms // 1000)))
        self.label.show()
        self.timer.start(self.pause_ms)
        self.pause_ms = min(self.pause_ms * 2, LONGEST_MS)
        return True

    def ok(self) -> None:
        """A refresh worked: connected again."""
        if self.disconnected:
            self.label.hide()
        self.timer.stop()
        self.pause_ms = FIRST_MS

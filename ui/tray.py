"""Tray icon, notifications and the fallback when the desktop has no tray."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from app.paths import resource


class Tray(QObject):
    """Owns the QSystemTrayIcon when there is a tray; otherwise flashes the window.

    Menu: 打开 / 立即检查 / 暂停提醒1小时 (恢复提醒 while paused) / 退出. ``target_clicked(tab, key)``
    is emitted when the seller clicks a notification, so the window can open the right tab with
    the row selected.
    """

    open_requested = Signal()
    check_requested = Signal()
    pause_requested = Signal(int)  # minutes
    resume_requested = Signal()
    quit_requested = Signal()
    target_clicked = Signal(str, object)

    PAUSE_MINUTES = 60

    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        self.window = window
        self._target: tuple[str, object] | None = None
        self._paused: str | None = None
        self.last_message: tuple[str, str] | None = None
        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self.icon: QSystemTrayIcon | None = None
        self.menu = QMenu()
        # lambdas, not the signals themselves: PySide calls a ``triggered=`` keyword like a function
        self.act_open = QAction(self.tr("Open"), self.menu, triggered=lambda: self.open_requested.emit())
        self.act_check = QAction(self.tr("Check now"), self.menu, triggered=lambda: self.check_requested.emit())
        self.act_pause = QAction(self.tr("Pause reminders for 1 hour"), self.menu, triggered=self._pause_clicked)
        self.act_quit = QAction(self.tr("Quit"), self.menu, triggered=lambda: self.quit_requested.emit())
        for a in (self.act_open, self.act_check, self.act_pause):
            self.menu.addAction(a)
        self.menu.addSeparator()
        self.menu.addAction(self.act_quit)
        if self.available:
            self.icon = QSystemTrayIcon(QIcon(str(resource("icons", "shopsentry.svg"))), self)
            self.icon.setToolTip(self.tr("ShopSentry"))
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._activated)
            self.icon.messageClicked.connect(self._message_clicked)
            self.icon.show()

    def _activated(self, reason) -> None:
        if reason in (QSystemTrayIcon.Trigger, QSystemTrayIcon.DoubleClick):
            self.open_requested.emit()

    def _message_clicked(self) -> None:
        self.open_requested.emit()
        if self._target is not None and self._target[0]:
            self.target_clicked.emit(*self._target)

    def _pause_clicked(self) -> None:
        if self._paused:
            self.resume_requested.emit()
        else:
            self.pause_requested.emit(self.PAUSE_MINUTES)

    def notify(self, title: str, body: str, target: tuple[str, object] | None = None,
               critical: bool = False) -> str:
        """Show one notification; returns how it was shown ("tray" or "flash")."""
        self._target = target
        self.last_message = (title, body)
        if self.icon is not None and QSystemTrayIcon.supportsMessages():
            icon = QSystemTrayIcon.Warning if critical else QSystemTrayIcon.Information
            self.icon.showMessage(title, body, icon, 15000)
            return "tray"
        # no tray: the alert centre in the window holds the alert; make the taskbar entry flash
        QApplication.alert(self.window, 0)
        return "flash"

    def set_count(self, n: int) -> None:
        if self.icon is not None:
            tip = self.tr("ShopSentry — %1 open alerts").replace("%1", str(n))
            if self._paused:
                tip += "\n" + self.tr("Notifications paused until %1").replace("%1", self._paused)
            self.icon.setToolTip(tip)

    def set_paused(self, until: str | None) -> None:
        """``until`` as shown ("10:30") while notifications are paused, None otherwise."""
        self._paused = until
        self.act_pause.setText(self.tr("Resume reminders (paused until %1)").replace("%1", until) if until
                               else self.tr("Pause reminders for 1 hour"))

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()

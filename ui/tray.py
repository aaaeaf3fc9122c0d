"""Tray icon, notifications and the fallback when the desktop has no tray."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from app.paths import resource


class Tray(QObject):
    """Owns the QSystemTrayIcon when there is a tray; otherwise flashes the window.

    ``target_clicked(tab, key)`` is emitted when the seller clicks a notification, so the
    window can open the right tab with the row selected.
    """

    open_requested = Signal()
    check_requested = Signal()
    pause_requested = Signal(int)  # minutes
    quit_requested = Signal()
    target_clicked = Signal(str, object)

    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        self.window = window
        self._target: tuple[str, object] | None = None
        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self.icon: QSystemTrayIcon | None = None
        self.menu = QMenu()
        self.menu.addAction(QAction(self.tr("Open"), self.menu, triggered=self.open_requested))
        self.menu.addAction(QAction(self.tr("Check now"), self.menu, triggered=self.check_requested))
        self.menu.addAction(QAction(self.tr("Pause reminders for 1 hour"), self.menu,
                                    triggered=lambda: self.pause_requested.emit(60)))
        self.menu.addSeparator()
        self.menu.addAction(QAction(self.tr("Quit"), self.menu, triggered=self.quit_requested))
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
        if self._target is not None:
            self.target_clicked.emit(*self._target)

    def notify(self, title: str, body: str, target: tuple[str, object] | None = None,
               critical: bool = False) -> str:
        """Show one notification; returns how it was shown ("tray" or "flash")."""
        self._target = target
        if self.icon is not None and QSystemTrayIcon.supportsMessages():
            icon = QSystemTrayIcon.Warning if critical else QSystemTrayIcon.Information
            self.icon.showMessage(title, body, icon, 15000)
            return "tray"
        # no tray: the alert centre in the window holds the alert; make the taskbar entry flash
        QApplication.alert(self.window, 0)
        return "flash"

    def set_count(self, n: int) -> None:
        if self.icon is not None:
            self.icon.setToolTip(self.tr("ShopSentry — %1 open alerts").replace("%1", str(n)))

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()

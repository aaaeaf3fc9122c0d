"""The alert centre: a bell with the open-alert count in the main window and a list to
acknowledge, snooze or open each alert. It is always there, tray or not.

``AlertController`` is the one hook the main window needs (``install(window)``): it owns the bell,
the list, the tray's notifications, pause/resume and close-to-tray. It talks to the core only
through the service layer and runs on the GUI thread (scheduler results arrive by signal).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import timeutil
from app.services import setting
from ui import style
from ui.alert_items import ALERT_ROLE, AlertBell, AlertDelegate, state_tag  # noqa: F401 - state_tag's old home

log = logging.getLogger(__name__)
TAB_INDEX = {"inventory": 0, "risk": 1, "contact": 2, "health": 3}


class AlertCentre(QFrame):
    """The list behind the bell: open alerts, newest and worst first, snoozed ones greyed at the end."""

    open_requested = Signal(str, object)  # tab, row key
    acknowledge_requested = Signal(list)  # alert ids
    snooze_requested = Signal(list, object)  # alert ids, timedelta | "digest"
    picked_up_requested = Signal(list)  # alert ids of pickup alerts

    KINDS = ("late_shipment", "stock", "pickup", "follow_up", "stale_data", "incident", "health", "backup")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("alertCentre")
        self.setFrameShape(QFrame.StyledPanel)
        self.setStyleSheet("QFrame#alertCentre { background: white; border: 1px solid #D0D5DD; border-radius: 8px; }"
                           "QPushButton#primary:disabled { background: #B2CCFF; }")
        self.resize(520, 560)
        self._alerts: list = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 12)
        head = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: 700;")
        head.addWidget(self.heading)
        head.addStretch(1)
        self.kind_box = QComboBox()
        self.kind_box.addItem(self.tr("All kinds"), None)
        for k, label in zip(self.KINDS, (self.tr("Late shipment"), self.tr("Stock"), self.tr("Pickup"),
                                         self.tr("Follow-up"), self.tr("Data age"), self.tr("Incident"),
                                         self.tr("Shop health"), self.tr("Backup")), strict=True):
            self.kind_box.addItem(label, k)
        self.kind_box.currentIndexChanged.connect(self._fill)
        head.addWidget(self.kind_box)
        lay.addLayout(head)
        self.paused = QLabel()
        self.paused.setStyleSheet(f"color: {style.AMBER};")
        self.paused.hide()
        lay.addWidget(self.paused)

        self.list = QListWidget()
        self.list.setItemDelegate(AlertDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.list.setMouseTracking(True)
        self.list.setUniformItemSizes(True)
        self.list.setStyleSheet("QListWidget { border: 1px solid #EAECF0; border-radius: 6px; }")
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.list.itemSelectionChanged.connect(self._update_buttons)
        lay.addWidget(self.list, 1)
        self.empty = QLabel(self.tr("No open alerts. ShopSentry checks every few minutes and taps you "
                                    "on the shoulder when an order or a SKU needs you."))
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignCenter)
        self.empty.setStyleSheet(f"color: {style.GREY}; padding: 40px 20px;")
        lay.addWidget(self.empty, 1)
        self.more = QLabel()
        self.more.setStyleSheet(f"color: {style.GREY};")
        self.more.hide()
        lay.addWidget(self.more)

        row = QHBoxLayout()
        self.btn_open = QPushButton(self.tr("Open"))
        self.btn_open.setObjectName("primary")
        self.btn_open.clicked.connect(self.open_selected)
        self.btn_ack = QPushButton(self.tr("Acknowledge"))
        self.btn_ack.clicked.connect(lambda: self.acknowledge_requested.emit(self.selected_ids()))
        self.btn_snooze = QPushButton(self.tr("Snooze"))
        menu = QMenu(self.btn_snooze)
        menu.addAction(self.tr("For 1 hour"), lambda: self._snooze(timedelta(hours=1)))
        menu.addAction(self.tr("For 4 hours"), lambda: self._snooze(timedelta(hours=4)))
        menu.addAction(self.tr("Until the next daily digest"), lambda: self._snooze("digest"))
        self.btn_snooze.setMenu(menu)
        self.btn_picked = QPushButton(self.tr("Picked up"))
        self.btn_picked.setToolTip(self.tr("The courier has collected these parcels"))
        self.btn_picked.clicked.connect(lambda: self.picked_up_requested.emit(
            [a.id for a in self.selected_alerts() if a.kind == "pickup"]))
        self.btn_ack_all = QPushButton(self.tr("Acknowledge all"))
        self.btn_ack_all.clicked.connect(
            lambda: self.acknowledge_requested.emit([a.id for a in self.visible_alerts()]))
        for b in (self.btn_open, self.btn_ack, self.btn_snooze, self.btn_picked):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.btn_ack_all)
        lay.addLayout(row)
        self.set_alerts([], None, "Asia/Shanghai")

    # -- data -----------------------------------------------------------------------------------
    def set_alerts(self, alerts: list, now: datetime | None, tz: str, paused_until: str | None = None,
                   waiting: int | None = None, total: int | None = None) -> None:
        """``waiting``: how many want attention (the heading); ``total``: open in all, when the
        list shows only the first of many."""
        selected = set(self.selected_ids())
        self._alerts, self._now, self._tz = alerts, now, tz
        self._waiting = waiting
        shortened = total is not None and total > len(alerts)
        # no count known yet (the first read is still running): no sentence rather than "of None"
        self.more.setText(self.tr("Showing the %1 most urgent of %2 open alerts.")
                          .replace("%1", str(len(alerts))).replace("%2", str(total)) if shortened else "")
        self.more.setVisible(shortened)
        if paused_until:
            self.paused.setText(self.tr("Notifications paused until %1; alerts are still collected here.")
                                .replace("%1", paused_until))
        self.paused.setVisible(bool(paused_until))
        self._fill(selected=selected)

    def visible_alerts(self) -> list:
        kind = self.kind_box.currentData()
        return [a for a in self._alerts if kind is None or a.kind == kind]

    def _fill(self, *_args, selected: set | None = None) -> None:
        selected = selected if selected is not None else set(self.selected_ids())
        rows = self.visible_alerts()
        now = self._now
        self.list.clear()
        for a in rows:
            snoozed = bool(a.snoozed_until and now and a.snoozed_until > now)
            when = (self.tr("Snoozed until %1").replace("%1", timeutil.short(a.snoozed_until, self._tz, now))
                    if snoozed else timeutil.short(a.created, self._tz, now))
            item = QListWidgetItem()
            item.setData(ALERT_ROLE, (a, when, snoozed))
            item.setData(Qt.UserRole, a.id)
            item.setToolTip(f"{a.title}\n{a.body}")
            self.list.addItem(item)
            item.setSelected(a.id in selected)
        waiting = self._waiting
        if waiting is None:
            waiting = sum(1 for a in self._alerts if not (a.snoozed_until and now and a.snoozed_until > now))
        self.heading.setText(self.tr("Alerts (%1)").replace("%1", str(waiting)))
        self.list.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self.btn_ack_all.setEnabled(bool(rows))
        self._update_buttons()

    def selected_alerts(self) -> list:
        ids = set(self.selected_ids())
        return [a for a in self._alerts if a.id in ids]

    def selected_ids(self) -> list[int]:
        return [it.data(Qt.UserRole) for it in self.list.selectedItems()]

    def select_alert(self, alert_id: int) -> None:
        for i in range(self.list.count()):
            it = self.list.item(i)
            it.setSelected(it.data(Qt.UserRole) == alert_id)

    def _update_buttons(self) -> None:
        sel = self.selected_alerts()
        for b in (self.btn_ack, self.btn_snooze):
            b.setEnabled(bool(sel))
        self.btn_open.setEnabled(len(sel) == 1)
        self.btn_picked.setVisible(any(a.kind == "pickup" for a in sel))

    def _snooze(self, how) -> None:
        ids = self.selected_ids()
        if ids:
            self.snooze_requested.emit(ids, how)

    def open_selected(self) -> None:
        sel = self.selected_alerts()
        if len(sel) == 1:
            self.open_requested.emit(*sel[0].target)


class AlertController(QObject):
    """Glue between the window, the tray, the scheduler's results and the alert centre."""

    counted = Signal(int)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.svc = window.svc
        self.tray = None
        self._asked = 0  # reads asked for: only the newest answer is shown
        self.quitting = False  # set by the window's quit: closing then really closes
        self.bell = AlertBell()
        self.bell.clicked.connect(self.toggle)
        # without a tray (or when it cannot show messages) the latest notification shows here
        self.banner = QPushButton()
        self.banner.setObjectName("alertBanner")
        self.banner.setCursor(Qt.PointingHandCursor)
        self.banner.setFlat(True)
        self.banner.hide()
        self.banner.clicked.connect(self._banner_clicked)
        self._banner_target: tuple[str, object] | None = None
        self._banner_timer = QTimer(self, singleShot=True, interval=120_000)
        self._banner_timer.timeout.connect(self.banner.hide)
        corner = QWidget()
        row = QHBoxLayout(corner)
        row.setContentsMargins(0, 0, 4, 0)
        row.setSpacing(6)
        row.addWidget(self.banner)
        row.addWidget(self.bell)
        # the tab bar's corner: always in sight, whatever the tab, tray or not
        window.tabs.setCornerWidget(corner, Qt.TopRightCorner)
        self.centre = AlertCentre(window)
        self.centre.setWindowFlags(Qt.Popup)
        self.centre.open_requested.connect(self._open)
        self.centre.acknowledge_requested.connect(self.acknowledge)
        self.centre.snooze_requested.connect(self.snooze)
        self.centre.picked_up_requested.connect(self.picked_up)
        window.refreshed.connect(lambda _snap: self.reload())
        self._minute = QTimer(self)  # snoozes run out and the pause ends between checks
        self._minute.timeout.connect(self.reload)
        self._minute.start(60_000)

    # -- the tray -------------------------------------------------------------------------------
    def attach_tray(self, tray) -> None:
        self.tray = tray
        tray.pause_requested.connect(self.pause)
        tray.resume_requested.connect(self.resume)
        tray.target_clicked.connect(self.window.open_target)
        if tray.available and setting(self.svc.settings, "ui.close_to_tray"):
            QApplication.instance().setQuitOnLastWindowClosed(False)
        self.reload()

    def close_to_tray(self, event) -> bool:
        """From closeEvent: hide instead of quitting when the tray can bring the window back."""
        keep = (not self.quitting and self.tray is not None and self.tray.available
                and bool(setting(self.svc.settings, "ui.close_to_tray")))
        # the setting may have changed since start-up: closing must quit when not kept in the tray,
        # and a dialog closing while the window is hidden must not quit when it is
        QApplication.instance().setQuitOnLastWindowClosed(not keep)
        if not keep:
            return False
        event.ignore()
        self.window.hide()
        if not self.svc.settings.get("ui.close_to_tray_explained"):
            from ui.tasks import run_task

            run_task(lambda: self.svc.set_setting("ui.close_to_tray_explained", True))  # #15: off the GUI thread
            self.tray.notify(self.tr("Still running in the tray"),
                             self.tr("ShopSentry keeps checking your orders. Right-click the tray icon to quit; "
                                     "Settings → General turns this off."), None)
        return True

    # -- scheduler results ------------------------------------------------------------------------
    def on_check(self, result) -> None:
        """A scheduler evaluation finished (queued onto the GUI thread by CheckerBridge)."""
        self.reload()
        if result.error:
            self.show_banner(self.tr("The last check failed: %1 (details in the log file)")
                             .replace("%1", result.error), None, error=True)
        for n in result.notifications:
            self.notify(n)

    def notify(self, n) -> str:
        """Tray message when there is a tray; otherwise the status bar, the bell and a flashing window."""
        target = (n.tab, n.key)
        if self.tray is not None:
            how = self.tray.notify(n.title, n.body, target, n.critical)  # flashes by itself without a tray
        else:
            how = "flash"
            QApplication.alert(self.window, 0)
        if how != "tray":
            self.show_banner(f"{n.title}：{n.body.splitlines()[0]}", target, error=n.critical)
        return how

    def show_banner(self, text: str, target: tuple[str, object] | None, error: bool = False) -> None:
        """The in-window notice next to the bell: one line, elided, a click opens its target."""
        fg, bg = style.TAGS["red" if error else "amber"]
        self.banner.setStyleSheet(f"QPushButton#alertBanner {{ color: {fg}; background: {bg}; border-radius: 4px;"
                                  f" padding: 2px 10px; font-weight: 600; }}")
        self.banner.setToolTip(text)
        self.banner.setText(QFontMetrics(self.banner.font()).elidedText(text, Qt.ElideRight, 560))
        self._banner_target = target
        self.banner.show()
        self._banner_timer.start()

    def _banner_clicked(self) -> None:
        self.banner.hide()
        if self._banner_target and self._banner_target[0]:
            self.window.open_target(*self._banner_target)
        else:
            self.toggle()

    # -- the list -----------------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.window.now()

    def _read(self, now: datetime):
        """The store's answer for the list; runs on a worker (#15: a shared server may be slow)."""
        return self.svc.open_alerts(now), self.svc.alerts_paused_until(now)

    def reload(self) -> None:
        """Read the list on a worker; the last rows stay shown until the answer comes."""
        from ui.tasks import read

        self._asked += 1
        ask, now = self._asked, self.now()

        def done(answer):
            if ask == self._asked:  # a newer read was asked for meanwhile: its answer is the one to show
                self._show(now, *answer)

        read(self, lambda: self._read(now), done)  # a failure is logged; the last figures stay

    def reload_sync(self) -> int:
        """The same read on the calling thread (tests, and nothing else)."""
        self._asked += 1  # an older worker answer must not overwrite this one
        now = self.now()
        try:
            answer = self._read(now)
        except Exception:  # the store is closing or busy: keep the last figures
            log.exception("could not read alerts")
            return self.bell.count
        return self._show(now, *answer)

    def _show(self, now: datetime, listed, until) -> int:
        rows, count, total = listed
        paused = timeutil.local(until, self.svc.tz).strftime("%H:%M") if until else None
        self.bell.set_count(count, paused)
        self.centre.set_alerts(rows, now, self.svc.tz, paused, count, total)
        if self.tray is not None:
            self.tray.set_count(count)
            self.tray.set_paused(paused)
        self.counted.emit(count)
        return count

    def toggle(self) -> None:
        if self.centre.isVisible():
            self.centre.hide()
            return
        self.reload()
        below = self.bell.mapToGlobal(QPoint(self.bell.width(), self.bell.height() + 2))
        screen = self.bell.screen().availableGeometry()
        x = max(screen.left(), min(below.x() - self.centre.width(), screen.right() - self.centre.width()))
        self.centre.move(x, min(below.y(), screen.bottom() - self.centre.height()))
        self.centre.show()
        self.centre.list.setFocus()

    def _open(self, tab: str, key) -> None:
        self.centre.hide()
        self.window.open_target(tab, key)

    def acknowledge(self, ids: list) -> None:
        if ids:
            now = self.now()
            self._write(lambda: self.svc.acknowledge_alerts(ids, now))

    def snooze(self, ids: list, how) -> None:
        if not ids:
            return
        now = self.now()
        if how == "digest":
            hh, mm = (int(x) for x in str(setting(self.svc.settings, "alerts.digest_time")).split(":"))
            local = timeutil.local(now, self.svc.tz)
            until = local.replace(hour=hh, minute=mm, second=0, microsecond=0)
            if until <= local:
                until += timedelta(days=1)
        else:
            until = now + how
        self._write(lambda: self.svc.snooze_alerts(ids, until))

    def picked_up(self, ids: list) -> None:
        """Pickup alerts: mark their parcels picked up; the next check resolves the alerts."""
        keys = {a.key.split(":", 1)[1] for a in self.centre.selected_alerts() if a.id in ids}
        now, svc = self.now(), self.svc

        def book():
            pks = svc.order_pks(keys)
            if pks:
                svc.mark_picked_up(pks, now)
                svc.acknowledge_alerts(ids, now)

        self._write(book)

    def pause(self, minutes: int) -> None:
        until = self.now() + timedelta(minutes=minutes)
        self._write(lambda: self.svc.pause_alerts(until))

    def resume(self) -> None:
        self._write(lambda: self.svc.pause_alerts(None))

    def _write(self, fn) -> None:
        """A store write off the GUI thread (#15); the list is read again once it landed."""
        from ui.writes import write

        write(self.window, self.tr("Alerts"), fn, lambda _r: self.reload())


def install(window) -> AlertController:
    """The main window's hook: bell + alert centre in place, returns the controller."""
    return AlertController(window)


def open_row(window, tab: str, key) -> bool:
    """Show ``tab`` with the row for ``key`` selected (clearing filters that hide it)."""
    index = TAB_INDEX[tab]
    window.tabs.setCurrentIndex(index)
    widget = window.tabs.widget(index)
    if key is None:
        return False
    if tab == "health":  # a platform: its section scrolled into view
        return widget.show_platform(key)
    if tab == "risk" and isinstance(key, str):
        key = next((r.order_pk for r in widget.model.all_rows()
                    if f"order:{r.platform}:{r.order_id}" == key), None)
        if key is None:
            return False
    if widget.select_key(key):
        return True
    # hidden by the search box or a filter: clear them and try again
    widget.search.clear()
    for box in (widget.platform_box, widget.status_box):
        box.setCurrentIndex(0)
    widget.risk_only.setChecked(False)
    widget.refilter()
    return widget.select_key(key)

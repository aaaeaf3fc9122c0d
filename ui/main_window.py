"""The main window: four tabs, menus, status bar, drag-and-drop import."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QTabWidget,
)

from app import timeutil
from app.services import VERSION, failure_words
from app.text import platform_name
from ui import fmt
from ui.auto_import import AutoImportNotes
from ui.refresh import Refreshing
from ui.tabs.contact import ContactTab
from ui.tabs.health_tab import HealthTab
from ui.tabs.inventory_tab import InventoryTab
from ui.tabs.risk_tab import RiskTab
from ui.tasks import run_task
from ui.writes import write

log = logging.getLogger(__name__)
IMPORT_FILTER = "Spreadsheets (*.xlsx *.xls *.csv *.ods);;All files (*)"


class MainWindow(Refreshing, AutoImportNotes, QMainWindow):
    refreshed = Signal(object)  # the snapshot just shown (after a contact action: its queue re-listed)
    import_finished = Signal(list)
    settings_saved = Signal()  # the settings dialog's changes are written (on a worker)

    TAB_INVENTORY, TAB_RISK, TAB_CONTACT, TAB_HEALTH = 0, 1, 2, 3

    def __init__(self, svc, clock=None, parent=None):
        super().__init__(parent)
        self.svc = svc
        self.clock = clock or (lambda: datetime.now(UTC))
        self.snapshot: dict | None = None
        self.tray = None  # set by ui.app when the system has a tray
        self._busy = self._again = False
        self.setWindowTitle(self.tr("ShopSentry"))
        self.setAcceptDrops(True)
        self.ui_settings = QSettings(str(Path(svc.store.data_dir) / "ui.ini"), QSettings.IniFormat)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.inventory = InventoryTab()
        self.inventory.bind(svc, self.now)
        self.risk = RiskTab(svc.tz)
        self.contact = ContactTab(svc.tz)
        self.health = HealthTab()
        self.tabs.addTab(self.inventory, self.tr("Inventory"))
        self.tabs.addTab(self.risk, self.tr("Order risk"))
        self.tabs.addTab(self.contact, self.tr("Customer contact"))
        self.tabs.addTab(self.health, self.tr("Shop health"))
        self.setCentralWidget(self.tabs)
        for tab in (self.inventory, self.risk, self.contact, self.health):
            tab.import_requested.connect(self.choose_import)
            tab.demo_requested.connect(self.load_demo)  # a seller who declined the demo finds it here
        self._wire_tabs()
        self._menus()

        self.status_import = QLabel()
        self.status_fresh = QLabel()  # per platform: how old its newest export is (amber when stale)
        self.status_check = QLabel()
        self.status_counts = QLabel()
        for w in (self.status_import, self.status_fresh, self.status_check):
            w.setContentsMargins(4, 0, 12, 0)  # three facts apart, not one run-on line
            self.statusBar().addWidget(w)
        self.statusBar().addPermanentWidget(self.contact.left_label)
        self.statusBar().addPermanentWidget(self.status_counts)
        self.tabs.currentChanged.connect(self._tab_shown)
        from ui.connection_watch import ConnectionWatch

        self.connection = ConnectionWatch(self, svc, self.refresh)  # a shared server gone: say so, retry
        from ui import alert_centre

        self.alerts = alert_centre.install(self)  # bell with the count + alert list, tray or not
        from ui import incidents

        incidents.install(self)  # the incident banner over the risk tab
        self._restore_geometry()
        self._tab_shown(self.tabs.currentIndex())

    # -- set-up ------------------------------------------------------------
    def _menus(self) -> None:
        m = self.menuBar().addMenu(self.tr("&File"))
        self.act_import = QAction(self.tr("&Import…"), self, shortcut=QKeySequence("Ctrl+O"),
                                  triggered=self.choose_import)
        self.act_history = QAction(self.tr("Import &history…"), self, triggered=self.show_import_history)
        self.act_export = QAction(self.tr("&Export…"), self, shortcut=QKeySequence("Ctrl+E"),
                                  triggered=self.choose_export)
        self.act_check = QAction(self.tr("Check now"), self, shortcut=QKeySequence("F5"),
                                 triggered=self.refresh)
        self.act_demo = QAction(self.tr("Load demo data"), self, triggered=self.load_demo)
        self.act_settings = QAction(self.tr("Settings…"), self, triggered=self.open_settings)
        self.act_backups = QAction(self.tr("Backups and restore…"), self, triggered=self.open_backups)
        self.act_quit = QAction(self.tr("E&xit"), self, shortcut=QKeySequence.Quit, triggered=self.quit_app)
        for a in (self.act_import, self.act_history, self.act_export, self.act_check, self.act_demo, self.act_backups,
                  self.act_settings):
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.act_quit)
        h = self.menuBar().addMenu(self.tr("&Help"))
        # where the log is, for support (the error dialog names the same folder)
        h.addAction(QAction(self.tr("Open data folder"), self, triggered=lambda: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(self.svc.store.data_dir)))))
        h.addAction(QAction(self.tr("&About"), self, triggered=self.about))
        h.addAction(QAction(self.tr("Keyboard shortcuts"), self, triggered=self.show_contact_keys))
        for i in range(4):
            self.addAction(QAction(self, shortcut=QKeySequence(f"Ctrl+{i + 1}"),
                                   triggered=lambda _=False, i=i: self.open_tab(i)))
            self.tabs.setTabToolTip(i, f"Ctrl+{i + 1}")

    def open_tab(self, i: int) -> None:
        """Ctrl+1…4; Ctrl+3 lands in the contact queue ready for the keyboard loop."""
        self.tabs.setCurrentIndex(i)
        if i == self.TAB_CONTACT:
            self.contact.focus_queue()

    def show_contact_keys(self) -> None:
        self.open_tab(self.TAB_CONTACT)
        self.contact.show_keys()

    def _tab_shown(self, i: int) -> None:
        self.contact.left_label.setVisible(i == self.TAB_CONTACT)

    def _wire_tabs(self) -> None:
        self.risk.mark_shipped.connect(lambda pks: self._order_action(self.svc.mark_shipped, pks))
        self.risk.mark_picked_up.connect(lambda pks: self._order_action(self.svc.mark_picked_up, pks))
        self.risk.add_to_contacts.connect(self.add_to_contacts)
        self.risk.export_requested.connect(lambda: self.choose_export("risk"))
        self.inventory.export_requested.connect(lambda: self.choose_export("stock"))
        self.inventory.changed.connect(self.refresh)
        self.contact.export_requested.connect(lambda: self.choose_export("contacts"))
        self.contact.bind(self.svc, self.now)
        self.contact.changed.connect(self._contact_written)
        self.contact.relisted.connect(self._queue_relisted)
        self.contact.templates_changed.connect(self.refresh)  # untouched messages are re-written: every tab
        self.health.show_orders.connect(self.show_shop_rate_orders)

    def _restore_geometry(self) -> None:
        geo = self.ui_settings.value("geometry")
        if geo is None or not self.restoreGeometry(geo):
            self._default_geometry()
        tab = self.ui_settings.value("tab")
        if tab is not None:
            self.tabs.setCurrentIndex(int(tab))
        else:
            self.tabs.setCurrentIndex(self.TAB_RISK)

    def _default_geometry(self) -> None:
        """1280×800 (UI.md), shrunk to fit a small laptop screen, centred."""
        screen = self.screen().availableGeometry()
        w, h = min(1280, int(screen.width() * 0.95)), min(800, int(screen.height() * 0.92))
        self.resize(w, h)
        self.move(screen.x() + (screen.width() - w) // 2, screen.y() + (screen.height() - h) // 2)

    def save_geometry(self) -> None:
        self.ui_settings.setValue("geometry", self.saveGeometry())
        self.ui_settings.setValue("tab", self.tabs.currentIndex())
        self.ui_settings.sync()

    def closeEvent(self, event) -> None:
        self.save_geometry()
        if self.alerts.close_to_tray(event):
            return
        super().closeEvent(event)

    # -- data ----------------------------------------------------------------
    def now(self) -> datetime:
        return self.clock()

    def apply_snapshot(self, snap: dict) -> None:
        self.connection.ok()
        self.snapshot = snap
        now = snap["now"]
        self.inventory.tz = self.risk.tz = self.contact.tz = self.svc.tz  # the shop zone may have changed in the settings
        for tab in (self.inventory, self.risk, self.contact, self.health):  # which empty state fits
            tab.set_shop(snap["counts"]["orders"] > 0, not snap["counts"]["orders"] and not snap["stock"])
        self.inventory.set_data(snap["stock"], snap.get("prepare"), snap.get("unmatched"), snap.get("catalogue"))
        self.risk.set_freshness(snap.get("fresh") or [])  # first: the detail pane names the export's age
        self.risk.set_data(snap["risk"], snap["info"], now, snap.get("health_marks"))
        self._show_freshness(snap.get("fresh") or [], now)
        self.contact.set_data(snap["tasks"], now)
        marks = snap.get("health_marks") or {}
        self.health.set_data(snap.get("health") or [], snap.get("health_texts") or [], len(marks))
        c = snap["counts"]
        tz = self.svc.tz
        self.status_import.setToolTip(c.get("last_file") or "")
        if c.get("last_import"):
            self.status_import.setText(self.tr("Last import: %1").replace(
                "%1", fmt.when(c["last_import"], tz, now)))
        elif self.svc.settings.get("demo.loaded") and c["orders"]:
            self.status_import.setText(self.tr("Demo shop — import your own exports with Ctrl+O"))
        else:
            self.status_import.setText(self.tr("No import yet"))
        self.status_check.setText(self.tr("Last check: %1").replace("%1", fmt.when(now, tz, now)))
        self.status_counts.setText(self.tr("%1 orders · %2 open · %3 SKUs").replace("%1", fmt.number(c["orders"]))
                                   .replace("%2", fmt.number(c["open"])).replace("%3", fmt.number(len(snap["stock"]))))
        self.refreshed.emit(snap)

    def _show_freshness(self, rows, now) -> None:
        from ui import style

        parts, tips = [], []
        for f in (f for f in rows if f.last_import is not None):
            text = f.label()
            parts.append(f"<span style='color:{style.AMBER}'><b>{text}</b></span>" if f.stale else text)
            if f.last_import is not None:
                tips.append(self.tr("%1: export imported %2").replace("%1", platform_name(f.platform))
                            .replace("%2", fmt.when(f.last_import, self.svc.tz, now)))
        self.status_fresh.setText(" · ".join(parts))
        self.status_fresh.setToolTip("\n".join(tips))


    def open_target(self, tab: str, key) -> None:
        """A notification or an alert was clicked: the right tab with the row selected."""
        from ui.alert_centre import open_row

        self.bring_forward()
        if tab == "imports":  # an automatic import's note: its summary
            self.show_auto_import_summary(key)
            return
        if tab == "backup":  # a failed automatic backup: the page that says where and lets you retry
            self.open_backups()
            return
        if tab == "incident":  # a price error / order flood: its view with the playbook
            from ui.incidents import open_incident

            open_incident(self, key)
            return
        open_row(self, tab, key)

    def open_backups(self):
        """The 备份与恢复 page; after a restore or a shop import everything is read again."""
        from ui.dialogs.backup_page import BackupDialog

        dlg = BackupDialog(self.svc, self.now, self)
        dlg.restored.connect(self._database_replaced)
        self.backup_page = dlg  # tests and the smoke test reach the open page
        dlg.exec()
        self.backup_page = None
        return dlg

    def _database_replaced(self, _result) -> None:
        self.refresh()
        if getattr(self, "checker", None) is not None:
            self.checker.run_now("manual")  # alerts of the restored data, now

    def open_settings(self) -> None:
        from ui.dialogs.settings_dialog import SettingsDialog

        dlg = SettingsDialog(self.svc.settings, self.svc, self)
        if dlg.exec():
            changes = dlg.changed(self.svc.settings)
            write(self, self.tr("Settings"), lambda: self._save_settings(changes), self._settings_saved)

    def _save_settings(self, changes: dict) -> list:
        """On a worker (#15): each setting written; the values the core refused come back."""
        refused = []
        for key, value in changes.items():
            try:
                self.svc.set_setting(key, value)
            except ValueError:  # a time zone typed by hand that does not exist
                refused.append(value)
        return refused

    def _settings_saved(self, refused: list) -> None:
        for value in refused:
            QMessageBox.warning(self, self.tr("Settings"), self.tr(
                "There is no time zone called %1; the shop time zone was not changed.")
                .replace("%1", str(value)))
        if getattr(self, "watch_bridge", None) is not None:
            self.watch_bridge.start()  # a changed folder list applies at once
        self.refresh()
        self.settings_saved.emit()

    def _task_failed(self, exc: Exception) -> None:
        self._busy = False
        self._say_failure(exc)

    def _say_failure(self, exc: Exception) -> None:
        if self.connection.lost(exc):
            return
        QMessageBox.warning(self, self.tr("ShopSentry"),
                            self.tr("Something went wrong: %1\nDetails are in the log file.")
                            .replace("%1", failure_words(exc)))

    def _order_action(self, fn, pks: list[int]) -> None:
        if pks:
            now = self.now()
            write(self, self.tr("ShopSentry"), lambda: fn(pks, now), lambda _r: self.refresh())

    def show_shop_rate_orders(self) -> None:
        """The health panel's order count: the risk tab showing only the orders that affect a rate."""
        self.tabs.setCurrentIndex(self.TAB_RISK)
        self.risk.show_shop_rate_only()

    def add_to_contacts(self, pks: list[int]) -> None:
        now = self.now()

        def added(ids):
            if ids:
                self.contact.select_after_refresh(ids[0])
            self.refresh()
            self.tabs.setCurrentIndex(self.TAB_CONTACT)

        write(self, self.tr("ShopSentry"), lambda: self.svc.contact.add(pks, now) if pks else [], added)

    # -- import / export -----------------------------------------------------
    def choose_import(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Import order exports or a stock sheet"),
                                                str(Path.home()), IMPORT_FILTER)
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[str]) -> None:
        from ui.dialogs.import_dialog import run_import

        run_import(self, self.svc, paths, self.now(), on_done=self._imported)

    def show_import_history(self) -> None:
        from ui.dialogs.import_dialog import ImportHistoryDialog
        from ui.tasks import read

        def show(rows):
            ImportHistoryDialog(rows, self.svc.tz, self.now(), self).exec()

        read(self, self.svc.import_history, show, self._say_failure)  # read on a worker (#15)

    def _imported(self, results: list) -> None:
        self.import_finished.emit(results)
        self.refresh()

    def choose_export(self, kind: str | None = None) -> None:
        kinds = {"orders": self.tr("Orders"), "risk": self.tr("Order risk"), "stock": self.tr("Stock"),
                 "contacts": self.tr("Contact list")}
        if kind not in kinds:
            names = list(kinds.values())
            label, ok = QInputDialog.getItem(self, self.tr("Export"), self.tr("What to export"), names, 1, False)
            if not ok:
                return
            kind = list(kinds)[names.index(label)]
        stamp = timeutil.local(self.now(), self.svc.tz).strftime("%Y%m%d-%H%M")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), str(Path.home() / f"shopsentry-{kind}-{stamp}.xlsx"),
                                              "Excel (*.xlsx)")
        if not path:
            return
        now = self.now()
        progress = QProgressDialog(self.tr("Exporting…"), None, 0, 0, self)
        progress.setWindowModality(Qt.WindowModal)
        progress.show()

        def done(out):
            progress.close()
            self.statusBar().showMessage(self.tr("Exported to %1").replace("%1", str(out)), 8000)

        def failed(exc):
            progress.close()
            self._task_failed(exc)

        run_task(lambda: self.svc.export(kind, Path(path), now=now), done, failed)

    def load_demo(self) -> None:
        now, svc = self.now(), self.svc

        def load() -> bool:  # on a worker (#15): whether the shop is empty is a query too
            if not svc.is_empty():
                return False
            svc.load_demo(now)
            return True

        def loaded(done: bool):
            if not done:
                QMessageBox.information(self, self.tr("Demo data"),
                                        self.tr("Demo data can only be loaded into an empty shop."))
                return
            self.import_finished.emit([])  # new orders, like an import: the scheduler checks them now
            self.refresh()

        write(self, self.tr("Demo data"), load, loaded)

    # -- drag and drop ---------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- misc ---------------------------------------------------------------------
    def bring_forward(self, paths: list[str] | None = None) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()
        if paths:
            self.import_paths(paths)

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About ShopSentry"),
                          self.tr("<b>ShopSentry %1</b><p>Sees late shipments, stock-outs and platform "
                                  "deductions coming, and helps you tell each buyer first.</p>"
                                  "<p>Data folder: %2</p>").replace("%1", VERSION)
                          .replace("%2", str(self.svc.store.data_dir)))

    def quit_app(self) -> None:
        self.save_geometry()
        self.alerts.quitting = True  # Qt 6 quit() closes windows first: close-to-tray must let it
        from PySide6.QtWidgets import QApplication

        QApplication.quit()

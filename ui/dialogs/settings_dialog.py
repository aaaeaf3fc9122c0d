"""Settings: time zone, language, risk thresholds, stop-ship regions, reminders, platform rules."""

from __future__ import annotations

import json
from zoneinfo import available_timezones

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.labels import setting_label
from app.services import assumed_window_days, setting
from ui.dialogs.rules_page import RulesPage

COMMON_ZONES = ["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Bangkok", "Asia/Ho_Chi_Minh",
                "Asia/Kuala_Lumpur", "Asia/Singapore", "Asia/Jakarta", "Asia/Manila", "Europe/London",
                "America/Los_Angeles", "America/New_York", "UTC"]


class SettingsDialog(QDialog):
    def __init__(self, settings: dict, svc=None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.resize(1060, 680)
        self.values = dict(settings)
        tabs = QTabWidget()

        tabs.addTab(self._general_page(settings), self.tr("General"))

        from ui.dialogs.watch_settings import WatchSettingsPage

        self.watch_page = WatchSettingsPage(settings, svc)
        tabs.addTab(self.watch_page, setting_label("watch.folders"))

        tabs.addTab(self._risk_page(settings), self.tr("Risk and stock"))

        from ui.dialogs.alerts_settings import AlertsSettingsPage

        self.reminders = AlertsSettingsPage(settings)
        tabs.addTab(self.reminders, self.tr("Reminders"))
        if svc is not None:  # group robots and e-mail (ui/dialogs/channels_page.py): changes apply at once
            from ui.dialogs.channels_page import ChannelsPage

            self.channels_page = ChannelsPage(svc, parent=self)
            tabs.addTab(self.channels_page, self.tr("Alert channels"))

        self.shared_page = None
        if svc is not None:  # staff name and the shop's shared server (ui/dialogs/shared_db_page.py)
            from ui.dialogs.shared_db_page import SharedDbPage

            self.shared_page = SharedDbPage(svc, parent=self)
            tabs.addTab(self.shared_page, self.tr("Shared database"))

        # rule tables, the shop's promises, pauses and stop-ship regions (ui/dialogs/rules_page.py)
        self.rules_page = RulesPage(settings, svc.rule_tables(), svc.rule_problems,
                                    svc.rule_calendar) if svc is not None else None
        if self.rules_page is not None:
            tabs.addTab(self.rules_page, self.tr("Platform rules"))

        lay = QVBoxLayout(self)
        self.problems = problems = getattr(svc, "setting_problems", None) or []
        if problems:  # a damaged stored value reads as its default: say which, so it can be set again
            shown = self.tr("; ").join(self.tr("%1: stored %2, using the default %3").replace("%1", setting_label(p.key))
                                       .replace("%2", self._stored(p.stored)).replace("%3", self._used(p.key, p.used))
                                       for p in problems)
            self.damaged = QLabel(self.tr("Some saved settings could not be read and their defaults are used: %1. "
                                          "Press OK to save good values.").replace("%1", shown))
            self.damaged.setWordWrap(True)
            self.damaged.setObjectName("warningBanner")
            self.damaged.setStyleSheet("background:#FEF3F2;color:#912018;padding:8px;border-radius:4px;")
            lay.addWidget(self.damaged)
        lay.addWidget(tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _general_page(self, settings: dict) -> QWidget:
        """Time zone, language, close to the tray."""
        general = QWidget()
        f = QFormLayout(general)
        self.tz = QComboBox()
        self.tz.setEditable(True)
        zones = COMMON_ZONES + sorted(z for z in available_timezones() if z not in COMMON_ZONES)
        self.tz.addItems(zones)
        self.tz.setCurrentText(setting(settings, "timezone"))
        f.addRow(setting_label("timezone"), self.tz)
        self.lang = QComboBox()
        self.lang.addItem("简体中文", "zh_CN")
        self.lang.addItem("English", "en")
        self.lang.setCurrentIndex(max(self.lang.findData(setting(settings, "language")), 0))
        f.addRow(setting_label("language"), self.lang)
        self.close_to_tray = QCheckBox(setting_label("ui.close_to_tray"))
        self.close_to_tray.setChecked(bool(setting(settings, "ui.close_to_tray")))
        f.addRow("", self.close_to_tray)
        return general

    def _risk_page(self, settings: dict) -> QWidget:
        """Risk thresholds, the sales window, the review period and TikTok's assumed window."""
        risk = QWidget()
        f = QFormLayout(risk)
        self.critical = self._hours(setting(settings, "risk.critical_hours"))
        self.warning = self._hours(setting(settings, "risk.warning_hours"))
        f.addRow(setting_label("risk.critical_hours"), self.critical)
        f.addRow(setting_label("risk.warning_hours"), self.warning)
        self.velocity = self._hours(setting(settings, "stock.velocity_days"), 365)
        f.addRow(setting_label("stock.velocity_days"), self.velocity)
        self.review = self._hours(setting(settings, "stock.review_days"), 90)
        # not the supplier's lead time (采购周期, set per SKU): how often the seller re-orders
        self.review.setToolTip(self.tr("How often you check stock and place purchase orders; "
                                       "the supplier's lead time is set per SKU"))
        f.addRow(setting_label("stock.review_days"), self.review)
        windows = setting(settings, "health.window_days")
        assumed = assumed_window_days("tiktok") or 30  # the shipped table's figure (resources/rules/health)
        self.tiktok_window = self._hours(int(windows["tiktok"]) if str(windows.get("tiktok", "")).isdigit()
                                         else assumed, 180)
        # TikTok does not publish its late-dispatch evaluation period: the panel says it assumes this
        self.tiktok_window.setToolTip(self.tr("TikTok Shop does not publish the period its late-dispatch and "
                                              "cancellation rates are measured over; the shop-health panel "
                                              "uses this many days and says so"))
        f.addRow(setting_label("health.window_days"), self.tiktok_window)
        return risk

    @staticmethod
    def _stored(stored: str) -> str:
        """What was stored, as typed: a JSON string without its quotes, long values cut short."""
        try:
            value = json.loads(stored)
        except (ValueError, RecursionError):
            value = stored
        text = value if isinstance(value, str) else stored
        return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"

    def _used(self, key: str, value) -> str:
        """The default in words: on/off, none, a language's own name; never a Python repr."""
        if key == "language" and self.lang.findData(value) >= 0:
            return self.lang.itemText(self.lang.findData(value))
        if isinstance(value, bool):
            return self.tr("on") if value else self.tr("off")
        if value in (None, [], {}):
            return self.tr("none")
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    @staticmethod
    def _hours(value, maximum=720) -> QSpinBox:
        s = QSpinBox()
        s.setRange(1, maximum)
        s.setValue(int(value))
        return s

    def _accept(self) -> None:
        if self.rules_page is not None:
            if self.rules_page.problems():
                return
            self.values.update(self.rules_page.values())
        self.values.update({
            "timezone": self.tz.currentText().strip() or "Asia/Shanghai",
            "language": self.lang.currentData(),
            "ui.close_to_tray": self.close_to_tray.isChecked(),
            "risk.critical_hours": self.critical.value(),
            "risk.warning_hours": max(self.warning.value(), self.critical.value()),
            "stock.velocity_days": self.velocity.value(),
            "stock.review_days": self.review.value(),
            "health.window_days": {**(self.values.get("health.window_days") or {}), "tiktok": self.tiktok_window.value()},
            **self.reminders.values(),
            **self.watch_page.values(),
        })
        if self.shared_page is not None and self.shared_page.apply():
            QMessageBox.information(self, self.tr("Shared database"), self.tr(
                "The new database connection is used from the next start of ShopSentry on this computer."))
        self.accept()

    def changed(self, before: dict) -> dict:
        damaged = {p.key for p in self.problems}  # stored again, so the good value replaces the damaged one
        return {k: v for k, v in self.values.items() if before.get(k) != v or k in damaged}

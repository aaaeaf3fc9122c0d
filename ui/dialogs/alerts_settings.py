"""Settings page "Reminders": check interval, quiet hours, daily digest, follow-up and escalation delays."""

from __future__ import annotations

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLabel, QSpinBox, QTimeEdit, QWidget

from app.labels import setting_label
from app.services import setting
from ui import style


class AlertsSettingsPage(QWidget):
    """One page of the settings dialog; ``values()`` gives the settings it edits."""

    def __init__(self, settings: dict, parent=None):
        super().__init__(parent)
        f = QFormLayout(self)
        self.interval = QSpinBox()
        self.interval.setRange(1, 240)
        self.interval.setSuffix(self.tr(" min"))
        self.interval.setValue(int(setting(settings, "scheduler.interval_minutes")))
        f.addRow(setting_label("scheduler.interval_minutes"), self.interval)

        start, end = setting(settings, "alerts.quiet_start"), setting(settings, "alerts.quiet_end")
        self.quiet = QCheckBox(self.tr("Hold notifications during quiet hours"))
        self.quiet.setChecked(start != end)
        # quiet hours switched off (an empty window): the widgets offer the usual hours
        self.quiet_start = self._time(start if start != end else setting({}, "alerts.quiet_start"))
        self.quiet_end = self._time(end if start != end else setting({}, "alerts.quiet_end"))
        span = QHBoxLayout()
        span.addWidget(self.quiet_start)
        span.addWidget(QLabel("–"))
        span.addWidget(self.quiet_end)
        span.addStretch(1)
        f.addRow("", self.quiet)
        f.addRow(setting_label("alerts.quiet_start"), span)
        self.quiet.toggled.connect(self.quiet_start.setEnabled)
        self.quiet.toggled.connect(self.quiet_end.setEnabled)
        self.quiet_start.setEnabled(self.quiet.isChecked())
        self.quiet_end.setEnabled(self.quiet.isChecked())

        self.digest = self._time(setting(settings, "alerts.digest_time"))
        f.addRow(setting_label("alerts.digest_time"), self.digest)
        self.follow_up = QSpinBox()
        self.follow_up.setRange(1, 240)
        self.follow_up.setSuffix(self.tr(" h"))
        self.follow_up.setValue(int(setting(settings, "contact.follow_up_hours")))
        f.addRow(setting_label("contact.follow_up_hours"), self.follow_up)
        # platforms treat an order still unshipped days after its deadline as out of stock
        self.escalate = QSpinBox()
        self.escalate.setRange(1, 720)
        self.escalate.setSuffix(self.tr(" h"))
        self.escalate.setValue(int(setting(settings, "contact.escalate_hours")))
        self.escalate.setToolTip(self.tr("A contact task still open this long after its order went overdue "
                                         "is escalated: refund or ask the platform to step in"))
        f.addRow(setting_label("contact.escalate_hours"), self.escalate)
        for w in (self.interval, self.digest, self.follow_up, self.escalate):
            w.setMaximumWidth(140)  # short values: a full-width field reads as a text box
        note = QLabel(self.tr("Alerts raised during quiet hours wait for the daily digest, which sums up the "
                              "orders at risk, the money at stake and the SKUs to reorder. Every alert also "
                              "stays in the alert centre (the bell at the top right)."))
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {style.GREY};")
        f.addRow(note)

    @staticmethod
    def _time(text: str) -> QTimeEdit:
        t = QTimeEdit(QTime.fromString(text, "HH:mm"))
        t.setDisplayFormat("HH:mm")
        return t

    def values(self) -> dict:
        start = self.quiet_start.time().toString("HH:mm")
        end = self.quiet_end.time().toString("HH:mm")
        if not self.quiet.isChecked() or start == end:
            start = end = "00:00"  # an empty window: quiet hours off
        return {
            "scheduler.interval_minutes": self.interval.value(),
            "contact.follow_up_hours": self.follow_up.value(),
            "contact.escalate_hours": self.escalate.value(),
            "alerts.quiet_start": start,
            "alerts.quiet_end": end,
            "alerts.digest_time": self.digest.time().toString("HH:mm"),
        }

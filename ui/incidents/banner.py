"""The banner over the order-risk tab while an incident is open: what, how much, one click to the view."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from ui import fmt, style


class IncidentBanner(QFrame):
    open_requested = Signal(int)  # an incident id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("incidentBanner")
        fg, bg = style.TAGS["red"]
        self.setStyleSheet(f"QFrame#incidentBanner {{ background: {bg}; border: 1px solid {fg}; border-radius: 6px; }}"
                           f" QFrame#incidentBanner QLabel {{ color: {fg}; }}")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.button = QPushButton(self.tr("Handle now"))
        self.button.setObjectName("primary")
        self.button.clicked.connect(lambda: self.incidents and self.open_requested.emit(self.incidents[0].id))
        lay.addWidget(self.text, 1)
        lay.addWidget(self.button)
        self.incidents: list = []
        self.hide()

    def set_incidents(self, incidents) -> None:
        self.incidents = list(incidents or [])
        if not self.incidents:
            self.hide()
            return
        v = self.incidents[0]
        head = (f"<b>⚠ {escape(v.kind_label)} · {escape(v.platform_label)} {escape(v.sku)}</b> — "
                f"{escape(v.reasons[0] if v.reasons else '')} · "
                f"<b>{escape(self.tr('at stake %1').replace('%1', fmt.money(v.exposure)))}</b>")
        more = len(self.incidents) - 1
        if more:
            head += "<br>" + escape(self.tr("and %1 more incidents").replace("%1", str(more)))
        self.text.setText(head)
        self.show()

"""The alert centre's pieces that draw: the bell with its count and one alert's row (tag chip,
title, time, body), with the words and colour of each alert's level."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPainterPath
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QToolButton

from app.paths import resource
from ui import style

ALERT_ROLE = Qt.UserRole + 1


def state_tag(kind: str, state: str) -> tuple[str, str]:
    """(text, tag colour) for an alert's level: colour plus words, never colour alone (UI.md)."""
    table = {
        ("late_shipment", "overdue"): (QCoreApplication.translate("alerts", "Overdue"), "red"),
        ("late_shipment", "critical"): (QCoreApplication.translate("alerts", "Urgent"), "orange"),
        ("late_shipment", "warning"): (QCoreApplication.translate("alerts", "Warning"), "amber"),
        ("stock", "oversold"): (QCoreApplication.translate("alerts", "Oversold"), "red"),
        ("stock", "out"): (QCoreApplication.translate("alerts", "Out of stock"), "orange"),
        ("stock", "low"): (QCoreApplication.translate("alerts", "Low stock"), "amber"),
        ("pickup", "late"): (QCoreApplication.translate("alerts", "Not picked up"), "red"),
        ("pickup", "due"): (QCoreApplication.translate("alerts", "Pickup due"), "orange"),
        ("follow_up", "due"): (QCoreApplication.translate("alerts", "Follow up"), "amber"),
        ("follow_up", "escalate"): (QCoreApplication.translate("alerts", "Escalate"), "red"),
        ("stale_data", "stale"): (QCoreApplication.translate("alerts", "Data old"), "amber"),
        ("stale_data", "cutoff"): (QCoreApplication.translate("alerts", "Export now"), "orange"),
        ("incident", "incident"): (QCoreApplication.translate("alerts", "Incident"), "red"),
    }
    return table.get((kind, state), (state, "grey"))


class AlertBell(QToolButton):
    """A bell with the count; red when something wants attention."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("alertBell")
        self.setIcon(QIcon(str(resource("icons", "bell.svg"))))
        self.setIconSize(QSize(18, 18))
        self.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.setAutoRaise(True)
        self.setCursor(Qt.PointingHandCursor)
        self.count = 0
        self.set_count(0)

    def set_count(self, n: int, paused_until: str | None = None) -> None:
        self.count = n
        self.setText(str(n) if n < 1000 else "999+")
        tip = self.tr("Alert centre: %1 open alerts").replace("%1", str(n))
        if paused_until:
            tip += "\n" + self.tr("Notifications paused until %1").replace("%1", paused_until)
        self.setToolTip(tip)
        colour = style.RED if n else style.GREY
        self.setStyleSheet(f"QToolButton#alertBell {{ color: {colour}; font-weight: 700; padding: 2px 8px; }}")


class AlertDelegate(QStyledItemDelegate):
    """Tag chip, bold title and time on the first line; the body (elided) below."""

    PAD = 8

    def sizeHint(self, option, index) -> QSize:
        fm = QFontMetrics(option.font)
        return QSize(300, fm.height() * 2 + self.PAD * 2 + 6)

    def paint(self, painter: QPainter, option, index) -> None:
        a, when, snoozed = index.data(ALERT_ROLE)
        painter.save()
        painter.setRenderHint(QPainter.Antialiasing)
        r = option.rect.adjusted(self.PAD, self.PAD - 2, -self.PAD, -self.PAD + 2)
        if option.state & QStyle.State_Selected:
            painter.fillRect(option.rect, QColor("#D1E9FF"))
        elif option.state & QStyle.State_MouseOver:
            painter.fillRect(option.rect, QColor("#F5F8FF"))
        painter.setPen(QColor("#EAECF0"))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        fm = QFontMetrics(option.font)
        line = fm.height()
        text, kind = state_tag(a.kind, a.state)
        fg, bg = style.TAGS["grey"] if snoozed else style.TAGS.get(kind, style.TAGS["grey"])
        chip = QRect(r.x(), r.y(), fm.horizontalAdvance(text) + 12, line + 2)
        path = QPainterPath()
        path.addRoundedRect(chip, 4, 4)
        painter.fillPath(path, QColor(bg))
        painter.setPen(QColor(fg))
        painter.drawText(chip, Qt.AlignCenter, text)
        painter.setPen(QColor(style.GREY))
        when_w = fm.horizontalAdvance(when) + 4
        painter.drawText(QRect(r.right() - when_w, r.y(), when_w, line + 2), Qt.AlignRight | Qt.AlignVCenter, when)
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor(style.GREY if snoozed else "#101828"))
        title_rect = QRect(chip.right() + 8, r.y(), r.right() - when_w - chip.right() - 14, line + 2)
        painter.drawText(title_rect, Qt.AlignLeft | Qt.AlignVCenter,
                         QFontMetrics(bold).elidedText(a.title, Qt.ElideRight, title_rect.width()))
        painter.setFont(option.font)
        painter.setPen(QColor("#475467"))
        body = a.body.replace("\n", " ")
        painter.drawText(QRect(r.x(), r.y() + line + 6, r.width(), line + 2), Qt.AlignLeft | Qt.AlignVCenter,
                         fm.elidedText(body, Qt.ElideMiddle, r.width()))
        painter.restore()

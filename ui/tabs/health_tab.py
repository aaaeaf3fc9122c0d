"""店铺健康: per platform the shop-level rates against the platform's lines, where they are heading,
the late dispatches the window can still take and when the oldest leaves; a 30-day chart each."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui import style
from ui.tabs.base import platform_name
from ui.widgets import EmptyState, SummaryCard

LEVEL_COLOUR = {"ok": style.GREEN, "watch": style.AMBER, "over": style.RED}
LEVEL_TAG = {"ok": "green", "watch": "amber", "over": "red", "too_few": "grey", None: "grey"}
INK, MUTED, GRID = "#101828", "#667085", "#EAECF0"


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def _scale(m) -> float:
    """The gauge's and chart's top: room above the highest line and the highest figure."""
    values = [x.value for x in m.d.lines] + [m.rate or 0, m.projected or 0]
    values += [p["rate"] or 0 for p in m.history + m.forecast]
    top = max(values + [0.05])
    if m.d.kind == "pickup_on_time":
        return 1.0
    return min(1.0, max(top * 1.25, (m.d.lines[-1].value * 1.5) if m.d.lines else 0))


class Tag(QLabel):
    """A coloured chip with its words (never colour alone)."""

    def __init__(self, text: str = "", kind: str = "grey", parent=None):
        super().__init__(text, parent)
        self.set_kind(kind)

    def set_kind(self, kind: str) -> None:
        fg, bg = style.TAGS.get(kind, style.TAGS["grey"])
        self.setStyleSheet(f"background:{bg}; color:{fg}; border-radius:4px; padding:1px 7px;")


class Gauge(QWidget):
    """The rate as a bar against the platform's line(s); the projection as a hollow marker."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.shown = None
        self.setMinimumHeight(44)

    def sizeHint(self) -> QSize:
        return QSize(360, 44)

    def set_metric(self, m) -> None:
        self.shown = m
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt's name)
        m = self.shown
        if m is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        top = _scale(m)
        x0, w = 4.0, self.width() - 8.0
        bar = QRectF(x0, 16, w, 12)
        path = QPainterPath()
        path.addRoundedRect(bar, 6, 6)
        p.fillPath(path, QColor("#F2F4F7"))
        few = m.level == "too_few"
        if m.rate is not None and not few:
            fill = QRectF(x0, 16, max(3.0, w * min(m.rate / top, 1.0)), 12)
            fp = QPainterPath()
            fp.addRoundedRect(fill, 6, 6)
            p.fillPath(fp, QColor(LEVEL_COLOUR.get(m.level, style.ACCENT)))
        if m.projected is not None and not few:
            px = x0 + w * min(m.projected / top, 1.0)
            p.setPen(QPen(QColor(INK), 2))
            p.setBrush(Qt.white)
            p.drawEllipse(QPointF(px, 22), 5, 5)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1.5))
        p.setFont(small)
        for line in m.d.lines:
            lx = x0 + w * min(line.value / top, 1.0)
            p.setPen(QPen(QColor(style.RED if line is m.d.lines[-1] else style.AMBER), 2))
            p.drawLine(QPointF(lx, 11), QPointF(lx, 33))
            p.setPen(QColor(MUTED))
            p.drawText(QRectF(lx - 30, 33, 60, 12), Qt.AlignCenter, _pct(line.value))
        p.setPen(QColor(MUTED))
        p.drawText(QRectF(x0, 0, 60, 14), Qt.AlignLeft | Qt.AlignVCenter, "0%")
        p.drawText(QRectF(x0 + w - 60, 0, 60, 14), Qt.AlignRight | Qt.AlignVCenter, _pct(top))
        p.end()


class RateChart(QWidget):
    """The last 30 days (solid) and the days to the end of the window (dashed) with the lines."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.shown = None
        self.today: date | None = None
        self.setMinimumHeight(120)
        self.setMaximumHeight(150)

    def sizeHint(self) -> QSize:
        return QSize(420, 140)

    def set_metric(self, m) -> None:
        self.shown = m
        self.update()

    def points(self) -> list[tuple[str, float | None, bool]]:
        """(date, rate, forecast?) in drawing order."""
        m = self.shown
        return ([(p["date"], p["rate"], False) for p in m.history] +
                [(p["date"], p["rate"], True) for p in m.forecast])

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt's name)
        m = self.shown
        if m is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1.5))
        p.setFont(small)
        pts = self.points()
        top = _scale(m)
        left, right, top_px, bottom = 40.0, self.width() - 8.0, 8.0, self.height() - 18.0
        area = QRectF(left, top_px, right - left, bottom - top_px)
        p.fillRect(area, Qt.white)
        p.setPen(QPen(QColor(GRID), 1))
        for k in range(3):
            y = bottom - area.height() * k / 2
            p.drawLine(QPointF(left, y), QPointF(right, y))
            p.setPen(QColor(MUTED))
            p.drawText(QRectF(0, y - 7, left - 4, 14), Qt.AlignRight | Qt.AlignVCenter, _pct(top * k / 2))
            p.setPen(QPen(QColor(GRID), 1))
        n = max(len(pts) - 1, 1)

        def xy(i: int, rate: float) -> QPointF:
            return QPointF(left + area.width() * i / n, bottom - area.height() * min(rate / top, 1.0))

        for line in m.d.lines:
            pen = QPen(QColor(style.RED if line is m.d.lines[-1] else style.AMBER), 1.5, Qt.DashLine)
            p.setPen(pen)
            y = xy(0, line.value).y()
            p.drawLine(QPointF(left, y), QPointF(right, y))
        hist = len(m.history)
        if hist:  # today's mark between the past and the forecast
            tx = xy(hist - 1, 0).x()
            p.setPen(QPen(QColor("#D0D5DD"), 1, Qt.DotLine))
            p.drawLine(QPointF(tx, top_px), QPointF(tx, bottom))
        colour = QColor(LEVEL_COLOUR.get(m.level, style.ACCENT))
        for forecast in (False, True):
            pen = QPen(colour if not forecast else QColor(MUTED), 2, Qt.DashLine if forecast else Qt.SolidLine)
            p.setPen(pen)
            path, started = QPainterPath(), False
            for i, (_d, rate, fc) in enumerate(pts):
                # the forecast continues from today's point so the two lines join
                if rate is None or (fc != forecast and not (forecast and i == hist - 1)):
                    started = False
                    continue
                pt = xy(i, rate)
                path.lineTo(pt) if started else path.moveTo(pt)
                started = True
            p.drawPath(path)
        p.setPen(QColor(MUTED))
        labels = [(0, pts[0][0] if pts else ""), (hist - 1, pts[hist - 1][0] if hist else ""),
                  (len(pts) - 1, pts[-1][0] if pts else "")]
        for i, d in labels:
            if not d:
                continue
            x = xy(i, 0).x()
            text = d[5:].replace("-", "-")
            align = Qt.AlignLeft if i == 0 else (Qt.AlignRight if i == len(pts) - 1 else Qt.AlignHCenter)
            rect = QRectF(x - (0 if i == 0 else 60 if i == len(pts) - 1 else 30), bottom + 2, 60, 14)
            p.drawText(rect, align | Qt.AlignVCenter, text)
        p.end()


class MetricRow(QFrame):
    """One metric: the figures in words on the left, gauge and chart on the right."""

    def __init__(self, tab, parent=None):
        super().__init__(parent)
        self.tab = tab
        self.setObjectName("metricRow")
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 10, 12, 10)
        grid.setHorizontalSpacing(18)
        left = QVBoxLayout()
        left.setSpacing(3)
        self.name = QLabel()
        self.name.setStyleSheet("font-weight:600; color:#101828;")
        self.name.setProperty("data", True)  # the platform's own term and source, as the rule table writes them
        self.level = Tag()
        self.heading = Tag("", "orange")  # within the line now, over it once the overdue orders ship
        self.source = Tag()
        # the name on its own line, the tags under it: long English tags fit the column too
        self.name.setWordWrap(True)
        left.addWidget(self.name)
        head = QHBoxLayout()
        head.setSpacing(6)
        head.addWidget(self.level)
        head.addWidget(self.heading)
        head.addWidget(self.source)
        head.addStretch(1)
        left.addLayout(head)
        self.rate = QLabel()
        self.rate.setStyleSheet("font-size:22px; font-weight:700;")
        self.rate.setWordWrap(True)
        left.addWidget(self.rate)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.RichText)
        left.addWidget(self.facts)
        self.note = QLabel()  # the rule table's note: data, in the table's words
        self.note.setWordWrap(True)
        self.note.setProperty("data", True)
        self.note.setStyleSheet(f"color:{MUTED};")
        left.addWidget(self.note)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(4)
        self.gauge = Gauge()
        self.gauge.setProperty("data", True)  # its tooltip lists the lines and sanctions as the rules write them
        self.chart = RateChart()
        self.legend = QLabel()
        self.legend.setStyleSheet(f"color:{MUTED};")
        right.addWidget(self.gauge)
        right.addWidget(self.chart, 1)
        right.addWidget(self.legend)
        lw, rw = QWidget(), QWidget()
        lw.setLayout(left)
        rw.setLayout(right)
        lw.setFixedWidth(380)  # the same in every row: the gauges line up down the page
        grid.addWidget(lw, 0, 0)
        grid.addWidget(rw, 0, 1)
        grid.setColumnStretch(1, 1)

    def set_metric(self, m, texts: dict[str, str]) -> None:
        self.shown = m
        self.name.setText(m.d.name)
        self.level.setText(self.tab.level_label(m.level) if m.known else self.tr("Not in the exports"))
        self.level.set_kind(LEVEL_TAG.get(m.level, "grey"))
        rank = {"ok": 0, "watch": 1, "over": 2}
        heading = rank.get(m.projected_level, -1) > rank.get(m.level, 9)  # worse once the overdue orders ship
        self.heading.setText(self.tr("Heading over") if heading else "")
        self.heading.setVisible(heading)
        self.source.setText(texts["source"] if m.d.official else self.tr("unverified: secondary source"))
        self.source.set_kind("blue" if m.d.official else "amber")
        self.name.setToolTip(f"{m.d.source} · {m.d.date} · {m.d.rule}")
        few = m.level == "too_few" or not m.known
        self.rate.setText(self.tr("Too few orders") if m.level == "too_few" else
                          self.tr("Cannot be computed") if not m.known else texts["rate"])
        self.rate.setStyleSheet("font-size:22px; font-weight:700; color:%s;" % (
            MUTED if few else LEVEL_COLOUR.get(m.level, INK)))
        if few:
            first = texts["rate"]  # why there is no rate
        elif m.d.kind == "seller_cancel" and not m.d.cancel_by:  # the reason alone: out of stock
            first = self.tr("%1 cancelled as out of stock of %2 orders paid").replace(
                "%1", str(m.late)).replace("%2", str(m.orders))
        elif m.d.kind == "seller_cancel":
            first = self.tr("%1 cancelled for the seller's fault of %2 orders paid").replace(
                "%1", str(m.late)).replace("%2", str(m.orders))
        elif m.d.kind == "pickup_on_time":
            first = self.tr("%1 on time of %2 picked up").replace("%1", str(m.late)).replace("%2", str(m.orders))
        else:
            first = self.tr("%1 late of %2 dispatched").replace("%1", str(m.late)).replace("%2", str(m.orders))
        facts = [first]
        if m.d.lines:
            facts.append(self.tr("Line: %1").replace("%1", texts["line"]))
        elif not texts["note"]:  # a note says it otherwise ("no published line: …")
            facts.append(texts["line"])
        strong = [texts["allowed"], texts["clears"]]
        for key in ("projected", "today", "points"):
            if texts[key]:
                facts.append(texts[key])
        facts.append(texts["window"])
        self.note.setText("" if m.d.window_assumed else texts["note"])
        self.note.setVisible(bool(self.note.text()))
        html = "".join(f"<div style='color:#101828;font-weight:600'>{_esc(x)}</div>" for x in strong if x)
        html += "".join(f"<div style='color:#475467'>{_esc(x)}</div>" for x in facts if x)
        self.facts.setText(html)
        self.gauge.set_metric(m)
        self.gauge.setToolTip("\n".join(f"{_pct(x.value)} {x.label} → {x.sanction}" for x in m.d.lines))
        self.chart.set_metric(m)
        legend = self.tr("Solid: the last 30 days · dashed: ahead, on today's volume · "
                         "dashed lines: the platform's lines")
        if m.projected is not None and m.level != "too_few":
            legend = self.tr("○ on the bar: once the overdue orders ship") + " · " + legend
        self.legend.setText(legend)


def _esc(text: str) -> str:
    from html import escape

    return escape(text)


class PlatformSection(QFrame):
    """A platform's metrics under its name."""

    def __init__(self, tab, platform: str, parent=None):
        super().__init__(parent)
        self.setObjectName("healthCard")
        self.platform = platform
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 4)
        lay.setSpacing(0)
        title = QLabel(platform_name(platform))
        title.setStyleSheet("font-size:15px; font-weight:700; color:#101828; padding:0 12px 4px 12px;")
        lay.addWidget(title)
        self.rows: list[MetricRow] = []
        self.tab = tab
        self.lay = lay

    def set_metrics(self, metrics, texts) -> None:
        while len(self.rows) < len(metrics):
            row = MetricRow(self.tab)
            self.rows.append(row)
            self.lay.addWidget(row)
        for row, m, tx in zip(self.rows, metrics, texts, strict=False):
            row.set_metric(m, tx)
            row.show()
        for row in self.rows[len(metrics):]:
            row.hide()


class HealthTab(QWidget):
    """Filled from the window's snapshot (``health`` metrics and their sentences)."""

    import_requested = Signal()
    demo_requested = Signal()
    show_orders = Signal()  # the risk tab, orders that affect the shop rate only

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("page")
        self.metrics: list = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 6)
        strip = QHBoxLayout()
        self.card_over = SummaryCard(self.tr("Over the line"), style.RED)
        self.card_heading = SummaryCard(self.tr("Heading over"), style.ORANGE)
        self.card_orders = SummaryCard(self.tr("Orders affecting the shop rate"), style.AMBER)
        self.card_orders.setToolTip(self.tr("Click to see them in the order-risk tab"))
        self.card_orders.clicked.connect(self.show_orders)
        self.card_over.clicked.connect(lambda: self.scroll_to_level(("over", "watch")))
        self.card_heading.clicked.connect(lambda: self.scroll_to_level(("over", "watch"), projected=True))
        for c in (self.card_over, self.card_heading, self.card_orders):
            strip.addWidget(c)
        outer.addLayout(strip)
        self.note = QLabel(self.tr("Computed from your own exports, not read from the platform: the "
                                   "platform's own figure may differ. No composite score is guessed."))
        self.note.setStyleSheet(f"color:{MUTED}; padding:4px 2px;")
        self.note.setWordWrap(True)
        outer.addWidget(self.note)
        self.stack = QStackedWidget()
        self.empty = EmptyState(self.tr("No orders yet. Import an order export to see your shop's "
                                        "late-dispatch rate against the platform's line."), self.tr("Import orders…"))
        self.empty.button.clicked.connect(self.import_requested)
        self.empty.secondary.clicked.connect(self.demo_requested)
        self.stack.addWidget(self.empty)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.body = QWidget()
        self.body.setObjectName("page")
        self.body_lay = QVBoxLayout(self.body)
        self.body_lay.setContentsMargins(0, 0, 4, 0)
        self.body_lay.setSpacing(10)
        self.body_lay.addStretch(1)
        self.scroll.setWidget(self.body)
        self.stack.addWidget(self.scroll)
        outer.addWidget(self.stack, 1)
        self.sections: dict[str, PlatformSection] = {}
        self.setStyleSheet("QFrame#healthCard { background: white; border: 1px solid #EAECF0; border-radius: 8px; }"
                           "QFrame#metricRow { border-top: 1px solid #F2F4F7; }")
        self.set_shop(False, True)

    def level_label(self, level: str | None) -> str:
        return {"ok": self.tr("Within the line"), "watch": self.tr("Over the first line"),
                "over": self.tr("Over the line"), "too_few": self.tr("Too few orders")}.get(
            level, self.tr("No published line"))

    def set_shop(self, has_orders: bool, empty: bool) -> None:
        self.has_orders = has_orders
        demo = self.tr("Or look around a demo shop first") if empty else None
        self.empty.set_state(self.tr("No orders yet. Import an order export to see your shop's late-dispatch "
                                     "rate against the platform's line."), self.tr("Import orders…"), demo)

    def set_data(self, metrics: list, texts: list[dict], marks: int) -> None:
        """Metrics in rule-table order, their sentences, and how many open orders affect a rate."""
        self.metrics = metrics
        over = sum(m.level in ("over", "watch") for m in metrics)
        heading = sum(m.level not in ("over", "watch") and m.projected_level in ("over", "watch") for m in metrics)
        self.card_over.set_value(str(over))
        self.card_heading.set_value(str(heading))
        self.card_orders.set_value(str(marks))
        by_platform: dict[str, list] = {}
        for m, tx in zip(metrics, texts, strict=False):
            by_platform.setdefault(m.d.platform, []).append((m, tx))
        # the platforms with a published line first: that is where a sanction can come from
        order = sorted(by_platform, key=lambda p: (not any(m.d.lines for m, _ in by_platform[p]), p))
        for p in list(self.sections):
            if p not in by_platform:
                self.sections.pop(p).deleteLater()
        for i, p in enumerate(order):
            sec = self.sections.get(p)
            if sec is None:
                sec = self.sections[p] = PlatformSection(self, p)
            self.body_lay.insertWidget(i, sec)
            sec.set_metrics([m for m, _ in by_platform[p]], [tx for _, tx in by_platform[p]])
        if self.has_orders and not metrics:  # orders, but of no platform with a shop-level rule table
            self.empty.set_state(self.tr("None of your platforms has a shop-level metric ShopSentry can "
                                         "compute yet."), None, icon="all-clear")
        self.stack.setCurrentIndex(1 if metrics and self.has_orders else 0)

    def scroll_to_level(self, levels, projected: bool = False) -> None:
        for sec in self.sections.values():
            for row in sec.rows:
                m = getattr(row, "shown", None)
                if m is not None and row.isVisible() and (m.projected_level if projected else m.level) in levels:
                    self.scroll.ensureWidgetVisible(row)
                    return

    def section(self, platform: str) -> PlatformSection | None:
        return self.sections.get(platform)

    def show_platform(self, platform: str) -> bool:
        """An alert was clicked: its platform's section in view."""
        sec = self.sections.get(platform)
        if sec is None:
            return False
        self.scroll.ensureWidgetVisible(sec, 0, 0)
        return True

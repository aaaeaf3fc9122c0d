"""The small stock chart in the inventory detail pane: on-hand over the last 30 days, the
projected path of available stock down to the stock-out date, and the reorder point."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDateTime, QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from ui import style


def _ms(d: date) -> float:
    return QDateTime(datetime.combine(d, time(12))).toMSecsSinceEpoch()


class StockChart(QChartView):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRenderHint(QPainter.Antialiasing)
        self.setMinimumHeight(190)
        self.setMaximumHeight(230)
        chart = QChart()
        chart.setMargins(QMargins(2, 2, 2, 2))
        chart.setBackgroundRoundness(4)
        chart.legend().setAlignment(Qt.AlignBottom)
        self.setChart(chart)
        self.series: dict[str, QLineSeries] = {}

    def show_stock(self, history: list[tuple[date, int]], projection: list[tuple[date, int]],
                   reorder_point: int | None) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for ax in chart.axes():
            chart.removeAxis(ax)
        self.series = {}
        if not history:
            return
        x = QDateTimeAxis()
        x.setFormat("MM-dd")
        x.setTickCount(5)
        y = QValueAxis()
        y.setLabelFormat("%d")
        chart.addAxis(x, Qt.AlignBottom)
        chart.addAxis(y, Qt.AlignLeft)

        def add(key, name, points, colour, dashed=False):
            s = QLineSeries()
            s.setName(name)
            pen = QPen(QColor(colour))
            pen.setWidthF(2)
            if dashed:
                pen.setStyle(Qt.DashLine)
            s.setPen(pen)
            for d, v in points:
                s.append(_ms(d), v)
            chart.addSeries(s)
            s.attachAxis(x)
            s.attachAxis(y)
            self.series[key] = s

        add("history", self.tr("On hand"), history, style.ACCENT)
        if projection:
            add("projection", self.tr("Projected available"), projection, style.ORANGE, dashed=True)
        end = max([d for d, _ in history] + [d for d, _ in projection])
        if reorder_point:
            add("reorder", self.tr("Reorder point"), [(history[0][0], reorder_point), (end, reorder_point)],
                style.GREY, dashed=True)
        values = [v for _, v in history + projection] + [reorder_point or 0, 0]
        top = max(values)
        y.setRange(min(values), max(top + max(top // 10, 1), 5))
        y.applyNiceNumbers()  # 0/20/40/60 instead of 0/19/39/59
        x.setRange(QDateTime.fromMSecsSinceEpoch(int(_ms(history[0][0]))),
                   QDateTime.fromMSecsSinceEpoch(int(_ms(end))))

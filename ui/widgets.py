"""Reusable widgets: tag chips, summary cards, empty state, a copyable table view."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QGuiApplication, QIcon, QKeySequence, QPainter, QPainterPath
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.paths import resource
from ui import style
from ui.models.record_model import TAG_ROLE


def header_width(fm: QFontMetrics, text: str) -> int:
    """Width of a column title, which may run over several lines."""
    return max((fm.horizontalAdvance(line) for line in text.split("\n")), default=0)


class TagDelegate(QStyledItemDelegate):
    """Paints a rounded coloured chip with its text (colour plus words, never colour alone)."""

    def paint(self, painter: QPainter, option, index) -> None:
        kind = index.data(TAG_ROLE)
        text = index.data(Qt.DisplayRole) or ""
        if not kind or not text:
            return super().paint(painter, option, index)
        if option.state & QStyle.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        fg, bg = style.TAGS.get(kind, style.TAGS["grey"])
        fm = QFontMetrics(option.font)
        w = fm.horizontalAdvance(text) + 14
        h = fm.height() + 4
        r = option.rect
        box = QRectF(r.x() + 6, r.y() + (r.height() - h) / 2, min(w, r.width() - 8), h)
        painter.save()
        painter.setRenderHint(QPainter.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(box, 4, 4)
        painter.fillPath(path, QColor(bg))
        painter.setPen(QColor(fg))
        painter.drawText(box, Qt.AlignCenter, text)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        s = super().sizeHint(option, index)
        return QSize(s.width() + 20, s.height())


class SummaryCard(QFrame):
    clicked = Signal()

    def __init__(self, label: str, colour: str = "#101828", parent=None):
        super().__init__(parent)
        self.setObjectName("card")
        self.setCursor(Qt.PointingHandCursor)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 8, 14, 8)
        lay.setSpacing(2)
        self.value = QLabel("0")
        self.value.setObjectName("cardValue")
        self.value.setStyleSheet(f"color: {colour};")
        self.label = QLabel(label)
        self.label.setObjectName("cardLabel")
        lay.addWidget(self.value)
        lay.addWidget(self.label)

    def set_value(self, text: str) -> None:
        self.value.setText(text)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class EmptyState(QWidget):
    """An icon, one sentence and the next step as a button (UI.md), with an optional second,
    quieter step (e.g. the demo shop). ``set_state`` switches between the tab's situations."""

    ICON_SIZE = 56

    def __init__(self, text: str = "", button: str = "", icon: str = "empty-inbox", parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.addStretch(2)
        self.pic = QLabel()
        self.pic.setAlignment(Qt.AlignCenter)
        self.text = QLabel()
        self.text.setObjectName("emptyTitle")
        self.text.setAlignment(Qt.AlignCenter)
        self.text.setWordWrap(True)
        self.button = QPushButton()
        self.secondary = QPushButton()
        self.secondary.setObjectName("link")
        self.secondary.setFlat(True)
        self.secondary.setCursor(Qt.PointingHandCursor)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        row.addStretch(1)
        row2 = QHBoxLayout()
        row2.addStretch(1)
        row2.addWidget(self.secondary)
        row2.addStretch(1)
        lay.addWidget(self.pic)
        lay.addWidget(self.text)
        lay.addSpacing(8)
        lay.addLayout(row)
        lay.addLayout(row2)
        lay.addStretch(3)
        self.icon = ""
        self.set_state(text, button, icon=icon)

    def set_state(self, text: str, button: str | None, secondary: str | None = None, icon: str = "empty-inbox",
                  primary: bool = True) -> None:
        """The sentence, the button (None: no button; primary or a plain one) and the second step."""
        self.text.setText(text)
        self.button.setText(button or "")
        self.button.setVisible(bool(button))
        if self.button.objectName() != ("primary" if primary else ""):
            self.button.setObjectName("primary" if primary else "")
            self.button.style().unpolish(self.button)  # the accent comes from the stylesheet
            self.button.style().polish(self.button)
        self.secondary.setText(secondary or "")
        self.secondary.setVisible(bool(secondary))
        if icon != self.icon:
            self.icon = icon
            self._paint_icon()

    def _paint_icon(self) -> None:
        # rendered from the SVG at the screen's pixel ratio: sharp on high-DPI screens
        size = QSize(self.ICON_SIZE, self.ICON_SIZE)
        self.pic.setPixmap(QIcon(str(resource("icons", f"{self.icon}.svg"))).pixmap(size, self.devicePixelRatioF()))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.DevicePixelRatioChange:  # moved to a screen with another scale
            self._paint_icon()
        super().changeEvent(event)


class HeaderView(QHeaderView):
    """Column titles that elide in the middle when narrowed, except titles already split over
    lines (Qt would elide those as one line and lose the break)."""

    def paintSection(self, painter, rect, logical) -> None:  # noqa: N802 (Qt's name)
        model = self.model()
        multi = model is not None and "\n" in str(model.headerData(logical, self.orientation()) or "")
        if multi:
            self.setTextElideMode(Qt.ElideNone)
        super().paintSection(painter, rect, logical)
        if multi:
            self.setTextElideMode(Qt.ElideMiddle)


class TableView(QTableView):
    """Sortable, copyable (Ctrl+C → tab-separated text), row-selecting table."""

    ELASTIC_FLOOR = 64  # the narrowest a free-text column gets before the table scrolls sideways

    def __init__(self, parent=None):
        super().__init__(parent)
        header = HeaderView(Qt.Horizontal, self)
        header.setSectionsClickable(True)
        self.setHorizontalHeader(header)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.ElideMiddle)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(30)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setTextElideMode(Qt.ElideMiddle)  # a narrowed title keeps both ends
        self.setContextMenuPolicy(Qt.CustomContextMenu)
        self._pending_fit: dict[int, int] | None = None

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.Copy):
            self.copy_selection()
            return
        super().keyPressEvent(event)

    def copy_selection(self) -> str:
        idx = sorted(self.selectionModel().selectedIndexes(), key=lambda i: (i.row(), i.column()))
        rows: dict[int, list[str]] = {}
        for i in idx:
            rows.setdefault(i.row(), []).append(str(i.data() or ""))
        text = "\n".join("\t".join(cells) for cells in rows.values())
        QGuiApplication.clipboard().setText(text)
        return text

    def fit_columns(self, max_width: int = 360) -> None:
        """Fit widths to header and a sample of rows (not all 100k)."""
        model = self.model()
        if model is None:
            return
        fm = self.fontMetrics()
        sample = min(model.rowCount(), 200)
        for c in range(model.columnCount()):
            head = model.headerData(c, Qt.Horizontal) or ""
            w = header_width(fm, str(head)) + 28
            for r in range(sample):
                w = max(w, fm.horizontalAdvance(str(model.index(r, c).data() or "")) + 28)
            self.setColumnWidth(c, min(w, max_width))

    def fit_to_width(self, elastic: dict[int, int]) -> None:
        """Make every column fit beside the detail pane instead of behind a horizontal scrollbar:
        ``elastic`` columns (long titles, eliding in the middle) give up room first, down to their
        minimum, then columns whose title is wider than their cells shrink to the cells (the title
        elides, its tooltip names it). Waits for the first layout when the table is not shown yet."""
        if not self.isVisible() or self.viewport().width() < 200:
            self._pending_fit = dict(elastic)
            return
        self._pending_fit = None
        model = self.model()
        n = model.columnCount()
        widths = [self.columnWidth(c) for c in range(n)]
        room = self.viewport().width()
        bar = self.verticalScrollBar()
        if not bar.isVisible() and model.rowCount() * self.verticalHeader().defaultSectionSize() > self.viewport().height():
            room -= bar.sizeHint().width()  # laid out before the vertical scrollbar appears
        over = sum(widths) - room

        def shrink(order, floor) -> None:
            """Columns in ``order`` give up room down to ``floor(column)`` until the table fits."""
            nonlocal over
            for c in order:
                cut = max(0, min(over, widths[c] - floor(c)))
                widths[c] -= cut
                over -= cut

        shrink(sorted(elastic, key=lambda c: -widths[c]), elastic.__getitem__)  # long free text first
        if over > 0:  # then titles wider than their cells: the header elides, its tooltip names it
            fm = self.fontMetrics()
            sample = min(model.rowCount(), 200)
            excess = {}
            for c in range(n):
                if c in elastic:
                    continue
                chip = any(model.index(r, c).data(TAG_ROLE) for r in range(min(sample, 20)))
                cells = max([fm.horizontalAdvance(str(model.index(r, c).data() or "")) for r in range(sample)],
                            default=0) + (28 if chip else 16)
                head = str(model.headerData(c, Qt.Horizontal) or "")
                # a title already split over lines is as narrow as it gets: it keeps its widest line
                floor = header_width(fm, head) + 20 if "\n" in head else 44
                excess[c] = max(0, widths[c] - max(cells, floor))
            shrink(sorted(excess, key=lambda c: -excess[c]), lambda c: widths[c] - excess[c])
        # still too wide (longer words in English): free text again, down to the last readable width
        shrink(sorted(elastic, key=lambda c: -widths[c]), lambda c: self.ELASTIC_FLOOR)
        for c, w in enumerate(widths):
            self.setColumnWidth(c, w)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_pending()

    def showEvent(self, event) -> None:  # a tab first shown after its data arrived
        super().showEvent(event)
        self._fit_pending()

    def _fit_pending(self) -> None:
        if self._pending_fit is not None and self.isVisible() and self.viewport().width() >= 200:
            self.fit_to_width(self._pending_fit)

"""Settings page "Platform rules": each platform's rule table shown as tables a seller can read,
with the numbers and the shop's own promises editable, platform pauses and stop-ship regions.

What the page edits (all plain settings, read by app.risk):
- ``rules.overrides``: {platform: {"deductions.late.bands.1.max": "40", "shop.x": ...}} — only the
  numbers the seller changed; the table files stay as shipped;
- ``risk.shop_options``: {platform: {"promise": "same_day", "cutoff": "16:00", "presale_days": 15}};
- ``risk.pauses``: [{"platform": "douyin" | "*", "from": "2026-10-01", "to": "2026-10-07"}];
- ``risk.stop_ship_regions``: ["新疆", ...];
- ``risk.tmall_shop``: the 千牛 exports are a Tmall shop's (imported and priced as tmall).
"""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.labels import setting_label
from ui import style
from ui.dialogs.platform_rules import KEY_ROLE, OVERRIDDEN_BG, PlatformRules  # noqa: F401 - tests read the roles here
from ui.tabs.base import platform_name


class PausesTable(QWidget):
    """Platform pauses (holidays, declared force majeure): the platform and the dates."""

    def __init__(self, pauses: list, platforms: list[str], parent=None):
        super().__init__(parent)
        self.platforms = platforms
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel(self.tr("Days on which a platform has paused its shipping deadlines (holidays, "
                                     "declared force majeure). Deadlines are extended over them.")))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Platform"), self.tr("From"), self.tr("To (inclusive)"),
                                              self.tr("Note (e.g. National Day)")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        add = QPushButton(self.tr("Add pause"))
        add.clicked.connect(lambda: self.add())
        self.remove_btn = QPushButton(self.tr("Remove selected"))
        self.remove_btn.clicked.connect(self.remove_selected)
        row.addWidget(add)
        row.addWidget(self.remove_btn)
        row.addStretch(1)
        lay.addLayout(row)
        for p in pauses or []:
            try:
                self.add(p.get("platform", "*"), QDate.fromString(str(p["from"]), "yyyy-MM-dd"),
                         QDate.fromString(str(p.get("to") or p["from"]), "yyyy-MM-dd"), str(p.get("note") or ""))
            except (KeyError, AttributeError):
                continue
        self.table.setColumnWidth(0, 160)
        self.table.setColumnWidth(1, 140)
        self.table.setColumnWidth(2, 140)

    def add(self, platform: str = "*", start: QDate | None = None, end: QDate | None = None, note: str = "") -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        box = QComboBox()
        box.addItem(self.tr("All platforms"), "*")
        for p in self.platforms:
            box.addItem(platform_name(p), p)
        box.setCurrentIndex(max(box.findData(platform), 0))
        self.table.setCellWidget(r, 0, box)
        for c, d in ((1, start), (2, end or start)):
            e = QDateEdit(d if d is not None and d.isValid() else QDate.currentDate())
            e.setDisplayFormat("yyyy-MM-dd")
            e.setCalendarPopup(True)
            self.table.setCellWidget(r, c, e)
        self.table.setItem(r, 3, QTableWidgetItem(note))

    def remove_selected(self) -> None:
        for r in sorted({i.row() for i in self.table.selectionModel().selectedRows()}, reverse=True):
            self.table.removeRow(r)

    def values(self) -> list[dict]:
        out = []
        for r in range(self.table.rowCount()):
            a = self.table.cellWidget(r, 1).date()
            b = self.table.cellWidget(r, 2).date()
            if b < a:
                a, b = b, a
            p = {"platform": self.table.cellWidget(r, 0).currentData(),
                 "from": a.toString("yyyy-MM-dd"), "to": b.toString("yyyy-MM-dd")}
            note = self.table.item(r, 3).text().strip() if self.table.item(r, 3) else ""
            if note:
                p["note"] = note
            out.append(p)
        return out


class RulesPage(QWidget):
    """The settings page; ``values()`` gives the settings to store, ``problems()`` what is wrong."""

    def __init__(self, settings: dict, tables: dict[str, dict], check=None, calendar=None, parent=None):
        super().__init__(parent)
        self.check = check  # (overrides, shop_options) -> list of problems, from the core
        overrides = settings.get("rules.overrides") or {}
        shop_options = settings.get("risk.shop_options") or {}
        lay = QVBoxLayout(self)
        tabs = QTabWidget()
        self.tabs = tabs

        rules = QWidget()
        split = QHBoxLayout(rules)
        self.list = QListWidget()
        self.list.setFixedWidth(150)
        self.stack = QStackedWidget()
        self.pages: dict[str, PlatformRules] = {}
        for platform, table in tables.items():
            page = PlatformRules(table, overrides.get(platform) or {}, shop_options.get(platform) or {}, calendar)
            self.pages[platform] = page
            self.stack.addWidget(page)
            text = table["name"] + ("" if table["verified"] else " " + self.tr("(unverified)"))
            item = QListWidgetItem(text)
            if not table["verified"]:
                item.setForeground(QBrush(QColor(style.AMBER)))
            self.list.addItem(item)
        self.tmall_shop = self._tmall_box(bool(settings.get("risk.tmall_shop")))
        self.list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.list.setCurrentRow(0)
        split.addWidget(self.list)
        split.addWidget(self.stack, 1)
        tabs.addTab(rules, setting_label("rules.overrides"))

        self.pauses = PausesTable(settings.get("risk.pauses") or [], list(tables))
        tabs.addTab(self.pauses, setting_label("risk.pauses"))

        regions = QWidget()
        v = QVBoxLayout(regions)
        v.addWidget(QLabel(self.tr("Provinces or cities your carriers cannot deliver to right now (stop-ship regions). "
                                   "Orders to them are flagged. One per line.")))
        self.regions = QPlainTextEdit("\n".join(settings.get("risk.stop_ship_regions") or []))
        self.regions.setPlaceholderText(self.tr("e.g. 新疆维吾尔自治区\n西藏\n乌鲁木齐市"))
        self.regions.setProperty("data", True)  # region names as the exports write them
        v.addWidget(self.regions, 1)
        tabs.addTab(regions, setting_label("risk.stop_ship_regions"))
        lay.addWidget(tabs)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {style.RED}")
        lay.addWidget(self.error)

    def _tmall_box(self, checked: bool) -> QCheckBox | None:
        """Taobao and Tmall share the 千牛 export: the shop says which one it is (``risk.tmall_shop``),
        shown on both pages, one setting."""
        boxes = []
        for platform in ("taobao", "tmall"):
            if platform not in self.pages:
                continue
            box = QCheckBox(setting_label("risk.tmall_shop"))
            box.setChecked(checked)
            self.pages[platform].layout().insertWidget(2, box)
            boxes.append(box)
        for a in boxes:  # the two stay alike
            for b in boxes:
                if a is not b:
                    a.toggled.connect(b.setChecked)
        return boxes[0] if boxes else None

    def show_platform(self, platform: str) -> None:
        self.tabs.setCurrentIndex(0)
        self.list.setCurrentRow(list(self.pages).index(platform))

    def values(self) -> dict:
        return {
            "rules.overrides": {p: dict(pg.overrides) for p, pg in self.pages.items() if pg.overrides},
            "risk.shop_options": {p: o for p, pg in self.pages.items() if (o := pg.shop_options())},
            "risk.pauses": self.pauses.values(),
            "risk.stop_ship_regions": [x.strip() for x in self.regions.toPlainText().splitlines() if x.strip()],
            **({"risk.tmall_shop": self.tmall_shop.isChecked()} if self.tmall_shop is not None else {}),
        }

    def problems(self) -> list[str]:
        """What the core says is wrong with the values (shown under the page; empty = fine)."""
        v = self.values()
        errors = self.check(v["rules.overrides"], v["risk.shop_options"]) if self.check else []
        self.error.setText("\n".join(errors))
        if errors:  # show the platform of the first problem
            for p in self.pages:
                if p in errors[0]:
                    self.show_platform(p)
                    break
        return errors

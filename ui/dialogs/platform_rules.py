"""One platform's rule table on the settings page "Platform rules": provenance, the platform's
clock, the shop's own promise, the deduction bands and shop thresholds, editable as overrides."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from html import escape

from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.services import promise_text
from ui import style

EDITABLE = Qt.ItemIsSelectable | Qt.ItemIsEnabled | Qt.ItemIsEditable
READ_ONLY = Qt.ItemIsSelectable | Qt.ItemIsEnabled
OVERRIDDEN_BG = QColor("#FFFAEB")
BAD_BG = QColor("#FEE4E2")
KEY_ROLE = Qt.UserRole + 1


def _num(value) -> Decimal | None:
    """A number typed by the seller: ``1.5``, ``1.5%``, ``¥3``, ``3元``; None when it is not one."""
    text = str(value).strip().replace("%", "").replace("¥", "").replace("元", "").replace(",", "")
    try:
        d = Decimal(text)
    except InvalidOperation:
        return None
    return d if d.is_finite() and d >= 0 else None


def _plain(d: Decimal | str) -> str:
    d = Decimal(str(d))
    return format(d.normalize(), "f") if d == d.to_integral() or d.as_tuple().exponent < -2 else f"{d:f}"


class PlatformRules(QWidget):
    """One platform: provenance, the shop's own promise, the deduction bands and shop thresholds."""

    def __init__(self, table: dict, overrides: dict, shop_options: dict, calendar=None, parent=None):
        super().__init__(parent)
        self.table = table
        self.calendar = calendar  # name → {"source", "holidays"} (Services.rule_calendar), or None
        self.platform = table["platform"]
        self.overrides = {k: v for k, v in (overrides or {}).items()}
        self._loading = True
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 0, 0, 0)
        self._build_head(lay, table)
        self._build_promise(lay, table, shop_options)
        self._build_tables(lay, table)
        self._loading = False

    def _build_head(self, lay: QVBoxLayout, table: dict) -> None:
        """The table's name, whether it is verified, its source; the platform's clock below."""
        verified = (f"<span style='color:{style.GREEN}'>{self.tr('verified')}</span>" if table["verified"] else
                    f"<span style='color:{style.RED}'>{self.tr('unverified: check the rule centre by hand')}</span>")
        head = QLabel(f"<b style='font-size:15px'>{table['name']}</b> &nbsp; {verified}<br>"
                      f"<span style='color:#475467'>{self.tr('Effective from')} {table['effective_from']} · "
                      f"{self.tr('Source')}: {table['source']}</span>")
        head.setWordWrap(True)
        head.setTextInteractionFlags(Qt.TextSelectableByMouse)
        head.setProperty("data", True)  # the table's own name and source text, as the platform wrote them
        lay.addWidget(head)
        # the platform's clock, holidays, title speed words and what the texts leave unsaid
        self.clock_info = QLabel()
        self.clock_info.setWordWrap(True)
        self.clock_info.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.clock_info.setProperty("data", True)  # zone names, calendar sources and words as the rules write them
        lay.addWidget(self.clock_info)

    def _build_promise(self, lay: QVBoxLayout, table: dict, shop_options: dict) -> None:
        """The shop's own promise: platform option or own hours, cut-off, presale, region."""
        box = QGroupBox(self.tr("Your shop's promise (the shortest promise you made anywhere counts)"))
        f = QFormLayout(box)
        self.promise = QComboBox()
        self.promise.setProperty("data", True)  # option names are the platform's own terms (当日发…)
        promise = table["promise"]
        self.promise.addItem(self.tr("Platform default: %1").replace("%1", self._promise_text(promise)), None)
        for name, opt in (promise.get("options") or {}).items():
            self.promise.addItem(self._promise_text(opt), name)
        self.promise.addItem(self.tr("My own: within N hours of payment"), "__hours")
        self.hours = QSpinBox()
        self.hours.setRange(1, 24 * 60)
        self.hours.setSuffix(self.tr(" h"))
        self.hours.setValue(int(Decimal(str(promise.get("hours", 48)))))
        self.cutoff = QTimeEdit(QTime(16, 0))
        self.cutoff.setDisplayFormat("HH:mm")
        self.presale = QSpinBox()
        self.presale.setRange(0, 365)
        # the table's own presale promise, when it has one (TikTok: 1 business day after the pre-order closes)
        self.presale.setSpecialValueText(self.tr("platform default") + (
            ": " + self._promise_text(promise["presale"]) if promise.get("presale") else ""))
        self.presale.setSuffix(self.tr(" days"))
        row = QHBoxLayout()
        row.addWidget(self.promise, 1)
        row.addWidget(self.hours)
        self.region = None
        regions = table.get("regions") or {}
        if regions:  # TikTok: each region its own clock, calendar and promise
            self.region = QComboBox()
            self.region.setProperty("data", True)  # the zone names are the tz database's
            names = {"US": self.tr("United States"), "UK": self.tr("United Kingdom"), "VN": self.tr("Vietnam"),
                     "TH": self.tr("Thailand"), "MY": self.tr("Malaysia"), "PH": self.tr("Philippines"),
                     "SG": self.tr("Singapore"), "ID": self.tr("Indonesia")}
            for code, reg in regions.items():
                self.region.addItem(f"{names.get(code, code)} · {code} · {reg.get('clock', '')}", code)
            f.addRow(self.tr("Shop region"), self.region)
        f.addRow(self.tr("Ship within"), row)
        f.addRow(self.tr("Same-day cut-off (paid before → ships today)"), self.cutoff)
        f.addRow(self.tr("Presale orders ship within"), self.presale)
        lay.addWidget(box)
        self._load_shop_options(shop_options or {})
        self.promise.currentIndexChanged.connect(self._promise_changed)
        self._promise_changed()
        if self.region is not None:
            self.region.currentIndexChanged.connect(self._show_clock)
        self._show_clock()

    def _build_tables(self, lay: QVBoxLayout, table: dict) -> None:
        """The deduction bands and the shop-level thresholds, one tab each, editable."""
        hint = QLabel(self.tr("Double-click a rate, minimum or maximum to change it; changed numbers are "
                              "highlighted."))
        hint.setStyleSheet("color: #475467")
        lay.addWidget(hint)
        inner = QTabWidget()
        self.bands = QTableWidget(0, 9)
        self.bands.setHorizontalHeaderLabels([
            self.tr("Deduction"), self.tr("When"), self.tr("Rate"), self.tr("Min ¥"), self.tr("Max ¥"),
            self.tr("Rounding"), self.tr("Effective"), self.tr("Verified"), self.tr("Source")])
        self._fill_bands()
        inner.addTab(self.bands, self.tr("Deductions per order"))

        self.shop = QTableWidget(0, 2)
        self.shop.setHorizontalHeaderLabels([self.tr("Shop-level threshold"), self.tr("Value")])
        labels = self._shop_labels()
        for key, value in (table.get("shop") or {}).items():
            r = self.shop.rowCount()
            self.shop.insertRow(r)
            name = self._item(labels.get(key, key))
            name.setToolTip(f"shop.{key}")
            self.shop.setItem(r, 0, name)
            self.shop.setItem(r, 1, self._cell(f"shop.{key}", value))
        self._tidy(self.shop)
        if self.shop.rowCount():
            inner.addTab(self.shop, self.tr("Shop-level thresholds"))
        lay.addWidget(inner, 1)

        self.reset = QPushButton(self.tr("Restore the platform's numbers"))
        self.reset.clicked.connect(self.restore)
        lay.addWidget(self.reset, 0, Qt.AlignLeft)
        for t in (self.bands, self.shop):
            t.itemChanged.connect(self._edited)

    # -- building ------------------------------------------------------------------
    def _zone_name(self, zone: str) -> str:
        names = {"Asia/Shanghai": self.tr("Beijing time"), "America/Los_Angeles": self.tr("US Pacific time"),
                 "Europe/London": self.tr("UK time")}
        return f"{names[zone]} ({zone})" if zone in names else zone

    def _show_clock(self, *_a) -> None:
        """Clock, holiday calendar (with its source), speed words and assumptions of the table
        (of the chosen region, for TikTok)."""
        t = self.table
        reg = (t.get("regions") or {}).get(self.region.currentData(), {}) if self.region is not None else {}
        zone = reg.get("clock") or t.get("clock") or "Asia/Shanghai"
        lines = [self.tr("Deadlines are counted in %1, whatever your shop's time zone (that only changes how "
                         "times are shown).").replace("%1", escape(self._zone_name(zone)))]
        if reg.get("promise"):
            lines.append(escape(self.tr("Region promise: %1 · source: %2")
                                .replace("%1", self._promise_text(reg["promise"])).replace("%2", reg.get("source", ""))))
        cal = reg.get("calendar") or t.get("calendar") or ""
        if cal:
            info = self.calendar(cal) if self.calendar is not None else {"source": "", "holidays": []}
            if info["holidays"]:
                days = info["holidays"]
                lines.append(escape(self.tr("Holidays skipped (calendar %1): %2 days, %3 to %4 · source: %5")
                                    .replace("%1", cal).replace("%2", str(len(days))).replace("%3", str(days[0]))
                                    .replace("%4", str(days[-1])).replace("%5", info["source"])))
            else:
                lines.append(escape(self.tr("No holiday calendar for %1 here: weekends only").replace("%1", cal)))
        for kw in t.get("speed_keywords") or []:
            lines.append(escape(self.tr("A product title with %1 holds the promise to %2 h · source: %3")
                                .replace("%1", " / ".join(kw["words"])).replace("%2", _plain(str(kw["hours"])))
                                .replace("%3", kw.get("source", t["source"]))))
        assumptions = list(t.get("assumptions") or [])
        if assumptions:
            lines.append(f"<span style='color:{style.AMBER}'>" + escape(self.tr("Assumptions (the rule texts do not "
                         "say): %1").replace("%1", "；".join(assumptions))) + "</span>")
        self.clock_info.setText("<span style='color:#475467'>" + "<br>".join(lines) + "</span>")

    def _shop_labels(self) -> dict[str, str]:
        return {
            "product_ban_late_rate": self.tr("Product ban: daily late rate at least"),
            "product_ban_late_orders": self.tr("Product ban: late orders in a day at least"),
            "product_ban_days": self.tr("Product ban: days"),
            "shop_cap_late_rate": self.tr("Order cap: late rate at least (days running)"),
            "shop_cap_late_orders": self.tr("Order cap: late orders in a day at least"),
            "shop_cap_consecutive_days": self.tr("Order cap: days running"),
            "shop_cap_orders_per_day": self.tr("Order cap: orders allowed per day"),
            "shop_cap_days": self.tr("Order cap: days"),
            "shop_stop_late_rate": self.tr("Orders stopped: late rate in one day at least"),
            "shop_stop_late_orders": self.tr("Orders stopped: late orders in one day at least"),
            "shop_stop_days": self.tr("Orders stopped: days"),
            "stockout_violation_rate": self.tr("Stock-out violation: share of the day's orders above"),
            "stockout_violation_orders": self.tr("Stock-out violation: orders in a day at least"),
            "auto_close_days": self.tr("Unshipped orders closed and refunded after (days)"),
            "same_buyer_daily_cap_yuan": self.tr("Cap per buyer per day (¥)"),
            "same_buyer_daily_cap_special_yuan": self.tr("Cap per buyer per day, special cases (¥)"),
            "negotiation_cards_per_order": self.tr("Negotiation cards per order"),
            "negotiation_confirm_hours": self.tr("Buyer confirms a negotiation within (hours)"),
            "late_dispatch_rate_max": self.tr("Late dispatch rate to stay under"),
            "late_dispatch_rate_enforced": self.tr("Late dispatch rate enforced above"),
            "auto_cancel_business_days": self.tr("Auto-cancelled after (business days)"),
        }

    @staticmethod
    def _promise_text(p: dict) -> str:
        # the engine's own wording of a promise, so the page and the risk reasons say the same
        text = promise_text(p)
        return f"{p['label']}（{text}）" if p.get("label") else text

    @staticmethod
    def _item(text, flags=READ_ONLY) -> QTableWidgetItem:
        it = QTableWidgetItem(str(text))
        it.setFlags(flags)
        it.setToolTip(str(text))
        return it

    @staticmethod
    def _shown(key: str, value) -> str:
        """A number as the table shows it: ``1%`` for a percent, ``¥3`` for a fixed amount."""
        if value is None:
            return ""
        if _num(value) is None:
            return str(value)
        text = _plain(_num(value))
        if key.endswith(".percent") or key.endswith(".admitted_percent"):
            return f"{text}%"
        if key.endswith(".fixed"):
            return f"¥{text}"
        return text

    def _cell(self, key: str, base) -> QTableWidgetItem:
        """An editable number; shows the override when there is one."""
        value = self.overrides.get(key, base)
        it = self._item(self._shown(key, value), EDITABLE)
        it.setData(KEY_ROLE, key)
        it.setData(Qt.UserRole, base)
        it.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self._mark(it)
        return it

    def _conditions(self, band: dict) -> str:
        cond = []
        if "promise_max_hours" in band:
            cond.append(self.tr("promise ≤ %1 h").replace("%1", _plain(str(band["promise_max_hours"]))))
        if "late_max_hours" in band:
            cond.append(self.tr("late ≤ %1 h").replace("%1", _plain(str(band["late_max_hours"]))))
        if "amount_below" in band:
            cond.append(self.tr("paid < ¥%1").replace("%1", _plain(str(band["amount_below"]))))
        return ", ".join(cond) or self.tr("otherwise")

    def _fill_bands(self) -> None:
        rounding = {"yuan": self.tr("whole yuan"), "jiao": self.tr("to 0.1 yuan"), "cent": self.tr("to the fen")}
        # Douyin says whole yuan (half up is assumed); no other text says how it rounds
        assumed = {"yuan": self.tr("Whole yuan as the rule says; rounding half up is an assumption"),
                   "jiao": self.tr("An assumption: the rule text does not say how amounts are rounded"),
                   "cent": self.tr("An assumption: the rule text does not say how amounts are rounded")}
        t = self.table
        for dkey, d in t["deductions"].items():
            verified = d.get("verified", t["verified"])
            basis = self.tr("paid excl. postage") if d.get("basis") == "paid_excl_postage" else self.tr("amount paid")
            for i, band in enumerate(d["bands"]):
                r = self.bands.rowCount()
                self.bands.insertRow(r)
                name = self._item(d["name"] if i == 0 else "")
                name.setToolTip(f"{d['name']}: {d['trigger']}")
                if i == 0:
                    f = name.font()
                    f.setBold(True)
                    name.setFont(f)
                self.bands.setItem(r, 0, name)
                cond = self._conditions(band)
                if band.get("stockout_band"):  # Douyin's ">48 h late" column is the 缺货 charge: never a second one
                    cond += self.tr(" → the stock-out charge itself, counted once")
                when = self._item(cond)
                if band.get("note"):
                    when.setToolTip(band["note"])
                self.bands.setItem(r, 1, when)
                prefix = f"deductions.{dkey}.bands.{i}."
                rate_key = "fixed" if "fixed" in band else "percent"
                rate = self._cell(prefix + rate_key, band.get(rate_key))
                rate.setToolTip((self.tr("Fixed yuan per order") if rate_key == "fixed" else
                                 self.tr("Percent of the %1").replace("%1", basis)) +
                                (f"\n{band['note']}" if band.get("note") else ""))
                self.bands.setItem(r, 2, rate)
                self.bands.setItem(r, 3, self._cell(prefix + "min", band.get("min")))
                self.bands.setItem(r, 4, self._cell(prefix + "max", band.get("max")))
                rd = d.get("rounding", "cent")
                rnd = self._item(rounding.get(rd, "") + ("" if rd == "yuan" else self.tr(" (assumed)")))
                rnd.setToolTip(assumed.get(rd, ""))
                self.bands.setItem(r, 5, rnd)
                self.bands.setItem(r, 6, self._item(d.get("effective_from", t["effective_from"])))
                ok = self._item(self.tr("yes") if verified else self.tr("unverified"))
                ok.setForeground(QBrush(QColor(style.GREEN if verified else style.RED)))
                self.bands.setItem(r, 7, ok)
                self.bands.setItem(r, 8, self._item(d.get("source", t["source"])))
        self._tidy(self.bands)

    @staticmethod
    def _tidy(table: QTableWidget) -> None:
        table.verticalHeader().hide()
        table.setSelectionBehavior(QAbstractItemView.SelectItems)
        table.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed |
                              QAbstractItemView.AnyKeyPressed)
        table.setWordWrap(False)
        table.verticalHeader().setDefaultSectionSize(26)
        table.resizeColumnsToContents()
        h = table.horizontalHeader()
        for c in range(table.columnCount()):
            table.setColumnWidth(c, min(table.columnWidth(c) + 12, 260))
        h.setStretchLastSection(True)
        h.setSectionResizeMode(QHeaderView.Interactive)

    def _load_shop_options(self, o: dict) -> None:
        promise = o.get("promise")
        if isinstance(promise, str) and self.promise.findData(promise) >= 0:
            self.promise.setCurrentIndex(self.promise.findData(promise))
        elif o.get("promise_hours") is not None or isinstance(promise, dict) and promise.get("mode") == "hours":
            hours = o.get("promise_hours") if o.get("promise_hours") is not None else promise.get("hours")
            self.promise.setCurrentIndex(self.promise.findData("__hours"))
            self.hours.setValue(int(Decimal(str(hours))))
        if o.get("cutoff"):
            self.cutoff.setTime(QTime.fromString(str(o["cutoff"]), "HH:mm"))
        else:
            same_day = [p for p in (self.table["promise"].get("options") or {}).values() if p["mode"] == "same_day"]
            if same_day:
                self.cutoff.setTime(QTime.fromString(same_day[0].get("cutoff", "16:00"), "HH:mm"))
        if self.region is not None and o.get("region"):
            i = self.region.findData(str(o["region"]).upper())
            if i >= 0:
                self.region.setCurrentIndex(i)
        if o.get("presale_days") is not None:
            self.presale.setValue(int(Decimal(str(o["presale_days"]))))
        elif o.get("presale_hours") is not None:
            self.presale.setValue(max(1, int(Decimal(str(o["presale_hours"])) // 24)))

    def _promise_changed(self) -> None:
        data = self.promise.currentData()
        self.hours.setVisible(data == "__hours")
        opts = self.table["promise"].get("options") or {}
        spec = opts.get(data) if data not in (None, "__hours") else (self.table["promise"] if data is None else None)
        self.cutoff.setEnabled(bool(spec) and spec.get("mode") == "same_day")

    # -- editing ---------------------------------------------------------------------
    def _mark(self, it: QTableWidgetItem) -> None:
        key, base = it.data(KEY_ROLE), it.data(Qt.UserRole)
        text = it.text().strip()
        font = QFont(it.font())
        if key in self.overrides:
            bad = _num(text) is None and text != ""
            it.setBackground(BAD_BG if bad else OVERRIDDEN_BG)
            font.setBold(True)
            shown = "—" if base is None else self._shown(key, base)
            it.setToolTip(self.tr("Changed by you; the platform's number is %1").replace("%1", str(shown)))
        else:
            it.setBackground(QBrush())
            font.setBold(False)
            it.setToolTip(self.tr("The platform's number (double-click to change)"))
        it.setFont(font)

    def _edited(self, it: QTableWidgetItem) -> None:
        key = it.data(KEY_ROLE)
        if self._loading or not key:
            return
        base = it.data(Qt.UserRole)
        text = it.text().strip()
        d = _num(text)
        same = (d is not None and base is not None and _num(base) == d) or (text == "" and base is None)
        if same:
            self.overrides.pop(key, None)
        elif d is not None:
            self.overrides[key] = _plain(d) if not isinstance(base, int) else (int(d) if d == int(d) else _plain(d))
        else:
            self.overrides[key] = text  # kept so problems() can name it
        self._loading = True
        self._mark(it)
        self._loading = False

    def restore(self) -> None:
        self.overrides.clear()
        self._loading = True
        for t in (self.bands, self.shop):
            for r in range(t.rowCount()):
                for c in range(t.columnCount()):
                    it = t.item(r, c)
                    if it is not None and it.data(KEY_ROLE):
                        base = it.data(Qt.UserRole)
                        it.setText(self._shown(it.data(KEY_ROLE), base))
                        self._mark(it)
        self._loading = False
        self.promise.setCurrentIndex(0)
        self.presale.setValue(0)
        if self.region is not None:
            self.region.setCurrentIndex(0)

    # -- results ---------------------------------------------------------------------
    def shop_options(self) -> dict:
        data = self.promise.currentData()
        out: dict = {}
        if data == "__hours":
            out["promise_hours"] = self.hours.value()
        elif data is not None:
            out["promise"] = data
        if self.cutoff.isEnabled():
            default = next((p.get("cutoff", "16:00") for p in (self.table["promise"].get("options") or {}).values()
                            if p["mode"] == "same_day"), self.table["promise"].get("cutoff", "16:00"))
            cut = self.cutoff.time().toString("HH:mm")
            if cut != default:
                out["cutoff"] = cut
        if self.presale.value():
            out["presale_days"] = self.presale.value()
        if self.region is not None and self.region.currentIndex() > 0:  # the first region is the default
            out["region"] = self.region.currentData()
        return out

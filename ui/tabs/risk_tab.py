"""订单风险: open orders sorted by time left, with level chips, penalties and reasons."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
)

from app import labels, timeutil
from app.services import setting
from ui import fmt, style
from ui.models.record_model import Column
from ui.tabs import risk_fresh
from ui.tabs.base import TableTab, platform_name
from ui.tabs.column_widths import RememberedWidths
from ui.tabs.risk_keys import (
    _ORDER_ID,
    _ORDER_PK,
    _TOTAL_FEN,
    _ship_keys,
    _sorted_by_deadline,
    info_keys,
    risk_states,
)

LEVEL_TAG = {"overdue": "red", "critical": "orange", "warning": "amber", "ok": "grey"}
LEVEL_RANK = {"overdue": 0, "critical": 1, "warning": 2, "ok": 3}


class RiskTab(TableTab, RememberedWidths):
    mark_shipped = Signal(list)  # order pks
    mark_picked_up = Signal(list)
    add_to_contacts = Signal(list)
    export_requested = Signal()
    WIDTHS_KEY = "risk_tab/widths"  # the seller's own column widths in ui.ini

    def __init__(self, tz: str = timeutil.DEFAULT_TZ, parent=None):
        self.tz = tz
        self.now = datetime.now(UTC)
        # the evaluation's clock and when it arrived: countdowns move on from there (also with a fixed clock)
        self._data_now, self._data_mono = self.now, time.monotonic()
        self.info: dict[int, dict] = {}
        # (platform, order id) → "push" | "counts": the order's late dispatch weighs on a shop rate
        self.marks: dict[tuple[str, str], str] = {}
        self._shop_rate_only = False
        super().__init__(parent)
        self.card_overdue = self.add_card(self.tr("Overdue"), style.RED, lambda: self._card_filter("overdue"))
        self.card_critical = self.add_card(self.tr("Due within 6 h"), style.ORANGE,
                                           lambda: self._card_filter("critical"))
        self.card_short = self.add_card(self.tr("Stock-short orders"), style.AMBER, self._short_only)
        self.card_money = self.add_card(self.tr("Estimated deductions at stake"), "#101828", self._at_risk_only)
        for card, tip in ((self.card_overdue, self.tr("Click to show overdue orders only")),
                          (self.card_short, self.tr("Click to show orders that stock cannot cover only"))):
            card.setToolTip(tip)
        # how old each platform's picture is: orders paid since the last export are not in the table
        self.fresh_line = QLabel()
        self.fresh_line.setObjectName("freshLine")
        self.fresh_line.setWordWrap(True)
        self.fresh_line.hide()
        self.layout().insertWidget(0, self.fresh_line)
        self._fresh: dict[str, object] = {}
        self.splitter.setSizes([1010, 260])
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.doubleClicked.connect(self._open_detail)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._enable_actions())
        self.table.horizontalHeader().sectionResized.connect(self._save_widths)
        # countdowns move every minute without a reload
        self._tick = QTimer(self, interval=60_000, timeout=self._advance_clock)
        self._tick.start()

    def level_label(self, level: str) -> str:
        return labels.level_label(level)  # as the exports and explain() name it

    def make_columns(self):
        # what decides the next action first (time, level, where, what, cover, money); the
        # product name last: it stretches and elides; the ship-by time is in the tooltip and detail
        i = lambda r: self.info.get(r.order_pk, {})  # noqa: E731
        return [
            Column("countdown", self.tr("Time left"), lambda r: fmt.countdown(r.ship_by, self.now),
                   sort_key=lambda r: r.ship_ts, sort_keys=_ship_keys,
                   foreground=lambda r: style.RED if r.ship_by <= self.now else None,
                   tooltip=lambda r: self.tr("Ship by %1").replace("%1", fmt.when(r.ship_by, self.tz, self.now)),
                   width=126),
            Column("level", self.tr("Level"), lambda r: self.level_label(r.level),
                   sort_key=lambda r: LEVEL_RANK.get(r.level, 9) * 1e11 + r.ship_ts,
                   tag=lambda r: LEVEL_TAG.get(r.level), width=64),
            Column("platform", self.tr("Platform"), lambda r: platform_name(r.platform),
                   sort_key=lambda r: r.platform, width=84),
            Column("order", self.tr("Order ID"), lambda r: r.order_id, width=176,
                   sort_keys=lambda rows: list(map(_ORDER_ID, rows))),
            Column("sku", self.tr("SKU"), lambda r: i(r).get("skus", ""), width=100,
                   sort_keys=lambda rows: self._info_keys(rows, "skus")),
            Column("stock", self.tr("Stock"),  # short titles: the columns are planned to fit 1280 px
                   lambda r: (self.tr("short %1").replace("%1", str(r.short_units)) if r.stock_short
                              else self.tr("covered")),
                   sort_key=lambda r: -r.short_units, tag=lambda r: "red" if r.stock_short else "green", width=70),
            # the most the platform will deduct, each charge once; "*" and amber: from an unverified rule
            Column("penalty", self.tr("Penalty"),
                   lambda r: fmt.money(r.penalty_total) + ("" if r.penalty_verified else "*"),
                   sort_key=lambda r: r.penalty_total_fen, sort_keys=lambda rows: list(map(_TOTAL_FEN, rows)),
                   foreground=lambda r: None if r.penalty_verified else style.AMBER,
                   align=Qt.AlignRight | Qt.AlignVCenter, tooltip=self._penalty_tip, width=84),
            Column("shop_rate", self.tr("Shop rate"), self._mark_text, tag=self._mark_tag,
                   sort_key=lambda r: {"push": 0, "counts": 1}.get(self.marks.get((r.platform, r.order_id)), 2),
                   tooltip=self._mark_tip, width=92),
            Column("buyer", self.tr("Buyer"), lambda r: i(r).get("buyer", ""), width=140,
                   sort_keys=lambda rows: self._info_keys(rows, "buyer")),
            Column("product", self.tr("Product"), lambda r: i(r).get("product", ""), width=130,
                   sort_keys=lambda rows: self._info_keys(rows, "product")),
        ]

    def _mark_text(self, r) -> str:
        # the column is planned to fit 1280 px: a short chip; the detail pane says it in full
        return self.tr("Affects rate") if (r.platform, r.order_id) in self.marks else ""

    def _mark_tag(self, r) -> str | None:
        mark = self.marks.get((r.platform, r.order_id))
        return None if mark is None else ("red" if mark == "push" else "amber")

    def _mark_tip(self, r) -> str:
        mark = self.marks.get((r.platform, r.order_id))
        if mark == "push":
            return self.tr("Shipped late, this order takes the shop's late-dispatch rate over the platform's line "
                           "(see Shop health)")
        if mark == "counts":
            return self.tr("Already past its deadline: it counts as a late dispatch in the shop's rate "
                           "whatever happens (see Shop health)")
        return ""

    def show_shop_rate_only(self) -> None:
        """Only the orders marked as weighing on a shop rate (the health panel's card)."""
        self.clear_filters()
        self._shop_rate_only = True
        self.refilter()

    def reset_filters(self) -> None:
        self._shop_rate_only = False

    def _info_keys(self, rows: list, field: str) -> list[str]:
        """Sort keys from the display info of many rows (map over C getters: 100k in ~30 ms)."""
        return info_keys(self.info, rows, field)

    def _penalty_tip(self, r) -> str:
        lines = [self.tr("Most the platform will deduct if nothing more is done, each charge counted once: %1")
                 .replace("%1", fmt.money(r.penalty_total)),
                 self.tr("If shipped late: %1 · if it becomes a stock-out case: %2").replace(
                     "%1", fmt.money(r.penalty_estimate)).replace("%2", fmt.money(r.penalty_stockout)),
                 self._rules_line(r)]
        if not r.penalty_verified:
            lines.append(self.tr("* Estimate from an unverified rule"))
        return "\n".join(lines)

    def _rules_line(self, r) -> str:
        """Both rules by name and date, each marked when unverified."""
        mark = " (" + self.tr("unverified rule") + ")"
        text = self.tr("Rule") + ": " + r.rule + ("" if r.rule_verified else mark)
        if r.rule_stockout:
            text += " · " + self.tr("Stock-out rule: %1").replace("%1", r.rule_stockout) + (
                "" if r.rule_stockout_verified else mark)
        return text

    row_key = staticmethod(_ORDER_PK)

    row_states = staticmethod(risk_states)

    def status_options(self):
        return [(lv, self.level_label(lv)) for lv in ("overdue", "critical", "warning", "ok")]

    def row_status(self, row):
        return row.level

    def row_at_risk(self, row) -> bool:
        return row.level != "ok" or row.stock_short or row.stop_ship

    def risk_only_label(self) -> str:
        return self.tr("At risk only")

    def empty_text(self):
        return (self.tr("No orders yet. Import an order export from Douyin, Taobao, Pinduoduo, "
                        "Kuaishou or TikTok."), self.tr("Import orders…"))

    def row_text(self, r) -> str:
        i = self.info.get(r.order_pk, {})
        return " ".join([r.order_id, i.get("skus", ""), i.get("product", ""), i.get("buyer", "")])

    def extra_filters(self, bar) -> None:
        from PySide6.QtWidgets import QCheckBox

        self.sku_box = QComboBox()
        self.sku_box.setEditable(True)
        self.sku_box.setInsertPolicy(QComboBox.NoInsert)
        self.sku_box.setMinimumWidth(150)
        self.sku_box.addItem(self.tr("All SKUs"), None)
        self.sku_box.lineEdit().setPlaceholderText(self.tr("All SKUs"))
        self.sku_box.completer().setCompletionMode(QCompleter.PopupCompletion)
        self.sku_box.completer().setFilterMode(Qt.MatchContains)
        self.sku_box.currentIndexChanged.connect(self.refilter)
        self.sku_box.lineEdit().editingFinished.connect(self.refilter)
        bar.addWidget(self.sku_box)
        self.short_only = QCheckBox(self.tr("Stock-short only"))
        self.short_only.toggled.connect(self.refilter)
        bar.addWidget(self.short_only)

    def sku_filter(self) -> str | None:
        text = self.sku_box.currentText().strip()
        return None if not text or text == self.sku_box.itemText(0) else text

    def set_sku_filter(self, sku: str | None) -> None:
        i = self.sku_box.findText(sku) if sku else 0
        if i < 0:
            self.sku_box.setEditText(sku)
            self.refilter()
        else:
            self.sku_box.setCurrentIndex(i)

    def extra_predicate(self, row) -> bool:
        if self.short_only.isChecked() and not row.stock_short:
            return False
        if self._shop_rate_only and (row.platform, row.order_id) not in self.marks:
            return False
        sku = self._sku
        return sku is None or sku in self.info.get(row.order_pk, {}).get("skus", "").split(", ")

    def refilter(self) -> None:
        self._sku = self.sku_filter()
        super().refilter()

    def _card_filter(self, level: str) -> None:
        self.short_only.setChecked(False)
        self.set_status_filter(level)

    def _short_only(self) -> None:
        self.set_status_filter(None)
        self.short_only.setChecked(True)

    def _at_risk_only(self) -> None:
        self.set_status_filter(None)
        self.short_only.setChecked(False)
        self.risk_only.setChecked(True)

    def action_bar(self, bar: QHBoxLayout) -> None:
        exp = QPushButton(self.tr("Export…"))
        exp.setToolTip(self.tr("Export the order-risk list to Excel (Ctrl+E)"))
        exp.clicked.connect(self.export_requested)
        bar.addWidget(exp)

    def detail_actions(self, layout: QVBoxLayout) -> None:
        row = QGridLayout()
        self.btn_shipped = QPushButton(self.tr("Mark shipped"))
        self.btn_picked = QPushButton(self.tr("Mark picked up"))
        self.btn_contact = QPushButton(self.tr("Add to contact queue"))
        self.btn_contact.setObjectName("primary")
        self.btn_copy = QPushButton(self.tr("Copy order ID"))
        self.btn_shipped.clicked.connect(lambda: self._emit(self.mark_shipped))
        self.btn_picked.clicked.connect(lambda: self._emit(self.mark_picked_up))
        self.btn_contact.clicked.connect(lambda: self._emit(self.add_to_contacts))
        self.btn_copy.clicked.connect(self.copy_order_ids)
        # two by two: the pane stays narrow enough for every table column at 1280 px
        row.addWidget(self.btn_shipped, 0, 0)
        row.addWidget(self.btn_picked, 0, 1)
        row.addWidget(self.btn_copy, 1, 0)
        row.addWidget(self.btn_contact, 1, 1)
        layout.addLayout(row)
        self._enable_actions()

    def _enable_actions(self) -> None:
        has = bool(self.table.selectionModel().selectedRows()) if self.table.selectionModel() else False
        for b in (self.btn_shipped, self.btn_picked, self.btn_contact, self.btn_copy):
            b.setEnabled(has)

    def _emit(self, signal) -> None:
        pks = self._pks()
        if pks:
            signal.emit(pks)

    def _pks(self) -> list[int]:
        return [r.order_pk for r in self.selected_rows() if r is not None]

    def copy_order_ids(self) -> str:
        text = "\n".join(r.order_id for r in self.selected_rows() if r is not None)
        QGuiApplication.clipboard().setText(text)
        return text

    def copy_details(self) -> str:
        text = "\n\n".join(self.detail_text(r) for r in self.selected_rows() if r is not None)
        QGuiApplication.clipboard().setText(text)
        return text

    def context_menu(self) -> QMenu:
        """The row's actions (right-click); built per click so it acts on the current selection."""
        m = QMenu(self)
        m.addAction(self.tr("Mark shipped"), lambda: self._emit(self.mark_shipped))
        m.addAction(self.tr("Mark picked up"), lambda: self._emit(self.mark_picked_up))
        m.addAction(self.tr("Add to contact queue"), lambda: self._emit(self.add_to_contacts))
        m.addSeparator()
        m.addAction(self.tr("Copy order ID"), self.copy_order_ids)
        m.addAction(self.tr("Copy the reasons"), self.copy_details)
        m.addAction(self.tr("Show only this SKU"), self._only_this_sku)
        m.addSeparator()
        m.addAction(self.tr("Export…"), self.export_requested.emit)
        has = bool(self._pks())
        for a in m.actions()[:7]:
            a.setEnabled(has)
        return m

    def _menu(self, pos) -> None:
        self.context_menu().exec(self.table.viewport().mapToGlobal(pos))

    def _only_this_sku(self) -> None:
        row = self.current_row()
        skus = self.info.get(row.order_pk, {}).get("skus", "") if row is not None else ""
        if skus:
            self.set_sku_filter(skus.split(", ")[0])

    def _open_detail(self, _index=None) -> None:
        """Double-click: the detail pane (opened again if it was dragged shut) takes the focus."""
        sizes = self.splitter.sizes()
        if len(sizes) == 2 and sizes[1] < 120:
            total = sum(sizes)
            self.splitter.setSizes([total - 360, 360])
        self.detail.setFocus()

    # -- data -------------------------------------------------------------------------
    def set_data(self, risks, info: dict, now: datetime, marks: dict | None = None) -> None:
        """New results (after an import, a scheduler run, an action); the selection is kept.
        ``marks``: the orders whose late dispatch weighs on a shop rate (app/health)."""
        self.info = info
        self.marks = marks or {}
        self.now = self._data_now = now
        self._data_mono = time.monotonic()
        self._fill_skus(info)
        self._sku = self.sku_filter()
        self._label_critical()
        rows = risks if _sorted_by_deadline(risks) else sorted(risks, key=lambda r: r.ship_ts)
        first = not self._fitted
        self.set_rows(rows)
        # the rows kept: countdowns (a new clock), the orders' info and marks (100k info dicts compared
        # would cost more than the patch) repainted with one signal over the table, for the rows in view
        self.model.refresh_column(None)
        mark_col = self.model.columns.index(next(c for c in self.model.columns if c.key == "shop_rate"))
        if self.table.isColumnHidden(mark_col) == bool(self.marks):  # only a shop with a rate line needs it
            self.table.setColumnHidden(mark_col, not self.marks)
            if self.marks and not first:
                self.fit_to_view()
        if first and rows:
            self._apply_widths()
        self._enable_actions()

    def set_freshness(self, rows) -> None:
        """'拼多多 数据 5 小时前' per platform; amber with what to do when a picture is stale."""
        self._fresh = {f.platform: f for f in rows}
        rows = [f for f in rows if f.last_import is not None]  # the demo shop has no export to age
        self.fresh_line.setVisible(bool(rows))
        text, stale = risk_fresh.line_html(rows)
        fg, bg = style.TAGS["amber"] if stale else ("#475467", "transparent")
        self.fresh_line.setStyleSheet(f"QLabel#freshLine {{ color: {fg}; background: {bg}; border-radius: 4px;"
                                      f" padding: {'4px 8px' if stale else '0 2px'}; }}")
        self.fresh_line.setText(text)

    def _label_critical(self) -> None:
        """The "due within N h" card follows the critical threshold in the settings."""
        svc = getattr(self.window(), "svc", None)
        hours = setting(svc.settings if svc is not None else {}, "risk.critical_hours")
        self.card_critical.label.setText(self.tr("Due within %1 h").replace("%1", str(hours)))
        self.card_critical.setToolTip(self.tr("Click to show orders due within %1 hours only")
                                      .replace("%1", str(hours)))

    def _fill_skus(self, info: dict) -> None:
        skus = sorted({s for i in info.values() for s in i.get("skus", "").split(", ") if s})
        if skus == self._skus:
            return
        self._skus = skus
        current = self.sku_filter()
        self.sku_box.blockSignals(True)
        self.sku_box.clear()
        self.sku_box.addItem(self.tr("All SKUs"), None)
        self.sku_box.addItems(skus)
        if current:
            i = self.sku_box.findText(current)
            if i >= 0:
                self.sku_box.setCurrentIndex(i)
            else:
                self.sku_box.setEditText(current)
        self.sku_box.blockSignals(False)

    _skus: list[str] | None = None
    _sku: str | None = None

    def _advance_clock(self) -> None:
        """Every minute: countdowns (and red past zero) move on without a reload."""
        self.now = self._data_now + timedelta(seconds=time.monotonic() - self._data_mono)
        self.model.dataChanged.emit(self.model.index(0, 0),
                                    self.model.index(max(self.model.rowCount() - 1, 0), self.model.columnCount() - 1))
        self.show_detail(self.current_row())

    def summary(self, rows) -> list[str]:
        over = crit = short = at_risk = unverified = 0
        late_fen = stock_fen = total_fen = 0
        for r in rows:
            lv = r.level
            if lv == "overdue":
                over += 1
            elif lv == "critical":
                crit += 1
            if lv != "ok":
                late_fen += r.penalty_estimate_fen
            if r.stock_short:
                short += 1
                stock_fen += r.penalty_stockout_fen
            if lv != "ok" or r.stock_short:  # what summarize() counts as money_total
                total_fen += r.penalty_total_fen
                unverified += not r.penalty_verified
            if lv != "ok" or r.stock_short or r.stop_ship:
                at_risk += 1
        late, stock, total = Decimal(late_fen) / 100, Decimal(stock_fen) / 100, Decimal(total_fen) / 100
        tip = (self.tr("%1 orders at risk: the platforms will deduct at most %2, each charge counted once "
                       "(late-shipment charges %3, stock-out charges on short orders %4, before overlaps and "
                       "caps). Click to show orders at risk only.")
               .replace("%1", str(at_risk)).replace("%2", fmt.money(total)).replace("%3", fmt.money(late))
               .replace("%4", fmt.money(stock)))
        if unverified:
            tip += "\n" + self.tr("* %1 of them priced from unverified rules").replace("%1", str(unverified))
        self.card_money.setToolTip(tip)
        return [str(over), str(crit), str(short), fmt.money(total) + ("*" if unverified else "")]

    def _source(self, r) -> tuple[str, str]:
        """When the export this order's state comes from was imported, and a warning when that is old."""
        return risk_fresh.source(self._fresh.get(r.platform), self.info.get(r.order_pk, {}).get("seen_at"),
                                 self.tz, self.now)

    def detail_text(self, r) -> str:
        """The detail as plain text (copied to the clipboard)."""
        lines = [f"{platform_name(r.platform)} {r.order_id} · {self.level_label(r.level)} · "
                 f"{fmt.countdown(r.ship_by, self.now)}",
                 *(f"- {x}" for x in r.reasons),
                 self.tr("Most deducted, each charge once: %1").replace("%1", fmt.money(r.penalty_total)),
                 self._rules_line(r)]
        return "\n".join(lines)

    def detail_html(self, r) -> str:
        i = self.info.get(r.order_pk, {})
        fg, bg = style.TAGS[LEVEL_TAG.get(r.level, "grey")]
        late_label = self.tr("If shipped now") if r.level == "overdue" else self.tr("If it ships late")
        rows = [
            (self.tr("Ship by"), fmt.when(r.ship_by, self.tz, self.now)),
            (self.tr("Paid"), fmt.when(r.paid_at, self.tz, self.now)),
            (self.tr("Amount paid"), fmt.money(r.amount_paid)),
            (self.tr("SKU"), i.get("skus", "")),
            (self.tr("Product"), i.get("product", "")),
            (self.tr("Buyer"), i.get("buyer", "")),
            (self.tr("Region"), i.get("region", "")),
            (self.tr("Stock cover"), self.tr("short %1").replace("%1", str(r.short_units)) if r.stock_short
             else self.tr("covered")),
            (late_label, fmt.money(r.penalty_estimate)),
            (self.tr("If out of stock"), fmt.money(r.penalty_stockout)),
            (self.tr("Most deducted"), fmt.money(r.penalty_total) + ("" if r.penalty_verified else "*")),
            (self.tr("State from"), self._source(r)[0]),
        ]
        table = "".join(f"<tr><td style='color:#667085;padding-right:8px'>{escape(k)}</td><td>{escape(v)}</td></tr>"
                        for k, v in rows if v)
        reasons = "".join(f"<li>{escape(x)}</li>" for x in r.reasons)
        reasons += risk_fresh.warning_html(self._source(r)[1])
        stop = (f"<p><span style='background:{style.TAGS['red'][1]};color:{style.RED}'>&nbsp;"
                f"{escape(self.tr('Stop-ship region'))}&nbsp;</span></p>" if r.stop_ship else "")
        if (r.platform, r.order_id) in self.marks:
            fg2, bg2 = style.TAGS[self._mark_tag(r)]
            stop += (f"<p><span style='background:{bg2};color:{fg2}'>&nbsp;{escape(self.tr('Affects shop late rate'))}"
                     "&nbsp;</span>"
                     f"<br><span style='color:#475467'>{escape(self._mark_tip(r))}</span></p>")
        rules = [(self.tr("Rule"), r.rule, r.rule_verified)]
        if r.rule_stockout:
            rules.append((self.tr("Stock-out rule"), r.rule_stockout, r.rule_stockout_verified))
        rule = "".join(
            f"<p style='color:#667085;margin:0'>{escape(k)}: {escape(v)}</p>" if ok else
            f"<p style='color:{style.AMBER};margin:0'>{escape(k)}: {escape(v)} — "
            f"{escape(self.tr('unverified rule: the amounts are estimates, check the platform rule centre'))}</p>"
            for k, v, ok in rules)
        return f"""
<h3 style='margin:0'>{escape(platform_name(r.platform))} · {escape(r.order_id)}</h3>
<p><span style='background:{bg};color:{fg}'>&nbsp;{escape(self.level_label(r.level))}&nbsp;</span>
&nbsp; <b style='color:{style.RED if r.ship_by <= self.now else "#101828"}'>{escape(fmt.countdown(r.ship_by, self.now))}</b></p>
{stop}<table cellspacing='2'>{table}</table>
<p style='margin-bottom:2px'><b>{escape(self.tr('Why'))}</b></p><ul style='margin-top:0;margin-left:-20px'>{reasons}</ul>
{rule}"""

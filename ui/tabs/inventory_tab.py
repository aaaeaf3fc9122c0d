"""库存: stock per SKU with status chips, the figures and the reasons behind them; the ledger
actions (stocktake, adjustment, purchases and goods received, SKU mapping and master data) and
the 待备货 list."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from html import escape
from operator import attrgetter
from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
)

from app import labels, timeutil
from app.services import failure_words, stock_projection
from ui import fmt, style
from ui.models.record_model import Column, number_column
from ui.tabs.base import TableTab
from ui.tasks import run_task
from ui.widgets import header_width
from ui.writes import connection_lost

log = logging.getLogger(__name__)
STATUS_TAG = {"oversold": "red", "out": "orange", "low": "amber", "normal": "grey"}
STATUS_RANK = {"oversold": 0, "out": 1, "low": 2, "normal": 3}
HISTORY_ROWS = 30
WIDTHS_KEY = "inventory/column_widths"


class InventoryTab(TableTab):
    export_requested = Signal()  # the stock list through the main window's export
    sku_selected = Signal(object)
    changed = Signal()  # the ledger or the SKU master changed: recompute
    detail_read = Signal(int)  # the detail pane's history of this SKU arrived from the worker
    exported = Signal(str)  # a purchase list or stock sheet template was written (on a worker)

    def __init__(self, parent=None):
        self.svc = None
        self._reads: dict = {}  # sku_id → (substitutes, movements, history), read on a worker
        self._catalogue: list | None = None  # every SKU, from the last refresh (the dialogs' lists)
        self.clock = lambda: datetime.now(UTC)
        self.tz = timeutil.DEFAULT_TZ
        self.prepare: list = []
        self.unmatched: list = []
        self._reorder_filter = False
        self.ui_settings = None
        super().__init__(parent)
        self.add_card(self.tr("Oversold"), style.RED, lambda: self.show_only("oversold"))
        self.add_card(self.tr("Out of stock"), style.ORANGE, lambda: self.show_only("out"))
        self.add_card(self.tr("To reorder"), style.AMBER, lambda: self.show_only("reorder"))
        self.add_card(self.tr("To prepare for open orders"), "#101828", self.open_prepare)
        self.extra_html: dict[str, str] = {}
        self.table.customContextMenuRequested.connect(self._menu)
        self.splitter.setSizes([930, 330])

    def bind(self, svc, clock) -> None:
        """The service layer and the window's clock; the tab's dialogs write through them."""
        self.svc, self.clock, self.tz = svc, clock, svc.tz
        self.ui_settings = QSettings(str(Path(svc.store.data_dir) / "ui.ini"), QSettings.IniFormat)
        self.table.horizontalHeader().sectionResized.connect(self._save_widths)

    def _save_widths(self, *_args) -> None:
        if self._fitted and self.ui_settings is not None:
            self.ui_settings.setValue(WIDTHS_KEY, [self.table.columnWidth(c) for c in range(self.model.columnCount())])

    def _restore_widths(self) -> bool:
        """Column widths the seller set last time (UI.md: remembered); False when none fit."""
        saved = self.ui_settings.value(WIDTHS_KEY) if self.ui_settings is not None else None
        try:
            widths = [int(w) for w in saved or []]
        except (TypeError, ValueError):
            return False
        if len(widths) != self.model.columnCount():
            return False
        for c, w in enumerate(widths):
            self.table.setColumnWidth(c, max(w, 30))
        return True

    # -- labels --------------------------------------------------------------
    def status_label(self, s: str) -> str:
        return labels.stock_label(s)  # one map with the stock export (app/labels.py)

    def kind_label(self, k: str) -> str:
        return labels.movement_label(k)

    def _date(self, d) -> str:
        return fmt.day(d, self.clock(), self.tz)  # the chosen language's date (UI.md)

    # -- table ---------------------------------------------------------------
    def make_columns(self):
        dec = fmt.decimal  # exact Decimal, the locale's separators
        why = lambda r: "\n".join(r.reasons)  # noqa: E731
        return [
            Column("status", self.tr("Status"), lambda r: self.status_label(r.status),
                   sort_key=lambda r: (STATUS_RANK.get(r.status, 9), r.available),
                   tag=lambda r: STATUS_TAG.get(r.status), tooltip=why),
            Column("sku", self.tr("Code"), lambda r: r.sku),
            Column("name", self.tr("Product / spec"), lambda r: f"{r.name} {r.spec}" if r.spec else r.name),
            # long English titles on two lines: the columns must fit beside the detail pane at 1280 px
            number_column("on_hand", self.tr("On\nhand"), lambda r: r.on_hand),
            number_column("reserved", self.tr("Reserved"), lambda r: r.reserved),
            number_column("available", self.tr("Available"), lambda r: r.available,
                          foreground=lambda r: style.RED if r.available < 0 else None),
            number_column("incoming", self.tr("Incoming"), lambda r: r.incoming),
            number_column("daily", self.tr("Daily\nsales"), lambda r: r.daily_sales, dec, tooltip=why),
            number_column("cover", self.tr("Days of\ncover"), lambda r: r.days_of_cover, dec, tooltip=why),
            number_column("rop", self.tr("Reorder\npoint"), lambda r: r.reorder_point, tooltip=why),
            number_column("suggest", self.tr("Suggested\norder"), lambda r: r.suggested_order,
                          lambda v: fmt.number(v) if v else "", tooltip=why),
            Column("stockout", self.tr("Stock-out\ndate"), lambda r: self._date(r.stockout_date),
                   sort_key=lambda r: r.stockout_date),
        ]

    row_key = staticmethod(attrgetter("sku"))  # the SKU code: unique in the shop's master

    def elastic_columns(self) -> dict[str, int]:
        # twelve columns beside the detail pane: the product title (full text in its tooltip and
        # the detail) gives up more room than in the other tabs
        return {"name": 100}

    def row_platform(self, row):
        return None

    def status_options(self):
        return [(s, self.status_label(s)) for s in ("oversold", "out", "low", "normal")]

    def row_at_risk(self, row) -> bool:
        return row.status != "normal"

    def row_text(self, r) -> str:
        return f"{r.sku} {r.name} {r.spec or ''}"

    def extra_predicate(self, row) -> bool:
        return not self._reorder_filter or row.suggested_order > 0

    def empty_text(self):
        return (self.tr("No SKUs yet. Import your stock sheet (商家编码, 实际库存…) or an order export."),
                self.tr("Import stock sheet…"))

    def needs_import(self) -> bool:
        return True  # no SKU at all: the stock sheet is what is missing, orders or not

    def reset_filters(self) -> None:
        self._reorder_filter = False

    def extra_filters(self, bar) -> None:
        self.platform_box.hide()  # stock is shared across platforms

    def show_only(self, what: str) -> None:
        """A summary card was clicked: its rows only (clicking again clears it)."""
        self._reorder_filter = what == "reorder" and not self._reorder_filter
        self.set_status_filter(None if what == "reorder" else what)
        self.refilter()

    # -- actions -------------------------------------------------------------
    def action_bar(self, bar: QHBoxLayout) -> None:
        self.btn_stocktake = QPushButton(self.tr("Stocktake…"))
        self.btn_stocktake.clicked.connect(lambda: self.open_stocktake())
        self.btn_purchase = QPushButton(self.tr("Purchases…"))
        self.btn_purchase.clicked.connect(lambda: self.open_purchases())
        self.btn_map = QPushButton(self.tr("Map SKUs…"))
        self.btn_map.clicked.connect(self.open_mapping)
        more = QToolButton()
        more.setText(self.tr("More"))
        more.setPopupMode(QToolButton.InstantPopup)
        m = QMenu(more)
        m.addAction(self.tr("SKUs (safety stock, lead time, supplier, substitutes)…"),
                    lambda: self.open_editor(self._current_id()))
        m.addAction(self.tr("Adjust stock…"), lambda: self.open_adjust(self._current_id()))
        m.addAction(self.tr("To prepare for open orders…"), self.open_prepare)
        m.addSeparator()
        m.addAction(self.tr("Import stock sheet…"), self.import_requested)
        m.addAction(self.tr("Save stock sheet template…"), self.save_template)
        m.addSeparator()
        m.addAction(self.tr("Export stock list…"), self.export_requested)
        m.addAction(self.tr("Export purchase list…"), self.save_purchase_list)
        more.setMenu(m)
        self.more_menu = m
        for w in (self.btn_map, self.btn_stocktake, self.btn_purchase, more):
            bar.addWidget(w)

    def detail_actions(self, layout: QVBoxLayout) -> None:
        from ui.tabs.inventory_chart import StockChart

        self.chart = StockChart()
        layout.addWidget(self.chart)
        row = QHBoxLayout()
        for text, fn in ((self.tr("Adjust…"), lambda: self.open_adjust(self._current_id())),
                         (self.tr("Count…"), lambda: self.open_stocktake(self._current_id())),
                         (self.tr("Purchase…"), lambda: self.open_purchases(self._current_id())),
                         (self.tr("Edit SKU…"), lambda: self.open_editor(self._current_id()))):
            b = QPushButton(text)
            b.clicked.connect(fn)
            row.addWidget(b)
        self.detail_buttons = row
        layout.addLayout(row)

    def _menu(self, pos) -> None:
        sid = self._current_id()
        if sid is None:
            return
        m = QMenu(self)
        m.addAction(self.tr("Adjust stock…"), lambda: self.open_adjust(sid))
        m.addAction(self.tr("Count this SKU…"), lambda: self.open_stocktake(sid))
        m.addAction(self.tr("Purchase / goods received…"), lambda: self.open_purchases(sid))
        m.addAction(self.tr("Edit SKU…"), lambda: self.open_editor(sid))
        m.addAction(self.tr("Copy"), self.table.copy_selection)
        m.exec(self.table.viewport().mapToGlobal(pos))

    def _current_id(self):
        r = self.current_row()
        return r.sku_id if r is not None else None

    def _skus(self):
        """Every SKU, as the last refresh read it off the GUI thread (#15); read here only before the first."""
        if self._catalogue is None:
            self._catalogue = self.svc.inventory.all_skus()
        return self._catalogue

    def _shelf_skus(self):
        """Active SKUs with a shelf of their own (not sets): what can be counted, adjusted, bought."""
        return [s for s in self._skus() if s.active and not s.components]

    def _after(self, changed: bool) -> None:
        if changed:
            self.changed.emit()

    def open_stocktake(self, sku_id=None):
        from ui.dialogs.stocktake_dialog import StocktakeDialog

        shelf = [r for r in self.model.all_rows() if not r.bundle]  # a set is counted as its components
        dlg = StocktakeDialog(self.svc, shelf, self.clock(), self,
                              only={sku_id} if sku_id is not None else None)
        self._after(bool(dlg.exec()))
        return dlg

    def open_adjust(self, sku_id=None):
        from ui.dialogs.adjust_dialog import AdjustDialog

        on_hand = {r.sku_id: r.on_hand for r in self.model.all_rows()}
        dlg = AdjustDialog(self.svc, self._shelf_skus(), self.clock(), sku_id, on_hand, self)
        self._after(bool(dlg.exec()))
        return dlg

    def open_purchases(self, sku_id=None):
        from ui.dialogs.purchase_dialog import PurchaseDialog

        dlg = PurchaseDialog(self.svc, self._shelf_skus(), self.model.all_rows(), self.clock(),
                             sku_id, self)
        dlg.exec()
        self._after(dlg.changed)
        return dlg

    def open_mapping(self):
        from ui.dialogs.sku_mapping_dialog import SkuMappingDialog

        dlg = SkuMappingDialog(self.svc, self._skus(), self)
        dlg.exec()
        self._after(dlg.mapped > 0)
        return dlg

    def open_editor(self, sku_id=None):
        from ui.dialogs.sku_editor_dialog import SkuEditorDialog

        dlg = SkuEditorDialog(self.svc, sku_id, self, skus=self._skus())
        dlg.exec()
        self._after(dlg.changed)
        return dlg

    def open_prepare(self):
        from ui.dialogs.prepare_dialog import PrepareDialog

        dlg = PrepareDialog(self.prepare, self.tz, self.clock(), self)
        dlg.exec()
        return dlg

    def _save_path(self, title: str, stem: str) -> str:
        stamp = timeutil.local(self.clock(), self.tz).strftime("%Y%m%d")
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / f"{stem}-{stamp}.xlsx"), "Excel (*.xlsx)")
        return path

    def save_purchase_list(self, path: str | None = None):
        path = path or self._save_path(self.tr("Export purchase list"), self.tr("purchase-list"))
        if path:
            now = self.clock()
            return self._write(lambda: self.svc.export_purchase_list(Path(path), now=now))

    def save_template(self, path: str | None = None):
        path = path or self._save_path(self.tr("Save stock sheet template"), self.tr("stock-sheet"))
        if path:
            return self._write(lambda: self.svc.export_stock_template(Path(path)))

    def _write(self, fn):
        """The file is written on a worker (#15: the store may be a slow server); ``exported`` says where."""
        def done(out):
            window = self.window()
            if hasattr(window, "statusBar"):
                window.statusBar().showMessage(self.tr("Saved %1").replace("%1", str(out)), 8000)
            self.exported.emit(str(out))

        def failed(exc):  # no traceback reaches a seller: run_task logged it
            if not connection_lost(self, exc):
                QMessageBox.warning(self, self.tr("Export"),
                                    self.tr("Could not write the file: %1").replace("%1", failure_words(exc)))

        return run_task(fn, done, failed)

    # -- data ------------------------------------------------------------------
    def set_data(self, skus, prepare=None, unmatched=None, catalogue=None) -> None:
        self._catalogue = list(catalogue) if catalogue is not None else None
        self._reads = {}  # new figures: the detail pane's history is read again
        self.prepare = list(prepare or [])
        self.unmatched = list(unmatched or [])
        first = not self._fitted
        self.set_rows(sorted(skus, key=lambda r: (STATUS_RANK.get(r.status, 9), r.available, r.sku)))
        if first and self._fitted and not self._restore_widths():
            self._tighten_columns()
            self.fit_to_view()
        open_units = sum(u.open_quantity for u in self.unmatched)
        if self.unmatched:
            self.btn_map.setText(self.tr("Map SKUs (%1)…").replace("%1", str(len(self.unmatched))))
            self.btn_map.setStyleSheet(f"color:{style.AMBER}; font-weight:600")
            self.btn_map.setToolTip(self.tr("%1 order lines (%2 open units) match no SKU and are not counted")
                                    .replace("%1", str(sum(u.lines for u in self.unmatched)))
                                    .replace("%2", str(open_units)))
        else:
            self.btn_map.setText(self.tr("Map SKUs…"))
            self.btn_map.setStyleSheet("")
            self.btn_map.setToolTip(self.tr("Every order line is matched to a SKU"))

    def _tighten_columns(self) -> None:
        """Long product titles elide in the middle (full text in the tooltip) and figures take
        only the room they need, so every column fits beside the detail pane at 1280 px."""
        fm = self.table.fontMetrics()
        for c, col in enumerate(self.model.columns):
            if col.key == "name":
                self.table.setColumnWidth(c, min(self.table.columnWidth(c), 210))
            elif col.key not in ("status", "sku"):
                sample = [self.model.index(r, c).data() or "" for r in range(min(self.model.rowCount(), 200))]
                cells = max([fm.horizontalAdvance(str(x)) for x in sample], default=0)
                # a title needs room for the header's margins as well as its text
                self.table.setColumnWidth(c, max(header_width(fm, col.header) + 20, cells + 14))

    def summary(self, rows) -> list[str]:
        return [str(sum(r.status == "oversold" for r in rows)), str(sum(r.status == "out" for r in rows)),
                str(sum(r.suggested_order > 0 for r in rows)), str(len(self.prepare))]

    def show_detail(self, row) -> None:
        super().show_detail(row)
        if row is None or self.svc is None:
            self.chart.show_stock([], [], None)
        elif row.sku_id in self._reads:
            self._show_chart(row)
        else:  # the pane shows the figures now, the history once the worker read it (#15)
            self.chart.show_stock([], [], None)
            self._read_history(row)
        for i in range(self.detail_buttons.count()):
            self.detail_buttons.itemAt(i).widget().setEnabled(row is not None and self.svc is not None)
        self.sku_selected.emit(row)

    def _read_history(self, row) -> None:
        svc, sku_id, now, tz, reads = self.svc, row.sku_id, self.clock(), self.tz, self._reads

        def read():
            return (svc.inventory.substitutes(sku_id), svc.inventory.movements(sku_id, HISTORY_ROWS, tz),
                    svc.inventory.history_series(sku_id, now, tz))

        def done(got):
            if reads is not self._reads:
                return  # new figures arrived meanwhile: their own read follows
            reads[sku_id] = got
            cur = self.current_row()
            if cur is not None and cur.sku_id == sku_id:
                TableTab.show_detail(self, cur)
                self._show_chart(cur)
                self.detail_read.emit(sku_id)

        run_task(read, done, lambda exc: connection_lost(self, exc))

    def _show_chart(self, r) -> None:
        now = self.clock()
        history = self._reads[r.sku_id][2]
        self.chart.show_stock(history, stock_projection(r, timeutil.local(now, self.tz).date()), r.reorder_point)

    def detail_html(self, r) -> str:
        fg, bg = style.TAGS[STATUS_TAG.get(r.status, "grey")]
        reasons = "".join(f"<li>{escape(x)}</li>" for x in r.reasons)
        return f"""
<h3 style='margin:0'>{escape(r.sku)} · {escape(r.name)} {escape(r.spec or '')}</h3>
<p><span style='background:{bg};color:{fg}'>&nbsp;{escape(self.status_label(r.status))}&nbsp;</span>
&nbsp; {escape(self.tr('On hand'))} {fmt.number(r.on_hand)} · {escape(self.tr('Reserved'))} {fmt.number(r.reserved)} ·
{escape(self.tr('Available'))} <b>{fmt.number(r.available)}</b> · {escape(self.tr('Incoming'))} {fmt.number(r.incoming)}</p>
<p style='margin-bottom:2px'><b>{escape(self.tr('Why'))}</b></p><ul style='margin-top:0'>{reasons}</ul>
{self._substitutes_html(r)}{self._history_html(r)}{self.extra_html.get(r.sku, '')}"""

    def _substitutes_html(self, r) -> str:
        if r.sku_id not in self._reads:
            return ""
        subs = self._reads[r.sku_id][0]
        if not subs:
            return ""
        avail = {x.sku: x.available for x in self.model.all_rows()}
        items = "".join(
            f"<li>{escape(code)} · {escape(name)} {escape(spec or '')} — "
            f"{escape(self.tr('available %1').replace('%1', fmt.number(avail.get(code, 0))))}</li>"
            for code, name, spec in subs)
        return f"<p style='margin-bottom:2px'><b>{escape(self.tr('Substitutes'))}</b></p><ul style='margin-top:0'>{items}</ul>"

    def _history_html(self, r) -> str:
        if r.sku_id not in self._reads:
            return ""
        moves = self._reads[r.sku_id][1]
        head = f"<p style='margin-bottom:2px'><b>{escape(self.tr('Movements'))}</b></p>"
        if not moves:
            return head + f"<p style='color:#667085'>{escape(self.tr('No movements yet.'))}</p>"
        now = self.clock()
        rows = []
        for m in moves:
            colour = style.RED if m.delta < 0 else style.GREEN if m.delta > 0 else style.GREY
            why = " · ".join(x for x in (m.reason, m.note) if x)
            rows.append(
                f"<tr><td style='color:#667085'>{escape(fmt.when(m.at, self.tz, now))}</td>"
                f"<td>{escape(self.kind_label(m.kind))}</td>"
                f"<td align='right' style='color:{colour}'>{'+' if m.delta > 0 else ''}{fmt.number(m.delta)}</td>"
                f"<td align='right'>{fmt.number(m.balance)}</td><td>{escape(why)}</td></tr>")
        th = "".join(f"<th align='{a}' style='color:#667085;font-weight:normal'>{escape(t)}</th>" for t, a in (
            (self.tr("Time"), "left"), (self.tr("Kind"), "left"), (self.tr("Change"), "right"),
            (self.tr("Balance"), "right"), (self.tr("Reason"), "left")))
        return head + f"<table cellspacing='0' cellpadding='3'><tr>{th}</tr>{''.join(rows)}</table>"

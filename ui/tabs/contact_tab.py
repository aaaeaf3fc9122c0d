"""客户联系: the contact queue with the message written, outcomes and the buyer's history."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from app import timeutil
from ui import fmt, style
from ui.models.record_model import Column
from ui.tabs.base import TableTab, platform_name

STATUS_TAG = {"todo": "orange", "sent": "blue", "replied": "amber", "resolved": "grey"}
OUTCOMES = ("同意等待", "换款", "部分退款补偿", "退款", "申请平台介入", "无回应")


class ContactTab(TableTab):
    transition_requested = Signal(int, str, object)  # task id, to status, outcome
    message_edited = Signal(int, str)
    bulk_copy_requested = Signal(object)  # task row
    export_requested = Signal()

    def __init__(self, tz: str = timeutil.DEFAULT_TZ, parent=None):
        self.tz = tz
        self.now = datetime.now(UTC)
        super().__init__(parent)
        self.add_card(self.tr("To contact"), style.ORANGE, lambda: self.set_status_filter("todo"))
        self.add_card(self.tr("Awaiting reply"), style.ACCENT, lambda: self.set_status_filter("sent"))
        self.add_card(self.tr("Resolved today"), style.GREEN, lambda: self.set_status_filter("resolved"))

    def status_label(self, s: str) -> str:
        return {"todo": self.tr("To do"), "sent": self.tr("Sent"), "replied": self.tr("Replied"),
                "resolved": self.tr("Resolved")}.get(s, s)

    def reason_label(self, s: str) -> str:
        return {"overdue": self.tr("Overdue"), "critical": self.tr("Due soon"),
                "stock_short": self.tr("Out of stock"), "stop_ship": self.tr("Stop-ship region"),
                "manual": self.tr("Added by hand"), "presale": self.tr("Presale")}.get(s, s)

    def make_columns(self):
        g = getattr
        return [
            Column("due", self.tr("Due"), lambda r: fmt.when(g(r, "due", None), self.tz, self.now),
                   sort_key=lambda r: g(r, "due", None),
                   foreground=lambda r: style.RED if g(r, "due", None) and r.due <= self.now
                   and r.status == "todo" else None),
            Column("status", self.tr("State"), lambda r: self.status_label(r.status),
                   tag=lambda r: STATUS_TAG.get(r.status)),
            Column("reason", self.tr("Reason"), lambda r: self.reason_label(r.reason),
                   tag=lambda r: "red" if r.reason in ("overdue", "stock_short") else "amber"),
            Column("platform", self.tr("Platform"), lambda r: platform_name(r.platform),
                   sort_key=lambda r: r.platform),
            Column("order", self.tr("Order ID"), lambda r: r.order_id),
            Column("buyer", self.tr("Buyer"), lambda r: g(r, "buyer", "") or ""),
            Column("product", self.tr("Product"), lambda r: g(r, "product", "") or ""),
            Column("template", self.tr("Template"), lambda r: r.template),
            Column("outcome", self.tr("Outcome"), lambda r: r.outcome or ""),
        ]

    def row_key(self, row):
        return row.task_id

    def status_options(self):
        return [(s, self.status_label(s)) for s in ("todo", "sent", "replied", "resolved")]

    def row_at_risk(self, row) -> bool:
        return row.status != "resolved"

    def risk_only_label(self) -> str:
        return self.tr("Open only")

    def row_text(self, r) -> str:
        return " ".join(str(getattr(r, k, "") or "") for k in ("order_id", "buyer", "product", "message"))

    def empty_text(self):
        return (self.tr("No buyer needs contacting. Orders that will ship late or are out of stock "
                        "appear here with the message already written."), self.tr("Import orders…"))

    def action_bar(self, bar: QHBoxLayout) -> None:
        b = QPushButton(self.tr("Export…"))
        b.clicked.connect(self.export_requested)
        bar.addWidget(b)

    def detail_actions(self, layout: QVBoxLayout) -> None:
        layout.addWidget(QLabel(self.tr("Message (edit, then copy into the platform chat)")))
        self.editor = QPlainTextEdit()
        self.editor.setMinimumHeight(120)
        layout.addWidget(self.editor)
        row = QHBoxLayout()
        self.btn_copy = QPushButton(self.tr("Copy message"))
        self.btn_copy.setObjectName("primary")
        self.btn_copy.clicked.connect(self.copy_message)
        self.btn_bulk = QPushButton(self.tr("Copy all for this SKU"))
        self.btn_bulk.clicked.connect(lambda: self.current_row() and self.bulk_copy_requested.emit(self.current_row()))
        self.btn_save = QPushButton(self.tr("Save text"))
        self.btn_save.clicked.connect(self._save_text)
        row.addWidget(self.btn_copy)
        row.addWidget(self.btn_bulk)
        row.addWidget(self.btn_save)
        layout.addLayout(row)
        row2 = QHBoxLayout()
        self.btn_sent = QPushButton(self.tr("Mark sent"))
        self.btn_replied = QPushButton(self.tr("Buyer replied"))
        self.outcome = QComboBox()
        for o in OUTCOMES:
            self.outcome.addItem(o, o)
        self.btn_resolve = QPushButton(self.tr("Resolve"))
        self.btn_sent.clicked.connect(lambda: self._go("sent"))
        self.btn_replied.clicked.connect(lambda: self._go("replied"))
        self.btn_resolve.clicked.connect(lambda: self._go("resolved", self.outcome.currentData()))
        for w in (self.btn_sent, self.btn_replied, self.outcome, self.btn_resolve):
            row2.addWidget(w)
        layout.addLayout(row2)

    def _go(self, status: str, outcome=None) -> None:
        r = self.current_row()
        if r is not None:
            self.transition_requested.emit(r.task_id, status, outcome)

    def _save_text(self) -> None:
        r = self.current_row()
        if r is not None:
            self.message_edited.emit(r.task_id, self.editor.toPlainText())

    def copy_message(self) -> str:
        text = self.editor.toPlainText()
        QGuiApplication.clipboard().setText(text)
        return text

    def set_data(self, tasks, now: datetime) -> None:
        self.now = now
        self.set_rows(tasks)

    def summary(self, rows) -> list[str]:
        today = timeutil.local(self.now, self.tz).date()
        resolved_today = sum(1 for r in rows if r.status == "resolved" and getattr(r, "resolved_at", None)
                             and timeutil.local(r.resolved_at, self.tz).date() == today)
        return [str(sum(r.status == "todo" for r in rows)), str(sum(r.status == "sent" for r in rows)),
                str(resolved_today)]

    def show_detail(self, row) -> None:
        super().show_detail(row)
        self.editor.setPlainText(row.message if row is not None else "")
        for b in (self.btn_copy, self.btn_bulk, self.btn_save, self.btn_sent, self.btn_replied, self.btn_resolve):
            b.setEnabled(row is not None)

    def detail_html(self, r) -> str:
        history = getattr(r, "history", None) or []
        past = getattr(r, "customer_history", None) or []
        ev = "".join(f"<li>{escape(str(h))}</li>" for h in history)
        cust = "".join(f"<li>{escape(str(h))}</li>" for h in past)
        reasons = "".join(f"<li>{escape(x)}</li>" for x in (getattr(r, "reasons", None) or []))
        return f"""
<h3 style='margin:0'>{escape(platform_name(r.platform))} · {escape(r.order_id)}</h3>
<p>{escape(self.reason_label(r.reason))} · {escape(self.status_label(r.status))}
{(' · ' + escape(r.outcome)) if r.outcome else ''}</p>
<ul style='margin-top:0'>{reasons}</ul>
<p style='margin-bottom:2px'><b>{escape(self.tr('This buyer before'))}</b></p>
<ul style='margin-top:0'>{cust or '<li>' + escape(self.tr('No earlier orders or contacts.')) + '</li>'}</ul>
<p style='margin-bottom:2px'><b>{escape(self.tr('History'))}</b></p><ul style='margin-top:0'>{ev}</ul>"""

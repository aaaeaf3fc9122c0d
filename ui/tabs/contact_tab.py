"""客户联系: the contact queue with the message written, the playbook, outcomes and the buyer's history.

The tab talks to the core through ``svc.contact`` (app/contact/actions.py) once ``bind`` gave it
the service; every change is one short write, then the window refreshes all tabs.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from html import escape

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from app import labels, timeutil
from app.contact.service import AGREED, OUTCOMES
from app.labels import outcome_label, template_label
from app.services import setting
from ui import fmt, style
from ui.models.record_model import Column
from ui.tabs.base import TableTab, platform_name

STATUS_TAG = {"todo": "orange", "sent": "blue", "replied": "amber", "resolved": "grey"}
TEMPLATES = tuple(labels.TEMPLATES)  # AGREED: the order still ships, its new date goes into the platform tool


class ContactTab(TableTab):
    export_requested = Signal()
    changed = Signal()  # something was written: the window refreshes

    def __init__(self, tz: str = timeutil.DEFAULT_TZ, parent=None):
        self.tz = tz
        self.now = datetime.now(UTC)
        self.svc = None
        self.clock = lambda: datetime.now(UTC)
        self._today_only = False
        self._mine = False  # only the tasks this PC's staff member claimed
        self._loading = False
        self._choice: dict = {}
        self._select_next = None
        # the task the seller just acted on stays visible (and selected) even when the filter no
        # longer matches it: otherwise "Mark sent" under 待联系 would move the selection to another
        # order and the next click would land on the wrong buyer
        self._acted_key = None
        self._refreshing = False
        self._auto_selected = False
        super().__init__(parent)
        self.splitter.setSizes([820, 460])
        self.add_card(self.tr("To contact"), style.ORANGE, lambda: self.set_status_filter("todo"))
        self.add_card(self.tr("Awaiting reply"), style.ACCENT, lambda: self.set_status_filter("sent"))
        self.add_card(self.tr("Resolved today"), style.GREEN, self.show_resolved_today)
        self.status_box.currentIndexChanged.connect(self._status_changed)
        self.table.customContextMenuRequested.connect(self._context_menu)
        # the outcome shows in the state column ("Resolved · Refunded"): room at 1280 px
        self.table.setColumnHidden(len(self.model.columns) - 1, True)

    def bind(self, svc, clock=None) -> None:
        """Give the tab the service layer (and the window's clock) so its buttons can act."""
        self.svc = svc
        if clock is not None:
            self.clock = clock
        self.tz = svc.tz
        self._fill_compensation()
        staffed = svc.is_shared or svc.staff is not None  # one seller alone needs no claims
        self.mine_box.setVisible(staffed)
        self.btn_claim.setVisible(staffed)

    # -- labels ----------------------------------------------------------------
    # states, reasons, outcomes and templates read as the exports name them (app/labels.py)
    def status_label(self, s: str) -> str:
        return labels.state_label(s)

    def reason_label(self, s: str) -> str:
        return labels.reason_label(s)

    def outcome_label(self, o: str | None) -> str:
        return outcome_label(o)

    def template_label(self, name: str) -> str:
        return template_label(name)

    def due_label(self, kind: str | None) -> str:
        return {"contact": self.tr("Contact the buyer before the ship-by deadline"),
                "follow_up": self.tr("Follow up if the buyer has not replied"),
                "agree": self.tr("Agree a new date before the deadline"),
                "escalation": self.tr("Escalate: refund or ask the platform to step in")}.get(kind, "")

    def order_status_label(self, s: str) -> str:
        return {"shipped": self.tr("shipped"), "completed": self.tr("completed"),
                "closed": self.tr("closed"), "unshipped": self.tr("unshipped")}.get(s, s)

    def _due_text(self, r) -> str:
        if r.status == "resolved":
            return fmt.when(r.resolved_at, self.tz, self.now)
        if r.due is None:
            return ""
        left = fmt.countdown(r.due, self.now)
        prefix = {"follow_up": self.tr("Follow up"), "escalation": self.tr("Escalate")}.get(r.due_kind)
        return f"{prefix} · {left}" if prefix else left

    def _due_tip(self, r) -> str:
        if r.status == "resolved" or r.due is None:
            return ""
        return f"{self.due_label(r.due_kind)}: {fmt.when(r.due, self.tz, self.now)}"

    def _state_text(self, r, long: bool = False) -> str:
        text = self.status_label(r.status)
        if r.assignee and r.status != "resolved":  # several staff: who is on it (the detail: "小王 处理中")
            text = f"{text} · {self.tr('%1 handling').replace('%1', r.assignee) if long else r.assignee}"
        if r.status == "resolved" and r.outcome:  # the outcome shares the state's column: room at 1280 px
            return f"{text} · {self.outcome_label(r.outcome)}"
        return f"{text} · {self.tr('escalated')}" if r.escalated and r.status != "resolved" else text

    # -- table -------------------------------------------------------------------
    def make_columns(self):
        return [
            Column("due", self.tr("Due"), self._due_text,
                   sort_key=lambda r: (r.status == "resolved", r.due or r.resolved_at),
                   foreground=lambda r: style.RED if r.due and r.due <= self.now and r.status != "resolved"
                   else (style.GREY if r.status == "resolved" else None),
                   tooltip=self._due_tip),
            Column("status", self.tr("State"), self._state_text,
                   sort_key=lambda r: ("todo", "sent", "replied", "resolved").index(r.status),
                   tag=lambda r: "red" if r.escalated and r.status != "resolved" else STATUS_TAG.get(r.status)),
            Column("platform", self.tr("Platform"), lambda r: platform_name(r.platform),
                   sort_key=lambda r: r.platform),
            Column("order", self.tr("Order ID"), lambda r: r.order_id),
            Column("buyer", self.tr("Buyer"), lambda r: r.buyer or "",
                   foreground=lambda r: style.AMBER if r.waited_before else None,
                   tooltip=lambda r: self.tr("This buyer already agreed to wait once") if r.waited_before else ""),
            Column("product", self.tr("Product"), lambda r: r.product or "", tooltip=lambda r: r.product or ""),
            Column("reason", self.tr("Reason"), lambda r: self.reason_label(r.reason),
                   tag=lambda r: "red" if r.reason in ("overdue", "stock_short") else "amber"),
            Column("template", self.tr("Message"), lambda r: self.template_label(r.template)),
            Column("outcome", self.tr("Outcome"), lambda r: self.outcome_label(r.outcome)),
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
        return " ".join(str(x or "") for x in (r.order_id, r.buyer, r.product, r.message, " ".join(r.sku_codes)))

    def row_pinned(self, r) -> bool:
        return self._acted_key is not None and r.task_id == self._acted_key

    def extra_predicate(self, r) -> bool:
        if self._mine and (self.svc is None or r.assignee != self.svc.staff):
            return False
        if self._today_only:
            return r.resolved_at is not None and self._is_today(r.resolved_at)
        return True

    def empty_text(self):
        return (self.tr("No orders yet. Buyers to tell about a late or out-of-stock order will appear here, "
                        "with the message already written."), self.tr("Import orders…"))

    def all_clear_text(self) -> str:
        return self.tr("No buyer needs contacting right now. Orders that will ship late or are out of stock "
                       "appear here with the message already written.")

    def reset_filters(self) -> None:
        self._today_only = False

    def elastic_columns(self) -> dict[str, int]:
        # beside the 460 px detail pane at 1280 px: product, buyer and message name elide (tooltips)
        return {"product": 100, "buyer": 96, "template": 60}

    def action_bar(self, bar: QHBoxLayout) -> None:
        self.mine_box = QCheckBox(self.tr("Only mine"))
        self.mine_box.setToolTip(self.tr("Only the tasks you claimed (your name is set in Settings → Shared database)"))
        self.mine_box.toggled.connect(self._mine_toggled)
        bar.addWidget(self.mine_box)
        self.btn_claim = QPushButton(self.tr("Claim"))
        self.btn_claim.setToolTip(self.tr("Take this task so the other staff see you are on it"))
        self.btn_claim.clicked.connect(self.claim)
        bar.addWidget(self.btn_claim)
        b = QPushButton(self.tr("Message templates…"))
        b.clicked.connect(self.edit_templates)
        bar.addWidget(b)
        b = QPushButton(self.tr("Export…"))
        b.clicked.connect(self.export_requested)
        bar.addWidget(b)

    def _mine_toggled(self, on: bool) -> None:
        self._mine = on
        self.refilter()

    def claim(self) -> None:
        r = self.current_row()
        if r is not None:
            self._act(self.svc.contact.claim, r.task_id, self.clock(), version=r.version)

    def _is_today(self, dt: datetime) -> bool:
        return timeutil.local(dt, self.tz).date() == timeutil.local(self.now, self.tz).date()

    def show_resolved_today(self) -> None:
        self.set_status_filter("resolved")
        self._today_only = True
        self.refilter()

    def _status_changed(self) -> None:
        if self._today_only:
            self._today_only = False
            self.refilter()

    def set_status_filter(self, value) -> None:
        self._today_only = False
        super().set_status_filter(value)

    def summary(self, rows) -> list[str]:
        resolved_today = sum(1 for r in rows if r.status == "resolved" and r.resolved_at and self._is_today(r.resolved_at))
        return [str(sum(r.status == "todo" for r in rows)), str(sum(r.status == "sent" for r in rows)),
                str(resolved_today)]

    def refilter(self) -> None:
        if not self._refreshing:
            self._acted_key = None  # the seller changed the filter: show exactly what it says
        super().refilter()

    def _current_changed(self, cur, prev) -> None:
        row = self.model.row_at(cur.row()) if cur.isValid() else None
        if not self._refreshing and row is not None and row.task_id != self._acted_key:
            self._acted_key = None
        super()._current_changed(cur, prev)

    def set_data(self, tasks, now: datetime) -> None:
        self.now = now
        claimed = any(t.assignee for t in tasks)
        if claimed != getattr(self, "_claimed", False):  # a name in the state column: fit its width again
            self._claimed, self._fitted = claimed, False
        self._refreshing = True
        try:
            self.set_rows(tasks)
        finally:
            self._refreshing = False
        if not self._auto_selected and self.model.rowCount():
            self._auto_selected = True
            if self.current_row() is None:
                self.table.selectRow(0)  # first look: the most urgent task, ready to copy
        if self._select_next is not None:
            key, self._select_next = self._select_next, None
            if not self.select_key(key):
                self.set_status_filter(None)
                self.risk_only.setChecked(False)
                self.search.clear()
                self.refilter()
                self.select_key(key)

    def select_after_refresh(self, task_id: int) -> None:
        """Select this task once the next refresh shows it (added by hand from the risk tab)."""
        self._select_next = task_id

    def _context_menu(self, pos) -> None:
        r = self.current_row()
        if r is None:
            return
        m = QMenu(self)
        m.addAction(self.tr("Copy message"), self.copy_message)
        m.addAction(self.tr("Copy order ID"), lambda: QGuiApplication.clipboard().setText(r.order_id))
        if r.status == "todo":
            m.addAction(self.tr("Mark sent"), lambda: self._go("sent"))
        m.exec(self.table.viewport().mapToGlobal(pos))

    # -- detail pane ---------------------------------------------------------------
    def detail_actions(self, layout: QVBoxLayout) -> None:
        layout.setStretch(0, 3)  # the detail text (playbook, buyer history, history) gets the room
        grid = QGridLayout()
        grid.setContentsMargins(0, 4, 0, 0)
        grid.addWidget(QLabel(self.tr("Message")), 0, 0)
        self.template_box = QComboBox()
        for name in TEMPLATES:
            self.template_box.addItem(self.template_label(name), name)
        self.template_box.setToolTip(self.tr("Which message to send"))
        grid.addWidget(self.template_box, 0, 1)
        grid.addWidget(QLabel(self.tr("New ship date")), 0, 2)
        self.new_date = QDateEdit()
        self.new_date.setCalendarPopup(True)
        self.new_date.setDisplayFormat("yyyy-MM-dd")
        grid.addWidget(self.new_date, 0, 3)
        grid.addWidget(QLabel(self.tr("Compensation")), 1, 0)
        self.compensation = QComboBox()
        self.compensation.setEditable(True)
        self.compensation.setToolTip(self.tr("What the buyer gets for waiting (pay it through the platform)"))
        grid.addWidget(self.compensation, 1, 1, 1, 3)
        self.substitute_label = QLabel(self.tr("Substitute"))
        grid.addWidget(self.substitute_label, 2, 0)
        self.substitute = QComboBox()
        self.substitute.setEditable(True)
        self.substitute.setToolTip(self.tr("In-stock substitutes from the SKU master"))
        grid.addWidget(self.substitute, 2, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.template_box.currentIndexChanged.connect(lambda: self._choose(template=self.template_box.currentData()))
        self.compensation.currentTextChanged.connect(lambda t: self._choose(compensation=t.strip() or None))
        self.substitute.currentTextChanged.connect(lambda t: self._choose(substitute=t.strip() or None))
        self.new_date.dateChanged.connect(lambda d: self._choose(new_date=self._to_dt(d)))

        self.editor = QPlainTextEdit()
        self.editor.setMinimumHeight(90)
        self.editor.setMaximumHeight(140)
        self.editor.setPlaceholderText(self.tr("The message to paste into the platform chat"))
        self.editor.textChanged.connect(self._edited)
        layout.addWidget(self.editor, 1)
        self.unsaved = QLabel()
        self.unsaved.setStyleSheet(f"color: {style.AMBER}")
        self.unsaved.setVisible(False)
        layout.addWidget(self.unsaved)

        row = QHBoxLayout()
        self.btn_copy = QPushButton(self.tr("Copy message"))
        self.btn_copy.setObjectName("primary")
        self.btn_copy.setToolTip(self.tr("Copies the text (and keeps your edits) to paste into the platform chat (Feige / Qianniu / Pinduoduo)"))
        self.btn_copy.clicked.connect(self.copy_message)
        self.btn_bulk = QPushButton(self.tr("Copy all for this SKU"))
        self.btn_bulk.setToolTip(self.tr("Every message not sent yet for the orders of this SKU, one after another"))
        self.btn_bulk.clicked.connect(lambda: self.copy_bulk())
        self.btn_save = QPushButton(self.tr("Save text"))
        self.btn_save.clicked.connect(self.save_text)
        for b in (self.btn_copy, self.btn_bulk, self.btn_save):
            row.addWidget(b)
        layout.addLayout(row)

        row = QHBoxLayout()
        self.btn_sent = QPushButton(self.tr("Mark sent"))
        self.btn_replied = QPushButton(self.tr("Buyer replied"))
        self.btn_follow = QPushButton(self.tr("Followed up"))
        self.btn_proposal = QPushButton(self.tr("Date recorded in platform tool"))
        self.btn_sent.clicked.connect(lambda: self._go("sent"))
        self.btn_replied.clicked.connect(lambda: self._go("replied"))
        self.btn_follow.clicked.connect(self.follow_up)
        self.btn_proposal.clicked.connect(self.record_proposal)
        for b in (self.btn_sent, self.btn_replied, self.btn_follow, self.btn_proposal):
            row.addWidget(b)
        layout.addLayout(row)

        grid = QGridLayout()
        self.resolve_label = QLabel(self.tr("Resolve:"))
        grid.addWidget(self.resolve_label, 0, 0)
        self.outcome_buttons: dict[str, QPushButton] = {}
        for i, o in enumerate(OUTCOMES):
            b = QPushButton(self.outcome_label(o))
            b.setToolTip(self.tr("Resolve the task with this outcome"))
            b.clicked.connect(lambda _=False, o=o: self._go("resolved", o))
            grid.addWidget(b, i // 3, 1 + i % 3)
            self.outcome_buttons[o] = b
        self.btn_reopen = QPushButton(self.tr("Reopen"))
        self.btn_reopen.clicked.connect(lambda: self._go("todo"))
        grid.addWidget(self.btn_reopen, 0, 1)
        layout.addLayout(grid)

        row = QHBoxLayout()
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Note, e.g. what the buyer said"))
        self.note.returnPressed.connect(self.add_note)
        self.btn_note = QPushButton(self.tr("Add note"))
        self.btn_note.clicked.connect(self.add_note)
        row.addWidget(self.note, 1)
        row.addWidget(self.btn_note)
        layout.addLayout(row)

    def _fill_compensation(self) -> None:
        options = self.svc.contact.compensation_options() if self.svc else []
        self._loading = True
        self.compensation.clear()
        self.compensation.addItems(options)
        self._loading = False

    def _to_dt(self, d: QDate) -> datetime:
        return datetime.combine(d.toPython(), time(23, 59), timeutil.zone(self.tz))

    def show_detail(self, row) -> None:
        super().show_detail(row)
        self._loading = True
        self._choice = {}
        try:
            self.editor.setPlainText(row.message if row is not None else "")
            self._set_unsaved("")
            if row is not None:
                self.template_box.setCurrentIndex(max(self.template_box.findData(row.template), 0))
                self.substitute.clear()
                self.substitute.addItems(row.substitutes)
                day = row.new_ship_date or (self.now + timedelta(days=1))
                self.new_date.setDate(QDate(timeutil.local(day, self.tz).date()))
                if self.compensation.count():
                    self.compensation.setCurrentIndex(0)
        finally:
            self._loading = False
        self._enable(row)

    def _enable(self, r) -> None:
        has = r is not None
        open_ = has and r.status != "resolved"
        for w in (self.btn_copy, self.btn_save, self.editor, self.template_box, self.compensation, self.new_date,
                  self.note, self.btn_note):
            w.setEnabled(has)
        self.btn_bulk.setEnabled(has and bool(r.sku_ids))
        if has and len(r.sku_codes) == 1:
            self.btn_bulk.setText(self.tr("Copy all for %1").replace("%1", r.sku_codes[0]))
        elif has and len(r.sku_codes) > 1:
            self.btn_bulk.setText(self.tr("Copy all for a SKU…"))
        else:
            self.btn_bulk.setText(self.tr("Copy all for this SKU"))
        self.btn_sent.setEnabled(has and r.status in ("todo", "replied"))
        self.btn_replied.setEnabled(has and r.status in ("todo", "sent"))
        self.btn_follow.setEnabled(has and r.status == "sent")
        self.btn_proposal.setEnabled(open_ and (not r.max_proposals or r.proposals < r.max_proposals))
        for b in self.outcome_buttons.values():
            b.setEnabled(open_)
            b.setVisible(not has or r.status != "resolved")
        self.btn_reopen.setVisible(has and r.status == "resolved")
        show_sub = has and (bool(r.substitutes) or r.template == "缺货换款")
        self.substitute.setVisible(show_sub)
        self.substitute_label.setVisible(show_sub)

    # -- actions -----------------------------------------------------------------------
    def _act(self, fn, *args, **kw):
        """Run one write through the service; a refusal is explained, never a traceback."""
        if self.svc is None:
            return None
        try:
            out = fn(*args, **kw)
        except ValueError as exc:
            QMessageBox.information(self, self.tr("Customer contact"), str(exc))
            if hasattr(exc, "fresh"):  # another PC changed the task first: show it as it is now
                self.changed.emit()
            return None
        current = self.current_row()
        self._acted_key = current.task_id if current is not None else None
        self.changed.emit()
        return out if out is not None else True

    def _go(self, status: str, outcome=None) -> None:
        r = self.current_row()
        if r is None:
            return
        note = self.note.text().strip() or None
        if self._dirty():
            self.save_text(quiet=True)
        if self._act(self.svc.contact.transition, r.task_id, status, self.clock(), outcome=outcome, note=note,
                     version=r.version):
            self.note.clear()
            if outcome in AGREED and not r.proposals and r.order_status == "unshipped":
                # playbook step 3: the date only counts once it is in the platform's tool
                self._flash(self.tr("Now record the new date in %1 before the deadline (%2).")
                            .replace("%1", r.tool).replace("%2", r.tool_tip or "-"))

    def _choose(self, **choice) -> None:
        """A template / compensation / substitute / date was picked: rewrite the message (unsaved)."""
        r = self.current_row()
        if self._loading or r is None or self.svc is None:
            return
        self._choice.update(choice)
        try:
            name, text, _ = self.svc.contact.preview(r.task_id, self.clock(), **self._choice)
        except ValueError as exc:
            self._set_unsaved(str(exc))
            return
        self._loading = True
        self.editor.setPlainText(text)
        self._loading = False
        show_sub = bool(r.substitutes) or name == "缺货换款"
        self.substitute.setVisible(show_sub)
        self.substitute_label.setVisible(show_sub)
        self._set_unsaved(self.tr("Not saved yet: copy or save to keep this text"))

    def _edited(self) -> None:
        if not self._loading and self.current_row() is not None:
            self._set_unsaved(self.tr("Not saved yet: copy or save to keep this text")
                                 if self._dirty() else "")

    def _set_unsaved(self, text: str) -> None:
        self.unsaved.setText(text)
        self.unsaved.setVisible(bool(text))

    def _dirty(self) -> bool:
        r = self.current_row()
        return r is not None and (bool(self._choice) or self.editor.toPlainText() != r.message)

    def save_text(self, quiet: bool = False) -> bool:
        r = self.current_row()
        if r is None or self.svc is None or not self._dirty():
            return True
        text, now, choice = self.editor.toPlainText(), self.clock(), dict(self._choice)

        def write():
            if choice and self.svc.contact.apply_choice(r.task_id, now, **choice) == text:
                return
            self.svc.contact.save_message(r.task_id, text, now)

        ok = self._act(write) is not None
        if ok:
            self._choice = {}
            self._set_unsaved("")
        return ok

    def copy_message(self) -> str:
        """One click: the text goes to the clipboard, and edits are kept (what is sent is recorded)."""
        text = self.editor.toPlainText()
        if self._dirty() and not self.save_text(quiet=True):
            return ""
        QGuiApplication.clipboard().setText(text)
        self._flash(self.tr("Copied. Paste it into the platform chat, then press “Mark sent”."))
        return text

    def copy_bulk(self, index: int | None = None) -> str:
        """Every not-yet-sent message for the orders of this task's SKU, one after another.
        An order with several SKUs asks which one (the short SKU is listed first)."""
        r = self.current_row()
        if r is None or not r.sku_ids or self.svc is None:
            return ""
        if index is None and len(r.sku_ids) > 1:
            self.sku_menu = QMenu(self)  # non-blocking: the chosen action copies
            for i, code in enumerate(r.sku_codes):
                self.sku_menu.addAction(code, lambda i=i: self.copy_bulk(i))
            self.sku_menu.popup(self.btn_bulk.mapToGlobal(self.btn_bulk.rect().bottomLeft()))
            return ""
        i = index or 0
        count, text = self.svc.contact.bulk_text(r.sku_ids[i])
        QGuiApplication.clipboard().setText(text)
        self._flash(self.tr("Copied %1 messages for %2.").replace("%1", str(count))
                    .replace("%2", r.sku_codes[i] if i < len(r.sku_codes) else ""))
        return text

    def follow_up(self) -> None:
        r = self.current_row()
        if r is not None:
            self._act(self.svc.contact.followed_up, r.task_id, self.clock())

    def record_proposal(self) -> None:
        r = self.current_row()
        if r is not None:
            self._act(self.svc.contact.record_proposal, r.task_id, self.clock(), self._to_dt(self.new_date.date()))

    def add_note(self) -> None:
        r = self.current_row()
        text = self.note.text().strip()
        if r is not None and text and self._act(self.svc.contact.add_note, r.task_id, text, self.clock()):
            self.note.clear()

    def edit_templates(self) -> None:
        from ui.dialogs.template_dialog import TemplateDialog

        if self.svc is None:
            return
        dlg = TemplateDialog(self.svc.contact, self)
        if dlg.exec():
            self._act(dlg.save)
            self._fill_compensation()

    def _flash(self, text: str) -> None:
        win = self.window()
        if hasattr(win, "statusBar"):
            win.statusBar().showMessage(text, 6000)
        self._set_unsaved("")

    # -- detail text -------------------------------------------------------------------
    def event_text(self, e) -> str:
        at = fmt.when(e.at, self.tz, self.now) + (f" {escape(e.actor)}" if e.actor else "")  # who did it
        what = {"created": self.tr("Task created"), "edited": self.tr("Message changed"),
                "claimed": self.tr("Claimed"), "released": self.tr("Released"),
                "escalated": self.tr("Escalated"), "note": self.tr("Note"),
                "proposal": self.tr("New date recorded in the platform tool"),
                "followed_up": self.tr("Followed up"), "closed": self.tr("Closed automatically")}.get(e.kind)
        if what is None:
            what = f"{self.status_label(e.from_status or '')} → {self.status_label(e.to_status or '')}"
            if e.to_status == "resolved" and e.note:
                first = e.note.split(" ")[0]
                if first in OUTCOMES:
                    what += f" · {self.outcome_label(first)}"
                    rest = e.note[len(first):].strip()
                    return f"{at} {escape(what)}" + (self._aside(rest) if rest else "")
        return f"{at} {escape(what)}" + (self._aside(e.note) if e.note else "")

    def _aside(self, note: str) -> str:
        """A note after an event: full-width brackets in Chinese, plain ones in English."""
        return escape(self.tr(" (%1)")).replace("%1", escape(note))

    def _steps_html(self, r) -> str:
        names = {"cause": self.tr("Cause confirmed"), "contacted": self.tr("Buyer contacted"),
                 "agreed": self.tr("New date agreed"),
                 "recorded": self.tr("New date recorded in %1").replace("%1", r.tool),
                 "closed": self.tr("Shipped or refunded")}
        out = []
        for s in r.playbook:
            mark = f"<span style='color:{style.GREEN}'>✔</span>" if s.done else "<span style='color:#98A2B3'>○</span>"
            extra = f" <span style='color:#667085'>{fmt.when(s.at, self.tz, self.now)}</span>" if s.at else ""
            if s.key == "recorded":
                used = (self.tr("%1 of %2 used").replace("%1", str(r.proposals)).replace("%2", str(r.max_proposals))
                        if r.max_proposals else self.tr("%1 recorded").replace("%1", str(r.proposals)))
                extra += f"<br><span style='color:#667085'>{escape(r.tool_tip)}{escape(self.tr('; ')) if r.tool_tip else ''}" \
                         f"{escape(used)}</span>"
            out.append(f"<li>{mark} {escape(names[s.key])}{extra}</li>")
        return "".join(out)

    def detail_html(self, r) -> str:
        ev = "".join(f"<li>{self.event_text(e)}</li>" for e in r.events)
        past = []
        for p in r.customer_history:
            line = f"{fmt.when(p.paid_at, self.tz, self.now)} {escape(p.order_id)} · {escape(self.order_status_label(p.status))}"
            if p.contact_reason:
                line += " · " + escape(self.tr("contacted"))
                if p.outcome:
                    line += f": {escape(self.outcome_label(p.outcome))}"
            past.append(f"<li>{line}</li>")
        cust = "".join(past) or f"<li>{escape(self.tr('No earlier orders or contacts.'))}</li>"
        warn = ""
        if r.waited_before:
            warn = (f"<p style='background:#FFFAEB;color:{style.AMBER};padding:4px'><b>"
                    f"{escape(self.tr('This buyer already waited once.'))}</b> "
                    f"{escape(self.tr('Offer more than the usual compensation, or a quick refund.'))}</p>")
        if r.escalated and r.status != "resolved" and r.order_status == "unshipped":
            hours = setting(self.svc.settings if self.svc is not None else {}, "contact.escalate_hours")
            head = self.tr("Still open %1 hours after the deadline.").replace("%1", str(hours))
            advice = self.tr("Platforms now treat the order as out of stock: refund or ask the platform "
                             "to step in, and never ship an empty or different parcel.")
            warn += (f"<p style='background:#FEE4E2;color:{style.RED};padding:4px'><b>{escape(head)}</b> "
                     f"{escape(advice)}</p>")
        shipped = ""
        if r.order_status != "unshipped":
            shipped = f" · <b>{escape(self.tr('Order %1').replace('%1', self.order_status_label(r.order_status)))}</b>"
        due = ""
        if r.ship_by is not None:
            due = (f"<p style='margin:2px 0'>{escape(self.tr('Ship by'))}: {fmt.when(r.ship_by, self.tz, self.now)}"
                   f"{' (' + escape(fmt.countdown(r.ship_by, self.now)) + ')' if r.status != 'resolved' else ''}")
            if r.new_ship_date is not None:
                due += f" · {escape(self.tr('New date'))}: {fmt.day(timeutil.local(r.new_ship_date, self.tz).date(), self.now, self.tz)}"
            due += "</p>"
        notes = (f"<p style='margin-bottom:2px'><b>{escape(self.tr('Notes'))}</b></p>"
                 f"<p style='margin-top:0;white-space:pre-wrap'>{escape(r.notes)}</p>") if r.notes else ""
        return f"""
<h3 style='margin:0'>{escape(platform_name(r.platform))} · {escape(r.order_id)}</h3>
<p style='margin:2px 0'>{escape(self.reason_label(r.reason))} · {escape(self._state_text(r, long=True))}{shipped}</p>
<p style='margin:2px 0'>{escape(r.buyer)} · {escape(r.product)}</p>{due}{warn}
<p style='margin-bottom:2px'><b>{escape(self.tr('Playbook'))}</b></p><ul style='margin-top:0'>{self._steps_html(r)}</ul>
<p style='margin-bottom:2px'><b>{escape(self.tr('This buyer before'))}</b></p><ul style='margin-top:0'>{cust}</ul>
{notes}<p style='margin-bottom:2px'><b>{escape(self.tr('History'))}</b></p><ul style='margin-top:0'>{ev}</ul>"""


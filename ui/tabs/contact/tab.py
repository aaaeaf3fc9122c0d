"""客户联系: the contact queue — the table, its filters and counts — with the message written.

The tab talks to the core through ``svc.contact`` (app/contact/actions.py) once ``bind`` gave it
the service; its detail pane is pane.py, its writes writes.py, its keys keys.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QMenu, QPushButton

from app import labels, timeutil
from app.labels import outcome_label, template_label
from ui import fmt, style
from ui.models.record_model import Column
from ui.tabs.base import TableTab, platform_name
from ui.tabs.contact.keys import KeyLoop
from ui.tabs.contact.pane import DetailPane
from ui.tabs.contact.rows import ROW_KEY, queue_counts, task_states
from ui.tabs.contact.text import DetailText
from ui.tabs.contact.writes import ContactWrites

STATUS_TAG = {"todo": "orange", "sent": "blue", "replied": "amber", "resolved": "grey"}


class ContactTab(KeyLoop, ContactWrites, DetailPane, DetailText, TableTab):
    export_requested = Signal()
    changed = Signal()  # something was written: the window has the queue re-listed (``relist``)
    relisted = Signal(object)  # the queue as the store holds it now, shown (the tasks)
    templates_changed = Signal()  # the messages not yet sent are re-written: the window refreshes all
    details_read = Signal(int)  # a shown task's events, buyer history and playbook are in (text.py)

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
        self._details, self._fresh, self._asked = {}, set(), {}  # the shown tasks' details (text.py)
        super().__init__(parent)
        self.splitter.setSizes([820, 460])
        self.add_card(labels.state_label("todo"), style.ORANGE, lambda: self.set_status_filter("todo"))
        self.add_card(self.tr("Awaiting reply"), style.ACCENT, lambda: self.set_status_filter("sent"))
        self.add_card(self.tr("Resolved today"), style.GREEN, self.show_resolved_today)
        self.status_box.currentIndexChanged.connect(self._status_changed)
        self.table.customContextMenuRequested.connect(self._context_menu)
        # the outcome shows in the state column ("Resolved · Refunded"): room at 1280 px
        self.table.setColumnHidden(len(self.model.columns) - 1, True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._say_selection())
        # what is left today, in the window's status bar while this tab is shown (main_window.py)
        self.left_label = QLabel()
        self._setup_writes()
        self.install_keys()

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

    row_key = staticmethod(ROW_KEY)  # C-level: 80k keys per refresh

    def row_states(self, rows: list) -> list:
        return task_states(rows)

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
        self.btn_undo = QPushButton(self.tr("Undo"))
        self.btn_undo.clicked.connect(self.undo)
        bar.addWidget(self.btn_undo)
        b = QPushButton(self.tr("Keyboard shortcuts"))
        b.setToolTip(self.tr("Copy, paste in the chat, Ctrl+Enter, next: the keys of the contact queue"))
        b.clicked.connect(self.show_keys)
        bar.addWidget(b)

    def _mine_toggled(self, on: bool) -> None:
        self._mine = on
        self.refilter()

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

    def counts(self, rows) -> list[int]:
        return queue_counts(rows, self.now, self.tz)

    def summary(self, rows) -> list[str]:
        ready, self._ready = self._ready, None
        self._counts = ready if ready is not None else self.counts(rows)
        return [str(n) for n in self._counts[:3]]

    _counts = [0, 0, 0, 0, 0]
    _ready = None  # the totals the re-list's worker counted with the read

    def left_today_text(self) -> str:
        left, done = self._counts[3:]
        return (self.tr("Left today: %1 to contact · %2 done").replace("%1", fmt.number(left))
                .replace("%2", fmt.number(done)))

    def update_counts(self, before: list[int], after: list[int]) -> None:
        """The totals moved by what some rows added ``before`` and add ``after`` a change."""
        self._counts = [c - b + a for c, b, a in zip(self._counts, before, after, strict=True)]
        for (card, _), n in zip(self.cards, self._counts, strict=False):
            card.set_value(str(n))
        self.left_label.setText(self.left_today_text())

    def refilter(self) -> None:
        if not self._refreshing:
            self._acted_key = None  # the seller changed the filter: show exactly what it says
        super().refilter()

    def _current_changed(self, cur, prev) -> None:
        row = self.model.row_at(cur.row()) if cur.isValid() else None
        if not self._refreshing and row is not None and row.task_id != self._acted_key:
            self._acted_key = None
        super()._current_changed(cur, prev)

    def set_data(self, tasks, now: datetime, ready=None, counts: list[int] | None = None) -> None:
        """The queue read at ``now``; ``ready`` (rows.prepared) and ``counts`` (rows.queue_counts):
        made with the read by the re-list's worker."""
        moved, self.now = now != self.now, now
        ahead = self.ahead_of(tasks, now)
        for i in ahead if ready is not None else ():
            ready.state[tasks[i].task_id] = task_states([tasks[i]])[0]
        self._ready = None if ahead else counts  # a task shown ahead of the read: counted here
        claimed = any(t.assignee for t in tasks)
        if claimed != getattr(self, "_claimed", False):  # a name in the state column: fit its width again
            self._claimed, self._fitted = claimed, False
        current = self.current_row()
        self.details_stale(keep=current.task_id if current is not None else None)  # read again when shown
        self._refreshing = True
        try:
            self.set_rows(tasks, ready)
        finally:
            self._refreshing = False
        if moved:
            self.model.refresh_column("due")  # countdowns follow the new clock in unchanged rows too
        self.left_label.setText(self.left_today_text())
        if not self._auto_selected and self.model.rowCount():
            self._auto_selected = True
            if self.current_row() is None:
                self.select_key(self.model.row_at(0).task_id)  # first look: the most urgent task, ready to copy
        if getattr(self, "_focus_wanted", False) and self.model.rowCount() and self.isVisible():
            self.focus_queue()  # Ctrl+3 came before the first rows
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
            m.addAction(self.tr("Mark sent"), self.mark_sent)
        m.exec(self.table.viewport().mapToGlobal(pos))

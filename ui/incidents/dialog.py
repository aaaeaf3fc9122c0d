"""The incident view: what happened, the money at stake, and the playbook in order — take the
listing down, hold shipping, tell every buyer (bulk message), record each outcome — with counts of
how many buyers are done. Dismiss as intended or mark handled at the foot."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from app import labels
from ui import fmt, style
from ui.dialogs.inventory_common import cell, fit, make_table


def _step_box(number: int, title: str) -> tuple[QFrame, QVBoxLayout, QLabel]:
    box = QFrame()
    box.setObjectName("card")
    lay = QVBoxLayout(box)
    lay.setContentsMargins(12, 8, 12, 8)
    head = QLabel(f"<b>{number}. {escape(title)}</b>")
    lay.addWidget(head)
    return box, lay, head


class IncidentDialog(QDialog):
    changed = Signal()  # something was recorded: the window refreshes its tabs
    loaded = Signal()  # the page read on a worker is shown

    def __init__(self, svc, incident_id: int, now_fn, parent=None):
        super().__init__(parent)
        self.svc, self.incident_id, self.now_fn = svc, incident_id, now_fn
        self.view, self.progress, self.orders, self.bulk = None, None, [], (0, "")
        self.setWindowTitle(self.tr("Incident"))
        self.resize(1000, 760)
        lay = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.RichText)
        lay.addWidget(self.header)
        self._steps(lay)
        self.preview = QLabel()  # what every buyer is told: the template's choices, filled in
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.preview.setStyleSheet("QLabel { background: white; border: 1px solid #EAECF0; border-radius: 6px;"
                                   " padding: 6px; color: #344054; }")
        lay.addWidget(self.preview)
        self.table = make_table([self.tr("Order"), self.tr("Paid"), self.tr("Buyer"), self.tr("Amount"),
                                 self.tr("Order status"), self.tr("Message"), self.tr("Outcome")], self)
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        lay.addWidget(self.table, 1)
        foot = QHBoxLayout()
        self.dismiss_btn = QPushButton(self.tr("Dismiss: this is intended…"))
        self.dismiss_btn.clicked.connect(self.dismiss)
        self.resolve_btn = QPushButton(self.tr("Mark handled"))
        self.resolve_btn.clicked.connect(self.resolve)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        foot.addWidget(self.dismiss_btn)
        foot.addWidget(self.resolve_btn)
        foot.addStretch(1)
        foot.addWidget(close)
        lay.addLayout(foot)
        self.header.setText(escape(self.tr("Loading…")))
        for w in (self.copy_btn, self.sent_btn, self.outcome_btn, self.dismiss_btn, self.resolve_btn,
                  self.listing_btn, self.hold_btn):
            w.setEnabled(False)  # nothing to act on before the page is read
        self.load()

    def _steps(self, lay: QVBoxLayout) -> None:
        """The four playbook steps side by side, each with what to do and its button."""
        steps = QHBoxLayout()
        lay.addLayout(steps)
        box, sl, self.listing_head = _step_box(1, self.tr("Stop the bleeding"))
        self.listing_where = QLabel()
        self.listing_where.setWordWrap(True)
        self.listing_btn = QPushButton(self.tr("Done: listing down / stock set"))
        self.listing_btn.clicked.connect(lambda: self._step("listing"))
        sl.addWidget(self.listing_where)
        sl.addStretch(1)
        sl.addWidget(self.listing_btn)
        steps.addWidget(box, 1)
        box, hl, self.hold_head = _step_box(2, self.tr("Hold shipping"))
        self.hold_where = QLabel()
        self.hold_where.setWordWrap(True)
        self.hold_btn = QPushButton(self.tr("Hold these orders"))
        self.hold_btn.clicked.connect(lambda: self._step("hold"))
        hl.addWidget(self.hold_where)
        hl.addStretch(1)
        hl.addWidget(self.hold_btn)
        steps.addWidget(box, 1)
        box, tl, self.tell_head = _step_box(3, self.tr("Tell every buyer"))
        self.tell_text = QLabel()
        self.tell_text.setWordWrap(True)
        self.copy_btn = QPushButton(self.tr("Copy all messages"))
        self.copy_btn.setObjectName("primary")
        self.copy_btn.clicked.connect(self.copy_messages)
        self.sent_btn = QPushButton(self.tr("Mark all as sent"))
        self.sent_btn.clicked.connect(self.mark_sent)
        tl.addWidget(self.tell_text)
        tl.addStretch(1)
        tl.addWidget(self.copy_btn)
        tl.addWidget(self.sent_btn)
        steps.addWidget(box, 1)
        box, ol, self.outcome_head = _step_box(4, self.tr("Record each outcome"))
        self.outcome_text = QLabel()
        self.outcome_text.setWordWrap(True)
        self.outcome_box = QComboBox()
        for code in labels.OUTCOMES:
            self.outcome_box.addItem(labels.outcome_label(code), code)
        self.outcome_btn = QPushButton(self.tr("Record for selected orders"))
        self.outcome_btn.clicked.connect(self.record_outcome)
        ol.addWidget(self.outcome_text)
        ol.addStretch(1)
        ol.addWidget(self.outcome_box)
        ol.addWidget(self.outcome_btn)
        steps.addWidget(box, 1)

    # -- reading ------------------------------------------------------------------------------
    def load(self) -> None:
        """Read the incident on a worker (#15); the page is shown when the answer comes."""
        from ui.tasks import read

        iid, inc = self.incident_id, self.svc.incidents
        read(self, lambda: inc.page(iid), self.show_page, self._read_failed)

    def load_sync(self) -> None:
        """The same read on the calling thread (tests)."""
        self.show_page(self.svc.incidents.page(self.incident_id))

    def _read_failed(self, exc) -> None:
        from app.services import failure_words

        self.header.setText(escape(failure_words(exc)))

    def show_page(self, page) -> None:
        if page is None:
            self.header.setText(self.tr("This incident no longer exists."))
            self.loaded.emit()
            return
        self.view, self.progress, self.orders, self.bulk = page.view, page.progress, page.orders, page.bulk
        v, p = page.view, page.progress
        now, tz = self.now_fn(), self.svc.tz
        fg, bg = style.TAGS["red" if v.status == "open" else "grey"]
        state = {"open": "", "dismissed": self.tr(" · dismissed as intended"),
                 "resolved": self.tr(" · handled")}.get(v.status, "")
        money = self.tr("At stake %1").replace("%1", fmt.money(v.exposure))
        self.header.setText(
            f"<div style='background:{bg}; color:{fg}; padding:8px; border-radius:6px'>"
            f"<span style='font-size:16px'><b>{escape(v.kind_label)} · {escape(v.platform_label)} · "
            f"{escape(v.sku)} {escape(v.name)}</b></span>{escape(state)}<br>"
            f"<b>{escape(money)}</b> · {escape(self.tr('since %1').replace('%1', fmt.when(v.since, tz, now)))}"
            "<ul style='margin:4px 0 0 -20px'>" + "".join(f"<li>{escape(r)}</li>" for r in v.reasons) + "</ul></div>")
        done = self.tr("✓ done %1")
        listing, hold = self.svc.incidents.where(v.platform)
        self.listing_where.setText(listing)
        self.hold_where.setText(hold)
        for btn, at in ((self.listing_btn, v.listing_done_at), (self.hold_btn, v.hold_done_at)):
            btn.setEnabled(at is None and v.status == "open")
            if at is not None:
                btn.setText(done.replace("%1", fmt.when(at, tz, now)))
        self._show_progress(p, v.status == "open")
        self.preview.setText(self.tr("Message to each buyer (template “%1”):").replace(
            "%1", labels.template_label("价格标错说明")) + "\n" + page.first_message)
        self.preview.setVisible(bool(page.first_message))
        self._fill_table(now, tz)
        self.loaded.emit()

    def _show_progress(self, p, active: bool) -> None:
        self.tell_text.setText(self.tr("%1 of %2 buyers told").replace("%1", fmt.number(p.told))
                               .replace("%2", fmt.number(p.tasks)) if p.tasks else
                               self.tr("No message needed: the contact queue tells buyers whose order is short"))
        outcomes = ", ".join(f"{labels.outcome_label(k)} {n}" for k, n in p.outcomes.items())
        self.outcome_text.setText(self.tr("%1 of %2 buyers done").replace("%1", fmt.number(p.settled))
                                  .replace("%2", fmt.number(p.tasks)) + (f"\n{outcomes}" if outcomes else ""))
        for w in (self.copy_btn, self.sent_btn, self.outcome_btn, self.dismiss_btn, self.resolve_btn):
            w.setEnabled(active)
        self.sent_btn.setEnabled(active and p.told < p.tasks)

    def _fill_table(self, now, tz) -> None:
        self.table.setRowCount(len(self.orders))
        for i, o in enumerate(self.orders):
            self.table.setItem(i, 0, cell(o.order_id, data=o.task_id))
            self.table.setItem(i, 1, cell(fmt.when(o.paid_at, tz, now)))
            self.table.setItem(i, 2, cell(o.buyer))
            self.table.setItem(i, 3, cell(fmt.money(o.amount_fen / 100), right=True))
            shipped = o.status != "unshipped"
            st = cell(self.tr("Not shipped") if not shipped else self.tr("Shipped or closed"))
            if not shipped:
                st.setForeground(QColor(style.AMBER))
            self.table.setItem(i, 4, st)
            self.table.setItem(i, 5, cell(labels.state_label(o.task_status) if o.task_status else "—"))
            self.table.setItem(i, 6, cell(labels.outcome_label(o.outcome)))
        fit(self.table, 260)

    # -- acting -------------------------------------------------------------------------------
    def _done(self, _result=None) -> None:
        """A write landed: read the page again, and tell the window once it shows what was written."""
        def shown():
            self.loaded.disconnect(shown)
            self.changed.emit()

        self.loaded.connect(shown)
        self.load()

    def _write(self, fn) -> None:
        """A playbook write on a worker (#15), the dialog held meanwhile; read again once it landed."""
        from ui.writes import write

        write(self, self.windowTitle(), fn, self._done, hold=self)

    def _step(self, step: str) -> None:
        iid, now = self.incident_id, self.now_fn()
        self._write(lambda: self.svc.incidents.mark_step(iid, step, now))

    def copy_messages(self) -> int:
        n, text = self.bulk  # read with the page: copying reads nothing on the GUI thread
        QGuiApplication.clipboard().setText(text)
        self.tell_text.setText(self.tell_text.text() + "\n" + self.tr("%1 messages copied: paste them in the "
                                                                      "platform's chat one by one").replace("%1", str(n)))
        return n

    def mark_sent(self) -> None:
        iid, now = self.incident_id, self.now_fn()
        self._write(lambda: self.svc.incidents.mark_all_sent(iid, now))

    def selected_tasks(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.orders[r].task_id for r in rows if self.orders[r].task_id is not None]

    def record_outcome(self) -> None:
        ids = self.selected_tasks()
        if ids:
            outcome, now = self.outcome_box.currentData(), self.now_fn()
            self._write(lambda: self.svc.incidents.record_outcome(ids, outcome, now))

    def dismiss(self, note: str | None = None) -> None:
        if note is None:
            note, ok = QInputDialog.getText(self, self.tr("Dismiss incident"),
                                            self.tr("Why is this intended? (it will not fire again for this burst)"),
                                            text=self.tr("This is a normal flash sale"))
            if not ok:
                return
        iid, now = self.incident_id, self.now_fn()
        self._write(lambda: self.svc.incidents.dismiss(iid, now, note))

    def resolve(self) -> None:
        iid, now = self.incident_id, self.now_fn()
        self._write(lambda: self.svc.incidents.resolve(iid, now))

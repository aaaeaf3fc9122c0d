"""The detail pane's text for one task: order, banners, playbook, the buyer's past, history.

Banners live in this text (inside the scrolling detail view), never between the buttons: a
banner that comes or goes moves no button. The queue's rows carry no events, buyer history or
playbook (a year of history is 200k tasks): the shown task's are read on a worker when it is shown,
and the text is written again with them once they are in.
"""

from __future__ import annotations

from html import escape

from app import timeutil
from app.labels import OUTCOMES
from app.services import setting
from ui import fmt, style
from ui.tabs.base import TableTab, platform_name
from ui.tasks import read
from ui.writes import connection_lost


class DetailText:
    """Mixed into ContactTab: uses its labels (status_label, outcome_label …), ``tz``, ``now``, ``svc``."""

    _details: dict = {}  # task id → the task as last read with its details (contact.details)
    _fresh: set = frozenset()  # the tasks read since the rows were last set (the others: read again)
    _asked: dict = {}  # task id → the rows' generation it was asked in
    _rows_gen = 0

    def details_of(self, task_id: int):
        """The task's events, buyer history and playbook as last read (None: not read yet)."""
        return self._details.get(task_id)

    def details_pending(self) -> bool:
        """A shown task's details are still being read."""
        return bool(self._asked)

    def details_stale(self, keep=None) -> None:
        """The rows were set again (a write may have moved them): each task's details are read again
        when it is shown; ``keep``'s, shown meanwhile, stay until the new ones are in."""
        self._rows_gen += 1
        self._fresh = set()
        self._details = {k: v for k, v in self._details.items() if k == keep}

    def show_detail(self, row) -> None:
        super().show_detail(row)
        if row is not None and self.svc is not None and row.task_id not in self._fresh:
            self._read_details(row)

    def _read_details(self, row) -> None:
        key, gen = row.task_id, self._rows_gen
        if self._asked.get(key) == gen:
            return  # on its way
        self._asked = {**self._asked, key: gen}
        contact, pk, now = self.svc.contact, row.order_pk, self.clock()

        def asked_no_more() -> None:
            if self._asked.get(key) == gen:
                self._asked = {k: g for k, g in self._asked.items() if k != key}

        def failed(exc) -> None:  # logged by the worker; showing the task again reads again
            asked_no_more()
            connection_lost(self, exc)

        def done(view) -> None:
            asked_no_more()
            if gen == self._rows_gen:
                self._fresh.add(key)
            if view is not None:
                self._details[key] = view
            cur = self.current_row()
            if cur is not None and cur.task_id == key:
                TableTab.show_detail(self, cur)  # the text alone: the editor keeps what is typed
                if key not in self._fresh:
                    self._read_details(cur)  # the rows moved while reading: once more
            self.details_read.emit(key)

        read(self, lambda: contact.details(pk, key, now), done, failed)

    def due_label(self, kind: str | None) -> str:
        return {"contact": self.tr("Contact the buyer before the ship-by deadline"),
                "follow_up": self.tr("Follow up if the buyer has not replied"),
                "agree": self.tr("Agree a new date before the deadline"),
                "escalation": self.tr("Escalate: refund or ask the platform to step in")}.get(kind, "")

    def order_status_label(self, s: str) -> str:
        return {"shipped": self.tr("shipped"), "completed": self.tr("completed"),
                "closed": self.tr("closed"), "unshipped": self.tr("unshipped")}.get(s, s)

    def event_text(self, e) -> str:
        at = fmt.when(e.at, self.tz, self.now) + (f" {escape(e.actor)}" if e.actor else "")  # who did it
        what = {"created": self.tr("Task created"), "edited": self.tr("Message changed"),
                "claimed": self.tr("Claimed"), "released": self.tr("Released"),
                "escalated": self.tr("Escalated"), "note": self.tr("Note"),
                "proposal": self.tr("New date recorded in the platform tool"),
                "followed_up": self.tr("Followed up"), "closed": self.tr("Closed automatically")}.get(e.kind)
        if e.kind == "undo":
            what = (self.tr("Undone") + f": {self.status_label(e.from_status or '')} → "
                    f"{self.status_label(e.to_status or '')}")
            return f"{at} {escape(what)}"
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

    def _steps_html(self, r, steps) -> str:
        names = {"cause": self.tr("Cause confirmed"), "contacted": self.tr("Buyer contacted"),
                 "agreed": self.tr("New date agreed"),
                 "recorded": self.tr("New date recorded in %1").replace("%1", r.tool),
                 "closed": self.tr("Shipped or refunded")}
        out = []
        for s in steps:
            mark = f"<span style='color:{style.GREEN}'>✔</span>" if s.done else "<span style='color:#98A2B3'>○</span>"
            extra = f" <span style='color:#667085'>{fmt.when(s.at, self.tz, self.now)}</span>" if s.at else ""
            if s.key == "recorded":
                used = (self.tr("%1 of %2 used").replace("%1", str(r.proposals)).replace("%2", str(r.max_proposals))
                        if r.max_proposals else self.tr("%1 recorded").replace("%1", str(r.proposals)))
                extra += f"<br><span style='color:#667085'>{escape(r.tool_tip)}{escape(self.tr('; ')) if r.tool_tip else ''}" \
                         f"{escape(used)}</span>"
            out.append(f"<li>{mark} {escape(names[s.key])}{extra}</li>")
        return "".join(out)

    def _banners(self, r) -> str:
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
        return warn

    def _due_html(self, r) -> str:
        if r.ship_by is None:
            return ""
        due = (f"<p style='margin:2px 0'>{escape(self.tr('Ship by'))}: {fmt.when(r.ship_by, self.tz, self.now)}"
               f"{' (' + escape(fmt.countdown(r.ship_by, self.now)) + ')' if r.status != 'resolved' else ''}")
        if r.new_ship_date is not None:
            due += f" · {escape(self.tr('New date'))}: {fmt.day(timeutil.local(r.new_ship_date, self.tz).date(), self.now, self.tz)}"
        return due + "</p>"

    def detail_html(self, r) -> str:
        d = self._details.get(r.task_id)
        if d is None:  # read on a worker: the lists follow in a moment
            wait = f"<li style='color:#667085'>{escape(self.tr('Loading…'))}</li>"
            return self._detail_html(r, wait, wait, wait)
        ev = "".join(f"<li>{self.event_text(e)}</li>" for e in d.events)
        past = []
        for p in d.customer_history:
            line = f"{fmt.when(p.paid_at, self.tz, self.now)} {escape(p.order_id)} · {escape(self.order_status_label(p.status))}"
            if p.contact_reason:
                line += " · " + escape(self.tr("contacted"))
                if p.outcome:
                    line += f": {escape(self.outcome_label(p.outcome))}"
            past.append(f"<li>{line}</li>")
        cust = "".join(past) or f"<li>{escape(self.tr('No earlier orders or contacts.'))}</li>"
        return self._detail_html(r, self._steps_html(r, d.playbook), cust, ev)

    def _detail_html(self, r, steps: str, cust: str, ev: str) -> str:
        shipped = ""
        if r.order_status != "unshipped":
            shipped = f" · <b>{escape(self.tr('Order %1').replace('%1', self.order_status_label(r.order_status)))}</b>"
        notes = (f"<p style='margin-bottom:2px'><b>{escape(self.tr('Notes'))}</b></p>"
                 f"<p style='margin-top:0;white-space:pre-wrap'>{escape(r.notes)}</p>") if r.notes else ""
        return f"""
<h3 style='margin:0'>{escape(platform_name(r.platform))} · {escape(r.order_id)}</h3>
<p style='margin:2px 0'>{escape(self.reason_label(r.reason))} · {escape(self._state_text(r, long=True))}{shipped}</p>
<p style='margin:2px 0'>{escape(r.buyer)} · {escape(r.product)}</p>{self._due_html(r)}{self._banners(r)}
<p style='margin-bottom:2px'><b>{escape(self.tr('Playbook'))}</b></p><ul style='margin-top:0'>{steps}</ul>
<p style='margin-bottom:2px'><b>{escape(self.tr('This buyer before'))}</b></p><ul style='margin-top:0'>{cust}</ul>
{notes}<p style='margin-bottom:2px'><b>{escape(self.tr('History'))}</b></p><ul style='margin-top:0'>{ev}</ul>"""

"""The contact queue as the seller sees it: task views with their next action, playbook and the
buyer's history, the reminders the alerts engine raises, and the rows of the contact-list export.
Read-only: the writes (refresh, transitions) are in service.py, which re-exports these names."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from types import SimpleNamespace

from sqlalchemy import func, select

from app import labels, localconf, timeutil
from app import settings as S
from app.chunks import in_chunks
from app.contact import templates as tpl
from app.contact.context import Context
from app.store.models import ContactEvent, ContactTask, Order, OrderLine, Sku
from app.text import platform_name, t

# outcomes after which the order still has to ship: the new date must be in the platform tool
AGREED = ("同意等待", "换款", "部分退款补偿")


@dataclass(slots=True)
class EventView:
    at: datetime
    kind: str  # created | status | edited | escalated | note | proposal | followed_up | closed
    from_status: str | None
    to_status: str | None
    note: str | None
    actor: str | None = None  # the staff member who did it; None: ShopSentry itself


@dataclass(slots=True)
class PastOrder:
    """Another order of the same buyer, with what came of contacting them about it."""

    order_id: str
    paid_at: datetime | None
    status: str
    contact_reason: str | None
    outcome: str | None


@dataclass(slots=True)
class PlaybookStep:
    key: str  # cause | contacted | agreed | recorded | closed
    done: bool
    at: datetime | None = None


@dataclass(slots=True)  # slots: a queue with a year of history is 200k of them
class TaskView:
    task_id: int
    order_pk: int
    platform: str
    order_id: str
    reason: str
    template: str
    message: str
    status: str
    due: datetime | None  # the next action's time (see module docstring)
    outcome: str | None
    created_at: datetime
    due_kind: str | None = None  # contact | follow_up | agree | escalation
    ship_by: datetime | None = None
    sent_at: datetime | None = None
    replied_at: datetime | None = None
    resolved_at: datetime | None = None
    escalated: bool = False
    new_ship_date: datetime | None = None
    notes: str = ""
    message_edited: bool = False
    order_status: str = "unshipped"
    buyer: str = ""
    product: str = ""
    sku_ids: list[int] = field(default_factory=list)
    sku_codes: list[str] = field(default_factory=list)
    substitutes: list[str] = field(default_factory=list)
    proposals: int = 0
    max_proposals: int | None = None
    tool: str = ""
    tool_tip: str = ""
    # the details: listed with ``details=True``; the window's rows leave them empty (one shared
    # tuple) and read them for the selected task alone (``task_details``)
    events: list[EventView] | tuple = ()
    customer_history: list[PastOrder] | tuple = ()
    waited_before: bool = False  # this buyer already agreed to wait for an earlier order
    playbook: list[PlaybookStep] | tuple = ()
    assignee: str | None = None  # who claimed it ("小王 处理中")
    version: int = 1  # as read: an edit made with an older version is refused (app/contact/staff.py)

    def to_json(self, tz: str) -> dict:
        return {"platform": self.platform, "order_id": self.order_id, "reason": self.reason,
                "template": self.template, "message": self.message, "status": self.status,
                "due": timeutil.iso(self.due, tz), "outcome": self.outcome, "buyer": self.buyer,
                "product": self.product, "escalated": self.escalated, "due_kind": self.due_kind,
                "ship_by": timeutil.iso(self.ship_by, tz),
                "new_ship_date": timeutil.iso(self.new_ship_date, tz),
                "waited_before": self.waited_before}


@dataclass(slots=True)  # every overdue task of a big queue has one: 100k at a tick
class ContactReminder:
    """A contact task that needs the seller now: the alerts engine turns these into alerts."""

    kind: str  # follow_up: sent, no reply for contact.follow_up_hours | escalation: open 72 h after overdue
    key: str  # stable per task and kind, e.g. "followup:12" / "escalate:12"
    task_id: int
    platform: str
    order_id: str
    due_at: datetime  # when it became due
    title: str
    body: str


def reminder_keys(task_id: int) -> tuple[str, str]:
    """A task's follow-up and escalation reminder keys (their alerts' keys)."""
    return f"followup:{task_id}", f"escalate:{task_id}"


def _escalation_at(task, escalate: timedelta) -> datetime | None:
    return task.due_at + escalate if task.due_at is not None else None


def due_reminders(session, now: datetime, settings: dict, only=None) -> list[ContactReminder]:
    """Contact tasks that need the seller at ``now`` — the public hook for the alerts engine.

    - ``follow_up``: sent, and no reply ``contact.follow_up_hours`` (12 h) after the message
      (or the last follow-up) went out;
    - ``escalation``: still open ``contact.escalate_hours`` (72 h) after the order went overdue,
      order still unshipped.
    Pure in ``now``: nothing is written; keys stay the same while the condition holds. ``only``:
    the tasks of these orders (an incremental tick); plain columns, not tasks: a big queue is 80k."""
    fh = timedelta(hours=S.follow_up_hours(settings))
    eh = timedelta(hours=S.escalate_hours(settings))
    out: list[ContactReminder] = []
    ct = ContactTask
    stmt = (select(ct.id, ct.status, ct.sent_at, ct.due_at, Order.platform, Order.order_id,
                   Order.status.label("order_status")).join(Order, Order.id == ct.order_pk).where(ct.status != "resolved"))
    if only is not None:
        rows = [row for part in in_chunks(sorted(only), 500)
                for row in session.execute(stmt.where(ct.order_pk.in_(part)))]
        rows.sort(key=lambda row: row[0])
    else:
        rows = session.execute(stmt.order_by(ct.id))
    for task in rows:  # a row of the task's times, named as the task's own
        platform, oid = task.platform, task.order_id
        follow_key, escalate_key = reminder_keys(task.id)
        if task.status == "sent" and task.sent_at is not None and task.sent_at + fh <= now:
            hours = int(fh.total_seconds() // 3600)
            out.append(ContactReminder("follow_up", follow_key, task.id, platform, oid,
                                       task.sent_at + fh, t("Buyer has not replied"),
                                       t("No reply {hours} hours after the message for order {order_id}: "
                                         "contact the buyer again", order_id=oid, hours=hours)))
        esc = _escalation_at(task, eh)
        if task.order_status == "unshipped" and esc is not None and esc <= now:
            hours = int(eh.total_seconds() // 3600)
            out.append(ContactReminder("escalation", escalate_key, task.id, platform, oid, esc,
                                       t("Contact task needs escalating"),
                                       t("Order {order_id} still unresolved {hours} hours after its deadline: refund "
                                         "or ask the platform to step in, to avoid an out-of-stock penalty",
                                         order_id=oid, hours=hours)))
    return out


def customer_histories(session, orders: list[Order]) -> dict[int, list[PastOrder]]:
    """Other orders of the same buyer — same platform, recipient and masked phone — newest first,
    with what came of contacting them. One query per 5,000 buyers."""
    keys = {(o.platform, o.recipient, o.phone_masked) for o in orders if o.recipient or o.phone_masked}
    if not keys:
        return {}
    names = {k[1] for k in keys if k[1]}
    phones = {k[2] for k in keys if not k[1] and k[2]}  # buyers known only by their masked phone
    q = select(Order.id, Order.platform, Order.recipient, Order.phone_masked, Order.order_id, Order.paid_at,
               Order.status, ContactTask.reason, ContactTask.outcome).outerjoin(
        ContactTask, ContactTask.order_pk == Order.id)
    # match on one column in SQL, on the exact key in Python (portable, no row values)
    by_key: dict[tuple, list] = defaultdict(list)
    for col, chunk in [(Order.recipient, c) for c in in_chunks(sorted(names))] + \
            [(Order.phone_masked, c) for c in in_chunks(sorted(phones))]:
        for pk, plat, rec, phone, oid, paid, status, reason, outcome in session.execute(q.where(col.in_(chunk))):
            if (plat, rec, phone) in keys:
                by_key[(plat, rec, phone)].append((pk, PastOrder(oid, paid, status, reason, outcome)))
    far = datetime.min.replace(tzinfo=timeutil.zone("UTC"))
    out = {}
    for o in orders:
        rows = [p for pk, p in by_key.get((o.platform, o.recipient, o.phone_masked), []) if pk != o.id]
        rows.sort(key=lambda p: p.paid_at or far, reverse=True)
        out[o.id] = rows[:20]
    return out


def customer_history(session, order: Order) -> list[PastOrder]:
    return customer_histories(session, [order]).get(order.id, [])


def bulk_messages_for_sku(session, sku_id: int) -> tuple[int, str]:
    """Every not-yet-sent message for unshipped orders containing this SKU, one block each,
    most urgent first — to paste one after another. Returns (count, text)."""
    rows = session.execute(
        select(Order.order_id, Order.buyer, Order.recipient, ContactTask.message, ContactTask.due_at)
        .join(ContactTask, ContactTask.order_pk == Order.id)
        .where(ContactTask.status == "todo", Order.status == "unshipped",
               Order.id.in_(select(OrderLine.order_pk).where(OrderLine.sku_id == sku_id)))
        .order_by(ContactTask.due_at, Order.order_id)).all()
    blocks = [t("[Order {order_id} · {buyer}]", order_id=oid, buyer=" ".join(x for x in (buyer, rec) if x)) + f"\n{msg}"
              for oid, buyer, rec, msg, _ in rows]
    return len(blocks), "\n\n".join(blocks)


def _next_due(t: ContactTask, now: datetime, fh: timedelta, eh: timedelta) -> tuple[datetime | None, str | None]:
    if t.status == "todo":
        return (t.due_at or t.created_at), "contact"
    if t.status == "sent":
        return (t.sent_at or now) + fh, "follow_up"
    if t.status == "replied":
        if t.due_at is not None and t.due_at > now:
            return t.due_at, "agree"
        return _escalation_at(t, eh), "escalation"
    return None, None


def _playbook(t: ContactTask, events: list[EventView], order_status: str) -> list[PlaybookStep]:
    proposals = [e for e in events if e.kind == "proposal"]
    agreed = t.outcome in AGREED or bool(proposals)
    closed_at = t.resolved_at if t.outcome == "退款" or order_status != "unshipped" else None
    return [PlaybookStep("cause", True, t.created_at),
            PlaybookStep("contacted", t.sent_at is not None, t.sent_at),
            PlaybookStep("agreed", agreed, t.resolved_at if t.outcome in AGREED else None),
            PlaybookStep("recorded", bool(proposals), proposals[-1].at if proposals else None),
            PlaybookStep("closed", order_status != "unshipped" or t.outcome == "退款", closed_at)]


CHUNK = 10_000  # tasks listed per round: the rows read, their orders and history stay this size


def list_tasks(session, now: datetime, settings: dict, data=None, only=None, details: bool = True) -> list[TaskView]:
    """The queue, most urgent first: open tasks by their next action's time, resolved last.
    ``data``: the refresh's one read of the open orders (app/snapshot.py); the others are read here.
    ``only``: the tasks of these orders alone (what an incremental tick or an action changed).
    ``details=False``: the rows the window lists, without each task's events, buyer history and
    playbook (a year of history is 200k tasks): the pane reads them for one task (``task_details``).
    Read and made CHUNK tasks at a time: what a round reads is dropped before the next one."""
    ct = ContactTask.__table__
    lister = _Lister(session, now, settings, data, details, only is not None)
    out: list[TaskView] = []
    if only is not None:
        for part in in_chunks(sorted(only), 500):
            out += lister.views(session.execute(select(ct).where(ct.c.order_pk.in_(part))).all())
    else:
        last = 0
        while rows := session.execute(select(ct).where(ct.c.id > last).order_by(ct.c.id).limit(CHUNK)).all():
            out += lister.views(rows)
            last = rows[-1].id
    out.sort(key=queue_order(now))
    return out


class _Lister:
    """What every round of ``list_tasks`` shares: the SKU codes, the proposal counts, the due rule,
    each platform's info and one object per repeated value (state, reason, template, a time many
    tasks share — made in one refresh, due at one hour —, SKU lists), not one per row."""

    def __init__(self, session, now, settings, data, details, some):
        self.session, self.now, self.settings, self.data, self.details = session, now, settings, data, details
        self.codes = dict(session.execute(select(Sku.id, Sku.code)).all())
        self.proposals = None if details or some else _proposal_counts(session)
        self.due_of = partial(_next_due, now=now, fh=timedelta(hours=S.follow_up_hours(settings)),
                              eh=timedelta(hours=S.escalate_hours(settings)))
        self._one, self.pinfos = {}, {}
        self.waited = None  # the buyers who ever agreed to wait, read once

    def one(self, value):
        """The object already kept for an equal value (store times are all UTC: equal is the same)."""
        return value if value is None else self._one.setdefault(value, value)

    def platform(self, name: str) -> dict:
        if name not in self.pinfos:
            self.pinfos[name] = tpl.platform_info(name)
        return self.pinfos[name]

    def views(self, tasks) -> list[TaskView]:
        if not tasks:
            return []
        s, one = self.session, self.one
        ctx = Context(s, [t.order_pk for t in tasks], self.now, self.settings, self.data)
        info = _infos(s, ctx, self.data)
        if self.details:
            events = _events(s, [t.id for t in tasks])
            proposals = {k: sum(e.kind == "proposal" for e in evs) for k, evs in events.items()}
            histories = customer_histories(s, list(ctx.orders.values()))
        else:  # waited_before alone: the histories of the few buyers who ever agreed to wait
            events = {}
            proposals = self.proposals if self.proposals is not None else _proposal_counts(s, [t.id for t in tasks])
            if self.waited is None:
                self.waited = _waited_buyers(s)
            histories = customer_histories(s, [o for o in ctx.orders.values()
                                               if (o.platform, o.recipient, o.phone_masked) in self.waited])
        out = []
        for task in tasks:
            o = ctx.orders[task.order_pk]
            i = info.get(o.id, {})
            short = ctx.short_lines(o.id) if tpl.is_stock_short(task.reason, task.template) else []
            sku_ids = one(tuple(dict.fromkeys([ln.sku_id for ln in short] +
                                              [ln.sku_id for ln in ctx.lines.get(o.id, []) if ln.sku_id])))
            evs, past = events.get(task.id, ()), histories.get(o.id, ())
            due, kind = self.due_of(task)
            pinfo = self.platform(o.platform)
            out.append(TaskView(
                task_id=task.id, order_pk=o.id, platform=one(o.platform), order_id=o.order_id,
                reason=one(task.reason), template=one(task.template), message=task.message,
                status=one(task.status), due=one(due), due_kind=kind, outcome=one(task.outcome),
                created_at=one(task.created_at), ship_by=one(task.due_at), sent_at=one(task.sent_at),
                replied_at=one(task.replied_at), resolved_at=one(task.resolved_at),
                escalated=task.escalated_at is not None, new_ship_date=one(task.new_ship_date),
                notes=task.notes or "", message_edited=task.message_edited, order_status=one(o.status),
                buyer=i.get("buyer", ""), product=i.get("product", ""),
                sku_ids=sku_ids, sku_codes=one(tuple(self.codes.get(k, "") for k in sku_ids)),
                substitutes=ctx.substitutes(short) if short else (),
                proposals=proposals.get(task.id, 0), max_proposals=pinfo.get("max_proposals"),
                tool=pinfo.get("tool", ""), tool_tip=pinfo.get("tool_tip", ""), events=evs,
                customer_history=past if self.details else (), waited_before=any(p.outcome == "同意等待" for p in past),
                playbook=_playbook(task, evs, o.status) if self.details else (), assignee=task.assignee,
                version=task.version))
        return out


def task_details(session, now: datetime, settings: dict, order_pk: int, task_id: int) -> TaskView | None:
    """One task as the store holds it now, with its events, the buyer's history and its playbook:
    what the contact pane shows of the selected task (the listed rows leave them out)."""
    return next((v for v in list_tasks(session, now, settings, only=[order_pk]) if v.task_id == task_id), None)


def _infos(session, ctx: Context, data) -> dict[int, dict]:
    """The display fields of the tasks' orders: the open ones from the refresh's read, the rest here."""
    from app.orders import order_info

    known = data.info if data is not None else {}
    info: dict[int, dict] = {pk: known[pk] for pk in ctx.orders if pk in known}
    for chunk in in_chunks([pk for pk in ctx.orders if pk not in info]):
        info.update(order_info(session, chunk))
    return info


def _events(session, task_ids: list[int]) -> dict[int, list[EventView]]:
    events: dict[int, list[EventView]] = defaultdict(list)
    ev = ContactEvent.__table__.c
    stmt = select(ev.task_id, ev.at, ev.kind, ev.from_status, ev.to_status, ev.note, ev.actor).order_by(ev.id)
    for part in in_chunks(task_ids, 500):
        for e in session.execute(stmt.where(ev.task_id.in_(part))):
            events[e.task_id].append(EventView(e.at, e.kind, e.from_status, e.to_status, e.note,
                                               localconf.name_of(e.actor)))
    return events


def _proposal_counts(session, task_ids: list[int] | None = None) -> dict[int, int]:
    """Task id → how many new dates were recorded in the platform tool (counted by the database);
    ``task_ids`` None: every task's."""
    ev = ContactEvent.__table__.c
    stmt = select(ev.task_id, func.count()).where(ev.kind == "proposal").group_by(ev.task_id)
    if task_ids is None:
        return dict(session.execute(stmt).all())
    return {k: n for part in in_chunks(task_ids, 500) for k, n in session.execute(stmt.where(ev.task_id.in_(part)))}


def _waited_buyers(session) -> set[tuple]:
    """The buyers (platform, recipient, masked phone) with some order that agreed to wait."""
    c = ContactTask
    known = (Order.recipient.is_not(None)) | (Order.phone_masked.is_not(None))  # a buyer one can tell apart
    return {tuple(k) for k in session.execute(select(Order.platform, Order.recipient, Order.phone_masked).distinct()
                                              .join(c, c.order_pk == Order.id).where(c.outcome == "同意等待", known))}


def queue_order(now: datetime):
    """The queue's sort key: open tasks by their next action's time, resolved last."""
    far = now + timedelta(days=36500)
    return lambda v: (v.status == "resolved", v.due or far, v.order_id)





def export_rows(tasks: list[TaskView]) -> list[dict]:
    """One row per task for the contact-list workbook, in the queue's order."""
    yes = t("Yes")
    return [{"due": v.due, "status": labels.state_label(v.status),
             "platform": platform_name(v.platform), "order_id": v.order_id, "buyer": v.buyer,
             "product": v.product, "reason": labels.reason_label(v.reason), "ship_by": v.ship_by,
             "template": labels.template_label(v.template), "message": v.message,
             "new_date": v.new_ship_date, "sent_at": v.sent_at, "resolved_at": v.resolved_at,
             "outcome": labels.outcome_label(v.outcome), "escalated": yes if v.escalated else "",
             "notes": v.notes} for v in tasks]


def next_action(view: TaskView, now: datetime, settings: dict) -> tuple[datetime | None, str | None]:
    """A task view's next action (due, kind) in the state it shows: the contact tab shows a change
    at once, before the store has it and the queue is read again, by the queue's own rule."""
    fh = timedelta(hours=S.follow_up_hours(settings))
    eh = timedelta(hours=S.escalate_hours(settings))
    task = SimpleNamespace(status=view.status, due_at=view.ship_by, created_at=view.created_at, sent_at=view.sent_at)
    return _next_due(task, now, fh, eh)

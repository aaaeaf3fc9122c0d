"""The contact queue: one task per order that needs the buyer told, with the message written.

Playbook (RULES.md): confirm the cause → contact the buyer before the deadline → agree a new
date (and record it in the platform's 协商工具) → ship or refund.

Times on a task:
- ``due_at`` is the order's ship-by deadline, kept current on every refresh: the buyer should
  hear from the seller before it (RULES.md playbook step 2). For an order already late it lies in
  the past, so the queue shows how long the buyer has been waiting and puts the longest first.
- the *next action* time shown in the queue depends on the state: contact by the deadline
  (todo), follow up ``contact.follow_up_hours`` after the message went out (sent), settle before
  the deadline or by the escalation time (replied).
- a task still open ``contact.escalate_hours`` (72 h) after its order went overdue is escalated.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select

from app import labels, timeutil
from app import settings as S
from app.chunks import in_chunks
from app.contact import templates as tpl
from app.inventory.ledger import bundle_map, on_hand_by_sku, reserved_by_sku
from app.risk.presale import is_presale
from app.store.models import ContactEvent, ContactTask, Order, OrderLine, PurchaseOrder, Sku, SkuSubstitute
from app.store.session import insert_once, lock_for_writing
from app.text import join, platform_name, t

STATES = ("todo", "sent", "replied", "resolved")
TRANSITIONS = {"todo": {"sent", "replied", "resolved"}, "sent": {"replied", "resolved", "todo"},
               "replied": {"resolved", "sent"}, "resolved": {"todo"}}
OUTCOMES = ("同意等待", "换款", "部分退款补偿", "退款", "申请平台介入", "无回应")  # stored codes
OUTCOME_LABELS = labels.OUTCOMES  # the words live in app/labels.py, one map for tabs and exports
# outcomes after which the order still has to ship: the new date must be in the platform tool
AGREED = ("同意等待", "换款", "部分退款补偿")
REASONS = ("overdue", "critical", "stock_short", "stop_ship", "manual", "presale")


@dataclass
class EventView:
    at: datetime
    kind: str  # created | status | edited | escalated | note | proposal | followed_up | closed
    from_status: str | None
    to_status: str | None
    note: str | None
    actor: str | None = None  # the staff member who did it; None: ShopSentry itself


@dataclass
class PastOrder:
    """Another order of the same buyer, with what came of contacting them about it."""

    order_id: str
    paid_at: datetime | None
    status: str
    contact_reason: str | None
    outcome: str | None


@dataclass
class PlaybookStep:
    key: str  # cause | contacted | agreed | recorded | closed
    done: bool
    at: datetime | None = None


@dataclass
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
    events: list[EventView] = field(default_factory=list)
    customer_history: list[PastOrder] = field(default_factory=list)
    waited_before: bool = False  # this buyer already agreed to wait for an earlier order
    playbook: list[PlaybookStep] = field(default_factory=list)
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


@dataclass
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


def _reason_of(risk) -> str | None:
    if risk.level == "overdue":
        return "overdue"
    if risk.stock_short:
        return "stock_short"
    if risk.stop_ship:
        return "stop_ship"
    if risk.level == "critical":
        return "critical"
    return None


def _date_text(dt: datetime | None, tz: str | None) -> str:
    if dt is None:
        return ""
    d = timeutil.local(dt, tz)
    return f"{d.month}月{d.day}日"


def _seller_date(dt: datetime | None) -> str:
    """A date in a note the seller reads ("11月26日" / "11/26"); buyers' messages use _date_text."""
    if dt is None:
        return ""
    d = timeutil.local(dt, None)
    return t("{month}/{day}", month=d.month, day=d.day)


def _end_of_day(dt: datetime, tz: str | None) -> datetime:
    d = timeutil.local(dt, tz)
    return d.replace(hour=23, minute=59, second=0, microsecond=0)


ORDER_COLS = (Order.id, Order.platform, Order.order_id, Order.status, Order.order_type, Order.buyer,
              Order.recipient, Order.phone_masked, Order.province, Order.city)
LINE_COLS = (OrderLine.id, OrderLine.order_pk, OrderLine.sku_id, OrderLine.product, OrderLine.spec,
             OrderLine.quantity)


class Context:
    """What filling messages needs, loaded once per refresh (set-based: no query per task)."""

    def __init__(self, session, order_pks, now: datetime, settings: dict | None):
        self.now, self.settings = now, settings or {}
        self.tz = self.settings.get("timezone")
        # plain rows, not ORM objects: a busy shop has tens of thousands of tasks
        self.orders = {}
        self.lines: dict[int, list] = defaultdict(list)
        for chunk in in_chunks(order_pks):
            self.orders.update((o.id, o) for o in session.execute(select(*ORDER_COLS).where(Order.id.in_(chunk))))
            for ln in session.execute(select(*LINE_COLS).where(OrderLine.order_pk.in_(chunk)).order_by(OrderLine.id)):
                self.lines[ln.order_pk].append(ln)
        self._session = session
        self._stock = None

    def _load_stock(self):
        if self._stock is None:
            s = self._session
            on_hand, reserved = on_hand_by_sku(s), reserved_by_sku(s)
            eta = dict(s.execute(select(PurchaseOrder.sku_id, func.min(PurchaseOrder.expected_at))
                                 .where(PurchaseOrder.received.is_(False), PurchaseOrder.expected_at.is_not(None))
                                 .group_by(PurchaseOrder.sku_id)).all())
            subs: dict[int, list[int]] = defaultdict(list)
            for sid, sub in s.execute(select(SkuSubstitute.sku_id, SkuSubstitute.substitute_id)
                                      .order_by(SkuSubstitute.sku_id, SkuSubstitute.rank, SkuSubstitute.substitute_id)):
                subs[sid].append(sub)
            skus = {k.id: k for k in s.execute(select(Sku.id, Sku.code, Sku.name, Sku.spec, Sku.lead_time_days,
                                                        Sku.active))}
            self._stock = (on_hand, reserved, eta, subs, skus, bundle_map(s))
        return self._stock

    def components(self, sku_id: int) -> list[int]:
        return [c for c, _ in self._load_stock()[5].get(sku_id, [(sku_id, 1)])]

    def available(self, sku_id: int) -> int:
        on_hand, reserved, *_ = self._load_stock()
        return on_hand.get(sku_id, 0) - reserved.get(sku_id, 0)

    def short_lines(self, order_pk: int) -> list[OrderLine]:
        """Lines whose SKU (or a bundle component) is oversold; all SKU lines when none stands out."""
        lines = [ln for ln in self.lines.get(order_pk, []) if ln.sku_id]
        short = [ln for ln in lines if any(self.available(c) < 0 for c in self.components(ln.sku_id))]
        return short or lines

    def restock_date(self, sku_ids: list[int]) -> datetime:
        """The earliest day every short SKU is back: an open purchase's expected date, else the
        SKU's lead time from now. The order can ship when the last of them arrives."""
        _, _, eta, _, skus, _ = self._load_stock()
        latest = self.now
        for sid in {c for s in sku_ids for c in self.components(s)}:
            if self.available(sid) >= 0:
                continue
            when = eta.get(sid)
            if when is None:
                sku = skus.get(sid)
                when = self.now + timedelta(days=sku.lead_time_days if sku else 7)
            latest = max(latest, when)
        return latest

    def substitutes(self, lines: list[OrderLine]) -> list[str]:
        """In-stock substitutes from the SKU master, best rank first, enough for the line's quantity."""
        _, _, _, subs, skus, _ = self._load_stock()
        out: list[str] = []
        for ln in lines:
            for sub in subs.get(ln.sku_id, []):
                sku = skus.get(sub)
                if sku is None or not sku.active or self.available(sub) < (ln.quantity or 1):
                    continue
                name = f"{sku.name} {sku.spec or ''}".strip() or sku.code
                if name not in out:
                    out.append(name)
        return out


def _template_for(order: Order, reason: str | None, stock_short: bool, stop_ship: bool, has_sub: bool) -> str:
    if stock_short or reason == "stock_short":
        return "缺货换款" if has_sub else "缺货可等待"
    if stop_ship or reason == "stop_ship":
        return "停发地区说明"
    if is_presale(order.order_type):
        return "预售说明"
    return "延迟发货致歉"


def fill(ctx: Context, order: Order, reason: str, *, ship_by: datetime | None, stock_short: bool = False,
         stop_ship: bool = False, template: str | None = None, compensation: str | None = None,
         substitute: str | None = None, new_date: datetime | None = None) -> tuple[str, dict, datetime | None]:
    """Template name, every placeholder's value and the new ship date for one order.

    The seller's choices (template, compensation, substitute, date) win over what is derived."""
    now, tz = ctx.now, ctx.tz
    lines = ctx.lines.get(order.id, [])
    short = ctx.short_lines(order.id) if (stock_short or reason == "stock_short") else []
    subs = ctx.substitutes(short) if short else []
    name = template or _template_for(order, reason, stock_short, stop_ship, bool(subs))
    line = (short or lines or [None])[0]
    if new_date is None:
        if name in tpl.STOCK_SHORT:
            # ship the day after the goods arrive
            new_date = ctx.restock_date([ln.sku_id for ln in (short or lines) if ln.sku_id]) + timedelta(days=1)
        elif name == "预售说明" and ship_by is not None and ship_by > now:
            new_date = ship_by
        elif name == "停发地区说明":
            new_date = None  # nobody knows when the carrier resumes: the message names no date
        else:
            new_date = max(now, ship_by or now) + timedelta(days=1)
    if new_date is not None:
        new_date = _end_of_day(new_date, tz)
    if reason == "stop_ship" or name == "停发地区说明":
        region = " ".join(x for x in (order.province, order.city) if x) or "部分地区"
        reason_text = f"快递暂停向{region}发货"
    elif stock_short and reason in ("overdue", "critical"):
        reason_text = tpl.reason_text("stock_short")
    else:
        reason_text = tpl.reason_text(reason)
    fields = {
        # the recipient's name reads naturally; platform nicknames are often IDs like "user693726"
        "buyer": order.recipient or order.buyer or "",
        "product": (line.product if line else "") or "",
        "spec": (line.spec if line else "") or "",
        "order_id": order.order_id, "reason": reason_text,
        "new_date": _date_text(new_date, tz) or "近期",
        "compensation": compensation or tpl.default_compensation(ctx.settings),
        "substitute": substitute or (subs[0] if subs else tpl.data()["substitute_fallback"]),
    }
    return name, fields, new_date


def _event(session, task: ContactTask, at: datetime, kind: str, frm=None, to=None, note=None) -> None:
    ev = ContactEvent(at=at, kind=kind, from_status=frm, to_status=to, note=note, actor=session.info.get("staff"))
    if task.id is None:
        task.events.append(ev)  # a new task: one flush at the end inserts both (no flush per task)
    else:
        ev.task_id = task.id  # an existing task: no need to load its event list
        session.add(ev)


def _get(session, task_id: int) -> ContactTask:
    task = session.get(ContactTask, task_id)
    if task is None:
        raise ValueError(t("Contact task not found"))
    return task


def refresh_tasks(session, now: datetime, risks, settings: dict) -> int:
    """Create a task for each order that needs one (never twice), keep deadlines and untouched
    messages current, close never-sent tasks of orders that shipped, escalate tasks open 72 h after
    their order went overdue. Returns the number of tasks created."""
    escalate = timedelta(hours=S.escalate_hours(settings))
    # one refresh at a time across PCs and processes; the tasks read after the wait, fresh
    lock_for_writing(session, "contact:refresh")
    existing = {t.order_pk: t for t in session.scalars(select(ContactTask)
                                                       .execution_options(populate_existing=True))}
    work = []
    for r in risks:
        task = existing.get(r.order_pk)
        reason = _reason_of(r)
        if task is None and reason is None:
            continue
        work.append((r, reason, task))
    ctx = Context(session, [r.order_pk for r, _, t in work
                            if t is None or (t.status == "todo" and not t.message_edited)], now, settings)
    esc_note = t("Still unresolved {hours} hours after the order went overdue",
                 hours=int(escalate.total_seconds() // 3600))
    new_tasks, new_events = [], []
    for r, reason, task in work:
        order = ctx.orders.get(r.order_pk)
        escalate_now = r.level == "overdue" and now - r.ship_by >= escalate
        if task is None:
            name, fields, new_date = fill(ctx, order, reason, ship_by=r.ship_by, stock_short=r.stock_short,
                                          stop_ship=r.stop_ship)
            new_tasks.append({"order_pk": r.order_pk, "reason": reason, "template": name, "status": "todo",
                              "message": tpl.render(name, r.platform, fields, settings), "message_edited": False,
                              "created_at": now, "due_at": r.ship_by, "new_ship_date": new_date,
                              "escalated_at": now if escalate_now else None})
            new_events.append((r.order_pk, "created", "todo", t("; ").join(r.reasons[:2]) or None))
            if escalate_now:
                new_events.append((r.order_pk, "escalated", None, esc_note))
            continue
        if task.status == "resolved":
            continue
        # assign only what changed: a steady refresh then writes nothing
        if task.due_at != r.ship_by:
            task.due_at = r.ship_by  # a newer export carried a new promise
        if reason and reason != task.reason and task.reason != "incident":  # an incident's task stays grouped
            task.reason = reason  # the order's state moved on (critical → overdue, now short …)
        if task.status == "todo" and not task.message_edited and order is not None:
            name, fields, new_date = fill(ctx, order, task.reason, ship_by=r.ship_by,
                                          stock_short=r.stock_short, stop_ship=r.stop_ship)
            message = tpl.render(name, r.platform, fields, settings)
            if (name, new_date, message) != (task.template, task.new_ship_date, task.message):
                task.template, task.new_ship_date, task.message = name, new_date, message
        if task.escalated_at is None and escalate_now:
            task.escalated_at = now
            _event(session, task, now, "escalated", note=esc_note)
    if new_tasks:
        # bulk inserts: thousands of new tasks on a first import must not mean thousands of flushes
        insert_once(session, ContactTask, new_tasks, ["order_pk"])  # once, whoever else refreshes now
        ids = {}
        for chunk in in_chunks(t["order_pk"] for t in new_tasks):
            ids.update(session.execute(select(ContactTask.order_pk, ContactTask.id)
                                       .where(ContactTask.order_pk.in_(chunk))).all())
        session.execute(insert(ContactEvent), [
            {"task_id": ids[pk], "at": now, "kind": kind, "from_status": None, "to_status": to, "note": note}
            for pk, kind, to, note in new_events])
    # a task nobody acted on whose order has shipped or closed needs no message any more
    for task, status in session.execute(select(ContactTask, Order.status).join(Order, Order.id == ContactTask.order_pk)
                                        .where(ContactTask.status == "todo", Order.status != "unshipped")):
        _event(session, task, now, "closed", "todo", "resolved", t("The order shipped or closed: no contact needed")
               if status != "closed" else t("The order closed: no contact needed"))
        task.status, task.resolved_at = "resolved", now
    return len(new_tasks)


def add_manual(session, order_pk: int, now: datetime, settings: dict | None = None,
               ship_by: datetime | None = None) -> ContactTask:
    """The seller put an order in the queue by hand (risk tab). Idempotent; reopens a resolved task."""
    task = session.scalar(select(ContactTask).where(ContactTask.order_pk == order_pk))
    if task is not None:
        if task.status == "resolved":
            transition(session, task.id, "todo", now, note=t("Put back in the contact queue by hand"))
        return task
    order = session.get(Order, order_pk)
    if order is None:
        raise ValueError(t("Order not found"))
    ship_by = ship_by or order.promised_ship_at or now
    ctx = Context(session, [order_pk], now, settings)
    name, fields, new_date = fill(ctx, order, "manual", ship_by=ship_by)
    task = ContactTask(order_pk=order_pk, reason="manual", template=name,
                       message=tpl.render(name, order.platform, fields, settings), status="todo",
                       created_at=now, due_at=ship_by, new_ship_date=new_date)
    session.add(task)
    session.flush()
    _event(session, task, now, "created", None, "todo", t("Added to the contact queue by hand"))
    return task


def transition(session, task_id: int, to: str, now: datetime, outcome: str | None = None,
               note: str | None = None) -> ContactTask:
    task = _get(session, task_id)
    if to not in TRANSITIONS.get(task.status, set()):
        raise ValueError(t("Cannot change from “{old}” to “{new}”", old=labels.state_label(task.status),
                           new=labels.state_label(to)))
    if to == "resolved":
        if outcome not in OUTCOMES:
            raise ValueError(t("Please choose an outcome"))
        task.outcome, task.resolved_at = outcome, now
    elif outcome is not None:
        raise ValueError(t("Only “Resolved” takes an outcome"))
    if to == "sent":
        task.sent_at = now
    if to == "replied":
        task.replied_at = now
    if to == "todo":
        task.outcome = task.resolved_at = None
    _event(session, task, now, "status", task.status, to, " ".join(x for x in (outcome, note) if x) or None)
    task.status = to
    return task


def _check_filled(text: str) -> None:
    if not text.strip():
        raise ValueError(t("The message cannot be empty"))
    left = tpl.PLACEHOLDER.findall(text)
    if left:
        raise ValueError(t("The message still has placeholders to fill in: {names}",
                           names=join("{" + k + "}" for k in left)))


def edit_message(session, task_id: int, text: str, now: datetime) -> None:
    """The seller rewrote the message: keep it (no refresh overwrites it), never with a placeholder."""
    _check_filled(text)
    task = _get(session, task_id)
    if text == task.message:
        return
    task.message, task.message_edited = text, True
    _event(session, task, now, "edited", note=t("Message edited"))


def preview(session, task_id: int, now: datetime, settings: dict, *, template: str | None = None,
            compensation: str | None = None, substitute: str | None = None,
            new_date: datetime | None = None) -> tuple[str, str, datetime | None]:
    """The message this task would get with the seller's choices: (template, text, new date)."""
    task = _get(session, task_id)
    ctx = Context(session, [task.order_pk], now, settings)
    order = ctx.orders[task.order_pk]
    if template is not None and template not in tpl.NAMES:
        raise ValueError(t("No template “{name}”", name=template))
    stock_short = task.reason == "stock_short" or task.template in tpl.STOCK_SHORT
    name, fields, date = fill(ctx, order, task.reason, ship_by=task.due_at, stock_short=stock_short,
                              stop_ship=task.reason == "stop_ship", template=template or task.template,
                              compensation=compensation, substitute=substitute, new_date=new_date)
    return name, tpl.render(name, order.platform, fields, settings), date


def apply_choice(session, task_id: int, now: datetime, settings: dict, **choice) -> ContactTask:
    """Re-write the message with another template / compensation / substitute / date and keep it."""
    name, text, date = preview(session, task_id, now, settings, **choice)
    task = _get(session, task_id)
    changed = name != task.template
    task.template, task.message, task.new_ship_date, task.message_edited = name, text, date, True
    _event(session, task, now, "edited", note=t("Switched to template “{name}”", name=labels.template_label(name))
           if changed else t("Message rewritten"))
    return task


def record_proposal(session, task_id: int, now: datetime, new_date: datetime | None = None) -> int:
    """The seller sent the new date through the platform's 协商工具. Returns proposals used;
    refuses a fourth on Taobao (RULES.md: at most 3 cards per order)."""
    task = _get(session, task_id)
    order = session.get(Order, task.order_pk)
    info = tpl.platform_info(order.platform)
    used = session.scalar(select(func.count(ContactEvent.id)).where(
        ContactEvent.task_id == task_id, ContactEvent.kind == "proposal")) or 0
    limit = info.get("max_proposals")
    if limit and used >= limit:
        raise ValueError(t("{tool} allows {limit} per order; this order has used them all", tool=info["tool"],
                           limit=limit))
    if new_date is not None:
        task.new_ship_date = new_date
    _event(session, task, now, "proposal", note=t("New ship date {date} recorded in {tool} (#{n})",
                                                  date=_seller_date(task.new_ship_date), tool=info["tool"], n=used + 1))
    return used + 1


def add_note(session, task_id: int, text: str, now: datetime) -> None:
    text = text.strip()
    if not text:
        return
    task = _get(session, task_id)
    task.notes = f"{task.notes}\n{text}" if task.notes else text
    _event(session, task, now, "note", note=text)


def followed_up(session, task_id: int, now: datetime) -> None:
    """The seller reminded a silent buyer: the next follow-up is timed from now."""
    task = _get(session, task_id)
    if task.status != "sent":
        raise ValueError(t("Only a task sent and not answered needs a follow-up"))
    task.sent_at = now
    _event(session, task, now, "followed_up", note=t("Contacted the buyer again"))


def _escalation_at(task: ContactTask, escalate: timedelta) -> datetime | None:
    return task.due_at + escalate if task.due_at is not None else None


def due_reminders(session, now: datetime, settings: dict) -> list[ContactReminder]:
    """Contact tasks that need the seller at ``now`` — the public hook for the alerts engine.

    - ``follow_up``: sent, and no reply ``contact.follow_up_hours`` (12 h) after the message
      (or the last follow-up) went out;
    - ``escalation``: still open ``contact.escalate_hours`` (72 h) after the order went overdue,
      order still unshipped.
    Pure in ``now``: nothing is written; keys stay the same while the condition holds."""
    fh = timedelta(hours=S.follow_up_hours(settings))
    eh = timedelta(hours=S.escalate_hours(settings))
    out: list[ContactReminder] = []
    rows = session.execute(select(ContactTask, Order.platform, Order.order_id, Order.status)
                           .join(Order, Order.id == ContactTask.order_pk)
                           .where(ContactTask.status != "resolved").order_by(ContactTask.id))
    for task, platform, oid, ostatus in rows:
        if task.status == "sent" and task.sent_at is not None and task.sent_at + fh <= now:
            hours = int(fh.total_seconds() // 3600)
            out.append(ContactReminder("follow_up", f"followup:{task.id}", task.id, platform, oid,
                                       task.sent_at + fh, t("Buyer has not replied"),
                                       t("No reply {hours} hours after the message for order {order_id}: "
                                         "contact the buyer again", order_id=oid, hours=hours)))
        esc = _escalation_at(task, eh)
        if ostatus == "unshipped" and esc is not None and esc <= now:
            hours = int(eh.total_seconds() // 3600)
            out.append(ContactReminder("escalation", f"escalate:{task.id}", task.id, platform, oid, esc,
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


def list_tasks(session, now: datetime, settings: dict) -> list[TaskView]:
    """The queue, most urgent first: open tasks by their next action's time, resolved last."""
    fh = timedelta(hours=S.follow_up_hours(settings))
    eh = timedelta(hours=S.escalate_hours(settings))
    tasks = session.execute(select(ContactTask.__table__)).all()
    if not tasks:
        return []
    from app.orders import order_info

    ctx = Context(session, [t.order_pk for t in tasks], now, settings)
    info: dict[int, dict] = {}
    for chunk in in_chunks(ctx.orders):
        info.update(order_info(session, chunk))
    events: dict[int, list[EventView]] = defaultdict(list)
    ev = ContactEvent.__table__.c
    for e in session.execute(select(ev.task_id, ev.at, ev.kind, ev.from_status, ev.to_status, ev.note, ev.actor)
                             .order_by(ev.id)):
        events[e.task_id].append(EventView(e.at, e.kind, e.from_status, e.to_status, e.note, e.actor))
    histories = customer_histories(session, list(ctx.orders.values()))
    codes = dict(session.execute(select(Sku.id, Sku.code)).all())
    out = []
    for task in tasks:
        o = ctx.orders[task.order_pk]
        i = info.get(o.id, {})
        short = ctx.short_lines(o.id) if task.reason == "stock_short" or task.template in tpl.STOCK_SHORT else []
        sku_ids = list(dict.fromkeys([ln.sku_id for ln in short] +
                                     [ln.sku_id for ln in ctx.lines.get(o.id, []) if ln.sku_id]))
        evs = events.get(task.id, [])
        due, kind = _next_due(task, now, fh, eh)
        past = histories.get(o.id, [])
        pinfo = tpl.platform_info(o.platform)
        out.append(TaskView(
            task_id=task.id, order_pk=o.id, platform=o.platform, order_id=o.order_id, reason=task.reason,
            template=task.template, message=task.message, status=task.status, due=due, due_kind=kind,
            outcome=task.outcome, created_at=task.created_at, ship_by=task.due_at, sent_at=task.sent_at,
            replied_at=task.replied_at, resolved_at=task.resolved_at, escalated=task.escalated_at is not None,
            new_ship_date=task.new_ship_date, notes=task.notes or "", message_edited=task.message_edited,
            order_status=o.status, buyer=i.get("buyer", ""), product=i.get("product", ""),
            sku_ids=sku_ids, sku_codes=[codes.get(s, "") for s in sku_ids],
            substitutes=ctx.substitutes(short) if short else [],
            proposals=sum(e.kind == "proposal" for e in evs), max_proposals=pinfo.get("max_proposals"),
            tool=pinfo.get("tool", ""), tool_tip=pinfo.get("tool_tip", ""), events=evs,
            customer_history=past, waited_before=any(p.outcome == "同意等待" for p in past),
            playbook=_playbook(task, evs, o.status), assignee=task.assignee, version=task.version))
    far = now + timedelta(days=36500)
    out.sort(key=lambda v: (v.status == "resolved", v.due or far, v.order_id))
    return out





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

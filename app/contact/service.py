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

from datetime import datetime, timedelta

from sqlalchemy import case, func, insert, select

from app import labels, timeutil
from app import settings as S
from app.chunks import in_chunks
from app.contact import templates as tpl
from app.contact.context import LINE_COLS, ORDER_COLS, Context
from app.contact.views import (
    AGREED,
    ContactReminder,
    EventView,
    PastOrder,
    PlaybookStep,
    TaskView,
    bulk_messages_for_sku,
    customer_histories,
    customer_history,
    due_reminders,
    export_rows,
    list_tasks,
)
from app.evaluation import journal
from app.risk.presale import is_presale
from app.store.models import ContactEvent, ContactTask, Order
from app.store.session import insert_once, lock_for_writing
from app.text import join, t

STATES = ("todo", "sent", "replied", "resolved")
TRANSITIONS = {"todo": {"sent", "replied", "resolved"}, "sent": {"replied", "resolved", "todo"},
               "replied": {"resolved", "sent"}, "resolved": {"todo"}}
OUTCOMES = ("同意等待", "换款", "部分退款补偿", "退款", "申请平台介入", "无回应")  # stored codes
OUTCOME_LABELS = labels.OUTCOMES  # the words live in app/labels.py, one map for tabs and exports
REASONS = ("overdue", "critical", "stock_short", "stop_ship", "manual", "presale")
# the read side (views.py) and the message context (context.py) keep being reachable from here
__all__ = ["AGREED", "LINE_COLS", "ORDER_COLS", "OUTCOMES", "OUTCOME_LABELS", "REASONS", "STATES", "TRANSITIONS",
           "ContactReminder", "Context", "EventView", "PastOrder", "PlaybookStep", "TaskView", "add_manual", "add_note",
           "apply_choice", "bulk_messages_for_sku", "customer_histories", "customer_history", "due_reminders",
           "edit_message", "export_rows", "fill", "followed_up", "list_tasks", "preview", "record_proposal",
           "refresh_tasks", "transition"]


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


def actor_of(session) -> str | None:
    """Who does what this session writes: the staff name, else this install's identity (never shown
    as a name, but another PC's stale screen is still told someone changed the task)."""
    return session.info.get("staff") or session.info.get("person")


def _event(session, task: ContactTask, at: datetime, kind: str, frm=None, to=None, note=None) -> None:
    ev = ContactEvent(at=at, kind=kind, from_status=frm, to_status=to, note=note, actor=actor_of(session))
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


def refresh_tasks(session, now: datetime, risks, settings: dict, data=None, only=None) -> int:
    """Create a task for each order that needs one (never twice), keep deadlines and untouched
    messages current, close never-sent tasks of orders that shipped, escalate tasks open 72 h after
    their order went overdue. Returns the number of tasks created. ``data``: the refresh's one read
    of the open orders (app/snapshot.py), which the risks were evaluated on. ``only``: the orders an
    incremental tick re-evaluated (``risks`` are theirs): only their tasks are looked at."""
    # one refresh at a time across PCs and processes; the tasks read after the wait, fresh
    lock_for_writing(session, "contact:refresh")
    # plain rows to compare (a queue of 80k tasks as ORM objects is most of a refresh's memory);
    # only the tasks that change are loaded as objects, below
    ct = ContactTask
    stmt = select(ct.id, ct.order_pk, ct.status, ct.reason, ct.template,  # a closed task's text is never compared
                  case((ct.status == "resolved", ""), else_=ct.message).label("message"), ct.message_edited, ct.due_at,
                  ct.new_ship_date, ct.escalated_at)
    if only is None:
        existing = {t.order_pk: t for t in session.execute(stmt)}
    else:
        existing = {t.order_pk: t for part in in_chunks(sorted(only), 500)
                    for t in session.execute(stmt.where(ct.order_pk.in_(part)))}
    work = []
    for r in risks:
        task = existing.get(r.order_pk)
        reason = _reason_of(r)
        if task is None and reason is None:
            continue
        work.append((r, reason, task))
    created, ctx = 0, None
    # in rounds, each written before the next is made: a new day moves every unsent message and a
    # first import makes every task, and 100k messages with their objects at once were most of the
    # window's peak memory
    for part in in_chunks(work, ROUND):
        ctx = Context(session, [r.order_pk for r, _, t in part if t is None or (t.status == "todo" and not t.message_edited)],
                      now, settings, data, like=ctx)
        created += _refresh_round(session, now, settings, ctx, part)
    # a task nobody acted on whose order has shipped or closed needs no message any more
    closing = (select(ContactTask, Order.status).join(Order, Order.id == ContactTask.order_pk)
               .where(ContactTask.status == "todo", Order.status != "unshipped"))
    if only is not None:
        closing = closing.where(ContactTask.order_pk.in_(sorted(only)))
    for task, status in session.execute(closing):
        _event(session, task, now, "closed", "todo", "resolved", t("The order shipped or closed: no contact needed")
               if status != "closed" else t("The order closed: no contact needed"))
        task.status, task.resolved_at = "resolved", now
    return created


ROUND = 5_000  # orders a refresh makes or updates the tasks of at a time


def _refresh_round(session, now: datetime, settings: dict, ctx: Context, work: list) -> int:
    """One round of ``refresh_tasks``: (risk, reason, existing task row) → tasks made, changed,
    escalated, written; returns how many were made."""
    escalate = timedelta(hours=S.escalate_hours(settings))
    esc_note = t("Still unresolved {hours} hours after the order went overdue",
                 hours=int(escalate.total_seconds() // 3600))
    new_tasks, new_events = [], []
    changes: dict[int, dict] = {}
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
        upd = _changes_of(task, r, reason, ctx, order, settings)
        if task.escalated_at is None and escalate_now:
            upd["escalated_at"] = now
        if upd:
            changes[task.id] = upd
    for obj in _tasks(session, changes):
        for k, v in changes[obj.id].items():
            setattr(obj, k, v)
        if "escalated_at" in changes[obj.id]:
            _event(session, obj, now, "escalated", note=esc_note)
    if new_tasks:
        # bulk inserts: thousands of new tasks on a first import must not mean thousands of flushes
        insert_once(session, ContactTask, new_tasks, ["order_pk"])  # once, whoever else refreshes now
        journal.record(session, "task", [t["order_pk"] for t in new_tasks], now)  # the queue and reminders
        ids = {}
        for chunk in in_chunks(t["order_pk"] for t in new_tasks):
            ids.update(session.execute(select(ContactTask.order_pk, ContactTask.id)
                                       .where(ContactTask.order_pk.in_(chunk))).all())
        session.execute(insert(ContactEvent), [
            {"task_id": ids[pk], "at": now, "kind": kind, "from_status": None, "to_status": to, "note": note}
            for pk, kind, to, note in new_events])
    return len(new_tasks)


def _changes_of(task, r, reason: str | None, ctx: Context, order, settings: dict) -> dict:
    """What a refresh changes on an existing task (a row), only that: a steady refresh writes nothing."""
    upd = {}
    if task.due_at != r.ship_by:
        upd["due_at"] = r.ship_by  # a newer export carried a new promise
    now_reason = task.reason
    if reason and reason != task.reason and task.reason != "incident":  # an incident's task stays grouped
        upd["reason"] = now_reason = reason  # the order's state moved on (critical → overdue, now short …)
    if task.status == "todo" and not task.message_edited and order is not None:
        name, fields, new_date = fill(ctx, order, now_reason, ship_by=r.ship_by,
                                      stock_short=r.stock_short, stop_ship=r.stop_ship)
        message = tpl.render(name, r.platform, fields, settings)
        if (name, new_date, message) != (task.template, task.new_ship_date, task.message):
            upd.update(template=name, new_ship_date=new_date, message=message)
    return upd


def _tasks(session, changes: dict[int, dict]):
    """The tasks a refresh changes, as objects (their version checked on write, their events kept),
    500 at a time, each round written before the next is read: a new day moves every unsent message,
    and 100k objects held at once were most of the window's peak memory."""
    stmt = select(ContactTask).execution_options(populate_existing=True)
    for part in in_chunks(sorted(changes), 500):
        yield from session.scalars(stmt.where(ContactTask.id.in_(part))).all()
        session.flush()


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
    stock_short = tpl.is_stock_short(task.reason, task.template)
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


"""The contact queue: one task per order that needs the buyer told, with the message written.

Playbook (RULES.md): confirm the cause → contact the buyer before the deadline → agree a new
date (and record it in the platform's 协商工具) → ship or refund. ``due`` is when the buyer
should hear from the seller: the ship-by time for orders still in time, the moment the task
was created for orders already late. A task still open 72 h after its order went overdue is
escalated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from app import timeutil
from app.contact.templates import render
from app.inventory.ledger import on_hand_by_sku, reserved_by_sku
from app.store.models import ContactEvent, ContactTask, Order, OrderLine, PurchaseOrder, Sku, SkuSubstitute

TRANSITIONS = {"todo": {"sent", "resolved"}, "sent": {"replied", "resolved", "todo"},
               "replied": {"resolved", "sent"}, "resolved": {"todo"}}
OUTCOMES = ("同意等待", "换款", "部分退款补偿", "退款", "申请平台介入", "无回应")
REASON_TEXT = {"overdue": "仓库备货延迟", "critical": "仓库备货紧张", "stock_short": "商品暂时缺货",
               "manual": "发货安排调整", "presale": "预售排期"}
STATUS_TEXT = {"todo": "待联系", "sent": "已发送", "replied": "已回复", "resolved": "已解决"}


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
    due: datetime | None
    outcome: str | None
    created_at: datetime
    sent_at: datetime | None = None
    resolved_at: datetime | None = None
    escalated: bool = False
    buyer: str = ""
    product: str = ""
    sku_ids: list[int] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)
    customer_history: list[str] = field(default_factory=list)

    def to_json(self, tz: str) -> dict:
        return {"platform": self.platform, "order_id": self.order_id, "reason": self.reason,
                "template": self.template, "message": self.message, "status": self.status,
                "due": timeutil.iso(self.due, tz), "outcome": self.outcome, "buyer": self.buyer,
                "product": self.product, "escalated": self.escalated}


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


def _fields(session, order: Order, reason: str, now: datetime, tz: str) -> tuple[str, dict]:
    lines = session.scalars(select(OrderLine).where(OrderLine.order_pk == order.id)).all()
    first = lines[0] if lines else None
    sku_ids = [ln.sku_id for ln in lines if ln.sku_id]
    # new date: the earliest incoming purchase for a short SKU, else tomorrow
    new_date = now + timedelta(days=1)
    if reason == "stock_short" and sku_ids:
        eta = session.scalar(select(PurchaseOrder.expected_at).where(
            PurchaseOrder.sku_id.in_(sku_ids), PurchaseOrder.received.is_(False),
            PurchaseOrder.expected_at.is_not(None)).order_by(PurchaseOrder.expected_at))
        new_date = (eta + timedelta(days=1)) if eta else now + timedelta(days=7)
    substitute = ""
    if reason == "stock_short" and sku_ids:
        avail = on_hand_by_sku(session)
        res = reserved_by_sku(session)
        for sub in session.scalars(select(Sku).join(SkuSubstitute, SkuSubstitute.substitute_id == Sku.id)
                                   .where(SkuSubstitute.sku_id.in_(sku_ids)).order_by(SkuSubstitute.rank)):
            if avail.get(sub.id, 0) - res.get(sub.id, 0) > 0:
                substitute = f"{sub.name} {sub.spec or ''}".strip()
                break
    if reason == "stop_ship":
        reason_text = " ".join(x for x in (order.province, order.city) if x) or "部分地区"
    else:
        reason_text = REASON_TEXT.get(reason, "发货安排调整")
    if reason == "stock_short":
        template = "缺货换款" if substitute else "缺货可等待"
    elif reason == "stop_ship":
        template = "停发地区说明"
    elif (order.order_type or "").lower() in ("presale", "预售", "pre-order", "预售订单"):
        template = "预售说明"
    else:
        template = "延迟发货致歉"
    local = timeutil.local(new_date, tz)
    return template, {
        "buyer": order.recipient or order.buyer or "",
        "product": (first.product if first else "") or "",
        "spec": (first.spec if first else "") or "",
        "order_id": order.order_id, "reason": reason_text,
        "new_date": f"{local.month}月{local.day}日", "compensation": "一张5元无门槛优惠券",
        "substitute": substitute or "同款其他规格",
    }


def _event(session, task: ContactTask, at: datetime, kind: str, frm=None, to=None, note=None) -> None:
    session.add(ContactEvent(task_id=task.id, at=at, kind=kind, from_status=frm, to_status=to, note=note))


def refresh_tasks(session, now: datetime, risks, settings: dict) -> int:
    """Create a task for each order that needs one (never twice), refresh untouched messages,
    escalate tasks open 72 h after their order went overdue. Returns tasks created."""
    tz = settings.get("timezone")
    escalate_h = float(settings.get("contact.escalate_hours", 72))
    existing = {t.order_pk: t for t in session.scalars(select(ContactTask))}
    created = 0
    for r in risks:
        reason = _reason_of(r)
        task = existing.get(r.order_pk)
        if reason is None and task is None:
            continue
        order = session.get(Order, r.order_pk)
        if task is None:
            template, fields = _fields(session, order, reason, now, tz)
            task = ContactTask(order_pk=r.order_pk, reason=reason, template=template,
                               message=render(template, r.platform, fields, settings), status="todo",
                               created_at=now, due_at=r.ship_by if r.ship_by > now else now)
            session.add(task)
            session.flush()
            _event(session, task, now, "created", None, "todo", "；".join(r.reasons[:2]))
            existing[r.order_pk] = task
            created += 1
        elif task.status == "todo" and not task.message_edited and reason and reason != task.reason:
            template, fields = _fields(session, order, reason, now, tz)
            task.reason, task.template = reason, template
            task.message = render(template, r.platform, fields, settings)
        if (task.status != "resolved" and task.escalated_at is None and r.level == "overdue"
                and now - r.ship_by >= timedelta(hours=escalate_h)):
            task.escalated_at = now
            _event(session, task, now, "escalated", note=f"订单超时已超过{int(escalate_h)}小时仍未解决")
    return created


def add_manual(session, order_pk: int, now: datetime, settings: dict | None = None) -> ContactTask:
    task = session.scalar(select(ContactTask).where(ContactTask.order_pk == order_pk))
    if task is not None:
        return task
    order = session.get(Order, order_pk)
    tz = (settings or {}).get("timezone")
    template, fields = _fields(session, order, "manual", now, tz)
    task = ContactTask(order_pk=order_pk, reason="manual", template=template,
                       message=render(template, order.platform, fields, settings), status="todo",
                       created_at=now, due_at=now)
    session.add(task)
    session.flush()
    _event(session, task, now, "created", None, "todo", "手动加入联系队列")
    return task


def transition(session, task_id: int, to: str, now: datetime, outcome: str | None = None,
               note: str | None = None) -> ContactTask:
    task = session.get(ContactTask, task_id)
    if task is None:
        raise ValueError("找不到该联系任务")
    if to not in TRANSITIONS.get(task.status, set()):
        raise ValueError(f"不能从「{STATUS_TEXT[task.status]}」改为「{STATUS_TEXT.get(to, to)}」")
    if to == "resolved":
        if outcome not in OUTCOMES:
            raise ValueError("请选择处理结果")
        task.outcome, task.resolved_at = outcome, now
    if to == "sent":
        task.sent_at = now
    if to == "replied":
        task.replied_at = now
    if to == "todo":
        task.outcome = task.resolved_at = None
    _event(session, task, now, "status", task.status, to, note or outcome)
    task.status = to
    return task


def edit_message(session, task_id: int, text: str, now: datetime) -> None:
    task = session.get(ContactTask, task_id)
    task.message, task.message_edited = text, True
    _event(session, task, now, "edited", note="修改了消息内容")


def follow_ups_due(session, now: datetime, settings: dict) -> list[ContactTask]:
    """Sent, no reply after contact.follow_up_hours."""
    cutoff = now - timedelta(hours=float(settings.get("contact.follow_up_hours", 12)))
    return list(session.scalars(select(ContactTask).where(ContactTask.status == "sent",
                                                          ContactTask.sent_at <= cutoff)))


def customer_history(session, order: Order, tz: str | None = None) -> list[str]:
    """Earlier orders and contacts of the same buyer (platform + recipient + masked phone)."""
    if not order.recipient and not order.phone_masked:
        return []
    rows = session.execute(
        select(Order.id, Order.order_id, Order.paid_at, Order.status, ContactTask.outcome)
        .outerjoin(ContactTask, ContactTask.order_pk == Order.id)
        .where(Order.platform == order.platform, Order.recipient == order.recipient,
               Order.phone_masked == order.phone_masked, Order.id != order.id)
        .order_by(Order.paid_at.desc()).limit(10)).all()
    out = []
    for _pk, oid, paid, _status, outcome in rows:
        line = f"{timeutil.short(paid, tz) if paid else ''} 订单{oid}"
        if outcome:
            line += f"：联系过，结果「{outcome}」"
            if outcome == "同意等待":
                line += "（这位买家已经等过一次）"
        out.append(line)
    return out


def bulk_messages_for_sku(session, sku_id: int) -> str:
    """All open tasks' messages for orders containing this SKU, one block each."""
    rows = session.execute(
        select(Order.order_id, ContactTask.message).join(ContactTask, ContactTask.order_pk == Order.id)
        .join(OrderLine, OrderLine.order_pk == Order.id)
        .where(OrderLine.sku_id == sku_id, ContactTask.status != "resolved").distinct()).all()
    return "\n\n".join(f"【{oid}】\n{msg}" for oid, msg in rows)


def list_tasks(session, now: datetime, settings: dict) -> list[TaskView]:
    from app.orders import order_info

    tz = settings.get("timezone")
    tasks = session.scalars(select(ContactTask)).all()
    orders = {o.id: o for o in session.scalars(select(Order).where(Order.id.in_([t.order_pk for t in tasks])))}
    info = order_info(session, list(orders))
    events: dict[int, list[str]] = {}
    for e in session.scalars(select(ContactEvent).order_by(ContactEvent.id)):
        text = f"{timeutil.short(e.at, tz, now)} " + {
            "created": "创建任务", "edited": "修改消息", "escalated": "升级处理"}.get(
            e.kind, f"{STATUS_TEXT.get(e.from_status, e.from_status)} → {STATUS_TEXT.get(e.to_status, e.to_status)}")
        if e.note:
            text += f"（{e.note}）"
        events.setdefault(e.task_id, []).append(text)
    skus = {}
    for pk, sid in session.execute(select(OrderLine.order_pk, OrderLine.sku_id)
                                   .where(OrderLine.order_pk.in_(list(orders)))):
        if sid:
            skus.setdefault(pk, []).append(sid)
    out = []
    for t in tasks:
        o = orders[t.order_pk]
        i = info.get(o.id, {})
        out.append(TaskView(task_id=t.id, order_pk=o.id, platform=o.platform, order_id=o.order_id, reason=t.reason,
                            template=t.template, message=t.message, status=t.status, due=t.due_at,
                            outcome=t.outcome, created_at=t.created_at, sent_at=t.sent_at,
                            resolved_at=t.resolved_at, escalated=t.escalated_at is not None,
                            buyer=i.get("buyer", ""), product=i.get("product", ""), sku_ids=skus.get(o.id, []),
                            history=events.get(t.id, []), customer_history=customer_history(session, o, tz)))
    rank = {"todo": 0, "sent": 1, "replied": 2, "resolved": 3}
    far = now + timedelta(days=3650)
    out.sort(key=lambda v: (rank.get(v.status, 9), v.due or far, v.order_id))
    return out

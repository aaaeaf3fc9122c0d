"""The incident playbook, in order: 1) take the listing down / set the stock in the platform's back
office, 2) hold shipping for these orders, 3) tell every buyer (one task per order in the contact
queue, message from the template 价格标错说明, sent in bulk), 4) record each outcome.

Steps 1 and 2 happen outside the app: it says where, and keeps when the seller marked them done.
Steps 3 and 4 are the contact queue's tasks of the incident's orders, counted here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select

from app.chunks import in_chunks
from app.contact import templates as tpl
from app.store.models import ContactEvent, ContactTask, Incident, IncidentOrder, Order
from app.text import N_, label, platform_name, t

TEMPLATE = "价格标错说明"
REASON = "incident"
# where the seller stops the bleeding, per platform (the back office's own menu names)
LISTING_WHERE = {
    "douyin": N_("Douyin back office (抖店) → Products → Product management: take the product off sale, or set its stock to 0"),
    "taobao": N_("Qianniu seller centre (千牛) → Products → My items: take the item off sale, or correct its price and stock"),
    "tmall": N_("Qianniu seller centre (千牛) → Products → My items: take the item off sale, or correct its price and stock"),
    "pdd": N_("Pinduoduo merchant back office → Product management → Product list: take it off sale or set its stock"),
    "kuaishou": N_("Kuaishou shop back office → Products → Product management: take it off sale or set its stock"),
    "tiktok": N_("TikTok Shop Seller Center → Products → Manage products: deactivate it or set its stock to 0"),
}
HOLD_NOTE = N_("Hold: incident #{id}, do not ship before the buyer has answered")


@dataclass
class Progress:
    tasks: int  # buyers to tell (open orders with a task)
    told: int  # message sent (or further)
    settled: int  # outcome recorded
    outcomes: dict[str, int]


def listing_where(platform: str) -> str:
    src = LISTING_WHERE.get(platform)
    return label(src) if src else t("the {platform} back office: take the product off sale or set its stock",
                                    platform=platform_name(platform))


def hold_where(platform: str) -> str:
    return t("In the {platform} back office and your label-printing software, flag these orders “do not ship” "
             "so nobody prints them", platform=platform_name(platform))


def open_pks(session, incident_id: int) -> list[int]:
    return list(session.scalars(select(IncidentOrder.order_pk).join(Order, Order.id == IncidentOrder.order_pk)
                                .where(IncidentOrder.incident_id == incident_id, Order.status == "unshipped")
                                .order_by(Order.paid_at, Order.id)))


def buyer_reason(inc: Incident, facts: dict) -> str:
    """The cause as the buyer reads it (Chinese buyer-facing wording lives in the template data)."""
    from app import money

    text = tpl.data().get("incident_reasons", {}).get(inc.kind) or tpl.reason_text("manual")
    paid = money.fmt(facts.get("unit_price") or 0, fen=True)
    usual = money.fmt(facts.get("usual") or 0, fen=True)
    return text.replace("{paid_price}", paid).replace("{usual_price}", usual)


def ensure_tasks(session, inc: Incident, now: datetime, settings: dict, risk_by_pk: dict | None = None) -> int:
    """One contact task per open order of a price error, its message explaining the choices; an
    untouched task the order already had switches to that message. Returns tasks created."""
    if inc.kind != "price_drop":
        return 0  # a flood at the usual price: the queue's own stock-short tasks tell those buyers
    import json

    from app.contact.service import Context, fill

    pks = open_pks(session, inc.id)
    # plain rows first: on a steady evaluation every task exists already and nothing is loaded
    existing = {r.order_pk: r for part in in_chunks(pks) for r in session.execute(
        select(ContactTask.order_pk, ContactTask.id, ContactTask.status, ContactTask.template, ContactTask.sent_at)
        .where(ContactTask.order_pk.in_(part)))}
    todo = [pk for pk in pks if pk not in existing or (existing[pk].status == "todo" and existing[pk].sent_at is None
                                                       and existing[pk].template != TEMPLATE)]
    if not todo:
        return 0
    ctx = Context(session, todo, now, settings)
    reason = buyer_reason(inc, json.loads(inc.facts or "{}"))
    rows, switched = [], 0
    for pk in todo:
        order = ctx.orders.get(pk)
        if order is None:
            continue
        r = (risk_by_pk or {}).get(pk)
        ship_by = r.ship_by if r is not None else now
        _name, fields, new_date = fill(ctx, order, "manual", ship_by=ship_by, template=TEMPLATE)
        fields["reason"] = reason
        message = tpl.render(TEMPLATE, order.platform, fields, settings)
        if pk not in existing:  # kept as written: the queue's refresh must not swap it for a late-shipment apology
            rows.append({"order_pk": pk, "reason": REASON, "template": TEMPLATE, "message": message,
                         "message_edited": True, "status": "todo", "created_at": now, "due_at": ship_by,
                         "new_ship_date": new_date})
        else:
            task = session.get(ContactTask, existing[pk].id)
            task.reason, task.template, task.message, task.message_edited = REASON, TEMPLATE, message, True
            session.add(ContactEvent(task_id=task.id, at=now, kind="edited",
                                     note=t("Switched to template “{name}”", name=TEMPLATE)))
            switched += 1
    if rows:
        from app.evaluation import journal

        session.execute(insert(ContactTask), rows)
        journal.record(session, "task", [r["order_pk"] for r in rows], now)
        ids = {}
        for part in in_chunks([r["order_pk"] for r in rows]):
            ids.update(session.execute(select(ContactTask.order_pk, ContactTask.id)
                                       .where(ContactTask.order_pk.in_(part))).all())
        note = t("Incident #{id}: tell the buyer before anything ships", id=inc.id)
        session.execute(insert(ContactEvent), [{"task_id": ids[r["order_pk"]], "at": now, "kind": "created",
                                                "from_status": None, "to_status": "todo", "note": note} for r in rows])
    return len(rows)


def drop_unsent_tasks(session, incident_id: int) -> int:
    """Dismissed: the incident's messages nobody sent are not needed."""
    from app.evaluation import journal

    pks = select(IncidentOrder.order_pk).where(IncidentOrder.incident_id == incident_id)
    journal.record(session, "task", session.scalars(pks).all())
    return session.execute(delete(ContactTask).where(ContactTask.order_pk.in_(pks), ContactTask.reason == REASON,
                                                     ContactTask.status == "todo", ContactTask.sent_at.is_(None))
                           ).rowcount or 0


def tasks(session, incident_id: int) -> list[tuple[int, str, str, str, str | None]]:
    """(task id, order id, status, message, outcome) of the incident's open orders, oldest order first."""
    return session.execute(
        select(ContactTask.id, Order.order_id, ContactTask.status, ContactTask.message, ContactTask.outcome)
        .join(Order, Order.id == ContactTask.order_pk)
        .join(IncidentOrder, IncidentOrder.order_pk == Order.id)
        .where(IncidentOrder.incident_id == incident_id).order_by(Order.paid_at, Order.id)).all()


def progress(session, incident_id: int) -> Progress:
    rows = tasks(session, incident_id)
    outcomes: dict[str, int] = {}
    for *_, outcome in rows:
        if outcome:
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return Progress(len(rows), sum(r[2] != "todo" for r in rows), sum(r[2] == "resolved" for r in rows), outcomes)


def bulk_text(session, incident_id: int) -> tuple[int, str]:
    """Every message not yet sent, one block per order, to paste one after another."""
    rows = session.execute(
        select(Order.order_id, Order.buyer, Order.recipient, ContactTask.message)
        .join(ContactTask, ContactTask.order_pk == Order.id)
        .join(IncidentOrder, IncidentOrder.order_pk == Order.id)
        .where(IncidentOrder.incident_id == incident_id, ContactTask.status == "todo", Order.status == "unshipped")
        .order_by(Order.paid_at, Order.id)).all()
    blocks = [t("[Order {order_id} · {buyer}]", order_id=oid, buyer=" ".join(x for x in (b, r) if x)) + f"\n{m}"
              for oid, b, r, m in rows]
    return len(blocks), "\n\n".join(blocks)


def mark_all_sent(session, incident_id: int, now: datetime) -> int:
    from app.contact.service import transition

    ids = [tid for tid, _o, status, _m, _out in tasks(session, incident_id) if status == "todo"]
    for tid in ids:
        transition(session, tid, "sent", now, note=t("Sent in bulk from the incident view"))
    return len(ids)


def record_outcome(session, task_ids: list[int], outcome: str, now: datetime) -> int:
    from app.contact.service import transition

    n = 0
    for tid in task_ids:
        task = session.get(ContactTask, tid)
        if task is not None and task.status != "resolved":
            transition(session, tid, "resolved", now, outcome=outcome)
            n += 1
    return n


def mark_step(session, incident_id: int, step: str, now: datetime, done: bool = True) -> None:
    """Step 1 (``listing``) or 2 (``hold``) done; holding also notes it on every open order."""
    inc = session.get(Incident, incident_id)
    if inc is None:
        raise ValueError(t("Incident not found"))
    if step == "listing":
        inc.listing_done_at = now if done else None
        return
    inc.hold_done_at = now if done else None
    note = label(HOLD_NOTE, id=incident_id)
    for part in in_chunks(open_pks(session, incident_id)):
        for order in session.scalars(select(Order).where(Order.id.in_(part))):
            if done and note not in (order.local_note or ""):
                order.local_note = f"{order.local_note}\n{note}" if order.local_note else note
            elif not done and order.local_note:
                order.local_note = order.local_note.replace(note, "").strip() or None


@dataclass
class AffectedOrder:
    order_pk: int
    platform: str
    order_id: str
    paid_at: datetime | None
    status: str  # the order's: unshipped | shipped | completed | closed
    buyer: str
    amount_fen: int
    task_id: int | None
    task_status: str | None
    outcome: str | None


def affected(session, incident_id: int) -> list[AffectedOrder]:
    """The incident's orders with their contact task, oldest payment first (the view's table)."""
    rows = session.execute(
        select(Order.id, Order.platform, Order.order_id, Order.paid_at, Order.status, Order.buyer, Order.recipient,
               Order.amount_paid_fen, ContactTask.id, ContactTask.status, ContactTask.outcome)
        .join(IncidentOrder, IncidentOrder.order_pk == Order.id)
        .outerjoin(ContactTask, ContactTask.order_pk == Order.id)
        .where(IncidentOrder.incident_id == incident_id).order_by(Order.paid_at, Order.id)).all()
    return [AffectedOrder(pk, plat, oid, paid, st, buyer or rec or "", amount or 0, tid, tst, out)
            for pk, plat, oid, paid, st, buyer, rec, amount, tid, tst, out in rows]

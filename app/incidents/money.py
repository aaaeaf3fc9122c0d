"""The money at stake in an incident, kept with its facts: what shipping every open order would
lose against the cost (or, cost unknown, the usual price), and what the platforms deduct if they are
cancelled or go unshipped — the rule tables' 缺货 estimate per order, summed."""

from __future__ import annotations

import json

from sqlalchemy import select

from app.store.models import IncidentOrder, Order, OrderLine, Sku

MONEY_KEYS = ("loss_cost", "loss_usual", "penalty", "exposure", "open_orders")


def open_lines(session, inc) -> list[tuple[int, int, int, int, int]]:
    """(order pk, quantity, amount fen, unit price fen, cost fen) of the incident SKU's open lines."""
    sku_col = OrderLine.sku_id == inc.sku_id if inc.sku_id is not None else OrderLine.sku_code == inc.sku_code
    return session.execute(
        select(Order.id, OrderLine.quantity, OrderLine.amount_fen, OrderLine.unit_price_fen, Sku.cost_fen)
        .join(Order, Order.id == OrderLine.order_pk).outerjoin(Sku, Sku.id == OrderLine.sku_id)
        .join(IncidentOrder, IncidentOrder.order_pk == Order.id)
        .where(IncidentOrder.incident_id == inc.id, Order.status == "unshipped", sku_col)).all()


def at_stake(lines, usual: int | None, penalty_of) -> dict:
    """Hand-checkable sums in fen over open lines (pk, qty, amount, unit, cost)."""
    from app.incidents.load import paid_unit

    loss_cost = loss_usual = 0
    cost_known = True
    for _pk, qty, amount, unit, cost in lines:
        paid = paid_unit(amount, qty, unit)
        if cost:
            loss_cost += max(0, cost - paid) * qty
        else:
            cost_known = False
        if usual:
            loss_usual += max(0, usual - paid) * qty
    pks = {ln[0] for ln in lines}
    penalty = sum(penalty_of(pk) for pk in pks)
    loss = loss_cost if cost_known and lines else loss_usual
    return {"loss_cost": loss_cost if cost_known else None, "loss_usual": loss_usual, "penalty": penalty,
            "exposure": max(loss, penalty), "open_orders": len(pks)}


def store_money(session, inc, risk_by_pk: dict) -> None:
    """``risk_by_pk``: this moment's risk evaluation by order pk; the 缺货 estimate is priced only
    for the incident's orders (the engine prices it lazily)."""
    facts = json.loads(inc.facts or "{}")

    def penalty_of(pk):
        r = risk_by_pk.get(pk)
        return r.penalty_stockout_fen if r is not None else 0

    lines = open_lines(session, inc)
    facts.update(at_stake(lines, facts.get("usual") if inc.kind == "price_drop" else None, penalty_of))
    inc.facts = json.dumps(facts)

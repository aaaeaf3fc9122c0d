"""The seller's stock sheet: upsert the SKU master and book counts into the ledger."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app.inventory.ledger import on_hand_by_sku
from app.store.models import Sku, StockMovement
from app.text import t


def apply_stock_sheet(session, recs: list[dict], now: datetime) -> int:
    """Counts become 'sheet' movements of (count − on hand) where they differ (and a SKU's first
    count always), so importing the same counts again books nothing; returns SKUs."""
    from app.store.session import insert_once

    have = set(session.scalars(select(Sku.code)))
    new = {r["sku_code"]: r.get("name") or r["sku_code"] for r in recs if r["sku_code"] not in have}
    if new:  # created once even when another PC imports the same sheet at this moment
        insert_once(session, Sku, [{"code": c, "name": n} for c, n in new.items()], ["code"])
        from app.evaluation import journal

        journal.record(session, "sku", session.scalars(select(Sku.id).where(Sku.code.in_(list(new)))), now)
    skus = {s.code: s for s in session.scalars(select(Sku))}
    for r in recs:
        sku = skus[r["sku_code"]]
        if r.get("name"):
            sku.name = r["name"]
        if r.get("spec"):
            sku.spec = r["spec"]
        if r.get("safety_stock") is not None:
            sku.safety_stock = r["safety_stock"]
        if r.get("lead_time_days") is not None:
            sku.lead_time_days = r["lead_time_days"]
        if r.get("cost") is not None:
            sku.cost_fen = r["cost"]  # already integer fen
        if r.get("supplier"):
            sku.supplier = r["supplier"]
    session.flush()
    on_hand = on_hand_by_sku(session)
    for r in recs:
        sku = skus[r["sku_code"]]
        delta = r["counted"] - on_hand.get(sku.id, 0)
        # a SKU's first count is booked even at zero: the history then shows where it started
        if delta or sku.id not in on_hand:
            session.add(StockMovement(sku_id=sku.id, kind="sheet", delta=delta, counted=r["counted"], at=now,
                                      reason=t("Stock sheet import")))
            on_hand[sku.id] = r["counted"]
    return len({r["sku_code"] for r in recs})

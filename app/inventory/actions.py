"""Writes to the stock ledger and the SKU master: stocktake, adjustment, purchases and goods
received, SKU edits, substitutes, bundle components and platform aliases.

On-hand is never edited in place: every change is a new ``StockMovement`` with a reason and a
time, so the history explains every figure. Functions raise ``ValueError`` with a message a
seller understands; the caller's session then rolls back and nothing changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from app import money
from app.inventory.ledger import book_shipments, on_hand_by_sku, resolve_lines
from app.store.models import BundleComponent, PurchaseOrder, Sku, SkuAlias, SkuSubstitute, StockMovement
from app.text import join, t


@dataclass(slots=True)
class CountDiff:
    sku_id: int
    before: int
    counted: int

    @property
    def delta(self) -> int:
        return self.counted - self.before


def _need_reason(reason: str | None) -> str:
    r = (reason or "").strip()
    if not r:
        raise ValueError(t("Please give a reason: every stock change needs one"))
    return r[:255]


def _sku(session, sku_id: int) -> Sku:
    sku = session.get(Sku, sku_id)
    if sku is None:
        raise ValueError(t("SKU #{id} does not exist", id=sku_id))
    return sku


def count_differences(session, counts: dict[int, int]) -> list[CountDiff]:
    """What a stocktake would change: system on-hand against the counted quantity."""
    on_hand = on_hand_by_sku(session)
    return [CountDiff(sku_id, on_hand.get(sku_id, 0), int(c)) for sku_id, c in counts.items()]


def stocktake(session, counts: dict[int, int], reason: str, now: datetime, note: str | None = None
              ) -> list[CountDiff]:
    """Book a 盘点: one 'stocktake' movement per counted SKU (a zero difference is booked too,
    so the history shows the SKU was counted and found right)."""
    reason = _need_reason(reason)
    for sku_id, c in counts.items():
        if c is None or int(c) < 0:
            raise ValueError(t("{sku}: a counted quantity cannot be negative", sku=_sku(session, sku_id).code))
        _sku(session, sku_id)
    diffs = count_differences(session, counts)
    for d in diffs:
        session.add(StockMovement(sku_id=d.sku_id, kind="stocktake", delta=d.delta, counted=d.counted, at=now,
                                  reason=reason, note=note or None))
    session.flush()
    return diffs


def adjust(session, sku_id: int, delta: int, reason: str, now: datetime, note: str | None = None) -> int:
    """A manual adjustment (报损, 退货入库…); returns the new on-hand."""
    reason = _need_reason(reason)
    sku = _sku(session, sku_id)
    if not delta:
        raise ValueError(t("The adjustment cannot be 0"))
    before = on_hand_by_sku(session).get(sku_id, 0)
    if before + delta < 0:
        raise ValueError(t("{sku}: only {on_hand} on hand, cannot take away {n}", sku=sku.code, on_hand=before,
                           n=-delta))
    session.add(StockMovement(sku_id=sku_id, kind="adjust", delta=int(delta), at=now, reason=reason,
                              note=note or None))
    session.flush()
    return before + delta


def create_purchase(session, sku_id: int, quantity: int, now: datetime, expected_at: datetime | None = None,
                    supplier: str | None = None) -> int:
    """An open purchase: counted as incoming until received."""
    sku = _sku(session, sku_id)
    if quantity <= 0:
        raise ValueError(t("The purchase quantity must be more than 0"))
    po = PurchaseOrder(sku_id=sku_id, quantity=int(quantity), expected_at=expected_at,
                       supplier=(supplier or sku.supplier or None), received=False, created_at=now)
    session.add(po)
    session.flush()
    return po.id


def order_suggestions(session, stock: list, now: datetime) -> list[int]:
    """One open purchase per SKU with a suggested order (from the stock report ``stock``), for the
    suggested quantity, from the SKU's supplier, expected after its lead time; one transaction."""
    skus = {s.id: s for s in session.scalars(select(Sku))}
    ids = []
    for st in stock:
        sku = skus.get(st.sku_id)
        if sku is None or st.suggested_order <= 0 or st.bundle:
            continue
        ids.append(create_purchase(session, sku.id, st.suggested_order, now,
                                   now + timedelta(days=sku.lead_time_days), sku.supplier))
    return ids


def receive_purchase(session, po_id: int, quantity: int, now: datetime, note: str | None = None) -> int:
    """Goods arrived: book the quantity actually received and close the purchase."""
    po = session.get(PurchaseOrder, po_id)
    if po is None or po.received:
        raise ValueError(t("This purchase was already received or does not exist"))
    if quantity < 0:
        raise ValueError(t("The quantity received cannot be negative"))
    if quantity:
        reason = (t("Purchase received (ordered {ordered}, received {received})", ordered=po.quantity,
                    received=quantity) if quantity != po.quantity else t("Purchase received"))
        session.add(StockMovement(sku_id=po.sku_id, kind="received", delta=int(quantity), at=now, reason=reason,
                                  note=note or None))
    po.received = True
    session.flush()
    return po.sku_id


def receive_goods(session, sku_id: int, quantity: int, now: datetime, supplier: str | None = None,
                  note: str | None = None) -> None:
    """Goods received without an open purchase (bought at the market, returned by a supplier…)."""
    _sku(session, sku_id)
    if quantity <= 0:
        raise ValueError(t("The quantity received must be more than 0"))
    reason = t("Goods received ({supplier})", supplier=supplier) if supplier else t("Goods received")
    session.add(StockMovement(sku_id=sku_id, kind="received", delta=int(quantity), at=now, reason=reason[:255],
                              note=note or None))
    session.flush()


def cancel_purchase(session, po_id: int) -> None:
    po = session.get(PurchaseOrder, po_id)
    if po is None or po.received:
        raise ValueError(t("This purchase was already received or does not exist"))
    session.delete(po)
    session.flush()


# -- SKU master ------------------------------------------------------------------
SKU_FIELDS = ("name", "spec", "cost", "safety_stock", "lead_time_days", "supplier", "active")


def save_sku(session, values: dict, sku_id: int | None = None) -> int:
    """Create (sku_id None, values has 'code') or update a SKU; substitutes as a list of codes,
    components (a set) as [(code, quantity)] or the text the editor takes."""
    if sku_id is None:
        code = (values.get("code") or "").strip()
        if not code:
            raise ValueError(t("Please enter the SKU code"))
        if session.scalar(select(Sku.id).where(Sku.code == code)) is not None:
            raise ValueError(t("SKU code {code} already exists", code=code))
        sku = Sku(code=code, name=code)
        session.add(sku)
    else:
        sku = _sku(session, sku_id)
    for f in ("safety_stock", "lead_time_days"):
        if f in values and (values[f] is None or int(values[f]) < 0):
            raise ValueError(t("Safety stock and lead time cannot be negative"))
    if "name" in values:
        sku.name = (values["name"] or "").strip() or sku.code
    if "spec" in values:
        sku.spec = (values["spec"] or "").strip() or None
    if "cost" in values:
        sku.cost_fen = money.to_fen(values["cost"] or 0)
    if "safety_stock" in values:
        sku.safety_stock = int(values["safety_stock"])
    if "lead_time_days" in values:
        sku.lead_time_days = int(values["lead_time_days"])
    if "supplier" in values:
        sku.supplier = (values["supplier"] or "").strip() or None
    if "active" in values:
        sku.active = bool(values["active"])
    session.flush()
    if "substitutes" in values:
        set_substitutes(session, sku.id, values["substitutes"])
    if "components" in values:
        comps = values["components"]
        set_components(session, sku.id, parse_components(comps) if isinstance(comps, str) else comps)
    return sku.id


def parse_components(text: str) -> list[tuple[str, int]]:
    """'SS01-01×1, SS02-01*2, BOX2 x3' (全角逗号 too; a code alone means 1) → [(code, quantity)]."""
    out = []
    for part in re.split(r"[,，;；\n]+", text or ""):
        part = part.strip()
        if not part:
            continue
        # "x" only counts after a space: a code like "BOX2" stays whole
        m = re.fullmatch(r"(.+?)(?:\s*[×*]\s*(\d+)|\s+[xX]\s*(\d+))?", part)
        code, qty = m.group(1).strip(), int(m.group(2) or m.group(3) or 1)
        if qty <= 0:
            raise ValueError(t("The quantity of component {code} must be more than 0", code=code))
        out.append((code, qty))
    return out


def set_components(session, sku_id: int, components: list[tuple[str, int]]) -> None:
    """Make a SKU a bundle of these components (empty: an ordinary SKU again)."""
    ids = dict(session.execute(select(Sku.code, Sku.id)).all())
    missing = [c for c, _ in components if c not in ids]
    if missing:
        raise ValueError(t("Component SKU not found: {codes}", codes=join(missing)))
    if any(ids[c] == sku_id for c, _ in components):
        raise ValueError(t("A bundle cannot contain itself"))
    nested = session.scalars(select(BundleComponent.bundle_id).where(
        BundleComponent.bundle_id.in_([ids[c] for c, _ in components]))).first()
    if nested is not None:
        raise ValueError(t("A component cannot itself be a bundle"))
    session.execute(delete(BundleComponent).where(BundleComponent.bundle_id == sku_id))
    from app.evaluation import journal

    journal.record(session, "all")  # which SKUs an order's lines take moved: everything again
    merged: dict[int, int] = {}
    for c, q in components:
        merged[ids[c]] = merged.get(ids[c], 0) + int(q)
    for cid, q in merged.items():
        session.add(BundleComponent(bundle_id=sku_id, component_id=cid, quantity=q))
    _sku(session, sku_id).is_bundle = bool(merged)
    session.flush()


def set_substitutes(session, sku_id: int, codes: list[str]) -> None:
    """Replace the substitutes of a SKU, in the order given (first = offered first)."""
    ids = dict(session.execute(select(Sku.code, Sku.id)).all())
    missing = [c for c in codes if c not in ids]
    if missing:
        raise ValueError(t("Substitute SKU not found: {codes}", codes=join(missing)))
    session.execute(delete(SkuSubstitute).where(SkuSubstitute.sku_id == sku_id))
    from app.evaluation import journal

    journal.record(session, "sku", [sku_id])  # the stock-short messages name substitutes
    seen = set()
    for rank, code in enumerate(codes):
        sid = ids[code]
        if sid == sku_id or sid in seen:
            continue
        seen.add(sid)
        session.add(SkuSubstitute(sku_id=sku_id, substitute_id=sid, rank=rank))
    session.flush()


def map_lines(session, platform: str, sku_id: int, *, sku_code: str | None = None, product: str | None = None,
              spec: str | None = None, all_platforms: bool = False) -> int:
    """Save an alias (platform code, or product + spec when the line has no code) and map every
    line it matches; returns the number of order lines mapped."""
    _sku(session, sku_id)
    plat = "*" if all_platforms else platform
    if sku_code:
        key = {"platform": plat, "platform_code": sku_code, "product": None, "spec": None}
    elif product:
        key = {"platform": plat, "platform_code": None, "product": product, "spec": spec or ""}
    else:
        raise ValueError(t("This order line has neither a SKU code nor a product name: nothing to remember it by"))
    alias = session.scalar(select(SkuAlias).filter_by(**key))
    if alias is None:
        session.add(SkuAlias(sku_id=sku_id, **key))
    else:
        alias.sku_id = sku_id
    session.flush()
    mapped = resolve_lines(session)
    book_shipments(session)  # lines shipped since the last count now take their stock
    return mapped

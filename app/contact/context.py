"""What filling contact messages needs, loaded once per refresh or listing (set-based: no query
per task): the orders, their lines, and on demand the stock, purchases and substitutes."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.chunks import in_chunks
from app.inventory.ledger import bundle_map, on_hand_by_sku, reserved_by_sku
from app.store.models import Order, OrderLine, PurchaseOrder, Sku, SkuSubstitute

ORDER_COLS = (Order.id, Order.platform, Order.order_id, Order.status, Order.order_type, Order.buyer,
              Order.recipient, Order.phone_masked, Order.province, Order.city)
LINE_COLS = (OrderLine.id, OrderLine.order_pk, OrderLine.sku_id, OrderLine.product, OrderLine.spec,
             OrderLine.quantity)


class Context:
    """What filling messages needs, loaded once per refresh (set-based: no query per task)."""

    def __init__(self, session, order_pks, now: datetime, settings: dict | None, data=None, like=None):
        """``data``: this refresh's one read (app/snapshot.py ShopData): the open orders, their lines
        and the stock figures come from it; only the others (shipped, closed) are read here.
        ``like``: the context of the round before, in a refresh made in rounds: its stock figures."""
        self.now, self.settings = now, settings or {}
        self.tz = self.settings.get("timezone")
        self._data = data
        # plain rows, not ORM objects: a busy shop has tens of thousands of tasks
        self.orders = {}
        self.lines: dict[int, list] = defaultdict(list)
        if data is not None:
            known, known_lines, rest = data.orders, data.lines, []
            for pk in order_pks:
                o = known.get(pk)
                if o is None:
                    rest.append(pk)
                    continue
                self.orders[pk] = o
                if pk in known_lines:
                    self.lines[pk] = known_lines[pk]
            order_pks = rest
        for chunk in in_chunks(order_pks):
            self.orders.update((o.id, o) for o in session.execute(select(*ORDER_COLS).where(Order.id.in_(chunk))))
            for ln in session.execute(select(*LINE_COLS).where(OrderLine.order_pk.in_(chunk)).order_by(OrderLine.id)):
                self.lines[ln.order_pk].append(ln)
        self._session = session
        self._stock = like._stock if like is not None else None

    def _load_stock(self):
        if self._stock is None:
            s, data = self._session, self._data
            on_hand, reserved = (data.on_hand, data.reserved) if data is not None else (on_hand_by_sku(s),
                                                                                         reserved_by_sku(s))
            eta = dict(s.execute(select(PurchaseOrder.sku_id, func.min(PurchaseOrder.expected_at))
                                 .where(PurchaseOrder.received.is_(False), PurchaseOrder.expected_at.is_not(None))
                                 .group_by(PurchaseOrder.sku_id)).all())
            subs: dict[int, list[int]] = defaultdict(list)
            for sid, sub in s.execute(select(SkuSubstitute.sku_id, SkuSubstitute.substitute_id)
                                      .order_by(SkuSubstitute.sku_id, SkuSubstitute.rank, SkuSubstitute.substitute_id)):
                subs[sid].append(sub)
            skus = {k.id: k for k in s.execute(select(Sku.id, Sku.code, Sku.name, Sku.spec, Sku.lead_time_days,
                                                        Sku.active))}
            self._stock = (on_hand, reserved, eta, subs, skus, data.bundles if data is not None else bundle_map(s))
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


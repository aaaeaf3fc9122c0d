"""What ``svc.inventory`` offers: one named method per stock-ledger write and SKU read.

Each method is one short transaction over app/inventory/actions.py (writes) or detail.py (reads),
named so a reader (or go-to-definition) lands on the function that does the work.
"""

from __future__ import annotations

from datetime import date, datetime

from app.inventory import actions, detail
from app.inventory.actions import CountDiff
from app.inventory.detail import Movement, OpenPurchase, SkuInfo, Unmatched


class InventoryService:
    def __init__(self, store):
        self.store = store

    def _run(self, fn, *args, **kw):
        # a ValueError from the core rolls the session back: nothing of a refused write is kept
        with self.store.session() as s:
            return fn(s, *args, **kw)

    # -- writes: the stock ledger (app/inventory/actions.py) --------------------------------------
    def stocktake(self, counts: dict[int, int], reason: str, now: datetime, note: str | None = None
                  ) -> list[CountDiff]:
        """Book a 盘点: one 'stocktake' movement per counted SKU."""
        return self._run(actions.stocktake, counts, reason, now, note)

    def adjust(self, sku_id: int, delta: int, reason: str, now: datetime, note: str | None = None) -> int:
        """A manual adjustment (报损, 退货入库…); returns the new on-hand."""
        return self._run(actions.adjust, sku_id, delta, reason, now, note)

    def create_purchase(self, sku_id: int, quantity: int, now: datetime, expected_at: datetime | None = None,
                        supplier: str | None = None) -> int:
        """An open purchase, counted as incoming until received; returns its id."""
        return self._run(actions.create_purchase, sku_id, quantity, now, expected_at, supplier)

    def order_suggestions(self, stock: list, now: datetime) -> list[int]:
        """One open purchase per SKU with a suggested order in ``stock`` (the stock report)."""
        return self._run(actions.order_suggestions, stock, now)

    def receive_purchase(self, po_id: int, quantity: int, now: datetime, note: str | None = None) -> int:
        """Goods of an open purchase arrived: book what was received and close it."""
        return self._run(actions.receive_purchase, po_id, quantity, now, note)

    def receive_goods(self, sku_id: int, quantity: int, now: datetime, supplier: str | None = None,
                      note: str | None = None) -> None:
        """Goods received without an open purchase."""
        return self._run(actions.receive_goods, sku_id, quantity, now, supplier, note)

    def cancel_purchase(self, po_id: int) -> None:
        return self._run(actions.cancel_purchase, po_id)

    # -- writes: the SKU master and platform aliases ------------------------------------------------
    def save_sku(self, values: dict, sku_id: int | None = None) -> int:
        """Create (``sku_id`` None) or update a SKU; returns its id."""
        return self._run(actions.save_sku, values, sku_id)

    def map_lines(self, platform: str, sku_id: int, *, sku_code: str | None = None, product: str | None = None,
                  spec: str | None = None, all_platforms: bool = False) -> int:
        """Save an alias and map every order line it matches; returns the number of lines mapped."""
        return self._run(actions.map_lines, platform, sku_id, sku_code=sku_code, product=product, spec=spec,
                         all_platforms=all_platforms)

    # -- reads (app/inventory/detail.py) ----------------------------------------------------------
    def sku_info(self, sku_id: int) -> SkuInfo:
        return self._run(detail.sku_info, sku_id)

    def all_skus(self, bundles=None) -> list[SkuInfo]:
        """Every SKU, inactive ones too; ``bundles``: the bundle map a refresh read already."""
        return self._run(detail.all_skus, bundles)

    def movements(self, sku_id: int, limit: int = 200, tz: str | None = None) -> list[Movement]:
        """Newest first, each with the running on-hand after it."""
        return self._run(detail.movements, sku_id, limit, tz)

    def history_series(self, sku_id: int, now: datetime, tz: str | None, days: int = 30
                       ) -> list[tuple[date, int]]:
        """Closing on-hand per day over the last ``days`` days, for the stock chart."""
        return self._run(detail.history_series, sku_id, now, tz, days)

    def substitutes(self, sku_id: int) -> list[tuple[str, str, str | None]]:
        return self._run(detail.substitutes, sku_id)

    def open_purchases(self) -> list[OpenPurchase]:
        return self._run(detail.open_purchases)

    def unmatched(self) -> list[Unmatched]:
        """Order lines no SKU claims, grouped by what the line says."""
        return self._run(detail.unmatched)

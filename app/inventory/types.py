"""Per-SKU stock figures, shared by the inventory service, alerts, CLI and UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

STATUSES = ("oversold", "out", "low", "normal")  # most urgent first
# their words and the movements' kinds: app/labels.py (STOCK_STATES, MOVEMENTS), one map for tab and exports


@dataclass(slots=True)
class SkuStock:
    sku_id: int
    sku: str
    name: str
    spec: str | None
    on_hand: int
    reserved: int
    available: int
    incoming: int
    status: str  # one of STATUSES
    daily_sales: Decimal
    days_of_cover: Decimal | None  # None: no sales, cover unbounded
    reorder_point: int
    suggested_order: int
    stockout_date: date | None
    reasons: list[str] = field(default_factory=list)
    bundle: bool = False  # a set made of components: no shelf, no purchase of its own

    def to_json(self) -> dict:
        return {
            "sku": self.sku,
            "name": self.name,
            "spec": self.spec,
            "on_hand": self.on_hand,
            "reserved": self.reserved,
            "available": self.available,
            "incoming": self.incoming,
            "status": self.status,
            "daily_sales": f"{self.daily_sales:.2f}",
            "days_of_cover": None if self.days_of_cover is None else f"{self.days_of_cover:.1f}",
            "reorder_point": self.reorder_point,
            "suggested_order": self.suggested_order,
            "stockout_date": self.stockout_date.isoformat() if self.stockout_date else None,
            "reasons": self.reasons,
        }

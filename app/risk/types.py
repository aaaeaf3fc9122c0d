"""What the risk engine hands to the contact queue, alerts, the CLI and the UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from app import money, timeutil

LEVELS = ("overdue", "critical", "warning", "ok")  # most urgent first


@dataclass(slots=True)
class OrderRisk:
    order_pk: int
    platform: str
    order_id: str
    ship_by: datetime  # aware
    level: str  # one of LEVELS
    stock_short: bool
    short_units: int
    stop_ship: bool
    penalty_estimate: Decimal  # if it ships late / now
    penalty_stockout: Decimal  # if it becomes a 缺货 case
    rule: str  # e.g. "douyin/发货超时/2026-08-10"
    rule_verified: bool
    amount_paid: Decimal
    paid_at: datetime | None
    reasons: list[str] = field(default_factory=list)

    def to_json(self, tz: str) -> dict:
        return {
            "platform": self.platform,
            "order_id": self.order_id,
            "ship_by": timeutil.iso(self.ship_by, tz),
            "level": self.level,
            "stock_short": self.stock_short,
            "short_units": self.short_units,
            "stop_ship": self.stop_ship,
            "penalty_estimate": money.fmt(self.penalty_estimate),
            "penalty_stockout": money.fmt(self.penalty_stockout),
            "rule": self.rule,
            "rule_verified": self.rule_verified,
            "reasons": self.reasons,
        }

"""What the risk engine hands to the contact queue, alerts, the CLI and the UI."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from app import money, timeutil

LEVELS = ("overdue", "critical", "warning", "ok")  # most urgent first

_FIELDS = ("order_pk", "platform", "order_id", "ship_by", "level", "stock_short", "short_units", "stop_ship",
           "penalty_estimate", "penalty_stockout", "rule", "rule_verified", "amount_paid", "paid_at", "reasons")


def _as_yuan(v: Decimal | int) -> Decimal:
    if v.__class__ is not int:
        return v
    from app.risk.penalties import fen_to_decimal

    return fen_to_decimal(v)


def _as_fen(v: Decimal | int) -> int:
    return v if v.__class__ is int else int(v * 100)


def _as_datetime(v: datetime | float | None) -> datetime | None:
    return v if v is None or v.__class__ is datetime else datetime.fromtimestamp(v, UTC)


class OrderRisk:
    """One open order's risk.

    The engine fills the cheap raw forms (epoch seconds, integer fen) and ``why``, an object whose
    ``reasons(risk)`` writes the reasons from the facts kept in the ``_f*`` slots; datetimes,
    Decimals and the reason texts are made on first access. At 100k orders that is most of the
    evaluation's cost, and the tab reads them for the visible and selected rows only. (Facts live
    in slots, not a tuple, so that the garbage collector has one object per order to scan.)
    Constructed with ready values (datetimes, Decimals, a reasons list) it behaves the same."""

    __slots__ = ("order_pk", "platform", "order_id", "_ship_by", "level", "stock_short", "short_units",
                 "stop_ship", "_pen", "_pen_stock", "rule", "rule_verified", "_amount", "_paid", "_reasons",
                 "_why", "f_ship", "f_start", "f_base", "f_kind", "f_fen", "f_postage", "f_hit", "f_cap", "_tot")

    def __init__(self, *, order_pk: int, platform: str, order_id: str, ship_by: datetime | float, level: str,
                 stock_short: bool, short_units: int, stop_ship: bool, penalty_estimate: Decimal | int,
                 penalty_stockout: Decimal | int, rule: str, rule_verified: bool, amount_paid: Decimal | int,
                 paid_at: datetime | float | None, reasons: list[str] | None = None,
                 why=None, f_start: float = 0.0, f_base: float = 0.0, f_kind: int = 0, f_fen: int = 0,
                 f_postage: int = 0, f_hit: str | None = None) -> None:
        self.order_pk, self.platform, self.order_id = order_pk, platform, order_id
        self._ship_by, self.level = ship_by, level
        self.stock_short, self.short_units, self.stop_ship = stock_short, short_units, stop_ship
        self._pen, self._pen_stock = penalty_estimate, penalty_stockout  # Decimal yuan, or int fen
        self.rule, self.rule_verified = rule, rule_verified
        self._amount, self._paid = amount_paid, paid_at
        self._reasons, self._why = reasons, why
        self.f_ship = ship_by if ship_by.__class__ is not datetime else ship_by.timestamp()
        self.f_start, self.f_base, self.f_kind = f_start, f_base, f_kind
        self.f_fen, self.f_postage, self.f_hit = f_fen, f_postage, f_hit
        self.f_cap: int | None = None  # the total left to this order under a same-buyer same-day cap
        self._tot: tuple | None = None  # (level, stock_short, total fen): see penalty_total_fen

    # datetimes: aware UTC, given as epoch seconds by the engine; money: Decimal yuan, given as fen
    @property
    def ship_by(self) -> datetime:
        v = self._ship_by = _as_datetime(self._ship_by)
        return v

    @property
    def ship_ts(self) -> float:
        """ship_by as epoch seconds (cheap to sort and compare)."""
        return self.f_ship

    @property
    def paid_at(self) -> datetime | None:
        v = self._paid = _as_datetime(self._paid)
        return v

    @property
    def penalty_estimate(self) -> Decimal:
        v = self._pen = _as_yuan(self._pen)
        return v

    @property
    def penalty_stockout(self) -> Decimal:
        v = self._pen_stock = _as_yuan(self._stockout_raw())
        return v

    @property
    def rule_stockout(self) -> str:
        """The rule behind ``penalty_stockout`` (``platform/name/YYYY-MM-DD``, like ``rule``)."""
        return getattr(self._why, "stock_rule_id", "") or ""

    @property
    def rule_stockout_verified(self) -> bool:
        stock = getattr(self._why, "stock", None)
        return stock.verified if stock is not None else self.rule_verified

    @property
    def penalty_verified(self) -> bool:
        """Every charge in ``penalty_total`` comes from a verified rule."""
        counted_stock = self.stock_short or self.penalty_total_fen > self.penalty_estimate_fen
        return self.rule_verified and (self.rule_stockout_verified or not counted_stock)

    @property
    def penalty_total_fen(self) -> int:
        if self.f_cap is not None:
            return self.f_cap
        # worked out once per state: the alerts, the digest and the tab all ask; the level and the
        # shortfall are what an evaluation may still set after the first ask
        memo = self._tot
        if memo is not None and memo[0] == self.level and memo[1] == self.stock_short:
            return memo[2]
        if self._why is not None and hasattr(self._why, "total_fen"):
            v = self._why.total_fen(self)
        else:
            v = self.penalty_estimate_fen + (self.penalty_stockout_fen if self.stock_short else 0)
        self._tot = (self.level, self.stock_short, v)
        return v

    @property
    def penalty_total(self) -> Decimal:
        """The most the platform will deduct if nothing more is done, each charge counted once."""
        return _as_yuan(self.penalty_total_fen)

    @property
    def amount_paid(self) -> Decimal:
        v = self._amount = _as_yuan(self._amount)
        return v

    @property
    def penalty_estimate_fen(self) -> int:
        return _as_fen(self._pen)

    @property
    def penalty_stockout_fen(self) -> int:
        return _as_fen(self._stockout_raw())

    def _stockout_raw(self) -> Decimal | int:
        if self._pen_stock is None:  # the engine prices the 缺货 case when asked (short orders, the detail)
            self._pen_stock = self._why.stockout_fen(self)
        return self._pen_stock

    @property
    def reasons(self) -> list[str]:
        """Reasons in words, most important first (built once, on first access)."""
        if self._reasons is None:
            self._reasons = self._why.reasons(self) if self._why is not None else []
        return self._reasons

    @reasons.setter
    def reasons(self, value: list[str]) -> None:
        self._reasons = value

    def __eq__(self, other) -> bool:
        if other.__class__ is not OrderRisk:
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in _FIELDS)

    __hash__ = None  # mutable, like the dataclass it replaces

    def __repr__(self) -> str:
        return (f"OrderRisk({self.platform}:{self.order_id}, {self.level}, ship_by={self.ship_by.isoformat()}, "
                f"short={self.short_units if self.stock_short else 0}, penalty={self.penalty_estimate})")

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
            "penalty_total": money.fmt(self.penalty_total),
            "rule": self.rule,
            "rule_stockout": self.rule_stockout,
            "rule_verified": self.rule_verified,
            "rule_stockout_verified": self.rule_stockout_verified,
            "reasons": self.reasons,
        }

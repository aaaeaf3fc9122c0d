"""Penalty estimates: percent of the amount paid, clamped to [min, max], rounded per rule."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)


def pick_band(bands: list[dict], promise_hours: float, late_hours: float, amount: Decimal) -> dict:
    for b in bands:
        if "promise_max_hours" in b and promise_hours > b["promise_max_hours"]:
            continue
        if "late_max_hours" in b and late_hours > b["late_max_hours"]:
            continue
        if "amount_max" in b and amount >= Decimal(str(b["amount_max"])):
            continue
        return b
    return bands[-1]


def amount_for(band: dict, amount: Decimal, rounding: str) -> Decimal:
    if "fixed" in band:
        return Decimal(str(band["fixed"])).quantize(Decimal("0.01"))
    pct = Decimal(str(band.get("percent", 0)))
    if pct == 0:
        return Decimal("0.00")
    raw = amount * pct / 100
    raw = max(Decimal(str(band.get("min", 0))), min(Decimal(str(band.get("max", raw))), raw))
    step = Decimal(1) if rounding == "yuan" else Decimal("0.01")
    return raw.quantize(step, rounding=ROUND_HALF_UP).quantize(Decimal("0.01"))


def estimate(rule: dict, promise_hours: float, late_hours: float, amount: Decimal) -> Decimal:
    band = pick_band(rule["bands"], promise_hours, late_hours, amount)
    return amount_for(band, amount, rule.get("rounding", "cent"))

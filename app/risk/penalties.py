"""Penalty estimates: percent of the amount paid, clamped to [min, max], rounded per rule.

Exact arithmetic on integer fen and fractions (no float); the result is a ``Decimal`` in yuan.
Clamping comes before rounding (RULES.md: "clamped to [min, max] yuan, rounded as the rule says");
rounding is half-up to the rule's unit (whole 元 for Douyin, fen elsewhere).
"""

from __future__ import annotations

from decimal import Decimal

from app.risk.rules import Band, Deduction

ZERO = Decimal("0.00")
_DEC: dict[int, Decimal] = {}


def fen_to_decimal(fen: int) -> Decimal:
    """Cached: penalties take few distinct values, and Decimal construction is the hot spot."""
    d = _DEC.get(fen)
    if d is None:
        d = _DEC[fen] = (Decimal(fen) / 100).quantize(Decimal("0.01"))
    return d


def band_fen(band: Band, amount_fen: int, unit_fen: int) -> int:
    """Deduction in fen for one band."""
    n = band.pct_n
    if not n:
        return band.fixed_fen if band.percent is None else 0
    if amount_fen <= 0:
        return 0
    num, den = amount_fen * n, 100 * band.pct_d  # exact deduction in fen = num / den
    if num < band.min_fen * den:
        num, den = band.min_fen, 1
    elif band.max_fen is not None and num > band.max_fen * den:
        num, den = band.max_fen, 1
    # half-up to a multiple of unit_fen
    return (2 * num + den * unit_fen) // (2 * den * unit_fen) * unit_fen


def basis_fen(ded: Deduction, amount_paid_fen: int, postage_fen: int) -> int:
    return max(amount_paid_fen - (postage_fen or 0), 0) if ded.excl_postage else amount_paid_fen


def estimate_fen(ded: Deduction, promise_s: float, late_s: float, amount_paid_fen: int,
                 postage_fen: int = 0) -> tuple[int, Band]:
    base = basis_fen(ded, amount_paid_fen, postage_fen)
    band = ded.band(promise_s, late_s, base)
    return band_fen(band, base, ded.unit_fen), band


def estimate(ded: Deduction, promise_hours: float, late_hours: float, amount: Decimal | int | str,
             postage: Decimal | int | str = 0) -> Decimal:
    """Convenience over yuan amounts (tests, settings preview)."""
    fen = estimate_fen(ded, promise_hours * 3600, late_hours * 3600, int(Decimal(str(amount)) * 100),
                       int(Decimal(str(postage)) * 100))[0]
    return fen_to_decimal(fen)

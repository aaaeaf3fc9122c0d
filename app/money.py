"""Money is integer fen in the store and Decimal everywhere else; never float."""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def to_fen(value: Decimal | int | str) -> int:
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return int((d * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_fen(fen: int | None) -> Decimal:
    return (Decimal(fen or 0) / 100).quantize(CENT)


def fmt(value: Decimal | int | None, *, fen: bool = False) -> str:
    """Two-decimal string as the contract wants ("12.50")."""
    d = from_fen(value) if fen else Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{d:.2f}"


def short_yuan(d: Decimal) -> str:
    """¥86 for whole yuan, ¥86.50 otherwise: short enough for a notification line."""
    text = fmt(d)
    return "¥" + (text[:-3] if text.endswith(".00") else text)


@functools.lru_cache(maxsize=4096)
def short_yuan_fen(fen: int) -> str:
    """``short_yuan`` of an amount in fen: penalties take few distinct values, and tens of thousands
    of alert texts name one."""
    return short_yuan(from_fen(fen))


def parse_money(text: str) -> Decimal:
    """Parse a money cell: strips ¥/currency suffixes and thousands separators."""
    t = text.strip().replace(",", "").replace("¥", "").replace("￥", "").replace("元", "")
    # TikTok writes "129.00 THB": keep the number part
    t = t.split()[0] if t else t
    try:
        return Decimal(t)
    except (InvalidOperation, IndexError) as exc:
        raise ValueError(text) from exc

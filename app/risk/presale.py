"""Is an order a presale (预售)? One rule in two forms: the Python check and the same test in SQL.

The order's type as the platform exported it: anything mentioning 预售, or one of the English words.
"""

from __future__ import annotations

from sqlalchemy import func, or_

PRESALE_WORDS = ("presale", "pre-order", "preorder", "pre_order", "pre order")


def is_presale(order_type: str | None) -> bool:
    kind = (order_type or "").strip().lower()
    return "预售" in kind or kind in PRESALE_WORDS


def presale_sql(order_type):
    """The same test as a column expression over ``order_type`` (dialect-neutral)."""
    return or_(order_type.like("%预售%"), func.lower(func.trim(order_type)).in_(PRESALE_WORDS))

"""Earliest-deadline-first allocation of available stock to open orders, per SKU."""

from __future__ import annotations


def allocate(demands: list[tuple], on_hand: dict[int, int]) -> dict[int, int]:
    """``demands``: (ship_by, order_pk, sku_id, units) with bundles already expanded.
    Returns order_pk → units it lacks (only orders that are short)."""
    left = dict(on_hand)
    short: dict[int, int] = {}
    for _ship_by, pk, sku, units in sorted(demands, key=lambda d: (d[0], d[1])):
        have = max(left.get(sku, 0), 0)
        take = min(have, units)
        left[sku] = have - take
        if take < units:
            short[pk] = short.get(pk, 0) + units - take
    return short

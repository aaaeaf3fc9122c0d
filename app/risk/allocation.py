"""Earliest-deadline-first allocation of on-hand stock to open orders, per SKU.

Pure function over plain tuples. Each SKU is allocated independently: demands are served in
order of (deadline, tie-break), each takes what is left up to its need, and whatever it cannot
get is what it lacks. Partial cover is kept (the earlier deadline keeps the units; the order still
counts as short), so the figure matches "ship the most urgent first". Negative on-hand counts as 0.
"""

from __future__ import annotations

from collections.abc import Iterable


def allocate(demands: Iterable[tuple], on_hand: dict[int, int]) -> dict[int, int]:
    """``demands``: (deadline, order_key, sku_id, units), bundles already expanded to components;
    deadlines mutually comparable (epoch seconds or aware datetimes), ties served by order_key.
    Returns order_key → units it lacks (short orders only)."""
    return allocate_in_turn(((key, sku, units) for _deadline, key, sku, units in sorted(demands)), on_hand)


def allocate_in_turn(demands: Iterable[tuple], on_hand: dict[int, int]) -> dict:
    """``allocate`` over (order_key, sku_id, units) demands already in serving order (the risk
    engine ranks its orders once and serves them in that order, without a sort per demand)."""
    left = {k: (v if v > 0 else 0) for k, v in on_hand.items()}
    short: dict = {}
    get = left.get
    for key, sku, units in demands:
        have = get(sku, 0)
        if have >= units:
            left[sku] = have - units
            continue
        left[sku] = 0
        short[key] = short.get(key, 0) + units - have
    return short


def shorts(lines, bundles: dict[int, list[tuple[int, int]]], deadline: dict[int, float],
           on_hand: dict[int, int]) -> dict[int, int]:
    """EDF over open lines (order_pk, sku_id, quantity): bundles expanded to their components, each
    order's demand at its ``deadline`` (lines of orders not in it, or without a SKU, are skipped).
    Returns order_pk → units it lacks: the incremental tick's EDF over stored deadlines, served as
    the risk engine serves its orders (by deadline, ties by order pk)."""
    demands = []
    get = deadline.get
    for pk, sku, qty in lines:
        if sku is None:
            continue
        ship = get(pk)
        if ship is None:
            continue
        comps = bundles.get(sku)
        if comps is None:
            demands.append((ship, pk, sku, qty))
        else:
            for comp, per in comps:
                demands.append((ship, pk, comp, qty * per))
    return allocate(demands, on_hand)

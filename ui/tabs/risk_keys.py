"""The order-risk table's sort keys and checks, made for 100k rows: attrgetter over ``map`` (no
Python call per row) and no second sort of results the engine already sorted (bench/risk_tab_bench.py)."""

from __future__ import annotations

from itertools import repeat
from operator import attrgetter

_ORDER_PK, _ORDER_ID, _SHIP_TS = attrgetter("order_pk"), attrgetter("order_id"), attrgetter("ship_ts")
_TOTAL_FEN = attrgetter("penalty_total_fen")
_NO_INFO: dict = {}
# what a risk row shows of the risk itself, as its raw slots read in C (the penalty and its '*'
# are made from them; the properties would cost a Python call per row, most of a 100k refresh)
_SHOWN = attrgetter("level", "f_ship", "stock_short", "short_units", "stop_ship", "_pen", "f_cap", "rule")


def _ship_keys(rows: list) -> list[float]:
    return list(map(_SHIP_TS, rows))


def _sorted_by_deadline(risks) -> bool:
    """The engine hands results sorted by deadline already; sorting 100k again is wasted time."""
    prev = None
    for r in risks:
        t = r.ship_ts
        if prev is not None and t < prev:
            return False
        prev = t
    return True


def risk_states(rows: list) -> list:
    """What each risk row shows of the risk, one hash of it per row (states are only compared; a
    tuple kept per row costs ~120 bytes more); the order's info, the shop-rate marks and the
    countdown are repainted with every refresh (RiskTab.set_data)."""
    return list(map(hash, map(_SHOWN, rows)))


def info_keys(info: dict, rows: list, field: str) -> list[str]:
    """One display-info field of many rows (sort keys): C getters over ``map``, no call per row."""
    return [d.get(field, "") for d in map(info.get, map(_ORDER_PK, rows), repeat(_NO_INFO, len(rows)))]

"""The order-risk table's sort keys and checks, made for 100k rows: attrgetter over ``map`` (no
Python call per row) and no second sort of results the engine already sorted (bench/risk_tab_bench.py)."""

from __future__ import annotations

from itertools import repeat
from operator import attrgetter

_ORDER_PK, _ORDER_ID, _SHIP_TS = attrgetter("order_pk"), attrgetter("order_id"), attrgetter("ship_ts")
_TOTAL_FEN = attrgetter("penalty_total_fen")
_PLATFORM = attrgetter("platform")
# what a risk row shows of the risk itself (the rest is the order's info and its shop-rate mark)
_SHOWN = attrgetter("level", "f_ship", "stock_short", "short_units", "stop_ship", "penalty_total_fen",
                    "penalty_verified", "rule")
_NO_INFO: dict = {}


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


def risk_states(rows: list, info: dict, marks: dict) -> list:
    """What each risk row shows: the risk's own fields, the order's display info and its
    shop-rate mark (maps over C getters: 100k rows without a Python call each)."""
    pks = list(map(_ORDER_PK, rows))
    shown = (map(marks.get, zip(map(_PLATFORM, rows), map(_ORDER_ID, rows), strict=True)) if marks
             else repeat(None, len(rows)))
    return list(zip(map(_SHOWN, rows), map(info.get, pks), shown, strict=True))


def info_keys(info: dict, rows: list, field: str) -> list[str]:
    """One display-info field of many rows (sort keys): C getters over ``map``, no call per row."""
    return [d.get(field, "") for d in map(info.get, map(_ORDER_PK, rows), repeat(_NO_INFO, len(rows)))]

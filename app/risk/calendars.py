"""Business-day calendars per region (resources/calendars/<region>.json).

Layout: {"source": "...", "holidays": ["2026-11-26", ...]}; region lower-case (e.g. "us").
Weekends are never business days; a region without a file has no holidays.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import lru_cache

from app.paths import resource


@lru_cache(maxsize=16)
def holidays(region: str) -> frozenset[date]:
    path = resource("calendars") / f"{region.lower()}.json"
    if not path.exists():
        return frozenset()
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(date.fromisoformat(d) for d in data.get("holidays", []))


def is_business_day(d: date, region: str) -> bool:
    return d.weekday() < 5 and d not in holidays(region)


def add_business_days(d: date, n: int, region: str) -> date:
    """``n`` business days after ``d`` (``d`` itself never counts)."""
    while n > 0:
        d += timedelta(days=1)
        if is_business_day(d, region):
            n -= 1
    return d

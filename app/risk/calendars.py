"""Public-holiday calendars per region, as data: resources/calendars/<region>.json =
{"source": "...", "holidays": ["2026-11-26", ...]}. Business days are Monday–Friday minus these.
A region without a file has no holidays (weekends only)."""

from __future__ import annotations

import json
import logging
from datetime import date, timedelta
from functools import cache

from app.paths import resource

log = logging.getLogger(__name__)


@cache
def _load(region: str) -> tuple[frozenset[date], str]:
    path = resource("calendars") / f"{region.lower()}.json"
    if not path.exists():
        return frozenset(), ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return frozenset(date.fromisoformat(d) for d in data["holidays"]), str(data.get("source", ""))
    except (ValueError, KeyError, TypeError):
        log.warning("holiday calendar %s is broken; weekends only", path.name)
        return frozenset(), ""


def holidays(region: str) -> frozenset[date]:
    return _load(region)[0] if region else frozenset()


def source(region: str) -> str:
    return _load(region)[1] if region else ""


def is_business_day(d: date, region: str) -> bool:
    return d.weekday() < 5 and d not in holidays(region)


def add_business_days(d: date, n: int, region: str) -> date:
    """``n`` business days after ``d`` (a non-business ``d`` counts from the next business day)."""
    while not is_business_day(d, region):
        d += timedelta(days=1)
    added = 0
    while added < n:
        d += timedelta(days=1)
        if is_business_day(d, region):
            added += 1
    return d

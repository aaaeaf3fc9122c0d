"""Typed settings stored as JSON in the ``settings`` table, with defaults in one place.

``DEFAULTS`` is the only home of a default: the core reads a setting from the values it was given
(``all_settings()`` or a caller's partial dict) through the typed getters below, never with a
default of its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.models import Setting

DEFAULTS: dict[str, Any] = {
    "timezone": "Asia/Shanghai",
    "language": "zh_CN",  # zh_CN | en
    # risk levels, hours before ship_by
    "risk.critical_hours": 6,
    "risk.warning_hours": 24,
    # stop-ship regions (物流停发): province or city names
    "risk.stop_ship_regions": [],
    # platform pauses: [{"platform": "douyin"|"*", "from": "2026-10-01", "to": "2026-10-07"}]
    "risk.pauses": [],
    # per-platform overrides of rule numbers / promises, see app.risk.rules
    "rules.overrides": {},
    "stock.velocity_days": 30,
    "stock.review_days": 7,
    "contact.follow_up_hours": 12,
    "contact.escalate_hours": 72,
    "scheduler.interval_minutes": 5,
    "alerts.quiet_start": "23:00",
    "alerts.quiet_end": "08:00",
    "alerts.digest_time": "09:00",
    "alerts.paused_until": None,
    "alerts.last_digest": None,  # shop-local date of the last daily digest
    "ui.close_to_tray": True,
    "ui.close_to_tray_explained": False,
    "demo.offered": False,
    "demo.loaded": False,  # the shop holds the generated demo data
    "tiktok.date_order": None,  # "MDY" | "DMY" once the seller answered for an ambiguous file
    "watch.folders": None,  # watched for new exports; None = the OS's download folder, [] = none
    "stale_hours": 4,  # a platform's picture older than this is stale (status, risk tab, stale_data alert)
    "fresh.cutoff_lead_minutes": 60,  # Douyin 当日发: remind to re-export this long before the cut-off
    # shop health: the evaluation window of metrics whose platform does not publish it, {platform: days}
    "health.window_days": {},
}


def get(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    if row is None:
        return DEFAULTS.get(key)
    return json.loads(row.value)


def set_(session: Session, key: str, value: Any) -> None:
    from app.store.session import insert_once  # an upsert: two PCs saving the same key at once

    text = json.dumps(value, ensure_ascii=False)
    insert_once(session, Setting, {"key": key, "value": text}, ["key"], update={"value": text})
    row = session.get(Setting, key)
    if row is not None:  # a row this session already holds sees the new value too
        session.refresh(row)


def all_settings(session: Session) -> dict[str, Any]:
    out = dict(DEFAULTS)
    for row in session.scalars(select(Setting)):
        out[row.key] = json.loads(row.value)
    return out


# -- typed getters over a mapping of values ---------------------------------------------------
def value(values: Mapping[str, Any], key: str) -> Any:
    """``key`` from ``values``; missing or None reads as its default."""
    v = values.get(key)
    return DEFAULTS.get(key) if v is None else v


def shop_tz(values: Mapping[str, Any]) -> str:
    return value(values, "timezone") or DEFAULTS["timezone"]


def _typed(key: str, kind: Callable[[Any], Any]) -> Callable[[Mapping[str, Any]], Any]:
    def get(values: Mapping[str, Any]):
        return kind(value(values, key))

    get.__name__ = get.__qualname__ = key.rpartition(".")[2]
    get.__doc__ = f"``{key}`` as {kind.__name__} (default {DEFAULTS[key]!r})"
    return get


critical_hours = _typed("risk.critical_hours", float)
warning_hours = _typed("risk.warning_hours", float)
follow_up_hours = _typed("contact.follow_up_hours", float)
escalate_hours = _typed("contact.escalate_hours", float)
velocity_days = _typed("stock.velocity_days", int)
review_days = _typed("stock.review_days", int)


def interval_minutes(values: Mapping[str, Any]) -> int:
    return int(value(values, "scheduler.interval_minutes") or DEFAULTS["scheduler.interval_minutes"])


def clock(values: Mapping[str, Any], key: str) -> time:
    """A shop-local time of day ("23:00"); one that does not parse reads as its default."""
    try:
        return time.fromisoformat(value(values, key))
    except (TypeError, ValueError):
        return time.fromisoformat(DEFAULTS[key])

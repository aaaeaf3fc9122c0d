"""Typed settings stored as JSON in the ``settings`` table, with defaults in one place."""

from __future__ import annotations

import json
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
    # shop health: the evaluation window of metrics whose platform does not publish it, {platform: days}
    "health.window_days": {},
}


def get(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    if row is None:
        return DEFAULTS.get(key)
    return json.loads(row.value)


def set_(session: Session, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    text = json.dumps(value, ensure_ascii=False)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text


def all_settings(session: Session) -> dict[str, Any]:
    out = dict(DEFAULTS)
    for row in session.scalars(select(Setting)):
        out[row.key] = json.loads(row.value)
    return out

"""Typed settings stored as JSON in the ``settings`` table, with defaults in one place.

``DEFAULTS`` is the only home of a default: the core reads a setting from the values it was given
(``all_settings()`` or a caller's partial dict) through the typed getters below, never with a
default of its own.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.models import Setting
from app.timeutil import DEFAULT_TZ

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "timezone": DEFAULT_TZ,
    "language": "zh_CN",  # zh_CN | en
    # risk levels, hours before ship_by
    "risk.critical_hours": 6,
    "risk.warning_hours": 24,
    # stop-ship regions (物流停发): province or city names
    "risk.stop_ship_regions": [],
    # platform pauses: [{"platform": "douyin"|"*", "from": "2026-10-01", "to": "2026-10-07"}]
    "risk.pauses": [],
    # the 千牛 exports are a Tmall shop's: `import` (auto) stores and prices them as tmall
    "risk.tmall_shop": False,
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
    # incidents (app/incidents): a burst is judged within this window, among orders this recent
    "incidents.window_minutes": 60,
    "incidents.lookback_hours": 24,
    "incidents.price_ratio": 0.5,  # paid at or below half the usual price
    "incidents.cost_ratio": 0.8,  # no order history: paid at or below 80% of the cost
    "incidents.min_orders": 5,  # enough orders (and buyers) that it is not one coupon
    "incidents.min_buyers": 3,
    "incidents.surge_factor": 10,  # orders in the window at least this many times the usual rate
    "incidents.surge_min_orders": 20,
    "incidents.stock_min_orders": 10,  # beyond stock + incoming: at least this many orders
}


# -- validation: what each stored value may be ------------------------------------------------
def _number(lo: float, hi: float, whole: bool = False) -> Callable[[Any], bool]:
    def ok(v) -> bool:
        if isinstance(v, bool) or not isinstance(v, int | float | str):
            return False
        try:
            x = float(v)  # "14" typed into a settings file is 14
        except (ValueError, OverflowError):
            return False
        return lo <= x <= hi and (not whole or x.is_integer())
    ok.number = True  # type: ignore[attr-defined]  # text that passes is read as the number it spells
    return ok


def _as_stored(key: str, v: Any) -> Any:
    """A number given as text ("14") as the number, so every reader gets the type the key takes."""
    if isinstance(v, str) and getattr(VALID.get(key), "number", False):
        x = float(v)
        return int(x) if x.is_integer() else x
    return v


def _zone(v) -> bool:
    from app import timeutil

    try:
        return isinstance(v, str) and bool(v) and timeutil.zone(v) is not None
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return False


def _clock(v) -> bool:
    try:
        time.fromisoformat(v)
        return isinstance(v, str)
    except (TypeError, ValueError):
        return False


def _iso(optional_date: bool) -> Callable[[Any], bool]:
    def ok(v) -> bool:
        if v is None:
            return True
        try:
            (date if optional_date else datetime).fromisoformat(v)
            return True
        except (TypeError, ValueError):
            return False
    return ok


def _strings(v) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _is(kind) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, kind)


_HOURS = _number(0.1, 24 * 90)
VALID: dict[str, Callable[[Any], bool]] = {
    "timezone": _zone, "language": lambda v: v in ("zh_CN", "en"),
    "risk.critical_hours": _HOURS, "risk.warning_hours": _HOURS, "risk.stop_ship_regions": _strings,
    "risk.pauses": lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v),
    "rules.overrides": _is(dict), "stock.velocity_days": _number(1, 3650, True),
    "stock.review_days": _number(1, 3650, True), "contact.follow_up_hours": _HOURS,
    "contact.escalate_hours": _HOURS, "scheduler.interval_minutes": _number(1, 24 * 60, True),
    "alerts.quiet_start": _clock, "alerts.quiet_end": _clock, "alerts.digest_time": _clock,
    "alerts.paused_until": _iso(False), "alerts.last_digest": _iso(True),
    "ui.close_to_tray": _is(bool), "ui.close_to_tray_explained": _is(bool), "demo.offered": _is(bool),
    "demo.loaded": _is(bool), "tiktok.date_order": lambda v: v in (None, "MDY", "DMY"),
    "watch.folders": lambda v: v is None or _strings(v), "stale_hours": _HOURS,
    "fresh.cutoff_lead_minutes": _number(0, 24 * 60, True),
    "health.window_days": lambda v: isinstance(v, dict) and all(_number(1, 3650, True)(x) for x in v.values()),
    # kept by other rooms without a default here (None when damaged)
    "risk.shop_options": lambda v: isinstance(v, dict) and all(isinstance(x, dict) for x in v.values()),
    "risk.tmall_shop": _is(bool), "backup.second_folder": lambda v: v is None or isinstance(v, str),
    "backup.failure": lambda v: v is None or isinstance(v, dict | str),
}


@dataclass(frozen=True)
class Problem:
    """A stored setting that could not be used: the settings page shows it, the log has it once."""
    key: str
    stored: str
    used: Any


_logged: set[tuple[str, str]] = set()


def checked(key: str, stored: str | None, problems: list[Problem] | None = None) -> Any:
    """A stored (JSON) value as the app may use it: its default when it does not parse or is not
    what the key takes (``risk.critical_hours`` = "abc", time zone ``Mars/Phobos``, 1e308 hours)."""
    if stored is None:
        return DEFAULTS.get(key)
    try:
        v = json.loads(stored)
        good = VALID.get(key, lambda _v: True)(v)
    except (ValueError, TypeError, RecursionError):
        good = False
    if good:
        return _as_stored(key, v)
    used = DEFAULTS.get(key)
    if (key, stored) not in _logged:
        _logged.add((key, stored))
        log.warning("setting %s: stored value %.80r cannot be used; the default %r is used instead", key, stored,
                    used)
    if problems is not None:
        problems.append(Problem(key, stored, used))
    return used


def get(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    return checked(key, None if row is None else row.value)


def set_(session: Session, key: str, value: Any) -> None:
    from app.store.session import insert_once  # an upsert: two PCs saving the same key at once

    text = json.dumps(value, ensure_ascii=False)
    insert_once(session, Setting, {"key": key, "value": text}, ["key"], update={"value": text})
    from app.evaluation import journal

    if journal.is_evaluated(key):  # a rule or setting an evaluation reads: everything again
        journal.record(session, "all")
    row = session.get(Setting, key)
    if row is not None:  # a row this session already holds sees the new value too
        session.refresh(row)


def load(session: Session) -> tuple[dict[str, Any], list[Problem]]:
    """Every setting, each checked (bad stored values read as their defaults), and the problems."""
    out = dict(DEFAULTS)
    problems: list[Problem] = []
    for row in session.scalars(select(Setting)):
        out[row.key] = checked(row.key, row.value, problems)
    return out, problems


def all_settings(session: Session) -> dict[str, Any]:
    return load(session)[0]


# -- typed getters over a mapping of values ---------------------------------------------------
def value(values: Mapping[str, Any], key: str) -> Any:
    """``key`` from ``values``; missing, None or not what the key takes reads as its default."""
    v = values.get(key)
    if v is None or key in VALID and not VALID[key](v):
        return DEFAULTS.get(key)
    return _as_stored(key, v)


def shop_tz(values: Mapping[str, Any]) -> str:
    return value(values, "timezone") or DEFAULTS["timezone"]


def _typed(key: str, kind: Callable[[Any], Any]) -> Callable[[Mapping[str, Any]], Any]:
    def get(values: Mapping[str, Any]):
        return kind(value(values, key))  # checked and made a number by value()

    get.__name__ = get.__qualname__ = key.rpartition(".")[2]
    get.__doc__ = f"``{key}`` as {kind.__name__} (default {DEFAULTS[key]!r})"
    return get


critical_hours = _typed("risk.critical_hours", float)
warning_hours = _typed("risk.warning_hours", float)
follow_up_hours = _typed("contact.follow_up_hours", float)
escalate_hours = _typed("contact.escalate_hours", float)
velocity_days = _typed("stock.velocity_days", int)
review_days = _typed("stock.review_days", int)
stale_hours = _typed("stale_hours", float)
cutoff_lead_minutes = _typed("fresh.cutoff_lead_minutes", int)


def interval_minutes(values: Mapping[str, Any]) -> int:
    return int(value(values, "scheduler.interval_minutes") or DEFAULTS["scheduler.interval_minutes"])


def clock(values: Mapping[str, Any], key: str) -> time:
    """A shop-local time of day ("23:00"); one that does not parse reads as its default."""
    try:
        return time.fromisoformat(value(values, key))
    except (TypeError, ValueError):
        return time.fromisoformat(DEFAULTS[key])

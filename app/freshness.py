"""How old the shop's picture is, per platform: the newest export imported and its age.

Orders paid after the last export are invisible to every other check, so the age is shown beside
the risk figures and the scheduler reminds the seller to re-export (``stale_data``) before it
matters, and, for a Douyin 当日发 shop, before the day's cut-off."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import exists, func, select
from sqlalchemy.orm import aliased

from app import settings as settings_mod
from app import timeutil
from app.store.models import ImportBatch, Order
from app.text import N_, label, platform_name, t

CUTOFF_LEAD = N_("Export the latest orders: orders paid before {cutoff} must ship today")


@dataclass
class Freshness:
    platform: str
    last_import: datetime | None  # when this platform's newest export was imported
    newest_order: datetime | None  # the newest order time (paid, else created) in the data
    age_hours: Decimal | None
    stale: bool
    age_minutes: int | None = None  # whole minutes, for the short text (age_hours is rounded)

    def label(self) -> str:
        return age_text(self)

    def advice(self) -> str:
        return stale_sentence(self)

    def to_json(self, tz: str) -> dict:
        return {"platform": self.platform,
                "last_import": timeutil.iso(self.last_import, tz) if self.last_import else None,
                "newest_order": timeutil.iso(self.newest_order, tz) if self.newest_order else None,
                "age_hours": str(self.age_hours) if self.age_hours is not None else None,
                "stale": self.stale}


def stale_hours(settings: dict) -> float:
    return settings_mod.stale_hours(settings)  # a value out of range reads as its default (app/settings.py)


def freshness(session, now: datetime, settings: dict, newest: bool = True) -> list[Freshness]:
    """One entry per platform that has orders or an import, by platform code. ``newest=False``:
    without each platform's newest order (a walk over every order, history included), as the
    alert conditions need only the imports (a scheduler tick)."""
    # the same file imported again is no newer export: only a batch whose content is new counts
    earlier = aliased(ImportBatch)
    first = ~exists().where(earlier.file_hash == ImportBatch.file_hash, earlier.status == "imported",
                            earlier.id < ImportBatch.id)
    imports = dict(session.execute(
        select(ImportBatch.platform, func.max(ImportBatch.imported_at))
        .where(ImportBatch.status == "imported", ImportBatch.kind == "orders", ImportBatch.platform.is_not(None),
               first)
        .group_by(ImportBatch.platform)).all())
    newest = dict(session.execute(
        select(Order.platform, func.max(func.coalesce(Order.paid_at, Order.created_at)))
        .group_by(Order.platform)).all()) if newest else {}
    limit = stale_hours(settings)
    out = []
    for platform in sorted(set(newest) | set(imports)):
        last = timeutil.as_utc(imports[platform]) if imports.get(platform) else None
        order = timeutil.as_utc(newest[platform]) if newest.get(platform) else None
        age = minutes = None
        if last is not None:
            seconds = max((now - last).total_seconds(), 0)
            age = (Decimal(seconds) / 3600).quantize(Decimal("0.1"), ROUND_HALF_UP)
            minutes = int(seconds // 60)
        # data without any import (the demo shop) has no export to redo: not called stale
        out.append(Freshness(platform, last, order, age, age is not None and age > Decimal(str(limit)), minutes))
    return out


def age_text(f: Freshness) -> str:
    """'拼多多 数据 5 小时前' — the short form for the status bar and the risk tab."""
    name = platform_name(f.platform)
    if f.age_hours is None:
        return t("{platform}: no export imported", platform=name)
    minutes = f.age_minutes if f.age_minutes is not None else int(f.age_hours * 60)
    if minutes < 60:
        return t("{platform} data {minutes} min old", platform=name, minutes=minutes)
    return t("{platform} data {hours} h old", platform=name, hours=minutes // 60)


def stale_sentence(f: Freshness) -> str:
    """What the seller must do about a stale picture."""
    if f.age_hours is None:
        return t("Import a {platform} order export to see its new orders", platform=platform_name(f.platform))
    return t("Orders from the last {hours} hours are not in the list: export again from {platform}",
             hours=int(f.age_hours), platform=platform_name(f.platform))


def _cutoff(settings: dict) -> tuple[time, time] | None:
    """(cut-off, reminder) for a Douyin 当日发 shop, or None when the shop ships on a promise."""
    opts = (settings.get("risk.shop_options") or {}).get("douyin") or {}
    promise = opts.get("promise")
    mode = promise.get("mode") if isinstance(promise, dict) else promise
    if mode != "same_day":
        return None
    raw = opts.get("cutoff") or (promise.get("cutoff") if isinstance(promise, dict) else None)
    if not raw:  # the platform's own 当日发 cut-off (resources/rules/douyin.json)
        from app.risk.rules import load_tables

        raw = load_tables()["douyin"]["promise"]["options"]["same_day"]["cutoff"]
    try:
        cut = time.fromisoformat(str(raw))
    except ValueError:
        return None
    lead = settings_mod.cutoff_lead_minutes(settings)
    remind = (datetime.combine(datetime(2000, 1, 1), cut) - timedelta(minutes=lead)).time()
    return cut, remind


def conditions(rows: list, settings: dict, now: datetime) -> list[dict]:
    """Alert conditions: one ``stale_data`` per platform per stale period, the cut-off reminder;
    ``rows``: each platform's freshness at ``now`` (``freshness``)."""
    out = []
    for f in rows:
        if not f.stale or f.last_import is None:
            continue
        # a new stale period (after a fresh import) is a new alert, not the old one raised again
        out.append({"kind": "stale_data", "key": f"stale:{f.platform}:{int(f.last_import.timestamp())}",
                    "state": "stale", "money": Decimal(0),
                    "text": lambda f=f: (t("Data out of date"),
                                         t("{age}. {advice}", age=age_text(f), advice=stale_sentence(f)))})
    cut = _cutoff(settings)
    douyin = next((f for f in rows if f.platform == "douyin"), None)
    if cut and douyin is not None:
        local = timeutil.local(now, settings_mod.shop_tz(settings))
        cutoff_at = datetime.combine(local.date(), cut[0], local.tzinfo)
        remind_at = datetime.combine(local.date(), cut[1], local.tzinfo)
        fresh_enough = douyin.last_import is not None and douyin.last_import >= remind_at
        if remind_at <= local < cutoff_at and not fresh_enough:
            hhmm = cut[0].strftime("%H:%M")
            out.append({"kind": "stale_data", "key": f"cutoff:douyin:{local.date().isoformat()}", "state": "cutoff",
                        "money": Decimal(0),
                        "text": lambda hhmm=hhmm: (t("Export Douyin now"),
                                                   label(CUTOFF_LEAD, cutoff=hhmm))})
    return out

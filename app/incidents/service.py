"""Incidents kept: each burst found is stored once, matched on later runs (same kind, platform,
SKU and time), updated while it grows, never raised again once dismissed, and closed by itself
when none of its orders is left to ship. Its orders are linked, so the view, the playbook and the
contact queue all work on the same set."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime

from sqlalchemy import insert, select, update

from app import timeutil
from app.chunks import in_chunks
from app.incidents import load
from app.incidents.detect import Found, Params, detect
from app.store.models import Incident, IncidentOrder, Order

log = logging.getLogger(__name__)
OPEN = "open"


def _minutes_of_day(tz: str):
    zone = timeutil.zone(tz)
    return lambda at: (lambda d: d.hour * 60 + d.minute)(at.astimezone(zone))


def find(session, now: datetime, settings: dict, *, reference: bool = False) -> list[Found]:
    """The bursts among the recent orders at ``now`` (nothing written). ``reference``: detection over
    every busy SKU's lines, as the tests check the read of only the groups that can burst against."""
    p = Params.from_settings(settings)
    tz = settings.get("timezone")
    now = timeutil.as_utc(now)
    start, h_start = load.window_start(now, p.lookback), load.history_start(now)
    from app.store.models import Sku

    # a platform's SKU with fewer recent lines than any rule needs cannot burst: only the busy ones' history
    floor = min(p.min_orders, p.surge_min_orders, p.stock_min_orders)
    busy = {key: rows for key, rows in load.groups(load.recent_rows(session, start, now)).items()
            if len(rows) >= floor}
    if not busy:
        return []
    hist = load.history(session, h_start, start, {sku for _plat, sku in busy}, first=False)
    # of those, only the groups that can still burst are read whole
    cands = set(busy) if reference else load.candidates(busy, hist, p)
    if not cands:
        return []
    load.first_paid(session, h_start, start, hist, {sku for _plat, sku in cands})
    codes = dict(session.execute(select(Sku.id, Sku.code).where(
        Sku.id.in_(sorted({sku for _plat, sku in cands if not isinstance(sku, tuple)})))).all())
    lines = [ln for ln in load.recent_lines(session, start, now, codes, {sku for _plat, sku in cands},
                                            pks={row[0] for key in cands for row in busy[key]})
             if (ln.platform, ln.sku) in cands]
    return detect(lines, hist, p, load.Cover(session), _minutes_of_day(tz),
                  lambda sku: load.history_times(session, sku, h_start, start))


def _facts(f: Found, p: Params) -> dict:
    return {"orders": f.orders, "units": f.units, "buyers": f.buyers, "unit_price": f.unit_price,
            "usual": f.usual, "basis": f.basis, "expected": f.expected, "history_days": f.history_days,
            "cover": f.cover, "triggers": f.triggers, "window_minutes": int(p.window.total_seconds() // 60)}


def _matches(inc, f: Found, p: Params) -> bool:
    since, last = timeutil.as_utc(inc.since), timeutil.as_utc(inc.last_order_at)
    return (inc.kind == f.kind and inc.platform == f.platform and inc.sku_code == f.code
            and f.since <= last + p.lookback and f.last >= since - p.window)


def refresh(session, now: datetime, settings: dict, risks=None) -> list[int]:
    """Detect at ``now`` and keep what was found; returns the ids of incidents new at ``now``."""
    p = Params.from_settings(settings)
    found = find(session, now, settings)
    known = list(session.scalars(select(Incident).where(Incident.last_order_at >= timeutil.as_utc(now)
                                                        - p.lookback - p.window)))
    new_ids, touched = [], []
    for f in found:
        inc = next((i for i in known if _matches(i, f, p)), None)
        if inc is not None and inc.status != OPEN:
            continue  # dismissed as intended, or handled: the same burst does not fire again
        if inc is None:
            inc = Incident(kind=f.kind, platform=f.platform, sku_id=f.sku if isinstance(f.sku, int) else None,
                           sku_code=f.code, since=f.since, last_order_at=f.last, detected_at=now, status=OPEN,
                           facts="{}")
            session.add(inc)
            session.flush()
            known.append(inc)
            new_ids.append(inc.id)
        else:
            inc.since = min(timeutil.as_utc(inc.since), f.since)
            inc.last_order_at = max(timeutil.as_utc(inc.last_order_at), f.last)
        _link(session, inc.id, {ln.order_pk for ln in f.lines})
        touched.append((inc, _facts(f, p)))
    _close_finished(session, now)
    _keep_money_and_tasks(session, [(i, f) for i, f in touched if i.status == OPEN], now, settings, risks)
    return new_ids


def _keep_money_and_tasks(session, touched, now: datetime, settings: dict, risks) -> None:
    """Money at stake and the buyers' tasks follow the incident's open orders: worked out again only
    when those changed (a steady evaluation then never walks the 100k risks)."""
    from app.incidents.money import MONEY_KEYS, store_money
    from app.incidents.playbook import ensure_tasks, open_pks

    stale = []
    for inc, facts in touched:
        old = json.loads(inc.facts or "{}")
        sig = hashlib.sha1(",".join(map(str, open_pks(session, inc.id))).encode()).hexdigest()[:16]
        facts["open_sig"] = sig
        if old.get("open_sig") == sig:
            facts.update({k: old[k] for k in MONEY_KEYS if k in old})
        else:
            stale.append(inc)
        inc.facts = json.dumps(facts)
    if not stale:
        return
    needed = {pk for inc in stale for pk in order_pks(session, inc.id)}
    risk_by_pk = {r.order_pk: r for r in risks or () if r.order_pk in needed}
    for inc in stale:
        store_money(session, inc, risk_by_pk)
        ensure_tasks(session, inc, now, settings, risk_by_pk)


def _link(session, incident_id: int, pks: set[int]) -> None:
    have = set(session.scalars(select(IncidentOrder.order_pk).where(IncidentOrder.incident_id == incident_id)))
    rows = [{"incident_id": incident_id, "order_pk": pk} for pk in sorted(pks - have)]
    if rows:
        session.execute(insert(IncidentOrder), rows)


def order_pks(session, incident_id: int) -> list[int]:
    return list(session.scalars(select(IncidentOrder.order_pk).where(IncidentOrder.incident_id == incident_id)
                                .order_by(IncidentOrder.order_pk)))


def _close_finished(session, now: datetime) -> None:
    """An open incident none of whose orders is left to ship is over (shipped or cancelled)."""
    open_ids = list(session.scalars(select(Incident.id).where(Incident.status == OPEN)))
    for part in in_chunks(open_ids, 500):
        busy = set(session.scalars(select(IncidentOrder.incident_id).join(Order, Order.id == IncidentOrder.order_pk)
                                   .where(IncidentOrder.incident_id.in_(part), Order.status == "unshipped")))
        done = [i for i in part if i not in busy]
        if done:
            session.execute(update(Incident).where(Incident.id.in_(done)).values(status="resolved", closed_at=now))


def open_ids(session) -> list[int]:
    return list(session.scalars(select(Incident.id).where(Incident.status == OPEN).order_by(Incident.id)))


def dismiss(session, incident_id: int, now: datetime, note: str | None = None) -> None:
    """The seller says it is intended (a planned 秒杀): closed for good; the messages never sent go."""
    inc = _get(session, incident_id)
    inc.status, inc.closed_at, inc.note = "dismissed", now, (note or "").strip() or None
    from app.incidents.playbook import drop_unsent_tasks

    drop_unsent_tasks(session, incident_id)


def resolve(session, incident_id: int, now: datetime) -> None:
    inc = _get(session, incident_id)
    inc.status, inc.closed_at = "resolved", now


def _get(session, incident_id: int) -> Incident:
    inc = session.get(Incident, incident_id)
    if inc is None:
        from app.text import t

        raise ValueError(t("Incident not found"))
    return inc

"""One incremental evaluation round (see incremental.py for what it looks at): the same rooms and
the same core as the full one (``Services.evaluate_alerts``), each over what moved."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select

from app.evaluation import incremental as inc
from app.store.models import ContactTask

log = logging.getLogger(__name__)


class Done(NamedTuple):
    raised: list
    current: dict  # the conditions evaluated, by key (their money names the stake)
    plan: inc.Plan
    risks: list  # the re-evaluated open orders
    closed: set  # orders no longer open (shipped, closed) since the last evaluation
    # the rooms this round looked at again, for the tabs' delta (None: not looked at)
    stock: list | None = None
    health: list | None = None

    @property
    def changed(self) -> set[int]:
        """Every order whose rows a tab shows may have moved: re-evaluated, closed, or contacted."""
        return ({r.order_pk for r in self.risks} | self.closed | self.plan.task_orders) - {0}


class _LaterRisks:
    """Every open order's risk, evaluated only if iterated (an incident whose open orders changed)."""

    def __init__(self, svc, now):
        self.svc, self.now, self._done = svc, now, None

    def __iter__(self):
        if self._done is None:
            self._done = self.svc.risk(self.now)
        return iter(self._done)


def run(svc, now: datetime) -> Done | None:
    """The incremental round at ``now`` in one locked transaction, or None: a full one is needed."""
    from app.alerts.conditions import (
        follow_up_conditions,
        order_conditions,
        pickup_conditions,
        stock_conditions,
    )
    from app.alerts.service import lock_evaluation, reconcile

    settings = svc.settings
    with svc.store.session() as s:
        lock_evaluation(s)  # as the full evaluation: one at a time across PCs
        conn = s.connection()
        p = inc.plan(conn, now, settings)
        if p is None:
            return None
        risks, closed, scope = _orders(s, conn, p, now, settings)
        # the changed orders' state first: shop health below reads every due order from it
        inc.remember(conn, now, settings, risks, p.journal_id, only={r.order_pk for r in risks}, closed=closed)
        found = order_conditions(risks, now, settings)
        stock = None
        if p.stock:
            from app.inventory.service import stock_report

            stock = stock_report(s, now, settings)
            found += stock_conditions(stock)
            scope.kinds.add("stock")
        found += pickup_conditions(s, now, settings)
        scope.kinds.add("pickup")
        task_orders = p.task_orders | p.data_orders | {r.order_pk for r in risks} | inc.tasks_due_between(
            conn, p.last, now, settings)
        if p.all_tasks:
            found += follow_up_conditions(s, now, settings)
            scope.kinds.add("follow_up")
        else:
            found += follow_up_conditions(s, now, settings, task_orders)
            scope.keys |= _reminder_keys(conn, task_orders)
        health = _health(s, p, now, settings, scope, found)
        found += _rooms(svc, s, p, now, scope)
        raised, current = reconcile(conn, now, found, scope)
    return Done(raised, current, p, risks, closed, stock, health)


def _orders(s, conn, p: inc.Plan, now: datetime, settings: dict):
    """The changed open orders evaluated (shortfalls from EDF over the stored deadlines when demand
    or stock moved, else as stored), the closed ones, and the alert keys they cover."""
    from app.alerts.service import Scope, order_key
    from app.risk.engine import same_buyer

    changed = p.data_orders | p.due
    changed |= same_buyer(conn, settings, changed)  # a buyer's capped day is shared: evaluated together
    still = inc.open_among(conn, changed)
    risks = _evaluate(s, now, settings, still)
    if p.stock:
        fresh, before = inc.stock_shorts(conn, risks), inc.stored_shorts(conn)
        flipped = {pk for pk in fresh.keys() | before.keys() if fresh.get(pk, 0) != before.get(pk, 0)} - still
        if flipped:  # their shortfall moved: evaluated again, together with the rest (capped days)
            still |= inc.open_among(conn, flipped | same_buyer(conn, settings, flipped))
            risks = _evaluate(s, now, settings, still)
    else:
        fresh = inc.stored_shorts(conn, still)
    for r in risks:  # the engine allocated among these orders alone: the shop-wide EDF decides
        units = fresh.get(r.order_pk, 0)
        r.stock_short, r.short_units = units > 0, units
    closed = changed - still  # their keys read from the store; the evaluated ones' from their risk
    scope = Scope(keys={order_key(r.platform, r.order_id) for r in risks} | inc.order_keys(conn, closed))
    return risks, closed, scope


def _evaluate(s, now: datetime, settings: dict, pks: set[int]) -> list:
    from app.risk.engine import evaluate_risk, load_for

    if not pks:
        return []
    return evaluate_risk(None, now, settings, load_for(s, settings, only=sorted(pks)))


def _reminder_keys(conn, order_pks: set[int]) -> set[str]:
    from app.chunks import in_chunks

    ids: list[int] = []
    for part in in_chunks(sorted(order_pks), 500):
        ids += conn.scalars(select(ContactTask.id).where(ContactTask.order_pk.in_(part)))
    from app.contact.views import reminder_keys

    return {key for i in ids for key in reminder_keys(i)}


def _health(s, p: inc.Plan, now: datetime, settings: dict, scope, found: list) -> list | None:
    """Shop health when a counted deadline crossed, data moved or the day turned (its conditions
    added to ``found``), from the orders it counts as the evaluations left them: none evaluated
    again. Returns its metrics (None: not looked at)."""
    from app.health import metrics
    from app.health.alerts import conditions as health_conditions

    if not p.health:
        return None
    health = metrics.evaluate(s, now, settings, risks=inc.due_within(s.connection(), now, metrics.AT_RISK_HOURS))
    found += health_conditions(health)
    scope.kinds.add("health")
    return health


def _rooms(svc, s, p: inc.Plan, now: datetime, scope) -> list[dict]:
    """Incidents detected again when orders or stock moved (else as stored); freshness and backup
    every time (a few rows)."""
    from app.backup.alerts import conditions as backup_conditions
    from app.freshness import conditions as freshness_conditions
    from app.freshness import freshness
    from app.incidents import service as incidents
    from app.incidents import views
    from app.incidents.alerts import conditions as incident_conditions

    settings = svc.settings
    found = []
    found += freshness_conditions(freshness(s, now, settings, newest=False), settings, now)
    found += backup_conditions(settings)
    if p.data_orders or p.skus:
        incidents.refresh(s, now, settings, _LaterRisks(svc, now))
    found += incident_conditions(views.listing(s))
    scope.kinds |= {"stale_data", "backup", "incident"}
    return found

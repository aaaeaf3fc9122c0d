"""The alert methods of :class:`app.services.Services` (the scheduler's evaluation, the alert centre,
pausing): a mixin, so callers keep calling ``svc.open_alerts(...)`` while services.py stays short."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import NamedTuple

log = logging.getLogger(__name__)


class CheckRound(NamedTuple):
    """One evaluation round: what it raised, the notifications due, the deliveries to the channels,
    and ``made`` = (the read, its risk evaluation, its stock figures) for the tabs' snapshot (a
    full round); an incremental one has ``made`` None and ``plan``: what moved (app/evaluation)."""
    raised: list
    notifications: list
    deliveries: list
    made: tuple | None
    delta: object = None  # an incremental round's app.evaluation.tick.Done (what moved), else None


class AlertMethods:
    """Needs ``store``, ``settings``, ``person``, ``refresh_lock``, ``is_shared``, ``reload_settings``,
    ``set_setting``, ``deliver``, ``shop_data``, ``risk`` and ``stock`` from the class it is mixed into."""

    def alerts(self, now: datetime):
        """One scheduler evaluation at ``now``; returns the alerts it raised."""
        return self.evaluate_alerts(now)[0]

    def evaluate_alerts(self, now: datetime, risks=None, stock=None, journal_id: int | None = None):
        """The full evaluation, the reference: raise what changed at ``now``, resolve what cleared:
        (raised, current conditions by key). ``risks``, ``stock``: this tick's evaluations of one
        read, else made here; ``journal_id``: the change journal's newest entry before that read.
        Each room's conditions are gathered here and handed to the alert service as plain data;
        each open order's state is kept for the incremental ticks after (app/evaluation)."""
        from app.alerts.conditions import conditions
        from app.alerts.service import lock_evaluation, reconcile
        from app.backup.alerts import conditions as backup_conditions
        from app.evaluation import incremental, journal
        from app.freshness import conditions as freshness_conditions
        from app.health.alerts import conditions as health_conditions
        from app.incidents.alerts import conditions as incident_conditions
        from app.nogc import no_gc

        with self.refresh_lock:
            if journal_id is None:
                with self.store.session() as s:
                    journal_id = journal.last_id(s.connection())
            if risks is None or stock is None:
                data = self.shop_data(with_info=False)  # an evaluation alone: no tab shows this read
                risks = self.risk(now, data) if risks is None else risks
                stock = self.stock(now, data) if stock is None else stock
            with no_gc():  # every room's rows at once: the collector would walk them again and again
                with self.store.session() as s:
                    found = conditions(s, now, self.settings, risks, stock)
                found += health_conditions(self.health.evaluate(now, risks=risks))
                found += freshness_conditions(self.freshness(now), self.settings, now)
                found += backup_conditions(self.settings)
                found += incident_conditions(self.incidents.refresh(now, risks))  # detection runs in every check
            with no_gc(), self.store.session() as s:
                # the orders' state kept in the same transaction as the alerts it explains
                lock_evaluation(s)
                done = reconcile(s.connection(), now, found)
                incremental.remember(s.connection(), now, self.settings, risks, journal_id)
            return done

    def check(self, now: datetime):
        """One scheduler evaluation as the app runs it: (alerts raised, notifications due,
        deliveries to the channels)."""
        done = self.check_round(now)
        return done.raised, done.notifications, done.deliveries

    def check_round(self, now: datetime, for_tabs: bool = False, full: bool = False) -> CheckRound:
        """The evaluation both the CLI's ``alerts`` and the app's scheduler run (app/scheduler.py):
        incremental (what moved since the last one) unless ``full`` or it cannot be (then the full
        one, the reference). ``for_tabs``: a full round's read also carries what the tabs'
        snapshot shows (the window's checker)."""
        from app.alerts.service import notifications_due
        from app.evaluation import journal, tick
        from app.nogc import no_gc

        with self.refresh_lock:
            if self.is_shared:  # another PC may have changed a setting: each tick reads them afresh
                self.reload_settings()
            # a tick makes few objects: the collector's full pass over what the process holds (a
            # window's snapshot, 100k orders' worth) waits until after it
            with no_gc():
                done = None if full else tick.run(self, now)
                if done is not None:
                    notes = notifications_due(self, now, done.current)
            if done is None:
                with self.store.session() as s:
                    journal_id = journal.last_id(s.connection())
                data = self.shop_data(with_info=for_tabs)  # one read of the open orders for risk and stock
                risks, stock = self.risk(now, data), self.stock(now, data)
                raised, current = self.evaluate_alerts(now, risks, stock, journal_id)
                with no_gc():  # tens of thousands of alerts may be new: the collector would walk them again and again
                    notes = notifications_due(self, now, current, risks, stock)
        if done is not None:
            return CheckRound(done.raised, notes, self._deliver(now, notes), None, done)
        return CheckRound(raised, notes, self._deliver(now, notes, risks), (data, risks, stock))

    def _deliver(self, now: datetime, notes: list, risks=None) -> list:
        """The round's messages to the channels; ``risks`` None: worked out only if a message names orders."""
        # several PCs on one server: one of them (the elected evaluator) sends the group messages
        if not self.store.holds("evaluator"):
            return []
        try:  # the group chat's trouble is not the check's: the outbox keeps what was not sent
            return self.deliver(now, notes, risks)
        except Exception:
            log.exception("delivery to the channels failed")
            return []

    def open_alerts(self, now: datetime, limit: int = 500):
        """The alert centre: (first ``limit`` open alerts, count wanting attention, open in all)."""
        from app.alerts.service import open_alerts

        with self.store.session() as s:
            return open_alerts(s, now, limit, self.person)

    def acknowledge_alerts(self, ids, now: datetime) -> int:
        from app.alerts.service import acknowledge

        with self.store.session() as s:
            return acknowledge(s, ids, now, self.person)

    def snooze_alerts(self, ids, until: datetime) -> int:
        from app.alerts.service import snooze

        with self.store.session() as s:
            return snooze(s, ids, until, self.person)

    def order_pks(self, refs) -> list[int]:
        from app.alerts.service import order_pks

        with self.store.session() as s:
            return order_pks(s, refs)

    def alerts_paused_until(self, now: datetime) -> datetime | None:
        """Until when notifications are held (None: not paused)."""
        from app.alerts.service import paused_until

        return paused_until(self.settings, now)

    def pause_alerts(self, until: datetime | None) -> None:
        """Hold notifications until ``until`` (None resumes); alerts are still raised and listed."""
        self.set_setting("alerts.paused_until", until.isoformat() if until else None)

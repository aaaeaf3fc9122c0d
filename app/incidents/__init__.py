"""Incidents: a listing priced by mistake, a sudden flood of orders on one SKU, caught in minutes.

detect.py finds bursts in plain rows, load.py reads them set-based, service.py keeps each incident
once, money.py prices what is at stake, views.py says it in words, playbook.py the steps after,
alerts.py turns open incidents into severity-3 alerts. ``IncidentService`` is ``svc.incidents``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


class IncidentService:
    def __init__(self, svc) -> None:
        self.svc = svc

    def refresh(self, now: datetime, risks=None):
        """Detect at ``now``, keep what was found; the open incidents (worst first)."""
        from app.incidents import service, views

        risks = self.svc.risk(now) if risks is None else risks
        with self.svc.store.session() as s:
            service.refresh(s, now, self.svc.settings, risks)
        with self.svc.store.session() as s:
            return views.listing(s)

    def listing(self, status: str | None = "open", ids=None):
        from app.incidents import views

        with self.svc.store.session() as s:
            return views.listing(s, status, ids)

    def get(self, incident_id: int):
        found = self.listing(None, [incident_id])
        return found[0] if found else None

    def dismiss(self, incident_id: int, now: datetime, note: str | None = None) -> None:
        from app.incidents import service

        with self.svc.store.session() as s:
            service.dismiss(s, incident_id, now, note)

    def resolve(self, incident_id: int, now: datetime) -> None:
        from app.incidents import service

        with self.svc.store.session() as s:
            service.resolve(s, incident_id, now)

    def orders(self, incident_id: int) -> list[int]:
        from app.incidents import service

        with self.svc.store.session() as s:
            return service.order_pks(s, incident_id)

    @staticmethod
    def where(platform: str) -> tuple[str, str]:
        """Where to take the listing down, and where to hold shipping, in this platform's back office."""
        from app.incidents.playbook import hold_where, listing_where

        return listing_where(platform), hold_where(platform)

    # -- the playbook (app/incidents/playbook.py), each in one short transaction -------------------
    def page(self, incident_id: int):
        """Everything the incident view shows, read in one go (off the GUI thread): the incident (None
        when it is gone), its progress, the affected orders, the first message and the bulk text."""
        from app.incidents import playbook, views

        with self.svc.store.session() as s:
            found = views.listing(s, None, [incident_id])
            if not found:
                return None
            rows = playbook.tasks(s, incident_id)
            return IncidentPage(found[0], playbook.progress(s, incident_id), playbook.affected(s, incident_id),
                                next((r[3] for r in rows if r[3]), ""), playbook.bulk_text(s, incident_id))

    def _in_session(self, fn, *args):
        with self.svc.store.session() as s:
            return fn(s, *args)

    def tasks(self, incident_id: int) -> list[tuple]:
        """(task id, order id, status, message, outcome) of the incident's open orders."""
        from app.incidents import playbook

        return self._in_session(playbook.tasks, incident_id)

    def progress(self, incident_id: int):
        from app.incidents import playbook

        return self._in_session(playbook.progress, incident_id)

    def affected(self, incident_id: int) -> list:
        from app.incidents import playbook

        return self._in_session(playbook.affected, incident_id)

    def bulk_text(self, incident_id: int) -> tuple[int, str]:
        """(how many, every unsent message one block per order) to paste one after another."""
        from app.incidents import playbook

        return self._in_session(playbook.bulk_text, incident_id)

    def mark_all_sent(self, incident_id: int, now: datetime) -> int:
        from app.incidents import playbook

        return self._in_session(playbook.mark_all_sent, incident_id, now)

    def record_outcome(self, task_ids: list[int], outcome: str, now: datetime) -> int:
        from app.incidents import playbook

        return self._in_session(playbook.record_outcome, task_ids, outcome, now)

    def mark_step(self, incident_id: int, step: str, now: datetime, done: bool = True) -> None:
        """``step``: listing (taken down / stock set) or hold (shipping held)."""
        from app.incidents import playbook

        return self._in_session(playbook.mark_step, incident_id, step, now, done)


@dataclass(frozen=True)
class IncidentPage:
    view: object  # app.incidents.views.IncidentView
    progress: object  # playbook.Progress
    orders: list
    first_message: str
    bulk: tuple[int, str]

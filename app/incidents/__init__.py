"""Incidents: a listing priced by mistake, a sudden flood of orders on one SKU, caught in minutes.

detect.py finds bursts in plain rows, load.py reads them set-based, service.py keeps each incident
once, money.py prices what is at stake, views.py says it in words, playbook.py the steps after,
alerts.py turns open incidents into severity-3 alerts. ``IncidentService`` is ``svc.incidents``."""

from __future__ import annotations

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

    def playbook(self, fn: str, *args, **kw):
        """Run ``app.incidents.playbook.<fn>`` in one short transaction (steps, messages, outcomes)."""
        from app.incidents import playbook

        with self.svc.store.session() as s:
            return getattr(playbook, fn)(s, *args, **kw)

"""The shop-health service object Services exposes as ``svc.health``."""

from __future__ import annotations

from datetime import datetime

from app.health import metrics as core


class HealthService:
    def __init__(self, svc) -> None:
        self.svc = svc

    def evaluate(self, now: datetime, platforms: set[str] | None = None) -> list[core.Metric]:
        with self.svc.store.session() as s:
            return core.evaluate(s, now, self.svc.settings, platforms)

    def pushing_over(self, now: datetime, metrics: list[core.Metric] | None = None) -> set[tuple[str, str]]:
        """(platform, order id) of open orders that, shipped late, would take a rate over its line."""
        ms = self.evaluate(now) if metrics is None else metrics
        return {(m.d.platform, oid) for m in ms for oid in m.pushing}

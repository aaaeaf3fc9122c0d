"""The shop-health service object Services exposes as ``svc.health``."""

from __future__ import annotations

from datetime import datetime

from app.health import metrics as core
from app.health import report


class HealthService:
    def __init__(self, svc) -> None:
        self.svc = svc

    def evaluate(self, now: datetime, platforms: set[str] | None = None, *, risks=None) -> list[core.Metric]:
        """``risks``: the risk evaluation at ``now`` when the caller has it (the scheduler's check):
        the open orders' deadlines are taken from it instead of read and worked out again."""
        with self.svc.store.session() as s:
            return core.evaluate(s, now, self.svc.settings, platforms, risks=risks)

    def pushing_over(self, now: datetime, metrics: list[core.Metric] | None = None) -> set[tuple[str, str]]:
        """(platform, order id) of open orders that, shipped late, would take a rate over its line."""
        ms = self.evaluate(now) if metrics is None else metrics
        return {(m.d.platform, oid) for m in ms for oid in m.pushing}

    def order_marks(self, metrics: list[core.Metric]) -> dict[tuple[str, str], str]:
        """(platform, order id) → ``push`` (shipped late it takes the rate over the line) or
        ``counts`` (already overdue: it counts against the rate whatever happens), for the
        late-dispatch metrics that have a published line."""
        marks: dict[tuple[str, str], str] = {}
        for m in metrics:
            if m.d.kind != "late_dispatch" or not m.d.lines:
                continue
            for oid in m.overdue_ids:
                marks.setdefault((m.d.platform, oid), "counts")
            for oid in m.pushing:
                marks[(m.d.platform, oid)] = "push"
        return marks

    @staticmethod
    def sentences(m: core.Metric) -> dict[str, str]:
        """The seller-facing sentences about one metric, in the shop's language (the panel)."""
        return report.sentences(m)

"""In-process scheduler: evaluate stock, risk and follow-ups every few minutes (no Qt here).

APScheduler's interval job runs with coalesce and max_instances=1, so a laptop that slept
runs one evaluation on wake instead of a burst. A wall-clock jump (much longer since the last
run than the interval) is noticed and reported with the result.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler

log = logging.getLogger(__name__)


@dataclass
class CheckResult:
    now: datetime
    raised: list = field(default_factory=list)
    notifications: list = field(default_factory=list)
    woke_from_sleep: bool = False
    error: str | None = None


class Checker:
    def __init__(self, svc_factory: Callable, on_result: Callable[[CheckResult], None],
                 interval_minutes: int = 5, clock: Callable[[], datetime] | None = None):
        self.svc_factory = svc_factory
        self.on_result = on_result
        self.interval = timedelta(minutes=interval_minutes)
        self.clock = clock or (lambda: datetime.now(UTC))
        self.last_run: datetime | None = None
        self._lock = threading.Lock()  # one evaluation at a time, whatever triggered it
        self.scheduler = BackgroundScheduler(timezone="UTC")

    def start(self) -> None:
        self.scheduler.add_job(self.tick, "interval", seconds=self.interval.total_seconds(), id="check",
                               coalesce=True, max_instances=1, misfire_grace_time=int(self.interval.total_seconds()))
        self.scheduler.start()

    def run_now(self) -> None:
        """At start-up and right after an import: evaluate off the caller's thread."""
        threading.Thread(target=self.tick, name="shopsentry-check", daemon=True).start()

    def tick(self) -> CheckResult | None:
        if not self._lock.acquire(blocking=False):
            return None  # an evaluation is already running: this one would be a duplicate
        try:
            now = self.clock()
            woke = self.last_run is not None and now - self.last_run > self.interval * 3
            if woke:
                log.info("clock jumped %s since last check: the machine slept", now - self.last_run)
            result = CheckResult(now=now, woke_from_sleep=woke)
            try:
                from app.alerts.service import summarize_for_notification

                svc = self.svc_factory()
                result.raised = svc.alerts(now)  # serialised with the tabs' refresh (Services.refresh_lock)
                result.notifications = summarize_for_notification(result.raised, now, svc.settings, svc.tz)
            except Exception as exc:
                log.exception("scheduled check failed")
                result.error = str(exc)
            self.last_run = now
            self.on_result(result)
            return result
        finally:
            self._lock.release()

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

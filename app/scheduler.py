"""In-process scheduler: evaluate stock, risk and follow-ups every few minutes (no Qt here).

Two APScheduler jobs share one worker thread:

- ``check`` every ``scheduler.interval_minutes`` (default 5) with coalesce, max_instances=1 and a
  misfire grace of one interval, so missed runs collapse into one;
- ``watch`` every 30 s notices a wall-clock jump (the laptop slept: much longer since the last
  evaluation than the interval) and evaluates at once instead of up to one interval later.

Whatever fires first after a wake evaluates; the other sees a fresh result and stands down, so a
wake gives exactly one evaluation. ``run_now`` (start-up, after an import, "check now") always
evaluates; if an evaluation is already running it runs once more right after it, so an import is
never judged on data read before it committed. Results reach the caller through ``on_result``,
called on the worker thread (the GUI wraps it in a queued Qt signal).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler

from app import settings as S

log = logging.getLogger(__name__)
# APScheduler logs every run at INFO: two lines per 30 s watch would flood the log file
logging.getLogger("apscheduler").setLevel(logging.WARNING)
WATCH_SECONDS = 30
OUTBOX_SECONDS = 60
WAKE_FACTOR = 2  # a gap over twice the interval means the machine slept (or the clock jumped)
BACKUP_CHECK_MINUTES = 60  # how often "is a daily backup due?" is asked; BackupService.due decides


@dataclass
class CheckResult:
    now: datetime
    reason: str = "interval"  # interval | wake | manual | start | import
    raised: list = field(default_factory=list)
    notifications: list = field(default_factory=list)
    woke_from_sleep: bool = False
    error: str | None = None  # what went wrong, in the seller's words (app/failures.py)
    deliveries: list = field(default_factory=list)  # to the group robots / e-mail (app.channels)
    # what the tabs show, made from this tick's own read and evaluations: the window shows it
    # instead of evaluating again; None: not made (yet: see ``snapshot_follows``), or it failed
    snapshot: dict | None = None
    snapshot_follows: bool = False  # ``on_snapshot`` brings it, after the alerts were delivered
    failure: BaseException | None = field(default=None, repr=False)  # e.g. a lost server (ConnectionWatch)


class Checker:
    def __init__(self, svc_factory: Callable, on_result: Callable[[CheckResult], None],
                 interval_minutes: int = 5, clock: Callable[[], datetime] | None = None,
                 scheduler=None, on_snapshot: Callable[[datetime, dict | None], None] | None = None):
        """``on_snapshot(now, snapshot)``: the window's checker; after each result (its alerts and
        notifications at once), the tabs' snapshot made from the tick's own read and evaluations
        (``Services.snapshot``): no second evaluation, and a notification is not held up by it."""
        self.svc_factory = svc_factory
        self.on_result = on_result
        self.on_snapshot = on_snapshot
        self.interval = timedelta(minutes=interval_minutes)
        self.clock = clock or (lambda: datetime.now(UTC))
        self.last_run: datetime | None = None
        self.evaluations = 0
        self.last_backup = None  # the BackupInfo of the last automatic copy this run made
        self._state = threading.Lock()
        self._running = False
        self._again: str | None = None
        self._closing = False
        # one worker: evaluations never overlap, whatever triggered them
        self.scheduler = scheduler or BackgroundScheduler(
            timezone="UTC", executors={"default": ThreadPoolExecutor(max_workers=1)},
            job_defaults={"coalesce": True, "max_instances": 1})

    # -- jobs -------------------------------------------------------------------------------------
    def start(self) -> None:
        self.scheduler.add_job(self.tick, "interval", seconds=self.interval.total_seconds(), id="check",
                               coalesce=True, max_instances=1, misfire_grace_time=self._grace(),
                               kwargs={"reason": "interval"}, replace_existing=True)
        self.scheduler.add_job(self.watch, "interval", seconds=WATCH_SECONDS, id="watch", coalesce=True,
                               max_instances=1, misfire_grace_time=None, replace_existing=True)
        # the automatic backup: at start (at most once a day) and daily while the app runs
        self.scheduler.add_job(self.backup, "interval", minutes=BACKUP_CHECK_MINUTES, id="backup",
                               next_run_time=self.clock(), coalesce=True, max_instances=1,
                               misfire_grace_time=None, replace_existing=True)
        # messages a receiver did not take wait in the outbox; tried again with back-off in between
        self.scheduler.add_job(self.retry_outbox, "interval", seconds=OUTBOX_SECONDS, id="outbox", coalesce=True,
                               max_instances=1, misfire_grace_time=None, replace_existing=True)
        self.scheduler.start()
        self._listen()

    def _listen(self) -> None:
        """A shared shop: another PC's import or action is evaluated within seconds (its NOTIFY)."""
        self.listener = None
        try:
            store = self.svc_factory().store
            if not store.is_sqlite:
                from app.evaluation.listen import ChangeListener

                self.listener = ChangeListener(store.engine.url.render_as_string(hide_password=False),
                                               lambda: self.run_now("change")).start()
        except Exception:  # noqa: BLE001 (the scheduled ticks still come)
            log.exception("could not listen for the shop's changes")

    def _grace(self) -> int:
        return int(self.interval.total_seconds()) + 60

    def run_now(self, reason: str = "manual") -> None:
        """At start-up, right after an import, on "check now": evaluate soon, off the caller's thread."""
        if self._closing:
            return
        if self.scheduler.running:
            self.scheduler.add_job(self.tick, "date", run_date=self.clock(), kwargs={"reason": reason},
                                   misfire_grace_time=None)
        else:
            threading.Thread(target=self.tick, kwargs={"reason": reason}, name="shopsentry-check",
                             daemon=True).start()

    def set_interval(self, minutes: int) -> None:
        if timedelta(minutes=minutes) == self.interval:
            return
        self.interval = timedelta(minutes=minutes)
        if self.scheduler.running and self.scheduler.get_job("check"):
            self.scheduler.reschedule_job("check", trigger="interval", seconds=self.interval.total_seconds())
            self.scheduler.modify_job("check", misfire_grace_time=self._grace())
        log.info("checking every %s minutes", minutes)

    def watch(self) -> None:
        """Every 30 s: if the last evaluation is far older than the interval, the machine slept."""
        try:  # a new interval from the settings dialog applies within 30 s, not after the old one
            self.set_interval(S.interval_minutes(self.svc_factory().settings))
        except Exception:
            log.exception("could not read the check interval")
        last = self.last_run
        if last is not None and self.clock() - last > self.interval * WAKE_FACTOR:
            self.tick(reason="wake")

    def backup(self) -> None:
        """The daily copy when one is due; a failure becomes an alert inside ``auto``, never a crash."""
        if self._closing:
            return
        try:
            self.last_backup = self.svc_factory().backups.auto(self.clock(), reason="auto")
        except Exception:  # noqa: BLE001 (auto already turns backup trouble into an alert)
            log.exception("automatic backup check failed")
    def retry_outbox(self) -> None:
        try:
            self.svc_factory().retry_outbox(self.clock())
        except Exception:  # a channel's trouble never stops the checks
            log.exception("outbox retry failed")

    # -- one evaluation ---------------------------------------------------------------------------
    def tick(self, reason: str = "interval") -> CheckResult | None:
        with self._state:
            if self._closing:
                return None
            if self._running:
                if reason not in ("interval", "wake"):
                    self._again = reason  # the running one may predate the import: run once more
                return None
            now = self.clock()
            if (reason in ("interval", "wake") and self.last_run is not None
                    and now - self.last_run < self.interval / 2):
                return None  # something else just evaluated (e.g. a wake or "check now")
            self._running = True
        result = None
        try:
            while True:
                result = self._evaluate(reason)
                with self._state:
                    reason, self._again = self._again, None
                    if reason is None or self._closing:
                        self._running = False
                        return result
        except BaseException:
            with self._state:
                self._running = False
            raise

    def _evaluate(self, reason: str) -> CheckResult:
        now = self.clock()
        woke = self.last_run is not None and now - self.last_run > self.interval * WAKE_FACTOR
        if woke:
            log.info("clock jumped %s since the last check: the machine slept", now - self.last_run)
        result = CheckResult(now=now, reason="wake" if woke and reason == "interval" else reason,
                             woke_from_sleep=woke)
        made, svc = None, None
        try:
            svc = self.svc_factory()
            # alerts, notifications and deliveries as the CLI's check makes them: settings read afresh
            # on a shared shop, the group messages sent by the elected PC only
            # the full evaluation at start and on "check now"; otherwise what moved since the last one
            done = svc.check_round(now, for_tabs=self.on_snapshot is not None, full=reason in ("start", "manual"))
            result.raised, result.notifications, result.deliveries = done.raised, done.notifications, done.deliveries
            made = done.made if done.delta is None else done.delta
            self.set_interval(S.interval_minutes(svc.settings))
        except Exception as exc:  # a failed check is logged and reported, the scheduler keeps going
            from app.failures import for_seller

            log.exception("scheduled check failed")
            result.error, result.failure = for_seller(exc), exc  # never the library's text
        result.snapshot_follows = self.on_snapshot is not None and made is not None
        self.last_run = now
        self.evaluations += 1
        if not self._closing:
            self.on_result(result)
        if result.snapshot_follows and not self._closing:
            snapshot = self._snapshot(svc, now, made)
            if not self._closing:
                self.on_snapshot(now, snapshot)
        return result

    @staticmethod
    def _snapshot(svc, now: datetime, made) -> dict | None:
        """The tabs' figures from what this tick read and evaluated: no second risk evaluation; after
        an incremental round only what moved (``Services.snapshot_delta``), for the tabs to patch in."""
        try:
            if getattr(made, "plan", None) is not None:  # an incremental round's Done
                return svc.snapshot_delta(now, made)
            return svc.snapshot(now, *made)
        except Exception:  # the check stands; the window then refreshes on its own
            log.exception("the snapshot of the check could not be made")
            return None

    def shutdown(self, wait: bool = True) -> None:
        """Stop with the app: no new evaluations, wait for a running one to finish its write."""
        with self._state:
            self._closing = True
        if getattr(self, "listener", None) is not None:
            self.listener.stop()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=wait)

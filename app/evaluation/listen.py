"""On a shared PostgreSQL shop: hear another PC's writes at once (the journal's NOTIFY, see
app/evaluation/journal.py) instead of at the next scheduled tick. A daemon thread LISTENs on its
own connection and calls ``on_change`` at most once per ``quiet_seconds``."""

from __future__ import annotations

import logging
import threading
import time

from app.evaluation.journal import CHANNEL

log = logging.getLogger(__name__)


class ChangeListener:
    def __init__(self, url: str, on_change, quiet_seconds: float = 10.0):
        self.url = url.replace("postgresql+psycopg://", "postgresql://")
        self.on_change, self.quiet = on_change, quiet_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="shopsentry-listen", daemon=True)

    def start(self) -> ChangeListener:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        import psycopg

        last = 0.0
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    while not self._stop.is_set():
                        heard = any(True for _ in conn.notifies(timeout=1.0, stop_after=1))
                        # a burst of writes (an import in blocks) wakes the evaluation once
                        if heard and time.monotonic() - last >= self.quiet:
                            last = time.monotonic()
                            self.on_change()
            except Exception:  # noqa: BLE001 (a lost server: the scheduled ticks go on; try again later)
                log.warning("listening for the shop's changes failed; trying again in 30 s", exc_info=True)
                self._stop.wait(30)

"""Keep work off the GUI thread: run a callable in the pool, deliver the result by signal.

Like Picard's run_task/to_main: the worker never touches a widget; the result (or the
error) is delivered through a queued signal, so the slot runs on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)


class _Job(QRunnable):
    def __init__(self, fn: Callable, relay: _Relay):
        super().__init__()
        self.fn, self.relay = fn, relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported on the GUI thread, logged with traceback here
            log.exception("background task failed")
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


_live: set[_Relay] = set()


def run_task(fn: Callable, on_done: Callable | None = None, on_error: Callable | None = None,
             on_progress: Callable | None = None, pool: QThreadPool | None = None) -> _Relay:
    """Run ``fn()`` on a worker thread; ``on_done(result)`` / ``on_error(exc)`` run on the GUI thread.

    ``fn`` may accept no arguments; to report progress, emit ``relay.progress`` from it.
    """
    relay = _Relay()
    _live.add(relay)  # keep the relay alive until it reports

    def finish(_=None):
        _live.discard(relay)

    if on_done:
        relay.done.connect(on_done)
    if on_error:
        relay.failed.connect(on_error)
    if on_progress:
        relay.progress.connect(on_progress)
    relay.done.connect(finish)
    relay.failed.connect(finish)
    (pool or QThreadPool.globalInstance()).start(_Job(fn, relay))
    return relay


def read(owner: QObject, fn: Callable, on_done: Callable, on_error: Callable | None = None) -> _Relay:
    """A store read off the GUI thread (#15); the answer is dropped when ``owner`` was deleted meanwhile
    (a dialog closed, the window gone) — its widgets can no longer be filled."""
    def done(result):
        if shiboken6.isValid(owner):
            on_done(result)

    def failed(exc):
        if on_error is not None and shiboken6.isValid(owner):
            on_error(exc)

    return run_task(fn, done, failed)

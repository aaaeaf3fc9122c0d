"""Follow watched folders while the app runs (watchdog: inotify / ReadDirectoryChangesW / FSEvents).

Events only say "something happened to this path"; a worker thread decides when a file is complete
(its size and time unchanged for ``settle`` seconds, no partial-download name) and hands complete
files to ``deliver`` in batches, so a burst of 50 downloads is one import and a Taobao 订单报表 is
held a little for its 宝贝报表. A folder that disappears (USB stick, network share) is reported
once and picked up again when it returns; a clock jump (the laptop slept) triggers a fresh look.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from app.watch import files
from app.watch.folder import candidates

log = logging.getLogger(__name__)


@dataclass
class _Pending:
    sig: tuple[int, int] | None
    seen: float  # monotonic time first seen
    changed: float  # monotonic time its size or time last changed


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: FolderWatcher, folder: Path):
        self.watcher, self.folder = watcher, folder

    def on_any_event(self, event) -> None:
        if event.event_type == "events_lost":  # the kernel's event queue overflowed (a burst): look again
            self.watcher.rescan(self.folder)
            return
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return  # a file being read (by our own import too) has not changed
        for attr in ("src_path", "dest_path"):  # a finished download is renamed: its new name counts
            path = getattr(event, attr, None)
            if path:
                path = Path(os.fsdecode(path))
                if path.parent == self.folder:  # not the subfolders
                    self.watcher.touch(path)


class FolderWatcher:
    """Watch ``folders``; ``deliver(paths)`` runs on the watcher's own thread with complete files;
    ``on_problem(folder, text)`` / ``on_recovered(folder)`` when a folder goes away and comes back."""

    POLL = 0.5  # the worker's look at pending files (their sizes), not at the folders

    def __init__(self, folders, deliver: Callable[[list[Path]], object], *,
                 on_problem: Callable[[Path, str], None] | None = None,
                 on_recovered: Callable[[Path], None] | None = None,
                 settle: float = 2.0, pair_wait: float = 30.0, check_every: float = 5.0,
                 retry: float = 15.0, wall: Callable[[], float] = time.time):
        self.folders = [Path(f) for f in folders]
        self.deliver, self.on_problem, self.on_recovered = deliver, on_problem, on_recovered
        self.settle, self.pair_wait, self.check_every, self.retry = settle, pair_wait, check_every, retry
        self._again: dict[Path, float] = {}  # locked files (Excel has them open) → when to look again
        self._done: dict[Path, tuple[int, int]] = {}  # (size, time) when delivered: the same file is not news
        self.wall = wall  # the wall clock, against the monotonic one: a jump means the machine slept
        self._pending: dict[Path, _Pending] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._observer = None
        self._watches: dict[Path, object] = {}
        self._down: set[Path] = set()
        self._thread: threading.Thread | None = None

    # -- life ----------------------------------------------------------------------------------
    def start(self) -> None:
        self._observer = Observer()
        self._observer.daemon = True
        self._observer.start()
        for f in self.folders:
            self._attach(f)
        self._thread = threading.Thread(target=self._run, name="shopsentry-watch", daemon=True)
        self._thread.start()

    @property
    def stopping(self) -> threading.Event:
        """Set once the watcher stops: an import in flight is cancelled (rolled back) rather than awaited."""
        return self._stop

    def stop(self) -> None:
        self._stop.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=30)

    def _attach(self, folder: Path) -> bool:
        """Schedule ``folder`` and look at what is already in it (files there at start-up count once)."""
        try:
            if not folder.is_dir():
                raise FileNotFoundError(str(folder))
            look, _ = candidates(folder)
            self._watches[folder] = self._observer.schedule(_Handler(self, folder), str(folder), recursive=False)
        except OSError as exc:
            self._report(folder, exc)
            return False
        if folder in self._down:
            self._down.discard(folder)
            log.info("watched folder is back: %s", folder)
            if self.on_recovered:
                self.on_recovered(folder)
        for p in look:
            self.touch(p)
        return True

    def _report(self, folder: Path, exc: OSError) -> None:
        if folder in self._down:
            return  # said once; said again only after it came back and went away again
        self._down.add(folder)
        reason = "missing" if isinstance(exc, FileNotFoundError) else "unreadable"
        log.warning("watched folder %s is %s (%s)", folder, reason, exc.__class__.__name__)
        if self.on_problem:
            self.on_problem(folder, reason)

    # -- events ----------------------------------------------------------------------------------
    def touch(self, path: Path) -> None:
        if files.ignored(path.name) or files.waiting(path.name):
            return  # a partial download turns into its final name with an event of its own
        now = time.monotonic()
        with self._lock:
            sig = files.signature(path)
            if sig is not None and self._done.get(path) == sig:
                return  # delivered already and unchanged since (a rescan after a wake, a stray event)
            p = self._pending.get(path)
            if p is None:
                self._pending[path] = _Pending(sig, now, now)
            elif sig != p.sig:
                p.sig, p.changed = sig, now

    def _ready(self) -> list[Path]:
        """Complete files: unchanged for ``settle`` seconds; a Taobao half waits for its partner."""
        now = time.monotonic()
        ready, gone = [], []
        with self._lock:
            for path, p in self._pending.items():
                sig = files.signature(path)
                if sig is None:
                    gone.append(path)  # deleted before it was read
                elif sig != p.sig:
                    p.sig, p.changed = sig, now
                elif now - p.changed >= self.settle:
                    ready.append(path)
            for path in gone:
                del self._pending[path]
            stems = {p.name for p in self._pending}
            held = []
            for path in ready:
                partner = files.taobao_partner(path.name)
                if partner and now - self._pending[path].seen < self.pair_wait and \
                        not any(s.startswith(partner) for s in stems):
                    held.append(path)
            ready = [p for p in ready if p not in held]
            if any(now - p.changed < self.settle for p in self._pending.values() if p.sig):
                # a burst is still landing: wait for the rest, import them as one batch
                if all(now - self._pending[p].seen < self.pair_wait for p in ready):
                    return []
            for path in ready:
                self._done[path] = self._pending.pop(path).sig
        return ready

    def rescan(self, folder: Path) -> None:
        """Every file in ``folder`` looked at again (events may have been lost); unchanged ones stay quiet."""
        try:
            look = candidates(folder)[0]
        except OSError:
            return  # gone: the folder check says so
        for p in look:
            self.touch(p)

    def _run(self) -> None:
        last_check = 0.0
        wall, mono = self.wall(), time.monotonic()
        while not self._stop.wait(self.POLL):
            try:
                # wall clock far ahead of the monotonic one: the machine slept; events may be lost
                if (self.wall() - wall) - (time.monotonic() - mono) > 60:
                    log.info("clock jumped: looking at the watched folders again")
                    for f in self.folders:
                        if f not in self._down:
                            self.rescan(f)
                wall, mono = self.wall(), time.monotonic()
                if time.monotonic() - last_check >= self.check_every:
                    last_check = time.monotonic()
                    self._check_folders()
                self._look_again()
                ready = self._ready()
                if ready:
                    result = self.deliver(ready)
                    # ``deliver`` may answer which files could not be opened yet (locked): tried again later
                    for path in getattr(result, "waiting", None) or ():
                        self._done.pop(Path(path), None)
                        self._again[Path(path)] = time.monotonic() + self.retry
            except Exception:  # the watcher outlives any one bad file or folder
                log.exception("watched folder pass failed")

    def _look_again(self) -> None:
        now = time.monotonic()
        for path in [p for p, due in self._again.items() if due <= now]:
            del self._again[path]
            self.touch(path)

    def _check_folders(self) -> None:
        if self._observer is not None and not self._observer.is_alive():  # its thread died (folder gone)
            log.warning("folder observer stopped; starting a new one")
            self._observer = Observer()
            self._observer.daemon = True
            self._observer.start()
            self._watches.clear()
        for f in self.folders:
            ok = f.is_dir() and os.access(f, os.R_OK | os.X_OK)
            if not ok:
                if f in self._watches:
                    try:
                        self._observer.unschedule(self._watches.pop(f))
                    except Exception:  # the watch died with its folder already
                        pass
                self._report(f, FileNotFoundError(str(f)) if not f.exists() else PermissionError(str(f)))
            elif f not in self._watches or f in self._down:
                self._watches.pop(f, None)
                self._attach(f)

"""``watch DIR [--once]`` and ``status`` (../shared/CONTRACT.md, Extensions): the same core as the GUI."""

from __future__ import annotations

import signal
import threading
from datetime import UTC, datetime
from pathlib import Path

from app import text, timeutil
from app.freshness import age_text


def add_parsers(sub, common) -> None:
    sp = sub.add_parser("watch", help="import every new export that lands in a folder")
    sp.add_argument("dir")
    sp.add_argument("--once", action="store_true", help="one pass, then exit")
    common(sp)
    common(sub.add_parser("status", help="how old each platform's data is"))


def run_status(svc, args, emit, now: datetime) -> int:
    tz = svc.tz
    rows = svc.freshness(now)
    lines = [f"{age_text(f)}{'  ' + text.t('(stale)') if f.stale else ''}" for f in rows] or \
        [text.t("No orders yet")]
    emit(args, {"now": timeutil.iso(now, tz), "platforms": [f.to_json(tz) for f in rows]}, lines)
    return 0


def run_watch(svc, args, emit, now: datetime | None, fail) -> int:
    folder = Path(args.dir)
    if not folder.is_dir():
        return fail(args, text.t("{folder} is not a folder that can be watched", folder=str(folder)), 2)
    if args.once:
        result = svc.watch_once(folder, now or datetime.now(UTC))
        emit(args, result.to_json(), [r.summary() for r in result.files] +
             [f"{s['file']}: {s['reason']}" for s in result.skipped])
        return 2 if any(r.status == "rejected" for r in result.files) else 0
    from app.watch.observer import FolderWatcher

    done = threading.Event()
    told: set[tuple[str, str]] = set()  # a locked file is tried again every few seconds: said once

    def deliver(paths):
        # the clock of each batch is its arrival, unless the caller pinned one with --now; stopping
        # (Ctrl+C) cancels an import in flight, rolled back whole
        result = svc.watch_files(paths, now or datetime.now(UTC), cancel=watcher.stopping)
        new = [s for s in result.skipped if (s["file"], s["reason"]) not in told]
        told.update((s["file"], s["reason"]) for s in new)
        if result.files or new:
            emit(args, {"files": [r.to_json() for r in result.files], "skipped": new},
                 [r.summary() for r in result.files] + [f"{s['file']}: {s['reason']}" for s in new])
        return result  # its locked files are looked at again by the watcher

    def problem(f, reason):
        emit(args, {"folder": str(f), "problem": reason},
             [text.t("The watched folder {folder} is not available", folder=str(f))])

    watcher = FolderWatcher([folder], deliver, on_problem=problem)
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    watcher.start()
    try:
        while not done.wait(1):
            pass
    except KeyboardInterrupt:
        pass
    watcher.stop()
    return 0

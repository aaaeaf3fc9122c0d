"""What a refresh costs the app on the risk bench's shop (N open orders over 2,000 SKUs, a contact
task for ~80 % of them), after a first refresh wrote the tasks:

1. one ``Services.snapshot(now)``: everything the four tabs show (a refresh after an import or a
   settings change);
2. one scheduler tick in the steady state (``Checker.tick``: risk, stock, pickups, follow-ups,
   alerts; after a first one raised every alert) followed by what the window does with its result: before app/snapshot.py the window computed a snapshot of its
   own (a second risk evaluation); now it applies the one the tick made;
3. one contact action (a task marked sent) followed by what the window re-reads: before, a whole
   snapshot; now the queue alone.

Only the public service API and the scheduler are used, so the same file measures an older
checkout too (run it from that checkout's directory: the code under ``cwd`` is the one measured).

    .venv/bin/python bench/snapshot_bench.py [N ...]
"""

import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.getcwd())  # the checkout measured: the one the bench is run from
sys.path.insert(1, str(Path(__file__).resolve().parent))

from risk_bench import NOW, SETTINGS, fill, generate  # noqa: E402

from app.scheduler import Checker  # noqa: E402
from app.services import Services  # noqa: E402


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def window_after_tick(svc, result):
    """What the window does once a tick's result arrives (ui/main_window.py ``on_check``)."""
    snap = getattr(result, "snapshot", None)
    return snap if snap is not None else svc.snapshot(result.now)


def window_after_action(svc):
    """What the window re-reads after a contact action (ui/tabs/contact/writes.py → main window)."""
    if importlib.util.find_spec("app.snapshot") is not None:  # the queue alone, from the store
        return svc.contact.list(NOW)
    return svc.snapshot(NOW)["tasks"]


def main(sizes) -> None:
    import app

    print(f"snapshot and tick costs ({Path(app.__file__).parent.parent})")
    for n in sizes:
        svc = Services.open(tempfile.mkdtemp(prefix="ss-snap-"))
        for k, v in SETTINGS.items():
            svc.set_setting(k, v)
        fill(svc, generate(n))
        t_first, snap = timed(lambda svc=svc: svc.snapshot(NOW))  # writes every task: a first look only
        t_snap, snap = timed(lambda svc=svc: svc.snapshot(NOW))
        results = []
        checker = Checker(lambda svc=svc: svc, results.append, clock=lambda: NOW)
        if "with_snapshot" in Checker.__init__.__code__.co_varnames:
            checker.with_snapshot = True  # the window's checker: its result carries the snapshot
        window_after_tick(svc, checker.tick("start"))  # the first raises every alert: not the steady state
        t_tick, result = timed(lambda checker=checker: checker.tick("manual"))
        assert result.error is None, result.error
        t_apply, _ = timed(lambda svc=svc, result=result: window_after_tick(svc, result))
        task = next(v for v in snap["tasks"] if v.status == "todo")
        t_write, _ = timed(lambda svc=svc, task=task: svc.contact.transition(task.task_id, "sent", NOW))
        t_relist, tasks = timed(lambda svc=svc: window_after_action(svc))
        svc.store.dispose()
        print(f"{n:>7,} open orders, {len(tasks):,} tasks: first snapshot {t_first:.2f} s · "
              f"snapshot {t_snap:.2f} s · scheduler tick {t_tick:.2f} s + the window's use of it "
              f"{t_apply:.2f} s = {t_tick + t_apply:.2f} s per tick · contact action: write "
              f"{t_write * 1000:.0f} ms + re-read {t_relist:.2f} s")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100_000])

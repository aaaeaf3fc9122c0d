"""Incremental evaluation (#23): what a scheduler tick costs when little or nothing changed.

On the risk bench's shop (100k open orders over 2,000 SKUs, ~80 % of them needing a contact task):

- first: the full evaluation (the reference: start, "check now"), alerts raised for every at-risk order;
- at the next start: the full evaluation again, in a newly opened app, the alerts already raised;
- again: a tick at the same instant, nothing changed (the journal empty, no instant passed);
- +5 min: a tick five minutes later (some orders cross their warning / critical / overdue instants);
- the same three with a year of history beside the shop (1M shipped orders, 200k resolved alerts,
  100k resolved contact tasks);
- the tabs' side of a tick: the delta a quiet round hands the window (contact queue included) and
  the merge into what the window shows; a contact action's re-list of its own row;
- the CLI: ``main.py alerts --now T`` run again at the same T, and at T + 5 min, beside the same
  command on an empty shop (whole processes, start-up included);
- the window on the shop with its history (the smoke test), its peak RSS.

    .venv/bin/python bench/incremental_bench.py [--orders 100000] [--skip-history] [--skip-cli]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from risk_bench import NOW, SETTINGS, fill, generate  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from app.services import Services  # noqa: E402
from app.store.models import Alert, ContactTask, Order  # noqa: E402


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def rounds(svc, label: str) -> None:
    first, done = timed(lambda: svc.check_round(NOW, full=True))
    again, quiet = timed(lambda: svc.check_round(NOW))
    later, moved = timed(lambda: svc.check_round(NOW + timedelta(minutes=5)))
    assert quiet.delta is not None and quiet.delta.plan.quiet and moved.delta is not None
    # the app started again: its full evaluation (the reference) finds the alerts already raised
    restarted = Services.open(svc.store.data_dir, url=svc.store.url)
    start, _ = timed(lambda: restarted.check_round(NOW + timedelta(minutes=5), full=True))
    restarted.store.dispose()
    print(f"{label}: first (full) {first:.2f} s ({len(done.raised):,} raised) · again, nothing changed "
          f"{again:.3f} s · +5 min {later:.3f} s ({len(moved.delta.risks):,} orders moved, "
          f"{len(moved.raised):,} raised) · full at the next start {start:.2f} s")


def history(svc, n_orders: int) -> None:
    """A year behind the shop: shipped orders, resolved alerts, resolved tasks (Core bulk inserts)."""
    old = NOW - timedelta(days=200)
    with svc.store.session() as s:
        conn = s.connection()
        base = s.scalar(select(func.max(Order.id))) + 1
        for start in range(0, 1_000_000, 100_000):
            conn.execute(insert(Order.__table__), [
                {"id": base + i, "platform": "douyin", "order_id": f"H{i}", "shop_id": 1, "status": "shipped",
                 "paid_at": old, "promised_ship_at": old, "shipped_at": old, "amount_paid_fen": 100, "postage_fen": 0}
                for i in range(start, start + 100_000)])
        conn.execute(insert(Alert.__table__), [
            {"kind": "late_shipment", "key": f"order:old:{i}", "state": "overdue", "severity": 3, "title": "",
             "body": "", "first_raised": NOW - timedelta(days=20), "raised_at": NOW - timedelta(days=20),
             "last_seen": NOW - timedelta(days=20), "resolved_at": NOW - timedelta(days=19)} for i in range(200_000)])
        conn.execute(insert(ContactTask.__table__), [
            {"order_pk": base + i, "reason": "overdue", "template": "延迟发货致歉", "message": "", "status": "resolved",
             "created_at": old, "resolved_at": old, "outcome": "同意等待", "version": 1} for i in range(100_000)])


def tabs(svc) -> None:
    shown = svc.snapshot(NOW + timedelta(minutes=5))
    svc.check_round(NOW + timedelta(minutes=5))  # takes in the tasks the snapshot made
    done = svc.check_round(NOW + timedelta(minutes=5)).delta
    made, delta = timed(lambda: svc.snapshot_delta(NOW + timedelta(minutes=5), done))
    merged, _ = timed(lambda: svc.merge_snapshot(shown, delta))
    task = next(v for v in shown["tasks"] if v.status == "todo")
    act, _ = timed(lambda: svc.contact.transition(task.task_id, "sent", NOW + timedelta(minutes=5)))
    relist, rows = timed(lambda: svc.contact.list(NOW + timedelta(minutes=5), only=[task.order_pk]))
    print(f"tabs, {len(shown['tasks']):,} tasks: a quiet round's delta {made:.3f} s, merged into the shown "
          f"snapshot {merged:.3f} s · 标记已发送: the write {act * 1000:.0f} ms, its row listed again "
          f"{relist * 1000:.0f} ms ({len(rows)} row) · peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")


def cli(data_dir: str) -> None:
    def run(d, at):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "main.py"), "--data-dir", d, "--now", at, "alerts", "--json"],
                       check=True, capture_output=True)
        return time.perf_counter() - t0

    empty = tempfile.mkdtemp(prefix="ss-inc-empty-")
    t = NOW.strftime("%Y-%m-%dT%H:%M:%S")
    t5 = (NOW + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S")
    run(empty, t)
    base = min(run(empty, t) for _ in range(3))
    # the first run takes the day's automatic backup and checks the file (the bench wrote it, not a
    # clean close of the app): once a day, as after a crash
    first = run(data_dir, t)
    same = min(run(data_dir, t) for _ in range(3))
    later = run(data_dir, t5)
    print(f"CLI alerts: empty shop {base:.2f} s · same T again {same:.2f} s (+{same - base:.2f}; the day's "
          f"first run, backup and check, +{first - base:.2f}) · T + 5 min {later:.2f} s (+{later - base:.2f})")


def gui_memory(data_dir: str) -> None:
    """The window on this shop (the smoke test: start, whole snapshot, every tab filled and painted,
    offscreen), its peak resident memory as the OS counts it."""
    import os

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    t0 = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "main.py"), "--data-dir", data_dir, "--smoke-test"], env=env,
                   check=True, capture_output=True, timeout=900)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(f"GUI: window opened on this shop and every tab painted in {time.perf_counter() - t0:.1f} s, "
          f"peak RSS {peak} MiB (the largest child so far)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=100_000)
    ap.add_argument("--skip-history", action="store_true")
    ap.add_argument("--skip-cli", action="store_true")
    args = ap.parse_args()
    d = tempfile.mkdtemp(prefix="ss-inc-")
    svc = Services.open(d)
    for k, v in SETTINGS.items():
        svc.set_setting(k, v)
    fill(svc, generate(args.orders))
    rounds(svc, f"{args.orders:,} open orders")
    svc.check_round(NOW, full=True)  # as the CLI then finds it
    if not args.skip_cli:
        svc.store.dispose()  # as when the window is closed: another process's -wal makes each run check the file
        cli(d)
    tabs(svc)
    if not args.skip_history:
        history(svc, args.orders)
        rounds(svc, "  with a year of history")
    svc.store.dispose()
    if not args.skip_cli:
        gui_memory(d)


if __name__ == "__main__":
    main()

"""Scheduler evaluation speed: one ``alerts`` evaluation over N open orders and 2,000 SKUs
(the risk bench's shop), as the in-app scheduler runs it every 5 minutes on its worker thread.

- first: every at-risk order and SKU raises (inserts) an alert;
- again: the same time, nothing changes (the steady state every 5 minutes);
- +7 h: levels rise and some conditions clear;
- with history: the same after 200,000 resolved alerts of earlier weeks sit in the table;
- the alert centre's list query, which runs on the GUI thread after every check.

    .venv/bin/python bench/alerts_bench.py
"""

import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from risk_bench import NOW, SETTINGS, fill, generate  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from app.alerts.service import notifications_due  # noqa: E402
from app.services import Services  # noqa: E402
from app.store.models import Alert  # noqa: E402

SIZES = (25_000, 100_000)
HISTORY = 200_000


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main() -> None:
    print("alerts evaluation (risk + stock + pickups + follow-ups + change of state + notifications)")
    for n in SIZES:
        svc = Services.open(tempfile.mkdtemp(prefix="ss-alerts-"))
        for k, v in SETTINGS.items():
            svc.set_setting(k, v)
        fill(svc, generate(n))
        first, (raised, current) = timed(lambda svc=svc: svc.evaluate_alerts(NOW))
        notes = notifications_due(svc, NOW, current)
        again, (raised2, _) = timed(lambda svc=svc: svc.evaluate_alerts(NOW))
        later, (raised3, _) = timed(lambda svc=svc: svc.evaluate_alerts(NOW + timedelta(hours=7)))
        with svc.store.session() as s:
            s.connection().execute(insert(Alert.__table__), [
                {"kind": "late_shipment", "key": f"order:old:{i}", "state": "overdue", "severity": 3,
                 "title": "订单已超时", "body": "", "first_raised": NOW - timedelta(days=20),
                 "raised_at": NOW - timedelta(days=20), "last_seen": NOW - timedelta(days=20),
                 "resolved_at": NOW - timedelta(days=19)} for i in range(HISTORY)])
        hist, _ = timed(lambda svc=svc: svc.evaluate_alerts(NOW + timedelta(hours=7, minutes=5)))
        centre, (rows, waiting, _open) = timed(lambda svc=svc: svc.open_alerts(NOW + timedelta(hours=7)))
        with svc.store.session() as s:
            total = s.scalar(select(func.count(Alert.id)))
        svc.store.dispose()
        assert raised2 == [] and len(notes) == 1
        print(f"{n:>7,} open orders: first {first:.2f} s ({len(raised):,} raised, 1 notification); "
              f"again {again:.2f} s (0 raised); +7 h {later:.2f} s ({len(raised3):,} raised); "
              f"with {HISTORY:,} resolved in history {hist:.2f} s ({total:,} rows); "
              f"alert centre list (GUI thread) {centre * 1000:.0f} ms ({len(rows)} of {waiting:,} shown)")


if __name__ == "__main__":
    main()

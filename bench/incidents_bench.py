"""Incident detection speed: 100k open orders over 2,000 SKUs paid over the last 10 days on five
platforms (a 30-day history behind them), one price error of 300 orders in the last 40 minutes.

Measured as the scheduler's evaluation runs it (the risk evaluation is shared with the other alerts,
so it is not counted): the detection alone (``find``), the first refresh that stores the incident,
links its orders and writes its 300 contact messages, a steady refresh (the incident known), and
the listing the window's snapshot adds to every tab refresh. Target (issue #18): ≤ 0.3 s; wall and CPU
time are both printed (on a shared machine the wall time mostly measures the other processes).

First (issue #23), as the scheduler's full evaluation meets it: the refresh on the risk bench's shop
at 100k open orders, then with a year of history beside it (1M finished orders; see
health_bench.py). ``--rooms``: only that; ``--pg ADMIN_URL``: that on a fresh PostgreSQL database.

    .venv/bin/python bench/incidents_bench.py [--rooms] [--pg ADMIN_URL]
"""

import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import insert, select  # noqa: E402

from app.services import Services  # noqa: E402
from app.store.models import Order, OrderLine, Sku  # noqa: E402

NOW = datetime(2026, 11, 20, 18, tzinfo=ZoneInfo("Asia/Shanghai"))
PLATFORMS = ["douyin", "taobao", "pdd", "kuaishou", "tiktok"]
OPEN, SKUS, BURST = 100_000, 2_000, 300


def fill(svc: Services) -> None:
    rnd = random.Random(18)
    now = NOW.astimezone(UTC)
    with svc.store.session() as s:
        conn = s.connection()
        conn.execute(insert(Sku.__table__), [{"code": f"SK{k:05d}", "name": f"商品{k}", "cost_fen": 1000 + k,
                                              "safety_stock": 0, "lead_time_days": 7, "active": True,
                                              "is_bundle": False} for k in range(SKUS)])
        orders, lines = [], []
        # the open ones over the last 10 days, and as many shipped ones over the 20 days before
        for k in range(2 * OPEN + BURST):
            burst = k >= 2 * OPEN
            sku = 7 if burst else rnd.randrange(SKUS)
            price = (2000 + 10 * sku) // (10 if burst else 1)
            if burst:
                paid = now - timedelta(minutes=20) - timedelta(seconds=8 * (k - 2 * OPEN))
            elif k < OPEN:
                paid = now - timedelta(minutes=rnd.randint(30, 10 * 24 * 60))
            else:
                paid = now - timedelta(minutes=rnd.randint(10 * 24 * 60, 30 * 24 * 60))
            orders.append({"id": k + 1, "platform": "douyin" if burst else PLATFORMS[k % 5],
                           "order_id": str(10**15 + k), "status": "shipped" if OPEN <= k < 2 * OPEN else "unshipped",
                           "paid_at": paid, "promised_ship_at": paid + timedelta(hours=48),
                           "amount_paid_fen": price, "postage_fen": 0, "buyer": f"b{k}"})
            lines.append({"order_pk": k + 1, "line_id": f"{k}-1", "sku_id": sku + 1, "sku_code": f"SK{sku:05d}",
                          "quantity": 1, "unit_price_fen": price, "amount_fen": price})
        for part in range(0, len(orders), 20_000):
            conn.execute(insert(Order.__table__), orders[part:part + 20_000])
            conn.execute(insert(OrderLine.__table__), lines[part:part + 20_000])


def timed(fn):
    """As the evaluation runs it: the alert conditions are gathered with the GC paused (app.nogc)."""
    from app.nogc import no_gc

    with no_gc():
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        return (time.perf_counter() - t0, time.process_time() - c0), out


def rooms(url: str | None = None) -> None:
    """The incident room in the scheduler's full evaluation (``IncidentService.refresh`` given the
    check's risks): the risk bench's shop at 100k open orders, then with a year of history beside it."""
    from health_bench import rooms_shop, timed3, with_history

    svc = rooms_shop(url)
    for label in ("100k open orders", None):
        label = label or with_history(svc)
        risks = svc.risk(NOW)
        wall, cpu = timed3(lambda risks=risks: svc.incidents.refresh(NOW, risks))
        print(f"{label}: incidents refresh {wall:.2f} s (CPU {cpu:.2f} s); load {os.getloadavg()[0]:.1f}", flush=True)
    svc.store.dispose()


def main() -> None:
    from health_bench import run_rooms

    from app.incidents import service, views

    if run_rooms(rooms):
        return

    with tempfile.TemporaryDirectory() as d:
        svc = Services.open(d)
        fill(svc)
        with svc.store.session() as s:
            assert s.scalar(select(Order.id).where(Order.order_id == str(10**15))) is not None
        risks = svc.risk(NOW)
        with svc.store.session() as s:
            t_find, found = timed(lambda: service.find(s, NOW, svc.settings))
        with svc.store.session() as s:
            t_first, new = timed(lambda: service.refresh(s, NOW, svc.settings, risks))
        steady = []
        for _ in range(3):
            with svc.store.session() as s:
                steady.append(timed(lambda: service.refresh(s, NOW, svc.settings, risks))[0])
        with svc.store.session() as s:
            t_list, shown = timed(lambda: views.listing(s))
        print(f"{OPEN:,} open orders, {SKUS:,} SKUs: found {[(f.kind, f.code, f.orders) for f in found]}")
        best = min(steady)
        print("wall s / CPU s (on a shared machine the CPU figure is the one that compares):")
        print(f"detection {t_find[0]:.3f} / {t_find[1]:.3f} · first refresh (store + 300 messages) "
              f"{t_first[0]:.3f} / {t_first[1]:.3f} · steady refresh {best[0]:.3f} / {best[1]:.3f} · "
              f"listing for the tabs {t_list[0]:.4f} / {t_list[1]:.4f}")
        ok = t_find[1] <= 0.3 and best[1] <= 0.3 and len(new) == 1 and len(shown) == 1
        print(f"load average {os.getloadavg()[0]:.1f}; " + ("within 0.3 s" if ok else "OVER 0.3 s"))
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

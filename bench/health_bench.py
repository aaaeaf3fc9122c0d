"""Shop health speed: every platform's shop-level metrics (late dispatch over 30 and 90 days, seller-
fault and out-of-stock cancellations, 揽收及时率, the projection, the 30-day history and forecast)
from the store at 25k / 50k / 100k orders placed over the last 90 days, as `health --json` and the
店铺健康 panel compute them; and the panel filled from the 100k result.

About 4 % of orders ship late, 2 % are cancelled (half of them for the seller's fault, with the
reason as the exports write it), 3 % are still open (some past their deadline).

First (issue #23), as the scheduler's full evaluation meets it: the risk bench's shop at 100k open
orders, then with a year of history beside it (1M finished orders, ids in payment order as imports
make them); alone and given the check's risk evaluation. ``--rooms``: only that; ``--pg ADMIN_URL``:
that on a fresh PostgreSQL database instead.

    .venv/bin/python bench/health_bench.py [--rooms] [--pg ADMIN_URL]
"""

import json
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

from sqlalchemy import insert  # noqa: E402

from app.services import Services  # noqa: E402
from app.store.models import Order  # noqa: E402

NOW = datetime(2026, 11, 20, 18, tzinfo=ZoneInfo("Asia/Shanghai"))
PLATFORMS = ["douyin", "taobao", "pdd", "kuaishou", "tiktok"]
SIZES = (25_000, 50_000, 100_000)
HISTORY = 1_000_000


def fill(svc: Services, n: int) -> None:
    rnd = random.Random(n)
    now = NOW.astimezone(UTC)
    rows = []
    for k in range(n):
        p = PLATFORMS[k % 5]
        paid = now - timedelta(minutes=rnd.randint(60, 90 * 24 * 60))
        promised = paid + timedelta(hours=48) if p in ("douyin", "pdd", "kuaishou") else None
        row = {"platform": p, "order_id": str(10**15 + k), "status": "shipped", "paid_at": paid, "created_at": paid,
               "promised_ship_at": promised, "shipped_at": None, "picked_up_at": None, "cancel_by": None,
               "cancel_reason": None, "amount_paid_fen": 5990}
        x = rnd.random()
        if x < 0.03 and paid > now - timedelta(days=4):
            row["status"] = "unshipped"
        elif x < 0.05:
            row["status"] = "closed"
            row["cancel_by"] = "Seller" if p == "tiktok" and x < 0.04 else ("Buyer" if p == "tiktok" else None)
            row["cancel_reason"] = "商家缺货" if x < 0.04 else "不想要了"
        else:
            late = rnd.random() < 0.04
            row["shipped_at"] = min(now, paid + timedelta(hours=rnd.randint(50, 120) if late else rnd.randint(2, 30)))
            if p == "taobao":
                row["picked_up_at"] = min(now, row["shipped_at"] + timedelta(hours=rnd.randint(1, 30)))
        rows.append(row)
    with svc.store.session() as s:
        conn = s.connection()
        for k in range(0, n, 20_000):
            conn.execute(insert(Order.__table__), rows[k:k + 20_000])
        s.commit()


def year_of_history(svc: Services, n: int, before: datetime, seed: int = 365) -> None:
    """``n`` finished orders (one line each) paid over the year before ``before``, as a shop that
    has run a year keeps them: 95 % shipped (4 % of them late, Taobao's also picked up), 5 %
    cancelled; Douyin, PDD and Kuaishou with the export's promised time. Lines priced 0 like the
    risk bench's open ones (a price of their own would read as a price error on every SKU)."""
    from app.store.models import OrderLine
    from app.store.session import bulk_insert

    rnd = random.Random(seed)
    end = before.astimezone(UTC)
    first = 10**9  # ids clear of the open orders'
    # imported day by day: ids follow the payment time, as in a shop's own database
    paid_at = sorted(end - timedelta(seconds=rnd.randint(0, 362 * 86400)) for _ in range(n))
    with svc.store.session() as s:
        conn = s.connection()
        for part in range(0, n, 100_000):
            o: dict[str, list] = {k: [] for k in ("id", "platform", "order_id", "status", "paid_at", "created_at",
                                                 "promised_ship_at", "shipped_at", "picked_up_at", "cancel_reason",
                                                 "amount_paid_fen", "postage_fen", "buyer")}
            ln: dict[str, list] = {k: [] for k in ("order_pk", "line_id", "sku_id", "quantity", "unit_price_fen",
                                                  "amount_fen", "product")}
            for k in range(part, min(n, part + 100_000)):
                p = PLATFORMS[k % 5]
                paid = paid_at[k]
                shipped = picked = None
                closed = rnd.random() < 0.05
                if not closed:
                    shipped = paid + timedelta(hours=rnd.randint(50, 120) if rnd.random() < 0.04 else rnd.randint(2, 30))
                    picked = shipped + timedelta(hours=rnd.randint(1, 30)) if p == "taobao" else None
                for key, v in (("id", first + k), ("platform", p), ("order_id", str(2 * 10**15 + k)),
                               ("status", "closed" if closed else "completed"), ("paid_at", paid), ("created_at", paid),
                               ("promised_ship_at", paid + timedelta(hours=48) if p in ("douyin", "pdd", "kuaishou")
                                else None), ("shipped_at", shipped), ("picked_up_at", picked),
                               ("cancel_reason", "不想要了" if closed else None), ("amount_paid_fen", 5990),
                               ("postage_fen", 0), ("buyer", f"h{k % 40_000}")):
                    o[key].append(v)
                for key, v in (("order_pk", first + k), ("line_id", "1"), ("sku_id", rnd.randint(1, 2000)),
                               ("quantity", 1), ("unit_price_fen", 0), ("amount_fen", 0), ("product", "商品")):
                    ln[key].append(v)
            bulk_insert(conn, Order.__table__, o)
            bulk_insert(conn, OrderLine.__table__, ln)


def best(fn, repeat: int = 3):
    times, out = [], None
    for _ in range(repeat):
        out = None
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def panel_paint(svc, metrics) -> float:
    """The 店铺健康 tab filled from the metrics and painted once (offscreen)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui.tabs.health_tab import HealthTab

    app = QApplication.instance() or QApplication([])
    tab = HealthTab()
    tab.resize(1260, 700)
    tab.set_shop(True, False)
    texts = [svc.health.sentences(m) for m in metrics]
    marks = svc.health.order_marks(metrics)
    t0 = time.perf_counter()
    tab.set_data(metrics, texts, len(marks))
    tab.show()
    app.processEvents()
    tab.grab()
    return time.perf_counter() - t0


def timed3(fn) -> tuple[float, float]:
    """(wall s, CPU s), best of 3, with the collector paused as the scheduler gathers the rooms."""
    from app.nogc import no_gc

    best_wall = best_cpu = float("inf")
    for _ in range(3):
        with no_gc():
            t0, c0 = time.perf_counter(), time.process_time()
            fn()
            best_wall, best_cpu = min(best_wall, time.perf_counter() - t0), min(best_cpu, time.process_time() - c0)
    return best_wall, best_cpu


def rooms_shop(url: str | None = None) -> Services:
    """The risk bench's shop (100k open orders over 2,000 SKUs), as the issue #23 figures use it."""
    from risk_bench import SETTINGS, generate
    from risk_bench import fill as fill_open

    svc = Services.open(tempfile.mkdtemp(prefix="ss-rooms-"), url=url)
    for k, v in SETTINGS.items():
        svc.set_setting(k, v)
    fill_open(svc, generate(100_000))
    return svc


def with_history(svc: Services) -> str:
    """A year of finished orders added before the open ones (paid up to 4,000 minutes ago)."""
    year_of_history(svc, HISTORY, NOW - timedelta(minutes=4001))
    if not svc.store.is_sqlite:
        with svc.store.engine.begin() as conn:  # fresh statistics, as autovacuum would have by now
            conn.exec_driver_sql("ANALYZE")
    return f"+ a year of history ({HISTORY:,} finished orders)"


def rooms(url: str | None = None) -> None:
    """Shop health in the scheduler's full evaluation: on the risk bench shop, then with a year of
    history beside it; alone, and given the check's own risk evaluation (``risks=``)."""
    svc = rooms_shop(url)
    for label in ("100k open orders", None):
        label = label or with_history(svc)
        risks = svc.risk(NOW)
        wall, cpu = timed3(lambda: svc.health.evaluate(NOW))
        line = f"{label}: health {wall:.2f} s (CPU {cpu:.2f} s)"
        try:
            wall, cpu = timed3(lambda risks=risks: svc.health.evaluate(NOW, risks=risks))
            line += f"; given the risks {wall:.2f} s (CPU {cpu:.2f} s)"
        except TypeError:  # before #23: no risks= to pass
            pass
        print(line + f"; load {os.getloadavg()[0]:.1f}", flush=True)
    svc.store.dispose()


def run_rooms(measure) -> bool:
    """``measure(url)`` on SQLite, or on a fresh PostgreSQL database (``--pg ADMIN_URL``); whether
    that is all (``--rooms``)."""
    pg = sys.argv[sys.argv.index("--pg") + 1] if "--pg" in sys.argv else None
    print("the risk bench shop (100k open orders), best of 3" + (" — PostgreSQL" if pg else ""), flush=True)
    if pg:
        import pgbench_db

        url = pgbench_db.fresh(pg)
        try:
            measure(url)
        finally:
            pgbench_db.drop(pg, url)
    else:
        measure(None)
    return "--rooms" in sys.argv


def main() -> None:
    if run_rooms(rooms):
        return
    print("shop health, every platform's metrics from the store, best of 3")
    for n in SIZES:
        svc = Services.open(tempfile.mkdtemp(prefix="ss-health-"))
        fill(svc, n)
        secs, metrics = best(lambda svc=svc: svc.health.evaluate(NOW))
        t0 = time.perf_counter()
        doc = json.dumps({"metrics": [m.to_json(svc.tz) for m in metrics]}, ensure_ascii=False)
        js = time.perf_counter() - t0
        ldr = next(m for m in metrics if m.d.platform == "tiktok" and m.d.metric == "late_dispatch_rate")
        line = f"{n:>7,} orders: {len(metrics)} metrics {secs:.2f} s (+ JSON {js * 1000:.0f} ms, {len(doc) // 1024} KiB); " \
               f"TikTok LDR {ldr.late}/{ldr.orders} = {ldr.rate:.3f}, {ldr.overdue} overdue open"
        if n == SIZES[-1]:
            line += f"; panel filled and painted {panel_paint(svc, metrics):.2f} s"
        svc.store.dispose()
        print(line)


if __name__ == "__main__":
    main()

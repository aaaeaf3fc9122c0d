"""Risk evaluation speed: N open orders over 2,000 SKUs (deadlines, EDF allocation, penalties,
reasons) at 25k / 50k / 100k, to show it is linear in orders.

1. in memory: rows generated as plain tuples, timed through ``evaluate_rows`` (the evaluation alone);
2. end to end: the same rows bulk-inserted into a fresh store (Core insert), timed through
   ``evaluate_risk`` (the selects included), as the CLI and the GUI run it, and the selects alone
   (``load_for``: what no change to the evaluation can take off);
   (the stored orders also carry buyers and product titles, so Taobao's same-buyer same-day cap
   and title speed words are part of the end-to-end figure);
3. the reason texts, which the engine writes on first access, all of them (what ``risk --json``
   adds on top; the tab writes them for the selected row only).

Stock per SKU scales with N so that every size has the same mix of covered and short orders.

    .venv/bin/python bench/risk_bench.py [--pg ADMIN_URL]

``--pg``: the end-to-end figure also on a fresh database on that PostgreSQL server, beside SQLite's.
"""

import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pgbench_db  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from app.risk.engine import evaluate_rows, load_for  # noqa: E402
from app.services import Services  # noqa: E402
from app.store.models import BundleComponent, Order, OrderLine, Shop, Sku, StockMovement  # noqa: E402

NOW = datetime(2026, 11, 20, 18, tzinfo=ZoneInfo("Asia/Shanghai"))
PLATFORMS = ["douyin", "taobao", "pdd", "kuaishou", "tiktok"]
SKUS = 2000
SIZES = (25_000, 50_000, 100_000)
SETTINGS = {"timezone": "Asia/Shanghai", "risk.critical_hours": 6, "risk.warning_hours": 24,
            "risk.stop_ship_regions": ["新疆", "西藏"], "risk.pauses": [], "rules.overrides": {}}
PROVINCES = ["广东省", "浙江省", "新疆维吾尔自治区", "江苏省", "山东省", "北京市"]


def generate(n: int) -> dict:
    """Plain rows in the shape ``load_rows`` returns (times as epoch seconds)."""
    rnd = random.Random(n)
    now_ts = NOW.timestamp()
    shops = {i + 1: ('{"promise": "same_day", "cutoff": "16:00"}' if p == "douyin" else "{}")
             for i, p in enumerate(PLATFORMS)}
    orders, lines = [], []
    for k in range(n):
        pk = k + 1
        p = PLATFORMS[k % 5]
        paid = now_ts - rnd.randint(0, 4000) * 60
        promised = paid + 48 * 3600 if p in ("pdd", "kuaishou") else None
        orders.append((pk, p, str(10**15 + k), k % 5 + 1, "普通订单", paid, paid - 60, promised,
                       rnd.randint(990, 50000), rnd.choice((0, 0, 600)), rnd.choice(PROVINCES), "某市", None))
        lines.append((pk, rnd.randint(1, SKUS), rnd.randint(1, 3)))
        if k % 7 == 0:
            lines.append((pk, rnd.randint(1, SKUS), 1))
    # average demand per SKU ~ 2.3 n / SKUS; stock covers about 80 % of it
    top = max(1, int(2.3 * n / SKUS * 1.6))
    on_hand = {s: rnd.randint(0, top) for s in range(1, SKUS + 1)}
    bundles = {s: [(s + 1, 2), (s + 2, 1)] for s in range(1, SKUS - 2, 100)}
    return {"orders": orders, "lines": lines, "on_hand": on_hand, "bundles": bundles, "shops": shops}


def fill(svc: Services, rows: dict) -> None:
    def at(ts):
        return datetime.fromtimestamp(ts, UTC) if ts is not None else None

    with svc.store.session() as s:
        conn = s.connection()
        conn.execute(insert(Shop.__table__), [{"id": i, "platform": PLATFORMS[i - 1], "name": "店", "options": o}
                                              for i, o in rows["shops"].items()])
        conn.execute(insert(Sku.__table__), [{"id": i, "code": f"S{i:04d}", "name": f"商品{i}", "cost_fen": 0,
                                              "safety_stock": 5, "lead_time_days": 7, "active": True,
                                              "is_bundle": i in rows["bundles"]} for i in range(1, SKUS + 1)])
        conn.execute(insert(BundleComponent.__table__), [{"bundle_id": b, "component_id": c, "quantity": q}
                                                         for b, comps in rows["bundles"].items() for c, q in comps])
        conn.execute(insert(StockMovement.__table__), [{"sku_id": i, "kind": "sheet", "delta": q,
                                                        "at": NOW - timedelta(days=3)} for i, q in rows["on_hand"].items()])
        conn.execute(insert(Order.__table__), [
            {"id": pk, "platform": p, "order_id": oid, "shop_id": shop, "status": "unshipped", "order_type": ot,
             "paid_at": at(paid), "created_at": at(created), "promised_ship_at": at(prom), "amount_paid_fen": fen,
             "postage_fen": post, "province": prov, "city": city, "address": addr,
             "buyer": f"buyer{pk % max(1, len(rows['orders']) // 3)}"}  # ~3 orders a buyer: the same-day caps
            for pk, p, oid, shop, ot, paid, created, prom, fen, post, prov, city, addr in rows["orders"]])
        # a title speed word (现货 / 极速发) on a quarter of the lines: Taobao's promise held shorter
        conn.execute(insert(OrderLine.__table__), [
            {"order_pk": pk, "line_id": str(i), "sku_id": sku, "quantity": q, "unit_price_fen": 0, "amount_fen": 0,
             "product": ("商品 现货", "商品", "极速发 商品", "商品")[i % 4]}
            for i, (pk, sku, q) in enumerate(rows["lines"])])


def best(fn, repeat: int = 3) -> tuple[float, float, object]:
    """Best wall time, best CPU time of this process (steadier on a shared machine; SQLite runs in this
    process, so for it the CPU time is all of it), the last result."""
    times, cpus, out = [], [], None
    for _ in range(repeat):
        out = None  # free the previous result outside the timing
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return min(times), min(cpus), out


def main() -> None:
    print(f"risk evaluation, {SKUS:,} SKUs, best of 3")
    for n in SIZES:
        rows = generate(n)
        secs, _cpu, risks = best(lambda rows=rows: evaluate_rows(now=NOW, settings=SETTINGS, **rows))
        short = sum(r.stock_short for r in risks)
        svc = Services.open(tempfile.mkdtemp(prefix="ss-risk-"), url="sqlite:///" + tempfile.mktemp(suffix=".db"))
        for k, v in SETTINGS.items():
            svc.set_setting(k, v)
        fill(svc, rows)
        e2e, e2e_cpu, risks2 = best(lambda svc=svc: svc.risk(NOW))
        read, read_cpu, _ = best(lambda svc=svc: read_alone(svc))
        # the store's rows also carry buyers and titles (caps, speed words): the deadlines may differ
        assert len(risks2) == n
        pg = on_postgresql(rows, n)
        # the reason texts are written on first access (the tab: the selected row); what writing
        # all of them costs, as `risk --json` does
        t0 = time.perf_counter()
        words = sum(len(r.reasons) for r in risks2)
        texts = time.perf_counter() - t0
        svc.store.dispose()
        print(f"{n:>7,} open orders: in memory {secs:.2f} s ({secs / n * 1e6:.1f} µs/order); "
              f"end to end from the store {e2e:.2f} s, CPU {e2e_cpu:.2f} s (the read alone {read:.2f} s, CPU {read_cpu:.2f} s); "
              f"{short:,} short; "
              f"+ every reason text {texts:.2f} s ({words:,} lines)"
              + (f"; PostgreSQL end to end {pg:.2f} s ({pg / e2e:.2f}x SQLite)" if pg is not None else ""))


def read_alone(svc: Services) -> dict:
    """What the end-to-end figure spends in the selects (``load_for``), the evaluation's floor on this store."""
    with svc.store.session() as s:
        return load_for(s, svc.settings)


def on_postgresql(rows, n: int) -> float | None:
    """The same end-to-end evaluation on a fresh PostgreSQL database (``--pg ADMIN_URL``)."""
    admin = pgbench_db.admin_url()
    if not admin:
        return None
    url = pgbench_db.fresh(admin)
    svc = Services.open(tempfile.mkdtemp(prefix="ss-risk-"), url=url)
    try:
        for k, v in SETTINGS.items():
            svc.set_setting(k, v)
        fill(svc, rows)
        with svc.store.engine.begin() as conn:  # fresh statistics, as autovacuum would have by now
            conn.exec_driver_sql("ANALYZE")
        secs, _cpu, risks = best(lambda: svc.risk(NOW))
        assert len(risks) == n
        return secs
    finally:
        svc.store.dispose()
        pgbench_db.drop(admin, url)


if __name__ == "__main__":
    main()

"""Risk evaluation speed: N open orders over 2,000 SKUs in a fresh store, end to end
(deadlines, EDF allocation, penalties), at 25k / 50k / 100k to show it is linear.

    .venv/bin/python bench/risk_bench.py
"""

import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select  # noqa: E402

from app.services import Services  # noqa: E402
from app.store.models import Order, OrderLine, Sku, StockMovement  # noqa: E402

NOW = datetime(2026, 11, 20, 18, tzinfo=ZoneInfo("Asia/Shanghai"))
PLATFORMS = ["douyin", "taobao", "pdd", "kuaishou", "tiktok"]


def fill(svc, n: int) -> None:
    rnd = random.Random(n)
    with svc.store.session() as s:
        conn = s.connection()
        conn.execute(insert(Sku.__table__), [{"code": f"S{i:04d}", "name": f"商品{i}", "cost_fen": 0,
                                              "safety_stock": 5, "lead_time_days": 7, "active": True,
                                              "is_bundle": False} for i in range(2000)])
        ids = [i for (i,) in s.execute(select(Sku.id))]
        conn.execute(insert(StockMovement.__table__), [{"sku_id": i, "kind": "sheet", "delta": rnd.randint(0, 80),
                                                        "at": NOW - timedelta(days=3)} for i in ids])
        orders = []
        for k in range(n):
            p = PLATFORMS[k % 5]
            paid = NOW - timedelta(minutes=rnd.randint(0, 4000))
            orders.append({"platform": p, "order_id": str(10**15 + k), "status": "unshipped", "paid_at": paid,
                           "promised_ship_at": paid + timedelta(hours=48) if p in ("douyin", "pdd") else None,
                           "amount_paid_fen": rnd.randint(990, 50000), "postage_fen": 0})
        conn.execute(insert(Order.__table__), orders)
        pks = [i for (i,) in s.execute(select(Order.id))]
        conn.execute(insert(OrderLine.__table__), [{"order_pk": pk, "line_id": str(pk), "sku_id": rnd.choice(ids),
                                                    "quantity": rnd.randint(1, 3), "unit_price_fen": 0,
                                                    "amount_fen": 0} for pk in pks])


def main() -> None:
    for n in (25_000, 50_000, 100_000):
        svc = Services.open(tempfile.mkdtemp(prefix="ss-risk-"))
        fill(svc, n)
        t0 = time.perf_counter()
        risks = svc.risk(NOW)
        secs = time.perf_counter() - t0
        short = sum(r.stock_short for r in risks)
        print(f"{n:>7,} open orders / 2,000 SKUs: full evaluation {secs:.2f} s ({short:,} short)")


if __name__ == "__main__":
    main()

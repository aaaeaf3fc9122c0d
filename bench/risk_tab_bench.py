"""Order-risk tab with 100,000 rows: time to first paint and to sort by each column.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/risk_tab_bench.py [rows]
"""

import os
import random
import sys
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.risk.types import OrderRisk  # noqa: E402
from ui.tabs.risk_tab import RiskTab  # noqa: E402


def rows(n: int, now: datetime):
    rnd = random.Random(1)
    levels = ("overdue", "critical", "warning", "ok")
    out, info = [], {}
    for i in range(n):
        ship_by = now + timedelta(minutes=rnd.randint(-3000, 6000))
        out.append(OrderRisk(order_pk=i, platform=rnd.choice(["douyin", "taobao", "pdd"]), order_id=str(6900000000000000000 + i),
                             ship_by=ship_by, level=rnd.choice(levels), stock_short=rnd.random() < 0.1,
                             short_units=rnd.randint(0, 3), stop_ship=False, penalty_estimate=Decimal(rnd.randint(0, 5000)) / 100,
                             penalty_stockout=Decimal(3), rule="douyin/发货超时/2026-08-10", rule_verified=True,
                             amount_paid=Decimal("59.90"), paid_at=ship_by - timedelta(hours=48), reasons=["x"]))
        info[i] = {"product": f"商品{i % 2000}", "skus": f"SS{i % 2000:04d}", "buyer": "王芳 138****1234"}
    return out, info


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    app = QApplication.instance() or QApplication([])
    now = datetime(2026, 11, 20, 18, tzinfo=ZoneInfo("Asia/Shanghai"))
    data, info = rows(n, now)
    tab = RiskTab()
    tab.resize(1280, 700)
    tab.show()
    t0 = time.perf_counter()
    tab.set_data(data, info, now)
    tab.repaint()
    app.processEvents()
    paint = time.perf_counter() - t0
    sorts = {}
    for col in range(tab.model.columnCount()):
        t0 = time.perf_counter()
        tab.table.sortByColumn(col, Qt.DescendingOrder)
        tab.repaint()
        app.processEvents()
        sorts[tab.model.columns[col].key] = time.perf_counter() - t0
    print(f"risk tab, {n:,} rows: first paint {paint:.2f} s; sort worst {max(sorts.values()):.2f} s "
          f"({max(sorts, key=sorts.get)}), " + ", ".join(f"{k} {v:.2f}" for k, v in sorts.items()))
    tab.close()
    tab.deleteLater()
    app.processEvents()


if __name__ == "__main__":
    main()

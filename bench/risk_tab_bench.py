"""Order-risk tab with 100,000 rows (the engine's own results for bench/risk_bench.py's orders):
time to first paint, to sort by each column, and to patch a refresh in.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/risk_tab_bench.py [rows]
"""

import os
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.risk.engine import evaluate_rows  # noqa: E402
from bench.risk_bench import SETTINGS, generate  # noqa: E402
from ui.tabs.risk_tab import RiskTab  # noqa: E402


def rows(n: int, now: datetime):
    """The engine's own results (lazy fields as the tab gets them) for bench/risk_bench.py's rows."""
    data = generate(n)
    risks = evaluate_rows(now=now, settings=SETTINGS, **data)
    info = {}
    for pk, *_ in data["orders"]:
        info[pk] = {"product": f"商品{pk % 2000} 规格{pk % 7}", "skus": f"SS{pk % 2000:04d}",
                    "buyer": f"王芳 138****{pk % 10000:04d}", "region": "广东省 深圳市"}
    return risks, info


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
        # what a click on the header does (QTableView.sortByColumn would sort twice)
        tab.table.horizontalHeader().setSortIndicator(col, Qt.DescendingOrder)
        tab.repaint()
        app.processEvents()
        sorts[tab.model.columns[col].key] = time.perf_counter() - t0
    print(f"risk tab, {n:,} rows: first paint {paint:.2f} s; sort worst {max(sorts.values()):.2f} s "
          f"({max(sorts, key=sorts.get)}), " + ", ".join(f"{k} {v:.2f}" for k, v in sorts.items()))
    # refreshes patched into the sorted table (#23): the same results again (new objects, nothing
    # changed), then 5 minutes later (countdowns move, some levels change)
    for label, at in (("nothing changed", now), ("5 min later", now + timedelta(minutes=5))):
        again, info = rows(n, at)
        t0 = time.perf_counter()
        tab.set_data(again, info, at)
        tab.repaint()
        app.processEvents()
        print(f"  refresh, {label}: {time.perf_counter() - t0:.2f} s on the GUI thread")
    tab.close()
    tab.deleteLater()
    app.processEvents()


if __name__ == "__main__":
    main()

"""Inventory speed at 100k open orders over 2,000 SKUs (the risk benchmark's data): the stock
report with reasons, the 待备货 list, the unmatched-lines query and the inventory tab's first paint
and worst column sort — what every refresh of the inventory tab costs.

    .venv/bin/python bench/inventory_bench.py
"""

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from risk_bench import NOW, SETTINGS, SKUS, best, fill, generate  # noqa: E402

from app.services import Services  # noqa: E402

N = 100_000


def main() -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from ui.tabs.inventory_tab import InventoryTab

    app = QApplication.instance() or QApplication([])
    svc = Services.open(tempfile.mkdtemp(prefix="ss-inv-"))
    for k, v in SETTINGS.items():
        svc.set_setting(k, v)
    fill(svc, generate(N))
    print(f"inventory, {N:,} open orders over {SKUS:,} SKUs, best of 3")
    secs, stock = best(lambda: svc.stock(NOW))
    print(f"stock report with reasons: {secs:.2f} s ({len(stock):,} SKUs)")
    risks = svc.risk(NOW)
    secs, prep = best(lambda: svc.to_prepare(NOW, risks))
    print(f"待备货 list (deadlines given): {secs:.2f} s ({len(prep):,} SKUs)")
    secs, _ = best(lambda: svc.inventory.unmatched())
    print(f"unmatched order lines: {secs:.3f} s")
    tab = InventoryTab()
    tab.bind(svc, lambda: NOW)
    tab.resize(1280, 700)
    tab.show()
    t0 = time.perf_counter()
    tab.set_data(stock, prep, [])
    app.processEvents()
    print(f"tab first paint: {time.perf_counter() - t0:.2f} s")
    worst = 0.0
    for c in range(tab.model.columnCount()):
        t0 = time.perf_counter()
        tab.table.sortByColumn(c, Qt.DescendingOrder)
        worst = max(worst, time.perf_counter() - t0)
    print(f"worst column sort: {worst:.3f} s")
    svc.store.dispose()


if __name__ == "__main__":
    main()

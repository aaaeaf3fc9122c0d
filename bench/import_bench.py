"""Import speed: a 100,000-order Douyin export generated here, imported into a fresh data dir,
against openpyxl's read-only parse and python-calamine's bare parse of the same file.

    .venv/bin/python bench/import_bench.py [orders]
"""

import os
import resource
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook, load_workbook  # noqa: E402

from tests.factories import DOUYIN_HEAD, douyin_row  # noqa: E402

CACHE = Path(os.path.expanduser("~/.cache/shopsentry-bench"))
EXTRA = [f"备用列{i}" for i in range(21)]  # a 40-column export, like a full custom export


def make(n: int) -> Path:
    path = CACHE / f"douyin_{n}.xlsx"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("订单")
    ws.append(DOUYIN_HEAD + EXTRA)
    for i in range(n):
        oid = str(6900000000000000000 + i * 2)
        ws.append(douyin_row(oid, oid, sku=f"SS{i % 2000:04d}") + ["-"] * len(EXTRA))
    wb.save(path)
    return path


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    path = make(n)
    t0 = time.perf_counter()
    wb = load_workbook(path, read_only=True)
    rows = sum(1 for _ in wb.active.iter_rows(values_only=True))
    t_openpyxl = time.perf_counter() - t0
    from python_calamine import CalamineWorkbook

    t0 = time.perf_counter()
    CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    t_calamine = time.perf_counter() - t0
    from app.services import Services

    svc = Services.open(tempfile.mkdtemp(prefix="ss-bench-"))
    now = datetime(2026, 11, 20, 18, tzinfo=ZoneInfo("Asia/Shanghai"))
    t0 = time.perf_counter()
    (r,) = svc.import_files([path], now=now)
    t_app = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{n:,} orders ({rows - 1:,} rows, {len(DOUYIN_HEAD) + len(EXTRA)} columns): app import {t_app:.1f} s "
          f"({r.status}, {r.created:,} created); openpyxl parse {t_openpyxl:.1f} s; calamine parse {t_calamine:.1f} s; "
          f"app is {t_openpyxl / t_app:.1f}x openpyxl and {t_app / t_calamine:.2f}x calamine; peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main()

"""Import speed: a 100,000-order Douyin export generated here, imported into a fresh data dir,
against openpyxl's read-only parse and python-calamine's bare parse of the same file.

    .venv/bin/python bench/import_bench.py [orders] [--skip-openpyxl]

Each contender runs in its own process, timed from process start to exit (as a seller or a script
would run ``main.py import FILE --json``), and its peak memory is that process's own ru_maxrss.
CPU seconds are printed too: on a shared machine they are steadier than wall time.
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.factories import DOUYIN_HEAD, douyin_row  # noqa: E402

CACHE = Path(os.path.expanduser("~/.cache/shopsentry-bench"))
EXTRA = [f"备用列{i}" for i in range(21)]  # a 40-column export, like a full custom export

OPENPYXL = ("import openpyxl,sys;wb=openpyxl.load_workbook(sys.argv[1],read_only=True);"
            "n=sum(1 for _ in wb.active.iter_rows(values_only=True))")
CALAMINE = ("import sys;from python_calamine import CalamineWorkbook;"
            "CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()")


def make(n: int) -> Path:
    """n orders of 1–3 lines with their own times, amounts and states, like a real export."""
    path = CACHE / f"douyin_{n}_v2.xlsx"
    if path.exists():
        return path
    from datetime import datetime, timedelta
    from random import Random

    from openpyxl import Workbook

    rnd = Random(5)
    CACHE.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("订单")
    ws.append(DOUYIN_HEAD + EXTRA)
    start = datetime(2026, 11, 10)
    fmt = "%Y-%m-%d %H:%M:%S"
    for i in range(n):
        oid = str(6900000000000000000 + i * 7919)
        paid = start + timedelta(seconds=rnd.randrange(10 * 86400))
        promise = (paid + timedelta(hours=48)).strftime(fmt)
        shipped = rnd.random() < 0.4
        status = "已发货" if shipped else "待发货"
        for k in range(rnd.choice((1, 1, 1, 2, 3))):
            qty = rnd.randint(1, 3)
            price = f"{rnd.randint(990, 19990) / 100:.2f}"
            row = douyin_row(oid, str(int(oid) + k + 1), sku=f"SS{rnd.randrange(2000):04d}", qty=str(qty),
                             paid=paid.strftime(fmt), promise=promise, status=status,
                             amount=f"{qty * float(price):.2f}", phone=f"13{rnd.randrange(10**9):09d}")
            row[5] = price
            row[11] = (paid + timedelta(hours=rnd.randint(2, 40))).strftime(fmt) if shipped else "-"
            ws.append(row + ["-"] * len(EXTRA))
    wb.save(path)
    return path


# each child reports its own peak RSS on stderr as it exits
PEAK = ("import atexit,resource,sys;atexit.register(lambda: sys.stderr.write("
        "'\\nPEAK %d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss));")


def run(args: list[str]) -> tuple[float, float, float, subprocess.CompletedProcess]:
    """(wall s, CPU s, peak RSS MiB) of one child process."""
    if args[0] == "-c":
        args = ["-c", PEAK + args[1], *args[2:]]
    else:  # a script: run it under the same wrapper
        args = ["-c", PEAK + f"import runpy;sys.argv={args!r};runpy.run_path({args[0]!r}, run_name='__main__')"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT,
                       env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode not in (0,):
        raise SystemExit(f"{args[:2]} failed ({p.returncode}): {p.stderr[-400:]}")
    peak = int(p.stderr.rsplit("PEAK ", 1)[1].split()[0]) / 1024
    return wall, cpu, peak, p


def main() -> None:
    n = int(next((a for a in sys.argv[1:] if a.isdigit()), 100_000))
    path = make(n)
    rss = {}
    t_cal, c_cal, rss["calamine"], _ = run(["-c", CALAMINE, str(path)])
    data = tempfile.mkdtemp(prefix="ss-bench-")
    t_app, c_app, rss["app"], p = run(["main.py", "--data-dir", data, "import", str(path), "--json"])
    import json

    r = json.loads(p.stdout)["files"][0]
    line = (f"{n:,} orders ({r['rows']:,} rows, {len(DOUYIN_HEAD) + len(EXTRA)} columns): "
            f"app import {t_app:.1f} s (CPU {c_app:.1f} s, {r['status']}, {r['created']:,} created, "
            f"peak RSS {rss['app']:.0f} MiB); calamine parse {t_cal:.1f} s (CPU {c_cal:.1f} s, {rss['calamine']:.0f} MiB); "
            f"app is {t_app / t_cal:.2f}x calamine")
    if "--skip-openpyxl" not in sys.argv:
        t_opx, c_opx, _, _ = run(["-c", OPENPYXL, str(path)])
        line += f"; openpyxl parse {t_opx:.1f} s (CPU {c_opx:.1f} s): app is {t_opx / t_app:.1f}x faster"
    print(line)


if __name__ == "__main__":
    main()

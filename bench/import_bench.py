"""Import speed: a 100,000-order Douyin export generated here, imported into a fresh data dir,
against openpyxl's read-only parse and python-calamine's bare parse of the same file.

    .venv/bin/python bench/import_bench.py [orders] [--skip-openpyxl] [--pg ADMIN_URL]

``--pg``: the same import into a fresh database on that PostgreSQL server too, beside SQLite's.

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
sys.path.insert(0, str(ROOT / "bench"))

import pgbench_db  # noqa: E402

CACHE = Path(os.path.expanduser("~/.cache/shopsentry-bench"))
# the 40 columns of a full 抖店 export, in the order FORMATS.md gives
HEAD = ["主订单编号", "子订单编号", "支付方式", "选购商品", "货号", "商品ID", "商家编码", "商品数量", "商品金额",
        "订单提交时间", "支付完成时间", "订单完成时间", "承诺发货时间", "预约发货时间", "买家留言", "旗帜颜色", "商家备注",
        "APP渠道", "订单状态", "取消原因", "售后状态", "订单类型", "发货时间", "订单应付金额", "运费", "优惠总金额",
        "收件人", "收件人手机号", "省", "市", "区", "街道", "详细地址", "是否修改过地址", "快递信息", "达人ID", "达人昵称",
        "流量来源", "仓库名称", "预计送达时间"]
PRODUCTS = [("加厚珊瑚绒睡衣女冬季套装", ("粉色 M", "粉色 L", "灰色 M", "灰色 XL")),
            ("儿童保温杯316不锈钢带吸管", ("蓝色 480ml", "粉色 480ml")), ("云南高山普洱茶 熟茶饼 357g", ("",)),
            ("无线蓝牙耳机 降噪长续航", ("白色", "黑色")), ("手工红糖姜茶 古法熬制", ("10袋装", "20袋装"))]
PLACES = [("北京", "北京市", "朝阳区"), ("广东省", "深圳市", "南山区"), ("浙江省", "杭州市", "余杭区"),
          ("湖北省", "武汉市", "洪山区"), ("四川省", "成都市", "武侯区"), ("新疆维吾尔自治区", "乌鲁木齐市", "天山区")]
NAMES = "王芳 李娜 张伟 刘洋 陈静 杨磊 赵敏 黄婷 周杰 吴霞 徐磊 何明洋".split()
NOTES = ["-", "-", "-", "送人的，不要放价格单", "尽快发货谢谢", "请用顺丰"]

OPENPYXL = ("import openpyxl,sys;wb=openpyxl.load_workbook(sys.argv[1],read_only=True);"
            "n=sum(1 for _ in wb.active.iter_rows(values_only=True))")
CALAMINE = ("import sys;from python_calamine import CalamineWorkbook;"
            "CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()")


def make(n: int) -> Path:
    """n orders of 1–3 lines in a full 40-column 抖店 layout, every cell its own realistic value."""
    path = CACHE / f"douyin_{n}_v3.xlsx"
    if path.exists():
        return path
    from datetime import datetime, timedelta
    from random import Random

    from openpyxl import Workbook

    rnd = Random(5)
    CACHE.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("订单")
    ws.append(HEAD)
    start = datetime(2026, 11, 10)
    fmt = "%Y-%m-%d %H:%M:%S"
    for i in range(n):
        oid = str(6900000000000000000 + i * 7919)
        submitted = start + timedelta(seconds=rnd.randrange(10 * 86400))
        paid = submitted + timedelta(seconds=rnd.randrange(30, 900))
        promise = (paid + timedelta(hours=48)).strftime(fmt)
        state = rnd.choice(("待发货", "待发货", "已发货", "已发货", "已完成", "已关闭"))
        shipped = state in ("已发货", "已完成")
        ship = (paid + timedelta(hours=rnd.randint(2, 40))).strftime(fmt) if shipped else "-"
        name, (prov, city, dist) = rnd.choice(NAMES), rnd.choice(PLACES)
        phone = f"1{rnd.randint(30, 99)}****{rnd.randrange(10000):04d}"
        address = f"{rnd.choice(('文化路', '建设路', '人民路', '中山路'))}{rnd.randint(1, 200)}号{rnd.randint(1, 30)}栋{rnd.randint(101, 2999)}"
        note = rnd.choice(NOTES)
        for k in range(rnd.choice((1, 1, 1, 2, 3))):
            p = rnd.randrange(len(PRODUCTS))
            title, specs = PRODUCTS[p]
            v = rnd.randrange(len(specs))
            qty = rnd.randint(1, 3)
            price = rnd.randint(990, 19990) / 100
            discount = rnd.choice((0, 0, 1.95, 5.0))
            ws.append([oid, str(int(oid) + k + 1), rnd.choice(("微信", "支付宝", "抖音支付")),
                       f"{title} {specs[v]}".strip(), f"SS{p:02d}", str(3500000000000000000 + p * 7919),
                       f"SS{p:02d}-{v + 1:02d}", qty, f"{price:.2f}", submitted.strftime(fmt), paid.strftime(fmt),
                       "-" if state != "已完成" else ship, promise, "-", note, "-", "-", "抖音",
                       state, "买家取消" if state == "已关闭" else "-", "退款成功" if state == "已关闭" else "-",
                       "普通订单", ship, f"{qty * price - discount:.2f}", "0.00", f"{discount:.2f}", name, phone,
                       prov, city, dist, "-", address, "否",
                       f"ZT{rnd.randrange(10**12):012d},顺丰速运" if shipped else "-", "-", "-",
                       rnd.choice(("商品卡", "直播", "短视频")), "默认仓", "-"])
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
    line = (f"{n:,} orders ({r['rows']:,} rows, {len(HEAD)} columns): "
            f"app import {t_app:.1f} s (CPU {c_app:.1f} s, {r['status']}, {r['created']:,} created, "
            f"peak RSS {rss['app']:.0f} MiB); calamine parse {t_cal:.1f} s (CPU {c_cal:.1f} s, {rss['calamine']:.0f} MiB); "
            f"app is {t_app / t_cal:.2f}x calamine")
    admin = pgbench_db.admin_url()
    if admin:  # the same file into a fresh PostgreSQL database, same machine, same run
        url = pgbench_db.fresh(admin)
        t_pg, c_pg, rss_pg, p = run(["main.py", "--data-dir", tempfile.mkdtemp(prefix="ss-bench-"),
                                     "--database-url", url, "import", str(path), "--json"])
        rp = json.loads(p.stdout)["files"][0]
        line += (f"; PostgreSQL import {t_pg:.1f} s (CPU here {c_pg:.1f} s, {rp['status']}, {rp['created']:,} "
                 f"created, peak RSS {rss_pg:.0f} MiB): {t_pg / t_app:.2f}x SQLite")
        pgbench_db.drop(admin, url)
    if "--skip-openpyxl" not in sys.argv:
        t_opx, c_opx, _, _ = run(["-c", OPENPYXL, str(path)])
        line += f"; openpyxl parse {t_opx:.1f} s (CPU {c_opx:.1f} s): app is {t_opx / t_app:.1f}x faster"
    print(line)


if __name__ == "__main__":
    main()

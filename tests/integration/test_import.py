import json
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

from sqlalchemy import func, select

from app.store.models import ImportBatch, Order, OrderLine
from tests.factories import (
    DOUYIN_HEAD,
    douyin_file,
    douyin_row,
    stock_file,
    unreadable_files,
    write_csv,
    write_xlsx,
)

ROOT = Path(__file__).resolve().parents[2]


def counts(store):
    with store.session() as s:
        return (s.scalar(select(func.count(Order.id))), s.scalar(select(func.count(OrderLine.id))))


def test_douyin_xlsx_imports_lines_grouped_into_orders(svc, store, now, tmp_path):
    (r,) = svc.import_files([douyin_file(tmp_path / "dy.xlsx")], now=now)
    assert (r.status, r.platform, r.kind, r.rows, r.orders, r.created) == ("imported", "douyin", "orders", 2, 2, 2)
    with store.session() as s:
        o = s.scalars(select(Order).where(Order.order_id == "6900000000000000003")).one()
        assert o.phone_masked == "138****5678"  # a full number is never stored
        assert o.amount_paid_fen == 5990 and o.status == "unshipped"
        assert o.promised_ship_at.isoformat() == "2026-11-21T02:00:00+00:00"  # read in shop time (UTC+8)


def test_reimport_changes_nothing_and_newer_export_updates(svc, store, now, tmp_path):
    f = douyin_file(tmp_path / "dy.xlsx")
    svc.import_files([f], now=now)
    (again,) = svc.import_files([f], now=now)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    newer = douyin_file(tmp_path / "dy2.xlsx", rows=[
        douyin_row("6900000000000000001", "6900000000000000002", status="已发货"),
        douyin_row("6900000000000000003", "6900000000000000004", qty="2")])
    (upd,) = svc.import_files([newer], now=now)
    assert (upd.created, upd.updated, upd.unchanged) == (0, 1, 1)
    assert counts(store) == (2, 2)
    with store.session() as s:
        assert s.scalar(select(Order.status).where(Order.order_id == "6900000000000000001")) == "shipped"


def test_bad_cell_rejects_whole_file_naming_row_and_column(svc, store, now, tmp_path):
    rows = [douyin_row("6900000000000000001", "6900000000000000002"),
            douyin_row("6900000000000000003", "6900000000000000004", qty="两件")]
    (r,) = svc.import_files([douyin_file(tmp_path / "bad.xlsx", rows=rows, title_rows=[["订单导出"]])], now=now)
    assert r.status == "rejected"
    assert r.errors[0]["row"] == 4 and r.errors[0]["column"] == "商品数量"  # title row + header + 2nd data row
    assert "两件" in r.errors[0]["message"]
    assert counts(store) == (0, 0)
    with store.session() as s:  # the history still shows the attempt
        assert s.scalar(select(ImportBatch.status)) == "rejected"


def test_long_id_as_float_is_an_error(svc, now, tmp_path):
    rows = [douyin_row("6.9e+18", "6900000000000000002")]
    (r,) = svc.import_files([douyin_file(tmp_path / "f.xlsx", rows=rows)], now=now)
    assert r.status == "rejected" and "精度" in r.errors[0]["message"]


def test_missing_required_column_is_named(svc, now, tmp_path):
    head = [h for h in DOUYIN_HEAD if h != "主订单编号"]
    rows = [[c for h, c in zip(DOUYIN_HEAD, douyin_row("1", "2"), strict=True) if h != "主订单编号"]]
    (r,) = svc.import_files([write_xlsx(tmp_path / "m.xlsx", [head] + rows)], now=now)
    assert r.status == "rejected" and "主订单编号" in r.errors[0]["message"]


def test_damaged_empty_and_non_spreadsheet_files(svc, store, now, tmp_path):
    results = svc.import_files(unreadable_files(tmp_path), now=now)
    assert [r.status for r in results] == ["rejected"] * 3
    assert all(r.errors and r.errors[0]["message"] for r in results)
    assert counts(store) == (0, 0)


def test_zip_bomb_is_refused_before_parsing(svc, now, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (50 * 2**20))
    (r,) = svc.import_files([bomb], now=now)
    assert r.status == "rejected" and "解压" in r.errors[0]["message"]


def test_taobao_gbk_csv_pair_with_wrapped_ids_and_trailing_space_headers(svc, store, now, tmp_path):
    orders = write_csv(tmp_path / "o.csv", [
        ["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "收货人姓名", "收货地址 ", "联系手机",
         "订单创建时间", "订单付款时间 ", "宝贝标题 ", "宝贝总数量"],
        ['="3043852782037121358"', "t_1", "118.40", "买家已付款，等待卖家发货", "赵刚", "新疆 乌鲁木齐", "151****7047",
         "2026-11-18 12:30:43", "2026-11-18 12:40:00", "睡衣，保温杯", "3"]], encoding="gb18030")
    items = write_csv(tmp_path / "i.csv", [
        ["订单编号", "标题", "价格", "购买数量", "外部系统编号", "商品属性", "套餐信息", "备注", "订单状态", "商家编码"],
        ['="3043852782037121358"', "睡衣", "59.90", "2", "SS01-02", "粉色 L", "", "", "买家已付款，等待卖家发货", "SS01-02"],
        ['="3043852782037121358"', "保温杯", "39.00", "1", "SS02-02", "粉色", "", "", "交易关闭", "SS02-02"]],
        encoding="gb18030")
    results = svc.import_files([items, orders], now=now)  # any order
    assert [r.platform for r in results] == ["taobao"] and results[0].orders == 1
    with store.session() as s:
        lines = s.execute(select(OrderLine.sku_code, OrderLine.quantity, OrderLine.status)).all()
    assert sorted(lines) == [("SS01-02", 2, "unshipped"), ("SS02-02", 1, "closed")]
    risk = svc.risk(now)
    assert risk[0].ship_by.astimezone(now.tzinfo).isoformat() == "2026-11-20T12:40:00+08:00"  # paid + 48 h


def test_tiktok_description_row_and_us_times(svc, store, now, tmp_path):
    head = ["Order ID", "Order Status", "Order Substatus", "Seller SKU", "Product Name", "Variation", "Quantity",
            "SKU Subtotal After Discount", "Created Time", "Paid Time", "Phone #"]
    f = write_csv(tmp_path / "t.csv", [head, ["Platform unique order ID."] + [""] * 10,
                                       ["576068524680650956", "To ship", "Awaiting shipment", "SS04-02", "耳机", "黑色",
                                        "1", "129.00 THB", "11/20/2026 12:15:03 PM\t", "11/20/2026 12:30:00 PM\t",
                                        "135****6041"]])
    (r,) = svc.import_files([f], now=now)
    assert (r.status, r.platform, r.orders) == ("imported", "tiktok", 1)
    with store.session() as s:
        o = s.scalars(select(Order)).one()
        assert o.amount_paid_fen == 12900
        assert o.paid_at.astimezone(now.tzinfo).strftime("%m-%d %H:%M") == "11-20 12:30"


def test_tiktok_ambiguous_dates_ask_instead_of_guessing(svc, now, tmp_path):
    head = ["Order ID", "Order Status", "Seller SKU", "Product Name", "Quantity", "SKU Subtotal After Discount",
            "Paid Time"]
    f = write_csv(tmp_path / "t.csv", [head, ["1", "To ship", "A", "x", "1", "1.00", "03/04/2026 10:00:00"]])
    (r,) = svc.import_files([f], now=now)
    assert r.status == "rejected" and "日/月" in r.errors[0]["message"]
    (r,) = svc.import_files([f], now=now, date_order="DMY")
    assert r.status == "imported"


def test_stock_sheet_is_detected_and_idempotent(svc, store, now, tmp_path):
    f = stock_file(tmp_path / "s.xlsx", [["SS01-01", "睡衣", "粉色 M", 12, 10, 3, "26.96"]])
    (r,) = svc.import_files([f], now=now)
    assert (r.kind, r.status) == ("stock", "imported")
    svc.import_files([f], now=now)
    (s1,) = svc.stock(now)
    assert (s1.sku, s1.on_hand) == ("SS01-01", 12)


def test_cli_import_json_and_exit_codes(tmp_path):
    data = tmp_path / "d"
    good = douyin_file(tmp_path / "dy.xlsx")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    p = subprocess.run([sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), "import", str(good), "--json"],
                       capture_output=True, text=True, env=env)
    out = json.loads(p.stdout)["files"][0]
    assert p.returncode == 0 and out["created"] + out["updated"] + out["unchanged"] == out["orders"] == 2
    p = subprocess.run([sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), "import", str(bad), "--json"],
                       capture_output=True, text=True, env=env)
    assert p.returncode == 2 and "Traceback" not in p.stdout + p.stderr
    assert json.loads(p.stdout)["files"][0]["status"] == "rejected"


def test_sigkill_during_a_large_import_leaves_the_file_wholly_absent(tmp_path):
    rows = [douyin_row(str(6900000000000000000 + i), str(6900000000000000000 + i)) for i in range(0, 60000, 2)]
    big = douyin_file(tmp_path / "big.xlsx", rows=rows)  # big enough to be read and stored block by block
    data = tmp_path / "d"
    (tmp_path / "tmp").mkdir()  # the killed import's slice folder stays here, not in the system's
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path / "tmp")}
    subprocess.run([sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), "stock"], env=env,
                   capture_output=True)  # database created before the kill
    wal = data / "shopsentry.db-wal"
    before = wal.stat().st_size if wal.exists() else 0
    p = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), "import", str(big)], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import time

    deadline = time.monotonic() + 60
    while p.poll() is None and time.monotonic() < deadline:  # kill once blocks are being written
        if wal.exists() and wal.stat().st_size > before + 2**20:
            break
        time.sleep(0.01)
    killed = p.poll() is None
    p.send_signal(signal.SIGKILL)
    p.wait()
    import sqlite3

    con = sqlite3.connect(data / "shopsentry.db")
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    n = con.execute("select count(*) from orders").fetchone()[0]
    assert n == (0 if killed else 30000)  # all or nothing, never a half file


def test_long_free_text_is_stored_and_an_overlong_order_number_is_said_on_both_dialects(svc, store, now, tmp_path):
    """PostgreSQL enforces lengths SQLite ignores: names and specs are Text; an identifier too long
    for its column is the file's fault, said in words rather than as a database error."""
    long_name = "收件人" * 60  # 180 characters
    row = douyin_row("6900000000000000001", "6900000000000000002")
    row[13] = long_name
    (r,) = svc.import_files([douyin_file(tmp_path / "long.xlsx", rows=[row])], now=now)
    assert r.status == "imported"
    with store.session() as s:
        assert s.scalar(select(Order.recipient)) == long_name
    bad = douyin_row("69" * 40, "6900000000000000004")
    (r,) = svc.import_files([douyin_file(tmp_path / "bad.xlsx", rows=[bad])], now=now)
    assert r.status == "rejected" and "order_id" in r.errors[0]["message"] and "database" not in r.errors[0]["message"]

"""Every platform layout and quirk of FORMATS.md, every guard, mappings — fixtures built in code."""

import threading
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.imports import readers
from app.store.models import ImportBatch, MappingProfile, Order, OrderLine
from tests.factories import DOUYIN_HEAD, douyin_file, douyin_row, write_csv, write_xlsx


def orders(store):
    with store.session() as s:
        return {o.order_id: o for o in s.scalars(select(Order))}


def lines(store):
    with store.session() as s:
        return s.execute(select(Order.order_id, OrderLine.line_id, OrderLine.sku_code, OrderLine.quantity,
                                OrderLine.status, OrderLine.amount_fen)
                         .join(Order, Order.id == OrderLine.order_pk).order_by(OrderLine.line_id)).all()


def test_douyin_csv_with_bom_tabs_dashes_title_rows_blank_rows_extra_and_shuffled_columns(svc, store, now, tmp_path):
    head = ["备用列", *reversed(DOUYIN_HEAD), "达人昵称"]
    row = douyin_row("\t6900000000000000001", "\t6900000000000000002", sku="\tSS01-01", after="-")
    body = [["x", *reversed(row), "-"], ["", *([""] * len(DOUYIN_HEAD)), ""]]
    f = write_csv(tmp_path / "dy.csv", [["抖店订单导出 2026-11-20"], [], head, *body, ["", "", ""]])
    (r,) = svc.import_files([f], now=now)
    assert (r.status, r.platform, r.rows, r.orders, r.created) == ("imported", "douyin", 1, 1, 1)
    o = orders(store)["6900000000000000001"]
    assert o.after_sale is None and o.raw_status == "待发货"
    assert lines(store)[0][:3] == ("6900000000000000001", "6900000000000000002", "SS01-01")


def test_pdd_newer_layout_with_full_width_parentheses_and_dated_order_numbers(svc, store, now, tmp_path):
    head = ["订单成交时间", "商品", "订单号", "订单状态", "商品总价（元）", "邮费（元）", "用户实付金额（元）",
            "商品数量（件）", "商品规格", "商家编码-规格维度", "售后状态", "快递单号", "快递公司"]
    rows = [["2026-11-19 09:00:00", "睡衣", "261120-166978336358402", "待发货", "59.90", "0", "59.90", "1", "粉色 M",
             "SS01-01", "无售后或售后取消", "", ""],
            ["2026-11-19 09:00:00", "杯子", "261120-166978336358402", "待发货", "39.00", "0", "39.00", "2", "白",
             "SS02-01", "退款成功", "", ""]]
    (r,) = svc.import_files([write_xlsx(tmp_path / "pdd.xlsx", [head, *rows])], now=now)
    assert (r.status, r.platform, r.rows, r.orders) == ("imported", "pdd", 2, 1)
    o = orders(store)["261120-166978336358402"]
    assert o.amount_paid_fen == 9890 and o.status == "unshipped"
    got = {(ln[2], ln[3], ln[4]) for ln in lines(store)}
    assert got == {("SS01-01", 1, "unshipped"), ("SS02-01", 2, "closed")}  # refunded line closed


def test_tiktok_sea_dates_decided_by_a_day_over_12_with_currency_suffix(svc, store, now, tmp_path):
    head = ["Order ID", "Order Status", "Seller SKU", "Product Name", "Quantity", "SKU Subtotal After Discount",
            "Paid Time"]
    rows = [head, ["Platform unique order ID.", "", "", "", "", "", ""],
            ["576068524680650956", "To ship", "SS04-02", "耳机", "1", "129.00 THB", "03/04/2026 10:00:00\t"],
            ["576068524680650957", "To ship", "SS04-02", "耳机", "1", "129.00 THB", "25/11/2026 09:15:00\t"]]
    (r,) = svc.import_files([write_csv(tmp_path / "t.csv", rows)], now=now)
    assert r.status == "imported" and r.orders == 2
    paid = orders(store)["576068524680650956"].paid_at.astimezone(now.tzinfo)
    assert (paid.month, paid.day) == (4, 3)  # day/month, because another row has day 25


def test_tiktok_ambiguous_file_says_what_it_needs(svc, store, now, tmp_path):
    head = ["Order ID", "Order Status", "Seller SKU", "Product Name", "Quantity", "SKU Subtotal After Discount",
            "Paid Time"]
    f = write_csv(tmp_path / "t.csv", [head, ["1", "To ship", "A", "x", "1", "1.00", "03/04/2026 10:00:00 AM"]])
    (r,) = svc.import_files([f], now=now)
    assert r.status == "rejected" and r.needs == "date_order" and "03/04/2026" in r.errors[0]["message"]
    (r,) = svc.import_files([f], now=now, date_order="MDY")
    paid = orders(store)["1"].paid_at.astimezone(now.tzinfo)
    assert r.status == "imported" and (paid.month, paid.day) == (3, 4)


def test_taobao_newest_pair_joins_on_main_order_number(svc, store, now, tmp_path):
    o = write_csv(tmp_path / "o.csv", [["订单编号", "买家应付邮费", "买家实付金额", "订单状态", "订单付款时间", "发货时间"],
                                       ['="3003881832687823281"', "0.00", "98.90", "买家已付款，等待卖家发货",
                                        "2026-11-19 20:00:00", ""]], encoding="gb18030")
    i = write_csv(tmp_path / "i.csv", [["子订单编号", "主订单编号", "商品标题", "商品价格", "购买数量", "商品属性", "退款状态",
                                        "商家编码"],
                                       ["3003881832687823282", "3003881832687823281", "睡衣", "59.90", "1", "粉色",
                                        "", "SS01-01"],
                                       ["3003881832687823283", "3003881832687823281", "杯子", "39.00", "1", "白",
                                        "退款成功", "SS02-01"]], encoding="gb18030")
    (r,) = svc.import_files([o, i], now=now)
    assert (r.status, r.platform, r.orders) == ("imported", "taobao", 1)
    assert [(ln[1], ln[4]) for ln in lines(store)] == [("3003881832687823282", None),
                                                       ("3003881832687823283", "closed")]


def test_long_id_stored_as_a_number_cell_is_an_error_not_a_wrong_number(svc, store, now, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(DOUYIN_HEAD)
    row = douyin_row("x", "6900000000000000002")
    row[0] = 6900000000000000001  # Excel keeps 15 significant digits
    ws.append(row)
    wb.save(tmp_path / "f.xlsx")
    (r,) = svc.import_files([tmp_path / "f.xlsx"], now=now)
    assert r.status == "rejected" and (r.errors[0]["row"], r.errors[0]["column"]) == (2, "主订单编号")
    assert "精度" in r.errors[0]["message"] and orders(store) == {}


def test_every_bad_cell_is_listed_and_valid_rows_can_be_imported_on_request(svc, store, now, tmp_path):
    rows = [douyin_row(str(6900000000000000001 + 2 * i), str(6900000000000000002 + 2 * i)) for i in range(6)]
    rows[1][4] = "两件"
    rows[3][7] = "昨天"
    rows[4][0] = ""
    f = douyin_file(tmp_path / "b.xlsx", rows=rows)
    (r,) = svc.import_files([f], now=now)
    cells = [(e["row"], e["column"]) for e in r.errors]
    assert cells == [(3, "商品数量"), (5, "支付完成时间"), (6, "主订单编号")]
    assert r.errors[0]["message"] == "第3行「商品数量」不是数字：两件"
    assert orders(store) == {}
    (r,) = svc.import_files([f], now=now, valid_rows_only=True)
    assert (r.status, r.rows, r.created) == ("imported", 3, 3)


def test_cell_longer_than_the_cap_is_named(svc, now, tmp_path):
    row = douyin_row("6900000000000000001", "6900000000000000002")
    row[2] = "长" * 6000
    (r,) = svc.import_files([douyin_file(tmp_path / "l.xlsx", rows=[row])], now=now)
    assert r.status == "rejected" and (r.errors[0]["row"], r.errors[0]["column"]) == (2, "选购商品")
    assert "过长" in r.errors[0]["message"]


def test_size_caps_reject_before_parsing(svc, now, tmp_path, monkeypatch):
    f = douyin_file(tmp_path / "a.xlsx")
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 100)
    (r,) = svc.import_files([f], now=now)
    assert r.status == "rejected" and "文件过大" in r.errors[0]["message"]
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 2**30)
    monkeypatch.setattr(readers, "MAX_ROWS", 2)
    (r,) = svc.import_files([f], now=now)
    assert r.status == "rejected" and "行数过多" in r.errors[0]["message"]


def test_high_compression_ratio_is_refused_without_inflating(svc, now, tmp_path, monkeypatch):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * (8 * 2**20))
    calls = []
    monkeypatch.setattr(readers, "_read_calamine", lambda p: calls.append(p))
    (r,) = svc.import_files([bomb], now=now)
    assert r.status == "rejected" and "压缩比" in r.errors[0]["message"] and calls == []


def test_header_only_and_not_an_order_export(svc, now, tmp_path):
    (r,) = svc.import_files([write_xlsx(tmp_path / "h.xlsx", [DOUYIN_HEAD])], now=now)
    assert r.status == "rejected" and "没有数据行" in r.errors[0]["message"]
    (r,) = svc.import_files([write_xlsx(tmp_path / "p.xlsx", [["姓名", "年龄"], ["张三", "30"]])], now=now)
    assert r.status == "rejected" and r.needs == "mapping" and "表头" in r.errors[0]["message"]


def test_saved_mapping_is_used_for_the_same_header_set_in_any_order(svc, store, now, tmp_path):
    head = ["订单编码", "付款时间", "宝贝名称", "件数", "实收", "状态", "规格编码"]
    rows = [["2410750252453504", "2026-11-19 10:01:00", "睡衣", "1", "59.90", "待发货", "SS01-01"],
            ["2410750252453504", "2026-11-19 10:01:00", "杯子", "2", "78.00", "待发货", "SS02-01"]]
    f = write_xlsx(tmp_path / "k.xlsx", [head, *rows], title_rows=[["快手订单"]])
    (r,) = svc.import_files([f], now=now)
    assert r.status == "rejected" and r.needs == "mapping"
    pv = svc.import_preview(f)
    assert (pv.header_row, pv.headers, pv.row_numbers) == (1, head, [3, 4])
    assert pv.suggested == {"order_id": "订单编码", "paid_at": "付款时间", "product": "宝贝名称", "quantity": "件数",
                            "amount_paid": "实收", "status": "状态", "sku_code": "规格编码"}
    with pytest.raises(ValueError, match="quantity"):
        svc.save_mapping(head, {k: v for k, v in pv.suggested.items() if k != "quantity"}, "kuaishou", "x", now=now)
    svc.save_mapping(head, pv.suggested, "kuaishou", "快手新版", now=now)
    (r,) = svc.import_files([f], now=now)
    assert (r.status, r.platform, r.rows, r.orders) == ("imported", "kuaishou", 2, 1)
    assert orders(store)["2410750252453504"].amount_paid_fen == 13790
    moved = write_xlsx(tmp_path / "k2.xlsx", [list(reversed(head))] + [list(reversed(x)) for x in rows])
    (r,) = svc.import_files([moved], now=now)
    assert (r.status, r.unchanged) == ("imported", 1)
    with store.session() as s:
        assert s.scalar(select(func.count(MappingProfile.id))) == 1


def test_newer_export_adds_lines_and_updates_many_orders_at_once(svc, store, now, tmp_path):
    ids = [str(6900000000000000001 + 2 * i) for i in range(50)]
    svc.import_files([douyin_file(tmp_path / "a.xlsx", rows=[douyin_row(o, o + "1") for o in ids])], now=now)
    newer = [douyin_row(o, o + "1", status="已发货") for o in ids] + [douyin_row(ids[0], ids[0] + "2", sku="SS09", status="已发货")]
    (r,) = svc.import_files([douyin_file(tmp_path / "b.xlsx", rows=newer)], now=now)
    assert (r.created, r.updated, r.unchanged, r.orders) == (0, 50, 0, 50)
    assert {o.status for o in orders(store).values()} == {"shipped"}
    assert len(lines(store)) == 51


def test_a_line_listed_twice_is_stored_once(svc, store, now, tmp_path):
    row = douyin_row("6900000000000000001", "6900000000000000002")
    (r,) = svc.import_files([douyin_file(tmp_path / "d.xlsx", rows=[row, list(row)])], now=now)
    assert r.status == "imported" and len(lines(store)) == 1


def test_cancel_leaves_nothing_behind(svc, store, now, tmp_path):
    cancel = threading.Event()
    seen = []

    def progress(done, total, text):
        seen.append(done)
        if done >= 50:
            cancel.set()

    (r,) = svc.import_files([douyin_file(tmp_path / "d.xlsx")], now=now, progress=progress, cancel=cancel)
    assert r.status == "cancelled" and orders(store) == {} and seen == sorted(seen)
    with store.session() as s:
        assert s.scalar(select(func.count(ImportBatch.id))) == 0


def test_prefetched_parse_is_picked_up_and_failures_surface_as_rejections(svc, store, now, tmp_path):
    f = douyin_file(tmp_path / "d.xlsx")
    readers.prefetch([f, tmp_path / "missing.xlsx"])
    r1, r2 = svc.import_files([f, tmp_path / "missing.xlsx"], now=now)
    assert (r1.status, r1.created) == ("imported", 2)
    assert r2.status == "rejected" and "找不到" in r2.errors[0]["message"]
    assert readers._prefetched == {}


def test_bulk_insert_stores_times_exactly_as_the_orm_does(store, now):
    from datetime import timedelta

    from app.store.models import Order as O
    from app.store.session import bulk_insert

    times = [now + timedelta(minutes=i, microseconds=i) for i in range(40)]
    with store.session() as s:
        bulk_insert(s.connection(), O.__table__, {
            "platform": ["douyin"] * 40, "order_id": [f"b{i}" for i in range(40)], "status": ["unshipped"] * 40,
            "paid_at": times, "amount_paid_fen": [0] * 40, "postage_fen": [0] * 40})
        s.add(O(platform="douyin", order_id="orm", status="unshipped", paid_at=times[7], amount_paid_fen=0,
                postage_fen=0))
    with store.session() as s:
        raw = dict(s.connection().exec_driver_sql("select order_id, paid_at from orders").all())
        assert raw["b7"] == raw["orm"]  # the same text in the database
        assert s.scalar(select(O.paid_at).where(O.order_id == "b39")) == times[39]


def test_cli_rejects_an_ambiguous_tiktok_file_until_told_the_date_order(tmp_path):
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    head = ["Order ID", "Order Status", "Seller SKU", "Product Name", "Quantity", "SKU Subtotal After Discount",
            "Paid Time"]
    f = write_csv(tmp_path / "t.csv", [head, ["576068524680650956", "To ship", "A", "x", "1", "1.00",
                                              "03/04/2026 10:00:00"]])
    main = Path(__file__).resolve().parents[2] / "main.py"
    cmd = [sys.executable, str(main), "--data-dir", str(tmp_path / "d"), "import", str(f), "--json"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    out = json.loads(p.stdout)["files"][0]
    assert p.returncode == 2 and "--date-order" in out["errors"][0]["message"]
    p = subprocess.run(cmd + ["--date-order", "DMY"], capture_output=True, text=True, env=env)
    assert p.returncode == 0 and json.loads(p.stdout)["files"][0]["created"] == 1


def test_empty_merchant_code_is_fine_in_an_order_export_but_not_in_a_stock_sheet(svc, store, now, tmp_path):
    from tests.factories import stock_file

    row = douyin_row("6900000000000000001", "6900000000000000002", sku="-")
    (r,) = svc.import_files([douyin_file(tmp_path / "d.xlsx", rows=[row])], now=now)
    assert r.status == "imported" and lines(store)[0][2] is None
    (r,) = svc.import_files([stock_file(tmp_path / "s.xlsx", [["SS01-01", "睡衣", "M", 3, 1, 3, "9"],
                                                              ["", "杯", "白", 2, 1, 3, "5"]])], now=now)
    assert r.status == "rejected" and (r.errors[0]["row"], r.errors[0]["column"]) == (3, "商家编码")


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York", "Asia/Kolkata"])
def test_times_are_read_in_the_shop_zone_across_daylight_saving_changes(zone):
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    from app.imports.columns import money_column, times_column

    z = ZoneInfo(zone)
    texts = [(datetime(2026, 10, 25) + timedelta(hours=7 * i)).strftime("%Y-%m-%d %H:%M:%S") for i in range(60)]
    got, bad = times_column(texts + [""], z)
    want = [datetime.fromisoformat(t).replace(tzinfo=z).astimezone(UTC) for t in texts]
    assert bad == {} and got == want + [None] and all(d.tzinfo is UTC for d in want)
    fen, bad = money_column(["59.90", "0.5", "12", "", "1,299.00"])
    assert fen == [5990, 50, 1200, None, 129900] and bad == {}


def test_an_unknown_order_status_imports_as_unshipped_with_a_warning(svc, store, now, tmp_path):
    rows = [douyin_row("6900000000000000001", "6900000000000000002", status="待审核"),
            douyin_row("6900000000000000001", "6900000000000000003", status="待审核"),
            douyin_row("6900000000000000005", "6900000000000000006", status="已发货")]
    (r,) = svc.import_files([douyin_file(tmp_path / "s.xlsx", rows=rows)], now=now)
    assert r.status == "imported" and orders(store)["6900000000000000001"].status == "unshipped"
    assert r.warnings == ["订单状态「待审核」店哨还不认识（1 个订单）：先按未发货处理"]  # counted per order
    assert r.to_json()["warnings"] == r.warnings
    # the same file again (not written anew: openpyxl stamps the second, so a rewrite may differ)
    (again,) = svc.import_files([tmp_path / "s.xlsx"], now=now)
    assert again.warnings == [] and again.unchanged == 2  # nothing imported, nothing to say

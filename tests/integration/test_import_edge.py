"""Exports as sellers really have them (#21): files whose extension lies, odd encodings, localised
TikTok exports, currency signs, implausible values, SKU codes as people type them — each generated
here, each asserting what the seller is told and what is (or is not) stored."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from app.store.models import Order, OrderLine, Sku
from tests.factories import DOUYIN_HEAD, douyin_row, stock_file, write_csv, write_xlsx
from tests.integration.test_import_formats import orders

TIKTOK_HEAD = ["Order ID", "Order Status", "Order Substatus", "Seller SKU", "Product Name", "Quantity",
               "SKU Subtotal After Discount", "Paid Time"]


def lines(store):
    """Every stored line in file order, with its SKU code as typed and the SKU it matched."""
    with store.session() as s:
        return s.execute(select(OrderLine.sku_code, OrderLine.quantity, OrderLine.sku_id)
                         .join(Order, Order.id == OrderLine.order_pk).order_by(OrderLine.id)).all()


def douyin_rows(n=2, **kw):
    return [douyin_row(f"690000000000000{k:04d}", f"680000000000000{k:04d}", **kw) for k in range(n)]


def text_table(rows, sep=",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


# -- files whose content is not what the extension says -------------------------------------
def html_table(rows, charset="utf-8") -> str:
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>\n" for r in rows)
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head>'
            f"<body><table border=1>\n{body}</table></body></html>")


def test_an_xls_that_is_an_html_table_is_read_in_the_charset_it_declares(svc, store, now, tmp_path):
    utf8 = tmp_path / "抖店订单.xls"
    utf8.write_text(html_table([DOUYIN_HEAD, *douyin_rows(2)]), encoding="utf-8")
    gbk = tmp_path / "老后台导出.xls"
    rows = [douyin_row("6900000000000009001", "6800000000000009001")]
    gbk.write_bytes(html_table([DOUYIN_HEAD, *rows], "gb2312").encode("gbk"))
    got = svc.import_files([utf8, gbk], now=now)
    assert [(r.status, r.platform, r.rows) for r in got] == [("imported", "douyin", 2), ("imported", "douyin", 1)]
    assert orders(store)["6900000000000009001"].recipient == "王芳"  # GBK text read as GBK


def test_tab_separated_and_utf16_text_named_xls_are_read(svc, store, now, tmp_path):
    tsv = tmp_path / "tsv.xls"
    tsv.write_bytes(text_table([DOUYIN_HEAD, *douyin_rows(2)], "\t").encode("gb18030"))
    unicode_text = tmp_path / "unicode.xls"  # Excel's "Unicode text": UTF-16 LE with a BOM, tabs
    rows = [douyin_row("6900000000000007001", "6800000000000007001", amount="1,059.90")]
    unicode_text.write_bytes(b"\xff\xfe" + text_table([DOUYIN_HEAD, *rows], "\t").encode("utf-16-le"))
    got = svc.import_files([tsv, unicode_text], now=now)
    assert [(r.status, r.rows, r.errors) for r in got] == [("imported", 2, []), ("imported", 1, [])]
    assert orders(store)["6900000000000007001"].amount_paid_fen == 105990


def test_an_xls_that_is_an_excel_2003_xml_workbook_is_read(svc, store, now, tmp_path):
    def row(cells, index=""):
        return f"<Row{index}>" + "".join(f'<Cell><Data ss:Type="String">{c}</Data></Cell>' for c in cells) + "</Row>"

    rows = douyin_rows(2)
    body = row(DOUYIN_HEAD) + row(rows[0]) + row(rows[1], ' ss:Index="4"')  # a blank row 3 skipped by index
    f = tmp_path / "订单.xls"
    f.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
                 '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                 'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="订单"><Table>'
                 f"{body}</Table></Worksheet></Workbook>", encoding="utf-8")
    (r,) = svc.import_files([f], now=now)
    assert (r.status, r.platform, r.rows) == ("imported", "douyin", 2), r.errors


def test_a_gb18030_csv_with_three_bad_bytes_is_read_and_the_rows_are_named(svc, store, now, tmp_path):
    data = text_table([DOUYIN_HEAD, *douyin_rows(5)]).encode("gb18030").split(b"\r\n")
    data[3] = data[3].replace("王芳".encode("gb18030"), b"\x81\x20\xff")  # row 4: bytes no codec reads
    f = tmp_path / "bad.csv"
    f.write_bytes(b"\r\n".join(data))
    (r,) = svc.import_files([f], now=now)
    assert r.status == "imported" and r.rows == 5
    assert any("第 4 行" in w and "\ufffd" in w for w in r.warnings), r.warnings
    assert orders(store)["6900000000000000000"].recipient == "王芳"  # the good rows as they were


def test_a_utf8_csv_with_a_bad_byte_stays_utf8_not_gbk_garbage(svc, store, now, tmp_path):
    data = text_table([DOUYIN_HEAD, *douyin_rows(3)]).encode("utf-8").split(b"\r\n")
    data[2] = data[2].replace("建设路".encode(), b"\xff\xfe", 1)  # row 3
    f = tmp_path / "utf8.csv"
    f.write_bytes(b"\r\n".join(data))
    (r,) = svc.import_files([f], now=now)
    assert r.status == "imported" and any("第 3 行" in w for w in r.warnings), r.warnings
    assert orders(store)["6900000000000000000"].recipient == "王芳"  # not read as GB18030


def test_nul_bytes_early_and_late_do_not_make_a_csv_a_picture(svc, store, now, tmp_path):
    text = text_table([DOUYIN_HEAD, *douyin_rows(3)]).encode("utf-8")
    early = text.replace("主订单编号".encode(), "主订单编号\x00".encode(), 1)
    late = early[:-40] + b"\x00\x00" + early[-40:]
    f = tmp_path / "nul.csv"
    f.write_bytes(b"\xef\xbb\xbf" + late + b"\x1a")  # and DOS's end-of-file mark
    (r,) = svc.import_files([f], now=now)
    assert r.status == "imported" and r.rows == 3
    assert not any("\x00" in (v or "") for o in orders(store).values() for v in (o.recipient, o.address))
    photo = tmp_path / "photo.xls"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    (r,) = svc.import_files([photo], now=now)
    assert r.status == "rejected" and "不是表格" in r.errors[0]["message"]


# -- localised TikTok, currencies, dashes, stand-ins -----------------------------------------
def test_tiktok_from_the_chinese_seller_center_reads_chinese_statuses(svc, store, now, tmp_path):
    rows = [TIKTOK_HEAD, ["Platform unique order ID.", "", "", "", "", "", "", ""]]
    for k, status in enumerate(("待发货", "已发货", "运输中", "已取消", "已完成")):
        rows.append([f"57606852468065{k:04d}", status, "", "SS04-02", "耳机", "1", "RM129.00",
                     "25/11/2026 09:15:00\t"])
    (r,) = svc.import_files([write_csv(tmp_path / "tk.csv", rows)], now=now)
    assert r.status == "imported" and r.warnings == []
    got = {o.order_id[-1]: o.status for o in orders(store).values()}
    assert got == {"0": "unshipped", "1": "shipped", "2": "shipped", "3": "closed", "4": "completed"}
    assert {o.amount_paid_fen for o in orders(store).values()} == {12900}


def test_tiktok_japan_headers_yen_with_separators_and_us_times(svc, store, now, tmp_path):
    head = ["注文ID", "注文状況", "注文サブステータス", "セラーSKU", "商品名", "バリエーション", "数量",
            "割引後のSKU小計", "注文の作成日時", "注文の支払い日時"]
    rows = [head, ["5770000000000001", "発送待ち", "", "JP-01", "保温ボトル", "白", "2", "11,000 JPY",
                   "01/27/2026 6:01:00 PM", "01/27/2026 6:03:56 PM"],
            ["5770000000000002", "発送済み", "", "JP-01", "保温ボトル", "白", "1", "¥5,500", "01/27/2026 7:00:00 PM",
             "01/27/2026 7:01:00 PM"]]
    (r,) = svc.import_files([write_xlsx(tmp_path / "jp.xlsx", rows)], now=now)
    assert (r.status, r.platform, r.rows) == ("imported", "tiktok", 2), r.errors
    o = orders(store)["5770000000000001"]
    assert o.status == "unshipped" and o.amount_paid_fen == 1100000
    paid = o.paid_at.astimezone(now.tzinfo)
    assert (paid.month, paid.day, paid.hour, paid.minute, paid.second) == (1, 27, 18, 3, 56)
    assert orders(store)["5770000000000002"].status == "shipped"


def test_currency_before_or_after_the_amount(svc, store, now, tmp_path):
    amounts = ["RM129.00", "$12.00", "¥59.90", "฿1,234.50", "129.00 THB", "USD 3.5", "₫129.000", "£2", "MYR 7.10"]
    rows = [TIKTOK_HEAD] + [[f"9{k:05d}", "To ship", "", "A", "x", "1", a, "11/25/2026 09:15:00"]
                            for k, a in enumerate(amounts)]
    (r,) = svc.import_files([write_csv(tmp_path / "money.csv", rows)], now=now)
    assert r.status == "imported", r.errors
    got = [orders(store)[f"9{k:05d}"].amount_paid_fen for k in range(len(amounts))]
    assert got == [12900, 1200, 5990, 123450, 12900, 350, 12900000, 200, 710]


def test_dashes_of_every_width_are_empty_and_a_missing_payment_time_takes_the_order_time(svc, store, now,
                                                                                      tmp_path):
    head = [h for h in DOUYIN_HEAD if h != "支付完成时间"]
    rows = []
    for k, dash in enumerate(("–", "—", "－", "-")):
        row = douyin_row(f"690000000000000{k:04d}", f"680000000000000{k:04d}", after=dash)
        del row[DOUYIN_HEAD.index("支付完成时间")]
        rows.append(row)
    (r,) = svc.import_files([write_xlsx(tmp_path / "custom.xlsx", [head, *rows])], now=now)
    assert r.status == "imported" and r.rows == 4
    assert any("支付完成时间" in w and "订单提交时间" in w for w in r.warnings), r.warnings
    for o in orders(store).values():
        assert o.after_sale is None and o.paid_at == o.created_at is not None


def test_pdd_street_or_town_column_is_the_street(svc, store, now, tmp_path):
    head = ["订单成交时间", "商品", "订单号", "订单状态", "用户实付金额(元)", "商品数量(件)", "省", "市", "区", "街道/镇"]
    row = ["2026-11-19 09:00:00", "睡衣", "261120-166978336358402", "待发货", "59.90", "1", "广东省", "深圳市",
           "南山区", "粤海街道"]
    (r,) = svc.import_files([write_xlsx(tmp_path / "pdd.xlsx", [head, row])], now=now)
    assert r.status == "imported" and orders(store)["261120-166978336358402"].address == "粤海街道"


def test_a_file_whose_every_status_is_unknown_is_refused_listing_them(svc, store, now, tmp_path):
    rows = [TIKTOK_HEAD] + [[f"8{k:05d}", s, "", "A", "x", "1", "1.00", "11/25/2026 09:15:00"]
                            for k, s in enumerate(("รอจัดส่ง", "Chờ lấy hàng", "รอจัดส่ง"))]
    (r,) = svc.import_files([write_csv(tmp_path / "th.csv", rows)], now=now)
    said = r.errors[0]["message"]
    assert r.status == "rejected" and "รอจัดส่ง" in said and "Chờ lấy hàng" in said
    assert orders(store) == {}


# -- values no export really holds -----------------------------------------------------------
def test_implausible_quantities_and_amounts_are_named_never_changed(svc, store, now, tmp_path):
    rows = [douyin_row("6900000000000000001", "6800000000000000001", qty="0"),
            douyin_row("6900000000000000002", "6800000000000000002", qty="-3"),
            douyin_row("6900000000000000003", "6800000000000000003", qty="2000000000"),
            douyin_row("6900000000000000004", "6800000000000000004", qty="1e20"),
            douyin_row("6900000000000000005", "6800000000000000005", amount="-59.90"),
            douyin_row("6900000000000000006", "6800000000000000006", amount="1" * 30),
            douyin_row("6900000000000000007", "6800000000000000007", paid="0001-01-01 00:00:00")]
    f = write_csv(tmp_path / "odd.csv", [DOUYIN_HEAD, *rows])
    (r,) = svc.import_files([f], now=now)
    assert r.status == "rejected" and orders(store) == {}
    where = {(e["row"], e["column"]) for e in r.errors}
    assert where == {(3, "商品数量"), (4, "商品数量"), (5, "商品数量"), (6, "订单应付金额"), (7, "订单应付金额"),
                     (8, "订单提交时间"), (8, "支付完成时间")}  # year 1 cannot be moved to UTC: said, not a crash
    assert all("Error" not in e["message"] for e in r.errors)  # no exception names: words
    (r,) = svc.import_files([f], now=now, valid_rows_only=True)  # the good rows, the gift line warned
    assert r.status == "imported" and r.orders == 1
    assert any("商品数量" in w and "为 0" in w and "第 2 行" in w for w in r.warnings), r.warnings
    assert [ln.quantity for ln in lines(store)] == [0]  # stored as written, not as 1


def test_a_one_megabyte_cell_is_an_error_with_its_row_and_column(svc, store, now, tmp_path):
    rows = douyin_rows(3)
    rows[1][DOUYIN_HEAD.index("详细地址")] = "路" * 2**20
    rows[2][DOUYIN_HEAD.index("商品数量")] = "9" * 2**20
    (r,) = svc.import_files([write_csv(tmp_path / "big.csv", [DOUYIN_HEAD, *rows])], now=now)
    assert r.status == "rejected" and orders(store) == {}
    assert {(e["row"], e["column"]) for e in r.errors} == {(3, "详细地址"), (4, "商品数量")}


def test_control_characters_are_removed_and_exports_still_work(svc, store, now, tmp_path):
    rows = douyin_rows(2)
    rows[0][DOUYIN_HEAD.index("收件人")] = "王\x0b芳"
    rows[1][DOUYIN_HEAD.index("详细地址")] = "建设路\x001号\x07"
    (r,) = svc.import_files([write_csv(tmp_path / "ctl.csv", [DOUYIN_HEAD, *rows])], now=now)
    assert r.status == "imported"
    got = orders(store)
    assert got["6900000000000000000"].recipient == "王芳" and got["6900000000000000001"].address == "建设路1号"
    for kind in ("orders", "contacts"):
        assert svc.export(kind, tmp_path / f"{kind}.xlsx", now=now).exists()


# -- SKU codes as people type them, duplicate headers ----------------------------------------
def test_sku_codes_match_as_typed_and_unmatched_lines_are_counted(svc, store, now, tmp_path):
    svc.import_files([stock_file(tmp_path / "stock.xlsx", [["SS01-02", "睡衣", "粉色 M", 10, 2, 7, 30]])], now=now)
    typed = ["ＳＳ０１－０２", "SS01-02\u3000", "ss01-02", " SS01 -02", "XX99", "YY98", "ZZ97"]
    rows = [douyin_row(f"690000000000000{k:04d}", f"680000000000000{k:04d}", sku=code)
            for k, code in enumerate(typed)]
    (r,) = svc.import_files([write_xlsx(tmp_path / "o.xlsx", [DOUYIN_HEAD, *rows])], now=now)
    assert r.status == "imported"
    with store.session() as s:
        sku = s.scalar(select(Sku.id).where(Sku.code == "SS01-02"))
    got = lines(store)
    assert [ln.sku_id for ln in got[:4]] == [sku] * 4 and [ln.sku_id for ln in got[4:]] == [None] * 3
    assert got[0].sku_code == "ＳＳ０１－０２"  # the seller's code stays as typed
    assert any(w.startswith("3 行的商家编码不在商品库里") for w in r.warnings), r.warnings


def test_a_duplicate_column_name_is_warned_and_the_first_is_read(svc, store, now, tmp_path):
    head = DOUYIN_HEAD + ["商品数量"]
    rows = [douyin_row("6900000000000000001", "6800000000000000001", qty="2") + ["5"]]
    (r,) = svc.import_files([write_xlsx(tmp_path / "dup.xlsx", [head, *rows])], now=now)
    assert r.status == "imported" and [ln.quantity for ln in lines(store)] == [2]
    letter = "E"  # 商品数量 is the fifth column
    assert any("商品数量" in w and "2 次" in w and f"{letter} 列" in w for w in r.warnings), r.warnings

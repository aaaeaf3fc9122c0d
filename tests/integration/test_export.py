from openpyxl import load_workbook

from app.xlsx import write_workbook
from tests.factories import douyin_file, stock_file


def test_formula_like_cells_are_written_as_text(tmp_path):
    out = write_workbook(tmp_path / "x.xlsx", [{"title": "t", "columns": [{"key": "v", "header": "值"}],
                                                "rows": [{"v": "=1+1"}, {"v": "+86 138"}, {"v": "-5"},
                                                         {"v": "@SUM(A1)"}, {"v": "正常"}]}])
    ws = load_workbook(out).active
    values = [ws.cell(row=i, column=1) for i in range(2, 7)]
    assert all(c.data_type == "s" for c in values)  # text cells: never evaluated
    assert [c.value for c in values] == ["=1+1", "+86 138", "-5", "@SUM(A1)", "正常"]  # shown as typed
    assert [c.quotePrefix for c in values] == [True, True, True, True, False]  # stay text when edited
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:A6"
    assert ws["A1"].font.bold


def test_every_report_exports_with_chinese_headers(svc, now, tmp_path):
    svc.import_files([douyin_file(tmp_path / "d.xlsx"),
                      stock_file(tmp_path / "s.xlsx", [["SS01-01", "睡衣", "M", 1, 5, 3, "20"]])], now=now)
    heads = {}
    for kind in ("orders", "risk", "stock", "contacts"):
        out = svc.export(kind, tmp_path / f"{kind}.xlsx", now=now)
        ws = load_workbook(out).active
        heads[kind] = [c.value for c in ws[1]]
        assert ws.max_row >= 2, kind
    assert "订单编号" in heads["orders"] and "预计扣款" in heads["risk"] and "商家编码" in heads["stock"]
    assert "消息" in heads["contacts"]
    ws = load_workbook(tmp_path / "orders.xlsx").active
    assert ws["B2"].value in ("6900000000000000001", "6900000000000000003")  # IDs stay text, not 6.9E+18


def test_number_and_date_formats_and_widths_that_fit(tmp_path, now):
    from decimal import Decimal

    cols = [{"key": "t", "header": "付款时间", "kind": "datetime"}, {"key": "m", "header": "金额", "kind": "money"},
            {"key": "q", "header": "数量", "kind": "int"}, {"key": "p", "header": "商品", "kind": "text"}]
    rows = [{"t": now, "m": Decimal("12.50"), "q": 3, "p": "加厚珊瑚绒睡衣 粉色 M 码"}]
    out = write_workbook(tmp_path / "f.xlsx", [{"title": "订单", "columns": cols, "rows": rows}], now.tzinfo)
    ws = load_workbook(out).active
    assert ws["A2"].number_format == "yyyy-mm-dd hh:mm" and ws["A2"].value.hour == 18  # shop time
    assert ws["B2"].number_format == "¥#,##0.00" and ws["B2"].value == 12.5
    assert ws["C2"].number_format == "0" and ws["C2"].value == 3
    assert ws.column_dimensions["D"].width >= 24  # CJK characters count double

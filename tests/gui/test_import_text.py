"""Import messages in the shop's language: English when chosen, the Chinese the CLI always printed by default.

The file's own headers and cell values stay as they are in the file (the seller looks for them there).
"""

from __future__ import annotations

import json
import re
import zipfile

import pytest
from sqlalchemy import select

from app import text
from app.imports.mapping import validate
from app.store.models import StockMovement
from tests.factories import (
    DOUYIN_HEAD,
    douyin_file,
    douyin_row,
    stock_file,
    unreadable_files,
    write_csv,
    write_xlsx,
)
from tests.integration.test_core_text import CJK, _default_language  # noqa: F401 - the autouse fixture resets the language


def _import(svc, now, path, **kw):
    (r,) = svc.import_files([path], now=now, **kw)
    return r


def _bad_quantity(tmp_path):
    rows = [douyin_row("6900000000000000001", "6900000000000000002"),
            douyin_row("6900000000000000003", "6900000000000000004", qty="两件")]
    return douyin_file(tmp_path / "bad.xlsx", rows=rows)


def test_bad_number_names_row_and_the_files_own_column_in_both_languages(svc, now, tmp_path):
    f = _bad_quantity(tmp_path)
    zh = _import(svc, now, f)
    assert zh.errors[0]["message"] == "第3行「商品数量」不是数字：两件"
    assert zh.summary() == "bad.xlsx：未导入（1 处问题）第3行「商品数量」不是数字：两件"
    text.set_language("en")
    en = _import(svc, now, f)
    assert en.errors[0]["message"] == "Row 3, “商品数量” is not a number: 两件"
    assert (en.errors[0]["row"], en.errors[0]["column"]) == (3, "商品数量")
    assert en.summary() == "bad.xlsx: not imported (1 problem) — Row 3, “商品数量” is not a number: 两件"


def test_bad_date_money_and_empty_id_in_english(svc, now, tmp_path):
    rows = [douyin_row("6900000000000000001", "6900000000000000002", paid="昨天"),
            douyin_row("6900000000000000003", "6900000000000000004", amount="五十"),
            douyin_row("", "6900000000000000006")]
    text.set_language("en")
    r = _import(svc, now, douyin_file(tmp_path / "d.xlsx", rows=rows))
    messages = [e["message"] for e in r.errors]
    assert "Row 2, “支付完成时间” is not a valid time: 昨天" in messages
    assert "Row 3, “订单应付金额” is not an amount of money: 五十" in messages
    assert "Row 4, “主订单编号” is empty" in messages
    assert r.summary().startswith(f"d.xlsx: not imported ({len(messages)} problems) — Row 2, ")


def test_long_id_that_went_through_a_float_in_english(svc, now, tmp_path):
    text.set_language("en")
    r = _import(svc, now, douyin_file(tmp_path / "f.xlsx", rows=[douyin_row("6.9e+18", "6900000000000000002")]))
    assert r.errors[0]["message"].startswith("Row 2, “主订单编号” is in scientific notation")
    assert r.errors[0]["message"].endswith("(set the column to text and export again): 6.9e+18")


def test_missing_column_names_the_platform_in_the_shops_language(svc, now, tmp_path):
    head = [h for h in DOUYIN_HEAD if h != "主订单编号"]
    rows = [[c for h, c in zip(DOUYIN_HEAD, douyin_row("1", "2"), strict=True) if h != "主订单编号"]]
    f = write_xlsx(tmp_path / "m.xlsx", [head] + rows)
    assert _import(svc, now, f).errors[0]["message"] == (
        "缺少必需的列「主订单编号」：这像是抖店订单导出，但没有「主订单编号」这一列，请导出时勾选该列")
    text.set_language("en")
    r = _import(svc, now, f)
    assert r.errors[0]["message"] == ("Required column “主订单编号” is missing: this looks like a Douyin order "
                                      "export, but it has no “主订单编号” column; tick that column when exporting")
    assert r.needs == "mapping" and r.platform == "douyin"  # the JSON keeps the code


def test_unknown_layout_and_header_only_file_in_english(svc, now, tmp_path):
    text.set_language("en")
    r = _import(svc, now, write_csv(tmp_path / "u.csv", [["a", "b"], ["1", "2"]]))
    assert r.errors[0]["message"].startswith("No order export or stock sheet header found: this does not look "
                                             "like a Douyin, Taobao, Pinduoduo, Kuaishou or TikTok order export")
    r = _import(svc, now, douyin_file(tmp_path / "h.xlsx", rows=[]))
    assert r.errors[0]["message"] == "The file has only the header row, no data rows"


def test_empty_damaged_renamed_and_zip_bomb_files_in_english(svc, now, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (50 * 2**20))
    text.set_language("en")
    got = {r.file: r.errors[0]["message"] for r in svc.import_files(unreadable_files(tmp_path) + [bomb], now=now)}
    assert got["empty.csv"] == "The file is empty (0 bytes): export it again from the shop back office"
    assert got["photo.xlsx"].startswith("This is not a spreadsheet (perhaps a picture")
    assert got["trunc.xlsx"].startswith("The file is damaged or incomplete")
    assert re.fullmatch(r"The file is too large when unpacked \(50 MiB, compression ratio \d+:1\): it looks "
                        r"abnormal and was refused", got["bomb.xlsx"])
    assert not any(CJK.search(m) for m in got.values()), got


def test_import_and_reimport_summaries_in_both_languages(svc, now, tmp_path):
    f = douyin_file(tmp_path / "dy.xlsx")
    text.set_language("en")
    assert _import(svc, now, f).summary() == ("dy.xlsx: imported — rows: 2, new orders: 2, "
                                                        "updated: 0, unchanged: 0")
    assert _import(svc, now, f).summary() == "dy.xlsx: already imported (orders: 2), nothing changed"
    text.set_language("zh_CN")
    assert _import(svc, now, f).summary() == "dy.xlsx：2 单都已导入过，没有变化"


def test_stock_sheet_summary_and_ledger_reason_in_english(svc, store, now, tmp_path):
    text.set_language("en")
    r = _import(svc, now, stock_file(tmp_path / "s.xlsx", [["SS01-01", "睡衣", "粉色 M", 12, 10, 3, "26.96"]]))
    assert r.summary() == "s.xlsx: stock sheet imported — rows: 1, SKUs: 1"
    with store.session() as s:
        assert s.scalars(select(StockMovement.reason)).all() == ["Stock sheet import"]


def test_tiktok_date_order_question_in_english(svc, now, tmp_path):
    head = ["Order ID", "Order Status", "Seller SKU", "Product Name", "Quantity", "SKU Subtotal After Discount",
            "Paid Time"]
    f = write_csv(tmp_path / "t.csv", [head, ["1", "To ship", "A", "x", "1", "1.00", "03/04/2026 10:00:00"]])
    text.set_language("en")
    r = _import(svc, now, f)
    assert r.needs == "date_order"
    assert r.errors[0]["message"].startswith("Cannot tell whether the dates are month/day/year or day/month/year "
                                             "(for example 03/04/2026 10:00:00), nothing imported")
    assert not CJK.search(r.errors[0]["message"])


def test_mapping_problems_in_english():
    text.set_language("en")
    problems = validate({"order_id": "单号", "status": "单号", "paid_at": "付款", "product": "商品",
                         "quantity": "数量", "amount_paid": "没有这列"}, ["单号", "付款", "商品", "数量"])
    assert problems == ["Column “单号” is used for more than one field", "The file has no column “没有这列”"]
    assert validate({}, [])[0] == "Required field missing: order_id"


def test_saving_a_bad_mapping_lists_its_problems_with_the_languages_separator(svc, now):
    text.set_language("en")
    with pytest.raises(ValueError, match="^Required field missing: order_id; Required field missing: status;"):
        svc.save_mapping(["单号"], {"paid_at": "单号"}, "douyin", "x", now=now)
    text.set_language("zh_CN")
    with pytest.raises(ValueError, match="^缺少必需的字段：order_id；缺少必需的字段：status；"):
        svc.save_mapping(["单号"], {"paid_at": "单号"}, "douyin", "x", now=now)


def test_mapping_dialog_lists_fields_sharing_a_column_with_the_languages_separator(qtbot, svc, tmp_path):
    from tests.gui.test_import_gui import unknown_file
    from ui.dialogs.column_mapping import ColumnMappingDialog

    text.set_language("en")  # no Qt translator installed: the dialog's own text is the English source
    dlg = ColumnMappingDialog(svc.import_preview(unknown_file(tmp_path / "k.xlsx")), platform="kuaishou")
    qtbot.addWidget(dlg)
    dlg.set_column("quantity", "实收")
    assert "Column “实收” is chosen for several fields: Quantity, Amount paid." in dlg.problems()


def test_cli_read_errors_follow_the_language_although_files_are_read_ahead(data_dir, tmp_path, capsys):
    """The CLI starts reading the files before it knows the shop's language: the message is made when shown."""
    from app import cli

    files = [str(p) for p in unreadable_files(tmp_path)]
    args = ["--data-dir", str(data_dir), "--now", "2026-11-20T18:00", "import", *files]
    assert cli.run(["--lang", "en", *args, "--json"]) == 2
    got = {r["file"]: r["errors"][0]["message"] for r in json.loads(capsys.readouterr().out)["files"]}
    assert got["empty.csv"] == "The file is empty (0 bytes): export it again from the shop back office"
    assert not any(CJK.search(m) for m in got.values()), got
    assert cli.run(args) == 2
    assert "empty.csv：未导入（1 处问题）文件是空的（0 字节），请重新从后台导出" in capsys.readouterr().out

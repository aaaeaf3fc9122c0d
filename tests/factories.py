"""Export files and store rows built in code (tests never read ../shared)."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

DOUYIN_HEAD = ["主订单编号", "子订单编号", "选购商品", "商家编码", "商品数量", "商品金额", "订单提交时间",
               "支付完成时间", "承诺发货时间", "订单状态", "售后状态", "发货时间", "订单应付金额", "收件人",
               "收件人手机号", "省", "市", "区", "详细地址"]


def douyin_row(oid, line, sku="SS01-01", qty="1", paid="2026-11-19 10:00:00", promise="2026-11-21 10:00:00",
               status="待发货", after="-", amount="59.90", phone="13812345678"):
    return [oid, line, "加厚珊瑚绒睡衣 粉色 M", sku, qty, "59.90", paid, paid, promise, status, after, "-", amount,
            "王芳", phone, "广东省", "深圳市", "南山区", "建设路1号"]


def write_xlsx(path: Path, rows: list[list], title_rows: list[list] | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    for r in (title_rows or []) + rows:
        ws.append(r)
    wb.save(path)
    return path


def write_csv(path: Path, rows: list[list], encoding="utf-8-sig") -> Path:
    with open(path, "w", newline="", encoding=encoding) as f:
        csv.writer(f).writerows(rows)
    return path


def douyin_file(path: Path, rows=None, **kw) -> Path:
    rows = rows if rows is not None else [douyin_row("6900000000000000001", "6900000000000000002"),
                                          douyin_row("6900000000000000003", "6900000000000000004", qty="2")]
    return write_xlsx(path, [DOUYIN_HEAD] + rows, **kw)


STOCK_HEAD = ["商家编码", "商品名称", "规格", "实际库存", "安全库存", "采购周期(天)", "成本价"]


def stock_file(path: Path, rows) -> Path:
    return write_xlsx(path, [STOCK_HEAD] + rows)


def unreadable_files(tmp_path: Path) -> list[Path]:
    """An empty CSV, a picture renamed .xlsx and a truncated workbook: rejected before any row is read."""
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    photo = tmp_path / "photo.xlsx"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    trunc = tmp_path / "trunc.xlsx"
    trunc.write_bytes(douyin_file(tmp_path / "ok.xlsx").read_bytes()[:2000])
    return [empty, photo, trunc]

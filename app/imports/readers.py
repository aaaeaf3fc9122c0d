"""File → rows of strings. Spreadsheets through python-calamine, CSV with encoding detection.

Guards run before any parsing: size caps, and for zip-based files the declared sizes and
compression ratio (a 1 MiB file inflating to 1 GiB made calamine use 3 GiB of memory).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

MAX_FILE_BYTES = 200 * 2**20
MAX_INFLATED_BYTES = 1 * 2**30
MAX_RATIO = 200
MAX_ROWS = 1_500_000
MAX_CELL = 32_767  # Excel's own cell limit


class ReadError(Exception):
    """A file that cannot be read at all; the message is for the seller."""


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except zipfile.BadZipFile as exc:
        raise ReadError("文件已损坏或不完整（不是有效的 Excel 文件），请重新从后台导出") from exc
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_INFLATED_BYTES or total / packed > MAX_RATIO:
        raise ReadError(f"文件解压后过大（{total // 2**20} MiB），疑似异常文件，已拒绝")


def cell_text(v) -> str:
    """A cell as text; floats that are whole numbers lose the '.0' (quantities)."""
    if v is None:
        return ""
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    if hasattr(v, "isoformat"):
        return v.isoformat(sep=" ") if hasattr(v, "hour") else v.isoformat()
    return str(v)


def read_rows(path: str | Path) -> list[list]:
    """Rows of cells: strings from CSV, calamine's values from spreadsheets (see cell_text)."""
    p = Path(path)
    if not p.exists():
        raise ReadError("找不到文件")
    size = p.stat().st_size
    if size == 0:
        raise ReadError("文件是空的")
    if size > MAX_FILE_BYTES:
        raise ReadError(f"文件过大（{size // 2**20} MiB），上限 {MAX_FILE_BYTES // 2**20} MiB")
    head = p.open("rb").read(8)
    if head.startswith(b"PK"):
        _check_zip(p)
        return _read_calamine(p)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # legacy .xls (OLE2)
        return _read_calamine(p)
    if p.suffix.lower() in (".xlsx", ".xls", ".ods", ".xlsm"):
        raise ReadError("这不是表格文件（可能是图片或其他文件改了扩展名）")
    return _read_csv(p)


def _read_calamine(p: Path) -> list[list]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(p))
        sheet = wb.get_sheet_by_index(0)
        raw = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several types for damaged files
        raise ReadError("文件已损坏或不完整，无法读取，请重新从后台导出") from exc
    if len(raw) > MAX_ROWS:
        raise ReadError(f"表格行数过多（{len(raw)} 行）")
    return raw  # cells stay as calamine gives them; the pipeline converts only mapped columns


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise ReadError("无法识别文件编码，也不是表格文件") from None
        return str(best)


def _read_csv(p: Path) -> list[list[str]]:
    data = p.read_bytes()
    if b"\x00" in data[:4096]:
        raise ReadError("这不是表格文件（可能是图片或其他文件改了扩展名）")
    text = _decode(data)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if len(rows) > MAX_ROWS:
        raise ReadError(f"表格行数过多（{len(rows)} 行）")
    return rows

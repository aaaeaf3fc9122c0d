"""One styled-workbook writer (openpyxl, write-only for big lists), a floor below the report exports and
the inventory's workbooks alike; formula-safe."""

from __future__ import annotations

import os
import tempfile
import time
import unicodedata
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.text import t

HEADER_FILL = PatternFill("solid", fgColor="F2F4F7")
HEADER_FONT = Font(bold=True, color="344054")
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {"money": "¥#,##0.00", "int": "0", "datetime": "yyyy-mm-dd hh:mm", "date": "yyyy-mm-dd", "text": "@"}


def display_width(text: str) -> int:
    """CJK characters take two columns in Excel."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def is_dangerous(value) -> bool:
    """Text a spreadsheet (or a CSV saved from it) would run as a formula."""
    return isinstance(value, str) and value.startswith(DANGEROUS)


def write_workbook(path: Path, sheets: list[dict], tz=None) -> Path:
    """sheets: [{"title", "columns": [{"key", "header", "kind"}], "rows": [dict]}]."""
    wb = Workbook(write_only=True)
    for sheet in sheets:
        ws = wb.create_sheet(sheet["title"][:31])
        cols = sheet["columns"]
        widths = [display_width(c["header"]) + 2 for c in cols]
        body = []
        sep = t("; ")  # a list in one cell (reasons)
        for row in sheet["rows"]:
            cells = []
            for i, c in enumerate(cols):
                v = row.get(c["key"])
                if isinstance(v, datetime):
                    v = (v.astimezone(tz) if tz else v).replace(tzinfo=None)
                if isinstance(v, list):
                    v = sep.join(str(x) for x in v)
                if isinstance(v, Decimal):
                    v = float(v) if c.get("kind") != "text" else str(v)  # Excel cells hold binary numbers
                if isinstance(v, str) and ILLEGAL_CHARACTERS_RE.search(v):
                    v = ILLEGAL_CHARACTERS_RE.sub("", v)  # a control character stored by an older version
                cell = WriteOnlyCell(ws, value=v)
                if isinstance(v, str):
                    cell.data_type = "s"  # a string cell, never a formula
                    if is_dangerous(v):
                        # shown as typed, and kept text when the seller edits it (Excel's leading ')
                        cell.quotePrefix = True
                fmt = FORMATS.get(c.get("kind", ""))
                if fmt and not (isinstance(v, str) and c.get("kind") != "text"):
                    cell.number_format = fmt
                cells.append(cell)
                text = v if isinstance(v, str) else ("" if v is None else f"{v}")
                widths[i] = max(widths[i], min(display_width(text) + 2, 60))
            body.append(cells)
        for i, w in enumerate(widths):
            ws.column_dimensions[get_column_letter(i + 1)].width = w
        ws.freeze_panes = "A2"
        if cols:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{max(len(body) + 1, 1)}"
        head = []
        for c in cols:
            cell = WriteOnlyCell(ws, value=c["header"])
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(vertical="center")
            head.append(cell)
        ws.append(head)
        for cells in body:
            ws.append(cells)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_whole(wb, path)
    return path


TEMP_SUFFIX = ".shopsentry-tmp"
STALE_TEMP_S = 15 * 60  # a temporary file this old belongs to an export that was stopped


def save_whole(wb: Workbook, path: Path) -> None:
    """The workbook written beside ``path`` and moved into place only when complete: a full disk or
    a stopped app leaves the file that was there before as it was. The temporary file, and
    openpyxl's own temporary sheet files, are gone afterwards whatever happened."""
    tmp = None
    try:
        _sweep(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".~{path.stem[:40]}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=path.parent)
        os.close(fd)
        wb.save(tmp)
        with open(tmp, "rb+") as f:  # on disk before the name points at it
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        _drop_sheet_files(wb)


def _drop_sheet_files(wb: Workbook) -> None:
    """openpyxl keeps each write-only sheet in a temporary file until the workbook is saved, and a
    failed save leaves them until the process exits."""
    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        for stream in (getattr(ws, "_rows", None), getattr(writer, "xf", None)):  # a save that broke off
            try:  # closed here, not by the garbage collector (which prints its complaint to stderr)
                stream is not None and stream.close()
            except Exception:  # noqa: BLE001,S110 (the sheet is being thrown away)
                pass
        out = getattr(writer, "out", None)
        if isinstance(out, str) and out in ALL_TEMP_FILES:
            ALL_TEMP_FILES.remove(out)
            Path(out).unlink(missing_ok=True)


def _sweep(folder: Path) -> None:
    """Temporary files of exports that were stopped midway (the app killed, the PC switched off)."""
    now = time.time()
    for p in Path(tempfile.gettempdir()).glob("openpyxl.*"):  # sheet files of a process that was killed
        try:
            if now - p.stat().st_mtime > 86_400:  # a day: no live save keeps one that long
                p.unlink()
        except OSError:
            pass
    for p in folder.glob(f".~*{TEMP_SUFFIX}"):
        try:
            pid = int(p.name.rsplit(".", 3)[-3]) if p.name.count(".") >= 3 else 0
        except ValueError:
            pid = 0
        try:
            if now - p.stat().st_mtime > STALE_TEMP_S or (pid != os.getpid() and not _alive(pid)):
                p.unlink()
        except OSError:
            pass


def _alive(pid: int) -> bool:
    if pid <= 0 or os.name != "posix":
        return True  # unknown: only the age decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True

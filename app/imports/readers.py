"""File → rows of cells. Spreadsheets through python-calamine, CSV with encoding detection.

Guards run before any parsing: size caps, and for zip-based files the declared sizes and
compression ratio (a 1 MiB file inflating to 1 GiB made calamine use 3 GiB of memory).
The sheet is handed on as a :class:`Table`: the first rows for header detection, then only the
columns the pipeline asks for — cells of unmapped columns never become Python objects kept alive.
"""

from __future__ import annotations

import os
import threading
import zipfile
import zlib
from concurrent.futures import Future
from pathlib import Path

from app.chunks import in_chunks
from app.imports.table import (
    HEAD_ROWS,
    MAX_CELL,
    MAX_COLUMNS,
    MAX_ROWS,
    ReadError,
    Table,
    _damaged,
    _not_a_sheet,
    _too_many_columns,
    _too_many_rows,
    cell_text,
)
from app.imports.xlsx_stream import SLICES_PREFIX, _SliceZip, _stream_xlsx
from app.text import N_

__all__ = ["HEAD_ROWS", "MAX_CELL", "MAX_COLUMNS", "MAX_ROWS", "SLICES_PREFIX", "ReadError", "Table", "_SliceZip",
           "cell_text", "open_table", "prefetch"]  # re-exported: callers and tests keep importing them from here

MAX_FILE_BYTES = 200 * 2**20
MAX_INFLATED_BYTES = 1 * 2**30
MAX_RATIO = 200
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
BLOCK_ROWS = 5_000


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(N_("The file is damaged or incomplete (not a valid Excel file): export it again from the "
                          "shop back office")) from exc
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_INFLATED_BYTES or total / packed > MAX_RATIO:
        raise ReadError(N_("The file is too large when unpacked ({size} MiB, compression ratio {ratio}:1): it "
                          "looks abnormal and was refused"), size=total // 2**20, ratio=total // packed)


# -- reading -----------------------------------------------------------------
def open_table(path: str | Path) -> Table:
    """Check the file, then parse it; a :class:`ReadError` says why it cannot be read."""
    fut = _take_prefetched(path)
    if fut is not None:
        return fut.result()
    return _open(Path(path))


def _open(p: Path) -> Table:
    if not p.exists():
        raise ReadError(N_("File not found"))
    if p.is_dir():
        raise ReadError(N_("This is a folder, not a spreadsheet"))
    size = p.stat().st_size
    if size == 0:
        raise ReadError(N_("The file is empty (0 bytes): export it again from the shop back office"))
    if size > MAX_FILE_BYTES:
        raise ReadError(N_("The file is too large ({size} MiB, at most {limit} MiB)"), size=size // 2**20,
                        limit=MAX_FILE_BYTES // 2**20)
    with p.open("rb") as f:
        head = f.read(8)
    if head.startswith(b"PK"):
        _check_zip(p)
        try:
            streamed = _stream_xlsx(p)
        except (zipfile.BadZipFile, OSError, zlib.error, EOFError) as exc:
            raise _damaged() from exc
        return streamed if streamed is not None else _read_calamine(p)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # legacy .xls (OLE2)
        return _read_calamine(p)
    return _read_csv(p)  # an ".xls" is often an HTML table or tab-separated text: read what it holds



def _read_calamine(p: Path) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(p))
        sheet = wb.get_sheet_by_index(0)  # the whole parse happens here, in Rust, without the GIL
    except Exception as exc:  # calamine raises several types for damaged files
        raise _damaged() from exc
    if sheet.height > MAX_ROWS:
        raise _too_many_rows(sheet.height)
    if sheet.width > MAX_COLUMNS:
        raise _too_many_columns(sheet.width)
    if sheet.height == 0:
        raise ReadError(N_("The sheet is empty"))
    rows = sheet.iter_rows()  # rows from A1 down; columns from the first used one
    head = [r for _, r in zip(range(HEAD_ROWS), rows, strict=False)]
    return Table(head, in_chunks(rows, BLOCK_ROWS))



def _read_csv(p: Path) -> Table:
    """CSV, TSV, an HTML table or UTF-16 text, whatever the extension says (textfiles.py)."""
    from app.imports.textfiles import read_text

    return read_text(p, Table, head_rows=HEAD_ROWS, block_rows=BLOCK_ROWS, max_rows=MAX_ROWS,
                     max_columns=MAX_COLUMNS, max_cell=MAX_CELL, errors_cls=ReadError, not_a_sheet=_not_a_sheet)


# -- prefetch ------------------------------------------------------------------
# Parsing a big sheet is Rust work that releases the GIL: started as the process starts, it
# overlaps the seconds Python spends importing SQLAlchemy and opening the store.
_prefetched: dict[str, Future] = {}
_lock = threading.Lock()


def _key(path) -> str:
    try:
        st = os.stat(path)
        return f"{os.path.realpath(path)}|{st.st_size}|{st.st_mtime_ns}"
    except OSError:
        return f"missing|{path}"


def prefetch(paths) -> None:
    """Start reading ``paths`` in background threads; :func:`open_table` picks the results up."""
    for path in paths:
        fut: Future = Future()

        def work(p=Path(path), f=fut):
            try:
                f.set_result(_open(p))
            except BaseException as exc:  # handed to the caller of open_table
                f.set_exception(exc)

        with _lock:
            _prefetched[_key(path)] = fut
        threading.Thread(target=work, name=f"prefetch {Path(path).name}", daemon=True).start()


def _take_prefetched(path) -> Future | None:
    with _lock:
        return _prefetched.pop(_key(path), None)

"""File → rows of cells. Spreadsheets through python-calamine, CSV with encoding detection.

Guards run before any parsing: size caps, and for zip-based files the declared sizes and
compression ratio (a 1 MiB file inflating to 1 GiB made calamine use 3 GiB of memory).
The sheet is handed on as a :class:`Table`: the first rows for header detection, then only the
columns the pipeline asks for — cells of unmapped columns never become Python objects kept alive.
"""

from __future__ import annotations

import csv
import io
import os
import threading
import zipfile
from concurrent.futures import Future
from operator import itemgetter
from pathlib import Path

from app.text import N_, label

MAX_FILE_BYTES = 200 * 2**20
MAX_INFLATED_BYTES = 1 * 2**30
MAX_RATIO = 200
MAX_ROWS = 1_500_000
MAX_COLUMNS = 1_000
MAX_CELL = 32_767  # Excel's own cell limit
HEAD_ROWS = 10
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


class ReadError(Exception):
    """A file that cannot be read at all; the message is for the seller.

    It is translated when shown, not when raised: the CLI reads files ahead (prefetch) before it
    knows the shop's language.
    """

    def __init__(self, source: str, **params):
        super().__init__(source)
        self.source, self.params = source, params

    def __str__(self) -> str:
        return label(self.source, **self.params)


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


def _not_a_sheet() -> ReadError:
    return ReadError(N_("This is not a spreadsheet (perhaps a picture or another file with its extension changed): "
             "export it again from the shop back office"))


def _too_many_rows(n: int) -> ReadError:
    return ReadError(N_("The sheet has too many rows ({rows}, at most {limit})"), rows=n, limit=MAX_ROWS)


def cell_text(v) -> str:
    """A cell as text; floats that are whole numbers lose the '.0' (quantities)."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    if hasattr(v, "isoformat"):
        return v.isoformat(sep=" ") if hasattr(v, "hour") else v.isoformat()
    return str(v)


class Table:
    """One sheet: ``head`` (the first rows, for header detection) and the rest on demand."""

    def __init__(self, head: list[list], rest, height: int, rectangular: bool = False):
        self.head = head
        self._rest = rest  # iterator over the rows after ``head``
        self.height = height
        self.rectangular = rectangular  # every row has the same width (calamine's ranges)

    def columns(self, start: int, idx: list[int]) -> tuple[list[tuple], int]:
        """Rows ``start``… reduced to the cells at ``idx`` (missing cells are ''); consumes the table.

        Returns (rows as tuples in ``idx`` order, index of the first returned row).
        """
        if not idx:
            raise ValueError("no columns")
        width = max(idx) + 1
        pad = ("",) * width
        single = len(idx) == 1
        get = itemgetter(*idx)

        def cut(rows):
            for r in rows:
                if len(r) < width:
                    r = list(r) + list(pad[len(r):])
                yield (get(r),) if single else get(r)

        head = self.head[start:] if start < len(self.head) else []
        out = list(cut(head))
        if start > len(self.head):  # skip rows of the rest before ``start``
            skip = start - len(self.head)
            for _ in range(skip):
                next(self._rest, None)
        if self.rectangular and (not self.head or len(self.head[0]) >= width):
            # all in C: no Python frame per row
            out.extend(map(get, self._rest) if not single else zip(map(get, self._rest)))
        else:
            out.extend(cut(self._rest))
        self._rest = iter(())
        return out, start


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
        return _read_calamine(p)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # legacy .xls (OLE2)
        return _read_calamine(p)
    if p.suffix.lower() in SPREADSHEET_SUFFIXES:
        raise _not_a_sheet()
    return _read_csv(p)


def _read_calamine(p: Path) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(p))
        sheet = wb.get_sheet_by_index(0)  # the whole parse happens here, in Rust, without the GIL
    except Exception as exc:  # calamine raises several types for damaged files
        raise ReadError(N_("The file is damaged or incomplete and cannot be read: export it again from the shop "
                          "back office")) from exc
    if sheet.height > MAX_ROWS:
        raise _too_many_rows(sheet.height)
    if sheet.width > MAX_COLUMNS:
        raise ReadError(N_("The sheet has too many columns ({columns}, at most {limit})"), columns=sheet.width,
                        limit=MAX_COLUMNS)
    if sheet.height == 0:
        raise ReadError(N_("The sheet is empty"))
    rows = sheet.iter_rows()  # rows from A1 down; columns from the first used one
    head = [r for _, r in zip(range(HEAD_ROWS), rows, strict=False)]
    return Table(head, rows, (sheet.start[0] if sheet.start else 0) + sheet.height, rectangular=True)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
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
            raise ReadError(N_("The text encoding of the file cannot be recognised, and it is not a spreadsheet")) from None
        return str(best)


def _read_csv(p: Path) -> Table:
    data = p.read_bytes()
    if b"\x00" in data[:4096]:
        raise _not_a_sheet()
    text = _decode(data)
    if not text.strip():
        raise ReadError(N_("The file is empty"))
    csv.field_size_limit(MAX_CELL * 4)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ReadError(N_("The file is not a valid CSV table: {error}"), error=exc) from exc
    if len(rows) > MAX_ROWS:
        raise _too_many_rows(len(rows))
    if rows and max(map(len, rows[:HEAD_ROWS])) > MAX_COLUMNS:
        raise ReadError(N_("The sheet has too many columns (at most {limit})"), limit=MAX_COLUMNS)
    return Table(rows[:HEAD_ROWS], iter(rows[HEAD_ROWS:]), len(rows))


def read_rows(path: str | Path) -> list[list]:
    """Every row of the first sheet (previews and small files)."""
    t = _open(Path(path))
    return t.head + list(t._rest)


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

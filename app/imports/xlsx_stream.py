"""Streamed xlsx: a big sheet's XML inflated, cut at row ends and parsed slice by slice (readers.py
falls back to the whole-sheet parse when this returns None)."""

from __future__ import annotations

import io
import logging
import os
import posixpath
import queue
import re
import shutil
import struct
import tempfile
import threading
import weakref
import zipfile
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import chain
from pathlib import Path

from app.imports.table import (
    HEAD_ROWS,
    MAX_COLUMNS,
    MAX_ROWS,
    ReadError,
    Table,
    _damaged,
    _too_many_columns,
    _too_many_rows,
)
from app.text import N_

log = logging.getLogger("app.imports.readers")  # the name the log has always used

# calamine parses a whole sheet at once: for a 100k-order export that is ~650 MiB of cells and
# seconds before the first row can be used. A big sheet's XML is instead inflated here and cut
# at row ends into slices of a few MiB; each slice, wrapped in a copy of the workbook's small
# parts, is a complete xlsx that calamine parses on a worker thread (Rust, without the GIL) while
# the pipeline converts and stores the slice before. Rows keep their own r="…" numbers, so every
# cell lands where Excel shows it. Files this does not fit (shared strings of real size,
# prefixed XML, rows without numbers) take the whole-sheet path.
STREAM_MIN_BYTES = 8 * 2**20  # sheet XML below this (~4k rows) is parsed whole
CHUNK_BYTES = 4 * 2**20
SST_MAX_BYTES = 1 * 2**20  # a shared-strings table small enough to repeat in every slice
PARSE_WORKERS = 2
READ_AHEAD = 16  # slices parsed, not yet used (~8 MiB of cells each): start-up time goes to parsing
_SHEET_DATA = re.compile(rb"<sheetData\s*>")
_NUMBERED_ROW = re.compile(rb"<row\b[^>]*\sr=\"")
_DIMENSION = re.compile(rb"<dimension\b[^>]*?ref=\"[A-Z]*\d*:?[A-Z]*(\d*)\"[^>]*/>")
_EMPTY_SHEET = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData/></worksheet>")
_SHEET_END = b"</sheetData></worksheet>"


def _first_sheet_part(z: zipfile.ZipFile) -> str | None:
    """Where the workbook's first sheet (the one calamine calls index 0) is stored in the zip."""
    import xml.etree.ElementTree as ET

    try:
        book = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ET.ParseError, zipfile.BadZipFile, OSError):
        return None
    sheet = book.find("{*}sheets/{*}sheet")
    if sheet is None:
        return None
    rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
    for rel in rels:
        if rel.get("Id") == rid:
            target = rel.get("Target", "")
            return target[1:] if target.startswith("/") else posixpath.normpath("xl/" + target)
    return None


def _stream_xlsx(p: Path) -> Table | None:
    """A big xlsx read slice by slice (see above), or None when the file is not a fit for it."""
    z = zipfile.ZipFile(p)
    try:
        table = _start_stream(z)
    except BaseException:
        z.close()
        raise
    if table is None:
        z.close()
    return table


def _start_stream(z: zipfile.ZipFile) -> Table | None:
    infos = {i.filename: i for i in z.infolist()}
    part = _first_sheet_part(z)
    if part not in infos or infos[part].file_size < STREAM_MIN_BYTES:
        return None
    sst = infos.get("xl/sharedStrings.xml")
    if sst is not None and sst.file_size > SST_MAX_BYTES:
        return None
    parts = {}  # what calamine reads to open a workbook; the other sheets as empty ones
    for name, info in infos.items():
        if name == part or info.is_dir():
            continue
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            parts[name] = _EMPTY_SHEET
        elif info.file_size <= 2**20:
            parts[name] = z.read(name)
    raw = z.open(part)
    try:  # damage found here surfaces as a damaged file (see _open)
        found = _sheet_lead(raw)
        folder = _slices_folder() if found else None
    except BaseException:
        raw.close()
        raise
    if folder is None:
        raw.close()
        return None
    prefix, rest = found
    return _Stream(z, raw, part, parts, prefix, rest, infos[part].file_size, folder).table()


def _sheet_lead(raw) -> tuple[bytes, bytes] | None:
    """(the sheet's XML up to <sheetData>, the rows read after it), or None when the sheet does
    not fit slicing (no plain <sheetData> near the start, rows without numbers)."""
    lead = raw.read(256 * 2**10)
    m = _SHEET_DATA.search(lead)
    if m is None or not _NUMBERED_ROW.search(lead, m.end()):
        return None
    dim = _DIMENSION.search(lead, 0, m.start())
    if dim and dim.group(1) and int(dim.group(1)) > MAX_ROWS:
        raise _too_many_rows(int(dim.group(1)))
    # without the declared size: calamine would reserve room for the whole sheet in every slice
    prefix = lead[:dim.start()] + lead[dim.end():m.end()] if dim else lead[:m.end()]
    return prefix, lead[m.end():]


def _slices_folder() -> str | None:
    """A private temporary folder for the slices, or None (the whole-sheet parse needs none)."""
    _sweep_stale_slices()
    try:
        return tempfile.mkdtemp(prefix=SLICES_PREFIX)
    except OSError:
        log.warning("no temporary folder for xlsx slices; parsing the sheet whole")
        return None


class _Stream:
    """Inflate → cut at row ends → parse slices on a small pool → blocks of rows, in order.

    Each slice is written as a stored (uncompressed) zip to a private temporary folder and
    parsed from there: calamine then reads it in Rust. Handing it a Python file object instead
    made it hold the GIL for every read, and the importing thread queued behind it.
    """

    def __init__(self, z, raw, part, parts, prefix, rest, size, folder: str):
        self.z, self.raw, self.prefix = z, raw, prefix
        self.size, self.read = size, len(prefix) + len(rest)
        self.zip = _SliceZip(part, parts)
        self.dir = folder
        self._remove_dir = weakref.finalize(self, shutil.rmtree, self.dir, True)  # at exit at the latest
        self.stop = threading.Event()
        self.pool = ThreadPoolExecutor(PARSE_WORKERS, thread_name_prefix="xlsx-slice")
        with _streams_lock:  # several big files at once: only the first reads far ahead
            self.ahead = READ_AHEAD if not _streams else 4
            _streams.add(self)
        self.slots = threading.Semaphore(self.ahead)  # slices parsed ahead: bounds memory
        self.out: queue.Queue = queue.Queue()
        self.count = 0
        self.feeder = threading.Thread(target=self._feed, args=(rest,), name="xlsx-inflate", daemon=True)
        self.feeder.start()

    def table(self) -> Table:
        gen = self._blocks()
        head: list[list] = []
        first: list[list] = []
        try:
            for block in gen:
                need = HEAD_ROWS - len(head)
                head.extend(block[:need])
                if len(block) > need:
                    first = block[need:]
                    break
        except BaseException:
            self.close()
            raise
        if not any(head):
            self.close()
            raise ReadError(N_("The sheet is empty"))
        return Table(head, chain([first] if first else [], gen), close=self.close,
                     fraction=lambda: min(1.0, self.read / self.size))

    def _feed(self, rest: bytes) -> None:
        pending, size = [rest], len(rest)  # the next slice's XML, in pieces (no copying)
        try:
            while not self.stop.is_set():
                piece = self.raw.read(CHUNK_BYTES)
                self.read += len(piece)
                if not piece:
                    tail = b"".join(pending)
                    end = tail.rfind(b"</sheetData>")
                    if end < 0:
                        raise _damaged()
                    self._submit([tail[:end]])
                    break
                pending.append(piece)
                size += len(piece)
                cut = piece.rfind(b"</row>") if size >= CHUNK_BYTES else -1
                if cut >= 0:  # a row longer than a piece just makes this slice bigger
                    cut += len(b"</row>")
                    self._submit(pending[:-1] + [memoryview(piece)[:cut]])
                    pending, size = [memoryview(piece)[cut:]], len(piece) - cut
        except BaseException as exc:
            fut: Future = Future()
            fut.set_exception(exc if isinstance(exc, ReadError) else _damaged())
            if not isinstance(exc, ReadError):
                log.info("xlsx stream failed: %r", exc)
            self.out.put(fut)
        finally:
            self.out.put(None)
            self.raw.close()
            self.z.close()

    def _submit(self, body: list) -> None:
        while not self.slots.acquire(timeout=0.2):
            if self.stop.is_set():
                return
        if not self.stop.is_set():
            self.count += 1
            path = os.path.join(self.dir, f"{self.count}.xlsx")
            self.out.put(self.pool.submit(self._parse, path, [self.prefix, *body, _SHEET_END]))

    def _parse(self, path: str, xml: list):
        from python_calamine import CalamineWorkbook

        try:
            self.zip.write(path, xml)
        except OSError as exc:  # the temporary folder full or gone
            log.warning("writing an xlsx slice failed: %r", exc)
            Path(path).unlink(missing_ok=True)
            raise ReadError(N_("The file could not be read: the temporary folder is full or cannot be written "
                               "({error})"), error=exc.strerror or exc.__class__.__name__) from exc
        del xml
        try:
            wb = CalamineWorkbook.from_path(path)
            try:
                sheet = wb.get_sheet_by_index(0)
            finally:
                wb.close()
        except Exception as exc:
            raise _damaged() from exc
        finally:
            Path(path).unlink(missing_ok=True)
        if sheet.width > MAX_COLUMNS:
            raise _too_many_columns(sheet.width)
        return sheet  # cells become Python objects on the consumer's thread: no GIL contention here

    def _blocks(self):
        row = 0
        while True:
            fut = self.out.get()
            if fut is None:
                return
            self.slots.release()
            sheet = fut.result()
            if not sheet.start or not sheet.height:
                continue
            (r0, c0), rows = sheet.start, sheet.to_python(skip_empty_area=True)
            del sheet
            if r0 > row:  # empty rows between slices
                yield [[] for _ in range(r0 - row)]
            if c0:  # this slice has nothing in its first columns
                rows = [[""] * c0 + r for r in rows]
            row = r0 + len(rows)
            if row > MAX_ROWS:
                raise _too_many_rows(row)
            yield rows

    def close(self) -> None:
        with _streams_lock:
            _streams.discard(self)
        self.stop.set()
        while True:  # unblock the feeder; drop parsed slices
            try:
                self.out.get_nowait()
                self.slots.release()
            except queue.Empty:
                break
        self.pool.shutdown(wait=True, cancel_futures=True)  # a slice being parsed still has its file
        self._remove_dir()


SLICES_PREFIX = "shopsentry-slices-"
_streams: set[_Stream] = set()  # open in this process
_streams_lock = threading.Lock()


def _sweep_stale_slices(older_than_s: float = 3600) -> None:
    """Folders an import killed midway left behind (a few MiB each)."""
    import time

    for d in Path(tempfile.gettempdir()).glob(SLICES_PREFIX + "*"):
        try:
            if time.time() - d.stat().st_mtime > older_than_s:
                shutil.rmtree(d, ignore_errors=True)
        except OSError:
            pass


class _SliceZip:
    """A stored zip of the workbook's small parts plus one sheet, written without zipfile's
    per-entry Python work: the small parts are laid out once, each slice adds one entry."""

    def __init__(self, part: str, parts: dict[str, bytes]):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
            for name, data in parts.items():
                z.writestr(zipfile.ZipInfo(name), data)
        data = buf.getvalue()
        count, cd_size, cd_offset = struct.unpack("<HII", data[-12:-2])
        self.locals, self.central, self.entries = data[:cd_offset], data[cd_offset:cd_offset + cd_size], count + 1
        self.name = part.encode("utf-8")
        self.flags = 0 if part.isascii() else 0x800  # UTF-8 name

    def write(self, path: str, pieces: list) -> None:
        crc = size = 0
        for p in pieces:
            crc = zlib.crc32(p, crc)
            size += len(p)
        offset = len(self.locals)
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, self.flags, 0, 0, 0x21, crc, size, size,
                            len(self.name), 0) + self.name
        entry = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, self.flags, 0, 0, 0x21, crc, size, size,
                            len(self.name), 0, 0, 0, 0, 0, offset) + self.name
        central = self.central + entry
        end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, self.entries, self.entries, len(central),
                          offset + len(local) + size, 0)
        with open(path, "wb", buffering=0) as f:  # each write leaves the GIL to others
            for chunk in (self.locals, local, *pieces, central, end):
                f.write(chunk)


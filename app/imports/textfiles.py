"""Text exports read by what they hold, not by their extension.

Many back offices' "export to Excel" buttons write an HTML table or tab-separated text and call it
``.xls``; 淘宝助理 and Excel's "Unicode text" write UTF-16; some exports carry stray NUL bytes or a
few bytes that are not valid in their encoding. Each of those is read here (a real binary file —
a picture, a PDF — is still refused), and whatever had to be repaired is said in ``warnings``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from itertools import islice
from pathlib import Path

from app.chunks import in_chunks
from app.text import N_

SNIFF_BYTES = 64 * 2**10
MAX_BAD_SHARE = 0.001  # replaced characters tolerated before the encoding is called wrong
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"II*\x00", b"MM\x00*", b"RIFF",
                 b"7z\xbc\xaf", b"Rar!", b"\x1f\x8b", b"\x00\x00\x01\x00")
_CONTROL = bytes(set(range(32)) - {9, 10, 12, 13})
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.I)
_BAD_ROWS_SHOWN = 10


def looks_binary(data: bytes) -> bool:
    """A picture, archive or other binary file, as opposed to text with a few odd bytes."""
    if data.startswith(_BINARY_MAGIC):
        return True
    head = data[:SNIFF_BYTES]
    if not head:
        return False
    odd = len(head) - len(head.translate(None, _CONTROL))
    return odd / len(head) > 0.05


def _utf16(data: bytes) -> str | None:
    """The codec of UTF-16 text (with a BOM, or plain text whose every other byte is NUL)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:4096]
    if len(head) >= 16:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > len(head) * 0.4 and even == 0:
            return "utf-16-le"
        if even > len(head) * 0.4 and odd == 0:
            return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str | None, str, int]:
    """(codec, error handling, bad characters) for text bytes.

    UTF-8 (with or without BOM) and GB18030 (which reads GBK) are tried strictly; a file with a
    few bytes wrong in one of them is read with those characters replaced; else a guess. A few
    bad bytes in UTF-8 are checked before GB18030, which would read almost any bytes as garbage.
    """
    if data.startswith(codecs.BOM_UTF8):
        tries = ["utf-8-sig"]
    elif (wide := _utf16(data)) is not None:
        tries = [wide]
    else:
        tries = ["utf-8", "gb18030"]
    limit = max(8, len(data) * MAX_BAD_SHARE)
    for codec in tries:
        try:
            data.decode(codec)  # validation only: the text is decoded again as it is read
            return codec, "strict", 0
        except UnicodeDecodeError:
            bad = _bad_count(data, codec)
            if bad <= limit:
                return codec, "replace", bad
    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    if guess is None:
        return None, "replace", 0
    return guess.encoding, "replace", 0


def _bad_count(data: bytes, codec: str) -> int:
    return data.decode(codec, "replace").count("\ufffd") - data.decode(codec, "ignore").count("\ufffd")


def is_html(text_head: str) -> bool:
    """A page, not text: it opens with markup (a CSV cell that mentions <table> is still a CSV)."""
    head = text_head.lstrip("\ufeff \t\r\n").lower()
    return head.startswith("<") and ("<table" in head or "<html" in head)


def html_rows(data: bytes, codec: str | None) -> list[list[str]]:
    """The biggest table of an HTML page as rows of cell text (colspans repeat an empty cell)."""
    import lxml.html

    declared = _CHARSET.search(data[:4096])
    enc = declared.group(1).decode("ascii").lower() if declared else (codec or "utf-8")
    if enc in ("gb2312", "gbk", "x-gbk", "gb_2312-80"):
        enc = "gb18030"  # the superset reads them all
    try:
        text = data.decode(enc, "replace")
    except LookupError:
        text = data.decode(codec or "utf-8", "replace")
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text.replace("\x00", ""))  # lxml refuses a str with a declaration
    doc = lxml.html.document_fromstring(text)
    tables = doc.xpath("//table")
    if not tables:
        return []
    best = max(tables, key=lambda tb: len(tb.xpath(".//tr[not(ancestor::table[2])]")))
    rows = []
    for tr in best.xpath(".//tr"):
        if tr.xpath("ancestor::table[1]")[0] is not best:
            continue  # a row of a table nested in a cell
        row = []
        for cell in tr.xpath("./td|./th"):
            row.append(cell.text_content().strip())
            span = cell.get("colspan", "1")
            row.extend([""] * (min(int(span), 100) - 1 if span.isdigit() and int(span) > 1 else 0))
        rows.append(row)
    return rows


_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def is_spreadsheet_xml(text_head: str) -> bool:
    """Excel 2003's XML workbook, which older back offices save as ".xls"."""
    return text_head.lstrip("\ufeff \t\r\n").startswith("<") and "urn:schemas-microsoft-com:office:spreadsheet" in \
        text_head


def spreadsheet_xml_rows(data: bytes) -> list[list[str]]:
    """The first worksheet of an Excel 2003 XML workbook (ss:Index skips cells, ss:MergeAcross spans)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, recover=True)
    root = etree.fromstring(data, parser)
    sheet = root.find(f"{_SS}Worksheet/{_SS}Table") if root is not None else None
    rows: list[list[str]] = []
    for row in sheet.iterfind(f"{_SS}Row") if sheet is not None else ():
        index = row.get(f"{_SS}Index")
        if index and index.isdigit():
            rows.extend([] for _ in range(int(index) - 1 - len(rows)))
        cells: list[str] = []
        for cell in row.iterfind(f"{_SS}Cell"):
            at = cell.get(f"{_SS}Index")
            if at and at.isdigit():
                cells.extend([""] * (int(at) - 1 - len(cells)))
            value = cell.find(f"{_SS}Data")
            cells.append("".join(value.itertext()).strip() if value is not None else "")
            span = cell.get(f"{_SS}MergeAcross")
            cells.extend([""] * (min(int(span), 100) if span and span.isdigit() else 0))
        rows.append(cells)
    return rows


def delimiter(text_head: str) -> str:
    """Tab for tab-separated text, else comma: decided on the widest of the first lines.

    Douyin's CSV puts a tab before each long ID, so a line is tab-separated only when it has
    more tabs than commas."""
    lines = text_head.splitlines()[:10]
    widest = max(lines, key=lambda ln: ln.count("\t") + ln.count(","), default="")
    return "\t" if widest.count("\t") > widest.count(",") else ","


def bad_rows_warning(text: str) -> tuple[str, dict] | None:
    """Which lines held a replaced character (lines are rows unless a cell spans lines), as a
    message source and its parameters (translated when shown: files are read before the shop's
    language is known)."""
    rows: list[int] = []
    pos = text.find("\ufffd")
    while pos >= 0 and len(rows) <= _BAD_ROWS_SHOWN:
        rows.append(text.count("\n", 0, pos) + 1)
        end = text.find("\n", pos)
        pos = -1 if end < 0 else text.find("\ufffd", end + 1)
    if not rows:
        return None
    shown = ", ".join(map(str, rows[:_BAD_ROWS_SHOWN])) + ("…" if len(rows) > _BAD_ROWS_SHOWN else "")
    return (N_("Some characters of the file could not be read in its encoding and are shown as “\ufffd” "
               "(rows {rows}): check those rows in the shop back office"), {"rows": shown})


def read_text(p: Path, table_cls, *, head_rows: int, block_rows: int, max_rows: int, max_columns: int,
              max_cell: int, errors_cls, not_a_sheet):
    """A text export (CSV, TSV, HTML table, UTF-16) as a table; the rows are read as the pipeline
    asks for them, so a 100k-order CSV never exists as one list."""
    data = p.read_bytes()
    if _utf16(data) is None and looks_binary(data):
        raise not_a_sheet()
    codec, errors, bad = decode(data)
    if codec is None:
        raise errors_cls(N_("The text encoding of the file cannot be recognised, and it is not a spreadsheet"))
    warnings: list[str] = []
    if codec.startswith("utf-16") or b"\x00" not in data:
        raw = data
    else:  # stray NULs in UTF-8/GBK text (no character of theirs has a zero byte): not part of any cell
        raw = data.replace(b"\x00", b"")
    if raw.endswith(b"\x1a") and not codec.startswith("utf-16"):
        raw = raw.rstrip(b"\x1a")  # DOS's end-of-file mark, not a last row
    head_text = raw[:SNIFF_BYTES].decode(codec, "replace")
    if is_html(head_text) or is_spreadsheet_xml(head_text):
        rows = spreadsheet_xml_rows(raw) if is_spreadsheet_xml(head_text) else \
            html_rows(raw, None if codec.startswith("utf-16") else codec)
        if not rows:
            raise not_a_sheet()
        return _listed(table_cls, rows, head_rows, block_rows, max_rows, max_columns, errors_cls, warnings)
    if not raw.removeprefix(codecs.BOM_UTF8).strip():
        raise errors_cls(N_("The file is empty"))
    csv.field_size_limit(max(max_cell * 4, len(raw) + 1))  # a cell too long is said with its row and column
    if bad:
        text = raw.decode(codec, "replace")
        if (said := bad_rows_warning(text)) is not None:
            warnings.append(said)
        stream = io.StringIO(text.removeprefix("\ufeff"), newline="")
    else:
        stream = io.TextIOWrapper(io.BytesIO(raw), encoding=codec, errors=errors, newline="")
    rows = csv.reader(stream, delimiter=delimiter(head_text))

    def blocks():
        read = len(head)
        try:
            for block in in_chunks(rows, block_rows):
                read += len(block)
                if read > max_rows:
                    raise errors_cls(N_("The sheet has too many rows ({rows}, at most {limit})"), rows=read,
                                     limit=max_rows)
                yield block
        except csv.Error as exc:
            raise _bad_csv(errors_cls, exc) from exc

    try:
        head = list(islice(rows, head_rows))
    except csv.Error as exc:
        raise _bad_csv(errors_cls, exc) from exc
    if head and max(map(len, head)) > max_columns:
        raise errors_cls(N_("The sheet has too many columns (at most {limit})"), limit=max_columns)
    table = table_cls(head, blocks())
    table.warnings = warnings
    return table


def _listed(table_cls, rows, head_rows, block_rows, max_rows, max_columns, errors_cls, warnings):
    if len(rows) > max_rows:
        raise errors_cls(N_("The sheet has too many rows ({rows}, at most {limit})"), rows=len(rows), limit=max_rows)
    if max(map(len, rows)) > max_columns:
        raise errors_cls(N_("The sheet has too many columns (at most {limit})"), limit=max_columns)
    table = table_cls(rows[:head_rows], in_chunks(rows[head_rows:], block_rows))
    table.warnings = warnings
    return table


def _bad_csv(errors_cls, exc: csv.Error):
    return errors_cls(N_("The file is not a valid CSV table: {error}"), error=exc)

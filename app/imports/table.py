"""The sheet as the readers hand it on (:class:`Table`), the seller-facing :class:`ReadError` and the
limits both the whole-sheet and the streamed xlsx reader enforce (readers.py, xlsx_stream.py)."""

from __future__ import annotations

from operator import itemgetter

from app.text import N_, label

MAX_ROWS = 1_500_000
MAX_COLUMNS = 1_000
MAX_CELL = 32_767  # Excel's own cell limit
HEAD_ROWS = 10


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
    """One sheet: ``head`` (the first rows, for header detection) and the rest on demand.

    The rest arrives in blocks of rows (a streamed xlsx is parsed a few thousand rows at a time on
    worker threads), so the pipeline converts and stores one block while the next is parsed, and a
    100k-row sheet is never held whole. Call :meth:`close` when done with a table not read to the end.
    """

    def __init__(self, head: list[list], blocks, *, close=None, fraction=None):
        self.head = head
        self.streamed = close is not None  # read slice by slice on worker threads
        self._blocks = blocks  # iterator over lists of rows, contiguous after ``head``
        self._close = close
        self._fraction = fraction
        self.warnings: list[tuple[str, dict]] = []  # (message source, params): what reading had to repair

    def blocks(self, start: int, idx: list[int]):
        """Rows ``start``… reduced to the cells at ``idx`` (missing cells are ''), block by block.

        Yields (index of the block's first row, the block's cells as one list per ``idx`` column);
        consumes the table. A :class:`ReadError` may surface midway (a file damaged further down).
        """
        if not idx:
            raise ValueError("no columns")
        width = max(idx) + 1
        pad = [""] * width
        getters = [itemgetter(j) for j in idx]

        def cut(rows) -> list[list]:
            if rows and min(map(len, rows)) < width:
                rows = [r if len(r) >= width else list(r) + pad[len(r):] for r in rows]
            return [list(map(get, rows)) for get in getters]  # column by column, in C

        row = len(self.head)
        if start < row:
            yield start, cut(self.head[start:])
        for block in self._blocks:
            first, row = row, row + len(block)
            if row <= start:
                continue
            if first < start:
                block, first = block[start - first:], start
            yield first, cut(block)
        self.close()

    def columns(self, start: int, idx: list[int]) -> tuple[list[tuple], int]:
        """All rows ``start``… at once (small files, previews): (rows as tuples, index of the first)."""
        out: list[tuple] = []
        for _, cols in self.blocks(start, idx):
            out.extend(zip(*cols, strict=True))
        return out, start

    def fraction(self) -> float | None:
        """How much of the file has been read (0…1), when the reader knows."""
        return self._fraction() if self._fraction else None

    def close(self) -> None:
        """Stop reading ahead (worker threads end, memory is released); safe to call twice."""
        self._blocks = iter(())
        if self._close is not None:
            close, self._close = self._close, None
            close()



def _damaged() -> ReadError:
    return ReadError(N_("The file is damaged or incomplete and cannot be read: export it again from the shop "
                        "back office"))



def _too_many_columns(n: int) -> ReadError:
    return ReadError(N_("The sheet has too many columns ({columns}, at most {limit})"), columns=n, limit=MAX_COLUMNS)


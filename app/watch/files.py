"""What a file's name and size say before it is opened: still downloading, a lock file, no sheet."""

from __future__ import annotations

import os
import re
from pathlib import Path

# browsers' partial downloads: Chrome/Edge, Firefox, Safari, Opera, generic; Office's lock files
PARTIAL_SUFFIXES = (".crdownload", ".part", ".partial", ".download", ".opdownload", ".tmp")
SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
# Taobao's two halves, downloaded one after the other: ExportOrderList<stamp> / ExportOrderDetailList<stamp>
TAOBAO_HALF = re.compile(r"^ExportOrder(Detail)?List(\d+)", re.IGNORECASE)


def waiting(name: str) -> bool:
    """A download the browser is still writing: it gets its final name when complete."""
    return name.lower().endswith(PARTIAL_SUFFIXES)


def ignored(name: str) -> bool:
    """Office's lock file beside an open workbook, hidden files and the OS's folder notes are
    never anyone's export."""
    return name.startswith(("~$", ".")) or name.lower() in ("desktop.ini", "thumbs.db")


def is_sheet(name: str) -> bool:
    return name.lower().endswith(SHEET_SUFFIXES)


def signature(path: Path) -> tuple[int, int] | None:
    """(size, mtime) — a file still being written changes one of them; None once it is gone."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def taobao_partner(name: str) -> str | None:
    """The stem of the other half of a Taobao export pair, or None for any other file."""
    m = TAOBAO_HALF.match(name)
    if not m:
        return None
    return ("ExportOrderList" if m.group(1) else "ExportOrderDetailList") + m.group(2)

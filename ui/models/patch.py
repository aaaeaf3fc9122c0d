"""Patching a table model's rows in place: the one diff every tab's refresh goes through.

A refresh hands the model a whole new list of rows. Resetting the model for it makes the view
forget its selection, current row and layout and repaint everything (a flicker at every tick);
instead the new list is compared with the shown one by the rows' keys and the view is told only
what moved: rows removed, rows moved (the sort puts a changed row elsewhere), rows inserted, and
``dataChanged`` for the rows whose shown state differs, coalesced into runs of adjacent rows.
Qt keeps the selection and the scroll position through these signals itself.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import compress
from operator import ne, not_

from PySide6.QtCore import QModelIndex

_ROOT = QModelIndex()
# Above this many moved rows one layout change (what a sort emits) is cheaper than a move each.
MOVE_LIMIT = 64


@contextmanager
def no_gc() -> Iterator[None]:
    """The cyclic collector paused while 100k states and keys are made and compared: they form
    no cycles, and its full passes over the tab's rows would cost more than the diff itself."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def runs(indexes) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of adjacent rows: one signal per run."""
    out: list[tuple[int, int]] = []
    for i in indexes:
        if out and out[-1][1] == i - 1:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


def too_many(changes: int, before: int, after: int) -> bool:
    """Past half of the rows a reset costs less than the signals: the view repaints every row
    anyway, and each insert/remove/move walks the selection's persistent indexes again. The tab
    restores the selection and the scroll position by key after a reset."""
    return before == 0 or changes * 2 > max(before, after)


def patch(model, old: tuple[list, dict], new_rows: list, new_keys: list, old_state: dict,
          new_state: dict) -> dict | None:
    """Turn the shown rows (``old``: their keys, and key → row) into ``new_rows`` (keys
    ``new_keys``) with row signals; ``*_state``: key → what a row shows (compared to spot a changed
    row). Returns key → row of the new rows; None, nothing done: a reset fits better."""
    old_keys, old_at = old
    new_at = dict(zip(new_keys, range(len(new_keys)), strict=True))
    if len(new_at) < len(new_keys) or len(old_at) < len(old_keys):
        return None  # a key twice: rows cannot be told apart, the reset shows them as given
    kept_old = list(map(new_at.__contains__, old_keys))
    kept_new = list(map(old_at.__contains__, new_keys))
    old_common = list(compress(old_keys, kept_old))
    new_common = list(compress(new_keys, kept_new))
    moved = [] if old_common == new_common else _to_move(old_common, new_common)
    # the kept rows' states side by side, compared in C (map over ne): no Python step per row
    differs = map(ne, map(old_state.__getitem__, new_common), map(new_state.__getitem__, new_common))
    changed = list(compress(compress(range(len(new_keys)), kept_new), differs))
    removed = len(old_keys) - len(old_common)
    inserted = len(new_keys) - len(new_common)
    if too_many(removed + inserted + len(changed) + len(moved), len(old_keys), len(new_keys)):
        return None
    rows = model._rows
    for first, last in reversed(runs(compress(range(len(old_keys)), map(not_, kept_old)))):
        model.beginRemoveRows(_ROOT, first, last)
        del rows[first:last + 1]
        model.endRemoveRows()
    if moved:
        _move(model, rows, moved, new_common)
    for first, last in runs(compress(range(len(new_keys)), map(not_, kept_new))):
        model.beginInsertRows(_ROOT, first, last)
        rows[first:first] = new_rows[first:last + 1]
        model.endInsertRows()
    rows[:] = new_rows  # the new values of the rows kept as well (what the detail pane reads)
    last_col = model.columnCount() - 1
    for first, last in runs(changed):
        model.dataChanged.emit(model.index(first, 0), model.index(last, last_col))
    return new_at


def _to_move(old: list, new: list) -> list:
    """Keys to move so that ``old`` reads as ``new`` (the same keys, another order): once the
    common head and tail are set aside, one pass that, where the two orders part, takes out
    the row that travelled farther (the usual refresh: the few tasks just acted on, moved far).
    The rows left read in the new order; a few more moves than the fewest possible cost nothing."""
    lo, n = 0, len(old)
    while lo < n and old[lo] == new[lo]:
        lo += 1
    hi = n
    while hi > lo and old[hi - 1] == new[hi - 1]:
        hi -= 1
    a, b = old[lo:hi], new[lo:hi]
    in_a = dict(zip(a, range(len(a)), strict=True))
    in_b = dict(zip(b, range(len(b)), strict=True))
    out: set = set()
    i = j = 0
    while i < len(a) and j < len(b):
        x, y = a[i], b[j]
        if x in out:
            i += 1
        elif y in out:
            j += 1
        elif x == y:
            i += 1
            j += 1
        elif in_b[x] - j >= in_a[y] - i:
            out.add(x)  # x went down farther than y came up
            i += 1
        else:
            out.add(y)
            j += 1
    return [k for k in b if k in out]


def _move(model, rows: list, moved: list, order: list) -> None:
    """Put ``rows`` (the kept rows, old order) in ``order`` (their keys, new order)."""
    key = model.key
    if len(moved) > MOVE_LIMIT:
        _relayout(model, rows, order)
        return
    where = {k: i for i, k in enumerate(order)}
    keys = list(map(key, rows))  # kept beside the rows: list.index finds a row without a call per row
    for k in sorted(moved, key=where.__getitem__):
        src = keys.index(k)
        t = where[k]
        dst = keys.index(order[t - 1]) + 1 if t else 0  # right after its predecessor, already in place
        if dst in (src, src + 1):
            continue
        model.beginMoveRows(_ROOT, src, src, _ROOT, dst)
        to = dst if dst < src else dst - 1
        rows.insert(to, rows.pop(src))
        keys.insert(to, keys.pop(src))
        model.endMoveRows()


def _relayout(model, rows: list, order: list) -> None:
    """Many rows moved: one layout change, persistent indexes (the selection) following their rows."""
    key = model.key
    model.layoutAboutToBeChanged.emit()
    by_key = {key(r): r for r in rows}
    new_at = {k: i for i, k in enumerate(order)}
    persistent = model.persistentIndexList()
    moved_to = [model.index(new_at[key(rows[p.row()])], p.column()) if 0 <= p.row() < len(rows) else QModelIndex()
                for p in persistent]
    rows[:] = [by_key[k] for k in order]
    model.changePersistentIndexList(persistent, moved_to)
    model.layoutChanged.emit()

"""Patching a table model's rows in place: the one diff every tab's refresh goes through.

A refresh hands the model a whole new list of rows. Resetting the model for it makes the view
forget its selection, current row and layout and repaint everything (a flicker at every tick);
instead the new list is compared with the shown one by the rows' keys and the view is told only
what moved: rows removed, rows moved (the sort puts a changed row elsewhere), rows inserted, and
``dataChanged`` for the rows whose shown state differs, coalesced into runs of adjacent rows.
Qt keeps the selection and the scroll position through these signals itself.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import compress

from PySide6.QtCore import QModelIndex

_ROOT = QModelIndex()
# Above this many moved rows one layout change (what a sort emits) is cheaper than a move each.
MOVE_LIMIT = 64


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


def patch(model, new_rows: list, old_state: dict, new_state: dict) -> bool:
    """Turn ``model._rows`` (shown now) into ``new_rows`` with row signals; ``*_state``: key →
    what a row shows (compared to spot a changed row). False, nothing done: a reset fits better."""
    key = model.key
    old_keys = list(map(key, model._rows))
    new_keys = list(map(key, new_rows))
    new_at = dict(zip(new_keys, range(len(new_keys)), strict=True))
    old_at = dict(zip(old_keys, range(len(old_keys)), strict=True))
    kept_old = list(map(new_at.__contains__, old_keys))
    kept_new = list(map(old_at.__contains__, new_keys))
    old_common = list(compress(old_keys, kept_old))
    new_common = list(compress(new_keys, kept_new))
    moved = [] if old_common == new_common else _to_move(old_common, new_common)
    get = old_state.get
    changed = [i for i, k in enumerate(new_keys) if k in old_at and get(k) != new_state[k]]
    removed = len(old_keys) - len(old_common)
    inserted = len(new_keys) - len(new_common)
    if too_many(removed + inserted + len(changed) + len(moved), len(old_keys), len(new_keys)):
        return False
    rows = model._rows
    for first, last in reversed(runs([i for i, keep in enumerate(kept_old) if not keep])):
        model.beginRemoveRows(_ROOT, first, last)
        del rows[first:last + 1]
        model.endRemoveRows()
    if moved:
        _move(model, rows, moved, new_common)
    for first, last in runs([i for i, known in enumerate(kept_new) if not known]):
        model.beginInsertRows(_ROOT, first, last)
        rows[first:first] = new_rows[first:last + 1]
        model.endInsertRows()
    rows[:] = new_rows  # the new values of the rows kept as well (what the detail pane reads)
    last_col = model.columnCount() - 1
    for first, last in runs(changed):
        model.dataChanged.emit(model.index(first, 0), model.index(last, last_col))
    return True


def _to_move(old: list, new: list) -> list:
    """The keys to move so that ``old`` reads as ``new`` (same keys): those outside the longest
    run kept in order. One row moved up or down (the usual refresh: the task just acted on) is
    spotted without the general search."""
    lo = 0
    n = len(old)
    while lo < n and old[lo] == new[lo]:
        lo += 1
    hi = n
    while hi > lo and old[hi - 1] == new[hi - 1]:
        hi -= 1
    a, b = old[lo:hi], new[lo:hi]
    if a[1:] == b[:-1]:
        return [a[0]]  # moved down
    if a[:-1] == b[1:]:
        return [a[-1]]  # moved up
    pos = dict(zip(b, range(len(b)), strict=True))
    return _outside_lis(a, [pos[k] for k in a])


def _outside_lis(keys: list, seq: list[int]) -> list:
    """The keys whose positions are not in a longest increasing subsequence of ``seq``."""
    tails: list[int] = []
    tail_at: list[int] = []
    prev = [-1] * len(seq)
    for i, v in enumerate(seq):
        j = bisect_left(tails, v)
        if j == len(tails):
            tails.append(v)
            tail_at.append(i)
        else:
            tails[j] = v
            tail_at[j] = i
        prev[i] = tail_at[j - 1] if j else -1
    keep = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        keep.add(i)
        i = prev[i]
    return [k for i, k in enumerate(keys) if i not in keep]


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

"""When the SQLite file gets its ``quick_check`` at start (about 1.5 s on a shop with a year of history).

The check runs whenever the file may have been damaged since it last passed:

- no clean close is on record: the first start, or the last process using the file crashed or was
  killed (it consumed the record when it opened, and only a clean close writes a new one);
- a ``-wal`` file is beside the database: another process has it open, or one died mid-write;
- the file is not the one recorded at the clean close (its size, inode or modification time
  differ): it was replaced, restored, copied over, or written by something other than ShopSentry;
- the last check that passed is more than a day old: damage nothing wrote (a failing disk) is found
  within a day, as the daily backup's integrity check finds it in the copies.

A clean close (:meth:`app.store.session.Store.close`, the CLI's and the window's exit) records the
file as it leaves it. Its modification time is first set to a value no write by the OS produces
(random nanoseconds), so a write in the same clock tick as the close still reads as a change.
"""

from __future__ import annotations

import json
import logging
import os
import random
import time
from pathlib import Path

log = logging.getLogger(__name__)
RECORD = "db-check.json"  # beside the database: how it was left at the last clean close
CHECK_EVERY_S = 24 * 3600


def _record(db_path: Path) -> Path:
    return Path(db_path).with_name(RECORD)


def _wal(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + "-wal")


def _stamp(db_path: Path) -> list[int]:
    st = os.stat(db_path)
    return [st.st_size, st.st_ino, st.st_mtime_ns]


def trusted_since(db_path: Path, now: float | None = None) -> float | None:
    """When the file last passed its check, if it may open without one now; None: check it now.

    Consumes the clean-close record either way: should this process die before its own clean
    close, the next start checks the file."""
    now = time.time() if now is None else now
    record = _record(db_path)
    try:
        doc = json.loads(record.read_text(encoding="utf-8"))
        record.unlink()
    except FileNotFoundError:
        return _why(db_path, "no clean close on record")
    except (OSError, ValueError) as exc:
        return _why(db_path, f"its record cannot be read ({exc.__class__.__name__})")
    checked = doc.get("checked") if isinstance(doc, dict) else None
    if _wal(db_path).exists():
        return _why(db_path, "it is open elsewhere or was not closed cleanly")
    try:
        same = doc.get("stamp") == _stamp(db_path)
    except OSError:  # no file yet (a new shop) or unreadable: the check says which
        same = False
    if not same:
        return _why(db_path, "it changed since ShopSentry last closed it")
    if not isinstance(checked, (int, float)) or not 0 <= now - checked < CHECK_EVERY_S:
        return _why(db_path, "its last check is more than a day old")
    return float(checked)


def _why(db_path: Path, reason: str) -> None:
    log.info("checking the database %s at start: %s", db_path, reason)
    return None


def closed_cleanly(db_path: Path, checked: float) -> None:
    """Record the file as this process leaves it (all its connections closed), with the time of the
    check it last passed. Nothing is recorded while another connection keeps a ``-wal`` beside it:
    the last process to close records it, or the next start checks."""
    db_path = Path(db_path)
    if not db_path.exists() or _wal(db_path).exists():
        return
    try:
        st = os.stat(db_path)
        tick = time.time_ns() // 1_000_000 * 1_000_000  # this millisecond, random nanoseconds in it
        os.utime(db_path, ns=(st.st_atime_ns, tick + random.randrange(1, 1_000_000)))
        partial = _record(db_path).with_suffix(".partial")
        partial.write_text(json.dumps({"stamp": _stamp(db_path), "checked": checked}), encoding="utf-8")
        os.replace(partial, _record(db_path))
    except OSError as exc:  # a read-only folder: the next start checks, as before
        log.warning("could not record the database's clean close: %s", exc.strerror)

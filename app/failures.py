"""A failure said to the seller in words: never an exception class, a traceback, SQL or a library's URL.

The three everyday causes get their own sentence — the database locked by another program, a full
disk, a read-only folder; anything else is "unexpected, details in the log".
"""

from __future__ import annotations

import errno

from app.text import t


def _said(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).lower()


def is_locked(exc: BaseException) -> bool:
    """SQLite's "database is locked" (another window or program holds a write) or PostgreSQL's lock
    timeout, as opposed to a damaged or missing database."""
    said = _said(exc)
    return "database is locked" in said or "database table is locked" in said or "lock timeout" in said or \
        "could not obtain lock" in said


def write_cause(exc: BaseException) -> str | None:
    """"full" (disk or quota), "read_only" (folder or file may not be written), else None: from
    the OS error number or, for a database error, the words SQLite and PostgreSQL use."""
    errno_ = getattr(exc, "errno", None)
    said = _said(exc)
    if errno_ in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in said or "no space left" in said:
        return "full"
    if errno_ in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in said or "read-only" in said:
        return "read_only"
    return None


def reason(exc: BaseException) -> str | None:
    """Why, in the shop's language, for the causes a seller can act on; else None."""
    chain, seen = exc, set()
    while chain is not None and id(chain) not in seen:  # the cause may sit under a wrapper
        seen.add(id(chain))
        if is_locked(chain):
            return t("ShopSentry's database is being used by another program (perhaps another ShopSentry window); "
                     "please try again in a moment")
        cause = write_cause(chain)
        if cause == "full":
            return t("the disk is full: free some space and try again")
        if cause == "read_only":
            return t("the folder is read-only or may not be written: choose another folder or allow writing")
        chain = chain.__cause__ or chain.__context__
    return None


def for_seller(exc: BaseException) -> str:
    """A whole sentence for a failed action: its reason when known, else a pointer to the log."""
    return reason(exc) or t("an unexpected problem; the details are in the log file")

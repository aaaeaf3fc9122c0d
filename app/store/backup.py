"""Consistent copies of the database, taken before migrations and on demand."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

KEEP = 5


def backup(db_path: Path, backup_dir: Path, label: str, keep: int = KEEP) -> Path | None:
    """Copy the live database with SQLite's online backup (safe with WAL); prune old copies."""
    if not db_path.exists():
        return None
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"shopsentry-{stamp}-{label}.db"
    src = sqlite3.connect(db_path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    copies = sorted(backup_dir.glob("shopsentry-*.db"))
    for old in copies[:-keep]:
        old.unlink(missing_ok=True)
    return target


def restore(copy: Path, db_path: Path) -> None:
    """Put a copy back in place of the live database (WAL side files included)."""
    for side in ("-wal", "-shm"):
        Path(str(db_path) + side).unlink(missing_ok=True)
    src = sqlite3.connect(copy)
    dst = sqlite3.connect(db_path)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()

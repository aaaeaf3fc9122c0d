"""Consistent, verified copies of the SQLite database: the one backup path for the whole app.

Every copy (before a migration, at start, daily, on demand, before a restore) goes through
:func:`take`: SQLite's online backup API into a partial file (safe while other connections write
in WAL mode), ``PRAGMA integrity_check`` on that copy, gzip when it saves at least a tenth, then an
atomic rename, with a small JSON sidecar saying what the copy holds. A failed or unverifiable copy
leaves nothing behind and raises :class:`BackupError` with a reason a seller can act on.

This module is the SQLite *kind* of backup; a shop on a PostgreSQL server is copied into a SQLite
file first and kept the same way, with ``pg_dump`` archives beside (app.backup.server).
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.text import t

log = logging.getLogger(__name__)
PREFIX = "shopsentry-"
KEEP_DAILY, KEEP_WEEKLY = 7, 4
KEEP = KEEP_DAILY  # kept for callers of the first version
_STAMP = "%Y%m%dT%H%M%S%fZ"
_CHUNK = 1 << 20
COPY_ENDINGS = (".db", ".db.gz")  # this module's copies; a server's pg_dump archives end in .pgdump


class BackupError(RuntimeError):
    """A copy could not be written or verified; nothing half-written was left behind."""


class DatabaseDamaged(RuntimeError):
    """The live database cannot be opened or fails its quick check.

    ``newest`` is the newest backup (None when there is none); the CLI and the GUI word their own
    message from it."""

    def __init__(self, db_path: Path, detail: str, newest: Path | None):
        super().__init__(f"database damaged: {detail}")
        self.db_path, self.detail, self.newest = db_path, detail, newest


@dataclass
class BackupInfo:
    path: Path
    created: datetime
    label: str
    bytes: int
    orders: int | None = None
    skus: int | None = None
    last_import: str | None = None

    def to_json(self) -> dict:
        return {"backup": str(self.path), "bytes": self.bytes, "created": self.created.isoformat(),
                "label": self.label, "orders": self.orders, "skus": self.skus,
                "last_import": self.last_import}


def reason_of(exc: BaseException, folder: Path | None = None) -> str:
    """Why a write failed, in words (disk full and read-only folders are the usual two).

    Takes an OSError or a database error: SQLite says the same two things in its own messages.
    ``folder``: the data folder; SQLite only says "unable to open database file" when a WAL
    database's folder cannot be written, so the folder itself is asked."""
    from app.failures import write_cause

    cause = write_cause(exc)
    if cause == "full":
        return t("the disk is full")
    if cause == "read_only":
        return t("the folder is read-only")
    said = str(getattr(exc, "orig", None) or exc).lower()
    if ("unable to open database file" in said and folder is not None and Path(folder).is_dir()
            and not os.access(folder, os.W_OK)):
        return t("the folder is read-only")
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return exc.__class__.__name__


def is_write_problem(exc: BaseException, folder: Path | None = None) -> bool:
    """A full disk or a read-only folder (as opposed to a bug or bad data)."""
    return reason_of(exc, folder) in (t("the disk is full"), t("the folder is read-only"))


def check(db_path: Path, *, full: bool = False) -> str | None:
    """None when the database reads cleanly, else what is wrong (``quick_check`` unless full)."""
    if not Path(db_path).exists():
        return None
    pragma = "integrity_check" if full else "quick_check"
    try:
        con = sqlite3.connect(db_path)
        try:
            rows = con.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if rows == [("ok",)]:
        return None
    return "; ".join(str(r[0]) for r in rows[:5])


def _contents(db: Path) -> dict:
    """What a copy holds, for the list of backups (best effort: an old schema has fewer tables)."""
    out: dict = {}
    con = sqlite3.connect(db)
    try:
        for key, sql in (("orders", "SELECT count(*) FROM orders"), ("skus", "SELECT count(*) FROM skus"),
                         ("last_import", "SELECT max(imported_at) FROM import_batches WHERE status='imported'")):
            try:
                out[key] = con.execute(sql).fetchone()[0]
            except sqlite3.Error:
                out[key] = None
    finally:
        con.close()
    return out


def _cleanup(*paths: Path) -> None:
    for p in paths:
        try:
            p.unlink(missing_ok=True)
        except OSError:
            log.warning("could not remove the partial file %s", p)


def take(db_path: Path, backup_dir: Path, label: str, *, now: datetime | None = None,
         compress: bool = True) -> BackupInfo | None:
    """A verified copy of ``db_path`` in ``backup_dir`` (None when there is no database yet)."""
    db_path, backup_dir = Path(db_path), Path(backup_dir)
    if not db_path.exists():
        return None
    now = (now or datetime.now(UTC)).astimezone(UTC)
    name = f"{PREFIX}{now.strftime(_STAMP)}-{label}.db"
    partial, packed = backup_dir / f".{name}.partial", backup_dir / f".{name}.gz.partial"
    try:
        backup_dir.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(db_path)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        problem = check(partial, full=True)
        if problem:
            raise BackupError(t("the copy failed its integrity check ({problem}); the database may be damaged",
                                 problem=problem))
        meta = _contents(partial)
        raw = partial.stat().st_size
        final, size = backup_dir / name, raw
        if compress:
            with open(partial, "rb") as fin, gzip.open(packed, "wb", compresslevel=6) as fout:
                shutil.copyfileobj(fin, fout, _CHUNK)
            if packed.stat().st_size <= raw * 0.9:
                final, size = backup_dir / (name + ".gz"), packed.stat().st_size
                os.replace(packed, final)
            else:
                packed.unlink()
        if final.name == name:
            os.replace(partial, final)
        info = BackupInfo(final, now, label, size, meta.get("orders"), meta.get("skus"), meta.get("last_import"))
        _sidecar(final).write_text(json.dumps(info.to_json(), ensure_ascii=False), encoding="utf-8")
    except OSError as exc:
        _cleanup(partial, packed)
        raise BackupError(t("the backup could not be written to {folder}: {why}", folder=str(backup_dir),
                             why=reason_of(exc))) from exc
    except sqlite3.Error as exc:
        _cleanup(partial, packed)
        if is_write_problem(exc):  # SQLite writing the copy met the full disk, not a bad database
            raise BackupError(t("the backup could not be written to {folder}: {why}", folder=str(backup_dir),
                                why=reason_of(exc))) from exc
        raise BackupError(t("the database could not be read for a backup ({error})", error=str(exc))) from exc
    except BackupError:
        _cleanup(partial, packed)
        raise
    finally:
        _cleanup(partial)
    return info


def _sidecar(copy: Path) -> Path:
    return copy.with_name(copy.name + ".json")


def _parse(path: Path) -> BackupInfo | None:
    stem = path.name.removesuffix(".gz").removesuffix(".db").removesuffix(".pgdump").removeprefix(PREFIX)
    stamp, _, label = stem.partition("-")
    try:
        created = datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None
    info = BackupInfo(path, created, label, path.stat().st_size)
    try:
        meta = json.loads(_sidecar(path).read_text(encoding="utf-8"))
        info.orders, info.skus, info.last_import = meta.get("orders"), meta.get("skus"), meta.get("last_import")
    except (OSError, ValueError):
        pass  # a copy from the first version, or a sidecar lost: the copy itself is what counts
    return info


def list_backups(backup_dir: Path, endings: tuple[str, ...] = COPY_ENDINGS) -> list[BackupInfo]:
    """Every copy in ``backup_dir`` whose name ends in one of ``endings``, newest first."""
    found = []
    for p in Path(backup_dir).glob(f"{PREFIX}*"):
        if p.name.endswith(endings):
            info = _parse(p)
            if info:
                found.append(info)
    return sorted(found, key=lambda b: b.created, reverse=True)


def prune(backup_dir: Path, *, daily: int = KEEP_DAILY, weekly: int = KEEP_WEEKLY, tz=UTC,
          now: datetime | None = None, endings: tuple[str, ...] = COPY_ENDINGS) -> list[Path]:
    """Keep the newest copy of each of the last ``daily`` days that have one, plus the newest of
    each of the last ``weekly`` ISO weeks, plus every copy of the last 24 hours (the one taken
    before a restore must not remove the one being restored); remove the rest."""
    copies = list_backups(backup_dir, endings)
    now = (now or datetime.now(UTC)).astimezone(UTC)
    keep: set[Path] = {b.path for b in copies if now - b.created < timedelta(hours=24)}
    days, weeks = [], []
    for b in copies:  # newest first: the first seen of a day/week is its newest
        local = b.created.astimezone(tz)
        day, week = local.date(), local.isocalendar()[:2]
        if day not in days:
            days.append(day)
            if len(days) <= daily:
                keep.add(b.path)
        if week not in weeks:
            weeks.append(week)
            if len(weeks) <= weekly:
                keep.add(b.path)
    removed = []
    for b in copies:
        if b.path not in keep:
            _cleanup(b.path, _sidecar(b.path))
            removed.append(b.path)
    return removed


def expand(copy: Path, target: Path) -> None:
    """Write the plain database of ``copy`` (gzip or not) to ``target``."""
    opener = gzip.open if copy.name.endswith(".gz") else open
    with opener(copy, "rb") as fin, open(target, "wb") as fout:
        shutil.copyfileobj(fin, fout, _CHUNK)
        fout.flush()
        os.fsync(fout.fileno())


def stage(copy: Path, staged: Path) -> None:
    """Expand ``copy`` into ``staged`` and verify it in full; a bad copy (or no room for it)
    raises :class:`BackupError` saying why and leaves no ``staged`` file behind."""
    try:
        try:
            expand(Path(copy), staged)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            why = reason_of(exc) if isinstance(exc, OSError) and exc.errno else t("the copy is unreadable")
            raise BackupError(t("{copy} could not be restored: {why}", copy=Path(copy).name, why=why)) from exc
        problem = check(staged, full=True)
        if problem:
            raise BackupError(t("{copy} is damaged too ({problem})", copy=Path(copy).name, problem=problem))
    except BaseException:
        _cleanup(staged)
        raise


def newest_good(backup_dir: Path, staged: Path | None = None, problems: list[str] | None = None) -> BackupInfo | None:
    """The newest copy that expands and passes ``integrity_check``: the one ``restore --latest``
    puts back and the damaged-database message names. With ``staged`` the good copy is left
    expanded there (the restore swaps it in); without, it is verified in a temporary folder.
    ``problems`` collects why newer copies were passed over."""
    for b in list_backups(backup_dir):
        try:
            if staged is None:
                with tempfile.TemporaryDirectory(prefix="shopsentry-verify-") as tmp:
                    stage(b.path, Path(tmp) / "copy.db")
            else:
                stage(b.path, staged)
        except BackupError as exc:
            log.warning("backup %s is passed over: %s", b.path.name, exc)
            if problems is not None:
                problems.append(str(exc))
            continue
        return b
    return None


def staging_path(db_path: Path) -> Path:
    """Where a copy is expanded and verified before it replaces the database (beside it, so the
    final rename is atomic)."""
    return Path(db_path).with_name(f".{Path(db_path).name}.restoring")


def swap_in(staged: Path, db_path: Path) -> None:
    """Put a verified ``staged`` copy in place of the database in one rename."""
    for side in ("-wal", "-shm"):
        Path(str(db_path) + side).unlink(missing_ok=True)
    os.replace(staged, db_path)


def restore_copy(copy: Path, db_path: Path) -> None:
    """Put ``copy`` in place of the live database, atomically: it is expanded and verified beside
    the database first, so a bad copy or a full disk leaves the database as it was."""
    staged = staging_path(db_path)
    try:
        stage(copy, staged)
        swap_in(staged, Path(db_path))
    finally:
        _cleanup(staged)


def set_aside(db_path: Path, damaged_dir: Path, now: datetime | None = None) -> Path | None:
    """Move a damaged database (and its WAL files) into ``damaged_dir``; it is never deleted."""
    db_path = Path(db_path)
    if not db_path.exists():
        return None
    damaged_dir.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime(_STAMP)
    aside = damaged_dir / f"{db_path.stem}-damaged-{stamp}{db_path.suffix}"
    for side in ("", "-wal", "-shm"):
        src = Path(str(db_path) + side)
        if src.exists():
            os.replace(src, Path(str(aside) + side))
    return aside


def readable_tables(db_path: Path) -> list[str]:
    """The tables of a damaged database SQLite can still list and start reading (empty when the
    file is beyond that, e.g. its first page is gone): is a salvage worth offering?"""
    try:
        src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    try:
        names = [r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                           "AND name NOT LIKE 'sqlite_%'")]
        ok = []
        for name in names:
            try:
                src.execute(f'SELECT * FROM "{name}" LIMIT 1').fetchall()
                ok.append(name)
            except sqlite3.DatabaseError:
                pass
        return ok
    except sqlite3.DatabaseError:
        return []
    finally:
        src.close()


def salvage(db_path: Path, target: Path) -> int:
    """Copy what SQLite can still read of a damaged database into a new file, table by table
    (``.recover`` is a shell command, not in Python's sqlite3); returns the rows saved.

    When ``target`` already holds a schema (a fresh database at the current revision), rows go into
    its tables by column name, so the result opens like any other; otherwise each table is made
    from the damaged file's own definition, with its indexes added after the rows."""
    saved = 0
    src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        have = {r[0] for r in dst.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        schema = src.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL "
                             "AND name NOT LIKE 'sqlite_%'").fetchall()
        for kind, name, _table, sql in schema:
            if kind != "table":
                continue
            try:
                saved += _salvage_table(src, dst, name, sql, name in have)
            except sqlite3.DatabaseError:
                log.warning("table %s could not be salvaged", name)
        if not have:  # indexes after the rows: a unique index made first would refuse duplicates
            for kind, name, _table, sql in schema:
                if kind == "index":
                    try:
                        dst.execute(sql)
                    except sqlite3.DatabaseError:
                        log.warning("index %s could not be made again", name)
        dst.commit()
    finally:
        dst.close()
        src.close()
    return saved


def _salvage_table(src, dst, name: str, sql: str, exists: bool) -> int:
    if exists:
        theirs = [r[1] for r in src.execute(f'PRAGMA table_info("{name}")')]
        ours = {r[1] for r in dst.execute(f'PRAGMA table_info("{name}")')}
        cols = [c for c in theirs if c in ours]
        if name == "alembic_version" or not cols:
            return 0  # the fresh schema's own revision stands
        dst.execute(f'DELETE FROM "{name}"')  # defaults seeded by a migration give way to the shop's own
    else:
        dst.execute(sql)
        cols = [r[1] for r in src.execute(f'PRAGMA table_info("{name}")')]
    names = ",".join(f'"{c}"' for c in cols)
    insert = f'INSERT OR IGNORE INTO "{name}" ({names}) VALUES ({",".join("?" * len(cols))})'
    cur = src.execute(f'SELECT {names} FROM "{name}"')
    saved = 0
    while True:
        try:
            rows = cur.fetchmany(500)
        except sqlite3.DatabaseError:
            break  # the rest of this table is unreadable
        if not rows:
            return saved
        try:
            dst.executemany(insert, rows)
            saved += len(rows)
        except sqlite3.DatabaseError:
            log.warning("rows of %s could not be saved", name)
    return saved


def is_today(b: BackupInfo, now: datetime, within: timedelta = timedelta(hours=24)) -> bool:
    return now.astimezone(UTC) - b.created < within


# -- the first version's API (app.store.migrate uses these) ------------------------------------------
def backup(db_path: Path, backup_dir: Path, label: str, keep: int = KEEP) -> Path | None:
    """Copy the live database (see :func:`take`) and prune old copies."""
    info = take(db_path, backup_dir, label)
    prune(backup_dir, daily=keep)
    return info.path if info else None


def restore(copy: Path, db_path: Path) -> None:
    restore_copy(copy, db_path)

"""Backups of a shop on a shared PostgreSQL server, and putting one back into the server.

The app's own logical export is always made: the server's shop copied in one snapshot
(app/store/copy.py) into a fresh SQLite database, which then goes through the same verified,
compressed, pruned backup as a local shop — so the list, the second folder and a restore onto a
PC all work as for SQLite. Where ``pg_dump`` is installed, a ``pg_dump -Fc`` archive of the
server's database goes beside it in ``backups/pg_dump`` (the server's own tool, for its admin),
pruned with the same retention.

A restore (or a shop file imported) replaces the server's shop in one transaction, after the
shop as it was is kept as a "before-restore" backup; a ``.pgdump`` archive goes back through
``pg_restore`` (one transaction too), which must then be installed.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from app.paths import DB_FILE
from app.store import backup as engine
from app.store.backup import BackupError, BackupInfo
from app.text import t

log = logging.getLogger(__name__)
PG_DUMP_DIR = "pg_dump"
PG_DUMP_ENDING = ".pgdump"
PG_DUMP_TIMEOUT_S = 1800
PG_RESTORE_LOCK_TIMEOUT_MS = 30000  # another PC mid-transaction: fail in words, not wait for ever


def why(exc: BaseException) -> str:
    """A database failure on the server in the seller's words (unreachable, locked, else the log)."""
    from sqlalchemy.exc import OperationalError

    from app.failures import for_seller, reason

    if isinstance(exc, OperationalError) and reason(exc) is None:
        from app import shared_db

        return shared_db.reason(exc).rstrip(".。")  # a whole sentence, set inside another here
    return for_seller(exc)


@contextmanager
def local_copy(store, folder: Path) -> Iterator[Path]:
    """The server's shop as a fresh SQLite file (in a temporary folder inside ``folder``)."""
    from app.store.copy import copy_shop
    from app.store.session import open_store

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".server-copy-") as work:
        local = open_store(Path(work), url=f"sqlite:///{Path(work) / DB_FILE}")
        try:
            copy_shop(store, local)
        except SQLAlchemyError as exc:
            log.warning("copying the shared database failed: %s", exc.__class__.__name__)
            raise BackupError(t("the shared database could not be read for a backup: {why}", why=why(exc))) from exc
        finally:
            local.dispose()
        yield Path(work) / DB_FILE


def take(store, folder: Path, label: str, now: datetime) -> BackupInfo | None:
    with local_copy(store, folder) as db:
        info = engine.take(db, folder, label, now=now)
    pg_dump(store.url, folder / PG_DUMP_DIR, info.path.name.split(".")[0] + PG_DUMP_ENDING)
    return info


def prune(folder: Path, *, now: datetime, tz) -> list[Path]:
    """The pg_dump archives kept as long as the app's own copies (7 daily, 4 weekly)."""
    return engine.prune(folder / PG_DUMP_DIR, now=now, tz=tz, endings=(PG_DUMP_ENDING,))


def _client(tool: str, url: str) -> tuple[list[str], dict]:
    """The arguments and environment for a PostgreSQL client tool to reach the shop's database
    (the password through the environment, never on a command line others can list)."""
    u = make_url(url)
    env = dict(os.environ, PGPASSWORD=u.password or "", PGCONNECT_TIMEOUT="10")
    args = [tool, "-h", u.host or "localhost", "-p", str(u.port or 5432), "-d", u.database or ""]
    if u.username:
        args += ["-U", u.username]
    return args, env


def pg_dump(url: str, folder: Path, name: str) -> Path | None:
    """``pg_dump -Fc`` of the server database when the tool is installed (else None: the logical
    export stands alone); a failure is logged, the logical export still counts."""
    exe = shutil.which("pg_dump")
    if exe is None:
        return None
    args, env = _client(exe, url)
    folder.mkdir(parents=True, exist_ok=True)
    target, partial = folder / name, folder / f".{name}.partial"
    try:
        subprocess.run(args + ["-Fc", "-f", str(partial)], env=env, check=True, capture_output=True,
                       timeout=PG_DUMP_TIMEOUT_S)
        os.replace(partial, target)
        return target
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("pg_dump of the shared database failed: %s", exc.__class__.__name__)
        partial.unlink(missing_ok=True)
        return None


def is_pg_dump(path: Path | None) -> bool:
    return path is not None and Path(path).name.endswith(PG_DUMP_ENDING)


def replace_shop(store, staged: Path, folder: Path, now: datetime) -> Path | None:
    """Put the verified SQLite copy ``staged`` in place of the server's shop, in one transaction,
    after keeping the server's shop as it is now as a before-restore backup (returned)."""
    from app.store.copy import copy_shop
    from app.store.session import open_store

    aside = take(store, folder, "before-restore", now)
    # an older copy is upgraded first (a store of its own folder), so its tables match the server's
    source = open_store(staged.parent, url=f"sqlite:///{staged}")
    try:
        copy_shop(source, store, replace=True)
    except SQLAlchemyError as exc:
        log.warning("restoring into the shared database failed: %s", exc.__class__.__name__)
        raise BackupError(t("the backup could not be put into the shared database: {why}. The shared shop is "
                            "as it was.", why=why(exc))) from exc
    finally:
        source.dispose()
    return aside.path if aside else None


def pg_restore(store, archive: Path, folder: Path, now: datetime) -> Path | None:
    """Put a ``pg_dump -Fc`` archive back into the server's database with ``pg_restore`` (one
    transaction: a failure leaves the server as it was); returns the before-restore backup."""
    archive = Path(archive)
    exe = shutil.which("pg_restore")
    if exe is None:
        raise BackupError(t("{file} is a pg_dump archive of the shared database: putting it back needs PostgreSQL's "
                            "pg_restore program, which is not installed on this computer. Install the PostgreSQL "
                            "client tools, or restore one of ShopSentry's own backups instead.", file=archive.name))
    if not archive.is_file():
        raise BackupError(t("there is no backup file {path}", path=str(archive)))
    aside = take(store, folder, "before-restore", now)
    store.dispose()  # this PC's idle connections must not stand in the way of the tables' replacement
    args, env = _client(exe, store.url)
    env["PGOPTIONS"] = f"-c lock_timeout={PG_RESTORE_LOCK_TIMEOUT_MS}"
    try:
        done = subprocess.run(args + ["--clean", "--if-exists", "--no-owner", "--single-transaction",
                                      "--exit-on-error", str(archive)], env=env, capture_output=True, text=True,
                              timeout=PG_DUMP_TIMEOUT_S)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("pg_restore could not run: %s", exc.__class__.__name__)
        raise BackupError(t("{file} could not be put back into the shared database: pg_restore did not finish. "
                            "The shared shop is as it was.", file=archive.name)) from exc
    if done.returncode != 0:
        # its messages may quote rows (buyers' names): the log gets the exit code only
        log.warning("pg_restore of %s ended with exit code %d", archive.name, done.returncode)
        said = done.stderr.lower()
        if "connect" in said:
            reason = t("the server could not be reached")
        elif "lock" in said:
            reason = t("another computer is using the shared database; please try again in a moment")
        else:
            reason = t("pg_restore stopped with error code {code}", code=done.returncode)
        raise BackupError(t("{file} could not be put back into the shared database: {why}. The shared shop is as "
                            "it was.", file=archive.name, why=reason))
    from app.store.migrate import upgrade

    upgrade(store)  # an archive of an older version is brought up to this one
    return aside.path if aside else None

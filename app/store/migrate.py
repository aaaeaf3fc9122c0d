"""Alembic, run automatically at start-up, with a backup before and a restore on failure."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from app.paths import bundled
from app.store.backup import backup, restore

log = logging.getLogger(__name__)
MIGRATIONS = bundled("app", "store", "migrations")


class MigrationError(RuntimeError):
    """The database could not be upgraded; it was restored from the copy taken before.

    ``backup`` is that copy (None for a new database, which is removed instead), ``target`` the
    revision that failed; the UI words its own message from these.
    """

    def __init__(self, message: str, *, backup: Path | None = None, target: str | None = None):
        super().__init__(message)
        self.backup = backup
        self.target = target


def alembic_config(store) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", store.url.replace("%", "%%"))
    return cfg


def head_revision(store) -> str:
    return ScriptDirectory.from_config(alembic_config(store)).get_current_head()


def current_revision(store) -> str | None:
    with store.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(store, target: str = "head") -> None:
    cfg = alembic_config(store)
    current = current_revision(store)
    head = ScriptDirectory.from_config(cfg).get_current_head() if target == "head" else target
    if current == head:
        return
    copy = None
    if current is not None:
        copy = backup(store.db_path, store.data_dir / "backups", f"before-{head}")
    try:
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
    except Exception as exc:
        log.exception("migration to %s failed", target)
        store.engine.dispose()
        if copy is not None:
            restore(copy, store.db_path)
            told = f"it was restored from the copy taken just before ({copy})"
        else:
            # a new database half set up (SQLite DDL is not transactional here): start clean next time
            for suffix in ("", "-wal", "-shm"):
                Path(str(store.db_path) + suffix).unlink(missing_ok=True)
            told = "the new, empty database was removed"
        raise MigrationError(f"The database could not be upgraded to {head} "
                             f"({exc.__class__.__name__}: {exc}); {told}.",
                             backup=copy, target=head) from exc

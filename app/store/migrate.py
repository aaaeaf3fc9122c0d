"""Alembic, run automatically at start-up, with a backup before and a restore on failure."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from app.paths import bundled
from app.store.backup import backup, restore

log = logging.getLogger(__name__)
MIGRATIONS = bundled("app", "store", "migrations")
_REVISION = re.compile(r"^(revision|down_revision)\s*=\s*[\"']?([\w.-]+)", re.M)


def __getattr__(name: str):
    # Alembic costs a quarter of a second to import; every start needs it only when the database
    # is behind (see upgrade), so it is loaded on first use
    if name == "command":
        from alembic import command

        return command
    raise AttributeError(name)


def _head_from_files() -> str | None:
    """The newest revision, read from the migration scripts themselves (None if unclear)."""
    revisions, parents = set(), set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(m.groups() for m in _REVISION.finditer(script.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            parents.add(found.get("down_revision"))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def current_revision(store) -> str | None:
    """The database's revision, read without Alembic (None for a new database).

    Only a missing version table means new: a damaged file raises here, as Alembic's own read
    did, so it is never mistaken for a new database (which a failed migration removes)."""
    from sqlalchemy import inspect, text

    with store.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


class MigrationError(RuntimeError):
    """The database could not be upgraded; it was restored from the copy taken before.

    ``backup`` is that copy (None for a new database, which is removed instead), ``target`` the
    revision that failed; the UI words its own message from these.
    """

    def __init__(self, message: str, *, backup: Path | None = None, target: str | None = None):
        super().__init__(message)
        self.backup = backup
        self.target = target


def alembic_config(store):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", store.url.replace("%", "%%"))
    return cfg


def head_revision(store) -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(store)).get_current_head()


def upgrade(store, target: str = "head") -> None:
    current = current_revision(store)
    if target == "head" and current is not None and current == _head_from_files():
        return  # the usual start: up to date, known without loading Alembic
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = alembic_config(store)
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

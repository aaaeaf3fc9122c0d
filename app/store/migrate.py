"""Alembic, run automatically at start-up: one migrator at a time (a lock on either dialect), a
copy before upgrading a SQLite file, the whole upgrade one transaction (rolled back on failure)."""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from pathlib import Path

from app.paths import bundled
from app.store.backup import backup

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
    did, so it is never mistaken for a new database."""
    from sqlalchemy import inspect, text

    with store.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


class MigrationError(RuntimeError):
    """The database could not be upgraded; the upgrade was rolled back.

    ``backup`` is the copy taken before (None for a new database or a server), ``target`` the
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


class NewerDatabase(MigrationError):
    """The database was upgraded by a newer ShopSentry than this one: left as it is."""


# pg_advisory_lock key for "the schema is being set up or upgraded" (any constant shared by all PCs)
PG_MIGRATION_LOCK = 0x5350_0001


def _read_revision(conn) -> str | None:
    from sqlalchemy import inspect, text

    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


@contextmanager
def _migration_lock(store):
    """One migrator at a time, on a connection whose transaction holds the lock to its end.

    PostgreSQL: an advisory lock (DDL is transactional there). SQLite: BEGIN IMMEDIATE takes the
    file's write lock, so a second process waits (busy timeout) instead of setting up twice."""
    from sqlalchemy import text

    with store.engine.connect() as conn:
        if store.is_sqlite:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.execute(text("SET LOCAL lock_timeout = 0"))  # wait for the other PC's upgrade
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK})
        try:
            yield conn
            conn.commit()
        except BaseException:
            conn.rollback()
            raise


def _refuse_newer(scripts, current: str | None) -> None:
    if current is None:
        return
    try:
        known = scripts.get_revision(current) is not None
    except Exception:  # noqa: BLE001 (Alembic says "can't locate revision" in several ways)
        known = False
    if not known:
        raise NewerDatabase(f"This database was upgraded by a newer ShopSentry (its schema is {current}); "
                            "please install the newer ShopSentry on this computer too. Nothing was changed.",
                            target=current)


def upgrade(store, target: str = "head") -> None:
    current = current_revision(store)
    if target == "head" and current is not None and current == _head_from_files():
        return  # the usual start: up to date, known without loading Alembic
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = alembic_config(store)
    scripts = ScriptDirectory.from_config(cfg)
    head = scripts.get_current_head() if target == "head" else target
    if current == head:
        return
    _refuse_newer(scripts, current)
    copy = None
    if current is not None and store.is_sqlite:
        copy = backup(store.db_path, store.data_dir / "backups", f"before-{head}")
    try:
        with _migration_lock(store) as conn:
            current = _read_revision(conn)  # another PC or process may have upgraded while we waited
            if current == head:
                return
            _refuse_newer(scripts, current)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
            _forget_evaluation(conn)
    except NewerDatabase:
        raise
    except Exception as exc:
        log.exception("migration to %s failed", target)
        store.engine.dispose()
        # the upgrade ran in one transaction on both dialects: rolled back, so nothing is restored
        # or removed (another process may have written to the database since the copy)
        told = "it was rolled back and nothing was changed"
        if copy is not None:
            told += f" (a copy taken just before is kept: {copy})"
        raise MigrationError(f"The database could not be upgraded to {head} "
                             f"({exc.__class__.__name__}); {told}.",
                             backup=copy, target=head) from exc


def _forget_evaluation(conn) -> None:
    """After a migration the first evaluation is a full one (the incremental marks, if any, are dropped)."""
    from sqlalchemy import inspect

    if "eval_marks" in inspect(conn).get_table_names():
        from app.evaluation.journal import forget

        forget(conn)

"""Engine and session set-up. The only place that knows the store is SQLite."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import BigInteger, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.functions import FunctionElement

from app.paths import DB_FILE, ensure_data_dir

log = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 5000


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # WAL + NORMAL is durable across app crashes; only an OS crash may lose the last commit
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


class epoch_seconds(FunctionElement):  # noqa: N801 (used like a SQL function)
    """Whole seconds since 1970 of a stored UTC time, computed by the database.

    For bulk reads (the risk engine's 100k rows): an integer per row instead of a text to parse."""

    type = BigInteger()
    inherit_cache = True


@compiles(epoch_seconds)
def _epoch_default(element, compiler, **kw) -> str:  # PostgreSQL and others
    return f"CAST(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)}) AS BIGINT)"


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element, compiler, **kw) -> str:
    arg = compiler.process(element.clauses, **kw)
    if sqlite3.sqlite_version_info >= (3, 38):  # unixepoch() is as cheap as reading the text
        return f"unixepoch({arg})"
    return f"CAST(strftime('%s', {arg}) AS INTEGER)"


def plain_rows(conn, statement) -> list[tuple]:
    """The driver's own row tuples for a Core select whose columns need no result processing
    (ints, texts, ``epoch_seconds``): skips building a Row object per row."""
    return conn.execute(statement).cursor.fetchall()


class Store:
    """A data dir with its database. Open it with :func:`open_store`."""

    def __init__(self, data_dir: Path, url: str | None = None):
        self.data_dir = data_dir
        self.db_path = data_dir / DB_FILE
        self.url = url or f"sqlite:///{self.db_path}"
        self.engine = make_engine(self.url)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A short unit of work: commit on success, roll back on any error."""
        s = self._factory()
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def read(self) -> Session:
        """A session for reads only (caller closes it)."""
        return self._factory()

    def dispose(self) -> None:
        self.engine.dispose()


def open_store(data_dir=None, *, migrate: bool = True) -> Store:
    """Open (and upgrade) the store in ``data_dir``; the single entry point for CLI and GUI."""
    from app.store.migrate import upgrade

    d = ensure_data_dir(data_dir)
    store = Store(d)
    if migrate:
        upgrade(store)
    return store

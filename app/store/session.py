"""Engine and session set-up: the only place that knows which database the store is
(the SQLite file in the data dir by default, or a shared PostgreSQL server for a shop with staff)."""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import BigInteger, create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.functions import FunctionElement

from app.paths import DB_FILE, ensure_data_dir

log = logging.getLogger(__name__)
# another process's import may hold SQLite's single write lock for a while: wait for it
BUSY_TIMEOUT_MS = 30000
DATABASE_URL_ENV = "SHOPSENTRY_DATABASE_URL"
# on a shared server a stuck query or a forgotten lock must end in an error, not a frozen PC
PG_LOCK_TIMEOUT_MS = 30000
PG_STATEMENT_TIMEOUT_MS = 600000


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # WAL + NORMAL is durable across app crashes; only an OS crash may lose the last commit
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    # hide_parameters: an integrity error must not carry buyers' names into the log or stderr
    if url.startswith("sqlite"):
        engine = create_engine(url, hide_parameters=True, pool_pre_ping=True,
                               connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    options = f"-c lock_timeout={PG_LOCK_TIMEOUT_MS} -c statement_timeout={PG_STATEMENT_TIMEOUT_MS}"
    # application_name: the server's pg_stat_activity says which PC holds a connection
    app_name = f"ShopSentry@{socket.gethostname()}"[:63]
    return create_engine(url, hide_parameters=True, pool_pre_ping=True,
                         connect_args={"options": options, "application_name": app_name})


def shown_url(url: str) -> str:
    """The URL for logs and messages: the password never appears."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 (a URL SQLAlchemy cannot parse is shown without its user part)
        return url.split("@")[-1]


def is_sqlite(bind) -> bool:
    """For an engine, a connection or a session."""
    dialect = getattr(bind, "dialect", None) or bind.get_bind().dialect
    return dialect.name == "sqlite"


def lock_for_writing(conn, key: str) -> None:
    """Serialise one kind of write (``key``, e.g. ``import:douyin``) across PCs and processes, to
    the end of the current transaction. Call it first in the transaction, before any read.

    PostgreSQL: a transaction-level advisory lock on the key (waits for the holder's commit).
    SQLite has a single writer anyway: take its write lock now (waiting up to the busy timeout)
    instead of at the first write, when a snapshot read earlier could no longer be upgraded."""
    if is_sqlite(conn):
        conn.execute(text("UPDATE alembic_version SET version_num = version_num"))
        return
    conn.execute(text("SET LOCAL lock_timeout = 0"))  # the holder may be a long import
    conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": key})
    conn.execute(text(f"SET LOCAL lock_timeout = {PG_LOCK_TIMEOUT_MS}"))


def insert_once(bind, table, values, keys: list[str], *, update: dict | None = None, where=None,
                index_where=None, returning=()):
    """INSERT … ON CONFLICT (keys) DO NOTHING, or DO UPDATE SET ``update`` [WHERE ``where``]: the
    create-once row for several writers at once (PostgreSQL and SQLite share this API).

    ``bind``: a session or connection; ``table``: a model or Table; ``values``: one dict or a list
    (executemany); ``index_where``: the partial index's condition; ``returning``: columns of the
    rows actually inserted or updated (a conflict left alone returns none)."""
    if is_sqlite(bind):
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert
    stmt = insert(getattr(table, "__table__", table))
    if isinstance(values, dict):
        stmt = stmt.values(values)
    if update is None:
        stmt = stmt.on_conflict_do_nothing(index_elements=keys, index_where=index_where)
    else:
        stmt = stmt.on_conflict_do_update(index_elements=keys, index_where=index_where, set_=update, where=where)
    if returning:
        stmt = stmt.returning(*returning)
    if isinstance(values, dict):
        return bind.execute(stmt)
    return bind.execute(stmt, values)


def rows_by_key(conn, stmt, key, keys: list, among=None) -> Iterator[tuple]:
    """(key, row) for the rows of ``stmt`` (and ``among``) whose ``key`` column is one of ``keys``:
    by the key's index, a list of keys at a time; or, when the keys outnumber the rows ``among``
    allows, one pass over those rows instead: the first check of a big shop looks up tens of
    thousands of keys that mostly are not there."""
    from sqlalchemy import func, select

    from app.chunks import in_chunks

    if not keys:
        return
    if among is not None:
        stmt = stmt.where(among)
        if conn.scalar(select(func.count()).select_from(key.table).where(among)) < len(keys):
            wanted = set(keys)
            for row in conn.execute(stmt):
                if row._mapping[key] in wanted:
                    yield row._mapping[key], row
            return
    for part in in_chunks(keys):
        for row in conn.execute(stmt.where(key.in_(part))):
            yield row._mapping[key], row


def unindexed(column):
    """``column`` as an expression no index serves: the query's one selective range then leads,
    whatever the planner guesses from an equality on a column that holds a year of history."""
    from sqlalchemy import func

    return func.coalesce(column, column)


class epoch_seconds(FunctionElement):  # noqa: N801 (used like a SQL function)
    """Whole seconds since 1970 of a stored UTC time, computed by the database.

    For bulk reads (the risk engine's 100k rows): an integer per row instead of a text to parse."""

    type = BigInteger()
    inherit_cache = True


@compiles(epoch_seconds)
def _epoch_default(element, compiler, **kw) -> str:  # PostgreSQL and others
    # FLOOR: a cast rounds 10:00:00.6 up; SQLite (and Python) truncate to the whole second
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})) AS BIGINT)"


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element, compiler, **kw) -> str:
    arg = compiler.process(element.clauses, **kw)
    if sqlite3.sqlite_version_info >= (3, 38):  # unixepoch() is as cheap as reading the text
        return f"unixepoch({arg})"
    return f"CAST(strftime('%s', {arg}) AS INTEGER)"


@contextmanager
def snapshot(engine: Engine) -> Iterator:
    """A read-only connection that sees the whole database as of one moment, however long it reads
    (a copy of the shop read table by table while other PCs write): PostgreSQL's REPEATABLE READ
    snapshot; on SQLite a read transaction begun at once (WAL keeps its snapshot to the end)."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN")  # the driver begins none for a SELECT: each would see anew
        else:
            conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        try:
            yield conn
        finally:
            conn.rollback()


def lock_tables(conn, tables) -> None:
    """Keep other PCs' writes out of ``tables`` to the end of this transaction (their reads go on):
    a shop being replaced whole must not take in an order half-way. SQLite: its one write lock."""
    if is_sqlite(conn):
        conn.execute(text("UPDATE alembic_version SET version_num = version_num"))
        return
    conn.execute(text(f"LOCK TABLE {', '.join(tb.name for tb in tables)} IN EXCLUSIVE MODE"))


def after_copy(conn, tables) -> None:
    """Rows inserted with their ids (a copied shop) leave PostgreSQL's serial sequences behind: set
    each past its table's max id. SQLite takes the next id from the rows themselves."""
    if is_sqlite(conn):
        return
    for tb in tables:
        if "id" in tb.c and tb.c.id.primary_key:
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{tb.name}', 'id'), "
                              f"COALESCE((SELECT MAX(id) FROM {tb.name}), 0) + 1, false)"))


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
        from app.evaluation.journal import watch_flushes

        watch_flushes(self._factory)  # each write journals what it touched (app/evaluation)
        # who works on this PC (a shop's staff share one server): sessions carry it as
        # ``info["staff"]`` so a contact task's history names who did what
        self.staff: str | None = None
        # whom per-person state belongs to: the staff name, else this install (app.localconf.person)
        self.person: str | None = None
        self._held: dict = {}  # key -> the connection holding its session advisory lock
        # when the SQLite file last passed its check (time.time()); None: not checked by this process
        self.checked_at: float | None = None

    def _info(self) -> dict:
        return {"staff": self.staff, "person": self.person or self.staff}

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def shown_url(self) -> str:
        return shown_url(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A short unit of work: commit on success, roll back on any error."""
        s = self._factory(info=self._info())
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
        return self._factory(info=self._info())

    def holds(self, key: str) -> bool:
        """This process is the one holding ``key`` among every PC on the server (e.g. "evaluator":
        who sends the shop's channel messages); a PC that closes drops its connection and with it
        the lock, so another takes over at its next try. SQLite (one shop per PC): always."""
        if self.is_sqlite:
            return True
        from sqlalchemy.exc import DBAPIError

        conn = self._held.get(key)
        try:
            if conn is not None:
                conn.execute(text("SELECT 1"))  # still connected, so still ours
                conn.rollback()
                return True
            conn = self.engine.connect()
            got = conn.execute(text("SELECT pg_try_advisory_lock(hashtext(:k))"), {"k": key}).scalar()
            conn.rollback()  # the session-level lock outlives the transaction
        except DBAPIError:
            self._held.pop(key, None)
            return False
        if got:
            self._held[key] = conn
        else:
            conn.close()
        return bool(got)

    def dispose(self) -> None:
        for conn in self._held.values():
            conn.close()
        self._held.clear()
        self.engine.dispose()

    def close(self) -> None:
        """The end of this process's use of the store (the CLI's and the window's exit): connections
        closed and, for a checked SQLite file, the clean close recorded, so the next start may skip
        its check (app/store/startcheck.py). ``dispose`` alone, mid-run, records nothing."""
        self.dispose()
        if self.is_sqlite and self.checked_at is not None:
            from app.store.startcheck import closed_cleanly

            closed_cleanly(self.db_path, self.checked_at)


def database_url(url: str | None = None) -> str | None:
    """The shop's database: ``url`` (``--database-url``), else $SHOPSENTRY_DATABASE_URL, else
    None for the SQLite file in the data dir."""
    return url or os.environ.get(DATABASE_URL_ENV) or None


def shop_url(data_dir: Path, url: str | None = None) -> str | None:
    """The shop's server: ``url``, else $SHOPSENTRY_DATABASE_URL, else the one this PC was set up for
    (Settings → 共享数据库, local.json); None for the SQLite file in ``data_dir``."""
    if url is None and not os.environ.get(DATABASE_URL_ENV):
        from app import localconf

        url = localconf.shared_url(data_dir)
    return database_url(url)


def open_store(data_dir=None, *, migrate: bool = True, url: str | None = None) -> Store:
    """Open (and upgrade) the store in ``data_dir``; the single entry point for CLI and GUI.

    The database: ``url``, else $SHOPSENTRY_DATABASE_URL, else the shared server this PC was set
    up for (local.json), else the SQLite file in the data dir."""
    from app.store.migrate import upgrade

    d = ensure_data_dir(data_dir)
    store = Store(d, shop_url(d, url))
    if not store.is_sqlite:
        log.info("shop database: %s", store.shown_url)
    if migrate:
        if store.is_sqlite:
            _refuse_damaged(store)
        upgrade(store)
    return store


def _refuse_damaged(store: Store) -> None:
    """quick_check at start (and so before any migration): a damaged file is never migrated,
    written to or mistaken for a new database. Skipped for a file left as it was at the last
    clean close, checked within the day (the policy is app/store/startcheck.py's)."""
    import time

    from app.store.startcheck import trusted_since

    store.checked_at = trusted_since(store.db_path)
    if store.checked_at is not None:
        return
    _check_now(store)
    store.checked_at = time.time()


def _check_now(store: Store, cause: BaseException | None = None) -> None:
    from app.store import backup

    problem = backup.check(store.db_path)
    if problem:
        store.checked_at = None  # no clean close may vouch for this file
        log.error("the database %s fails its check: %s", store.db_path, problem)
        good = backup.newest_good(store.data_dir / "backups")  # as restore --latest chooses
        raise backup.DatabaseDamaged(store.db_path, problem, good.path if good else None) from cause


def damaged_after_all(store: Store, exc: BaseException) -> None:
    """SQLite met a damaged page in a file whose start skipped its check (app/store/startcheck.py):
    the check now, and :class:`DatabaseDamaged` (whose message names the backup) when it fails."""
    said = str(getattr(exc, "orig", None) or exc).lower()
    if store.is_sqlite and ("malformed" in said or "not a database" in said):
        _check_now(store, exc)


def bulk_insert(conn, table, columns: dict[str, list], once: tuple[str, ...] = ()) -> None:
    """Insert many rows given as columns ({name: values}) with one executemany.

    The statement is compiled once for the connection's dialect and each column goes through its
    type's bind processor once per distinct value; the driver then gets plain tuples. Per-row
    dicts through Core cost more than SQLite's own work at 100k rows. ``once``: a unique key whose
    rows already there are kept (ON CONFLICT DO NOTHING, as ``insert_once``).
    """
    keys = list(columns)
    if not keys or not columns[keys[0]]:
        return
    dialect = conn.dialect
    compiled = _insert_statement(table, tuple(keys), dialect, tuple(once))
    data = []
    for k in keys:
        col = columns[k]
        proc = table.c[k].type.dialect_impl(dialect).bind_processor(dialect)
        if proc is not None:
            uniq = set(col)
            uniq.discard(None)
            ulist = list(uniq)
            done = _sqlite_datetimes(ulist, proc) if dialect.name == "sqlite" else None
            conv = dict(zip(ulist, done if done is not None else map(proc, ulist), strict=True))
            conv[None] = None
            col = list(map(conv.__getitem__, col))
        data.append(col)
    if compiled.positional:
        order = [keys.index(name) for name in compiled.positiontup]
        rows = zip(*(data[i] for i in order), strict=True)
    else:
        rows = (dict(zip(keys, row, strict=True)) for row in zip(*data, strict=True))
    if dialect.name == "sqlite":  # the driver takes the rows as they are made: no list of 100k tuples
        cursor = conn.connection.cursor()
        try:
            cursor.executemany(str(compiled), rows)
        finally:
            cursor.close()
    else:
        conn.exec_driver_sql(str(compiled), list(rows))


@lru_cache(maxsize=64)
def _insert_statement(table, keys: tuple[str, ...], dialect, once: tuple[str, ...] = ()):
    """Compiled once per table and column set: an import inserts block after block. ``once``: ON
    CONFLICT (once) DO NOTHING (both dialects' own insert, as ``insert_once``)."""
    if not once:
        return table.insert().compile(dialect=dialect, column_keys=list(keys))
    if dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert
    stmt = insert(table).on_conflict_do_nothing(index_elements=list(once))
    return stmt.compile(dialect=dialect, column_keys=list(keys))


def _sqlite_datetimes(values: list, proc) -> list | None:
    """SQLite stores aware datetimes as naive-UTC ISO text; build that in C for many values at once.

    Used only when the column's own processor gives the same text for sample values (else None).
    """
    from datetime import UTC, datetime
    from operator import attrgetter, itemgetter, methodcaller

    if not values or not all(isinstance(v, datetime) and v.tzinfo is not None for v in values[:3]):
        return None
    try:  # "2026-11-19 02:00:00.000000+00:00" without its offset
        utc = values if set(map(attrgetter("tzinfo"), values)) == {UTC} else \
            map(methodcaller("astimezone", UTC), values)  # the importer's times are UTC already
        fast = list(map(itemgetter(slice(None, -6)), map(methodcaller("isoformat", " ", "microseconds"), utc)))
    except (AttributeError, TypeError, ValueError):
        return None
    probe = range(0, len(values), max(1, len(values) // 16))
    if any(fast[i] != proc(values[i]) for i in probe):
        return None
    return fast

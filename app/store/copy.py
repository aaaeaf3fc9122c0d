"""A whole shop copied from one database to another, table by table through SQLAlchemy Core:
the local SQLite shop into a shared PostgreSQL server (Settings → 共享数据库, once), and the server's
shop into a SQLite file (the logical backup of a server shop), and such a backup back into the
server in place of its shop (a restore). The source is read in one snapshot. Types convert on the way (times stay
aware UTC, booleans stay booleans); the target ends with the source's rows and ids, in one
transaction, its id sequences moved past the copied ids."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from app.store.models import Base, Order, Sku
from app.store.session import after_copy, lock_tables, snapshot
from app.text import t

CHUNK = 5000


class NotEmpty(ValueError):
    """The target already holds a shop: nothing is copied over it."""


def rows_in(conn) -> dict[str, int]:
    return {tb.name: conn.scalar(select(func.count()).select_from(tb)) for tb in Base.metadata.sorted_tables}


def copy_shop(src, dst, progress: Callable[[int, int, str], None] | None = None, *,
              replace: bool = False) -> dict[str, int]:
    """Copy every table of store ``src`` into store ``dst`` (both migrated to the same revision).

    ``dst`` must hold no orders and no SKUs (a new database; settings a first start wrote are
    replaced) unless ``replace``: a restore puts a backup in place of the shop there. ``src`` is
    read in one snapshot, so other PCs writing meanwhile cannot leave a half-old copy (or a row
    whose parent the copy missed). Returns rows copied per table; ``progress(done, total, table)``."""
    if not replace:
        with dst.engine.connect() as conn:
            if conn.scalar(select(func.count(Order.id))) or conn.scalar(select(func.count(Sku.id))):
                raise NotEmpty(t("The target database already holds a shop (orders or SKUs): nothing was copied"))
    tables = Base.metadata.sorted_tables
    with snapshot(src.engine) as read, dst.engine.begin() as write:
        if replace:
            lock_tables(write, tables)
        counts = rows_in(read)
        total, done = max(sum(counts.values()), 1), 0
        for tb in reversed(tables):  # children first: what a first start wrote (or the old shop) goes
            write.execute(tb.delete())
        for tb in tables:
            result = read.execution_options(stream_results=True).execute(select(tb))
            while rows := result.fetchmany(CHUNK):
                write.execute(tb.insert(), [dict(r._mapping) for r in rows])
                done += len(rows)
                if progress:
                    progress(done, total, tb.name)
        after_copy(write, tables)
    if progress:
        progress(total, total, "")
    return counts

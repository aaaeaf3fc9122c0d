"""A whole shop copied from one database to another, table by table through SQLAlchemy Core:
the local SQLite shop into a shared PostgreSQL server (Settings → 共享数据库, once), and the server's
shop into a SQLite file (the logical backup of a server shop). Types convert on the way (times stay
aware UTC, booleans stay booleans); the target ends with the source's rows and ids, in one
transaction, its id sequences moved past the copied ids."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select, text

from app.store.models import Base, Order, Sku
from app.text import t

CHUNK = 5000


class NotEmpty(ValueError):
    """The target already holds a shop: nothing is copied over it."""


def rows_in(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {tb.name: conn.scalar(select(func.count()).select_from(tb)) for tb in Base.metadata.sorted_tables}


def copy_shop(src, dst, progress: Callable[[int, int, str], None] | None = None) -> dict[str, int]:
    """Copy every table of store ``src`` into store ``dst`` (both migrated to the same revision).

    ``dst`` must hold no orders and no SKUs (a new database; settings a first start wrote are
    replaced). Returns rows copied per table; ``progress(done, total, table)`` as it goes."""
    with dst.engine.connect() as conn:
        if conn.scalar(select(func.count(Order.id))) or conn.scalar(select(func.count(Sku.id))):
            raise NotEmpty(t("The target database already holds a shop (orders or SKUs): nothing was copied"))
    counts = rows_in(src.engine)
    total, done = max(sum(counts.values()), 1), 0
    tables = Base.metadata.sorted_tables
    with src.engine.connect() as read, dst.engine.begin() as write:
        for tb in reversed(tables):  # children first: what a first start wrote goes
            write.execute(tb.delete())
        for tb in tables:
            result = read.execution_options(stream_results=True).execute(select(tb))
            while rows := result.fetchmany(CHUNK):
                write.execute(tb.insert(), [dict(r._mapping) for r in rows])
                done += len(rows)
                if progress:
                    progress(done, total, tb.name)
        if write.dialect.name == "postgresql":
            _move_sequences(write)
    if progress:
        progress(total, total, "")
    return counts


def _move_sequences(conn) -> None:
    """Rows inserted with their ids leave the serial sequences behind: set each past its max id."""
    for tb in Base.metadata.sorted_tables:
        if "id" in tb.c and tb.c.id.primary_key:
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{tb.name}', 'id'), "
                              f"COALESCE((SELECT MAX(id) FROM {tb.name}), 0) + 1, false)"))

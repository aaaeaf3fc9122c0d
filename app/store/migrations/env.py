"""Alembic environment: always run programmatically with a connection from app.store."""

from alembic import context

from app.store.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    conn = config.attributes.get("connection")
    if conn is None:  # plain `alembic` command line: build an engine from the url
        from app.store.session import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as conn:
            _run(conn)
        return
    _run(conn)


def _run(conn) -> None:
    # render_as_batch lets ALTER TABLE work on SQLite; harmless on PostgreSQL
    context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run()

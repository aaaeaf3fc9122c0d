"""The real PostgreSQL server the suite runs on beside SQLite (scripts/pg-test-server.sh starts it
and `make test` exports its admin URL as $SHOPSENTRY_TEST_PG). Each test gets a database of its own,
copied from a template the migrations set up once per run, and dropped afterwards."""

from __future__ import annotations

import itertools
import os

PG_ENV = "SHOPSENTRY_TEST_PG"  # e.g. postgresql+psycopg://postgres@127.0.0.1:54321
NO_SERVER = f"no PostgreSQL test server (${PG_ENV} unset; `make test` starts one)"
_names = itertools.count(1)
_template: str | None = None


def admin_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def url_of(name: str) -> str:
    return f"{admin_url().rstrip('/')}/{name}"


def _admin():
    import psycopg

    conninfo = admin_url().replace("postgresql+psycopg://", "postgresql://").rstrip("/") + "/postgres"
    return psycopg.connect(conninfo, autocommit=True)


def create_database(template: str | None = None) -> str:
    """A new, empty (or template-copied) database; its name."""
    name = f"ss_test_{os.getpid()}_{next(_names)}"
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return name


def drop_database(name: str) -> None:
    with _admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrated_database() -> str:
    """A database at the current head: a copy of one the migrations set up once per run."""
    global _template
    if _template is None:
        import tempfile
        from pathlib import Path

        from app.store.migrate import upgrade
        from app.store.session import Store

        name = create_database()
        store = Store(Path(tempfile.gettempdir()), url_of(name))  # a server store: no file in the dir
        upgrade(store)
        store.dispose()
        _template = name
    return create_database(_template)


def drop_template() -> None:
    global _template
    if _template is not None:
        drop_database(_template)
        _template = None

"""A fresh PostgreSQL database per benchmark run, for the PostgreSQL figures beside SQLite's:
``--pg postgresql+psycopg://postgres@127.0.0.1:PORT`` (an admin URL, e.g. the one
scripts/pg-test-server.sh prints) on import_bench.py and risk_bench.py."""

import itertools
import os
import sys

_count = itertools.count(1)


def admin_url() -> str | None:
    args = sys.argv[1:]
    return args[args.index("--pg") + 1] if "--pg" in args else None


def fresh(admin: str) -> str:
    """The URL of a new, empty database on the admin URL's server."""
    import psycopg

    name = f"ss_bench_{os.getpid()}_{next(_count)}"
    with psycopg.connect(admin.replace("postgresql+psycopg://", "postgresql://").rstrip("/") + "/postgres",
                         autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{admin.rstrip('/')}/{name}"


def drop(admin: str, url: str) -> None:
    import psycopg

    with psycopg.connect(admin.replace("postgresql+psycopg://", "postgresql://").rstrip("/") + "/postgres",
                         autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')

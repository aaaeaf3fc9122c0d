"""The shop's shared PostgreSQL server, as Settings → 共享数据库 sets it up: this PC's connection
(app/localconf.py, the password in the OS credential store), a connection test that answers in
words, and the one-time copy of the local SQLite shop into the server."""

from __future__ import annotations

import logging

from app import localconf, secrets
from app.text import t

log = logging.getLogger(__name__)
CONNECT_TIMEOUT_S = 5


def settings(data_dir) -> dict:
    """What the page shows: host, port, database, user, whether a password is stored, staff name."""
    shared = localconf.read(data_dir).get("shared_db") or {}
    return {**{k: shared.get(k) or "" for k in localconf.SHARED_KEYS}, "port": int(shared.get("port") or 5432),
            "has_password": bool(secrets.get(data_dir, localconf.PASSWORD_ACCOUNT)),
            "staff_name": localconf.staff_name(data_dir) or "", "enabled": localconf.shared_url(data_dir) is not None}


def save(data_dir, values: dict | None, password: str | None = None) -> None:
    """Keep the connection for the next start (None: back to the local shop); a None password
    keeps the stored one."""
    if values is None:
        localconf.write(data_dir, shared_db=None)
        return
    localconf.write(data_dir, shared_db={k: values.get(k) for k in localconf.SHARED_KEYS})
    if password is not None:
        secrets.put(data_dir, localconf.PASSWORD_ACCOUNT, password or None)


def url_for(data_dir, values: dict, password: str | None) -> str:
    if password is None:  # not typed again: the stored one
        password = secrets.get(data_dir, localconf.PASSWORD_ACCOUNT)
    return localconf.url_of(values, password)


def check(url: str) -> dict:
    """Connect once: {"ok", "message" (in words), "server", "schema" (None: no ShopSentry yet), "orders"}."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, hide_parameters=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    try:
        with engine.connect() as conn:
            server = conn.execute(text("SHOW server_version")).scalar()
            schema = conn.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")).scalar()
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar() if schema else None
            orders = conn.execute(text("SELECT count(*) FROM orders")).scalar() if schema else 0
    except Exception as exc:  # noqa: BLE001 (every failure is an answer in words)
        log.info("shared database test failed: %s", exc.__class__.__name__)
        return {"ok": False, "message": reason(exc), "server": None, "schema": None, "orders": 0}
    finally:
        engine.dispose()
    if revision is None:
        message = t("Connected to PostgreSQL {version}. The database is empty: ShopSentry sets it up at the next "
                    "start, and you can copy this computer's shop into it.", version=server)
    else:
        message = t("Connected to PostgreSQL {version}. The database holds a ShopSentry shop with {orders} orders.",
                    version=server, orders=orders)
    return {"ok": True, "message": message, "server": server, "schema": revision, "orders": orders}


def reason(exc: Exception) -> str:
    """Why a connection failed, in the seller's words (never the server's own text)."""
    said = str(getattr(exc, "orig", exc) or exc).lower()
    if "password" in said or "authentication" in said:
        return t("The server refused the user name or password.")
    if "does not exist" in said and "database" in said:
        return t("The server has no database of that name: ask whoever set up the server to create it.")
    if "timeout" in said or "timed out" in said:
        return t("The server did not answer in time: check the address and that this computer is on the shop's network.")
    if "refused" in said or "could not connect" in said or "connection" in said or "resolve" in said \
            or "translate host" in said:
        return t("No PostgreSQL server answers at that address and port: check them, and that the server is running.")
    return t("The connection failed ({error}); details are in the log file.", error=exc.__class__.__name__)


def copy_local_shop(data_dir, url: str, progress=None) -> dict[str, int]:
    """This computer's SQLite shop into the server (set up first by the migrations); the server must
    not hold a shop yet. Returns rows per table."""
    from pathlib import Path

    from app.paths import DB_FILE
    from app.store.copy import copy_shop
    from app.store.session import open_store

    local = open_store(data_dir, url=f"sqlite:///{Path(data_dir) / DB_FILE}")
    server = open_store(data_dir, url=url)
    try:
        return copy_shop(local, server, progress)
    finally:
        local.dispose()
        server.dispose()

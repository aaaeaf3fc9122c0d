"""This computer's own settings, in ``local.json`` in the data dir (not in the shop's database,
which several PCs may share): the staff name of whoever uses this install, and the shared
database it connects to (host, port, database, user; the password lives in app.secrets)."""

from __future__ import annotations

import json
import os
from pathlib import Path

FILE = "local.json"
PASSWORD_ACCOUNT = "shared-database"  # app.secrets account of the shared database's password
SHARED_KEYS = ("host", "port", "database", "user")


def read(data_dir) -> dict:
    try:
        value = json.loads((Path(data_dir) / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def write(data_dir, **changes) -> dict:
    """Merge ``changes`` (None removes a key) and write the file atomically."""
    values = read(data_dir)
    for k, v in changes.items():
        if v is None:
            values.pop(k, None)
        else:
            values[k] = v
    path = Path(data_dir) / FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(values, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return values


def staff_name(data_dir) -> str | None:
    name = (read(data_dir).get("staff_name") or "").strip()
    return name or None


def shared_url(data_dir, password: str | None = None) -> str | None:
    """The SQLAlchemy URL of the shared database set on the settings page, or None (SQLite)."""
    shared = read(data_dir).get("shared_db")
    if not isinstance(shared, dict) or not shared.get("host") or not shared.get("database"):
        return None
    if password is None:
        from app import secrets

        password = secrets.get(data_dir, PASSWORD_ACCOUNT)
    return url_of(shared, password)


def url_of(shared: dict, password: str | None) -> str:
    from sqlalchemy.engine import URL

    return URL.create("postgresql+psycopg", username=shared.get("user") or None, password=password or None,
                      host=shared["host"], port=int(shared.get("port") or 5432),
                      database=shared["database"]).render_as_string(hide_password=False)

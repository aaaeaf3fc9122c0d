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


PERSON_PREFIX = "pc:"  # an install without a staff name is known by "pc:<install id>"


def install_id(data_dir) -> str:
    """This install's own identity, made once and kept in local.json: per-person alert state and
    the "someone else changed this task" check need one before anyone types a staff name."""
    value = read(data_dir).get("install_id")
    if isinstance(value, str) and value:
        return value
    import uuid

    value = uuid.uuid4().hex[:12]
    try:
        write(data_dir, install_id=value)
    except OSError:  # a read-only data dir: this run still gets its own identity
        pass
    return value


def person(data_dir, name: str | None) -> str:
    """Whom per-person state belongs to: the staff name, else this install."""
    return name or PERSON_PREFIX + install_id(data_dir)


def is_install(actor: str | None) -> bool:
    """An actor recorded by an install without a staff name (shown as nobody's name)."""
    return bool(actor) and actor.startswith(PERSON_PREFIX)


def name_of(actor: str | None) -> str | None:
    """The name to show for who did something: an install without a staff name has none."""
    return None if is_install(actor) else actor


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

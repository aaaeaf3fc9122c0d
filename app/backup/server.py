"""Backups of a shop on a shared PostgreSQL server.

The app's own logical export is always made: the server's shop copied table by table
(app/store/copy.py) into a fresh SQLite database, which then goes through the same verified,
compressed, pruned backup as a local shop — so the list, the second folder and a restore onto a
PC all work as for SQLite. Where ``pg_dump`` is installed, a ``pg_dump -Fc`` archive of the
server's database goes beside it in ``backups/pg_dump`` (the server's own tool, for its admin).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from app.paths import DB_FILE
from app.store import backup as engine
from app.store.backup import BackupInfo

log = logging.getLogger(__name__)
PG_DUMP_DIR = "pg_dump"
PG_DUMP_TIMEOUT_S = 1800


def take(store, folder: Path, label: str, now: datetime) -> BackupInfo | None:
    from app.store.copy import copy_shop
    from app.store.session import open_store

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".server-copy-") as work:
        local = open_store(Path(work), url=f"sqlite:///{Path(work) / DB_FILE}")
        try:
            copy_shop(store, local)
        finally:
            local.dispose()
        info = engine.take(Path(work) / DB_FILE, folder, label, now=now)
    pg_dump(store.url, folder / PG_DUMP_DIR, f"{info.path.name.split('.')[0]}.pgdump" if info else "shopsentry.pgdump")
    return info


def pg_dump(url: str, folder: Path, name: str) -> Path | None:
    """``pg_dump -Fc`` of the server database when the tool is installed (else None: the logical
    export stands alone); a failure is logged, the logical export still counts."""
    exe = shutil.which("pg_dump")
    if exe is None:
        return None
    u = make_url(url)
    env = dict(os.environ, PGPASSWORD=u.password or "")
    args = [exe, "-Fc", "-h", u.host or "localhost", "-p", str(u.port or 5432), "-d", u.database or ""]
    if u.username:
        args += ["-U", u.username]
    folder.mkdir(parents=True, exist_ok=True)
    target, partial = folder / name, folder / f".{name}.partial"
    try:
        subprocess.run(args + ["-f", str(partial)], env=env, check=True, capture_output=True,
                       timeout=PG_DUMP_TIMEOUT_S)
        os.replace(partial, target)
        return target
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("pg_dump of the shared database failed: %s", exc.__class__.__name__)
        partial.unlink(missing_ok=True)
        return None

"""Where things live: the user's data dir and the bundled resources (source or frozen)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "ShopSentry"
DB_FILE = "shopsentry.db"


def install_root() -> Path:
    """Where the program's files are: the checkout, or the bundle's ``_internal`` (``sys._MEIPASS``).
    Read-only: nothing is ever written here (data goes to the data dir)."""
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) if frozen else Path(__file__).resolve().parent.parent


def resource_root() -> Path:
    """The ``resources`` folder, both from a checkout and inside a PyInstaller bundle."""
    return install_root() / "resources"


def resource(*parts: str) -> Path:
    return resource_root().joinpath(*parts)


def bundled(*parts: str) -> Path:
    """A data file shipped beside the code, e.g. ``bundled("app", "store", "migrations")`` (build.spec
    copies these as data: Alembic reads the revision files from disk)."""
    return install_root().joinpath(*parts)


def default_data_dir() -> Path:
    override = os.environ.get("SHOPSENTRY_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def ensure_data_dir(path: str | os.PathLike | None) -> Path:
    p = Path(path) if path else default_data_dir()
    p.mkdir(parents=True, exist_ok=True)
    (p / "backups").mkdir(exist_ok=True)
    (p / "logs").mkdir(exist_ok=True)
    return p

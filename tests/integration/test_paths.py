"""One helper finds the program's files from a checkout and from a PyInstaller bundle; data goes to
the user's data dir, never beside the program."""

import sys
from pathlib import Path

from app import paths

ROOT = Path(__file__).resolve().parents[2]


def test_from_a_checkout():
    assert paths.install_root() == ROOT
    assert paths.resource("rules").is_dir()
    assert (paths.bundled("app", "store", "migrations") / "env.py").is_file()
    from app.store.migrate import MIGRATIONS

    assert MIGRATIONS == paths.bundled("app", "store", "migrations")


def test_from_a_bundle(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    assert paths.resource("icons", "shopsentry.svg") == tmp_path / "_internal" / "resources" / "icons" / "shopsentry.svg"
    assert paths.bundled("app", "store", "migrations") == tmp_path / "_internal" / "app" / "store" / "migrations"


def test_data_dir_is_the_users_not_the_programs(monkeypatch, tmp_path):
    monkeypatch.delenv("SHOPSENTRY_DATA_DIR", raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))  # Linux; other OSes use their own dir
    data = paths.default_data_dir()
    assert data.name == "ShopSentry"
    assert not data.is_relative_to(tmp_path / "_internal")
    if sys.platform.startswith("linux"):
        assert data == tmp_path / "xdg" / "ShopSentry"
    made = paths.ensure_data_dir(tmp_path / "d")
    assert (made / "backups").is_dir() and (made / "logs").is_dir()
    monkeypatch.setenv("SHOPSENTRY_DATA_DIR", str(tmp_path / "elsewhere"))
    assert paths.default_data_dir() == tmp_path / "elsewhere"

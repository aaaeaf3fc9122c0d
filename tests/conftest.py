"""Shared fixtures: a fresh data dir (and store) per test, Qt offscreen."""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SHOPSENTRY_DATA_DIR", "/nonexistent-use-fixtures")

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _core_language():
    """Each test starts in the default core language: a CLI run with --lang en (or an English
    settings test) must not leave English behind for the next test."""
    from app import text

    text.set_language(None)
    yield


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture
def store(data_dir):
    from app.store import open_store

    s = open_store(data_dir)
    yield s
    s.dispose()


@pytest.fixture
def svc(store):
    from app.services import Services

    return Services(store)


@pytest.fixture
def now():
    """A fixed clock: Friday 2026-11-20 18:00 in Shanghai."""
    return datetime(2026, 11, 20, 18, 0, tzinfo=SHANGHAI)


@pytest.fixture
def window(qtbot, svc, now):
    """The main window on the demo shop with a fixed clock, tabs filled."""
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow

    svc.load_demo(now)
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    w.refresh_sync()
    yield w
    QApplication.instance().setQuitOnLastWindowClosed(True)  # a tray test may have turned it off

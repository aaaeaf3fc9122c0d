"""Shared fixtures for unit/, integration/ and gui/: a fresh data dir (and store) per test, Qt offscreen.

The core modules in ``BOTH_DIALECTS`` run each store test twice, on SQLite and on a real
PostgreSQL server (tests/pgserver.py): the ``dialect`` parameter picks the database behind
``data_dir`` (through $SHOPSENTRY_DATABASE_URL, so the CLI and child processes use it too)."""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SHOPSENTRY_DATA_DIR", "/nonexistent-use-fixtures")

SHANGHAI = ZoneInfo("Asia/Shanghai")
# the store, import, risk, stock, contact and alert modules (not the GUI ones: time on 2 cores)
BOTH_DIALECTS = {"test_store", "test_import", "test_import_stream", "test_risk", "test_contact",
                 "test_contact_alerts", "test_alerts", "test_inventory_ledger", "test_concurrency",
                 "test_staff", "test_staff_name", "test_connection_watch", "test_incidents", "test_snapshot",
                 "test_inventory", "test_export", "test_health", "test_incremental"}


def pytest_generate_tests(metafunc):
    if "dialect" in metafunc.fixturenames and metafunc.module.__name__.rpartition(".")[2] in BOTH_DIALECTS:
        from tests import pgserver

        pg = pytest.param("postgresql", marks=pytest.mark.skipif(not pgserver.admin_url(),
                                                                   reason=pgserver.NO_SERVER))
        metafunc.parametrize("dialect", ["sqlite", pg], indirect=True)


@pytest.fixture
def dialect(request):
    """sqlite, or postgresql in the modules that run on both."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def database_url(dialect, monkeypatch):
    """None for the SQLite file in the data dir; else a fresh PostgreSQL database of this test's own,
    set as $SHOPSENTRY_DATABASE_URL for the code under test and its child processes."""
    if dialect == "sqlite":
        monkeypatch.delenv("SHOPSENTRY_DATABASE_URL", raising=False)
        yield None
        return
    from tests import pgserver

    name = pgserver.migrated_database()
    url = pgserver.url_of(name)
    monkeypatch.setenv("SHOPSENTRY_DATABASE_URL", url)
    yield url
    pgserver.drop_database(name)


@pytest.fixture(scope="session", autouse=True)
def _pg_template():
    yield
    from tests import pgserver

    if pgserver.admin_url():
        pgserver.drop_template()


@pytest.fixture(autouse=True)
def _core_language():
    """Each test starts in the default core language: a CLI run with --lang en (or an English
    settings test) must not leave English behind for the next test."""
    from app import text

    text.set_language(None)
    yield


@pytest.fixture(autouse=True)
def _collector_thawed():
    """A CLI run freezes what its start-up made (app/cli.py: the process exits next); in the tests'
    one process the next test gets the whole collector back."""
    yield
    import gc

    if gc.get_freeze_count():
        gc.unfreeze()


@pytest.fixture
def data_dir(tmp_path, database_url):
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
    w.alerts.reload_sync()  # the alert list as of now: reads still on a worker will not be shown
    yield w
    QApplication.instance().setQuitOnLastWindowClosed(True)  # a tray test may have turned it off


# -- one read per refresh (integration/test_snapshot.py, gui/test_snapshot_gui.py) -------------
READS = {  # what a SELECT reads, from its text (the same on SQLite and PostgreSQL)
    "orders": r"FROM orders WHERE orders\.status = ",  # the open orders' rows
    "orders_by_id": r"FROM orders WHERE orders\.id IN",  # a few orders' rows, by id
    "lines": r"FROM order_lines JOIN orders ON orders\.id = order_lines\.order_pk WHERE orders\.status = ",
    "lines_by_order": r"FROM order_lines WHERE order_lines\.order_pk IN",
    "on_hand": r"sum\(stock_movements\.delta\)",
    "bundles": r"FROM bundle_components",
}


@pytest.fixture
def reads(store):
    """How often the code under test reads orders, lines, on-hand and bundles (``READS``); ``ids``:
    the parameters of the reads by id."""
    import re
    from collections import Counter

    from sqlalchemy import event

    class Reads(Counter):
        def clear(self):
            super().clear()
            self.ids = set()

    seen = Reads()
    seen.clear()

    def count(_conn, _cursor, sql, params, _context, _many):
        text = " ".join(sql.split())
        values = list(params.values() if isinstance(params, dict) else params)
        if text.startswith("SELECT") and "count(" not in text:
            kinds = [k for k, shape in READS.items() if re.search(shape, text)
                     and ("status = " not in shape or "unshipped" in values)]  # open ones, not the shipped
            seen.update(kinds)
            if "orders_by_id" in kinds or "lines_by_order" in kinds:
                seen.ids |= set(values)

    event.listen(store.engine, "before_cursor_execute", count)
    yield seen
    event.remove(store.engine, "before_cursor_execute", count)


@pytest.fixture
def evaluations(monkeypatch):
    """How many risk evaluations ran (every path goes through ``evaluate_rows``)."""
    from app.risk import engine

    calls = []
    real = engine.evaluate_rows
    monkeypatch.setattr(engine, "evaluate_rows", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls

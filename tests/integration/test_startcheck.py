"""The database's check at start (app/store/startcheck.py): skipped only for the file exactly as the
last clean close left it, checked within the day; damage on disk is still found (real files)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app import cli
from app.store import backup as engine
from app.store import open_store
from app.store.startcheck import RECORD

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def checks(monkeypatch):
    """The live databases the start-up check read (the real check runs)."""
    seen = []
    real = engine.check

    def spy(db_path, *, full=False):
        if not full:  # a backup's copy is checked in full: not the start-up check
            seen.append(Path(db_path))
        return real(db_path, full=full)

    monkeypatch.setattr(engine, "check", spy)
    return seen


@pytest.fixture
def shop(data_dir, now):
    """A shop with the demo data and one backup, closed cleanly (as the CLI and the window exit)."""
    from app.services import Services

    svc = Services.open(data_dir)
    svc.load_demo(now)
    copy = svc.backups.take("manual").path
    svc.store.close()
    return data_dir / "shopsentry.db", copy


def _damage(db, how):
    """As the backup tests do, right after the close (the same clock tick, often the same size)."""
    raw = db.read_bytes()
    db.write_bytes(bytes(range(256)) * (len(raw) // 256) if how == "random" else raw[: len(raw) // 3])


def test_a_file_left_as_it_was_closed_opens_without_its_check(shop, checks, data_dir):
    db, _ = shop
    assert (data_dir / RECORD).exists()
    store = open_store(data_dir)
    assert checks == [] and store.checked_at is not None
    assert not (data_dir / RECORD).exists()  # consumed: a crash from here on means a check next time
    store.close()
    open_store(data_dir).close()
    assert checks == []


def test_the_first_start_checks_and_records_its_clean_close(data_dir, checks):
    store = open_store(data_dir)
    assert checks == [data_dir / "shopsentry.db"]
    store.close()
    assert json.loads((data_dir / RECORD).read_text())["checked"] == pytest.approx(time.time(), abs=60)


@pytest.mark.parametrize("how", ["random", "truncated"])
def test_damage_right_after_a_clean_close_is_found(shop, checks, data_dir, capsys, how):
    db, copy = shop
    _damage(db, how)
    code = cli.run(["--data-dir", str(data_dir), "stock", "--json"])
    said = capsys.readouterr()
    assert code == 1 and checks == [db]
    assert copy.name in said.err and "restore --latest" in said.err
    assert cli.run(["--data-dir", str(data_dir), "restore", "--latest", "--json"]) == 0
    capsys.readouterr()
    checks.clear()  # (restore checks its copies too)
    assert cli.run(["--data-dir", str(data_dir), "stock", "--json"]) == 0
    assert checks == [db]  # the restored file is another file: checked


def test_damage_that_leaves_size_and_times_alone_is_found_within_a_day(shop, checks, data_dir, capsys):
    """A failing disk changes bytes and nothing else: only the daily check can see it."""
    db, copy = shop
    st = db.stat()
    with open(db, "r+b") as f:  # in place: same inode, same size
        f.seek(st.st_size // 2)
        f.write(b"\xff" * 4096 * 4)
    os.utime(db, ns=(st.st_atime_ns, st.st_mtime_ns))
    record = data_dir / RECORD
    doc = json.loads(record.read_text())
    doc["checked"] -= 25 * 3600  # the last check that passed was yesterday
    record.write_text(json.dumps(doc))
    assert cli.run(["--data-dir", str(data_dir), "stock"]) == 1
    assert copy.name in capsys.readouterr().err and checks == [db]


def test_damage_a_command_meets_within_the_day_is_told_as_damage(shop, checks, data_dir, capsys):
    """The same silent damage, to the orders table's root page, met by a read before the daily check."""
    db, copy = shop
    con = sqlite3.connect(db)
    root = con.execute("select rootpage from sqlite_master where name = 'orders'").fetchone()[0]
    size = con.execute("pragma page_size").fetchone()[0]
    con.close()
    st = db.stat()
    with open(db, "r+b") as f:
        f.seek((root - 1) * size)
        f.write(b"\xff" * size)
    os.utime(db, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert cli.run(["--data-dir", str(data_dir), "stock"]) == 1
    said = capsys.readouterr().err
    assert copy.name in said and "restore --latest" in said and "Traceback" not in said
    assert checks == [db] and not (data_dir / RECORD).exists()  # the next start checks it again
    assert cli.run(["--data-dir", str(data_dir), "stock"]) == 1
    assert checks == [db, db]


def test_a_process_that_dies_leaves_the_next_start_to_check(shop, checks, data_dir):
    db, _ = shop
    died = subprocess.run([sys.executable, "-c", (
        "import os, sys; sys.path.insert(0, sys.argv[1])\n"
        "from app.services import Services\n"
        "svc = Services.open(sys.argv[2]); svc.set_setting('stale_hours', 5)\n"
        "os._exit(0)  # killed: no clean close\n"), str(ROOT), str(data_dir)], capture_output=True, text=True)
    assert died.returncode == 0, died.stderr
    store = open_store(data_dir)
    assert checks == [db]
    store.close()
    open_store(data_dir).close()
    assert checks == [db]  # closed cleanly this time


def test_another_program_writing_the_file_is_noticed(shop, checks, data_dir):
    db, _ = shop
    other = sqlite3.connect(db)  # not ShopSentry: no record of its own
    other.execute("UPDATE settings SET value = value")
    other.commit()
    open_store(data_dir).dispose()  # while it has the file open (its -wal beside it)
    assert checks == [db]
    other.close()
    open_store(data_dir).close()  # after it closed: the file is not the one last recorded
    assert checks == [db, db]


def test_a_store_open_elsewhere_at_close_records_nothing(shop, checks, data_dir):
    db, _ = shop
    first = open_store(data_dir)
    with first.session() as s:  # holds a pooled connection (and the -wal) until it closes
        s.connection()
    second = open_store(data_dir)
    second.close()
    assert not (data_dir / RECORD).exists()  # the other process still has the file
    first.close()
    assert (data_dir / RECORD).exists()  # the last one out records it
    open_store(data_dir).close()
    assert checks == [db]  # the second store's open: the first one had consumed the record


def test_the_command_line_closes_cleanly(shop, checks, data_dir, capsys, now):
    db, _ = shop
    at = now.strftime("%Y-%m-%dT%H:%M:%S")
    for _ in range(2):
        assert cli.run(["--data-dir", str(data_dir), "--now", at, "alerts", "--json"]) == 0
        assert (data_dir / RECORD).exists()
    assert checks == []
    assert cli.run(["--data-dir", str(data_dir), "--now", "soon", "alerts"]) == 2  # refused before opening
    capsys.readouterr()
    assert (data_dir / RECORD).exists()

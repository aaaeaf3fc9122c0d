"""A full disk and a read-only data folder, for real: a small tmpfs mounted for the test (root
only; skipped where mounting is not allowed). The import is rolled back and says why; the
database is never half-written; a backup says why too and becomes an alert."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from datetime import UTC, datetime

import pytest

from tests.factories import douyin_file, douyin_row


def _mount(path, size="8m") -> bool:  # room for the database, its start-up copies and the first import
    path.mkdir()
    if os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    where = tmp_path / "small"
    if not _mount(where):
        pytest.skip("mounting a tmpfs needs root (the fake ENOSPC writers in test_backup.py still run)")
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(folder):
    """Write until the disk refuses: the next page SQLite needs will not fit."""
    filler = folder / "filler.bin"
    try:
        with open(filler, "wb") as f:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
    except OSError:  # full: possibly before the file could even be created
        pass
    return filler


def _orders(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("select count(*) from orders").fetchone()[0]
    finally:
        con.close()


def _big_export(tmp_path, n=3000):
    rows = [douyin_row(f"68{i:017d}", f"67{i:017d}") for i in range(n)]
    return douyin_file(tmp_path / "抖店订单.xlsx", rows)


def test_import_onto_a_full_disk_is_rolled_back_and_says_why(small_disk, tmp_path, now):
    from app.services import Services
    from app.store import backup as engine

    svc = Services.open(small_disk)
    try:
        first = svc.import_files([douyin_file(tmp_path / "first.xlsx")], now=now)
        assert first[0].status == "imported"
        before = svc.counts()["orders"]
        big = _big_export(tmp_path)
        filler = _fill(small_disk)
        res = svc.import_files([big], now=now)[0]
        assert res.status == "rejected" and res.created == 0
        said = res.errors[0]["message"] if isinstance(res.errors[0], dict) else str(res.errors[0])
        assert "磁盘已满" in said and "数据库保持原样" in said
        filler.unlink(missing_ok=True)
        svc.store.dispose()
        db = small_disk / "shopsentry.db"
        assert engine.check(db, full=True) is None and _orders(db) == before  # nothing half-written
        again = svc.import_files([big], now=now)[0]  # space freed: the same file goes in whole
        assert again.status == "imported" and svc.counts()["orders"] == before + 3000
    finally:
        svc.store.dispose()


def test_import_into_a_read_only_data_folder_is_rolled_back_and_says_why(small_disk, tmp_path, now):
    from app.services import Services
    from app.store import backup as engine

    svc = Services.open(small_disk)
    try:
        assert svc.import_files([douyin_file(tmp_path / "first.xlsx")], now=now)[0].status == "imported"
        before = svc.counts()["orders"]
        big = _big_export(tmp_path, 300)
        svc.store.dispose()  # a mount with a file open for writing cannot turn read-only
        subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)  # a write-protected U盘
        res = svc.import_files([big], now=now)[0]
        assert res.status == "rejected" and res.created == 0
        said = res.errors[0]["message"] if isinstance(res.errors[0], dict) else str(res.errors[0])
        assert "只读" in said and "数据库保持原样" in said
        assert "Error" not in said and "sqlite" not in said.lower()  # words, not an exception's name
        svc.store.dispose()
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
        db = small_disk / "shopsentry.db"
        assert engine.check(db, full=True) is None and _orders(db) == before  # nothing half-written
        again = svc.import_files([big], now=now)[0]  # writable again: the same file goes in whole
        assert again.status == "imported" and svc.counts()["orders"] == before + 300
    finally:
        svc.store.dispose()


def test_a_read_only_second_folder_is_said_in_words_and_the_main_copy_stays(small_disk, svc, now):
    from app.store.backup import BackupError

    svc.load_demo(now)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)  # a write-protected U盘
    svc.backups.set_second_folder(str(small_disk / "店哨备份"))
    with pytest.raises(BackupError, match="只读"):
        svc.backups.take("manual")
    assert len(svc.backups.list()) == 1


def test_backup_onto_a_full_disk_is_an_alert_that_clears_when_a_backup_works(small_disk, tmp_path, now):
    from app.services import Services
    from app.store.models import Alert

    svc = Services.open(small_disk)
    try:
        svc.load_demo(now)
        filler = _fill(small_disk)
        when = datetime.now(UTC)
        assert svc.backups.auto(when) is None  # not a crash
        folder = small_disk / "backups"
        assert not [p for p in folder.iterdir() if p.is_file()]  # no partial copy left behind
        filler.unlink(missing_ok=True)
        svc.alerts(now)  # the scheduler's evaluation keeps it open: the condition still holds
        with svc.store.session() as s:
            alert = s.query(Alert).filter_by(key="backup:failed").one()
            assert alert.resolved_at is None and "磁盘已满" in alert.body
        assert svc.backups.auto(when) is not None  # space again: the next backup works
        svc.alerts(now)
        with svc.store.session() as s:
            assert s.query(Alert).filter_by(key="backup:failed").one().resolved_at is not None
    finally:
        svc.store.dispose()

"""Backups: verified online copies, retention, second folder, restore, damage, disk full, new PC."""

from __future__ import annotations

import errno
import json
import shutil
import sqlite3
import threading
from datetime import UTC, datetime, timedelta

import pytest

from app import cli
from app.backup import export_shop, import_shop, restore
from app.store import backup as engine
from app.store.backup import BackupError


def _count(db, table="orders"):
    con = sqlite3.connect(db)
    try:
        return con.execute(f"select count(*) from {table}").fetchone()[0]
    finally:
        con.close()


def _rows(copy, tmp_path, table="orders"):
    plain = tmp_path / "expanded.db"
    engine.expand(copy, plain)
    return _count(plain, table)


def _damage(db, how):
    for side in ("-wal", "-shm"):
        (db.parent / (db.name + side)).unlink(missing_ok=True)
    raw = db.read_bytes()
    db.write_bytes(bytes(range(256)) * (len(raw) // 256) if how == "random" else raw[: len(raw) // 3])


def test_backup_is_consistent_while_another_thread_writes(svc, now, tmp_path):
    svc.load_demo(now)
    before = _count(svc.store.db_path)
    stop = threading.Event()
    written = []

    def writer():
        con = sqlite3.connect(svc.store.db_path, timeout=5)
        con.execute("create table if not exists churn(x integer)")
        while not stop.is_set():
            con.execute("insert into churn values (1)")
            con.commit()
            written.append(1)
        con.close()

    t = threading.Thread(target=writer)
    t.start()
    try:
        while len(written) < 20:
            stop.wait(0.01)
        info = svc.backups.take("manual")
    finally:
        stop.set()
        t.join()
    assert engine.check(svc.store.db_path) is None
    assert info.path.exists() and info.path.name.endswith(".db.gz")  # demo data compresses well
    assert _rows(info.path, tmp_path) == before and info.orders == before and info.skus > 0
    copied = _rows(info.path, tmp_path, "churn")
    assert 0 < copied <= len(written)  # a consistent point in the middle of the writes


def test_retention_keeps_seven_daily_and_four_weekly(store):
    folder = store.data_dir / "backups"
    start = datetime(2026, 10, 1, 12, tzinfo=UTC)
    for day in range(60):
        for hour in (0, 6):  # two a day: only the newest of an old day stays
            when = start + timedelta(days=day, hours=hour)
            engine.take(store.db_path, folder, "auto", now=when)
            engine.prune(folder, now=when)
    kept = engine.list_backups(folder)
    last = start + timedelta(days=59, hours=6)
    days = {b.created.date() for b in kept}
    recent = [b for b in kept if last - b.created < timedelta(hours=24)]
    assert len(recent) == 2  # everything of the last 24 hours
    assert len(days) == 7 + 3  # 7 days, and 3 more weeks reach further back than those 7 days
    assert min(b.created for b in kept) >= last - timedelta(weeks=4)
    assert not list(folder.glob(".*partial")) and len(list(folder.glob("*.json"))) == len(kept)


def test_every_backup_also_goes_to_the_second_folder(svc, now, tmp_path):
    svc.load_demo(now)
    second = tmp_path / "坚果云" / "店哨备份"
    svc.backups.set_second_folder(str(second))
    info = svc.backups.take("manual")
    mirrored = second / info.path.name
    assert mirrored.read_bytes() == info.path.read_bytes()
    assert engine.list_backups(second)[0].orders == info.orders


def test_second_folder_that_fails_is_reported_and_the_main_copy_stays(svc, now, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    svc.backups.set_second_folder(str(blocker / "sub"))
    with pytest.raises(BackupError, match="第二个文件夹"):
        svc.backups.take("manual")
    assert len(svc.backups.list()) == 1


def test_restore_a_chosen_backup_keeps_the_current_database_aside(svc, now, data_dir):
    svc.load_demo(now)
    n = _count(svc.store.db_path)
    first = svc.backups.take("manual").path
    with svc.store.session() as s:
        from sqlalchemy import delete

        from app.store.models import OrderLine
        s.execute(delete(OrderLine))
    result = svc.backups.restore(first)
    assert result.restored == first
    assert _count(svc.store.db_path) == n
    assert "before-restore" in result.kept_aside.name and result.kept_aside.exists()
    assert svc.stock(now)  # the open services read the restored file


@pytest.mark.parametrize("how", ["random", "truncated"])
def test_damaged_database_is_named_in_every_command_and_restore_latest_mends_it(svc, now, data_dir, capsys, how):
    svc.load_demo(now)
    copy = svc.backups.take("manual").path
    svc.store.dispose()
    db = data_dir / "shopsentry.db"
    _damage(db, how)
    damaged = db.read_bytes()
    for argv in (["stock"], ["risk", "--json"], ["backup"]):
        code = cli.run(["--data-dir", str(data_dir), *argv])
        out = capsys.readouterr()
        said = out.out + out.err
        assert code == 1, argv
        assert copy.name in said and "restore --latest" in said
        assert "Traceback" not in said and "sqlalche.me" not in said
    assert cli.run(["--data-dir", str(data_dir), "restore", "--latest", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["restored"] == str(copy)
    aside = data_dir / "backups" / "damaged"
    assert [p.read_bytes() for p in aside.glob("*.db")] == [damaged]  # kept, never deleted
    assert cli.run(["--data-dir", str(data_dir), "stock", "--json"]) == 0


def test_restore_latest_skips_a_damaged_copy(svc, now, data_dir):
    svc.load_demo(now)
    good = svc.backups.take("manual", now=datetime.now(UTC) - timedelta(hours=1)).path
    bad = svc.backups.take("manual").path
    bad.write_bytes(bad.read_bytes()[:100])
    svc.store.dispose()
    assert restore(data_dir).restored == good


def test_the_damaged_database_message_names_the_newest_good_backup(svc, now, data_dir, capsys):
    svc.load_demo(now)
    good = svc.backups.take("manual", now=datetime.now(UTC) - timedelta(hours=1)).path
    bad = svc.backups.take("manual").path  # the newest copy is damaged too (the same disk error)
    bad.write_bytes(bad.read_bytes()[:100])
    svc.store.dispose()
    _damage(data_dir / "shopsentry.db", "random")
    assert cli.run(["--data-dir", str(data_dir), "stock"]) == 1
    said = capsys.readouterr().err
    assert good.name in said and bad.name not in said and "restore --latest" in said
    assert cli.run(["--data-dir", str(data_dir), "restore", "--latest", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["restored"] == str(good)  # the copy the message named


def test_a_damaged_database_whose_copies_are_all_damaged_says_there_is_none(svc, now, data_dir, capsys):
    svc.load_demo(now)
    bad = svc.backups.take("manual").path
    bad.write_bytes(bad.read_bytes()[:100])
    svc.store.dispose()
    _damage(data_dir / "shopsentry.db", "truncated")
    damaged = (data_dir / "shopsentry.db").read_bytes()
    assert cli.run(["--data-dir", str(data_dir), "risk"]) == 1
    said = capsys.readouterr().err
    assert "没有可恢复的备份" in said and bad.name not in said
    assert cli.run(["--data-dir", str(data_dir), "restore", "--latest"]) == 1
    assert "无法恢复" in capsys.readouterr().err
    assert (data_dir / "shopsentry.db").read_bytes() == damaged  # no good copy: the file stays where it was


def test_no_backup_to_restore_says_so(data_dir, capsys):
    assert cli.run(["--data-dir", str(data_dir), "restore", "--latest"]) == 1
    assert "没有可恢复的备份" in capsys.readouterr().err


def test_disk_full_during_a_backup_leaves_nothing_half_written(svc, now, monkeypatch):
    svc.load_demo(now)
    kept = svc.backups.take("manual", now=datetime.now(UTC) - timedelta(hours=2))
    real = shutil.copyfileobj

    def full(fin, fout, length=0):
        fout.write(fin.read(4096))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", full)
    with pytest.raises(BackupError, match="磁盘已满"):
        svc.backups.take("manual")
    monkeypatch.setattr(shutil, "copyfileobj", real)
    folder = svc.store.data_dir / "backups"
    assert [b.path for b in engine.list_backups(folder)] == [kept.path]
    assert not list(folder.glob(".*"))


def test_disk_full_during_a_restore_leaves_the_database_as_it_was(svc, now, monkeypatch, data_dir):
    svc.load_demo(now)
    copy = svc.backups.take("manual").path
    before = _count(svc.store.db_path)

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", full)
    svc.store.dispose()
    with pytest.raises(BackupError, match="磁盘已满"):
        engine.restore_copy(copy, data_dir / "shopsentry.db")
    assert _count(svc.store.db_path) == before and engine.check(svc.store.db_path) is None


def test_failed_automatic_backup_is_an_alert_not_a_crash(svc, now, monkeypatch):
    svc.load_demo(now)

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(engine, "_contents", full)
    assert svc.backups.auto() is None
    from app.store.models import Alert

    with svc.store.session() as s:
        alert = s.query(Alert).filter_by(key="backup:failed").one()
    assert alert.kind == "backup" and ("disk is full" in alert.body or "磁盘" in alert.body)


def test_automatic_backup_at_most_once_a_day(svc, now):
    svc.load_demo(now)
    t0 = datetime.now(UTC)
    assert svc.backups.auto(t0) is not None
    assert svc.backups.auto(t0 + timedelta(hours=5)) is None
    assert svc.backups.auto(t0 + timedelta(hours=25)) is not None


def test_cli_backup_prints_path_and_bytes(svc, now, data_dir, capsys):
    svc.load_demo(now)
    svc.store.dispose()
    assert cli.run(["--data-dir", str(data_dir), "backup", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    from pathlib import Path
    assert Path(doc["backup"]).stat().st_size == doc["bytes"] > 0


def test_move_to_a_new_pc_round_trip(svc, now, tmp_path, capsys):
    svc.load_demo(now)
    svc.set_setting("rules.overrides", {"douyin": {"late_fee": "3.00"}})
    svc.set_setting("risk.stop_ship_regions", ["新疆"])
    mapping = {"order_id": "订单号", "status": "订单状态", "paid_at": "付款时间", "product": "商品名称",
               "quantity": "数量", "amount_paid": "实付金额", "sku": "商家编码"}
    svc.save_mapping(list(mapping.values()), mapping, "kuaishou", "快手新版导出", now=now)
    wording = "{buyer}您好，订单{order_id}缺货，我们为您办理退款。"
    svc.contact.save_template("缺货退款", "*", wording)
    stock_before = [s.to_json() for s in svc.stock(now)]
    mappings_before = [(m.name, m.platform, m.header_signature, m.mapping) for m in svc.mappings()]
    templates_before = svc.contact.template_texts()
    shop = tmp_path / "我的店铺.shopsentry"
    assert cli.run(["--data-dir", str(svc.store.data_dir), "export-shop", str(shop), "--json"]) == 0
    capsys.readouterr()
    new_pc = tmp_path / "new-pc"
    assert cli.run(["--data-dir", str(new_pc), "import-shop", str(shop)]) == 0
    from app.services import Services

    other = Services.open(new_pc)
    try:
        assert [s.to_json() for s in other.stock(now)] == stock_before
        assert other.settings["rules.overrides"] == {"douyin": {"late_fee": "3.00"}}
        assert other.settings["risk.stop_ship_regions"] == ["新疆"]
        mappings = [(m.name, m.platform, m.header_signature, m.mapping) for m in other.mappings()]
        assert mappings == mappings_before and "快手新版导出" in [m[0] for m in mappings]
        assert other.contact.template_texts() == templates_before
        assert other.contact.template_texts()["缺货退款"]["*"] == wording
        assert ("缺货退款", "*") in other.contact.customised()
    finally:
        other.store.dispose()


def test_a_file_that_is_not_a_shop_is_refused(data_dir, tmp_path):
    junk = tmp_path / "x.shopsentry"
    junk.write_text("hello")
    with pytest.raises(BackupError, match="不是店哨的店铺文件"):
        import_shop(data_dir, junk)
    assert not (data_dir / "shopsentry.db").exists()


def test_export_to_a_full_disk_leaves_no_file(svc, now, tmp_path, monkeypatch):
    svc.load_demo(now)
    import zipfile

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", full)
    with pytest.raises(BackupError, match="磁盘已满"):
        export_shop(svc.store.data_dir, tmp_path / "shop.shopsentry")
    assert list(tmp_path.glob("*shop*")) == []


def test_salvage_saves_what_sqlite_can_still_read(svc, now, tmp_path):
    svc.load_demo(now)
    n = _count(svc.store.db_path, "skus")
    svc.store.dispose()
    target = tmp_path / "salvaged.db"
    assert engine.salvage(svc.store.db_path, target) > 0
    assert _count(target, "skus") == n


def test_the_scheduler_backs_up_at_start_and_daily_while_running(svc, now):
    from app.scheduler import Checker

    svc.load_demo(now)
    clock = [now]
    ch = Checker(lambda: svc, lambda _r: None, clock=lambda: clock[0])
    ch.backup()  # the start-up run: no backup yet, so one is made
    assert [b.label for b in svc.backups.list()] == ["auto"]
    clock[0] = now + timedelta(hours=23)
    ch.backup()  # the hourly check during the day: not due
    assert len(svc.backups.list()) == 1
    clock[0] = now + timedelta(hours=24, minutes=1)
    ch.backup()  # the app ran all day: the next daily copy
    assert len(svc.backups.list()) == 2 and ch.last_backup is not None
    ch.start()  # the job behind these runs: first at start, then hourly
    try:
        job = ch.scheduler.get_job("backup")
        assert job is not None and job.trigger.interval <= timedelta(hours=1)
    finally:
        ch.shutdown()


def test_backup_alert_stays_open_through_evaluations_until_a_backup_works(svc, now, monkeypatch):
    from app.store.models import Alert

    svc.load_demo(now)
    real = engine._contents

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(engine, "_contents", full)
    assert svc.backups.auto(now) is None
    raised = svc.alerts(now + timedelta(minutes=5))
    assert "backup:failed" not in {a.key for a in raised}  # raised once, at the failure, not again
    with svc.store.session() as s:
        row = s.query(Alert).filter_by(key="backup:failed").one()
        assert row.resolved_at is None and row.state == "failed"
    monkeypatch.setattr(engine, "_contents", real)
    assert svc.backups.auto(now + timedelta(hours=1)) is not None  # the next try works
    svc.alerts(now + timedelta(hours=1, minutes=5))
    with svc.store.session() as s:
        assert s.query(Alert).filter_by(key="backup:failed").one().resolved_at is not None
    assert svc.settings.get("backup.failure") is None


@pytest.mark.parametrize("compress", [True, False])
def test_restore_of_each_kind_of_copy(svc, now, data_dir, tmp_path, compress):
    """A gzip copy and a plain one; then undoing the restore with the copy taken before it."""
    from sqlalchemy import text

    svc.load_demo(now)
    n = _count(svc.store.db_path)
    info = engine.take(svc.store.db_path, svc.backups.folder, "auto", now=now, compress=compress)
    assert info.path.name.endswith(".gz") == compress
    with svc.store.session() as s:
        s.execute(text("DELETE FROM order_lines"))
        s.execute(text("DELETE FROM orders"))
    result = svc.backups.restore(info.path, now=now + timedelta(minutes=1))
    assert _count(svc.store.db_path) == n
    undo = svc.backups.restore(result.kept_aside, now=now + timedelta(minutes=2))  # back to the emptied shop
    assert undo.restored == result.kept_aside and _count(svc.store.db_path) == 0


def test_restore_of_the_copy_taken_before_a_migration(data_dir):
    from app.store import open_store
    from app.store.migrate import upgrade

    store = open_store(data_dir, migrate=False)
    upgrade(store, "0001")  # a database of the first version
    upgrade(store)  # behind: a copy labelled before-<head> is taken, then the upgrade runs
    before = [b for b in engine.list_backups(data_dir / "backups") if b.label.startswith("before-")]
    assert before
    store.dispose()
    assert restore(data_dir, before[0].path).restored == before[0].path
    assert engine.check(data_dir / "shopsentry.db", full=True) is None


def test_salvage_of_a_partly_damaged_database_gives_a_database_that_opens(svc, now, data_dir):
    from app.backup import salvage
    from app.services import Services

    svc.load_demo(now)
    skus = _count(svc.store.db_path, "skus")
    svc.store.dispose()
    db = data_dir / "shopsentry.db"
    con = sqlite3.connect(db)
    con.execute("pragma wal_checkpoint(truncate)")
    root = con.execute("select rootpage from sqlite_master where name='orders'").fetchone()[0]
    con.close()
    raw = bytearray(db.read_bytes())
    raw[(root - 1) * 4096: root * 4096] = b"\xff" * 4096
    db.write_bytes(bytes(raw))
    damaged = db.read_bytes()
    assert engine.check(db) is not None and "skus" in engine.readable_tables(db)
    result = salvage(data_dir, now=now)
    assert result.rows > 0 and result.kept_aside.read_bytes() == damaged
    again = Services.open(data_dir)  # the quick check passes and the schema is current
    try:
        assert _count(db, "skus") == skus and again.stock(now)
    finally:
        again.store.dispose()

"""Backups of a shop on a shared PostgreSQL server (and the same steps on SQLite): a restore, an
exported shop and an imported one act on the server itself; the copy reads one snapshot; pg_dump
archives are pruned and restored through pg_restore."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from app import cli
from app.paths import DB_FILE
from app.store.backup import BackupError
from app.store.models import Order, OrderLine, Sku
from tests import pgserver
from tests.integration.test_contact import add_order, shop

PG = pytest.param("postgresql", marks=pytest.mark.skipif(not pgserver.admin_url(), reason=pgserver.NO_SERVER))
BOTH = pytest.mark.parametrize("dialect", ["sqlite", PG], indirect=True)
SERVER = pytest.mark.parametrize("dialect", [PG], indirect=True)


def orders(store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count(Order.id)))


def drop_one(store) -> None:
    with store.session() as s:
        first = select(func.min(Order.id)).scalar_subquery()
        s.execute(delete(OrderLine).where(OrderLine.order_pk == first))
        s.execute(delete(Order).where(Order.id == first))


@BOTH
def test_restore_puts_the_backup_back_into_the_shops_own_database(dialect, svc, data_dir, now):
    shop(svc.store, now)
    info = svc.backups.take("manual", now=now)
    drop_one(svc.store)
    result = svc.backups.restore(info.path, now=now + timedelta(minutes=1))
    assert result.restored == info.path and orders(svc.store) == 6
    assert "before-restore" in result.kept_aside.name and result.kept_aside.exists()
    assert [b.orders for b in svc.backups.list()][:2] == [5, 6]  # the shop as it was is kept aside
    assert (data_dir / DB_FILE).exists() == (dialect == "sqlite")  # a server shop writes no local file
    add_order_now(svc.store, now)  # the server's ids go on past the restored rows
    assert orders(svc.store) == 7


def add_order_now(store, now) -> None:
    with store.session() as s:
        add_order(s, "after-restore", now, 5)


@SERVER
def test_restore_latest_on_a_server_takes_the_newest_good_copy(svc, now):
    shop(svc.store, now)
    svc.backups.take("manual", now=now)
    drop_one(svc.store)
    result = svc.backups.restore(None, now=now + timedelta(minutes=1))
    assert "manual" in result.restored.name and orders(svc.store) == 6


@BOTH
def test_export_and_import_a_shop_act_on_the_shops_own_database(dialect, svc, now, tmp_path):
    shop(svc.store, now)
    svc.set_setting("risk.stop_ship_regions", ["新疆"])
    packed = svc.backups.export_shop(tmp_path / "店铺.shopsentry", now=now)
    with zipfile.ZipFile(packed) as z:
        assert json.loads(z.read("manifest.json"))["orders"] == 6
        (tmp_path / "inside.db").write_bytes(z.read("shop.db"))
    with sqlite3.connect(tmp_path / "inside.db") as con:
        assert con.execute("SELECT count(*) FROM orders").fetchone()[0] == 6
    drop_one(svc.store)
    svc.set_setting("risk.stop_ship_regions", [])
    result = svc.backups.import_shop(packed, now=now + timedelta(minutes=1))
    assert result.restored == packed and result.kept_aside.exists()
    assert orders(svc.store) == 6 and svc.settings["risk.stop_ship_regions"] == ["新疆"]


@BOTH
def test_the_copy_reads_one_snapshot_while_another_pc_writes(dialect, store, now, tmp_path):
    from app.store.copy import copy_shop
    from app.store.session import open_store

    shop(store, now)
    writes = []

    def another_pc_writes(done, total, table):
        if not writes:  # mid-copy: a new SKU and an order of it, committed at once
            with store.session() as s:
                sku = Sku(code="NEW", name="新品")
                s.add(sku)
                s.flush()
                add_order(s, "written-meanwhile", now, 5, sku.id)
            writes.append(table)

    copy = open_store(tmp_path / "copy", url=f"sqlite:///{tmp_path / 'copy.db'}")
    try:
        counts = copy_shop(store, copy, another_pc_writes)
        assert writes and counts["orders"] == 6 and counts["skus"] == 3
        assert orders(copy) == 6  # the copy is the shop as it was when it began
    finally:
        copy.dispose()
    assert orders(store) == 7


@SERVER
def test_pg_dump_archives_are_pruned_like_the_copies(svc, now):
    shop(svc.store, now)
    for days in range(20, -1, -1):
        svc.backups.take("auto", now=now - timedelta(days=days))
    folder = svc.backups.folder / "pg_dump"
    archives = sorted(p.name.removesuffix(".pgdump") for p in folder.glob("*.pgdump"))
    copies = sorted(b.path.name.split(".")[0] for b in svc.backups.list())
    assert archives == copies and 7 <= len(archives) < 21


@SERVER
def test_a_pg_dump_archive_goes_back_through_pg_restore(svc, now):
    shop(svc.store, now)
    svc.backups.take("manual", now=now)
    archive = next((svc.backups.folder / "pg_dump").glob("*.pgdump"))
    drop_one(svc.store)
    result = svc.backups.restore(archive, now=now + timedelta(minutes=1))
    assert result.restored == archive and "before-restore" in result.kept_aside.name
    assert orders(svc.store) == 6
    add_order_now(svc.store, now)
    assert orders(svc.store) == 7


@SERVER
def test_a_pg_dump_archive_without_pg_restore_says_what_it_needs(svc, now, tmp_path, monkeypatch):
    shop(svc.store, now)
    svc.backups.take("manual", now=now)
    archive = next((svc.backups.folder / "pg_dump").glob("*.pgdump"))
    drop_one(svc.store)
    monkeypatch.setenv("PATH", str(tmp_path))  # a PC without PostgreSQL's client tools
    with pytest.raises(BackupError, match="pg_restore") as raised:
        svc.backups.restore(archive, now=now)
    assert "pg_dump" in str(raised.value) and "Error" not in str(raised.value)
    assert orders(svc.store) == 5


@SERVER
def test_a_damaged_copy_leaves_the_server_as_it_was(svc, now, tmp_path):
    shop(svc.store, now)
    bad = tmp_path / "shopsentry-20261120T100000000000Z-manual.db"
    bad.write_bytes(b"not a database" * 100)
    with pytest.raises(BackupError):
        svc.backups.restore(bad, now=now)
    assert orders(svc.store) == 6 and not svc.backups.list()


@SERVER
def test_cli_backup_restore_export_and_import_on_a_server(svc, now, data_dir, database_url, tmp_path, capsys):
    shop(svc.store, now)
    base = ["--data-dir", str(data_dir), "--database-url", database_url, "--json"]
    assert cli.run(base + ["backup"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert set(made) == {"backup", "bytes"} and made["bytes"] > 0
    drop_one(svc.store)
    assert cli.run(base + ["restore", "--latest"]) == 0
    restored = json.loads(capsys.readouterr().out)
    assert restored["restored"] == made["backup"] and "before-restore" in restored["kept_aside"]
    assert orders(svc.store) == 6 and not (data_dir / DB_FILE).exists()
    assert cli.run(base + ["export-shop", str(tmp_path / "s.shopsentry")]) == 0
    assert json.loads(capsys.readouterr().out)["bytes"] > 0
    drop_one(svc.store)
    assert cli.run(base + ["import-shop", str(tmp_path / "s.shopsentry")]) == 0
    assert set(json.loads(capsys.readouterr().out)) == {"restored", "kept_aside"}
    assert orders(svc.store) == 6
    assert cli.run(base + ["restore", str(tmp_path / "none.db")]) == 1
    assert "Traceback" not in capsys.readouterr().err

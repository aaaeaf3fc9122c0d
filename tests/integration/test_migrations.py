"""Every release's database must open in the next one with nothing lost.

The test builds a database at the FIRST revision, fills it with data through plain SQL
(as that release would have), then opens it with the current code. Each later migration
extends ``FIRST_RELEASE_ROWS`` checks below with what it changes.
"""

import sqlite3
from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import select

from app.store import migrate
from app.store.models import Order, OrderLine, Sku, StockMovement
from app.store.session import Store

FIRST = "0001"
# what the first release wrote, in plain SQL both SQLite and PostgreSQL read (tests/integration/test_pg_store.py)
FIRST_RELEASE_ROWS = """
        INSERT INTO shops (id, platform, name, options) VALUES (1, 'douyin', '小店', '{}');
        INSERT INTO skus (id, code, name, spec, cost_fen, safety_stock, lead_time_days, active, is_bundle)
            VALUES (1, 'SS01-02', '睡衣', '粉色 L', 2696, 10, 3, true, false);
        INSERT INTO orders (id, shop_id, platform, order_id, status, paid_at, amount_paid_fen, postage_fen,
                            phone_masked) VALUES
            (1, 1, 'douyin', '6953331576772446378', 'unshipped', '2026-11-19 02:04:00', 16800, 0, '152****2307');
        INSERT INTO order_lines (id, order_pk, line_id, sku_code, sku_id, quantity, unit_price_fen, amount_fen)
            VALUES (1, 1, '6953331576772446379', 'SS01-02', 1, 2, 8400, 16800);
        INSERT INTO stock_movements (sku_id, kind, delta, counted, at) VALUES (1, 'sheet', 73, 73, '2026-11-01 00:00:00');
        INSERT INTO settings (key, value) VALUES ('timezone', '"Asia/Shanghai"');
"""


def _db_at_first_revision(data_dir) -> Store:
    store = Store(data_dir)
    cfg = migrate.alembic_config(store)
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, FIRST)
    con = sqlite3.connect(store.db_path)
    con.executescript(FIRST_RELEASE_ROWS)
    con.commit()
    con.close()
    store.dispose()
    return store


def test_first_release_database_upgrades_with_nothing_lost(data_dir):
    from app.store import open_store

    _db_at_first_revision(data_dir)
    store = open_store(data_dir)
    assert migrate.current_revision(store) == migrate.head_revision(store)
    with store.session() as s:
        o = s.scalars(select(Order)).one()
        assert o.order_id == "6953331576772446378"
        assert o.paid_at == datetime(2026, 11, 19, 2, 4, tzinfo=UTC)
        assert o.amount_paid_fen == 16800 and o.phone_masked == "152****2307"
        line = s.scalars(select(OrderLine)).one()
        assert (line.sku_id, line.quantity, line.amount_fen) == (1, 2, 16800)
        assert s.scalars(select(Sku.code)).one() == "SS01-02"
        assert s.scalars(select(StockMovement.delta)).one() == 73
        # 0002_inventory: shipments remember their order line; old movements have none
        assert s.execute(select(StockMovement.kind, StockMovement.order_line_id)).one() == ("sheet", None)
    store.dispose()


def test_failed_migration_is_rolled_back_and_says_so(data_dir, monkeypatch):
    _db_at_first_revision(data_dir)
    store = Store(data_dir)

    def broken(cfg, target):
        cfg.attributes["connection"].exec_driver_sql("DELETE FROM orders")  # half-applied
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(migrate.command, "upgrade", broken)
    with pytest.raises(migrate.MigrationError, match="rolled back and nothing was changed"):
        migrate.upgrade(store)
    con = sqlite3.connect(store.db_path)  # nothing restored over it: another process may have written since
    assert con.execute("select count(*) from orders").fetchone()[0] == 1
    assert con.execute("select version_num from alembic_version").fetchone()[0] == FIRST
    con.close()
    from app.store.backup import list_backups

    assert list_backups(data_dir / "backups")  # the copy taken just before is still there


def test_a_database_from_a_newer_release_is_refused_and_left_alone(data_dir):
    from app.store import open_store

    store = open_store(data_dir)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0099_future'")
    store.dispose()
    with pytest.raises(migrate.NewerDatabase, match="newer ShopSentry"):
        open_store(data_dir)
    con = sqlite3.connect(store.db_path)
    assert con.execute("select version_num from alembic_version").fetchone()[0] == "0099_future"
    con.close()


def _same_on_sqlite(context, inspected, metadata, inspected_type, metadata_type):
    """VARCHAR(n) and TEXT are one type on SQLite (0008_pg_text retypes them on PostgreSQL only)."""
    from sqlalchemy import String

    if context.dialect.name == "sqlite" and isinstance(inspected_type, String) and isinstance(metadata_type, String):
        return False
    return None


def test_models_match_the_migrations(store):
    """Autogenerate against the migrated database finds nothing: no model change without a revision."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from app.store.models import Base

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": _same_on_sqlite}),
                                Base.metadata)
    assert diff == []


def test_failed_set_up_of_a_new_database_leaves_no_half_made_table(data_dir, monkeypatch):
    store = Store(data_dir)

    def broken(cfg, target):
        cfg.attributes["connection"].exec_driver_sql("CREATE TABLE half_made (x)")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(migrate.command, "upgrade", broken)
    with pytest.raises(migrate.MigrationError, match="rolled back") as err:
        migrate.upgrade(store)
    assert err.value.backup is None and err.value.target == migrate.head_revision(store)
    con = sqlite3.connect(store.db_path)  # rolled back: no half-made table, still a new database
    assert con.execute("select name from sqlite_master where type = 'table'").fetchall() == []
    con.close()
    monkeypatch.undo()
    from app.store import open_store

    again = open_store(data_dir)  # the next start sets it up from scratch
    assert migrate.current_revision(again) == migrate.head_revision(again)
    again.dispose()


def test_failed_upgrade_names_the_copy_it_restored(data_dir, monkeypatch):
    _db_at_first_revision(data_dir)
    store = Store(data_dir)
    monkeypatch.setattr(migrate.command, "upgrade", lambda cfg, target: 1 / 0)
    with pytest.raises(migrate.MigrationError) as err:
        migrate.upgrade(store)
    assert err.value.backup is not None and err.value.backup.exists()
    assert err.value.backup.parent == data_dir / "backups"


def test_up_to_date_start_knows_the_head_without_loading_alembic(data_dir):
    import subprocess
    import sys

    from app.store import open_store

    store = open_store(data_dir)
    assert migrate._head_from_files() == migrate.head_revision(store)
    from alembic.runtime.migration import MigrationContext

    with store.engine.connect() as conn:  # the plain read agrees with Alembic's own
        assert migrate.current_revision(store) == MigrationContext.configure(conn).get_current_revision()
    store.dispose()
    # a second start of an up-to-date database: no Alembic import (a quarter of a second)
    code = ("import sys; from app.store import open_store; open_store(sys.argv[1]).dispose(); "
            "print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(data_dir)], capture_output=True, text=True, check=True,
                         cwd=str(migrate.MIGRATIONS.parents[2]))
    assert out.stdout.strip() == "False"


def test_the_kept_evaluation_state_is_written_again_after_0013(data_dir):
    """0013_check_orders empties the orders' kept state (derived data, no seller's input): the next
    round is a full evaluation that names each order in it, and then ticks go on from there."""
    from app.evaluation import incremental
    from app.services import Services
    from app.store import open_store
    from app.store.models import EvalMark, OrderCheck

    store = Store(data_dir)
    cfg = migrate.alembic_config(store)
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0012_room_indexes")
    con = sqlite3.connect(store.db_path)
    con.executescript(FIRST_RELEASE_ROWS + """
        INSERT INTO order_checks (order_pk, ship_by, level, short_units, next_at, base, kind)
            VALUES (1, 1763517840, 'overdue', 0, NULL, 1763517840, 0);
        INSERT INTO eval_marks (room, journal_id, evaluated_at, fingerprint) VALUES ('alerts', 0, 1763517840, 'x');""")
    con.commit()
    con.close()
    store.dispose()
    store = open_store(data_dir)
    with store.session() as s:
        assert s.scalars(select(OrderCheck)).all() == [] and s.scalars(select(EvalMark)).all() == []
    store.dispose()
    svc = Services.open(data_dir)
    now = datetime(2026, 11, 20, 10, tzinfo=UTC)
    with svc.store.session() as s:
        assert incremental.plan(s.connection(), now, svc.settings) is None  # a full evaluation first
    assert svc.check_round(now).delta is None
    with svc.store.session() as s:
        kept = s.execute(select(OrderCheck.order_pk, OrderCheck.platform, OrderCheck.order_id)).all()
    assert kept == [(1, "douyin", "6953331576772446378")]
    assert svc.check_round(now).delta is not None  # and incremental after it
    svc.store.dispose()

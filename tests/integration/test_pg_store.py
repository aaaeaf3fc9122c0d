"""The store on a real PostgreSQL server: every migration up from the first revision and back,
the models matching, epoch seconds as SQLite counts them, no password or buyer in a message."""

from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import select, text

from app.store import migrate, open_store
from app.store.models import Order, OrderLine, Sku, StockMovement
from app.store.session import Store, epoch_seconds
from tests import pgserver
from tests.integration.test_migrations import FIRST_RELEASE_ROWS

pytestmark = pytest.mark.skipif(not pgserver.admin_url(), reason=pgserver.NO_SERVER)


@pytest.fixture
def pg_url():
    name = pgserver.create_database()  # empty: the migrations set it up
    yield pgserver.url_of(name)
    pgserver.drop_database(name)




def test_first_release_database_upgrades_on_postgresql_with_nothing_lost(tmp_path, pg_url):
    store = Store(tmp_path, pg_url)
    cfg = migrate.alembic_config(store)
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with store.engine.begin() as conn:
        for stmt in filter(str.strip, FIRST_RELEASE_ROWS.split(";")):
            conn.execute(text(stmt))
    store.dispose()
    store = open_store(tmp_path, url=pg_url)
    assert migrate.current_revision(store) == migrate.head_revision(store)
    with store.session() as s:
        o = s.scalars(select(Order)).one()
        assert (o.order_id, o.paid_at) == ("6953331576772446378", datetime(2026, 11, 19, 2, 4, tzinfo=UTC))
        assert s.scalars(select(OrderLine.quantity)).one() == 2
        assert s.scalars(select(Sku.code)).one() == "SS01-02"
        assert s.execute(select(StockMovement.kind, StockMovement.delta)).one() == ("sheet", 73)
    store.dispose()


def test_every_migration_runs_down_and_up_again_on_postgresql(tmp_path, pg_url):
    store = open_store(tmp_path, url=pg_url)
    cfg = migrate.alembic_config(store)
    for target in ("base", "head"):
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            (command.downgrade if target == "base" else command.upgrade)(cfg, target)
    assert migrate.current_revision(store) == migrate.head_revision(store)
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from app.store.models import Base

    with store.engine.connect() as conn:  # the models are what the migrations made, types included
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    store.dispose()


def test_a_newer_database_on_the_server_is_refused(tmp_path, pg_url):
    store = open_store(tmp_path, url=pg_url)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
    store.dispose()
    with pytest.raises(migrate.NewerDatabase, match="newer ShopSentry"):
        open_store(tmp_path, url=pg_url)


def test_epoch_seconds_truncate_as_on_sqlite(tmp_path, pg_url):
    store = open_store(tmp_path, url=pg_url)
    with store.engine.connect() as conn:
        got = conn.execute(select(epoch_seconds(text("TIMESTAMP '2026-11-20 10:00:00.6'")))).scalar()
    assert got == int(datetime(2026, 11, 20, 10, 0, tzinfo=UTC).timestamp())
    store.dispose()


def test_messages_carry_no_password_and_no_bound_values(tmp_path, pg_url):
    from app.store.session import shown_url

    assert shown_url("postgresql+psycopg://shop:s3cret@10.0.0.5/shop") == "postgresql+psycopg://shop:***@10.0.0.5/shop"
    store = open_store(tmp_path, url=pg_url)
    with pytest.raises(Exception) as err, store.session() as s:  # a duplicate order: an integrity error
        for _ in range(2):
            s.execute(text("INSERT INTO shops (platform, name, options) VALUES (:p, :n, '{}')"),
                      {"p": "douyin", "n": "王小明的店"})
    assert "SQL parameters hidden" in str(err.value)
    from app.cli import said

    assert "王小明" not in said(err.value)  # what the command line prints: the server's DETAIL names the row
    store.dispose()

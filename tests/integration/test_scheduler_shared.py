"""The app's own scheduler on a shop several PCs share (#15): each tick runs the same round as the
CLI's check (settings read afresh, the group messages sent by one elected PC), and a server lost
mid-tick is reported in the seller's words, never the driver's text."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, select, text

from app.scheduler import Checker
from app.services import Services
from app.store.models import OutboxMessage
from app.store.session import Store
from tests import pgserver
from tests.integration.test_contact import shop

SERVER = pytest.mark.parametrize("dialect", [pytest.param(
    "postgresql", marks=pytest.mark.skipif(not pgserver.admin_url(), reason=pgserver.NO_SERVER))], indirect=True)


@pytest.fixture
def other_pc(svc, tmp_path):
    """A second PC on the same server database, with a data dir of its own."""
    d = tmp_path / "pc2"
    d.mkdir()
    other = Services(Store(d, svc.store.url))
    yield other
    other.store.dispose()


def tick(svc, now, results=None) -> None:
    Checker(lambda: svc, (results if results is not None else []).append, clock=lambda: now,
            scheduler=object())._evaluate("interval")


@SERVER
def test_two_pcs_ticking_send_the_group_one_message(dialect, svc, other_pc, now):
    svc.set_staff_name("小王")
    other_pc.set_staff_name("小李")
    svc.channel_add("群", "wecom", "http://127.0.0.1:9/cgi-bin/webhook/send?key=x")
    shop(svc.store, now)
    results = []
    for pc in (svc, other_pc):
        tick(pc, now, results)
    assert [r.error for r in results] == [None, None] and all(r.notifications for r in results)
    with svc.store.session() as s:
        assert s.scalar(select(func.count(OutboxMessage.id))) == 1  # one PC, the elected one, sends


@SERVER
def test_a_tick_reads_the_settings_another_pc_changed(dialect, svc, other_pc, now):
    tick(other_pc, now)
    svc.set_setting("alerts.digest_time", "07:00")
    tick(other_pc, now)
    assert other_pc.settings["alerts.digest_time"] == "07:00"


@SERVER
def test_a_server_lost_during_a_tick_is_said_in_words(dialect, svc, database_url, now):
    results = []
    tick(svc, now, results)
    name = database_url.rsplit("/", 1)[1]
    admin = create_engine(pgserver.url_of("postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:  # the server goes away: no new connections, the open ones cut
            c.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            c.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name})
        tick(svc, now, results)
        failed = results[-1]
        assert failed.failure is not None and svc.connection_lost(failed.failure)
        assert failed.error and "psycopg" not in failed.error and "http" not in failed.error
        assert not failed.snapshot_follows
    finally:
        with admin.connect() as c:
            c.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()

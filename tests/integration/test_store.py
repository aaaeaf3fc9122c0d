import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app import settings
from app.store import open_store
from app.store.models import Order, OrderLine, Setting


def test_new_store_is_wal_with_foreign_keys(store):
    if not store.is_sqlite:
        pytest.skip("SQLite's own file settings")
    con = sqlite3.connect(store.db_path)
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    with store.engine.connect() as c:
        assert c.exec_driver_sql("pragma foreign_keys").scalar() == 1
        assert c.exec_driver_sql("pragma busy_timeout").scalar() >= 1000


def test_times_round_trip_aware_utc(store, now):
    with store.session() as s:
        s.add(Order(platform="douyin", order_id="1", status="unshipped", paid_at=now))
    with store.session() as s:
        o = s.scalars(select(Order)).one()
        assert o.paid_at.tzinfo is not None
        assert o.paid_at == now
        assert o.paid_at.utcoffset().total_seconds() == 0


def test_naive_time_is_refused(store):
    with pytest.raises(Exception, match="naive"):
        with store.session() as s:
            s.add(Order(platform="douyin", order_id="1", status="unshipped",
                        paid_at=datetime(2026, 1, 1)))


def test_failed_unit_of_work_leaves_nothing(store):
    with pytest.raises(RuntimeError):
        with store.session() as s:
            s.add(Order(platform="douyin", order_id="1", status="unshipped"))
            s.flush()
            raise RuntimeError("boom")
    with store.session() as s:
        assert s.scalars(select(Order)).all() == []


def test_foreign_keys_cascade_lines(store):
    with store.session() as s:
        o = Order(platform="pdd", order_id="x", status="unshipped")
        o.lines.append(OrderLine(line_id="x-1", quantity=2))
        s.add(o)
    with store.session() as s:
        s.delete(s.scalars(select(Order)).one())
    with store.session() as s:
        assert s.scalars(select(OrderLine)).all() == []


def test_settings_defaults_and_overrides(store):
    with store.session() as s:
        assert settings.get(s, "timezone") == "Asia/Shanghai"
        settings.set_(s, "timezone", "Asia/Bangkok")
    with store.session() as s:
        assert settings.get(s, "timezone") == "Asia/Bangkok"
        assert s.get(Setting, "timezone") is not None


def test_reopen_keeps_data(data_dir, now):
    st = open_store(data_dir)
    with st.session() as s:
        s.add(Order(platform="taobao", order_id="42", status="unshipped", paid_at=now,
                    amount_paid_fen=1250, created_at=datetime.now(UTC)))
    st.dispose()
    st2 = open_store(data_dir)
    with st2.session() as s:
        assert s.scalars(select(Order.amount_paid_fen)).one() == 1250
    st2.dispose()


def test_tab_refresh_and_scheduler_check_at_the_same_time_do_not_collide(svc, now):
    """F5 and the first-start demo run both at once, on two threads: neither may fail."""
    import threading

    from app.store.models import ContactTask

    svc.load_demo(now)
    errors, barrier = [], threading.Barrier(2)

    def run(fn):
        barrier.wait()
        try:
            fn(now)
        except Exception as exc:  # collected, asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(f,)) for f in (svc.contacts, svc.alerts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with svc.store.session() as s:
        pks = s.scalars(select(ContactTask.order_pk)).all()
    assert pks and len(pks) == len(set(pks))


def test_rows_by_key_reads_the_same_rows_by_index_or_in_one_pass(store, now):
    """The alert evaluation's key lookup: by index a list at a time when few keys are asked, in one
    pass over the bounded rows when the keys outnumber them; the same rows either way."""
    from sqlalchemy import insert

    from app.store.models import Alert
    from app.store.session import rows_by_key

    t = Alert.__table__
    with store.session() as s:
        s.execute(insert(t), [{"kind": "stock", "key": f"sku:{i}", "state": "low", "severity": 1, "title": "",
                               "body": "", "first_raised": now, "raised_at": now, "last_seen": now,
                               "resolved_at": now if i % 2 else None} for i in range(10)])
    stmt = select(t.c.id, t.c.key, t.c.state)
    among = t.c.resolved_at.is_not(None)  # five resolved rows
    with store.session() as s:
        conn = s.connection()
        few = dict(rows_by_key(conn, stmt, t.c.key, ["sku:1", "sku:2", "sku:3"], among=among))  # 3 < 5: by index
        many = dict(rows_by_key(conn, stmt, t.c.key, [f"sku:{i}" for i in range(1, 40, 2)] + ["sku:2"],
                                among=among))  # 21 keys > 5 rows: one pass
        plain = dict(rows_by_key(conn, stmt, t.c.key, ["sku:2", "sku:9", "nope"]))
    assert set(few) == {"sku:1", "sku:3"}  # sku:2 is open: not among the resolved
    assert set(many) == {"sku:1", "sku:3", "sku:5", "sku:7", "sku:9"}
    assert set(plain) == {"sku:2", "sku:9"} and plain["sku:9"].state == "low"


def test_short_times_made_per_minute_read_as_the_one_by_one_ones():
    """``short_of`` (many deadlines worded at once) writes what ``short`` writes, across a year's turn."""
    from datetime import timedelta

    from app import timeutil

    now = datetime(2026, 12, 31, 15, 0, tzinfo=UTC)  # 23:00 in Shanghai: the next year starts within the hour
    many = timeutil.short_of("Asia/Shanghai", now)
    for minutes in (-600000, -61, 0, 59, 61, 119, 24 * 60):
        at = now + timedelta(minutes=minutes, seconds=37)
        assert many(at.timestamp()) == timeutil.short(at, "Asia/Shanghai", now)
    assert many((now + timedelta(hours=2)).timestamp()).startswith("2027-01-01")

"""Incremental evaluation (#23) against the full one, its reference.

Two shops are fed the same random steps — exports imported (new orders, orders shipped, changed
deadlines), stock counted, orders shipped in the app, time moving on, a setting changed, a buyer
contacted — and after every step one is checked incrementally (``check_round``: the journal and
the due instants) and its twin in full (``check_round(full=True)``). Their alerts and each open
order's evaluated state must be the same after every step, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import itertools
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlalchemy import select

from app.services import Services
from app.store.models import Alert, Change, ContactTask, EvalMark, Order, OrderCheck
from tests.factories import DOUYIN_HEAD, douyin_row, stock_file, write_xlsx

SKUS = ("SS01", "SS02", "SS03")
FMT = "%Y-%m-%d %H:%M:%S"


def _fmt(at) -> str:
    from app import timeutil

    return timeutil.local(at, "Asia/Shanghai").strftime(FMT)


class Twins:
    """The same shop twice: ``inc`` checked incrementally, ``full`` in full."""

    def __init__(self, dialect: str):
        self.dirs, self.dbs, self.svcs = [], [], []
        for _ in range(2):
            d = Path(tempfile.mkdtemp(prefix="ss-twin-"))
            url = None
            if dialect == "postgresql":
                from tests import pgserver

                name = pgserver.migrated_database()
                self.dbs.append(name)
                url = pgserver.url_of(name)
            self.dirs.append(d)
            self.svcs.append(Services.open(d, url=url))
        self.inc, self.full = self.svcs

    def both(self, fn) -> None:
        for svc in self.svcs:
            fn(svc)

    def close(self) -> None:
        for svc in self.svcs:
            svc.store.dispose()
        from tests import pgserver

        for name in self.dbs:
            pgserver.drop_database(name)


def state(svc) -> tuple[dict, dict]:
    with svc.store.session() as s:
        alerts = {(a.kind, a.key): (a.state, a.severity, a.resolved_at is None)
                  for a in s.execute(select(Alert.kind, Alert.key, Alert.state, Alert.severity, Alert.resolved_at))}
        checks = {pk: (level, short, nxt) for pk, level, short, nxt in s.execute(
            select(OrderCheck.order_pk, OrderCheck.level, OrderCheck.short_units, OrderCheck.next_at))}
    return alerts, checks


def rows(risks) -> dict:
    return {r.order_pk: (r.level, r.ship_ts, r.stock_short, r.short_units, r.penalty_total_fen) for r in risks}


class Shop(RuleBasedStateMachine):
    dialect = "sqlite"
    start = None

    @initialize()
    def open_twins(self):
        self.twins = Twins(self.dialect)
        self.now = self.start
        self.ids = itertools.count(6_900_000_000_000_000_001, 2)
        self.orders: list[str] = []
        self.tmp = Path(tempfile.mkdtemp(prefix="ss-twin-files-"))
        self.shown = None
        sheet = stock_file(self.tmp / "stock.xlsx", [[c, "睡衣", "M", 4, 2, 7, 30] for c in SKUS])
        self.twins.both(lambda svc: svc.import_files([sheet], now=self.now))
        self.tick()

    def teardown(self):
        if hasattr(self, "twins"):
            self.twins.close()

    def tick(self):
        raised, shown = {}, {}
        for svc, full in ((self.twins.inc, False), (self.twins.full, True)):
            done = svc.check_round(self.now, full=full)
            raised[full] = sorted((a.kind, a.key, a.state) for a in done.raised)
            # each window's tabs: whole after a full round, patched from an incremental one's delta
            # (both twins show theirs: a snapshot also takes in new contact tasks)
            shown[full] = svc.snapshot(self.now) if done.delta is None or self.shown is None else \
                svc.merge_snapshot(self.shown, svc.snapshot_delta(self.now, done.delta))
        self.shown = shown[False]
        assert raised[False] == raised[True]
        # what the risk tab shows of each open order, penalties included (a late band ending moves
        # one with no new data), is what a full evaluation says now
        assert rows(shown[False]["risk"]) == rows(shown[True]["risk"])

    @invariant()
    def same_as_full(self):
        if hasattr(self, "twins"):
            assert state(self.twins.inc) == state(self.twins.full)

    @rule(n=st.integers(1, 4), hours=st.lists(st.integers(-90, 130), min_size=4, max_size=4),
          skus=st.lists(st.sampled_from(SKUS), min_size=4, max_size=4), qty=st.integers(1, 3),
          ship=st.integers(0, 6))
    def import_export(self, n, hours, skus, qty, ship):
        """A new export: ``n`` new orders, and (when there is one) an earlier order shipped."""
        rows = []
        for k in range(n):
            oid = str(next(self.ids))
            self.orders.append(oid)
            rows.append(douyin_row(oid, oid + "1", sku=skus[k], qty=str(qty),
                                   paid=_fmt(self.now - timedelta(hours=2)),
                                   promise=_fmt(self.now + timedelta(hours=hours[k]))))
        if ship < len(self.orders) - n:
            oid = self.orders[ship]
            row = douyin_row(oid, oid + "1", sku=SKUS[ship % 3], status="已发货",
                             paid=_fmt(self.now - timedelta(hours=30)), promise=_fmt(self.now + timedelta(hours=5)))
            row[DOUYIN_HEAD.index("发货时间")] = _fmt(self.now - timedelta(minutes=1))
            rows.append(row)
        path = write_xlsx(self.tmp / f"orders-{len(self.orders)}.xlsx", [DOUYIN_HEAD] + rows)
        self.twins.both(lambda svc: svc.import_files([path], now=self.now))
        self.tick()

    @rule(sku=st.sampled_from(SKUS), count=st.integers(0, 8))
    def count_stock(self, sku, count):
        sheet = stock_file(self.tmp / f"count-{sku}-{count}.xlsx", [[sku, "睡衣", "M", count, 2, 7, 30]])
        self.twins.both(lambda svc: svc.import_files([sheet], now=self.now))
        self.tick()

    @rule(k=st.integers(0, 30))
    def ship_in_app(self, k):
        if not self.orders:
            return
        oid = self.orders[k % len(self.orders)]

        def ship(svc):
            with svc.store.session() as s:
                pk = s.scalar(select(Order.id).where(Order.order_id == oid))
            svc.mark_shipped([pk], self.now)
        self.twins.both(ship)
        self.tick()

    @rule(minutes=st.sampled_from([5, 5, 30, 240, 1000, 1440, 4400]))
    def time_passes(self, minutes):
        self.now += timedelta(minutes=minutes)
        self.tick()

    @rule(hours=st.sampled_from([12, 24, 36]))
    def warning_hours(self, hours):
        self.twins.both(lambda svc: svc.set_setting("risk.warning_hours", hours))
        self.tick()

    @rule(k=st.integers(0, 30))
    def contact_buyer(self, k):
        """The queue refreshed, and one buyer told (the follow-up then comes due in 12 hours)."""
        def contact(svc):
            svc.contacts(self.now)
            with svc.store.session() as s:
                todo = s.scalars(select(ContactTask.id).where(ContactTask.status == "todo")
                                 .order_by(ContactTask.id)).all()
            if todo:
                svc.contact.transition(todo[k % len(todo)], "sent", self.now)
        self.twins.both(contact)
        self.tick()


def test_incremental_equals_full_after_every_step(dialect, now):
    if dialect == "postgresql":
        from tests import pgserver

        if not pgserver.admin_url():
            pytest.skip(pgserver.NO_SERVER)
    Shop.dialect, Shop.start = dialect, now
    run_state_machine_as_test(Shop, settings=settings(
        max_examples=12 if dialect == "sqlite" else 6, stateful_step_count=12, deadline=None,
        suppress_health_check=list(HealthCheck)))


def test_a_quiet_tick_reads_the_journal_and_nothing_else(svc, now, tmp_path):
    """Nothing changed and no instant passed: the tick re-evaluates no order and moves only its mark."""
    from tests.factories import douyin_file

    svc.import_files([douyin_file(tmp_path / "o.xlsx")], now=now)
    first = svc.check_round(now)
    assert first.delta is None  # the first evaluation is a full one
    again = svc.check_round(now + timedelta(minutes=5))
    assert again.delta is not None and again.delta.plan.quiet and again.raised == []
    with svc.store.session() as s:
        assert s.scalar(select(EvalMark.evaluated_at)) == (now + timedelta(minutes=5)).timestamp()


def test_each_write_journals_what_it_touched_in_its_own_transaction(svc, now, tmp_path):
    from tests.factories import douyin_file

    svc.import_files([douyin_file(tmp_path / "o.xlsx")], now=now)
    with svc.store.session() as s:
        entries = s.execute(select(Change.kind, Change.ref)).all()
        pks = set(s.scalars(select(Order.id)))
    assert {ref for kind, ref in entries if kind == "order"} == pks
    svc.set_setting("risk.warning_hours", 12)  # an evaluated setting: everything again
    svc.set_setting("language", "en")  # not evaluated: nothing
    with svc.store.session() as s:
        kinds = [k for (k,) in s.execute(select(Change.kind).order_by(Change.id))]
    assert kinds[-1] == "all" and kinds.count("all") == 1
    svc.check_round(now)
    assert svc.check_round(now).delta is not None  # the full one consumed the "all"


def test_a_rule_change_or_a_clock_going_back_means_a_full_evaluation(svc, now, tmp_path):
    from tests.factories import douyin_file

    svc.import_files([douyin_file(tmp_path / "o.xlsx")], now=now)
    svc.check_round(now)
    assert svc.check_round(now + timedelta(minutes=5)).delta is not None
    assert svc.check_round(now).delta is None  # earlier than the last: judged afresh
    other = Services(svc.store, tz="Asia/Tokyo")  # run under other evaluated settings: a new fingerprint
    assert other.check_round(now + timedelta(minutes=10)).delta is None
    assert other.check_round(now + timedelta(minutes=15)).delta is not None


def test_the_tabs_patched_from_a_round_equal_a_whole_snapshot(svc, now, tmp_path):
    """An incremental round's delta merged into the snapshot shown gives the rows a whole snapshot
    gives: new orders in, shipped ones out, levels moved, their contact tasks made."""
    from tests.factories import douyin_file

    def rows(path, n, first, hours):
        return douyin_file(path, [douyin_row(str(first + 2 * k), str(first + 2 * k + 1), paid=_fmt(now - timedelta(hours=3)),
                                             promise=_fmt(now + timedelta(hours=hours + k))) for k in range(n)])

    svc.import_files([rows(tmp_path / "a.xlsx", 6, 6_900_000_000_000_000_001, 2)], now=now)
    svc.check_round(now, full=True)
    shown = svc.snapshot(now)
    later = now + timedelta(hours=3)  # the first orders went overdue meanwhile
    svc.import_files([rows(tmp_path / "b.xlsx", 3, 6_900_000_000_000_001_001, 20)], now=later)
    with svc.store.session() as s:
        first = s.scalar(select(Order.id).order_by(Order.id))
    svc.mark_shipped([first], later)
    done = svc.check_round(later)
    assert done.delta is not None and done.delta.closed == {first}
    merged = svc.merge_snapshot(shown, svc.snapshot_delta(later, done.delta))
    whole = svc.snapshot(later)
    assert [(r.order_pk, r.level, r.stock_short) for r in merged["risk"]] == \
        [(r.order_pk, r.level, r.stock_short) for r in whole["risk"]]
    assert merged["info"].keys() == whole["info"].keys()
    assert [(v.task_id, v.status, v.reason, v.message) for v in merged["tasks"]] == \
        [(v.task_id, v.status, v.reason, v.message) for v in whole["tasks"]]
    assert [(k.sku, k.status, k.available) for k in merged["stock"]] == [(k.sku, k.status, k.available) for k in whole["stock"]]
    assert repr(merged["prepare"]) == repr(whole["prepare"])
    # shop health from the orders' stored deadlines counts what a whole evaluation counts
    def health(snap):
        return [(m.d.platform, m.d.metric, m.level, m.projected_level, m.overdue, m.at_risk, sorted(m.pushing))
                for m in snap["health"]]
    assert health(merged) == health(whole) and any(m[4] or m[5] for m in health(whole))


def test_a_late_band_ending_moves_the_penalty_at_the_next_tick(svc, now, tmp_path):
    """Douyin: at most 48 h late costs nothing per order, beyond it the 缺货 charge. The order is
    due again once its band ends, with no new data: the tab then shows the charge a full
    evaluation shows, before any level or escalation instant comes."""
    from tests.factories import douyin_file

    path = douyin_file(tmp_path / "late.xlsx", [douyin_row("6900000000000000001", "6900000000000000002",
                                                            paid=_fmt(now - timedelta(hours=70)),
                                                            promise=_fmt(now - timedelta(hours=47)))])
    svc.import_files([path], now=now)
    svc.check_round(now, full=True)
    shown = svc.snapshot(now)
    assert [r.penalty_total_fen for r in shown["risk"]] == [0]  # within its first 48 h late
    later = now + timedelta(hours=2)
    done = svc.check_round(later)
    assert done.delta is not None and {r.order_pk for r in done.delta.risks} == {shown["risk"][0].order_pk}
    merged = svc.merge_snapshot(shown, svc.snapshot_delta(later, done.delta))
    assert rows(merged["risk"]) == rows(svc.risk(later)) and merged["risk"][0].penalty_total_fen > 0


def test_another_pcs_write_is_heard_at_once_on_a_server(svc, now, tmp_path, dialect):
    """PostgreSQL: a journaled write NOTIFYs at commit; a listening PC is woken (no wait for the tick)."""
    if dialect != "postgresql":
        pytest.skip("NOTIFY is PostgreSQL's")
    import threading

    from app.evaluation.listen import ChangeListener
    from tests.factories import douyin_file

    heard = threading.Event()
    listener = ChangeListener(svc.store.engine.url.render_as_string(hide_password=False), heard.set,
                              quiet_seconds=0).start()
    try:
        import time

        time.sleep(1.5)  # LISTEN is in place
        other = Services.open(tmp_path / "other", url=svc.store.engine.url.render_as_string(hide_password=False))
        other.import_files([douyin_file(tmp_path / "o.xlsx")], now=now)
        assert heard.wait(10)
        other.store.dispose()
    finally:
        listener.stop()


def test_a_new_order_of_a_capped_buyer_moves_the_share_of_the_others(svc, store, now):
    """Taobao caps one buyer's deductions per day at ¥100, the earliest deadlines taking theirs
    first: a new order of that buyer, due earlier, leaves less to the others the tab shows."""
    from datetime import datetime

    from app.evaluation import journal

    day = datetime(2026, 11, 14, 9, 0, tzinfo=now.tzinfo)  # due 11-16 (48 h): > 72 h late at 11-20 18:00

    def order(oid, paid):
        with store.session() as s:  # as an import writes it: the order and its journal entry
            o = Order(platform="taobao", order_id=oid, status="unshipped", paid_at=paid, amount_paid_fen=60000,
                      buyer="tb_buyer")
            s.add(o)
            s.flush()
            journal.record(s, "order", [o.id], now)

    # ¥600: late 1 % = 6 + 缺货 10 % = 60 → 66 each, the buyer's day capped at 100
    order("a", day + timedelta(hours=1))
    order("b", day + timedelta(hours=2))
    svc.check_round(now, full=True)
    shown = svc.snapshot(now)
    assert sorted(r.penalty_total_fen for r in shown["risk"]) == [3400, 6600]
    order("first", day)  # the same buyer's earliest deadline now: 66 to it, 34 to a, nothing to b
    later = now + timedelta(minutes=5)
    done = svc.check_round(later)
    assert done.delta is not None
    merged = svc.merge_snapshot(shown, svc.snapshot_delta(later, done.delta))
    assert rows(merged["risk"]) == rows(svc.risk(later))
    assert sorted(r.penalty_total_fen for r in merged["risk"]) == [0, 3400, 6600]

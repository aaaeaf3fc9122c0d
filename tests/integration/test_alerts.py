"""Alerts on change of state, notifications, quiet hours, digest, pause, snooze; the scheduler on a fake clock."""

from __future__ import annotations

import errno
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.alerts import service as alerts
from app.alerts import staff as per_person
from app.scheduler import Checker
from app.store.models import Alert, Order, OrderLine, Sku, StockMovement


def add_order(store, now, oid, hours_left, sku_id=None, qty=1, paid_fen=5990, **kw):
    with store.session() as s:
        o = Order(platform=kw.pop("platform", "douyin"), order_id=oid, status=kw.pop("status", "unshipped"), recipient="王芳",
                  phone_masked="138****1234", paid_at=now - timedelta(hours=20),
                  promised_ship_at=now + timedelta(hours=hours_left), amount_paid_fen=paid_fen, **kw)
        if sku_id is not None:
            o.lines.append(OrderLine(line_id=oid, sku_id=sku_id, product="睡衣", spec="粉色", quantity=qty))
        s.add(o)


def add_sku(store, now, code="SS01", on_hand=5, safety=3) -> int:
    with store.session() as s:
        sku = Sku(code=code, name="睡衣", spec="粉色 M", safety_stock=safety)
        s.add(sku)
        s.flush()
        s.add(StockMovement(sku_id=sku.id, kind="sheet", delta=on_hand, at=now - timedelta(days=1)))
        return sku.id


def keys(raised, kind=None):
    return {a.key: a.state for a in raised if kind is None or a.kind == kind}


def test_stock_levels_rise_low_out_oversold_and_a_fall_is_silent(svc, store, now):
    sku = add_sku(store, now)
    assert keys(svc.alerts(now), "stock") == {}
    add_order(store, now, "o1", 100, sku, qty=3)  # 5 - 3 = 2 ≤ safety 3 → low
    assert keys(svc.alerts(now), "stock") == {"sku:SS01": "low"}
    assert svc.alerts(now + timedelta(minutes=5)) == []
    add_order(store, now, "o2", 100, sku, qty=2)  # 0 → out
    assert keys(svc.alerts(now), "stock") == {"sku:SS01": "out"}
    add_order(store, now, "o3", 100, sku, qty=1)  # -1 → oversold
    assert keys(svc.alerts(now), "stock") == {"sku:SS01": "oversold"}
    with store.session() as s:  # stock arrives: back to low is a fall, nothing is raised
        s.add(StockMovement(sku_id=sku, kind="sheet", delta=3, at=now))
    assert svc.alerts(now) == []
    with store.session() as s:
        a = s.scalar(select(Alert).where(Alert.key == "sku:SS01"))
        assert (a.state, a.severity, a.resolved_at) == ("low", 1, None)
        s.add(StockMovement(sku_id=sku, kind="sheet", delta=20, at=now))
    svc.alerts(now)
    with store.session() as s:
        assert s.scalar(select(Alert.resolved_at).where(Alert.key == "sku:SS01")) is not None
    with store.session() as s:  # sold out again later: a cleared condition raises anew
        s.add(StockMovement(sku_id=sku, kind="sheet", delta=-22, at=now))
    assert keys(svc.alerts(now), "stock") == {"sku:SS01": "out"}


def test_late_levels_rise_and_rising_clears_acknowledgement(svc, store, now):
    add_order(store, now, "A", 20)  # warning
    first = svc.alerts(now)
    assert keys(first) == {"order:douyin:A": "warning"}
    svc.acknowledge_alerts([first[0].id], now)
    assert svc.open_alerts(now)[1] == 0
    assert keys(svc.alerts(now + timedelta(hours=15))) == {"order:douyin:A": "critical"}
    assert svc.open_alerts(now)[1] == 1  # a rising level wants attention again
    assert keys(svc.alerts(now + timedelta(hours=21))) == {"order:douyin:A": "overdue"}
    assert svc.alerts(now + timedelta(hours=22)) == []


def test_pickup_due_then_late_after_24h_without_scan_and_resolved_by_the_scan(svc, store, now):
    add_order(store, now, "P", -30, status="shipped", shipped_at=now - timedelta(hours=19), tracking="SF1")
    add_order(store, now, "Old", -90, status="shipped", shipped_at=now - timedelta(days=5), tracking="SF2")
    assert keys(svc.alerts(now), "pickup") == {}
    due = svc.alerts(now + timedelta(hours=2))
    assert keys(due, "pickup") == {"pickup:douyin:P": "due"}
    raised = svc.alerts(now + timedelta(hours=6))
    assert keys(raised, "pickup") == {"pickup:douyin:P": "late"}  # the 24 h mark passed
    assert raised[0].target == ("risk", "order:douyin:P") and "抖店" in raised[0].body
    assert raised[0].severity == 3
    with store.session() as s:
        pk = s.scalar(select(Order.id).where(Order.order_id == "P"))
    svc.mark_picked_up([pk], now + timedelta(hours=7))
    svc.alerts(now + timedelta(hours=7))
    with store.session() as s:
        assert s.scalar(select(Alert.resolved_at).where(Alert.key == "pickup:douyin:P")) is not None


def test_many_alerts_make_one_summary_with_money(svc, store, now):
    base = now.replace(hour=10)
    for i in range(12):
        add_order(store, base, f"L{i}", 3 if i < 9 else -1)  # 9 critical, 3 overdue
    raised, current = svc.evaluate_alerts(base)
    assert len(raised) == 12
    notes = alerts.notifications_due(svc, base, current)
    # 09:00 has passed on a fresh install: today's digest goes out and covers the twelve
    assert len(notes) == 1 and notes[0].title == "店哨每日摘要"
    later = base + timedelta(minutes=5)
    for i in range(3):
        add_order(store, later, f"M{i}", 2, platform="taobao")  # Taobao: ¥3 each at stake
    raised, current = svc.evaluate_alerts(later)
    notes = alerts.notifications_due(svc, later, current)
    assert len(notes) == 1
    n = notes[0]
    stake = sum(alerts.stake(current[f"order:taobao:M{i}"]) for i in range(3))
    assert n.title == "3个订单有超时风险" and len(n.title) <= 20
    assert n.body == "3个订单将在6小时内超时，预计扣款 ¥9" and stake == 9
    assert n.tab == "risk" and n.key.startswith("order:taobao:M") and len(n.alert_ids) == 3
    assert alerts.notifications_due(svc, later, current) == []  # notified once


def mixed_views():
    """12 orders due within 6 h (¥7.20 each), one oversold SKU, one parcel not picked up: (views, money)."""
    from decimal import Decimal

    views = [alerts.AlertView(i, "late_shipment", f"order:douyin:{i}", "critical", 2, "t", "b", datetime.now(UTC))
             for i in range(12)]
    views += [alerts.AlertView(20, "stock", "sku:A", "oversold", 3, "t", "b", datetime.now(UTC)),
              alerts.AlertView(21, "pickup", "pickup:douyin:9", "late", 2, "t", "b", datetime.now(UTC))]
    return views, {f"order:douyin:{i}": Decimal("7.20") for i in range(12)}


def test_summary_text_for_mixed_kinds(svc):
    views, money = mixed_views()
    n = alerts.compose(views, svc.settings, money)
    assert n.title == "12个订单有超时风险"
    assert n.body == "12个订单将在6小时内超时，预计扣款 ¥86.40\n另有1个SKU库存告急（1个已超卖）、1个包裹未揽收"
    assert n.critical and n.alert_ids[-1] == 21 and n.key.startswith("order:douyin:")
    one = alerts.compose(views[-2:-1], svc.settings, {})
    assert (one.tab, one.key) == ("inventory", "A")


def test_quiet_hours_hold_for_the_digest_then_daily_digest_once(svc, store, now):
    svc.set_setting("alerts.last_digest", "2026-11-20")  # today's digest already went out
    night = now.replace(hour=23, minute=30)
    add_order(store, now, "N", 2)  # deadline 20:00: overdue by night
    raised, current = svc.evaluate_alerts(night)
    assert raised and alerts.notifications_due(svc, night, current) == []
    early = now.replace(hour=8, minute=30) + timedelta(days=1)
    raised, current = svc.evaluate_alerts(early)
    assert alerts.notifications_due(svc, early, current) == []  # held for the 09:00 digest
    nine = now.replace(hour=9, minute=2) + timedelta(days=1)
    notes = alerts.notifications_due(svc, nine, svc.evaluate_alerts(nine)[1])
    assert len(notes) == 1 and notes[0].title == "店哨每日摘要"
    assert "1个订单有风险，预计扣款 ¥" in notes[0].body and "夜间新增1条提醒" in notes[0].body
    assert notes[0].body.count("\n") <= 1
    with store.session() as s:  # each person's own date: one digest a day per person
        assert per_person.last_digest(s, svc.person, svc.settings) == "2026-11-21"
    assert alerts.notifications_due(svc, nine + timedelta(minutes=5), {}) == []  # once a day
    with store.session() as s:
        assert s.scalar(select(Alert.notified_at).where(Alert.key == "order:douyin:N")) is not None


def test_quiet_hours_setting_window_and_switch_off(svc, now):
    s = dict(svc.settings)
    assert alerts.in_quiet_hours(now.replace(hour=23, minute=30), s, svc.tz)
    assert alerts.in_quiet_hours(now.replace(hour=7, minute=59), s, svc.tz)
    assert not alerts.in_quiet_hours(now.replace(hour=8), s, svc.tz)
    s.update({"alerts.quiet_start": "12:00", "alerts.quiet_end": "14:00"})
    assert alerts.in_quiet_hours(now.replace(hour=13), s, svc.tz)
    assert not alerts.in_quiet_hours(now.replace(hour=23), s, svc.tz)
    s.update({"alerts.quiet_start": "00:00", "alerts.quiet_end": "00:00"})
    assert not alerts.in_quiet_hours(now.replace(hour=3), s, svc.tz)


def test_pause_and_snooze_delay_a_notification_without_losing_it(svc, store, now):
    svc.set_setting("alerts.last_digest", "2026-11-20")
    add_order(store, now, "S", 3)
    svc.pause_alerts(now + timedelta(hours=1))
    raised, current = svc.evaluate_alerts(now)
    assert alerts.notifications_due(svc, now, current) == []
    back = now + timedelta(hours=1, minutes=1)
    notes = alerts.notifications_due(svc, back, current)
    assert [n.key for n in notes] == ["order:douyin:S"]
    svc.snooze_alerts([raised[0].id], back + timedelta(hours=1))
    rows, count, total = svc.open_alerts(back)
    assert (count, total) == (0, 1) and rows[0].snoozed_until is not None  # listed, not counted
    assert alerts.notifications_due(svc, back + timedelta(minutes=30), current) == []
    again = alerts.notifications_due(svc, back + timedelta(hours=1), current)
    assert [n.key for n in again] == ["order:douyin:S"]
    assert svc.open_alerts(back + timedelta(hours=1))[1] == 1


# -- scheduler on a fake clock, through APScheduler's own job processing --------------------------
class FakeClock:
    def __init__(self, t):
        self.t = t

    def __call__(self):
        return self.t


@pytest.fixture
def fake_sched(monkeypatch):
    """APScheduler with its clock replaced and jobs run inline when the test processes them."""
    import apscheduler.executors.base as ex_base
    import apscheduler.schedulers.base as sched_base
    import apscheduler.triggers.date as date_trigger
    import apscheduler.triggers.interval as interval_trigger
    from apscheduler.schedulers.base import BaseScheduler

    clock = FakeClock(datetime(2026, 11, 20, 10, 0, tzinfo=UTC))

    class FakeDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            return clock.t.astimezone(tz) if tz else clock.t.replace(tzinfo=None)

    for module in (sched_base, ex_base, date_trigger, interval_trigger):
        monkeypatch.setattr(module, "datetime", FakeDatetime)

    class ManualScheduler(BaseScheduler):
        def wakeup(self):
            pass

        def shutdown(self, wait=True):
            super().shutdown(wait)

    sched = ManualScheduler(timezone="UTC", executors={"default": {"type": "debug"}})
    return clock, sched


def test_scheduler_runs_every_interval_once_and_once_on_wake(svc, store, fake_sched):
    clock, sched = fake_sched
    results = []
    ch = Checker(lambda: svc, results.append, interval_minutes=5, clock=clock, scheduler=sched)
    ch.start()
    job = sched.get_job("check")
    assert (job.coalesce, job.max_instances) == (True, 1) and job.misfire_grace_time >= 300
    ch.run_now("start")
    sched._process_jobs()
    assert [r.reason for r in results] == ["start"]
    for _ in range(15):  # 15 minutes of 1-minute wake-ups: three evaluations
        clock.t += timedelta(minutes=1)
        sched._process_jobs()
    assert [r.reason for r in results] == ["start", "interval", "interval", "interval"]
    results.clear()
    clock.t += timedelta(hours=9, seconds=7)  # the laptop slept through ~108 runs
    sched._process_jobs()
    assert len(results) == 1 and results[0].woke_from_sleep and results[0].reason == "wake"
    for _ in range(8):  # the next 4 minutes: the wake run stands, nothing piles up
        clock.t += timedelta(seconds=30)
        sched._process_jobs()
    assert len(results) == 1
    clock.t += timedelta(minutes=2)
    sched._process_jobs()
    assert len(results) == 2 and not results[1].woke_from_sleep
    ch.shutdown()
    assert not sched.running
    ch.run_now("manual")  # after shutdown: nothing runs, nothing is delivered
    assert len(results) == 2


def test_watch_alone_catches_a_wake(svc, store):
    clock = FakeClock(datetime(2026, 11, 20, 10, 0, tzinfo=UTC))
    results = []
    ch = Checker(lambda: svc, results.append, interval_minutes=5, clock=clock)
    ch.tick("start")
    clock.t += timedelta(minutes=4)
    ch.watch()
    assert len(results) == 1  # not asleep, nothing to do
    clock.t += timedelta(hours=3)
    ch.watch()
    ch.watch()
    assert len(results) == 2 and results[1].reason == "wake"


def test_import_during_a_running_check_gets_its_own_evaluation(svc, store):
    clock = FakeClock(datetime(2026, 11, 20, 10, 0, tzinfo=UTC))
    results = []

    def deliver(r):
        results.append(r)
        if len(results) == 1:  # an import finishes while the first evaluation is still running
            assert ch.tick("import") is None
            assert ch.tick("interval") is None

    ch = Checker(lambda: svc, deliver, interval_minutes=5, clock=clock)
    ch.tick("start")
    assert [r.reason for r in results] == ["start", "import"]


def test_interval_setting_is_picked_up_and_a_failed_check_is_reported(svc, store, fake_sched):
    clock, sched = fake_sched
    results = []
    ch = Checker(lambda: svc, results.append, interval_minutes=5, clock=clock, scheduler=sched)
    ch.start()
    svc.set_setting("scheduler.interval_minutes", 15)
    ch.run_now()
    sched._process_jobs()
    assert ch.interval == timedelta(minutes=15)
    assert sched.get_job("check").trigger.interval == timedelta(minutes=15)

    def broken():
        raise OSError(errno.ENOSPC, "No space left on device")

    ch.svc_factory = broken
    clock.t += timedelta(minutes=15)
    sched._process_jobs()
    # reported in the seller's words (app/failures.py), never the exception's own text
    assert results[-1].error == "磁盘已满：请腾出空间后再试" and isinstance(results[-1].failure, OSError)
    ch.shutdown()


def test_resolved_alerts_are_kept_a_month_then_deleted(svc, store, now):
    add_order(store, now, "H", 3)
    svc.alerts(now)
    with store.session() as s:
        s.execute(Order.__table__.update().values(status="shipped"))
    svc.alerts(now + timedelta(hours=1))  # resolved
    svc.alerts(now + timedelta(days=29))
    with store.session() as s:
        assert s.scalar(select(Alert.resolved_at).where(Alert.key == "order:douyin:H")) is not None
    svc.alerts(now + timedelta(days=31))
    with store.session() as s:
        assert s.scalar(select(Alert.id).where(Alert.key == "order:douyin:H")) is None


def test_a_pause_over_the_digest_time_delays_the_digest(svc, store, now):
    svc.set_setting("alerts.last_digest", "2026-11-20")
    morning = now.replace(hour=8, minute=50) + timedelta(days=1)
    svc.pause_alerts(morning + timedelta(hours=1))
    assert alerts.notifications_due(svc, morning + timedelta(minutes=15), {}) == []
    notes = alerts.notifications_due(svc, morning + timedelta(hours=1, minutes=1), {})
    assert [n.title for n in notes] == ["店哨每日摘要"]


def test_watch_applies_a_new_interval_without_waiting_for_the_old_one(svc, store, fake_sched):
    clock, sched = fake_sched
    ch = Checker(lambda: svc, lambda r: None, interval_minutes=60, clock=clock, scheduler=sched)
    ch.start()
    svc.set_setting("scheduler.interval_minutes", 5)
    clock.t += timedelta(seconds=30)
    sched._process_jobs()
    assert sched.get_job("check").trigger.interval == timedelta(minutes=5)
    ch.shutdown()

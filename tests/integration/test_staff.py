"""Several staff on one shop (#15): a staff name per PC, tasks claimed and filtered "mine", each
event naming who did it, the second of two editors told instead of overwriting, alerts
acknowledged and notified per person. Runs on SQLite and PostgreSQL (tests/conftest.py)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.contact.staff import TaskChanged
from app.services import Services
from app.store.models import ContactEvent
from app.store.session import Store
from tests.integration.test_contact import shop


@pytest.fixture
def two(svc, tmp_path):
    """Two PCs on one shop: 小王 (svc) and 小李 (her own data dir, the same database: the server, or
    on SQLite the same file, as the GUI and a command line share it)."""
    svc.set_staff_name("小王")
    other_dir = tmp_path / "pc2"
    other_dir.mkdir()
    other = Services(Store(other_dir, svc.store.url))
    other.set_staff_name("小李")
    yield svc, other
    other.store.dispose()


def test_the_staff_name_is_this_computers_own(svc, data_dir):
    assert svc.staff is None
    svc.set_staff_name("  小王 ")
    assert svc.staff == "小王" and Services.open(data_dir).staff == "小王"


def test_a_claimed_task_is_mine_and_its_history_names_who(two, now):
    wang, li = two
    shop(wang.store, now)
    tasks = wang.contacts(now)
    task = tasks[0]
    wang.contact.claim(task.task_id, now)
    mine = wang.contact.list(now, mine=True)
    assert [v.task_id for v in mine] == [task.task_id] and mine[0].assignee == "小王"
    assert li.contact.list(now, mine=True) == []
    with pytest.raises(TaskChanged, match="小王"):
        li.contact.claim(task.task_id, now)
    wang.contact.transition(task.task_id, "sent", now + timedelta(minutes=1))
    view = next(v for v in li.contact.list(now) if v.task_id == task.task_id)
    assert [(e.kind, e.actor) for e in view.events] == [("created", None), ("claimed", "小王"), ("status", "小王")]


def test_the_second_editor_is_told_who_changed_it_and_sees_it_fresh(two, now):
    wang, li = two
    shop(wang.store, now)
    task = wang.contacts(now)[0]
    seen = task.version  # both screens show this version
    wang.contact.transition(task.task_id, "sent", now, version=seen)
    with pytest.raises(TaskChanged, match="小王") as err:
        li.contact.transition(task.task_id, "sent", now, version=seen)
    assert err.value.fresh["status"] == "sent" and err.value.fresh["version"] > seen
    with pytest.raises(TaskChanged):  # an older screen's text is not saved over the newer state either
        li.contact.save_message(task.task_id, "您好", now, version=seen)
    with wang.store.session() as s:
        sent = s.scalars(select(ContactEvent).where(ContactEvent.task_id == task.task_id,
                                                    ContactEvent.to_status == "sent")).all()
    assert len(sent) == 1  # the buyer gets one message


def test_an_alert_acknowledged_on_one_pc_stays_open_for_the_other(two, now):
    wang, li = two
    shop(wang.store, now)
    raised, notes_wang, _ = wang.check(now)
    assert raised and notes_wang
    _, notes_li, _ = li.check(now + timedelta(minutes=5))
    assert notes_li  # notified once per person: 小李 hears of it too
    assert not wang.check(now + timedelta(minutes=10))[1]  # but 小王 not a second time
    first = raised[0].id
    wang.acknowledge_alerts([first], now)
    assert first not in [a.id for a in wang.open_alerts(now)[0]]
    assert first in [a.id for a in li.open_alerts(now)[0]]


def test_one_pc_is_the_evaluator_that_sends_the_group_messages(two):
    wang, li = two
    assert wang.store.holds("evaluator")
    if wang.store.is_sqlite:
        assert li.store.holds("evaluator")  # one shop per PC: nobody to share it with
        return
    assert not li.store.holds("evaluator")  # the other PCs leave the channels to it
    wang.store.dispose()  # that PC closes: its connection and its lock go
    # the server drops a closed connection's lock when its backend ends, a moment after the close
    # (the app asks again at its next tick): ask until it has, for a few seconds at most
    import time

    for _ in range(100):
        if li.store.holds("evaluator"):
            break
        time.sleep(0.05)
    assert li.store.holds("evaluator")


def test_a_setting_changed_on_another_pc_holds_here_from_the_next_tick(two, now):
    wang, li = two
    if wang.store.is_sqlite:
        pytest.skip("one PC per SQLite shop")
    li.set_setting("risk.critical_hours", 9)
    wang.check(now)
    assert wang.settings["risk.critical_hours"] == 9


# -- nobody has typed a name: each install is still its own person -------------------------------
@pytest.fixture
def unnamed(svc, tmp_path):
    """Two PCs on one shop, neither with a staff name (the start-up question skipped)."""
    other_dir = tmp_path / "pc2"
    other_dir.mkdir()
    other = Services(Store(other_dir, svc.store.url))
    assert svc.staff is None and other.staff is None and svc.person != other.person
    yield svc, other
    other.store.dispose()


def test_without_names_each_pc_is_notified_once_and_acknowledges_for_itself(unnamed, now):
    one, two = unnamed
    shop(one.store, now)
    raised, notes_one, _ = one.check(now)
    _, notes_two, _ = two.check(now + timedelta(minutes=5))
    assert notes_one and notes_two  # each PC shows it once
    assert not one.check(now + timedelta(minutes=10))[1] and not two.check(now + timedelta(minutes=10))[1]
    first = raised[0].id
    one.acknowledge_alerts([first], now + timedelta(minutes=11))
    assert first not in [a.id for a in one.open_alerts(now)[0]]
    assert first in [a.id for a in two.open_alerts(now)[0]]


def test_without_names_a_stale_screen_is_refused_and_the_history_names_nobody(unnamed, now):
    one, two = unnamed
    shop(one.store, now)
    task = one.contacts(now)[0]
    seen = task.version
    one.contact.save_message(task.task_id, "first", now, version=seen)
    with pytest.raises(TaskChanged, match="另一台电脑上有人") as err:
        two.contact.save_message(task.task_id, "second overwrites", now, version=seen)
    assert err.value.fresh["version"] > seen
    one.contact.save_message(task.task_id, "mine again", now, version=err.value.fresh["version"])  # not refused
    view = next(v for v in two.contact.list(now) if v.task_id == task.task_id)
    assert {e.actor for e in view.events} == {None}  # an install id is nobody's name


def test_the_identity_is_kept_and_a_name_set_later_keeps_what_it_acknowledged(unnamed, now, data_dir):
    one, two = unnamed
    assert Services.open(data_dir).person == one.person  # made once, kept in local.json
    shop(one.store, now)
    raised, _, _ = one.check(now)
    one.acknowledge_alerts([raised[0].id], now)
    one.set_staff_name("小王")
    assert one.person == "小王"
    assert raised[0].id not in [a.id for a in one.open_alerts(now)[0]]
    assert not one.check(now + timedelta(minutes=5))[1]  # told before the name: not told again


# -- snooze and digest per person ----------------------------------------------------------------
def test_a_snooze_is_one_persons_and_notifies_them_again(two, now):
    wang, li = two
    shop(wang.store, now)
    raised, _, _ = wang.check(now)
    li.check(now)
    first = raised[0].id
    wang.snooze_alerts([first], now + timedelta(minutes=30))
    alerts, waiting, total = li.open_alerts(now + timedelta(minutes=1))
    assert waiting == total  # snoozed on 小王's PC only
    assert next(a for a in alerts if a.id == first).snoozed_until is None
    alerts, waiting, total = wang.open_alerts(now + timedelta(minutes=1))
    assert waiting == total - 1 and alerts[-1].id == first and alerts[-1].snoozed_until == now + timedelta(minutes=30)
    assert not wang.check(now + timedelta(minutes=10))[1]  # quiet until the snooze ends
    notes = wang.check(now + timedelta(hours=1))[1]
    assert first in [i for n in notes for i in n.alert_ids]  # then told again
    assert not li.check(now + timedelta(hours=1))[1]  # 小李 was told once and did not snooze


def test_a_rise_is_news_for_every_person_again(two, now):
    wang, li = two
    shop(wang.store, now)
    wang.check(now)
    li.check(now)
    ids = [a.id for a in wang.open_alerts(now)[0]]
    wang.acknowledge_alerts(ids, now)
    later = now + timedelta(hours=4)  # the order due within 3 hours is overdue now
    raised, notes, _ = wang.check(later)
    assert raised and notes and raised[0].state == "overdue"
    assert raised[0].id in [a.id for a in wang.open_alerts(later)[0]]
    assert li.check(later + timedelta(minutes=1))[1]


def test_each_person_gets_one_daily_digest(two, now):
    wang, li = two
    shop(wang.store, now)
    morning = now.replace(hour=9, minute=5) + timedelta(days=1)
    for pc in (wang, li):
        notes = pc.check(morning)[1]
        assert [n.digest for n in notes] == [True]
        assert not any(n.digest for n in pc.check(morning + timedelta(minutes=5))[1])

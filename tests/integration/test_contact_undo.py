"""Undo of a task's last state change (app/contact/undo.py) and the selection actions of svc.contact."""

from datetime import timedelta

import pytest

from tests.integration.test_contact import by_id, shop


@pytest.fixture
def tasks(svc, store, now):
    shop(store, now)
    return by_id(svc.contacts(now))


def test_undo_takes_back_the_last_change_and_is_an_event(svc, tasks, now):
    tid = tasks["late"].task_id
    svc.contact.transition(tid, "sent", now)
    svc.contact.transition(tid, "replied", now + timedelta(minutes=1))
    assert svc.contact.undo(tid, now + timedelta(minutes=2)) == "sent"
    t = by_id(svc.contacts(now + timedelta(minutes=3)))["late"]
    assert t.status == "sent" and t.replied_at is None and t.sent_at == now
    assert t.events[-1].kind == "undo" and (t.events[-1].from_status, t.events[-1].to_status) == ("replied", "sent")
    assert svc.contact.undo(tid, now + timedelta(minutes=4)) == "todo"  # and the one before
    t = by_id(svc.contacts(now + timedelta(minutes=5)))["late"]
    assert t.status == "todo" and t.sent_at is None
    with pytest.raises(ValueError, match="没有可撤销"):
        svc.contact.undo(tid, now)


def test_undo_of_an_outcome_and_of_a_reopen(svc, tasks, now):
    tid = tasks["soon"].task_id
    svc.contact.transition(tid, "resolved", now, outcome="退款")
    svc.contact.undo(tid, now)
    t = by_id(svc.contacts(now))["soon"]
    assert t.status == "todo" and t.outcome is None and t.resolved_at is None
    svc.contact.transition(tid, "resolved", now, outcome="换款")
    svc.contact.transition(tid, "todo", now + timedelta(minutes=1))
    svc.contact.undo(tid, now + timedelta(minutes=2))
    t = by_id(svc.contacts(now + timedelta(minutes=2)))["soon"]
    assert t.status == "resolved" and t.outcome == "换款" and t.resolved_at == now


def test_mark_many_sent_skips_what_cannot_be_sent(svc, tasks, now):
    ids = [tasks[k].task_id for k in ("late", "later", "soon")]
    svc.contact.transition(ids[2], "sent", now)
    assert svc.contact.transition_many(ids, "sent", now) == ids[:2]
    assert {t.order_id: t.status for t in svc.contacts(now)}["later"] == "sent"


def test_numbered_text_for_pasting_one_by_one(svc):
    text = svc.contact.numbered_text([("a1", "王芳", "亲，您好"), ("b2", "李雷", "您好")])
    assert text == "1. 【订单 a1 · 王芳】\n亲，您好\n\n2. 【订单 b2 · 李雷】\n您好"

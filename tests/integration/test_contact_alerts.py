from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.alerts.service import compose, notifications_due, target_of
from app.contact import service as contact
from app.contact.templates import NAMES, TemplateError, render
from app.scheduler import Checker
from app.store.models import (
    Alert,
    ContactEvent,
    ContactTask,
    Order,
    OrderLine,
    Sku,
    SkuSubstitute,
    StockMovement,
)


def seed(store, now):
    with store.session() as s:
        a = Sku(code="A", name="睡衣", spec="粉色 M")
        b = Sku(code="B", name="睡衣", spec="粉色 L")
        s.add_all([a, b])
        s.flush()
        s.add(SkuSubstitute(sku_id=a.id, substitute_id=b.id))
        s.add(StockMovement(sku_id=b.id, kind="sheet", delta=5, at=now - timedelta(days=1)))
        for oid, hours, sku in (("late", -2, b.id), ("short", 30, a.id), ("fine", 40, b.id)):
            o = Order(platform="douyin", order_id=oid, status="unshipped", recipient="王芳",
                      phone_masked="138****1234", paid_at=now - timedelta(hours=20),
                      promised_ship_at=now + timedelta(hours=hours), amount_paid_fen=5990)
            o.lines.append(OrderLine(line_id=oid, sku_id=sku, product="睡衣", spec="粉色", quantity=1))
            s.add(o)


@pytest.mark.parametrize("name", NAMES)
def test_every_template_fills_every_placeholder(name):
    text = render(name, "taobao", {"buyer": "王芳", "product": "睡衣", "spec": "M", "order_id": "123",
                                   "reason": "缺货", "new_date": "11月22日", "compensation": "5元券",
                                   "substitute": "睡衣 L"})
    assert "{" not in text and "123" in text and text.startswith("亲，王芳您好")


def test_missing_value_is_an_error_not_a_placeholder():
    with pytest.raises(TemplateError):
        render("延迟发货致歉", "douyin", {"buyer": "x"})


def test_tasks_created_once_with_substitute_and_transitions(svc, store, now):
    seed(store, now)
    tasks = {t.order_id: t for t in svc.contacts(now)}
    assert set(tasks) == {"late", "short"}
    assert tasks["late"].template == "延迟发货致歉" and tasks["late"].reason == "overdue"
    assert tasks["short"].template == "缺货换款" and "睡衣 粉色 L" in tasks["short"].message
    svc.contacts(now + timedelta(hours=1))
    with store.session() as s:
        assert s.scalar(select(func.count(ContactTask.id))) == 2  # never duplicated
        tid = tasks["late"].task_id
        contact.transition(s, tid, "sent", now)
        with pytest.raises(ValueError):
            contact.transition(s, tid, "resolved", now)  # needs an outcome
        contact.transition(s, tid, "replied", now + timedelta(hours=1))
        contact.transition(s, tid, "resolved", now + timedelta(hours=2), outcome="同意等待")
    with store.session() as s:
        kinds = s.scalars(select(ContactEvent.to_status).where(ContactEvent.task_id == tid)
                          .order_by(ContactEvent.id)).all()
    assert kinds == ["todo", "sent", "replied", "resolved"]


def test_follow_up_and_escalation(svc, store, now):
    seed(store, now)
    t = {t.order_id: t for t in svc.contacts(now)}["late"]
    with store.session() as s:
        contact.transition(s, t.task_id, "sent", now)
    raised = svc.alerts(now + timedelta(hours=12, minutes=1))
    assert any(a.kind == "follow_up" for a in raised)
    later = svc.contacts(now + timedelta(hours=73))
    assert {x.order_id: x.escalated for x in later}["late"]


def test_follow_up_alert_names_the_order_and_escalation_raises_its_own_alert(svc, store, now):
    seed(store, now)
    t = {t.order_id: t for t in svc.contacts(now)}["late"]
    with store.session() as s:
        contact.transition(s, t.task_id, "sent", now)
    follow = {a.key: a for a in svc.alerts(now + timedelta(hours=12, minutes=1))}
    f = follow[f"followup:{t.task_id}"]
    assert f.kind == "follow_up" and f.state == "due" and f.severity == 2
    assert "订单 late" in f.body and "抖店" in f.body and "联系任务" not in f.body
    # "late" went overdue 2 h before now: 72 h later the task escalates, once, on its own key
    at = now + timedelta(hours=70, minutes=1)
    raised = {a.key: a for a in svc.alerts(at)}
    e = raised[f"escalate:{t.task_id}"]
    assert e.kind == "follow_up" and e.state == "escalate" and e.severity == 3
    assert "订单 late" in e.body and "退款或申请平台介入" in e.body
    assert f"followup:{t.task_id}" not in raised  # the follow-up was already raised: not again
    assert svc.alerts(at + timedelta(minutes=5)) == []
    assert target_of(e.key) == ("contact", t.task_id)
    n = compose([f, e], svc.settings, {})
    assert n.body == "1个联系任务需升级、1位买家未回复" and n.critical and n.tab == "contact"
    # shipped: nothing left to escalate, the alert resolves
    with store.session() as s:
        s.get(Order, t.order_pk).status = "shipped"
    svc.alerts(at + timedelta(minutes=10))
    with store.session() as s:
        alert = s.scalar(select(Alert).where(Alert.key == f"escalate:{t.task_id}"))
        assert alert.resolved_at is not None


def test_alerts_raise_once_rise_and_resolve(svc, store, now):
    seed(store, now)
    first = svc.alerts(now)
    keys = {a.key: a for a in first}
    assert "order:douyin:late" in keys and keys["order:douyin:late"].title == "订单已超时"
    assert svc.alerts(now) == []  # same state: nothing again
    rose = svc.alerts(now + timedelta(hours=25))  # "short" went warning → overdue
    assert "order:douyin:short" in {a.key for a in rose}
    with store.session() as s:
        s.execute(Order.__table__.update().where(Order.order_id == "late").values(status="shipped"))
    svc.alerts(now + timedelta(hours=26))
    with store.session() as s:
        from app.store.models import Alert

        assert s.scalar(select(Alert.resolved_at).where(Alert.key == "order:douyin:late")) is not None


def test_many_alerts_become_one_summary_and_quiet_hours_hold(svc, store, now):
    seed(store, now)
    svc.set_setting("alerts.last_digest", "2026-11-21")  # no digest in the way
    night = (now + timedelta(days=1)).replace(hour=0, minute=30)
    raised, current = svc.evaluate_alerts(night)
    assert len(raised) > 1 and notifications_due(svc, night, current) == []  # quiet hours hold
    morning = night.replace(hour=9, minute=30)
    notes = notifications_due(svc, morning, current)
    assert len(notes) == 1 and len(notes[0].title) <= 20 and notes[0].body.count("\n") <= 1


def test_scheduler_wake_after_sleep_runs_one_evaluation(svc, store, now):
    seed(store, now)
    clock = [now]
    results = []
    ch = Checker(lambda: svc, results.append, interval_minutes=5, clock=lambda: clock[0])
    ch.tick()
    clock[0] = now + timedelta(hours=8)  # the laptop slept
    ch.tick()
    assert len(results) == 2 and not results[0].woke_from_sleep and results[1].woke_from_sleep
    assert results[1].error is None

"""The contact queue: tasks, due times, templates and placeholders, substitutes and new dates,
states and history, follow-up and escalation, customer history, bulk copy, CLI and export."""

import json
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.cli import run
from app.contact import service as contact
from app.contact import templates as tpl
from app.store.models import (
    ContactEvent,
    ContactTask,
    Order,
    OrderLine,
    PurchaseOrder,
    Sku,
    SkuSubstitute,
    StockMovement,
)

FIELDS = {"buyer": "王芳", "product": "睡衣", "spec": "粉色 M", "order_id": "OID123", "reason": "REASON",
          "new_date": "11月22日", "compensation": "COMP", "substitute": "SUBST"}


def add_order(s, oid, now, hours, sku_id=None, platform="douyin", qty=1, **kw):
    o = Order(platform=platform, order_id=oid, status=kw.pop("status", "unshipped"),
              recipient=kw.pop("recipient", "王芳"), phone_masked=kw.pop("phone", "138****1234"),
              paid_at=kw.pop("paid_at", now - timedelta(hours=20)),
              promised_ship_at=now + timedelta(hours=hours), amount_paid_fen=5990, **kw)
    o.lines.append(OrderLine(line_id=oid, sku_id=sku_id, product="睡衣", spec="粉色 M", quantity=qty))
    s.add(o)
    s.flush()
    return o


def shop(store, now):
    """A: 2 on hand, 4 ordered (short); B: substitute of A with stock; C: plenty."""
    with store.session() as s:
        a = Sku(code="A", name="睡衣", spec="粉色 M", lead_time_days=5)
        b = Sku(code="B", name="睡衣", spec="粉色 L")
        c = Sku(code="C", name="杯子", spec="蓝色")
        s.add_all([a, b, c])
        s.flush()
        s.add(SkuSubstitute(sku_id=a.id, substitute_id=b.id))
        for sku, n in ((a, 2), (b, 5), (c, 50)):
            s.add(StockMovement(sku_id=sku.id, kind="sheet", delta=n, at=now - timedelta(days=1)))
        add_order(s, "late", now, -2, c.id)                        # overdue, in stock
        add_order(s, "later", now, -30, c.id, recipient="李雷")     # overdue longer
        add_order(s, "soon", now, 3, c.id, recipient="韩梅梅")       # critical (within 6 h)
        add_order(s, "fine", now, 40, c.id, recipient="张三")        # ok: no task
        add_order(s, "short1", now, 30, a.id, qty=2, recipient="赵六", paid_at=now - timedelta(hours=30))
        add_order(s, "short2", now, 30, a.id, qty=2, recipient="钱七", paid_at=now - timedelta(hours=10))
        return {"A": a.id, "B": b.id, "C": c.id}


def by_id(tasks):
    return {t.order_id: t for t in tasks}


# -- creation, de-duplication, due times --------------------------------------------------------

def test_a_task_for_each_order_that_needs_one_and_never_twice(svc, store, now):
    shop(store, now)
    tasks = by_id(svc.contacts(now))
    assert set(tasks) == {"late", "later", "soon", "short2"}  # short1 gets the stock (paid first)
    assert tasks["late"].reason == "overdue" and tasks["soon"].reason == "critical"
    assert tasks["short2"].reason == "stock_short"
    for _ in range(3):
        svc.contacts(now + timedelta(minutes=5))
    with store.session() as s:
        assert s.scalar(select(func.count(ContactTask.id))) == 4
        assert s.scalar(select(func.count(ContactEvent.id)).where(ContactEvent.kind == "created")) == 4


def test_due_is_the_ship_by_deadline_and_the_longest_waiting_comes_first(svc, store, now):
    shop(store, now)
    tasks = svc.contacts(now)
    t = by_id(tasks)
    assert t["late"].due == now - timedelta(hours=2) and t["later"].due == now - timedelta(hours=30)
    assert t["soon"].due == now + timedelta(hours=3) and t["soon"].due_kind == "contact"
    assert len({x.due for x in tasks}) == len(tasks)  # not the creation time for all
    assert [x.order_id for x in tasks][:3] == ["later", "late", "soon"]


def test_due_follows_a_new_deadline_from_a_newer_export(svc, store, now):
    shop(store, now)
    svc.contacts(now)
    with store.session() as s:
        o = s.scalar(select(Order).where(Order.order_id == "soon"))
        o.promised_ship_at = now + timedelta(hours=5)
    assert by_id(svc.contacts(now))["soon"].ship_by == now + timedelta(hours=5)


def test_next_action_time_depends_on_the_state(svc, store, now):
    shop(store, now)
    t = by_id(svc.contacts(now))
    svc.contact.transition(t["late"].task_id, "sent", now)
    svc.contact.transition(t["later"].task_id, "replied", now)
    t = by_id(svc.contact.list(now))
    assert t["late"].due == now + timedelta(hours=12) and t["late"].due_kind == "follow_up"
    assert t["later"].due == now - timedelta(hours=30) + timedelta(hours=72)
    assert t["later"].due_kind == "escalation"


def test_orders_added_by_hand_once_and_a_resolved_one_reopens(svc, store, now):
    shop(store, now)
    with store.session() as s:
        pk = s.scalar(select(Order.id).where(Order.order_id == "fine"))
    ids = svc.contact.add([pk], now)
    assert svc.contact.add([pk], now) == ids
    t = by_id(svc.contacts(now))["fine"]
    assert t.reason == "manual" and t.ship_by == now + timedelta(hours=40) and "{" not in t.message
    svc.contact.transition(t.task_id, "resolved", now, outcome="同意等待")
    svc.contact.add([pk], now + timedelta(hours=1))
    assert by_id(svc.contact.list(now))["fine"].status == "todo"


def test_a_never_contacted_task_closes_when_its_order_ships_a_sent_one_stays(svc, store, now):
    shop(store, now)
    t = by_id(svc.contacts(now))
    svc.contact.transition(t["later"].task_id, "sent", now)
    with store.session() as s:
        for o in s.scalars(select(Order).where(Order.order_id.in_(["late", "later"]))):
            o.status = "shipped"
    t = by_id(svc.contacts(now + timedelta(hours=1)))
    assert t["late"].status == "resolved" and t["late"].outcome is None
    assert t["late"].events[-1].kind == "closed"
    assert t["later"].status == "sent" and t["later"].order_status == "shipped"


# -- templates and placeholders ------------------------------------------------------------------

@pytest.mark.parametrize("name", tpl.NAMES)
@pytest.mark.parametrize("platform", tpl.PLATFORM_KEYS)
def test_every_template_renders_fully_for_every_platform(name, platform):
    text = tpl.render(name, platform, FIELDS)
    assert not tpl.PLACEHOLDER.search(text) and "{" not in text and "}" not in text
    assert "OID123" in text and "睡衣" in text and text.endswith("。")


def test_every_placeholder_is_used_and_filled_somewhere():
    used = {k for name in tpl.NAMES for text in tpl.texts(name).values() for k in tpl.PLACEHOLDER.findall(text)}
    assert set(FIELDS) <= used
    rendered = " ".join(tpl.render(n, "douyin", FIELDS) for n in tpl.NAMES)
    for value in FIELDS.values():
        assert value in rendered


def test_platform_wording_differs_where_the_platform_differs():
    assert tpl.render("延迟发货致歉", "taobao", FIELDS) != tpl.render("延迟发货致歉", "pdd", FIELDS)
    assert "协商工具" in tpl.render("延迟发货致歉", "taobao", FIELDS)
    assert "极速退款" in tpl.render("缺货退款", "douyin", FIELDS)
    assert "飞鸽" in tpl.render("预售说明", "douyin", FIELDS)  # closing line per platform


def test_a_missing_value_is_an_error_not_a_placeholder():
    with pytest.raises(tpl.TemplateError):
        tpl.render("延迟发货致歉", "douyin", {"buyer": "x"})


def test_template_checks_refuse_unknown_placeholders_and_stray_braces():
    assert tpl.check("{buyer}您好") == []
    assert any("unknown" in p for p in tpl.check("{buyr}您好"))
    assert tpl.check("您好 {") and tpl.check("  ")


def test_seller_edits_per_platform_and_back_to_default(svc, store, now):
    svc.contact.save_template("预售说明", "taobao", "{buyer}，您的{product}是预售，{new_date}前发货。")
    assert tpl.render("预售说明", "taobao", FIELDS, svc.settings) == "王芳，您的睡衣是预售，11月22日前发货。"
    assert tpl.render("预售说明", "pdd", FIELDS, svc.settings) == tpl.render("预售说明", "pdd", FIELDS)
    with pytest.raises(tpl.TemplateError):
        svc.contact.save_template("预售说明", "taobao", "{nope}")
    svc.contact.save_template("预售说明", "taobao", None)
    assert svc.settings["contact.templates"] == {}
    # the setting survives a restart
    svc.contact.save_template("缺货退款", "*", "{buyer}：{order_id}缺货，请申请退款。")
    from app.services import Services

    again = Services(store)
    assert tpl.render("缺货退款", "kuaishou", FIELDS, again.settings) == "王芳：OID123缺货，请申请退款。"


def test_an_older_single_text_setting_still_works():
    settings = {"contact.templates": {"预售说明": "{buyer}您好，{order_id}预售。"}}
    assert tpl.render("预售说明", "douyin", FIELDS, settings) == "王芳您好，OID123预售。"


# -- filling: new date, substitutes, template choice -----------------------------------------------

def test_stock_short_offers_the_in_stock_substitute_from_the_sku_master(svc, store, now):
    shop(store, now)
    t = by_id(svc.contacts(now))["short2"]
    assert t.template == "缺货换款" and t.substitutes == ["睡衣 粉色 L"]
    assert "睡衣 粉色 L" in t.message and "short2" in t.message and "钱七" in t.message


def test_a_substitute_without_stock_or_inactive_is_not_offered(svc, store, now):
    ids = shop(store, now)
    with store.session() as s:
        s.get(Sku, ids["B"]).active = False
    t = by_id(svc.contacts(now))["short2"]
    assert t.template == "缺货可等待" and not t.substitutes


def test_new_date_is_the_earliest_restock_the_inventory_knows(svc, store, now):
    ids = shop(store, now)
    with store.session() as s:
        s.get(Sku, ids["B"]).active = False
        s.add(PurchaseOrder(sku_id=ids["A"], quantity=10, expected_at=now + timedelta(days=4)))
        s.add(PurchaseOrder(sku_id=ids["A"], quantity=10, expected_at=now + timedelta(days=2)))
        s.add(PurchaseOrder(sku_id=ids["A"], quantity=10, expected_at=now + timedelta(days=1), received=True))
    t = by_id(svc.contacts(now))["short2"]
    # arrives 11-22, ships the day after
    assert t.new_ship_date.astimezone(now.tzinfo).date().isoformat() == "2026-11-23"
    assert "11月23日" in t.message


def test_without_a_purchase_the_lead_time_gives_the_date(svc, store, now):
    ids = shop(store, now)
    with store.session() as s:
        s.get(Sku, ids["B"]).active = False
    t = by_id(svc.contacts(now))["short2"]
    assert "11月26日" in t.message  # 5 days lead time + 1


def test_late_in_stock_order_promises_tomorrow(svc, store, now):
    shop(store, now)
    t = by_id(svc.contacts(now))["late"]
    assert t.template == "延迟发货致歉" and "11月21日" in t.message and "仓库备货延迟" in t.message


def test_presale_and_stop_ship_orders_get_their_own_messages(svc, store, now):
    svc.set_setting("risk.stop_ship_regions", ["新疆"])
    with store.session() as s:
        add_order(s, "pre", now, 2, order_type="预售", recipient="周八")
        add_order(s, "far", now, 30, province="新疆维吾尔自治区", city="乌鲁木齐市", recipient="吴九")
    t = by_id(svc.contacts(now))
    assert t["pre"].template == "预售说明" and "11月20日" in t["pre"].message
    assert t["far"].template == "停发地区说明" and t["far"].reason == "stop_ship"
    assert "新疆维吾尔自治区 乌鲁木齐市" in t["far"].message


def test_seller_choices_rewrite_the_message_and_stick(svc, store, now):
    shop(store, now)
    t = by_id(svc.contacts(now))["late"]
    name, text, _ = svc.contact.preview(t.task_id, now, template="缺货退款")
    assert name == "缺货退款" and "退款" in text
    svc.contact.apply_choice(t.task_id, now, compensation="10元红包")
    assert "10元红包" in by_id(svc.contacts(now + timedelta(hours=1)))["late"].message


# -- states, history, notes, proposals ---------------------------------------------------------------

def test_transitions_outcomes_and_history(svc, store, now):
    shop(store, now)
    tid = by_id(svc.contacts(now))["late"].task_id
    c = svc.contact
    c.transition(tid, "sent", now)
    with pytest.raises(ValueError):
        c.transition(tid, "resolved", now)  # needs an outcome
    with pytest.raises(ValueError):
        c.transition(tid, "replied", now, outcome="退款")  # an outcome only resolves
    with pytest.raises(ValueError):
        c.transition(tid, "resolved", now, outcome="随便")
    c.transition(tid, "replied", now + timedelta(hours=1))
    c.add_note(tid, "买家说周五前收到就行", now + timedelta(hours=1))
    c.transition(tid, "resolved", now + timedelta(hours=2), outcome="同意等待", note="送5元券")
    t = by_id(c.list(now + timedelta(hours=2)))["late"]
    assert [e.to_status for e in t.events if e.kind in ("created", "status")] == ["todo", "sent", "replied", "resolved"]
    assert t.sent_at == now and t.replied_at == now + timedelta(hours=1)
    assert t.resolved_at == now + timedelta(hours=2) and t.outcome == "同意等待"
    assert t.notes == "买家说周五前收到就行" and "送5元券" in t.events[-1].note
    with pytest.raises(ValueError):
        c.transition(tid, "sent", now)  # resolved → sent is not a step
    c.transition(tid, "todo", now + timedelta(hours=3))  # reopen
    assert by_id(c.list(now))["late"].outcome is None


@pytest.mark.parametrize("outcome", contact.OUTCOMES)
def test_every_outcome_resolves(svc, store, now, outcome):
    shop(store, now)
    tid = by_id(svc.contacts(now))["late"].task_id
    svc.contact.transition(tid, "resolved", now, outcome=outcome)
    assert by_id(svc.contact.list(now))["late"].outcome == outcome


def test_edited_messages_are_kept_and_never_carry_a_placeholder(svc, store, now):
    shop(store, now)
    tid = by_id(svc.contacts(now))["late"].task_id
    with pytest.raises(ValueError):
        svc.contact.save_message(tid, "亲，{buyer}您好", now)
    svc.contact.save_message(tid, "亲，您的订单明天发出。", now)
    t = by_id(svc.contacts(now + timedelta(hours=1)))["late"]
    assert t.message == "亲，您的订单明天发出。" and t.message_edited


def test_taobao_allows_three_proposals_in_the_negotiation_tool(svc, store, now):
    with store.session() as s:
        add_order(s, "tb", now, -1, platform="taobao")
    t = by_id(svc.contacts(now))["tb"]
    assert t.max_proposals == 3 and "协商工具" in t.tool
    for i in range(3):
        assert svc.contact.record_proposal(t.task_id, now, now + timedelta(days=2)) == i + 1
    with pytest.raises(ValueError):
        svc.contact.record_proposal(t.task_id, now)
    t = by_id(svc.contact.list(now))["tb"]
    assert t.proposals == 3 and [s.done for s in t.playbook] == [True, False, True, True, False]


# -- follow-up and escalation ------------------------------------------------------------------

def test_follow_up_due_after_the_setting_and_again_after_a_follow_up(svc, store, now):
    shop(store, now)
    tid = by_id(svc.contacts(now))["soon"].task_id
    svc.contact.transition(tid, "sent", now)
    assert [r for r in svc.contact.reminders(now + timedelta(hours=11, minutes=59)) if r.kind == "follow_up"] == []
    due = [r for r in svc.contact.reminders(now + timedelta(hours=12)) if r.kind == "follow_up"]
    assert [(r.task_id, r.key, r.due_at) for r in due] == [(tid, f"followup:{tid}", now + timedelta(hours=12))]
    svc.contact.followed_up(tid, now + timedelta(hours=13))
    assert not [r for r in svc.contact.reminders(now + timedelta(hours=20)) if r.kind == "follow_up"]
    assert [r for r in svc.contact.reminders(now + timedelta(hours=25)) if r.kind == "follow_up"]
    svc.set_setting("contact.follow_up_hours", 4)
    svc.contact.followed_up(tid, now + timedelta(hours=25))
    assert [r for r in svc.contact.reminders(now + timedelta(hours=29)) if r.kind == "follow_up"]
    svc.contact.transition(tid, "replied", now + timedelta(hours=30))
    assert not [r for r in svc.contact.reminders(now + timedelta(hours=40)) if r.kind == "follow_up"]


def test_escalation_72_hours_after_the_order_went_overdue(svc, store, now):
    shop(store, now)
    t = by_id(svc.contacts(now))
    late = t["late"].task_id  # overdue since now - 2 h
    esc = now - timedelta(hours=2) + timedelta(hours=72)
    assert not [r for r in svc.contact.reminders(esc - timedelta(minutes=1)) if r.task_id == late]
    hits = [r for r in svc.contact.reminders(esc) if r.task_id == late]
    assert [(r.kind, r.key, r.due_at) for r in hits] == [("escalation", f"escalate:{late}", esc)]
    assert by_id(svc.contacts(esc))["late"].escalated
    with store.session() as s:
        assert s.scalar(select(func.count(ContactEvent.id)).where(
            ContactEvent.task_id == late, ContactEvent.kind == "escalated")) == 1
    svc.contact.transition(late, "resolved", esc, outcome="退款")
    assert not [r for r in svc.contact.reminders(esc + timedelta(hours=1)) if r.task_id == late]


# -- customer history ----------------------------------------------------------------------------

def test_history_of_the_same_buyer_and_this_buyer_already_waited_once(svc, store, now):
    shop(store, now)
    with store.session() as s:
        add_order(s, "old", now, -200, status="completed", paid_at=now - timedelta(days=10))
        add_order(s, "other-phone", now, -200, status="completed", phone="139****0000")
        add_order(s, "other-platform", now, -200, status="completed", platform="pdd")
        add_order(s, "nophone", now, 30, phone=None, recipient="无号")
        add_order(s, "nophone-old", now, -300, phone=None, recipient="无号", status="completed")
        old_pk = s.scalar(select(Order.id).where(Order.order_id == "old"))
    svc.contact.add([old_pk], now - timedelta(days=9))
    old = by_id(svc.contact.list(now))["old"]
    svc.contact.transition(old.task_id, "resolved", now - timedelta(days=9), outcome="同意等待")
    t = by_id(svc.contacts(now))["late"]
    assert [p.order_id for p in t.customer_history] == ["old"]
    assert t.customer_history[0].outcome == "同意等待" and t.waited_before
    assert "138****1234" in t.buyer and not any(ch.isdigit() for ch in t.buyer.split()[-1][3:7])
    with store.session() as s:
        o = s.scalar(select(Order).where(Order.order_id == "nophone"))
        assert [p.order_id for p in contact.customer_history(s, o)] == ["nophone-old"]
    assert not by_id(svc.contact.list(now))["soon"].waited_before
    rows = svc.contact.list(now, details=False)  # the window's rows: the buyer's history read only to say this
    assert [v.order_id for v in rows if v.waited_before] == [v.order_id for v in svc.contact.list(now) if v.waited_before]
    assert by_id(rows)["late"].waited_before and not by_id(rows)["late"].customer_history
    assert svc.contact.details(t.order_pk, t.task_id, now).customer_history == t.customer_history  # the pane's read


# -- bulk copy, CLI, export -----------------------------------------------------------------------

def test_bulk_copy_has_every_unsent_message_of_the_sku_most_urgent_first(svc, store, now):
    ids = shop(store, now)
    t = by_id(svc.contacts(now))
    svc.contact.transition(t["late"].task_id, "sent", now)
    count, text = svc.contact.bulk_text(ids["C"])
    assert count == 2 and "late" not in text.replace("later", "")
    assert text.index("later") < text.index("soon") and t["soon"].message in text


def test_cli_contacts_json_and_export(svc, store, now, data_dir, tmp_path, capsys):
    shop(store, now)
    store.dispose()
    stamp = now.isoformat()
    assert run(["--data-dir", str(data_dir), "contacts", "--now", stamp, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    tasks = {t["order_id"]: t for t in out["tasks"]}
    assert {"late", "later"} <= set(tasks)
    for t in out["tasks"]:
        assert set(t) >= {"platform", "order_id", "reason", "template", "message", "status", "due", "outcome"}
        assert "{" not in t["message"] and t["order_id"] in t["message"]
    assert tasks["late"]["due"] == (now - timedelta(hours=2)).isoformat()
    xlsx = tmp_path / "contacts.xlsx"
    assert run(["--data-dir", str(data_dir), "export", "contacts", str(xlsx), "--now", stamp]) == 0
    ws = load_workbook(xlsx).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:7] == ("下一步截止", "状态", "平台", "订单编号", "买家", "商品", "原因")
    assert len(rows) == 1 + len(out["tasks"]) and rows[1][3] == "later" and rows[1][6] == "已超时"


def test_an_order_first_seen_long_overdue_is_escalated_at_once(svc, store, now):
    with store.session() as s:
        add_order(s, "ancient", now, -80)
    t = by_id(svc.contacts(now))["ancient"]
    assert t.escalated and [e.kind for e in t.events] == ["created", "escalated"]
    assert [r.kind for r in svc.contact.reminders(now)] == ["escalation"]


def test_reason_follows_the_order_even_after_the_seller_rewrote_the_message(svc, store, now):
    shop(store, now)
    tid = by_id(svc.contacts(now))["soon"].task_id
    svc.contact.save_message(tid, "亲，今晚一定发出。", now)
    t = by_id(svc.contacts(now + timedelta(hours=4)))["soon"]
    assert t.reason == "overdue" and t.message == "亲，今晚一定发出。"


def test_an_edited_template_reaches_untouched_messages_on_the_next_refresh(svc, store, now):
    shop(store, now)
    tid = by_id(svc.contacts(now))["later"].task_id
    svc.contact.save_message(tid, "亲，已经安排。", now)
    svc.contact.save_template("延迟发货致歉", "*", "{buyer}您好，订单{order_id}会在{new_date}前发出，送{compensation}。")
    t = by_id(svc.contacts(now))
    assert t["late"].message == "王芳您好，订单late会在11月21日前发出，送一张5元无门槛优惠券。"
    assert t["later"].message == "亲，已经安排。"  # the seller's own text is never overwritten

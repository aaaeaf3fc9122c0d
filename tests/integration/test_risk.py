"""Risk engine end to end over a store built in code: deadlines per platform, levels at each
boundary, EDF stock allocation, stop-ship regions, pauses, shop promises, penalties, reasons."""

import json
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from app import text
from app.risk.engine import StopList, evaluate_rows, explain, summarize
from app.risk.rules import RuleError, check_shop_options, describe, load_tables, validate
from app.store.models import BundleComponent, Order, OrderLine, Shop, Sku, StockMovement
from tests.factories import douyin_file, douyin_row

H = timedelta(hours=1)


@pytest.fixture
def make(store, now):
    """make(oid, platform=..., paid=..., promised=..., sku=..., qty=..., **order fields) → adds one order."""
    skus: dict[str, int] = {}
    shops: dict[str, int] = {}

    def sku(code, stock=None, components=None):
        with store.session() as s:
            row = Sku(code=code, name=code, is_bundle=bool(components))
            s.add(row)
            s.flush()
            skus[code] = row.id
            if stock is not None:
                s.add(StockMovement(sku_id=row.id, kind="sheet", delta=stock, at=now - 24 * H))
            for comp, per in (components or {}).items():
                s.add(BundleComponent(bundle_id=row.id, component_id=skus[comp], quantity=per))
        return row.id

    def shop(platform, options):
        with store.session() as s:
            row = Shop(platform=platform, name="店", options=json.dumps(options, ensure_ascii=False))
            s.add(row)
            s.flush()
            shops[platform] = row.id

    def order(oid, platform="douyin", paid=None, promised=None, lines=(("A", 1),), status="unshipped",
              amount=5990, **kw):
        paid = paid if paid is not None else now - 10 * H
        with store.session() as s:
            o = Order(platform=platform, order_id=oid, status=status, paid_at=paid, promised_ship_at=promised,
                      amount_paid_fen=amount, shop_id=shops.get(platform), **kw)
            for i, (code, qty, *line_status) in enumerate(lines):
                o.lines.append(OrderLine(line_id=f"{oid}-{i}", sku_id=skus.get(code), sku_code=code, quantity=qty,
                                         status=line_status[0] if line_status else None))
            s.add(o)

    order.sku, order.shop = sku, shop
    return order


def by_id(risks):
    return {r.order_id: r for r in risks}


def test_levels_at_each_boundary_with_reasons(svc, make, now):
    make.sku("A", stock=100)
    cases = {"over": now, "crit": now + 6 * H, "warn": now + 6 * H + timedelta(seconds=1),
             "warn24": now + 24 * H, "ok": now + 24 * H + timedelta(seconds=1)}
    for oid, ship_by in cases.items():
        make(oid, promised=ship_by)
    risks = by_id(svc.risk(now))
    assert {k: r.level for k, r in risks.items()} == {"over": "overdue", "crit": "critical", "warn": "warning",
                                                      "warn24": "warning", "ok": "ok"}
    assert risks["over"].reasons[0].startswith("已超时 0分")
    assert risks["crit"].reasons[0].startswith("距发货截止仅剩 6小时（")
    assert "24小时内到期" in risks["warn24"].reasons[0]
    assert risks["ok"].reasons[0].endswith("暂无风险")
    assert all("截止时间取自导出文件的承诺发货时间" in r.reasons for r in risks.values())
    # not late yet: nothing at stake for an ok order; the rule is still named
    assert risks["ok"].penalty_estimate == Decimal("0.00")
    assert risks["over"].rule == "douyin/发货超时/2026-08-10" and risks["over"].rule_verified


def test_thresholds_come_from_settings(svc, make, now):
    make.sku("A", stock=100)
    make("a", promised=now + 3 * H)
    make("b", promised=now + 10 * H)
    svc.set_setting("risk.critical_hours", 2)
    svc.set_setting("risk.warning_hours", 12)
    risks = by_id(svc.risk(now))
    assert (risks["a"].level, risks["b"].level) == ("warning", "warning")
    assert "12小时内到期" in risks["a"].reasons[0]


def test_taobao_has_no_promise_column_paid_plus_48h(svc, make, now):
    make.sku("A", stock=100)
    paid = now - 30 * H
    make("tb", platform="taobao", paid=paid)
    (r,) = svc.risk(now)
    assert r.ship_by == paid + 48 * H and r.level == "warning"
    assert "按淘宝平台规则：付款后48小时内发货" in r.reasons
    assert r.rule == "taobao/延迟发货/2026-04-09"
    # 59.90 paid, promise 48 h: 1 % → the 3 元 minimum if it goes late
    assert r.penalty_estimate == Decimal("3.00") and r.penalty_stockout == Decimal("5.99")
    assert any(x.startswith("若超时发货预计扣款 ¥3.00（1%（3–30元），淘宝「延迟发货」，2026-04-09 起生效") for x in r.reasons)


def test_douyin_shop_same_day_cutoff_and_presale(svc, make, now):
    make.sku("A", stock=100)
    make.shop("douyin", {"promise": "same_day", "cutoff": "16:00", "presale_hours": 240})
    make("before", paid=now.replace(hour=15, minute=59))   # today 23:59:59
    make("after", paid=now.replace(hour=16, minute=0))     # tomorrow 23:59:59
    make("pre", paid=now - 100 * H, order_type="预售订单")    # 240 h
    risks = by_id(svc.risk(now))
    assert risks["before"].ship_by == now.replace(hour=23, minute=59, second=59)
    assert risks["after"].ship_by == (now + 24 * H).replace(hour=23, minute=59, second=59)
    assert risks["before"].level == "critical" and risks["after"].level == "ok"
    assert any("店铺设置：当日发：16:00前付款当天发货" in x for x in risks["before"].reasons)
    assert risks["pre"].ship_by == now + 140 * H
    assert any(x.startswith("预售订单") for x in risks["pre"].reasons)


def test_tiktok_business_days_and_a_pause(svc, make, now):
    make.sku("A", stock=100)
    # paid Thursday 11-19 10:00 Beijing = Wednesday 11-18 18:00 in Los Angeles (TikTok US's clock):
    # 2 business days from the order date → Friday 11-20, due 23:59 PST = 11-21 07:59 UTC
    thu = now.replace(hour=10) - 24 * H
    make("tt", platform="tiktok", paid=thu)
    make("tb", platform="taobao", paid=now - 40 * H)  # due in 8 h
    svc.set_setting("risk.pauses", [{"platform": "taobao", "from": "2026-11-21", "to": "2026-11-21"}])
    risks = by_id(svc.risk(now))
    assert risks["tt"].ship_by == datetime(2026, 11, 20, 23, 59, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert risks["tt"].level == "warning"  # now = 11-20 02:00 PST: 21 h 59 min left, inside 24 h
    # 8 h left at 11-21 00:00 was 2 h in; the pause day adds 24 h
    assert risks["tb"].ship_by == now + 8 * H + 24 * H
    assert any(x.startswith("平台暂停期间顺延 1天") for x in risks["tb"].reasons)
    assert not any("暂停" in x for x in risks["tt"].reasons)  # the pause was for taobao only


def test_edf_allocation_with_bundles_and_closed_lines(svc, make, now):
    make.sku("A", stock=5)
    make.sku("B", stock=10)
    make.sku("KIT", components={"A": 2, "B": 1})  # the bundle itself holds no stock
    make("late", promised=now + 30 * H, lines=(("A", 2),))
    make("early", promised=now + 2 * H, lines=(("KIT", 2),))        # needs 4 A + 2 B
    make("mid", promised=now + 10 * H, lines=(("A", 1), ("B", 1)))
    make("gone", promised=now + 1 * H, lines=(("A", 9, "shipped"),))  # the line left already
    make("cancelled", promised=now + 1 * H, lines=(("A", 9),), status="closed")
    risks = by_id(svc.risk(now))
    assert "cancelled" not in risks
    assert [r.order_id for r in svc.risk(now)] == ["gone", "early", "mid", "late"]
    assert not risks["gone"].stock_short and not risks["early"].stock_short and not risks["mid"].stock_short
    assert risks["late"].stock_short and risks["late"].short_units == 2
    short = [x for x in risks["late"].reasons if x.startswith("库存不足")]
    assert short == ["库存不足：按截止时间先后分配后还缺 2 件；若按缺货（douyin/缺货/2026-06-01）处理预计扣款 ¥2.00"]


def test_unmatched_lines_are_said(svc, make, now):
    make("u", promised=now + 2 * H, lines=(("NOPE", 1),))
    (r,) = svc.risk(now)
    assert not r.stock_short and "有 1 个商品行未匹配到SKU，无法核对库存" in r.reasons


def test_stop_ship_regions_match_province_city_and_address(svc, make, now):
    make.sku("A", stock=100)
    make("xj", promised=now + 30 * H, province="新疆维吾尔自治区", city="乌鲁木齐市")
    make("tb", platform="taobao", address="西藏自治区 拉萨市 城关区 北京中路1号")
    make("qd", platform="taobao", address="山东省青岛市市南区新疆路1号")
    make("gd", promised=now + 30 * H, province="广东省", city="深圳市")
    svc.set_setting("risk.stop_ship_regions", ["新疆", "拉萨市"])
    risks = by_id(svc.risk(now))
    assert {k for k, r in risks.items() if r.stop_ship} == {"xj", "tb"}
    assert "收货地区「新疆」在物流停发名单中，请先联系买家改期或退款" in risks["xj"].reasons
    assert StopList(["乌鲁木齐"]).match("新疆维吾尔自治区", "乌鲁木齐市") == "乌鲁木齐"
    assert StopList(["新疆维吾尔自治区"]).match("新疆", None) == "新疆维吾尔自治区"


def test_overdue_penalties_stockout_turn_and_unverified_rules(svc, make, now):
    make.sku("A", stock=100)
    # Douyin, promise 48 h, 60 h late: treated as 缺货 1 % (2–50), whole 元: 358.60 → 4
    make("dy", paid=now - 108 * H, promised=now - 60 * H, amount=35860)
    # 10 h late: no per-order amount, and 38 h before it turns into a 缺货 case
    make("dy2", paid=now - 58 * H, promised=now - 10 * H, amount=35860)
    make("ks", platform="kuaishou", paid=now - 50 * H, promised=now - 2 * H)
    make("pdd", platform="pdd", paid=now - 50 * H, promised=now - 2 * H, amount=30000)
    risks = by_id(svc.risk(now))
    assert risks["dy"].penalty_estimate == Decimal("4.00") and risks["dy"].penalty_stockout == Decimal("4.00")
    assert any(x.startswith("现在发货预计扣款 ¥4.00（1%（2–50元），抖店「发货超时」") for x in risks["dy"].reasons)
    # one charge, not two: the >48 h band *is* 缺货, so the total is 4, not 4 + 4
    assert "按缺货处理（douyin/缺货/2026-06-01）：上面的扣款就是这一笔，不再另扣" in risks["dy"].reasons
    assert not any("另扣 ¥4.00" in x for x in risks["dy"].reasons)
    assert risks["dy"].penalty_total == Decimal("4.00") and risks["dy"].rule_stockout == "douyin/缺货/2026-06-01"
    assert risks["dy2"].penalty_estimate == Decimal("0.00")
    assert any("无单笔扣款" in x for x in risks["dy2"].reasons)
    assert "再过 1天14小时 仍未发货将按缺货（douyin/缺货/2026-06-01）处理，另扣 ¥4.00" in risks["dy2"].reasons
    assert not risks["ks"].rule_verified and any("未经官方核实" in x for x in risks["ks"].reasons)
    assert risks["pdd"].penalty_estimate == Decimal("15.00") and not risks["pdd"].rule_verified
    assert risks["pdd"].rule == "pdd/延迟发货/2023-01-01"


def test_overrides_from_settings_change_the_estimate(svc, make, now):
    make.sku("A", stock=100)
    make("tb", platform="taobao", paid=now - 50 * H, amount=100000)
    assert svc.risk(now)[0].penalty_estimate == Decimal("10.00")
    svc.set_setting("rules.overrides", {"taobao": {"deductions.late.bands.0.percent": "2"}})
    assert svc.risk(now)[0].penalty_estimate == Decimal("20.00")
    # a broken override is skipped, never stops the check
    svc.set_setting("rules.overrides", {"taobao": {"deductions.late.bands.0.percent": "lots"}})
    assert svc.risk(now)[0].penalty_estimate == Decimal("10.00")


def test_json_shape_summary_and_explain(svc, make, now):
    make.sku("A", stock=1)
    make("a", promised=now - H, amount=10000)
    make("b", promised=now + 2 * H, lines=(("A", 3),))
    make("c", promised=now + 48 * H)
    risks = svc.risk(now)
    j = risks[0].to_json(svc.tz)
    assert j["ship_by"] == "2026-11-20T17:00:00+08:00" and j["level"] == "overdue"
    assert j["penalty_estimate"] == "0.00" and j["rule"] == "douyin/发货超时/2026-08-10"
    sm = summarize(risks)
    assert sm["levels"] == {"overdue": 1, "critical": 1, "warning": 0, "ok": 1}
    assert (sm["short"], sm["short_units"], sm["at_risk"]) == (2, 4, 3)  # b lacks 3, c lacks 1
    # b: promise 12 h → 1 % (2–50) → 2 元; c: promise 58 h → 3 % (3–50) → 3 元
    assert sm["money_stockout"] == Decimal("5.00")
    text = explain(risks[0], svc.tz)
    assert text.startswith("douyin 订单 a：已超时") and "规则：douyin/发货超时/2026-08-10" in text


def test_imported_douyin_export_uses_its_promise_column(svc, tmp_path, now):
    rows = [douyin_row("6900000000000000001", "6900000000000000002", paid="2026-11-19 10:00:00",
                       promise="2026-11-20 20:00:00"),
            douyin_row("6900000000000000003", "6900000000000000004", paid="2026-11-18 10:00:00",
                       promise="2026-11-20 10:00:00")]
    svc.import_files([douyin_file(tmp_path / "dy.xlsx", rows)], now=now)
    risks = svc.risk(now)
    assert [(r.order_id, r.level) for r in risks] == [("6900000000000000003", "overdue"),
                                                      ("6900000000000000001", "critical")]
    assert risks[1].ship_by == now.replace(hour=20)


def test_evaluate_rows_on_plain_tuples(now):
    paid = (now - 47 * H).timestamp()
    orders = [(1, "taobao", "x", None, None, paid, None, None, 5990, 0),
              (2, "taobao", "y", None, None, (now - 40 * H).astimezone(UTC).replace(tzinfo=None), None, None, 0, 0)]
    risks = evaluate_rows(orders, [(1, 10, 2), (2, 10, 1)], {10: 2}, {}, {}, now, {"timezone": "Asia/Shanghai"})
    assert [(r.order_id, r.level, r.stock_short) for r in risks] == [("x", "critical", False), ("y", "warning", True)]



def test_equal_deadlines_take_stock_by_order_pk_and_keep_the_load_order(now):
    # rows not in pk order (a caller's own rows): the allocation still serves ties by pk, the output keeps them as given
    paid = (now - 40 * H).timestamp()
    orders = [(pk, "taobao", str(pk), None, None, paid, None, None, 100, 0) for pk in (5, 3, 9, 1)]
    lines = [(5, 10, 1), (3, 10, 1), (9, 10, 1), (1, 10, 1), (1, 11, 2), (9, 11, 1)]
    risks = evaluate_rows(orders, lines, {10: 2, 11: 2}, {}, {}, now, {"timezone": "Asia/Shanghai"})
    assert [(r.order_id, r.stock_short, r.short_units) for r in risks] == [
        ("5", True, 1), ("3", False, 0), ("9", True, 2), ("1", False, 0)]

def test_the_engine_fills_every_slot_of_order_risk(now):
    # the engine builds OrderRisk slot by slot (faster than 22 keywords): a new slot must be set there too
    from app.risk.types import OrderRisk

    orders = [(1, "taobao", "x", None, None, (now - 47 * H).timestamp(), None, None, 5990, 0)]
    r = evaluate_rows(orders, [], {}, {}, {}, now, {"timezone": "Asia/Shanghai"})[0]
    for name in OrderRisk.__slots__:
        getattr(r, name)


def test_shop_promises_from_the_settings_page_win_over_the_shop_record(svc, make, now):
    make.sku("A", stock=100)
    make.shop("douyin", {"promise": "48h", "presale_hours": 240})
    # the seller: 当日发 with a 15:00 cut-off and a 15-day presale promise
    svc.set_setting("risk.shop_options", {"douyin": {"promise": "same_day", "cutoff": "15:00", "presale_days": 15}})
    make("before", paid=now.replace(hour=14, minute=59))
    make("after", paid=now.replace(hour=15, minute=0))
    make("pre", paid=now - 100 * H, order_type="预售")
    risks = by_id(svc.risk(now))
    assert risks["before"].ship_by == now.replace(hour=23, minute=59, second=59)
    assert risks["after"].ship_by == (now + 24 * H).replace(hour=23, minute=59, second=59)
    assert risks["pre"].ship_by == now - 100 * H + 15 * 24 * H
    assert any("店铺设置：当日发：15:00前付款当天发货" in x for x in risks["before"].reasons)
    # a promise left unset (None) keeps the record's
    svc.set_setting("risk.shop_options", {"douyin": {"promise": None}})
    assert by_id(svc.risk(now))["after"].ship_by == now.replace(hour=15) + 48 * H


def test_lazy_fields_match_what_they_stand_for(svc, make, now):
    """Reasons, Decimals and datetimes are made on first access; they must be what an eager
    evaluation gives: 59.90 paid on Taobao (excl. postage), 缺货 10 % (5–100) → 5.99."""
    make.sku("A", stock=0)
    make("t1", platform="taobao", paid=now - 50 * H, postage_fen=0)
    (r,) = svc.risk(now)
    assert r.paid_at == now - 50 * H and r.ship_by == now - 2 * H
    assert r.amount_paid == Decimal("59.90")
    assert r.penalty_stockout == Decimal("5.99") and r.penalty_stockout_fen == 599
    assert r.penalty_estimate == Decimal("3.00") and r.penalty_estimate_fen == 300
    assert r.stock_short and r.short_units == 1
    reasons = r.reasons
    assert reasons[0].startswith("已超时 2小时（截止 11-20 16:00）")
    assert reasons[-1].startswith("库存不足：按截止时间先后分配后还缺 1 件；若按缺货（taobao/缺货/2026-04-09）处理预计扣款 ¥5.99")
    assert r.reasons is reasons  # built once
    assert r.to_json(svc.tz)["penalty_stockout"] == "5.99"


def test_epoch_seconds_reads_stored_times_exactly(store, now):
    from sqlalchemy import select

    from app.store.session import epoch_seconds

    with store.session() as s:
        s.add(Order(platform="taobao", order_id="e1", status="unshipped", paid_at=now, amount_paid_fen=0))
    with store.session() as s:
        (ts,) = s.execute(select(epoch_seconds(Order.paid_at)).where(Order.order_id == "e1")).one()
    assert ts == int(now.timestamp())


def test_stop_ship_prematch_in_the_database_keeps_exact_matching(svc, make, now):
    make.sku("A", stock=100)
    svc.set_setting("risk.stop_ship_regions", ["海南省"])
    make("hainan", province="海南省", city="海口市")
    # contains "海南" but is a prefecture in Qinghai: the coarse SQL match lets it through, the exact one does not
    make("qinghai", province="青海省", city="海南藏族自治州")
    make("addr", province=None, city=None, address="海南省三亚市吉阳区")
    risks = by_id(svc.risk(now))
    assert risks["hainan"].stop_ship and risks["addr"].stop_ship
    assert not risks["qinghai"].stop_ship


# -- English (the shop's language setting) ------------------------------------------------------

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


@pytest.fixture
def english():
    text.set_language("en")
    yield
    text.set_language(text.DEFAULT)


def _data_words(*extra: str) -> list[str]:
    """Every text of the rule tables (names, triggers, notes: data, shown as the platform writes them)."""
    words: list[str] = list(extra)

    def walk(v):
        if isinstance(v, str):
            words.append(v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(load_tables())
    return sorted(set(words), key=len, reverse=True)


def _words_of_the_app(reason: str, data: list[str]) -> str:
    for w in data:
        reason = reason.replace(w, "")
    return reason


def test_reasons_of_every_kind_in_english(svc, make, now, english):
    make.sku("A", stock=1)
    make("over", paid=now - 108 * H, promised=now - 60 * H, amount=35860)  # 60 h late: a 缺货 case
    make("late", paid=now - 58 * H, promised=now - 10 * H, amount=35860)   # turns into one in 38 h
    make("crit", promised=now + 6 * H)
    make("warn", promised=now + 24 * H, lines=(("A", 1),))
    make("short", promised=now + 30 * H, lines=(("A", 2),))
    make("xj", promised=now + 30 * H, province="新疆维吾尔自治区", city="乌鲁木齐市")
    make("ks", platform="kuaishou", paid=now - 50 * H, promised=now - 2 * H)
    make("nosku", promised=now + 2 * H, lines=(("NOPE", 1),))
    svc.set_setting("risk.stop_ship_regions", ["新疆"])
    risks = by_id(svc.risk(now))
    r = risks["over"].reasons
    assert r[0] == "Overdue by 2 d 12 h (deadline 11-18 06:00), not shipped yet"
    assert "Deadline taken from the promised ship time in the export file" in r
    assert r[2].startswith("Expected deduction if shipped now ¥4.00 (1% (2–50 yuan), 抖店 “发货超时”, "
                           "in force from 2026-08-10")
    assert r[3] == "Handled as 缺货 (douyin/缺货/2026-06-01): the deduction above is that one charge, not a further one"
    assert "Not shipped within 1 d 14 h more: treated as 缺货 (douyin/缺货/2026-06-01), a further ¥4.00" in risks["late"].reasons
    assert risks["crit"].reasons[0] == "Only 6 h left until the ship deadline (deadline 11-21 00:00): ship now"
    assert risks["warn"].reasons[0] == ("1 d left until the ship deadline (deadline 11-21 18:00), "
                                        "due within 24 h")
    assert "Expected deduction if shipped late ¥0.00 (No per-order deduction, " in risks["warn"].reasons[2]
    assert ("Short of stock: 2 units missing after allocating by deadline; expected deduction if treated as "
            "缺货 (douyin/缺货/2026-06-01) ¥2.00") in risks["short"].reasons[-1]
    assert ("The delivery region “新疆” is on the courier stop list: ask the buyer to wait or refund"
            in risks["xj"].reasons)
    unverified = "This rule has not been verified against an official source; for reference only"
    assert not risks["ks"].rule_verified
    assert risks["ks"].reasons[2].startswith("Expected deduction if shipped now ¥0.00 (No per-order deduction, "
                                             f"快手 “发货超时”, in force from 2026-01-01; {unverified}; ")
    assert risks["ks"].reasons[-1].endswith(f"as 缺货 (kuaishou/缺货/2026-01-01) ¥0.00 ({unverified})")
    assert "1 product lines not matched to a SKU: stock cannot be checked" in risks["nosku"].reasons
    # nothing of the app's own wording is left in Chinese (rule names and notes are the platforms' data)
    data = _data_words("新疆")
    leaks = [x for k in risks.values() for x in k.reasons if CJK.search(_words_of_the_app(x, data))]
    assert leaks == []
    text.set_language("zh_CN")  # evaluated again, the same orders read Chinese
    assert by_id(svc.risk(now))["over"].reasons[0] == "已超时 2天12小时（截止 11-18 06:00），尚未发货"


def test_a_platform_without_rule_table_explain_and_rule_errors_in_english(svc, make, now, english):
    make.sku("A", stock=100)
    make("x", platform="shopee", promised=None, paid=now - 50 * H)
    (risk,) = svc.risk(now)
    assert risk.reasons[:2] == ["Overdue by 2 h (deadline 11-20 16:00), not shipped yet",
                                "By the shopee platform rule: Ship within 48 h of payment"]
    assert all(not CJK.search(x) for x in risk.reasons), risk.reasons
    assert risk.rule == "shopee/Late shipment/2026-01-01" and not risk.rule_verified
    assert explain(risk, svc.tz).splitlines()[0] == "shopee order x: Overdue, deadline 2026-11-20T16:00:00+08:00"
    assert explain(risk, svc.tz).endswith("Rule: shopee/Late shipment/2026-01-01 (unverified)")
    with pytest.raises(RuleError, match=r"^Rule table t\.json: promise\.hours must be greater than 0$"):
        validate("t.json", {**load_tables()["taobao"], "promise": {"mode": "hours", "hours": 0}})
    assert check_shop_options("douyin", {"promise": "隔日"})[0].startswith(
        "Shop setting douyin shop: promise = '隔日' is not a shipping option of 抖店 (choose ")
    assert check_shop_options("mars", {}) == ["Unknown platform 'mars'"]
    described = describe(load_tables())
    assert "  Default promise: Ship within 48 h of payment" in described
    assert "rounded to the yuan" in described and "Same-day shipping: paid before 16:00" in described
    data = _data_words()
    leaks = [x for x in described.splitlines() if CJK.search(_words_of_the_app(x, data))]
    assert leaks == []


def test_reason_templates_fill_only_their_own_placeholders(monkeypatch):
    from app.risk import engine

    assert text.language() == "zh_CN"
    assert engine._compile("{h} h {m} min")(h=3, m=12) == "3小时12分"
    # a translation with anything else in braces is never compiled: it is filled like any core text
    source = "Overdue by {late} (deadline {when}), not shipped yet"
    monkeypatch.setitem(text.catalogue("zh_CN"), source, "已超时 {late}{__import__('os').getcwd()}（截止 {when}）")
    assert engine._compile(source)(late="1分", when="11-20 18:00") == \
        "已超时 1分{__import__('os').getcwd()}（截止 11-20 18:00）"

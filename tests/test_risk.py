from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from app.risk import allocation, deadlines, penalties
from app.risk.rules import RuleError, load_rules, validate
from app.store.models import Order, OrderLine, Sku, StockMovement

SH = ZoneInfo("Asia/Shanghai")


def t(s):
    return datetime.fromisoformat(s).replace(tzinfo=SH)


def test_douyin_same_day_cutoff_at_16():
    p = {"mode": "same_day", "cutoff": "16:00"}
    assert deadlines.rule_deadline(t("2026-11-20 15:59:00"), p, SH) == t("2026-11-20 23:59:59")
    assert deadlines.rule_deadline(t("2026-11-20 16:00:00"), p, SH) == t("2026-11-21 23:59:59")
    assert deadlines.rule_deadline(t("2026-11-20 09:00:00"), {"mode": "next_day"}, SH) == t("2026-11-21 23:59:59")


def test_tiktok_business_days_skip_the_weekend():
    # paid Friday → 2 business days → Tuesday, same clock time
    assert deadlines.rule_deadline(t("2026-11-20 10:00:00"), {"mode": "business_days", "days": 2}, SH) == \
        t("2026-11-24 10:00:00")


def test_taobao_48_hours_and_a_pause_extends_it():
    paid = t("2026-10-01 12:00:00")
    ship_by = deadlines.rule_deadline(paid, {"mode": "hours", "hours": 48}, SH)
    assert ship_by == t("2026-10-03 12:00:00")
    extended = deadlines.apply_pauses(paid, ship_by, [(date(2026, 10, 2), date(2026, 10, 2))], SH)
    assert extended == t("2026-10-04 12:00:00")


def test_penalty_clamps_and_rounding_from_rules_md():
    rules = load_rules()
    dy, tb = rules["douyin"]["late"], rules["taobao"]["late"]
    # Douyin, promise <= 48 h, late <= 48 h: no per-order amount
    assert penalties.estimate(dy, 48, 10, Decimal("500")) == Decimal("0.00")
    # late > 48 h: 1 %, 2–50 元, whole 元: 1% of 59.90 = 0.599 → clamped to 2
    assert penalties.estimate(dy, 48, 60, Decimal("59.90")) == Decimal("2.00")
    # 1 % of 8,000 = 80 → capped at 50
    assert penalties.estimate(dy, 48, 60, Decimal("8000")) == Decimal("50.00")
    # 1 % of 358.60 = 3.586 → rounded to whole 元 = 4
    assert penalties.estimate(dy, 48, 60, Decimal("358.60")) == Decimal("4.00")
    # Taobao promise <= 48 h: 1 % (3–30); promise > 48 h: 5 % (5–30)
    assert penalties.estimate(tb, 48, 1, Decimal("1000")) == Decimal("10.00")
    assert penalties.estimate(tb, 72, 1, Decimal("300")) == Decimal("15.00")
    assert penalties.estimate(tb, 72, 1, Decimal("10")) == Decimal("5.00")


def test_broken_rule_table_names_file_and_key():
    with pytest.raises(RuleError, match="x.json: missing key 'late'"):
        validate("x.json", {"platform": "x", "verified": True, "effective_from": "2026", "source": "s",
                            "promise": {"mode": "hours"}, "stockout": {"bands": [{}]}})
    with pytest.raises(RuleError, match=r"late.bands\[0\].percent"):
        validate("y.json", {"platform": "y", "verified": True, "effective_from": "2026", "source": "s",
                            "promise": {"mode": "hours"}, "late": {"bands": [{"percent": "abc"}]},
                            "stockout": {"bands": [{}]}})


def test_seller_override_applies():
    rules = load_rules({"rules.overrides": {"taobao": {"promise.hours": 24}}})
    assert rules["taobao"]["promise"]["hours"] == 24
    assert load_rules()["taobao"]["promise"]["hours"] == 48


def test_allocation_is_earliest_deadline_first():
    demands = [(t("2026-11-21 10:00:00"), 2, 1, 2), (t("2026-11-20 10:00:00"), 1, 1, 2),
               (t("2026-11-22 10:00:00"), 3, 1, 1)]
    assert allocation.allocate(demands, {1: 3}) == {2: 1, 3: 1}


def _order(s, oid, ship_by, sku_id, qty=1, amount=5990, platform="douyin"):
    o = Order(platform=platform, order_id=oid, status="unshipped", paid_at=ship_by - timedelta(hours=48),
              promised_ship_at=ship_by, amount_paid_fen=amount, province="新疆维吾尔自治区")
    o.lines.append(OrderLine(line_id=oid, sku_id=sku_id, quantity=qty))
    s.add(o)


def test_levels_at_each_boundary_shortage_and_reasons(svc, store, now):
    with store.session() as s:
        sku = Sku(code="A", name="a")
        s.add(sku)
        s.flush()
        s.add(StockMovement(sku_id=sku.id, kind="sheet", delta=2, at=now - timedelta(days=1)))
        _order(s, "over", now, sku.id)                              # ship_by == now → overdue
        _order(s, "crit", now + timedelta(hours=6), sku.id)         # exactly 6 h → critical
        _order(s, "warn", now + timedelta(hours=6, seconds=1), sku.id)
        _order(s, "warn24", now + timedelta(hours=24), sku.id)
        _order(s, "ok", now + timedelta(hours=24, seconds=1), sku.id)
    svc.set_setting("risk.stop_ship_regions", ["新疆"])
    risks = {r.order_id: r for r in svc.risk(now)}
    assert {k: r.level for k, r in risks.items()} == {"over": "overdue", "crit": "critical", "warn": "warning",
                                                      "warn24": "warning", "ok": "ok"}
    # 2 in stock, earliest deadlines first: the last three are short
    assert [risks[k].stock_short for k in ("over", "crit", "warn", "warn24", "ok")] == [False, False, True, True, True]
    assert risks["warn"].short_units == 1
    assert risks["over"].stop_ship and any("新疆" in x for x in risks["over"].reasons)
    assert "已超时" in risks["over"].reasons[0]
    assert risks["over"].rule == "douyin/发货超时/2026-08-10" and risks["over"].rule_verified
    assert risks["ok"].penalty_estimate == Decimal("0.00")


def test_unverified_platform_says_so(svc, store, now):
    with store.session() as s:
        _order(s, "k1", now - timedelta(hours=1), None, platform="kuaishou")
    (r,) = svc.risk(now)
    assert not r.rule_verified and any("未经核实" in x for x in r.reasons)

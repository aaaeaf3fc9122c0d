"""Order-risk evaluation: deadlines, levels, EDF stock allocation, penalties, reasons.

Two Core selects load every open order and line; the rest is plain Python over tuples,
so 100,000 orders evaluate in well under a second (bench/risk_bench.py).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from app import timeutil
from app.inventory.ledger import bundle_map, on_hand_by_sku, open_line_filter
from app.risk import allocation, deadlines, penalties
from app.risk.rules import load_rules
from app.risk.types import LEVELS, OrderRisk
from app.store.models import Order, OrderLine

LEVEL_NAMES = {"overdue": "已超时", "critical": "紧急", "warning": "预警", "ok": "正常"}


def _hm(seconds: float) -> str:
    m = int(abs(seconds)) // 60
    d, rem = divmod(m, 1440)
    h, mm = divmod(rem, 60)
    return (f"{d}天" if d else "") + (f"{h}小时" if h or d else "") + ("" if d else f"{mm}分")


def _pauses(settings: dict, platform: str) -> list[tuple[date, date]]:
    out = []
    for p in settings.get("risk.pauses") or []:
        if p.get("platform", "*") in ("*", platform):
            out.append((date.fromisoformat(p["from"]), date.fromisoformat(p["to"])))
    return out


def evaluate_risk(session, now: datetime, settings: dict) -> list[OrderRisk]:
    tz = timeutil.zone(settings.get("timezone"))
    rules = load_rules(settings)
    crit_s = float(settings.get("risk.critical_hours", 6)) * 3600
    warn_s = float(settings.get("risk.warning_hours", 24)) * 3600
    stop = [r for r in (settings.get("risk.stop_ship_regions") or []) if r]
    orders = session.execute(
        select(Order.id, Order.platform, Order.order_id, Order.paid_at, Order.created_at, Order.promised_ship_at,
               Order.amount_paid_fen, Order.province, Order.city, Order.address).where(Order.status == "unshipped")
    ).all()
    lines = session.execute(
        select(OrderLine.order_pk, OrderLine.sku_id, OrderLine.quantity)
        .join(Order, Order.id == OrderLine.order_pk)
        .where(open_line_filter(), OrderLine.sku_id.is_not(None))
    ).all()
    bundles = bundle_map(session)
    on_hand = on_hand_by_sku(session)
    pause_cache: dict[str, list] = {}

    out: list[OrderRisk] = []
    ship_by_of: dict[int, datetime] = {}
    for pk, platform, oid, paid, created, promised, fen, prov, city, addr in orders:
        rule = rules.get(platform) or rules["taobao"]
        start = paid or created or now
        reasons: list[str] = []
        if promised is not None:
            ship_by = promised
            reasons.append(f"承诺发货时间 {timeutil.short(ship_by, str(tz), now)}（来自导出文件）")
        else:
            ship_by = deadlines.rule_deadline(start, rule["promise"], tz)
            reasons.append(f"按{rule.get('name', platform)}规则：付款后{_promise_text(rule['promise'])}发货，"
                           f"最晚 {timeutil.short(ship_by, str(tz), now)}")
        if platform not in pause_cache:
            pause_cache[platform] = _pauses(settings, platform)
        if pause_cache[platform]:
            extended = deadlines.apply_pauses(start, ship_by, pause_cache[platform], tz)
            if extended != ship_by:
                reasons.append(f"平台暂停期顺延至 {timeutil.short(extended, str(tz), now)}")
                ship_by = extended
        ship_by_of[pk] = ship_by
        left = (ship_by - now).total_seconds()
        if left <= 0:
            level = "overdue"
            reasons.insert(0, f"已超时 {_hm(left)}，尚未发货")
        elif left <= crit_s:
            level = "critical"
            reasons.insert(0, f"距发货截止仅剩 {_hm(left)}")
        elif left <= warn_s:
            level = "warning"
            reasons.insert(0, f"距发货截止还有 {_hm(left)}，24小时内到期")
        else:
            level = "ok"
            reasons.insert(0, f"距发货截止还有 {_hm(left)}")
        amount = Decimal(fen or 0) / 100
        promise_h = max((ship_by - start).total_seconds() / 3600, 0)
        late_h = max(-left / 3600, 0)
        late_pen = penalties.estimate(rule["late"], promise_h, late_h, amount) if level != "ok" else Decimal("0.00")
        stock_pen = penalties.estimate(rule["stockout"], promise_h, late_h, amount)
        region = " ".join(x for x in (prov, city, addr) if x)
        stop_hit = next((r for r in stop if r in region), None)
        if stop_hit:
            reasons.append(f"收货地区「{stop_hit}」在停发名单中")
        eff = rule["effective_from"]
        if level != "ok":
            when = "现在发货" if level == "overdue" else "若超时发货"
            reasons.append(f"{when}预计扣款 ¥{late_pen}（{rule['late']['name']}，{eff} 起）"
                           + ("" if rule["verified"] else "；规则未经核实，仅供参考"))
        out.append(OrderRisk(order_pk=pk, platform=platform, order_id=oid, ship_by=ship_by, level=level,
                             stock_short=False, short_units=0, stop_ship=bool(stop_hit), penalty_estimate=late_pen,
                             penalty_stockout=stock_pen, rule=f"{platform}/{rule['late']['name']}/{eff}",
                             rule_verified=bool(rule["verified"]), amount_paid=amount.quantize(Decimal("0.01")),
                             paid_at=paid, reasons=reasons))

    demands = []
    for pk, sku, qty in lines:
        sb = ship_by_of.get(pk)
        if sb is None:
            continue
        for comp, per in bundles.get(sku, [(sku, 1)]):
            demands.append((sb, pk, comp, qty * per))
    short = allocation.allocate(demands, on_hand)
    for r in out:
        units = short.get(r.order_pk)
        if units:
            r.stock_short, r.short_units = True, units
            r.reasons.append(f"库存不足：按截止时间先后分配后还缺 {units} 件；若缺货预计扣款 ¥{r.penalty_stockout}")
    out.sort(key=lambda r: (r.ship_by, r.order_id))
    return out


def _promise_text(p: dict) -> str:
    mode = p.get("mode")
    if mode == "hours":
        return f"{p.get('hours', 48)}小时内"
    if mode == "business_days":
        return f"{p.get('days', 2)}个工作日内"
    if mode == "same_day":
        return f"当日（{p.get('cutoff', '16:00')}前付款）"
    return "次日"


def summarize(risks: list[OrderRisk]) -> dict:
    counts = {lv: 0 for lv in LEVELS}
    for r in risks:
        counts[r.level] += 1
    at_risk = [r for r in risks if r.level != "ok" or r.stock_short or r.stop_ship]
    return {"levels": counts, "short": sum(r.stock_short for r in risks), "at_risk": len(at_risk),
            "money": sum((r.penalty_estimate for r in at_risk), Decimal("0.00"))}


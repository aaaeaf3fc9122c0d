"""Rule truth, second pass: hand-computed cases for Tmall's own table, TikTok US across
Thanksgiving 2026 (and its pre-orders), a shop whose zone is Europe/London, Taobao's same-buyer
same-day cap and listing speed keywords. The arithmetic of every figure is in a comment."""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from app import text
from app.risk.engine import summarize
from app.store.models import Order, OrderLine, Shop, Sku, StockMovement

H = timedelta(hours=1)
LA = ZoneInfo("America/Los_Angeles")
D = Decimal


@pytest.fixture(autouse=True)
def chinese():
    """The reasons are asserted in Chinese, the shop's default, whatever an earlier test left."""
    before = text.language()
    text.set_language("zh_CN")
    yield
    text.set_language(before)


@pytest.fixture
def make(store, now):
    """make(oid, platform, paid, amount=fen, product=..., **order fields); every line is SKU A, in stock."""
    with store.session() as s:
        sku = Sku(code="A", name="A")
        s.add(sku)
        s.flush()
        s.add(StockMovement(sku_id=sku.id, kind="sheet", delta=1000, at=now - 24 * H))
        sku_id = sku.id
    shops: dict[str, int] = {}

    def shop(platform, options):
        with store.session() as s:
            row = Shop(platform=platform, name="店", options=json.dumps(options, ensure_ascii=False))
            s.add(row)
            s.flush()
            shops[platform] = row.id

    def order(oid, platform, paid, amount=5990, product="商品", **kw):
        with store.session() as s:
            o = Order(platform=platform, order_id=oid, status="unshipped", paid_at=paid, amount_paid_fen=amount,
                      shop_id=shops.get(platform), **kw)
            o.lines.append(OrderLine(line_id=f"{oid}-1", sku_id=sku_id, sku_code="A", quantity=1, product=product))
            s.add(o)

    order.shop = shop
    return order


def by_id(risks):
    return {r.order_id: r for r in risks}


def test_tmall_is_priced_by_its_own_table(svc, make, now):
    make("tm1", "tmall", now - 50 * H, amount=8000)  # 48 h promise, 2 h late: 5 % of 80 = 4 → minimum 5
    make("tb1", "taobao", now - 50 * H, amount=8000)  # the same order on Taobao: 1 % of 80 = 0.80 → minimum 3
    make("tm2", "tmall", now - 50 * H, amount=200000)  # 5 % of 2,000 = 100 → maximum 50
    make("tm3", "tmall", now - 50 * H, amount=30000, order_type="预售")  # full-payment presale: 10 % of 300 = 30
    # 80 h late (≥ 72 h: a 缺货 case too): late 5 % of 1,000 = 50 (the maximum) + 缺货 ≤ 48 h 10 % = 100 → 150
    make("tm4", "tmall", now - 128 * H, amount=100000)
    r = by_id(svc.risk(now))
    assert r["tm1"].rule == "tmall/延迟发货/2026-04-09" and r["tm1"].penalty_estimate == D("5.00")
    assert r["tb1"].rule.startswith("taobao/") and r["tb1"].penalty_estimate == D("3.00")
    assert r["tm2"].penalty_estimate == D("50.00")
    assert r["tm3"].rule == "tmall/全款预售延迟发货/2026-04-09" and r["tm3"].penalty_estimate == D("30.00")
    assert any("10%（5–50元）" in x for x in r["tm3"].reasons)
    assert r["tm1"].penalty_stockout == D("8.00") and r["tm1"].penalty_total == D("5.00")  # not a 缺货 case yet
    assert r["tm4"].penalty_estimate == D("50.00") and r["tm4"].penalty_stockout == D("100.00")
    assert r["tm4"].penalty_total == D("150.00") and r["tm4"].rule_stockout == "tmall/缺货/2026-04-09"


def test_tiktok_us_across_thanksgiving_2026_and_pre_orders(svc, make, now):
    make.shop("tiktok", {"region": "US"})
    wed_10 = datetime(2026, 11, 25, 10, 0, tzinfo=LA)
    # Wed 11-25 → business days Fri 11-27 (Thu 11-26 is Thanksgiving), Mon 11-30 → 23:59 PST 11-30
    make("us1", "tiktok", wed_10)
    # 23:30 Tue 11-24 in Los Angeles is already Wed 15:30 in Shanghai: the order date is LA's, Tue →
    # Wed 11-25, (Thanksgiving), Fri 11-27 → 23:59 PST 11-27
    make("us2", "tiktok", datetime(2026, 11, 24, 23, 30, tzinfo=LA))
    # pre-order closing Wed 11-25 12:00 PST: 1 business day after it → Fri 11-27 23:59 PST
    make("us3", "tiktok", datetime(2026, 11, 10, 9, 0, tzinfo=LA), order_type="Pre-order",
         presale_ends_at=datetime(2026, 11, 25, 12, 0, tzinfo=LA))
    # a pre-order whose close the export does not give: the ordinary 2 business days
    make("us4", "tiktok", wed_10, order_type="Pre-order")
    r = by_id(svc.risk(now))
    assert r["us1"].ship_by == datetime(2026, 11, 30, 23, 59, tzinfo=LA)
    assert r["us2"].ship_by == datetime(2026, 11, 27, 23, 59, tzinfo=LA)
    assert r["us3"].ship_by == datetime(2026, 11, 27, 23, 59, tzinfo=LA)
    assert r["us4"].ship_by == r["us1"].ship_by
    # shown in the shop's zone (Shanghai, UTC+8): 11-30 23:59 PST = 12-01 15:59
    assert r["us1"].to_json("Asia/Shanghai")["ship_by"] == "2026-12-01T15:59:00+08:00"
    assert any("预售 11-26 04:00 结束" in x for x in r["us3"].reasons)  # 12:00 PST = 04:00 the next day in Shanghai


def test_a_europe_london_shop_keeps_beijing_time_for_douyin_and_taobao(svc, make):
    svc.set_setting("timezone", "Europe/London")
    make.shop("douyin", {"promise": "same_day"})  # 当日发: paid before 16:00 Beijing → 23:59:59 that day
    at = lambda *a: datetime(*a, tzinfo=UTC)  # noqa: E731  (London is UTC in November)
    make("dy1", "douyin", at(2026, 11, 20, 7, 30))  # 15:30 Beijing: before the cut-off → 11-20 23:59:59 Beijing
    make("dy2", "douyin", at(2026, 11, 20, 8, 30))  # 16:30 Beijing: after it → 11-21 23:59:59 Beijing
    # one buyer, three Taobao orders of ¥700, each 48 h promise, > 72 h late at `now`: late 1 % = 7 +
    # 缺货 ≤ 48 h 10 % = 70 → 77 each. The same-day cap (100) groups by Beijing date, not London's:
    make("tb3", "taobao", at(2026, 11, 17, 15, 0), amount=70000, buyer="b1")  # 11-17 23:00 Beijing: 77
    make("tb1", "taobao", at(2026, 11, 17, 15, 30), amount=70000, buyer="b1")  # 11-17 23:30 Beijing: 100 − 77 = 23
    make("tb2", "taobao", at(2026, 11, 17, 16, 30), amount=70000, buyer="b1")  # 11-18 00:30 Beijing: its own day, 77
    now = at(2026, 11, 23, 10, 0)
    r = by_id(svc.risk(now))
    assert r["dy1"].ship_by == at(2026, 11, 20, 15, 59, 59)
    assert r["dy2"].ship_by == at(2026, 11, 21, 15, 59, 59)
    assert r["dy1"].to_json("Europe/London")["ship_by"] == "2026-11-20T15:59:59+00:00"
    assert r["tb3"].ship_by == at(2026, 11, 19, 15, 0)  # 48 h is 48 h in any zone
    assert [r[k].penalty_total for k in ("tb3", "tb1", "tb2")] == [D("77.00"), D("23.00"), D("77.00")]


def test_same_buyer_same_day_cap_on_the_sum_of_deductions(svc, make, now):
    day = datetime(2026, 11, 14, 9, 0, tzinfo=now.tzinfo)  # deadlines 11-16 09:00–11:00, > 72 h late at 11-20 18:00
    # Taobao ¥600: late 1 % (3–30) = 6 + 缺货 10 % (5–100) = 60 → 66 each; one buyer's day is capped at 100:
    make("a", "taobao", day, amount=60000, buyer="tb_buyer")  # earliest deadline: 66
    make("b", "taobao", day + H, amount=60000, buyer="tb_buyer")  # 100 − 66 = 34
    make("c", "taobao", day + 2 * H, amount=60000, buyer="tb_buyer")  # nothing left: 0
    make("other", "taobao", day, amount=60000, buyer="someone")  # another buyer: 66
    make("next", "taobao", day + 24 * H, amount=60000, buyer="tb_buyer")  # the next day: 66 again
    # one order alone over the cap: ¥5,000 → late 1 % = 50 → 30 (max) + 缺货 10 % = 500 → 100 (max) = 130 → 100
    make("big", "taobao", day, amount=500000, buyer="big_buyer")
    # Tmall ¥2,000: late 5 % = 100 → 50 (max) + 缺货 10 % = 200 → 250 each; cap 500 → 250, 250, 0
    for i in range(3):
        make(f"tm{i}", "tmall", day + i * H, amount=200000, buyer="tm_buyer")
    r = by_id(svc.risk(now))
    assert [r[k].penalty_total for k in "abc"] == [D("66.00"), D("34.00"), D("0.00")]
    assert r["other"].penalty_total == r["next"].penalty_total == D("66.00")
    assert r["big"].penalty_estimate + r["big"].penalty_stockout == D("130.00") and r["big"].penalty_total == D("100.00")
    assert [r[f"tm{i}"].penalty_total for i in range(3)] == [D("250.00"), D("250.00"), D("0.00")]
    # each order's own charges stay as they are; the cap says how much of them the buyer's day leaves
    assert r["b"].penalty_estimate == D("6.00") and r["b"].penalty_stockout == D("60.00")
    assert "同一买家同一天：平台合计最多扣 ¥100.00，其中本单计 ¥34.00" in r["b"].reasons
    assert not any("同一买家同一天" in x for x in r["a"].reasons)
    assert r["c"].to_json("Asia/Shanghai")["penalty_total"] == "0.00"
    # the money at stake counts each capped total once: 66 + 34 + 0 + 66 + 66 + 100 + 250 + 250 + 0
    assert summarize(list(r.values()))["money_total"] == D("832.00")
    # the seller can still change the number (the rules page's shop thresholds): a 500 cap leaves 66 each
    svc.set_setting("rules.overrides", {"taobao": {"shop.same_buyer_daily_cap_yuan": "500"}})
    r = by_id(svc.risk(now))
    assert [r[k].penalty_total for k in "abc"] == [D("66.00")] * 3 and r["big"].penalty_total == D("130.00")


def test_taobao_speed_keywords_in_the_title_hold_the_promise(svc, make, now):
    make.shop("taobao", {"promise_hours": 72})  # the shop's own setting: 72 h
    paid = now - 10 * H
    make("kw48", "taobao", paid, product="现货 纯棉T恤")  # 现货 → held to 48 h
    make("kw24", "taobao", paid, product="极速发 蓝牙耳机 现货")  # 极速发 → 24 h (the shorter of the two)
    make("plain", "taobao", paid, product="纯棉T恤")  # no keyword: the shop's 72 h
    make("tm", "tmall", paid, product="次日达 保温杯")  # Tmall reads the same notice: 24 h
    r = by_id(svc.risk(now))
    assert r["kw48"].ship_by == paid + 48 * H and r["kw24"].ship_by == paid + 24 * H
    assert r["plain"].ship_by == paid + 72 * H and r["tm"].ship_by == paid + 24 * H
    assert "商品标题含“现货”：按付款后 48 小时发货考核（以最短承诺为准）" in r["kw48"].reasons
    assert r["kw24"].level == "warning"  # 14 h left


def test_one_charge_counted_once_in_the_export_and_the_alert(svc, make, now, tmp_path):
    from openpyxl import load_workbook


    # Douyin, 48 h promise, 56 h late, ¥6,000: the >48 h band is the 缺货 charge, 1 % (2–50) → 50, once
    make("dy", "douyin", now - 104 * H, amount=600000)
    make("pdd", "pdd", now - 50 * H, amount=30000)  # PDD: third-party pages only, so its ¥15 is unverified
    ws = load_workbook(svc.export("risk", tmp_path / "risk.xlsx", now=now)).active
    head = [c.value for c in ws[1]]
    rows = {ws.cell(row=i, column=2).value: {h: ws.cell(row=i, column=j + 1).value for j, h in enumerate(head)}
            for i in range(2, ws.max_row + 1)}
    dy = rows["dy"]
    assert dy["最多扣款（每笔只计一次）"] == 50 and dy["预计扣款"] == 50 and dy["缺货规则"] == "douyin/缺货/2026-06-01"
    assert dy["规则已核实"] == "是" and rows["pdd"]["规则已核实"] == "未核实"
    raised, current = svc.evaluate_alerts(now)
    texts = {c["key"]: c["text"]() for c in current.values() if c["kind"] == "late_shipment"}
    from app.alerts.service import stake

    assert stake(current["order:douyin:dy"]) == 50
    assert texts["order:douyin:dy"][1].endswith("预计扣款 ¥50")  # not ¥100: one charge
    assert texts["order:pdd:pdd"][1].endswith("预计扣款 ¥15（未核实）")


def test_a_europe_london_shop_reads_chinese_exports_in_beijing_time(svc, tmp_path):
    """Douyin and Taobao write their export times in Beijing time; a London shop must not read
    them as London times (8 hours late in November)."""
    from tests.factories import douyin_file, douyin_row, write_csv

    svc.set_setting("timezone", "Europe/London")
    now = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    # 承诺发货时间 2026-11-21 10:00 Beijing = 02:00 UTC = 02:00 London
    dy = douyin_file(tmp_path / "d.xlsx", [douyin_row("6900000000000000001", "6900000000000000002",
                                                      paid="2026-11-19 10:00:00", promise="2026-11-21 10:00:00")])
    # 订单付款时间 2026-11-18 12:40 Beijing (04:40 UTC) + 48 h → 11-20 04:40 UTC: overdue 5 h 20 min at 10:00 UTC
    head = ["订单编号", "买家会员名", "买家应付邮费", "买家实际支付金额", "订单状态", "收货地址 ", "联系手机",
            "订单创建时间", "订单付款时间 ", "宝贝标题 ", "宝贝总数量"]
    tb = write_csv(tmp_path / "t.csv", [head, ['="3043852782037121358"', "t_92b59614", "0.00", "118.40",
                                               "买家已付款，等待卖家发货", "广东省 深圳市 南山区 建设路1号", "151****7047",
                                               "2026-11-18 12:30:43", "2026-11-18 12:40:00", "睡衣", "1"]],
                   encoding="gb18030")
    results = svc.import_files([dy, tb], now=now)
    assert [r.status for r in results] == ["imported", "imported"], [r.errors for r in results]
    r = by_id(svc.risk(now))
    assert r["6900000000000000001"].ship_by == datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
    assert r["6900000000000000001"].to_json("Europe/London")["ship_by"] == "2026-11-21T02:00:00+00:00"
    tbr = r["3043852782037121358"]
    assert tbr.ship_by == datetime(2026, 11, 20, 4, 40, tzinfo=UTC) and tbr.level == "overdue"
    assert tbr.reasons[0].startswith("已超时 5小时20分（截止 11-20 04:40）")  # shown in London time


def _qianniu(path, oid):
    """A classic 千牛 订单报表 (GB18030 CSV): ¥118.40 paid 2026-11-18 12:40 Beijing, not shipped."""
    from tests.factories import write_csv

    head = ["订单编号", "买家会员名", "买家应付邮费", "买家实际支付金额", "订单状态", "收货地址 ", "联系手机",
            "订单创建时间", "订单付款时间 ", "宝贝标题 ", "宝贝总数量"]
    return write_csv(path, [head, [f'="{oid}"', "t_92b59614", "0.00", "118.40", "买家已付款，等待卖家发货",
                                   "广东省 深圳市 南山区 建设路1号", "151****7047", "2026-11-18 12:30:43",
                                   "2026-11-18 12:40:00", "睡衣", "1"]], encoding="gb18030")


def test_a_qianniu_export_imported_as_tmall_by_the_cli_or_the_tmall_shop_setting(svc, data_dir, tmp_path, capsys):
    """48 h from 11-18 12:40 Beijing → due 11-20 12:40; at 11-20 18:00 it is 5 h 20 min late.
    Tmall 延迟发货 5 % (5–50) of ¥118.40 = ¥5.92; the same order on Taobao: 1 % = ¥1.18 → minimum ¥3."""
    from app import settings
    from app.cli import run

    assert settings.DEFAULTS["risk.tmall_shop"] is False
    now = ["--now", "2026-11-20T18:00"]
    args = ["--data-dir", str(data_dir), *now]
    assert run([*args, "import", str(_qianniu(tmp_path / "a.csv", "3043852782037121301")), "--platform", "tmall",
                "--json"]) == 0
    assert [f["platform"] for f in json.loads(capsys.readouterr().out)["files"]] == ["tmall"]
    assert run([*args, "import", str(_qianniu(tmp_path / "b.csv", "3043852782037121302")), "--json"]) == 0
    assert [f["platform"] for f in json.loads(capsys.readouterr().out)["files"]] == ["taobao"]  # auto, setting off
    svc.set_setting("risk.tmall_shop", True)  # the rules page's checkbox
    assert run([*args, "import", str(_qianniu(tmp_path / "c.csv", "3043852782037121303")), "--json"]) == 0
    assert [f["platform"] for f in json.loads(capsys.readouterr().out)["files"]] == ["tmall"]
    assert run([*args, "risk", "--json"]) == 0
    risk = {o["order_id"]: o for o in json.loads(capsys.readouterr().out)["orders"]}
    for oid in ("3043852782037121301", "3043852782037121303"):
        assert risk[oid]["platform"] == "tmall" and risk[oid]["rule"] == "tmall/延迟发货/2026-04-09"
        assert risk[oid]["penalty_estimate"] == "5.92" and risk[oid]["level"] == "overdue"
    assert risk["3043852782037121302"]["platform"] == "taobao" and risk["3043852782037121302"]["penalty_estimate"] == "3.00"


def test_tiktok_vn_before_14_00_same_working_day_after_it_the_next_across_tet(svc, make):
    """TikTok VN (seller-vn knowledge_id=7261258355672849): ordered before 14:00 (Asia/Ho_Chi_Minh,
    UTC+7) → ships by the end of that working day; from 14:00 → the next working day. Tết 2026 in
    resources/calendars/vn.json: Mon 02-16 … Fri 02-20; weekends are not working days either."""
    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    make.shop("tiktok", {"region": "VN"})
    at = lambda *a: datetime(*a, tzinfo=vn)  # noqa: E731
    make("tue_am", "tiktok", at(2026, 2, 10, 13, 59))  # Tue 13:59, before the cut-off → Tue 02-10
    make("tue_pm", "tiktok", at(2026, 2, 10, 14, 0))  # Tue 14:00, not before it → Wed 02-11
    make("fri_am", "tiktok", at(2026, 2, 13, 10, 0))  # Fri before Tết, 10:00 → Fri 02-13
    # Fri 02-13 15:00 → next working day: Sat 14, Sun 15 weekend; Mon 16 – Fri 20 Tết; Sat 21, Sun 22 → Mon 02-23
    make("fri_pm", "tiktok", at(2026, 2, 13, 15, 0))
    make("in_tet", "tiktok", at(2026, 2, 17, 9, 0))  # Tue in Tết: counted from Mon 02-23 00:00, before 14:00 → 02-23
    make("sat", "tiktok", at(2026, 2, 7, 9, 0))  # a Saturday morning: Mon 02-09 00:00 → Mon 02-09
    r = by_id(svc.risk(datetime(2026, 2, 1, tzinfo=UTC)))
    end = lambda *a: datetime(*a, 23, 59, 59, tzinfo=vn)  # noqa: E731
    assert r["tue_am"].ship_by == end(2026, 2, 10) and r["tue_pm"].ship_by == end(2026, 2, 11)
    assert r["fri_am"].ship_by == end(2026, 2, 13) and r["fri_pm"].ship_by == end(2026, 2, 23)
    assert r["in_tet"].ship_by == end(2026, 2, 23) and r["sat"].ship_by == end(2026, 2, 9)
    # in the shop's zone (Shanghai, UTC+8) 02-23 23:59:59 in Hanoi is 02-24 00:59:59
    assert r["fri_pm"].to_json("Asia/Shanghai")["ship_by"] == "2026-02-24T00:59:59+08:00"


def test_a_tiktok_pre_order_end_time_is_imported_and_the_deadline_counts_from_it(svc, store, tmp_path):
    """"Pre-order End Time" 11/25/2026 12:00 PM, read in the shop's zone (Shanghai, UTC+8) = 04:00 UTC
    = Tue 11-24 20:00 PST; 1 business day after the close → Wed 11-25 23:59 PST (= 11-26 07:59 UTC)."""
    from sqlalchemy import select

    from tests.factories import write_csv

    head = ["Order ID", "Order Status", "Normal or Pre-order", "Seller SKU", "Product Name", "Quantity",
            "SKU Subtotal After Discount", "Paid Time", "Pre-order End Time"]
    f = write_csv(tmp_path / "tiktok.csv", [head, ["577000000000000009", "Awaiting Shipment", "Pre-order", "A", "杯子",
                                                   "1", "19.90", "11/10/2026 09:00:00 AM", "11/25/2026 12:00:00 PM"]])
    now = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    (res,) = svc.import_files([f], now=now)
    assert res.status == "imported", res.errors
    with store.session() as s:
        o = s.scalars(select(Order)).one()
    assert o.presale_ends_at == datetime(2026, 11, 25, 4, 0, tzinfo=UTC)
    (r,) = svc.risk(now)
    assert r.ship_by == datetime(2026, 11, 25, 23, 59, tzinfo=LA) == datetime(2026, 11, 26, 7, 59, tzinfo=UTC)
    assert any("预售 11-25 12:00 结束" in x for x in r.reasons)


def test_douyin_scheduled_delivery_orders_from_the_export_are_priced_by_the_5_percent_band(svc, store, tmp_path):
    """The Douyin export marks a 预约到货 order with 预约送达时间 (Beijing time). 预约到货超时 (notice
    aJoPPkWZ7VQM, 2026-08-10): 5 % (5–50) of the amount paid, whole yuan. At 11-20 18:00 Beijing,
    each order paid 11-19 10:00 with its 48 h promise to 11-21 10:00 (16 h left: no late charge yet,
    and a ≤ 48 h promise late ≤ 48 h has no per-order amount)."""
    from sqlalchemy import select

    from tests.factories import DOUYIN_HEAD, douyin_row, write_xlsx

    rows = [douyin_row("69001", "69001-1", amount="123.45") + ["2026-11-20 12:00:00"],  # passed, unshipped
            douyin_row("69002", "69002-1", amount="60.00") + ["2026-11-20 17:59:00"],  # passed a minute ago
            douyin_row("69003", "69003-1", amount="2000.00") + ["2026-11-22 12:00:00"],  # still ahead
            douyin_row("69004", "69004-1", amount="123.45") + ["-"]]  # an ordinary order
    f = write_xlsx(tmp_path / "dy.xlsx", [DOUYIN_HEAD + ["预约送达时间"], *rows])
    now = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)  # 18:00 Beijing
    (res,) = svc.import_files([f], now=now)
    assert res.status == "imported", res.errors
    with store.session() as s:
        got = dict(s.execute(select(Order.order_id, Order.scheduled_delivery_at)).all())
    assert got["69001"] == datetime(2026, 11, 20, 4, 0, tzinfo=UTC) and got["69004"] is None
    r = by_id(svc.risk(now))
    assert {k: r[k].level for k in r} == dict.fromkeys(r, "warning") and r["69001"].penalty_estimate == D("0.00")
    # 5 % of 123.45 = 6.1725 → whole yuan 6; the delivery time has passed unshipped: counted once
    assert r["69001"].penalty_total == D("6.00")
    assert "已过预约送达时间 11-20 12:00 仍未发货：预约到货超时（douyin/预约到货超时/2026-08-10）扣 ¥6.00，已计入最多扣款" \
        in r["69001"].reasons
    assert r["69002"].penalty_total == D("5.00")  # 5 % of 60 = 3 → the minimum 5
    # still ahead: 5 % of 2,000 = 100 → the maximum 50, named as the money at stake, not yet in the total
    assert r["69003"].penalty_total == D("0.00")
    assert "预约 11-22 12:00 前送达：届时未送达按预约到货超时（douyin/预约到货超时/2026-08-10）扣 ¥50.00" in r["69003"].reasons
    assert r["69004"].penalty_total == D("0.00") and not any("预约" in x for x in r["69004"].reasons)
    assert r["69001"].to_json("Asia/Shanghai")["penalty_total"] == "6.00"

"""Demo shop, generated relative to ``now`` so every tab shows something live on first start."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from app.inventory.ledger import resolve_lines
from app.store.models import (
    Order,
    OrderLine,
    PurchaseOrder,
    Shop,
    Sku,
    SkuSubstitute,
    StockMovement,
)
from app.text import t

# code, name, spec, price (fen), stock, safety, lead days
CATALOGUE = [
    ("SS01-01", "加厚珊瑚绒睡衣女冬季套装", "粉色 M", 5990, 0, 10, 3),
    ("SS01-02", "加厚珊瑚绒睡衣女冬季套装", "粉色 L", 5990, 60, 10, 3),
    ("SS01-03", "加厚珊瑚绒睡衣女冬季套装", "灰色 M", 5990, 4, 10, 7),
    ("SS02-01", "儿童保温杯316不锈钢带吸管", "蓝色 480ml", 3900, 100, 15, 5),
    ("SS02-02", "儿童保温杯316不锈钢带吸管", "粉色 480ml", 3900, 8, 15, 5),
    ("SS03-01", "手工红糖姜茶 古法熬制", "250g*2罐", 2990, 33, 10, 10),
    ("SS04-01", "无线蓝牙耳机 降噪 长续航", "白色", 12900, 63, 8, 14),
    ("SS04-02", "无线蓝牙耳机 降噪 长续航", "黑色", 12900, 0, 8, 14),
    ("SS05-01", "家用折叠收纳箱 大号", "浅灰 66L", 4580, 12, 5, 4),
    ("SS06-01", "网红零食大礼包", "混合装", 6800, 31, 10, 3),
    ("SS07-01", "云南高山普洱茶 熟茶饼", "357g", 16800, 42, 5, 20),
    ("SS08-01", "车载手机支架 出风口", "黑色", 2500, 45, 10, 5),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
PLACES = [("广东省", "深圳市", "南山区"), ("浙江省", "杭州市", "西湖区"), ("北京", "北京市", "朝阳区"),
          ("四川省", "成都市", "武侯区"), ("江苏省", "南京市", "建邺区"), ("山东省", "青岛市", "市南区")]
PLATFORM_IDS = {
    "douyin": lambda r: str(r.randrange(6900000000000000000, 6999999999999999999)),
    "taobao": lambda r: str(r.randrange(3000000000000000000, 3099999999999999999)),
    "pdd": lambda r: f"{r.randrange(100000, 999999)}-{r.randrange(10**14, 10**15)}",
    "kuaishou": lambda r: str(r.randrange(2400000000000000, 2499999999999999)),
    "tiktok": lambda r: str(r.randrange(576000000000000000, 576999999999999999)),
}
# platforms whose exports carry a promised ship time
PROMISE_COLUMN = {"douyin", "pdd", "kuaishou"}


def load_demo(session, now: datetime, seed: int = 7) -> None:
    rnd = random.Random(seed)
    start = now - timedelta(days=35)
    shops = {p: Shop(platform=p, name="小满的铺子") for p in PLATFORM_IDS}
    session.add_all(shops.values())
    skus = {}
    for code, name, spec, price, stock, safety, lead in CATALOGUE:
        sku = Sku(code=code, name=name, spec=spec, cost_fen=price * 45 // 100, safety_stock=safety,
                  lead_time_days=lead, supplier=rnd.choice(["义乌恒发", "广州锦程", "云南茶坊"]))
        session.add(sku)
        skus[code] = (sku, price, stock)
    session.flush()
    for sku, _price, stock in skus.values():
        # opening count plus what was sold since, so today's on-hand matches the catalogue
        session.add(StockMovement(sku_id=sku.id, kind="sheet", delta=stock + 60, counted=stock + 60,
                                  at=start, reason=t("Opening stock")))
        session.add(StockMovement(sku_id=sku.id, kind="shipped", delta=-60, at=now - timedelta(days=2),
                                  reason=t("Shipped out")))
    session.add(SkuSubstitute(sku_id=skus["SS01-01"][0].id, substitute_id=skus["SS01-02"][0].id))
    session.add(SkuSubstitute(sku_id=skus["SS04-02"][0].id, substitute_id=skus["SS04-01"][0].id))
    session.add(PurchaseOrder(sku_id=skus["SS04-02"][0].id, quantity=50, supplier="广州锦程",
                              expected_at=now + timedelta(days=3)))

    codes = list(skus)
    for i in range(160):
        platform = rnd.choice(list(PLATFORM_IDS))
        # a third of the orders are still open, spread from overdue to comfortably early
        open_ = i % 3 == 0
        hours_ago = rnd.uniform(2, 80) if open_ else rnd.uniform(30, 30 * 24)
        paid = now - timedelta(hours=hours_ago)
        ship_by = paid + timedelta(hours=48)
        status = "unshipped" if open_ else rnd.choice(["shipped", "completed", "completed"])
        shipped_at = None if open_ else paid + timedelta(hours=rnd.uniform(3, 40))
        province, city, district = rnd.choice(PLACES)
        o = Order(
            shop_id=None, platform=platform, order_id=PLATFORM_IDS[platform](rnd), status=status,
            raw_status={"unshipped": "待发货", "shipped": "已发货", "completed": "已完成"}[status],
            order_type="normal", created_at=paid - timedelta(minutes=5), paid_at=paid,
            promised_ship_at=ship_by if platform in PROMISE_COLUMN else None,
            shipped_at=shipped_at, picked_up_at=shipped_at + timedelta(hours=3) if shipped_at and i % 7 else None,
            recipient=rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN),
            phone_masked=f"1{rnd.randrange(30, 99)}****{rnd.randrange(1000, 9999)}",
            province=province, city=city, district=district,
            address=f"{province} {city} {district} 建设路{rnd.randrange(1, 300)}号",
            updated_at=now,
        )
        total = 0
        for n in range(1 if rnd.random() < 0.7 else 2):
            code = rnd.choice(codes)
            sku, price, _ = skus[code]
            qty = 1 if rnd.random() < 0.8 else 2
            total += price * qty
            o.lines.append(OrderLine(line_id=f"{o.order_id}-{n + 1}", product=sku.name, spec=sku.spec,
                                     sku_code=code, quantity=qty, unit_price_fen=price, amount_fen=price * qty))
        o.amount_paid_fen = total
        o.shop_id = None
        session.add(o)
    _tiktok_month(session, now, seed)
    session.flush()
    for p, shop in shops.items():
        session.query(Order).filter(Order.platform == p).update({"shop_id": shop.id})
    resolve_lines(session)
    from app.evaluation import journal

    journal.record(session, "all", now=now)  # a whole new shop


def _tiktok_month(session, now: datetime, seed: int) -> None:
    """A month of dispatched TikTok orders (a few late), so the shop-health panel has a rate to
    show; its own random stream, picked up and without lines: the other tabs stay as they were."""
    rnd = random.Random(seed + 1)
    for k in range(72):
        paid = now - timedelta(days=3 + k * 27 / 72, hours=rnd.uniform(0, 6))
        late = k in (9, 30, 51)  # over the 2-business-day promise: after the weekend and more
        shipped = paid + timedelta(days=5 if late else 0, hours=rnd.uniform(3, 20))
        session.add(Order(shop_id=None, platform="tiktok", order_id=PLATFORM_IDS["tiktok"](rnd), status="completed",
                          raw_status="Completed", order_type="normal", created_at=paid - timedelta(minutes=5),
                          paid_at=paid, shipped_at=shipped, picked_up_at=shipped + timedelta(hours=2),
                          updated_at=now))


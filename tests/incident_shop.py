"""A shop's orders built in code for the incident tests: SKUs, a regular flow, bursts."""

from __future__ import annotations

from datetime import timedelta

from app.store.models import Order, OrderLine, Sku, SkuAlias, StockMovement

H = timedelta(hours=1)
M = timedelta(minutes=1)


class Shop:
    def __init__(self, store, now):
        self.store, self.now, self.skus, self.n = store, now, {}, 0

    def sku(self, code, cost=0, stock=None, alias=None, alias_platform="*"):
        with self.store.session() as s:
            row = Sku(code=code, name=f"{code} 名称", cost_fen=cost)
            s.add(row)
            s.flush()
            self.skus[code] = row.id
            if stock is not None:
                s.add(StockMovement(sku_id=row.id, kind="sheet", delta=stock, counted=stock, at=self.now - 48 * H))
            if alias:
                s.add(SkuAlias(platform=alias_platform, platform_code=alias, sku_id=row.id))
        return row.id

    def orders(self, code, times, price, platform="douyin", qty=1, status="unshipped", buyers=None,
               line_code=None, promise=48 * H):
        """One order per paid time; ``buyers``: how many distinct buyers take turns (default: one each)."""
        rows = []
        for k, paid in enumerate(times):
            self.n += 1
            oid = f"{platform[:2].upper()}{self.n:08d}"
            buyer = f"买家{k % buyers if buyers else self.n}"
            o = Order(platform=platform, order_id=oid, status=status, paid_at=paid, promised_ship_at=paid + promise,
                      amount_paid_fen=price * qty, buyer=buyer, recipient=buyer, phone_masked="138****0000")
            o.lines.append(OrderLine(line_id=f"{oid}-1", sku_id=self.skus.get(code), sku_code=line_code or code,
                                     quantity=qty, unit_price_fen=price, amount_fen=price * qty, product="珊瑚绒睡衣"))
            rows.append(o)
        with self.store.session() as s:
            s.add_all(rows)
        return [o.order_id for o in rows]

    def regular(self, code, per_day, days, price, platform="douyin", hours=(10, 14, 20), end=None):
        """``per_day`` orders a day for ``days`` days before ``end`` (default: a day ago), at the given hours."""
        end = end or self.now - 24 * H
        times = []
        for d in range(days):
            day = end - timedelta(days=d + 1)
            for k in range(per_day):
                times.append(day.replace(hour=hours[k % len(hours)], minute=(7 * k) % 60))
        return self.orders(code, times, price, platform, status="shipped")

    def burst(self, code, n, price, minutes=40, end=None, **kw):
        end = end or self.now - 20 * M
        return self.orders(code, [end - timedelta(seconds=int(minutes * 60 * k / n)) for k in range(n)], price, **kw)

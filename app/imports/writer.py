"""The order writer: canonical orders and lines stored in the session's transaction.

New orders go in with executemany (bulk_insert), changed ones are updated in place — a newer export
updates what the platform knows, the seller's own marks stay — and every line gets its SKU.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func, select, update

from app.chunks import in_chunks
from app.evaluation import journal
from app.imports.result import FileResult, Rejected, err
from app.store.models import Order, OrderLine, Shop
from app.text import t

ORDER_COLS = ("status", "raw_status", "after_sale", "order_type", "created_at", "paid_at", "promised_ship_at",
              "presale_ends_at", "scheduled_delivery_at",
              "shipped_at", "amount_paid_fen", "postage_fen", "buyer", "recipient", "phone_masked", "province",
              "city", "district", "address", "carrier", "tracking", "buyer_message", "seller_note",
              "cancelled_at", "cancel_by", "cancel_reason")
COMPARE = ("status", "promised_ship_at", "shipped_at", "amount_paid_fen", "tracking", "after_sale", "cancel_reason")
LINE_COLS = ("line_id", "status", "product", "spec", "sku_code", "sku_id", "quantity", "unit_price_fen",
             "amount_fen", "refund_status")


class OrderWriter:
    """Stores canonical orders and lines in the session's transaction, one block at a time."""

    def __init__(self, s, platform: str, res: FileResult, now: datetime):
        from app.inventory.ledger import sku_resolver

        self.s, self.platform, self.res, self.now = s, platform, res, now
        self.shop_id = None
        self.resolve = sku_resolver(s)
        self.unmatched = 0  # lines whose 商家编码 matches no SKU of the shop (the seller is told)
        # none of the platform's orders stored yet: every order of this file is new
        self.fresh = s.scalar(select(Order.id).where(Order.platform == platform).limit(1)) is None

    def write(self, orders: dict, lines: dict | None) -> None:
        from app.store.session import bulk_insert

        s, platform, res, now = self.s, self.platform, self.res, self.now
        orders["phone_masked"] = orders.pop("phone")
        _check_lengths(Order.__table__, orders, orders["order_id"])
        if lines is not None:
            _check_lengths(OrderLine.__table__, lines, lines["order_id"])
        if self.shop_id is None:
            self.shop_id = s.scalar(select(Shop.id).where(Shop.platform == platform).order_by(Shop.id).limit(1))
            if self.shop_id is None:  # the platform's first import, maybe on two PCs at once
                from app.store.session import insert_once

                insert_once(s, Shop, {"platform": platform, "name": "默认店铺", "options": "{}"}, ["platform", "name"])
                self.shop_id = s.scalar(select(Shop.id).where(Shop.platform == platform))
        shop_id = self.shop_id
        ids = orders["order_id"]
        n = len(ids)
        existing = {} if self.fresh else _existing(s, platform, ids)
        conn = s.connection()
        t, lt = Order.__table__, OrderLine.__table__
        new_k, changed, same = _sort_out(existing, ids, orders)
        res.created += len(new_k)
        res.updated += len(changed)
        res.unchanged += n - len(new_k) - len(changed)
        if lines is not None:
            lines["sku_id"] = _resolve_skus(self.resolve, platform, lines)
            if self.resolve is not None:
                self.unmatched += sum(1 for c, k in zip(lines["sku_code"], lines["sku_id"], strict=True) if c and k is None)
        if new_k:
            before = s.scalar(select(func.max(Order.id))) or 0
            sel = (lambda col: col) if len(new_k) == n else (lambda col: list(map(col.__getitem__, new_k)))
            cols = {"shop_id": [shop_id] * len(new_k), "platform": [platform] * len(new_k), "order_id": sel(ids),
                    "updated_at": [now] * len(new_k), "seen_at": [now] * len(new_k)}
            cols.update({c: sel(orders[c]) for c in ORDER_COLS})
            bulk_insert(conn, t, cols)
            new_ids = set(cols["order_id"])
            pk = _order_pks(s, platform, cols["order_id"], before)
            journal.record(s, "order", pk.values(), now)  # the next evaluation looks at these
            if lines is not None:
                mine = [k for k, o in enumerate(lines["order_id"]) if o in new_ids]
                sel = (lambda col: col) if len(mine) == len(lines["order_id"]) else (lambda col: list(map(col.__getitem__, mine)))
                lcols = {"order_pk": [pk[o] for o in sel(lines["order_id"])]}
                lcols.update({c: sel(lines[c]) for c in LINE_COLS})
                _dedupe_lines(lcols)
                bulk_insert(conn, lt, lcols)
        if changed:
            # a newer export updates what the platform knows; the seller's own marks stay
            journal.record(s, "order", (existing[ids[k]][0] for k in changed), now)
            params = [{"_pk": existing[ids[k]][0], "updated_at": now, "seen_at": now,
                       **{c: orders[c][k] for c in ORDER_COLS}} for k in changed]
            conn.execute(update(t).where(t.c.id == bindparam("_pk")).values(
                {c: bindparam(c) for c in ("updated_at", "seen_at") + ORDER_COLS}), params)
            if lines is not None:
                pks = {ids[k]: existing[ids[k]][0] for k in changed}
                have = set()
                for chunk in in_chunks(pks.values(), 500):
                    have.update(s.execute(select(lt.c.order_pk, lt.c.line_id).where(lt.c.order_pk.in_(chunk))).all())
                upd, new = [], {c: [] for c in ("order_pk",) + LINE_COLS}
                for k, o in enumerate(lines["order_id"]):
                    opk = pks.get(o)
                    if opk is None:
                        continue
                    if (opk, lines["line_id"][k]) in have:
                        upd.append({"_pk": opk, "_line": lines["line_id"][k], "status": lines["status"][k],
                                    "refund_status": lines["refund_status"][k], "quantity": lines["quantity"][k]})
                    else:
                        new["order_pk"].append(opk)
                        for c in LINE_COLS:
                            new[c].append(lines[c][k])
                if upd:
                    conn.execute(update(lt).where(lt.c.order_pk == bindparam("_pk"), lt.c.line_id == bindparam("_line"))
                                 .values(status=bindparam("status"), refund_status=bindparam("refund_status"),
                                         quantity=bindparam("quantity")), upd)
                if new["order_pk"]:
                    _dedupe_lines(new)
                    bulk_insert(conn, lt, new)
        for chunk in in_chunks(same, 500):  # unchanged, but this newer export vouches for their state
            conn.execute(update(t).where(t.c.id.in_(chunk)).values(seen_at=now))


def _sort_out(existing: dict, ids: list[str], orders: dict) -> tuple[list[int], list[int], list[int]]:
    """(rows of new orders, rows of changed ones, primary keys of the orders held unchanged)."""
    if not existing:
        return list(range(len(ids))), [], []
    new_k, changed, same = [], [], []
    for k, oid in enumerate(ids):
        old = existing.get(oid)
        if old is None:
            new_k.append(k)
        elif tuple(old[2:]) != tuple(orders[c][k] for c in COMPARE):
            changed.append(k)
        else:
            same.append(old[0])
    return new_k, changed, same


def _check_lengths(table, cols: dict, order_ids: list) -> None:
    """A value longer than its column (an order number, a line id, a SKU code) is the file's fault:
    said with the order and the column, on both dialects (PostgreSQL would refuse the whole file
    with a database error, SQLite would store it)."""
    for name, values in cols.items():
        c = table.c.get(name)
        limit = getattr(c.type, "length", None) if c is not None else None
        if not limit or not any(isinstance(v, str) and len(v) > limit for v in values):
            continue
        k = next(k for k, v in enumerate(values) if isinstance(v, str) and len(v) > limit)
        raise Rejected([err(t("Order {order}: the {column} is {length} characters long, more than the {limit} "
                              "an export has there; nothing of this file was imported",
                              order=str(order_ids[k])[:40], column=name, length=len(values[k]), limit=limit),
                            column=name)])


def _existing(s, platform: str, ids: list[str]) -> dict[str, tuple]:
    cols = [Order.id, Order.order_id] + [getattr(Order, c) for c in COMPARE]
    out: dict[str, tuple] = {}
    if len(ids) > 5000:  # one scan beats hundreds of IN lists
        wanted = set(ids)
        for row in s.execute(select(*cols).where(Order.platform == platform)):
            if row[1] in wanted:
                out[row[1]] = row
        return out
    for chunk in in_chunks(ids, 500):
        for row in s.execute(select(*cols).where(Order.platform == platform, Order.order_id.in_(chunk))):
            out[row[1]] = row
    return out


def _order_pks(s, platform: str, ids: list[str], before: int) -> dict[str, int]:
    """Primary keys of the orders just inserted (in ``ids`` order, all after id ``before``)."""
    n = len(ids)
    cnt, top = s.execute(select(func.count(Order.id), func.max(Order.id)).where(Order.id > before)).one()
    if cnt == n and top == before + n:  # one gap-free run: the keys follow the insert order
        ends = dict(s.execute(select(Order.id, Order.order_id).where(Order.id.in_([before + 1, before + n]))).all())
        if ends.get(before + 1) == ids[0] and ends.get(before + n) == ids[-1]:
            return dict(zip(ids, range(before + 1, before + n + 1), strict=True))
    return dict(s.execute(select(Order.order_id, Order.id).where(
        Order.platform == platform, Order.id > before)).all())


def _resolve_skus(resolve, platform: str, lines: dict) -> list:
    if resolve is None:
        return [None] * len(lines["order_id"])
    keys = list(zip(lines["sku_code"], lines["product"], lines["spec"], strict=True))
    table = {key: resolve(platform, *key) for key in set(keys)}
    return list(map(table.__getitem__, keys))


def _dedupe_lines(cols: dict) -> None:
    """A line listed twice in one export is stored once (the later row wins)."""
    keys = list(zip(cols["order_pk"], cols["line_id"], strict=True))
    if len(set(keys)) == len(keys):
        return
    last = dict(zip(keys, range(len(keys)), strict=True))
    keep = sorted(last.values())
    for c in cols:
        cols[c] = [cols[c][k] for k in keep]

"""Rows → canonical orders and lines.

A file's converted columns ({field: values}, one entry per row) become order columns (one entry per
order: its first row, amounts summed where the profile prices each line) and line columns; Taobao's
宝贝报表 supplies the lines of its 订单报表. Phones are masked here, before anything is stored.
"""

from __future__ import annotations

import logging
from collections import Counter

from app.imports.result import FileResult
from app.text import t

log = logging.getLogger(__name__)
ORDER_FIELDS = ("status", "after_sale", "order_type", "paid_at", "created_at", "promised_ship_at", "presale_ends_at",
                "scheduled_delivery_at", "shipped_at",
                "buyer", "recipient", "phone", "province", "city", "district", "address", "carrier", "tracking",
                "buyer_message", "seller_note", "cancelled_at", "cancel_by", "cancel_reason")


def mask_phone(p: str) -> str:
    if "*" in p:  # masked by the platform already
        return p
    if len(p) >= 7 and p.isdigit():
        return f"{p[:3]}****{p[-4:]}"
    digits = "".join(ch for ch in p if ch.isdigit())
    if len(digits) < 7:
        return p
    return f"{digits[:3]}****{digits[-4:]}"


def warn_unknown_status(res: FileResult, unknown: Counter) -> None:
    """A status the profile does not know is read as unshipped (an alert too many rather than a
    late order missed); the seller is told which, and how many orders it touched."""
    for status, n in unknown.most_common():
        res.warnings.append(t("Order status “{status}” is not known to ShopSentry ({n} orders): they are treated as "
                              "not yet shipped", status=status, n=n))
        log.warning("%s: unknown order status %r on %d orders", res.file, status, n)


def reject_all_unknown(unknown: Counter, orders: int) -> None:
    """Not one status known: the file is in a language or layout ShopSentry cannot read, and reading
    every order as unshipped would raise an alarm for each; nothing is imported."""
    if orders and sum(unknown.values()) >= orders:
        from app.imports.result import Rejected, err

        listed = t("、").join(f"“{s}”" for s, _ in unknown.most_common(10))
        raise Rejected([err(t("None of the order statuses in this file is known to ShopSentry ({statuses}), nothing "
                              "imported: tell us the platform and these statuses so they can be added",
                              statuses=listed))])


def canonical(prof: dict, data: dict[str, list], items: dict[str, list] | None, unknown: Counter | None = None):
    """Rows → order columns (one entry per order) and line columns, all as lists.

    ``unknown`` counts the orders whose status the profile does not know."""
    n = len(data["order_id"])
    oids = data["order_id"]
    none = [None] * n
    smap = {k.lower(): v for k, v in prof["status"].items()}
    raw_status = data.get("status", none)
    to_canon = {s: smap.get(s.lower()) for s in set(raw_status) if s}
    to_canon[None] = None
    status = list(map(to_canon.__getitem__, raw_status))
    # index of each order's first row; later rows of the order only add lines and amounts
    first = dict(zip(reversed(oids), range(n - 1, -1, -1), strict=True))
    idx = sorted(first.values())
    pick = (lambda col: list(map(col.__getitem__, idx))) if len(idx) != n else (lambda col: list(col))
    orders = {"order_id": pick(oids)}
    for f in ORDER_FIELDS:
        orders[f] = pick(data[f]) if f in data else [None] * len(idx)
    orders["raw_status"] = pick(raw_status)
    strange = {raw for raw, canon in to_canon.items() if raw and canon is None}
    if strange and unknown is not None:
        unknown.update(raw for raw in orders["raw_status"] if raw in strange)
    ost = pick(status)
    open_orders = {o for o, s in zip(oids, status, strict=True) if s == "unshipped"}
    orders["status"] = ["unshipped" if o in open_orders else (s or "unshipped")
                        for o, s in zip(orders["order_id"], ost, strict=True)]
    amount = data.get("amount_paid", none)
    per_line = prof["rows"] == "line" or prof.get("amount_scope") == "line"
    if per_line and len(idx) != n:
        acc = dict.fromkeys(first, 0)
        for o, a in zip(oids, amount, strict=True):
            if a:
                acc[o] += a
        orders["amount_paid_fen"] = [acc[o] for o in orders["order_id"]]
    else:
        orders["amount_paid_fen"] = [a or 0 for a in pick(amount)]
    orders["postage_fen"] = [p or 0 for p in pick(data.get("postage", none))]
    masked = {p: mask_phone(p) if p else p for p in set(orders["phone"])}
    orders["phone"] = list(map(masked.__getitem__, orders["phone"]))

    if prof["rows"] == "line":
        closed_after = set(prof.get("line_closed_after_sale", []))
        after = data.get("after_sale", none)
        line_status = ["closed" if (a in closed_after or s == "closed") else s
                       for a, s in zip(after, status, strict=True)]
        lines = line_columns(data, oids, line_status, after)
    else:
        lines = None
        if items is not None:
            ist = [smap.get(s.lower()) if s else None for s in items.get("status", [None] * len(items["order_id"]))]
            known = set(first)
            keep = [k for k, o in enumerate(items["order_id"]) if o in known]
            items = {f: [v[k] for k in keep] for f, v in items.items()}
            ist = [ist[k] for k in keep]
            after = items.get("after_sale", [None] * len(keep))
            closed_after = set(prof.get("line_closed_after_sale", [])) | {"退款成功"}
            ist = ["closed" if (a in closed_after or s == "closed") else s for a, s in zip(after, ist, strict=True)]
            lines = line_columns(items, items["order_id"], ist, after)
        with_lines = set(lines["order_id"]) if lines else set()
        lone = [k for k, o in enumerate(orders["order_id"]) if o not in with_lines]
        if lone:  # an order without its item rows: one line for the whole order
            qty = pick(data["quantity"]) if "quantity" in data else [1] * len(idx)
            product = pick(data["product"]) if "product" in data else [None] * len(idx)
            extra = {"order_id": [orders["order_id"][k] for k in lone],
                     "line_id": [f"{orders['order_id'][k]}-1" for k in lone],
                     "status": [None] * len(lone), "product": [product[k] for k in lone],
                     "spec": [None] * len(lone), "sku_code": [None] * len(lone),
                     "quantity": [1 if qty[k] is None else qty[k] for k in lone], "unit_price_fen": [0] * len(lone),
                     "amount_fen": [orders["amount_paid_fen"][k] for k in lone],
                     "refund_status": [None] * len(lone)}
            lines = extra if lines is None else {f: lines[f] + extra[f] for f in lines}
    return orders, lines


def line_columns(data: dict, oids: list, status: list, after: list) -> dict[str, list]:
    n = len(oids)
    none = [None] * n
    qty = [1 if q is None else q for q in data["quantity"]] if "quantity" in data else [1] * n  # 0 stays 0 (a gift line)
    unit = [u or 0 for u in data.get("unit_price", none)]
    amount = data.get("amount_paid")
    amount = [a if a is not None else u * q for a, u, q in zip(amount, unit, qty, strict=True)] if amount \
        else [u * q for u, q in zip(unit, qty, strict=True)]
    given = data.get("line_id")
    if given is not None and None not in given:
        line_ids = given
    else:  # number the lines within each order: 1, 2, …
        seen: dict[str, int] = {}
        line_ids = []
        for k, o in enumerate(oids):
            seen[o] = seen.get(o, 0) + 1
            line_ids.append(given[k] if given is not None and given[k] else f"{o}-{seen[o]}")
    return {"order_id": list(oids), "line_id": line_ids, "status": status, "product": data.get("product", none),
            "spec": data.get("spec", none), "sku_code": data.get("sku_code", none), "quantity": qty,
            "unit_price_fen": unit, "amount_fen": amount, "refund_status": after}

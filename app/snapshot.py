"""One read of the shop per refresh (issue #22): the open orders, their lines, on-hand stock and
bundles, read once in one transaction by the risk engine's own loader (``load_rows(with_info=True)``)
and shared by the risk evaluation, the order details, the stock report, 待备货 and the contact
queue's refresh and listing, which each read them again before.

``build`` makes what the four tabs show from it (``Services.snapshot``); the scheduler's tick builds
the same from the data its alerts were evaluated on, so the window shows it without a second
evaluation (app/scheduler.py ``CheckResult.snapshot``).
"""

from __future__ import annotations

import logging
from collections import defaultdict, namedtuple
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cached_property
from operator import itemgetter

log = logging.getLogger(__name__)

# the fields of an order and of a line that filling a contact message reads (app/contact/context.py)
OrderRow = namedtuple("OrderRow", "id platform order_id status order_type buyer recipient phone_masked province city")
LineRow = namedtuple("LineRow", "id order_pk sku_id sku_code product spec quantity")


def _utc(value) -> datetime | None:
    """A stored time read raw (SQLite text or a driver's naive datetime) as the store hands it back."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class ShopData:
    """What one refresh reads of the open orders, as plain rows (see ``load_rows``): read-only."""

    rows: dict  # app/risk/engine.py load_rows(with_info=True): orders, lines, shops, on_hand, bundles, extras

    @property
    def on_hand(self) -> dict[int, int]:
        return self.rows["on_hand"]

    @property
    def bundles(self) -> dict[int, list[tuple[int, int]]]:
        return self.rows["bundles"]

    @property
    def open_lines(self) -> list[tuple]:
        """(order_pk, sku_id, quantity) of every line that still needs goods."""
        return self.rows["lines"]

    @cached_property
    def reserved(self) -> dict[int, int]:
        """Units held by open lines per SKU, bundles expanded (app/inventory/ledger.py reserved_by_sku)."""
        from app.inventory.ledger import expand_reserved

        sums: dict[int, int] = defaultdict(int)
        for _pk, sku, qty in self.open_lines:
            if sku is not None:
                sums[sku] += qty
        return expand_reserved(sums, self.bundles)

    @cached_property
    def orders(self) -> Mapping[int, OrderRow]:
        """Open order pk → the fields a contact message reads, each made when asked for (the rows
        are kept as read: 100k of them made at once weighed on the window's peak)."""
        at = self.rows["info_at"]
        return _Made({r[0]: r for r in self.rows["orders"]}, lambda r: OrderRow(
            r[0], r[1], r[2], "unshipped", r[at], r[at + 1], r[at + 2], r[at + 3], r[at + 4], r[at + 5]))

    @cached_property
    def lines(self) -> Mapping[int, list[LineRow]]:
        """Open order pk → every line of it (closed ones too), in line order, made when asked for."""
        out: dict[int, list] = defaultdict(list)
        for row in self.rows["all_lines"]:
            out[row[0]].append(row)
        return _Made(dict(out), _line_rows)

    @cached_property
    def info(self) -> dict[int, dict]:
        """Open order pk → its display fields (app/orders.py ``order_info``), from this read."""
        from app.orders import describe

        at = self.rows["info_at"]
        orders = ((r[0], r[at + 2], r[at + 1], r[at + 3], r[at + 4], r[at + 5], _utc(r[at + 6]))
                  for r in self.rows["orders"])
        return describe(orders, ((pk, code, product, spec, qty) for rows in self.lines.rows.values()
                                 for pk, _id, _sku, code, product, spec, qty in _by_line(rows)))


def _by_line(rows: list[tuple]) -> list[tuple]:
    return sorted(rows, key=itemgetter(1)) if len(rows) > 1 else rows  # by line id, as the store lists them


def _line_rows(rows: list[tuple]) -> list[LineRow]:
    """An order's lines as read (order_pk, line id, sku, code, product, spec, quantity), by line id."""
    return [LineRow(line_id, pk, sku, code, product, spec, qty)
            for pk, line_id, sku, code, product, spec, qty in _by_line(rows)]


class _Made(Mapping):
    """Key → ``make(row)``, made on each look-up from the rows kept: what few callers ask of many."""

    def __init__(self, rows: dict, make):
        self.rows, self._make = rows, make

    def __getitem__(self, key):
        return self._make(self.rows[key])

    def __contains__(self, key) -> bool:
        return key in self.rows

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def load(store, settings: dict, with_info: bool = True) -> ShopData:
    """The one read of a refresh, in one transaction (the parts agree with each other).
    ``with_info=False``: only what risk and stock need (an evaluation no tab will show: the CLI's
    check), about 0.4 s less at 100k open orders; ``orders``, ``lines`` and ``info`` then need it."""
    from app.risk.engine import load_for

    with store.session() as s:
        return ShopData(load_for(s, settings, with_info=with_info))


def build(svc, now: datetime, data: ShopData | None = None, risks=None, stock=None) -> dict:
    """Everything the four tabs show at ``now`` from one read (``data``; read here when not given);
    ``risks``, ``stock``: the evaluations a scheduler tick already made of the same read."""
    data = svc.shop_data() if data is None else data
    risks = svc.risk(now, data) if risks is None else risks
    try:
        health = svc.health.evaluate(now, risks=risks)  # its open orders: these deadlines
    except Exception:  # a shop-level figure must not take the order tabs down; details in the log
        log.exception("shop health could not be evaluated")
        health = []
    stock = svc.stock(now, data) if stock is None else stock
    return {
        "now": now,
        "stock": stock,
        "prepare": svc.to_prepare(now, risks, data),
        "unmatched": svc.inventory.unmatched(),
        "catalogue": svc.inventory.all_skus(data.bundles),  # the stock dialogs' SKU lists (#15: read here)
        "risk": risks,
        "info": data.info,  # every open order's details, from the same read
        "tasks": svc.contacts(now, risks, data, details=False),  # the pane reads the selected one's
        "counts": svc.counts(),
        "fresh": svc.freshness(now),
        "health": health,
        "health_texts": [svc.health.sentences(m) for m in health],
        "health_marks": svc.health.order_marks(health),
        "incidents": svc.incidents.listing(),  # as the last check found them (the scheduler detects)
    }


def delta(svc, now: datetime, done) -> dict:
    """What an incremental round (``done``: app.evaluation.tick.Done) moved, for the tabs to patch
    in (``merge``): the changed orders' risks and details, their contact tasks, and the stock,
    health and freshness figures when those rooms were looked at again."""
    changed, p = done.changed, done.plan
    out = {"now": now, "delta": True, "changed": changed, "closed": done.closed, "risk": done.risks,
           "info": svc.order_info(sorted({r.order_pk for r in done.risks})) if done.risks else {},
           "counts": svc.counts(), "fresh": svc.freshness(now, newest=bool(p.data_orders)),
           "incidents": svc.incidents.listing()}
    # the changed orders' tasks made or moved on, and listed: the rest of the queue stands
    if p.new_day:  # every unsent message's dates move with the day: the whole queue refreshed
        out["all_tasks"], out["tasks"] = True, svc.contacts(now, details=False)
        return _rooms_of(svc, done, out)
    out["tasks"] = svc.contacts(now, done.risks, only=changed, details=False) if changed else []
    if p.all_tasks:  # the whole queue moved (made on another PC, say): listed whole
        out["all_tasks"], out["tasks"] = True, svc.contact.list(now, details=False)
    return _rooms_of(svc, done, out)


def _rooms_of(svc, done, out: dict) -> dict:
    """The stock and health figures of a delta: those the round made, when it looked at them again."""
    if done.stock is not None:
        out["stock"] = done.stock
        out["unmatched"] = svc.inventory.unmatched()
    if done.health is not None:
        out.update(health=done.health, health_texts=[svc.health.sentences(m) for m in done.health],
                   health_marks=svc.health.order_marks(done.health))
    return out


def merge(shown: dict, d: dict) -> dict:
    """The snapshot shown with an incremental round's ``delta`` patched in: rows of changed orders
    replaced, closed ones dropped, the rest the very same objects (the tabs' models see them
    unchanged and repaint only the rows that moved)."""
    fresh = {r.order_pk: r for r in d["risk"]}
    gone = fresh.keys() | d["closed"]  # re-evaluated or no longer open
    risk = [r for r in shown["risk"] if r.order_pk not in gone] + list(fresh.values())
    risk.sort(key=lambda r: r.f_ship)  # by deadline, as the evaluation lists them
    info = {pk: v for pk, v in shown["info"].items() if pk not in gone}
    info.update(d["info"])
    drop = d["changed"]  # their tasks were listed again (contact actions too)
    tasks = d["tasks"] if d.get("all_tasks") else [v for v in shown["tasks"] if v.order_pk not in drop] + d["tasks"]
    from app.contact.views import queue_order

    tasks.sort(key=queue_order(d["now"]))  # as list_tasks orders them
    out = {**shown, **{k: v for k, v in d.items() if k not in ("delta", "changed", "closed", "all_tasks")}}
    newest = {f.platform: f.newest_order for f in shown.get("fresh") or []}
    freshness = [f if f.newest_order is not None else replace(f, newest_order=newest.get(f.platform))
                 for f in d["fresh"]]  # no new orders: each platform's newest is the one shown
    out.update(risk=risk, info=info, tasks=tasks, fresh=freshness)
    return out

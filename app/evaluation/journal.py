"""The change journal (table ``changes``): each write records what it touched in its own
transaction, so the next evaluation reads those and nothing else of the shop.

Kinds: ``order`` (an order's data: status, deadline, lines, so its SKUs' demand), ``task`` (only
its contact state: the queue and follow-ups, never stock), ``sku`` (stock, the SKU's master data),
``all`` (a rule, a setting, a restore: everything is evaluated again). On PostgreSQL the store's
set-up adds a trigger that NOTIFYs ``CHANNEL`` after each insert, so other PCs can look at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import func, insert, select

from app.store.models import Change

CHANNEL = "shopsentry_changes"
# past this many refs in one write, one ``all`` entry: a whole new export is evaluated in full
# anyway, and a hundred thousand journal rows would cost more than they save
MAX_REFS = 5000
KINDS = ("order", "task", "sku", "all")
# the settings an evaluation reads; any other key (language, quiet hours, a pause) leaves it standing
EVALUATED = ("timezone", "risk.", "rules.", "stock.", "contact.", "health.", "incidents.")


def is_evaluated(key: str) -> bool:
    """A setting an evaluation reads (its change journals ``all``)."""
    return key.startswith(EVALUATED)


def forget(conn) -> None:
    """The next evaluation is a full one (after a migration: the marks may speak of another schema)."""
    from sqlalchemy import delete

    from app.store.models import EvalMark

    conn.execute(delete(EvalMark.__table__))


def record(session, kind: str, refs: Iterable[int] | None = None, now: datetime | None = None) -> None:
    """Journal ``refs`` (order or SKU primary keys) of ``kind`` in ``session``'s transaction;
    ``kind="all"`` (or too many refs) asks the next evaluation for a full one."""
    if kind not in KINDS:
        raise ValueError(kind)
    at = now or datetime.now(UTC)
    ids = sorted({r for r in refs if r is not None}) if refs is not None else []
    if kind != "all" and not ids:
        return
    if kind == "all" or (len(ids) > MAX_REFS and kind != "task"):
        rows = [{"at": at, "kind": "all", "ref": None}]
    elif len(ids) > MAX_REFS:  # a whole queue made or re-dated: every task's reminders, no order again
        rows = [{"at": at, "kind": "task", "ref": None}]
    else:
        rows = [{"at": at, "kind": kind, "ref": r} for r in ids]
    session.execute(insert(Change.__table__), rows)


def last_id(conn) -> int:
    return conn.scalar(select(func.max(Change.id))) or 0


def since(conn, after: int) -> tuple[int, dict[str, set[int]]]:
    """(the newest entry id, refs per kind) of the entries after ``after``; ``all`` holds {0}
    when a full evaluation was asked, ``task`` holds 0 when every task moved."""
    out: dict[str, set[int]] = {k: set() for k in KINDS}
    newest = after
    for cid, kind, ref in conn.execute(select(Change.id, Change.kind, Change.ref).where(Change.id > after)):
        newest = max(newest, cid)
        out.setdefault(kind, set()).add(ref if ref is not None else 0)
    return newest, out


def prune(conn, upto: int, before: datetime) -> None:
    """Entries a full evaluation consumed and older than ``before`` are dropped: the journal is not
    history (the tabs' own position in it may lag a little behind the evaluation's)."""
    from sqlalchemy import delete

    t = Change.__table__
    conn.execute(delete(t).where(t.c.id <= upto, t.c.at < before))


# -- the ORM's writes, journaled as they flush ----------------------------------------------------
def _touched(session) -> dict[str, set[int]]:
    """What the ORM objects about to be flushed touch, by journal kind."""
    from app.store.models import (
        BundleComponent,
        ContactTask,
        Order,
        OrderLine,
        PurchaseOrder,
        Sku,
        SkuAlias,
        SkuSubstitute,
        StockMovement,
    )

    out: dict[str, set[int]] = {k: set() for k in KINDS}
    for obj in (*session.new, *session.dirty, *session.deleted):
        cls = type(obj)
        if cls is ContactTask:
            out["task"].add(obj.order_pk)
        elif cls is Order:
            out["order"].add(obj.id)
        elif cls is OrderLine:
            out["order"].add(obj.order_pk)
        elif cls in (StockMovement, PurchaseOrder, SkuSubstitute):
            out["sku"].add(obj.sku_id)
        elif cls is Sku:
            out["sku"].add(obj.id)
        elif cls in (BundleComponent, SkuAlias):
            out["all"].add(0)  # which lines belong to which SKU moved: everything again
    return out


def _after_flush(session, _ctx) -> None:
    for kind, refs in _touched(session).items():
        if refs:
            record(session, kind, None if kind == "all" else refs)


def watch_flushes(factory) -> None:
    """Every session of ``factory`` journals what its ORM flushes touch, in the same transaction
    (Core bulk writes record themselves: the import writer, shipments, settings)."""
    from sqlalchemy import event

    event.listen(factory, "after_flush", _after_flush)

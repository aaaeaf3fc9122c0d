"""Alerts raised only on a change of state; notifications, quiet hours and the daily digest.

Each condition has a key (an order, a SKU, a shipped parcel, a contact task) and a state with a
rank. An evaluation raises an alert when the key is new or its state rose (warning → critical →
overdue, low → out → oversold); the same state is never raised twice; a condition that cleared
resolves its alert (and may be raised again later).

Raising and notifying are separate steps: an alert is persisted when raised and notified later
(``notified_at``), so quiet hours, a pause or a snooze only delay the tap on the shoulder.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import and_, bindparam, case, delete, func, or_, select, update

from app import money, timeutil
from app import settings as S
from app.alerts import staff as per_person
from app.chunks import in_chunks
from app.store.models import Alert, Order
from app.store.session import bulk_insert, lock_for_writing, plain_rows, rows_by_key
from app.text import N_, join, t

# pickup: due (24 h mark within 4 h) → late; follow_up: due (no reply), escalate (open 72 h
# after the order went overdue: refund or ask the platform, or be fined as out of stock)
RANK = {"warning": 1, "critical": 2, "overdue": 3, "low": 1, "out": 2, "oversold": 3, "due": 1, "late": 2,
        "escalate": 2, "projected": 1, "crossed": 2, "crossed_last": 3,  # health: projected over, over a line, the last
        "stale": 1, "cutoff": 1,  # stale_data: a platform's export too old, Douyin's cut-off near
        "failed": 1,  # backup: the automatic copy failed
        "incident": 1}  # app.incidents: one state, raised once per incident
SEVERITY = {"warning": 1, "critical": 2, "overdue": 3, "low": 1, "out": 2, "oversold": 3, "due": 2, "late": 3,
            "escalate": 3, "projected": 2, "crossed": 3, "crossed_last": 3, "stale": 1, "cutoff": 2, "failed": 2,
            "incident": 3}
# titles as English sources; app.text.label() writes them in the shop's language when raised
LEVEL_TEXT = {"warning": N_("Order due within 24 hours"), "critical": N_("Order due within 6 hours"),
              "overdue": N_("Order overdue")}
STOCK_TEXT = {"low": N_("stock low"), "out": N_("out of stock"), "oversold": N_("oversold")}
PICKUP_HOURS = 24  # RULES.md: no pickup scan within 24 h of uploading the tracking number
PICKUP_WARN_HOURS = 4  # remind while there is still time to call the courier
# exports carry no pickup scans: only parcels near their 24 h mark are worth a reminder; older
# ones without a "picked up" mark are most likely collected long ago (or the deduction is done)
PICKUP_LOOKBACK_HOURS = 72
HISTORY_DAYS = 30  # resolved alerts are kept this long, then deleted
TITLE_MAX = 20  # UI.md: notification title ≤ 20 characters
TAB_OF_KIND = {"late_shipment": "risk", "pickup": "risk", "stock": "inventory", "follow_up": "contact",
               "health": "health", "stale_data": "risk", "backup": "backup",
               "incident": "incident"}


@dataclass
class AlertView:
    id: int
    kind: str
    key: str
    state: str
    severity: int
    title: str
    body: str
    created: datetime
    first_raised: datetime | None = None
    acknowledged_at: datetime | None = None
    snoozed_until: datetime | None = None

    def to_json(self, tz: str) -> dict:
        return {"id": self.id, "kind": self.kind, "key": self.key, "severity": self.severity,
                "title": self.title, "body": self.body, "created": timeutil.iso(self.created, tz)}

    @property
    def target(self) -> tuple[str, object]:
        return target_of(self.key)


@dataclass
class Notification:
    title: str
    body: str
    tab: str  # inventory | risk | contact
    key: object = None  # the row to select (see target_of), None for a summary
    critical: bool = False
    alert_ids: list[int] = field(default_factory=list)
    urgent: bool = False  # an incident: through quiet hours, the digest and a channel's own quiet hours
    digest: bool = False  # the daily digest (one a day per person)


def target_of(key: str) -> tuple[str, object]:
    """Where a click on this alert lands: (tab, row key). Orders are found by their alert key."""
    kind, _, rest = key.partition(":")
    if kind == "sku":
        return "inventory", rest
    if kind in ("followup", "escalate"):
        return "contact", int(rest) if rest.isdigit() else None
    if kind == "pickup":
        return "risk", "order:" + rest
    if kind == "health":  # the shop-health panel, at the platform's section
        return "health", rest.partition(":")[0] or None
    if kind in ("stale", "cutoff"):  # the risk tab: its freshness line
        return "risk", None
    if kind == "backup":  # the 备份与恢复 page
        return "backup", None
    if kind == "incident":  # the incident view
        return "incident", int(rest) if rest.isdigit() else None
    return "risk", key


@dataclass
class Scope:
    """What an incremental tick evaluated: whole kinds (their every condition is in ``found``) and
    single keys; alerts outside it stand as they are."""

    kinds: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)


def lock_evaluation(session) -> None:
    """One evaluation at a time across PCs and processes (full or incremental): the second then finds
    the first's alerts and raises nothing twice. Call it first in the evaluation's transaction."""
    lock_for_writing(session, "alerts:evaluate")


def stake(condition: dict) -> Decimal:
    """The money a condition puts at stake: a late order's penalty total is worked out only when
    a notification names it (tens of thousands of orders are conditions on a big shop)."""
    money = condition.get("money", Decimal(0))
    return money() if callable(money) else money


def order_key(platform: str, order_id: str) -> str:
    """A late-shipment alert's key (``target_of`` reads it back): how every room names an order."""
    return f"order:{platform}:{order_id}"


def reconcile(conn, now: datetime, found: list[dict], scope: Scope | None = None
              ) -> tuple[list[AlertView], dict[str, dict]]:
    """Raise what changed at ``now``; returns (raised, current conditions by key). ``found``: every
    condition alerting now (app/alerts/conditions.py and the other rooms', gathered by
    Services.evaluate_alerts or an incremental tick); the caller's transaction holds
    ``lock_evaluation``.

    Set-based: plain rows in, bulk statements out, so the steady state (nothing changed) costs
    little more than the risk and stock evaluations it reads. The contact queue is left to the
    contact area (the window's checker fills it in the tick's snapshot, after this, under
    Services.refresh_lock): filling it here too raced the window's refresh for the same new tasks.
    ``scope``: an incremental tick's (app/evaluation): only alerts in it are raised or cleared."""
    current = {c["key"]: c for c in found}
    t = Alert.__table__
    # open alerts (id, key, state: plain values, tens of thousands of them), plus resolved ones
    # only where their condition is back: the history of resolved alerts grows with every order
    # ever seen and must not be loaded every 5 minutes
    cols, is_open = (t.c.id, t.c.key, t.c.state), t.c.resolved_at.is_(None)
    if scope is None:
        opened = plain_rows(conn, select(*cols).where(is_open))
    else:
        opened = plain_rows(conn, select(*cols).where(is_open, t.c.kind.in_(scope.kinds)))
        for part in in_chunks(sorted(scope.keys - {row[1] for row in opened})):
            opened += plain_rows(conn, select(*cols).where(is_open, t.c.key.in_(part)))
    known = {key: (i, state) for i, key, state in opened}  # key → (id, state)
    back = {key: (r.id, r.state) for key, r in rows_by_key(  # resolved, and their condition is back
        conn, select(*cols), t.c.key, [k for k in current if k not in known], among=t.c.resolved_at.is_not(None))}
    new, rose, fell = [], [], []
    for key, c in current.items():
        r = known.get(key)
        if r is None:
            r = back.get(key)
            if r is None:
                new.append(c)
            else:
                rose.append((r[0], c))
        elif RANK[c["state"]] > RANK.get(r[1], 0):
            rose.append((r[0], c))
        elif c["state"] != r[1]:
            fell.append((r[0], c))  # critical → warning, out → low: keep it current, don't notify
    raised: list[AlertView] = []
    if new:
        raised += _insert_new(conn, now, new)
    changes = []
    first = {i: at for part in in_chunks([aid for aid, _c in rose])
             for i, at in conn.execute(select(t.c.id, t.c.first_raised).where(t.c.id.in_(part)))}
    for i, c in rose:  # the alert's id and its condition
        title, body = c["text"]()
        # a rising level is news: acknowledgement and snooze were for the old level
        changes.append({"b_id": i, "state": c["state"], "severity": SEVERITY[c["state"]], "title": title,
                        "body": body, "raised_at": now, "resolved_at": None, "acknowledged_at": None,
                        "notified_at": None, "snoozed_until": None})
        raised.append(AlertView(i, c["kind"], c["key"], c["state"], SEVERITY[c["state"]], title, body,
                                now, first[i]))
    if changes:
        conn.execute(update(t).where(t.c.id == bindparam("b_id")), changes)
    if fell:
        falls = []
        for i, c in fell:
            title, body = c["text"]()
            falls.append({"b_id": i, "state": c["state"], "severity": SEVERITY[c["state"]],
                          "title": title, "body": body})
        conn.execute(update(t).where(t.c.id == bindparam("b_id")), falls)
    cleared = [r[0] for k, r in known.items() if k not in current]
    for part in in_chunks(cleared):
        conn.execute(update(t).where(t.c.id.in_(part)).values(resolved_at=now, last_seen=now))
    # housekeeping: alerts resolved long ago are history nobody opens
    conn.execute(delete(t).where(t.c.resolved_at < now - timedelta(days=HISTORY_DAYS)))
    return raised, current


def _insert_new(conn, now: datetime, new: list[dict]) -> list[AlertView]:
    """Alerts for conditions never raised before, as raised (in the order given)."""
    t = Alert.__table__
    texts = [c["text"]() for c in new]
    # written in key order: the key's unique index then grows at its end, not all over its pages
    by_key = sorted(range(len(new)), key=lambda i: new[i]["key"])
    cols = {"kind": [new[i]["kind"] for i in by_key], "key": [new[i]["key"] for i in by_key],
            "state": [new[i]["state"] for i in by_key], "severity": [SEVERITY[new[i]["state"]] for i in by_key],
            "title": [texts[i][0] for i in by_key], "body": [texts[i][1] for i in by_key]}
    n = len(new)
    cols.update(first_raised=[now] * n, raised_at=[now] * n, last_seen=[now] * n)
    bulk_insert(conn, t, cols, once=("key",))  # created once, whoever else evaluates now
    # what this evaluation raised, by the raised_at index: one statement, not a key list per 500
    ids = dict(conn.execute(select(t.c.key, t.c.id).where(t.c.raised_at == now)).all())
    return [AlertView(ids[c["key"]], c["kind"], c["key"], c["state"], SEVERITY[c["state"]], title, body, now, now)
            for c, (title, body) in zip(new, texts, strict=True)]


# -- quiet hours, pause, digest ------------------------------------------------------------------
def in_quiet_hours(at: datetime, settings: dict, tz: str) -> bool:
    t = timeutil.local(at, tz).time()
    start = S.clock(settings, "alerts.quiet_start")
    end = S.clock(settings, "alerts.quiet_end")
    if start == end:
        return False  # an empty window: quiet hours switched off
    return (start <= t or t < end) if start > end else (start <= t < end)


def paused_until(settings: dict, now: datetime) -> datetime | None:
    text = settings.get("alerts.paused_until")
    if not text:
        return None
    try:
        until = datetime.fromisoformat(text)
    except ValueError:
        return None
    return until if until > now else None


def digest_due(now: datetime, settings: dict, tz: str, last: str | None) -> bool:
    """Once a day, at the first evaluation at or after the digest time (the app may start late);
    ``last``: the date of the last one (per person: app.alerts.staff.last_digest)."""
    local = timeutil.local(now, tz)
    if local.time() < S.clock(settings, "alerts.digest_time"):
        return False
    return last != local.date().isoformat()


def compose(alerts: list[AlertView], settings: dict, money_by_key: dict[str, Decimal]) -> Notification | None:
    """One alert → itself; many → one summary (“12个订单将在6小时内超时，预计扣款 ¥86”)."""
    if not alerts:
        return None
    ids = [a.id for a in alerts]
    if len(alerts) == 1:
        a = alerts[0]
        tab, key = target_of(a.key)
        return Notification(a.title[:TITLE_MAX], a.body, tab, key, a.severity >= 3, ids)
    late = [a for a in alerts if a.kind == "late_shipment"]
    by_kind = {k: [a for a in alerts if a.kind == k] for k in ("stock", "pickup", "follow_up", "health")}
    others = []
    if by_kind["stock"]:
        over = sum(a.state == "oversold" for a in by_kind["stock"])
        others.append(t("SKUs low on stock: {n}", n=len(by_kind["stock"]))
                      + (t(" ({n} oversold)", n=over) if over else ""))
    if by_kind["pickup"]:
        others.append(t("Parcels not picked up: {n}", n=len(by_kind["pickup"])))
    escalated = sum(a.state == "escalate" for a in by_kind["follow_up"])
    if escalated:
        others.append(t("Contact tasks to escalate: {n}", n=escalated))
    if len(by_kind["follow_up"]) > escalated:
        others.append(t("Buyers who have not replied: {n}", n=len(by_kind["follow_up"]) - escalated))
    if by_kind["health"]:
        others.append(t("Shop metrics over or heading over their line: {n}", n=len(by_kind["health"])))
    critical = any(a.severity >= 3 for a in alerts)
    if late:
        stake = sum((money_by_key.get(a.key, Decimal(0)) for a in late), Decimal(0))
        overdue = sum(a.state == "overdue" for a in late)
        soon = sum(a.state == "critical" for a in late)
        hours = S.value(settings, "risk.critical_hours")  # as the seller wrote it
        if overdue and not soon:
            line = t("Orders overdue: {n}", n=overdue)
        elif soon and not overdue:
            line = t("Orders overdue within {hours} hours: {n}", n=soon, hours=hours)
        elif overdue:
            line = t("Orders overdue: {overdue}, within {hours} hours: {soon}", overdue=overdue, soon=soon, hours=hours)
        else:
            line = t("Orders due within 24 hours: {n}", n=len(late))
        if stake:
            line += t(", expected penalty {amount}", amount=money.short_yuan(stake))
        body = line + ("\n" + t("Also: {items}", items=join(others)) if others else "")
        # a click lands on the most urgent order of the summary
        worst = target_of(max(late, key=lambda a: (a.severity, -a.created.timestamp())).key)[1]
        return Notification(t("Orders at risk of shipping late: {n}", n=len(late)), body, "risk", worst, critical, ids)
    tab, key = target_of(max(alerts, key=lambda a: a.severity).key)
    title = others[0] if len(others) == 1 else t("New alerts: {n}", n=len(alerts))
    return Notification(title[:TITLE_MAX], join(others), tab, key, critical, ids)


def digest(svc, now: datetime, held: int = 0, risks=None, stock=None) -> Notification:
    """Daily digest: orders at risk, money at stake, SKUs to reorder (and what the night held)."""
    from app.risk.engine import summarize

    sm = summarize(svc.risk(now) if risks is None else risks)
    reorder = sum(1 for s in (svc.stock(now) if stock is None else stock) if s.suggested_order > 0)
    body = t("Orders at risk: {n}, expected penalty {amount}; SKUs to reorder: {skus}", n=sm["at_risk"],
             amount=money.short_yuan(sm["money_total"]), skus=reorder)
    if held:
        body += "\n" + t("New alerts overnight: {n}, see the alert centre", n=held)
    return Notification(t("ShopSentry daily digest"), body, "risk", None, sm["levels"].get("overdue", 0) > 0,
                        digest=True)


_VIEW_COLS = (Alert.id, Alert.kind, Alert.key, Alert.state, Alert.severity, Alert.title, Alert.body,
              Alert.raised_at, Alert.first_raised, Alert.acknowledged_at, Alert.snoozed_until)


def _views(session, stmt) -> list[AlertView]:
    """Plain rows, not ORM objects: the first check of a big shop raises tens of thousands."""
    return [AlertView(*row) for row in session.execute(stmt)]


def _pending(session, now: datetime, person: str, since: datetime | None = None) -> list[AlertView]:
    """Raised, still open, and for ``person`` (app.localconf.person) not yet notified, not
    acknowledged, not snoozed; worst first. ``since``: everything pending before it was told (the
    person's watermark): only alerts raised or back from a snooze after it can be, found by index
    ranges instead of a walk over every open alert.

    Without their texts (a summary counts them; the first check of a big shop has tens of
    thousands): ``_worded`` fills them in for the few notified one by one."""
    cols = (Alert.id, Alert.kind, Alert.key, Alert.state, Alert.severity, Alert.raised_at)
    shop_wide = (Alert.resolved_at.is_(None), Alert.acknowledged_at.is_(None),
                 or_(Alert.snoozed_until.is_(None), Alert.snoozed_until <= now))
    if per_person.has_marks(session, person):
        mine = per_person.Mine(person)
        stmt = mine.select(*cols).where(*shop_wide, mine.not_done("notified_at"), mine.not_done("acknowledged_at"),
                                        ~mine.snoozed(now))
    else:  # nothing marked for this person yet (a first check): no row of theirs to join
        stmt = select(*cols).where(*shop_wide)
    parts = [stmt] if since is None else [
        stmt.where(Alert.id.in_(part)) for part in in_chunks(sorted(per_person.fresh_since(session, person, since, now)))]
    out = [AlertView(i, kind, key, state, sev, "", "", raised) for part in parts
           for i, kind, key, state, sev, raised in session.connection().execute(part).all()]
    out.sort(key=lambda a: (-a.severity, a.created))
    return out


def _worded(session, views: list[AlertView]) -> list[AlertView]:
    """``views`` with their titles and bodies read (``_pending`` leaves them out)."""
    texts = {i: (title, body) for part in in_chunks([v.id for v in views])
             for i, title, body in session.execute(select(Alert.id, Alert.title, Alert.body).where(Alert.id.in_(part)))}
    for v in views:
        v.title, v.body = texts.get(v.id, (v.title, v.body))
    return views


def raised_since(session, since: datetime | None, now: datetime) -> list[AlertView]:
    """Open alerts raised (or back from a snooze) after ``since`` and by ``now``: what a channel
    with its own quiet hours has not been told. ``since`` None: what the tray has not shown before
    this evaluation."""
    fresh = (or_(Alert.notified_at.is_(None), Alert.notified_at >= now) if since is None else
             or_(Alert.raised_at > since, and_(Alert.snoozed_until > since, Alert.snoozed_until <= now)))
    return _views(session, select(*_VIEW_COLS).where(
        Alert.resolved_at.is_(None), Alert.acknowledged_at.is_(None), Alert.raised_at <= now,
        or_(Alert.snoozed_until.is_(None), Alert.snoozed_until <= now), fresh)
        .order_by(Alert.severity.desc(), Alert.raised_at))


def notifications_due(svc, now: datetime, current: dict[str, dict] | None = None, risks=None,
                      stock=None) -> list[Notification]:
    """The notifications to show at ``now``, marking what they cover as notified (``risks``,
    ``stock``: the tick's evaluations, for the daily digest).

    Quiet hours and a pause hold alerts; alerts raised in quiet hours wait for the daily digest
    (or, when today's digest already went out, for the end of quiet hours)."""
    settings, tz = svc.settings, svc.tz
    quiet = in_quiet_hours(now, settings, tz)
    today = timeutil.local(now, tz).date().isoformat()
    out: list[Notification] = []
    if paused_until(settings, now):
        return []  # "pause for 1 hour" silences everything, the digest included; it follows after
    with svc.store.session() as s:
        since = per_person.told_through(s, svc.person)
        pending = _pending(s, now, svc.person, since)
        # an incident costs money by the minute: told at once, each on its own, whatever the hour
        urgent = [a for a in pending if a.kind == "incident"]
        pending = [a for a in pending if a.kind != "incident"]
        for a in _worded(s, urgent):
            n = compose([a], settings, {})
            n.urgent = True
            out.append(n)
        _mark_notified(s, [a.id for a in urgent], svc.person, now)
        last = per_person.last_digest(s, svc.person, settings)
        quiet_at = functools.cache(lambda at: in_quiet_hours(at, settings, tz))  # most were raised at the same few instants
        if digest_due(now, settings, tz, last):
            held = sum(map(quiet_at, (a.created for a in pending)))
            out.append(digest(svc, now, held, risks, stock))
            per_person.digest_sent(s, svc.person, today)
            shown = pending  # the digest covers everything waiting
        elif quiet:
            return out
        else:
            digest_done = last == today
            shown = [a for a in pending if digest_done or not quiet_at(a.created)]
            current = current or {}
            money_by_key = {a.key: stake(current[a.key]) for a in shown if a.key in current}
            n = compose(_worded(s, shown) if len(shown) == 1 else shown, settings, money_by_key)
            if n:
                out.append(n)
        everything = len(shown) == len(pending)
        # nothing held back: the person's watermark says it for every alert at once (the next look
        # starts there), so the first check of a big shop writes no row per alert and person
        _mark_notified(s, [a.id for a in shown], svc.person, now, each=not everything)
        if everything:
            per_person.told(s, svc.person, now)
    return out


def _mark_notified(session, ids: list[int], person: str, now: datetime, each: bool = True) -> None:
    """Shown to ``person`` (each person once, on whichever PC they use); ``Alert.notified_at``
    says someone was told (the channels' "not told before" reads it)."""
    for part in in_chunks(ids):
        session.execute(update(Alert).where(Alert.id.in_(part)).values(notified_at=now))
    if each:
        per_person.mark(session, ids, person, "notified_at", now)


# -- the alert centre ----------------------------------------------------------------------------
def open_alerts(session, now: datetime, limit: int = 500, person: str | None = None) -> tuple[list[AlertView], int, int]:
    """The alert centre: (the first ``limit`` unresolved, unacknowledged alerts — worst and newest
    first, snoozed ones last —, how many want attention now, how many are open in all).
    ``person``: as that person sees it (their own acknowledgements hide alerts, their snoozes
    put them last); None: the shop's (the channels' summaries)."""
    is_open = (Alert.resolved_at.is_(None), Alert.acknowledged_at.is_(None))
    snoozed = and_(Alert.snoozed_until.is_not(None), Alert.snoozed_until > now)
    sel, cols = select, _VIEW_COLS
    if person is not None:
        mine = per_person.Mine(person)
        sel, cols = mine.select, _VIEW_COLS[:-1] + (mine.snoozed_until(),)
        is_open += (mine.not_done("acknowledged_at"),)
        snoozed = or_(snoozed, mine.snoozed(now))
    rows = _views(session, sel(*cols).where(*is_open)
                  .order_by(case((snoozed, 1), else_=0), case((Alert.kind == "incident", 0), else_=1),  # a burst first
                            Alert.severity.desc(), Alert.raised_at.desc())
                  .limit(limit))
    total = session.scalar(sel(func.count(Alert.id)).where(*is_open))
    waiting = session.scalar(sel(func.count(Alert.id)).where(*is_open, ~snoozed))
    return rows, waiting, total


def order_pks(session, refs) -> list[int]:
    """Order primary keys for "platform:order_id" references (from alert keys)."""
    pairs = [tuple(r.split(":", 1)) for r in refs if ":" in r]
    out = []
    for platform, oid in pairs:  # a handful at a time: the seller picks them in the list
        pk = session.scalar(select(Order.id).where(Order.platform == platform, Order.order_id == oid))
        if pk is not None:
            out.append(pk)
    return out


def acknowledge(session, alert_ids, now: datetime, person: str | None = None) -> int:
    """Acknowledged for ``person`` only (another PC's staff still see it); None: for the whole shop."""
    ids = [alert_ids] if isinstance(alert_ids, int) else list(alert_ids)
    if person is not None:
        return per_person.mark(session, ids, person, "acknowledged_at", now)
    n = 0
    for a in session.scalars(select(Alert).where(Alert.id.in_(ids))):
        a.acknowledged_at = now
        n += 1
    return n


def snooze(session, alert_ids, until: datetime, person: str | None = None) -> int:
    """Remind again at ``until``: the alert leaves the count and is notified once more then — for
    ``person`` only (snoozing on one PC leaves it waiting on the others); None: for the whole shop."""
    ids = [alert_ids] if isinstance(alert_ids, int) else list(alert_ids)
    if person is not None:
        return per_person.snooze(session, ids, person, until)
    n = 0
    for a in session.scalars(select(Alert).where(Alert.id.in_(ids))):
        a.snoozed_until, a.notified_at = until, None
        n += 1
    return n

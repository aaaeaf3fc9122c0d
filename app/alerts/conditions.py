"""Each alert room's conditions as plain data (kind, key, state, money, ``text()``): late
shipments from a risk evaluation, stock from the stock report, parcels near their pickup mark, the
contact area's reminders. The alert service (service.py) reconciles them with the store; the full
evaluation gathers all of them, an incremental tick (app/evaluation/tick.py) those of what moved."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from app import money, timeutil
from app import settings as S
from app.alerts.service import (
    LEVEL_TEXT,
    PICKUP_HOURS,
    PICKUP_LOOKBACK_HOURS,
    PICKUP_WARN_HOURS,
    STOCK_TEXT,
    TITLE_MAX,
    order_key,
)
from app.store.models import Order
from app.store.session import unindexed
from app.text import filler, label, platform_name, t


def conditions(session, now: datetime, settings: dict, risks, stock) -> list[dict]:
    """The order, stock, pickup and follow-up conditions that should currently be alert, from this
    tick's risk and stock evaluations (the same core as the tabs); the other rooms' (health,
    freshness, backup, incidents) are gathered beside these by the service layer.

    Each condition: kind, key, state, money and ``text()`` → (title, body). The texts are made
    only for what is raised: formatting tens of thousands of unchanged orders every 5 minutes
    would be most of the evaluation's time."""
    return (order_conditions(risks, now, settings) + stock_conditions(stock) + pickup_conditions(session, now, settings)
            + follow_up_conditions(session, now, settings))


def order_conditions(risks, now: datetime, settings: dict) -> list[dict]:
    """Late-shipment conditions of these evaluated orders (all open ones, or a tick's changed set)."""
    when = timeutil.short_of(S.shop_tz(settings), now)
    # the words that repeat, translated once per evaluation rather than once per order
    titles = {level: label(text) for level, text in LEVEL_TEXT.items()}
    platforms: dict[str, str] = {}
    due, penalty, unverified = (filler("{platform} order {order_id} due {when}"),
                                filler(", expected penalty {amount}"), t(" (unverified)"))

    def late_text(r):
        total = r.penalty_total_fen
        shop = platforms.get(r.platform) or platforms.setdefault(r.platform, platform_name(r.platform))
        body = due(platform=shop, order_id=r.order_id, when=when(r.ship_ts))
        if total:  # each charge once (Douyin's >48 h late is the one 缺货 charge); some rules deduct nothing
            body += penalty(amount=money.short_yuan_fen(total))
            if not r.penalty_verified:
                body += unverified
        return titles[r.level], body

    # the money (service.stake) and the texts are worked out only when used
    return [{"kind": "late_shipment", "key": order_key(r.platform, r.order_id), "state": r.level,
             "money": lambda r=r: r.penalty_total, "text": lambda r=r: late_text(r)}
            for r in risks if r.level in LEVEL_TEXT]


def stock_conditions(stock) -> list[dict]:
    out = []
    for sk in stock:
        if sk.status in STOCK_TEXT:
            out.append({"kind": "stock", "key": f"sku:{sk.sku}", "state": sk.status, "money": Decimal(0),
                        "text": lambda sk=sk: (f"{sk.sku} {label(STOCK_TEXT[sk.status])}"[:TITLE_MAX],
                                               t("{name} {spec} available {available}, suggested restock {n}",
                                                 name=sk.name, spec=sk.spec or "", available=sk.available,
                                                 n=sk.suggested_order))})
    return out


def pickup_conditions(session, now: datetime, settings: dict) -> list[dict]:
    """Parcels near or past their 24 h pickup mark: read in the caller's session (an index range on
    shipped_at: the last 72 h of parcels, never the year behind them)."""
    tz = S.shop_tz(settings)
    out = []
    warn = now - timedelta(hours=PICKUP_HOURS - PICKUP_WARN_HOURS)
    for platform, oid, shipped in session.execute(
            select(Order.platform, Order.order_id, Order.shipped_at).where(
                Order.shipped_at <= warn, Order.shipped_at >= now - timedelta(hours=PICKUP_LOOKBACK_HOURS),
                # the shipped_at range leads, never the status or pickup index (a year of parcels)
                unindexed(Order.status) == "shipped", unindexed(Order.picked_up_at).is_(None),
                Order.tracking.is_not(None))):
        shipped = timeutil.as_utc(shipped)
        late = shipped <= now - timedelta(hours=PICKUP_HOURS)
        where = t("{platform} order {order_id} shipped {when}", platform=platform_name(platform), order_id=oid,
                  when=timeutil.short(shipped, tz, now))
        text = ((t("Parcel not picked up"), t("{where}, no pickup scan for over 24 hours: call the courier",
                                              where=where)) if late else
                (t("Parcel pickup due soon"), t("{where}, make sure the courier picks it up within 24 hours of "
                                                "the tracking upload", where=where)))
        out.append({"kind": "pickup", "key": f"pickup:{platform}:{oid}", "state": "late" if late else "due",
                    "money": Decimal(0), "text": lambda text=text: text})
    return out


def follow_up_conditions(session, now: datetime, settings: dict, only=None) -> list[dict]:
    """The contact area's reminders as alert conditions (the contact area owns the follow-up and
    escalation rules; the CLI contract knows one contact kind: follow_up). ``only``: the tasks of
    these orders (an incremental tick)."""
    from app.contact.service import due_reminders

    out = []
    for rem in due_reminders(session, now, settings, only):
        # the reminder's body names the order; the platform tells the seller which backend to open
        text = (rem.title, f"{platform_name(rem.platform)} {rem.body}")
        out.append({"kind": "follow_up", "key": rem.key, "state": "escalate" if rem.kind == "escalation" else "due",
                    "money": Decimal(0), "text": lambda text=text: text})
    return out

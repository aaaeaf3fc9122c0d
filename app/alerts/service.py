"""Alerts raised only on a change of state.

Each condition has a key (an order, a SKU, a shipped parcel, a contact task) and a state with a
rank. An evaluation raises an alert when the key is new or its state rose (warning → critical →
overdue, low → out → oversold); the same state is never raised twice; a condition that cleared
resolves its alert (and may be raised again later).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from app import timeutil
from app.store.models import Alert, Order

RANK = {"warning": 1, "critical": 2, "overdue": 3, "low": 1, "out": 2, "oversold": 3, "due": 1, "late": 2}
SEVERITY = {"warning": 1, "critical": 2, "overdue": 3, "low": 1, "out": 2, "oversold": 3, "due": 2, "late": 2}
LEVEL_TEXT = {"warning": "24小时内到期", "critical": "6小时内到期", "overdue": "已超时"}
STOCK_TEXT = {"low": "库存警戒", "out": "已无货", "oversold": "已超卖"}
PICKUP_HOURS = 24


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

    def to_json(self, tz: str) -> dict:
        return {"id": self.id, "kind": self.kind, "key": self.key, "severity": self.severity,
                "title": self.title, "body": self.body, "created": timeutil.iso(self.created, tz)}


@dataclass
class Notification:
    title: str
    body: str
    tab: str  # inventory | risk | contact
    key: object = None
    critical: bool = False


def _view(a: Alert) -> AlertView:
    return AlertView(a.id, a.kind, a.key, a.state, a.severity, a.title, a.body, a.raised_at)


def conditions(svc, now: datetime) -> list[dict]:
    """Everything that should currently be alerting, computed from the same core as the tabs."""
    tz = svc.tz
    out = []
    for r in svc.risk(now):
        if r.level in ("overdue", "critical", "warning"):
            title = f"订单{LEVEL_TEXT[r.level]}"
            body = (f"{r.platform} 订单 {r.order_id} 截止 {timeutil.short(r.ship_by, tz, now)}"
                    f"，预计扣款 ¥{r.penalty_estimate}")
            out.append({"kind": "late_shipment", "key": f"order:{r.platform}:{r.order_id}", "state": r.level,
                        "title": title, "body": body, "money": r.penalty_estimate, "tab": "risk",
                        "target": r.order_pk})
    for s in svc.stock(now):
        if s.status != "normal":
            out.append({"kind": "stock", "key": f"sku:{s.sku}", "state": s.status,
                        "title": f"{s.sku} {STOCK_TEXT[s.status]}",
                        "body": f"{s.name} {s.spec or ''} 可用{s.available}件，建议补货{s.suggested_order}件",
                        "money": Decimal(0), "tab": "inventory", "target": s.sku})
    with svc.store.session() as ses:
        cutoff = now - timedelta(hours=PICKUP_HOURS)
        for pk, platform, oid, _shipped in ses.execute(
                select(Order.id, Order.platform, Order.order_id, Order.shipped_at).where(
                    Order.status == "shipped", Order.picked_up_at.is_(None), Order.tracking.is_not(None),
                    Order.shipped_at <= cutoff, Order.shipped_at >= now - timedelta(days=3))):
            out.append({"kind": "pickup", "key": f"pickup:{platform}:{oid}", "state": "late",
                        "title": "包裹未揽收", "body": f"{platform} 订单 {oid} 发货超过24小时，请确认快递已揽收",
                        "money": Decimal(0), "tab": "risk", "target": pk})
        from app.contact.service import follow_ups_due

        for t in follow_ups_due(ses, now, svc.settings):
            out.append({"kind": "follow_up", "key": f"followup:{t.id}", "state": "due", "title": "买家未回复",
                        "body": f"联系任务 #{t.id} 发出后超过{svc.settings.get('contact.follow_up_hours', 12)}小时未回复",
                        "money": Decimal(0), "tab": "contact", "target": t.id})
    return out


def run_evaluation(svc, now: datetime) -> list[AlertView]:
    """One scheduler evaluation at ``now``: refresh the contact queue, then raise what changed."""
    from app.contact.service import refresh_tasks

    risks = svc.risk(now)
    with svc.store.session() as s:
        refresh_tasks(s, now, risks, svc.settings)
    current = {c["key"]: c for c in conditions(svc, now)}
    raised: list[AlertView] = []
    with svc.store.session() as s:
        alerts = {a.key: a for a in s.scalars(select(Alert))}
        for key, c in current.items():
            a = alerts.get(key)
            if a is None:
                a = Alert(kind=c["kind"], key=key, state=c["state"], severity=SEVERITY[c["state"]],
                          title=c["title"], body=c["body"], first_raised=now, raised_at=now, last_seen=now)
                s.add(a)
                s.flush()
                raised.append(_view(a))
                continue
            a.last_seen = now
            rose = a.resolved_at is not None or RANK[c["state"]] > RANK.get(a.state, 0)
            if rose:
                a.state, a.severity, a.title, a.body = c["state"], SEVERITY[c["state"]], c["title"], c["body"]
                a.raised_at, a.resolved_at, a.acknowledged_at, a.notified_at = now, None, None, None
                raised.append(_view(a))
        for key, a in alerts.items():
            if key not in current and a.resolved_at is None:
                a.resolved_at = now
    return raised


def _in_quiet(now: datetime, settings: dict, tz: str) -> bool:
    t = timeutil.local(now, tz).time()
    start = time.fromisoformat(settings.get("alerts.quiet_start", "23:00"))
    end = time.fromisoformat(settings.get("alerts.quiet_end", "08:00"))
    return (start <= t or t < end) if start > end else (start <= t < end)


def summarize_for_notification(raised: list[AlertView], now: datetime, settings: dict,
                               tz: str) -> list[Notification]:
    """Many alerts become one summary; quiet hours and a pause hold them (for the digest)."""
    paused = settings.get("alerts.paused_until")
    if not raised or _in_quiet(now, settings, tz) or (paused and datetime.fromisoformat(paused) > now):
        return []
    late = [a for a in raised if a.kind == "late_shipment"]
    stock = [a for a in raised if a.kind == "stock"]
    other = [a for a in raised if a.kind not in ("late_shipment", "stock")]
    out = []
    if len(late) == 1:
        out.append(Notification(late[0].title, late[0].body, "risk", late[0].key, late[0].severity >= 3))
    elif late:
        urgent = sum(a.state in ("critical", "overdue") for a in late)
        out.append(Notification(f"{len(late)}个订单有超时风险",
                                f"其中{urgent}个已超时或6小时内到期，请打开订单风险查看", "risk", None, urgent > 0))
    if len(stock) == 1:
        out.append(Notification(stock[0].title, stock[0].body, "inventory", stock[0].key.split(":", 1)[1],
                                stock[0].state == "oversold"))
    elif stock:
        over = sum(a.state == "oversold" for a in stock)
        out.append(Notification(f"{len(stock)}个SKU库存告急", f"其中{over}个已超卖，请尽快补货", "inventory"))
    if other:
        out.append(Notification(f"{len(other)}条提醒", "；".join(a.title for a in other[:3]), "contact"))
    return out


def digest(svc, now: datetime) -> Notification:
    """Daily digest: orders at risk, money at stake, SKUs to reorder."""
    from app.risk.engine import summarize

    risks = svc.risk(now)
    sm = summarize(risks)
    reorder = sum(1 for s in svc.stock(now) if s.suggested_order > 0)
    return Notification("店哨每日摘要", f"{sm['at_risk']}个订单有风险，预计扣款 ¥{sm['money']}；"
                        f"{reorder}个SKU需要补货", "risk")


def active_alerts(session) -> list[Alert]:
    return list(session.scalars(select(Alert).where(Alert.resolved_at.is_(None))
                                .order_by(Alert.severity.desc(), Alert.raised_at.desc())))


def acknowledge(session, alert_id: int, now: datetime) -> None:
    a = session.get(Alert, alert_id)
    if a is not None:
        a.acknowledged_at = now


def snooze(session, alert_id: int, until: datetime) -> None:
    a = session.get(Alert, alert_id)
    if a is not None:
        a.snoozed_until = until

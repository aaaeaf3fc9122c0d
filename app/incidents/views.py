"""An incident as the seller reads it: size, prices, money at stake and why it fired, in words."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from app import money, timeutil
from app.store.models import Incident, Sku
from app.text import N_, label, platform_name, t

KINDS = {"price_drop": N_("Price error"), "order_surge": N_("Order flood")}
BASIS = {"median": N_("median of the last 30 days"), "median_all": N_("median of the last 30 days, all platforms"),
         "cost": N_("cost in the SKU master")}


@dataclass
class IncidentView:
    id: int
    kind: str
    platform: str
    sku: str
    name: str
    status: str
    since: datetime
    last: datetime
    detected: datetime
    facts: dict
    note: str | None = None
    listing_done_at: datetime | None = None
    hold_done_at: datetime | None = None
    reasons: list[str] = field(default_factory=list)

    def _yuan(self, key: str) -> Decimal | None:
        v = self.facts.get(key)
        return None if v is None else money.from_fen(int(v))

    @property
    def orders(self) -> int:
        return int(self.facts.get("orders") or 0)

    @property
    def units(self) -> int:
        return int(self.facts.get("units") or 0)

    @property
    def buyers(self) -> int:
        return int(self.facts.get("buyers") or 0)

    @property
    def unit_price(self) -> Decimal:
        return self._yuan("unit_price") or Decimal(0)

    @property
    def usual_price(self) -> Decimal | None:
        return self._yuan("usual")

    @property
    def exposure(self) -> Decimal:
        return self._yuan("exposure") or Decimal(0)

    @property
    def platform_label(self) -> str:
        return platform_name(self.platform)

    @property
    def kind_label(self) -> str:
        return label(KINDS[self.kind])

    def to_json(self, tz: str) -> dict:
        usual = self.usual_price
        return {"id": self.id, "kind": self.kind, "platform": self.platform, "sku": self.sku,
                "orders": self.orders, "units": self.units, "buyers": self.buyers,
                "unit_price": money.fmt(self.unit_price), "usual_price": money.fmt(usual) if usual is not None else None,
                "since": timeutil.iso(self.since, tz), "last_order": timeutil.iso(self.last, tz),
                "exposure": money.fmt(self.exposure),
                "loss_if_shipped": money.fmt(self._yuan("loss_cost") if self.facts.get("loss_cost") is not None
                                             else self._yuan("loss_usual") or Decimal(0)),
                "penalty_if_cancelled": money.fmt(self._yuan("penalty") or Decimal(0)),
                "status": self.status, "reasons": self.reasons}


def _yuan(fen) -> str:
    return f"¥{money.from_fen(int(fen or 0)):,.2f}"  # ¥13,545.00: grouped like the tabs' amounts


def _span(since: datetime, last: datetime) -> str:
    minutes = max(1, round((last - since).total_seconds() / 60))
    if minutes < 120:
        return t("{n} minutes", n=minutes)
    return t("{n} hours", n=round(minutes / 60))


def reasons(inc: Incident, f: dict) -> list[str]:
    since, last = timeutil.as_utc(inc.since), timeutil.as_utc(inc.last_order_at)
    out = []
    if inc.kind == "price_drop":
        out.append(t("{orders} orders within {span}, paid {price} each, usually {usual} ({basis})",
                     orders=f.get("orders", 0), span=_span(since, last), price=_yuan(f.get("unit_price")),
                     usual=_yuan(f.get("usual")), basis=label(BASIS.get(f.get("basis"), BASIS["median"]))))
    else:
        out.append(t("{orders} orders within {span}", orders=f.get("orders", 0), span=_span(since, last)))
        if "rate" in f.get("triggers", []):
            usual = f"{float(f.get('expected') or 0):.1f}"
            basis = (t("at this time of day over the last {days} days", days=f.get("history_days"))
                     if f.get("basis") == "time_of_day" else t("over the last {days} days", days=f.get("history_days")))
            out.append(t("usually about {usual} orders in {minutes} minutes ({basis})", usual=usual,
                         minutes=f.get("window_minutes"), basis=basis))
        if "stock" in f.get("triggers", []):
            out.append(t("{units} units ordered, stock and incoming cover only {cover}", units=f.get("units", 0),
                         cover=max(0, int(f.get("cover") or 0))))
    out.append(t("{units} units, buyers: {buyers}; {open} orders not shipped yet", units=f.get("units", 0),
                 buyers=f.get("buyers", 0), open=f.get("open_orders", 0)))
    if f.get("loss_cost") is not None and f.get("loss_cost"):
        out.append(t("Shipping them all would lose {amount} against cost", amount=_yuan(f["loss_cost"])))
    elif f.get("loss_usual"):
        out.append(t("Shipping them all would lose {amount} against the usual price", amount=_yuan(f["loss_usual"])))
    if f.get("penalty"):
        out.append(t("Cancelled or left unshipped, the platform deducts about {amount} (out-of-stock penalty)",
                     amount=_yuan(f["penalty"])))
    return out


def view(inc: Incident, name: str = "") -> IncidentView:
    f = json.loads(inc.facts or "{}")
    return IncidentView(inc.id, inc.kind, inc.platform, inc.sku_code, name, inc.status, timeutil.as_utc(inc.since),
                        timeutil.as_utc(inc.last_order_at), timeutil.as_utc(inc.detected_at), f, inc.note,
                        inc.listing_done_at, inc.hold_done_at, reasons(inc, f))


def listing(session, status: str | None = "open", ids: list[int] | None = None) -> list[IncidentView]:
    """Incidents, worst money first; ``status`` None: every state."""
    q = select(Incident)
    if status:
        q = q.where(Incident.status == status)
    if ids is not None:
        q = q.where(Incident.id.in_(ids))
    rows = list(session.scalars(q.order_by(Incident.id)))
    names = dict(session.execute(select(Sku.id, Sku.name).where(Sku.id.in_({r.sku_id for r in rows if r.sku_id})))
                 .all()) if rows else {}
    out = [view(r, names.get(r.sku_id, "")) for r in rows]
    out.sort(key=lambda v: (-v.exposure, -v.orders, v.id))
    return out


def title(v: IncidentView) -> str:
    return f"{v.kind_label} {v.sku}"[:20]


def headline(v: IncidentView) -> str:
    """One line for a notification or the banner: platform, SKU, the first reason."""
    return f"{platform_name(v.platform)} {v.sku}: {v.reasons[0] if v.reasons else ''}"

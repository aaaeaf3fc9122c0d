"""Seller-facing sentences about shop metrics (CLI text output, alerts, the panel's notes)."""

from __future__ import annotations

from datetime import date

from app.health.metrics import TOO_FEW, Metric
from app.text import N_, label, platform_name, t

# the rule tables' notes (resources/rules/health), written in English there: shown translated
NOTES = (N_("no published line: a trend of the shop's own orders"),
         N_("scored 5/4/3/2/0 by category rank: no published line"))


def pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def day_text(d: date) -> str:
    return t("{month}/{day}", month=d.month, day=d.day)


def rate_text(m: Metric) -> str:
    if not m.known:
        return t("the exports say neither who cancelled nor why: this rate cannot be computed")
    if m.level == TOO_FEW and m.d.kind == "seller_cancel":
        return t("too few orders ({n} paid, at least {min} needed)", n=m.orders, min=m.d.min_count)
    if m.level == TOO_FEW and m.d.kind == "pickup_on_time":
        return t("too few orders ({n} picked up, at least {min} needed)", n=m.orders, min=m.d.min_count)
    if m.level == TOO_FEW:
        return t("too few orders ({n} dispatched, at least {min} needed)", n=m.orders, min=m.d.min_count)
    return pct(m.rate)


def line_text(m: Metric) -> str:
    if not m.d.lines:
        return t("no published line")
    return " / ".join(pct(x.value) for x in m.d.lines)


def allowed_text(m: Metric) -> str:
    if m.late_allowed is None:
        return ""
    if m.d.kind == "seller_cancel":
        return t("{n} more seller-fault cancellations allowed", n=m.late_allowed)
    return t("{n} more late dispatches allowed", n=m.late_allowed)


def clears_text(m: Metric) -> str:
    if not m.clears_on:
        return ""
    if m.d.kind == "seller_cancel":
        return t("the oldest seller-fault cancellation leaves the count on {day}", day=day_text(m.clears_on))
    if m.d.kind == "pickup_on_time":
        return ""
    return t("the oldest late dispatch leaves the count on {day}", day=day_text(m.clears_on))


def summary(m: Metric) -> str:
    parts = [t("{platform} {name}: {late}/{orders} = {rate}", platform=platform_name(m.d.platform),
               name=m.d.name, late=m.late, orders=m.orders, rate=rate_text(m)),
             t("line {line}", line=line_text(m)) if m.d.lines else t("no published line")]
    if m.projected is not None and m.level != TOO_FEW and m.overdue:
        parts.append(t("projected {rate} once the {n} overdue orders ship", rate=pct(m.projected), n=m.overdue))
    for extra in (allowed_text(m), clears_text(m)):
        if extra:
            parts.append(extra)
    if m.points is not None:
        parts.append(t("{n} points if unpaid", n=m.points))
    if not m.d.official:
        parts.append(t("secondary source"))
    return "; ".join(parts)


def text_lines(metrics: list[Metric], tz: str) -> list[str]:
    return [summary(m) for m in metrics] or [t("No orders to measure yet")]


def window_text(m: Metric) -> str:
    if m.d.window_assumed:
        return t("{days}-day window (not published by the platform: a setting)", days=m.d.window_days)
    return t("{days}-day window", days=m.d.window_days)


def sentences(m: Metric) -> dict[str, str]:
    """Each part of a metric's story on its own, for the panel (empty when it does not apply)."""
    few = m.level == TOO_FEW
    out = {"rate": rate_text(m), "line": line_text(m), "window": window_text(m),
           "allowed": allowed_text(m), "clears": clears_text(m), "note": label(m.d.note),
           "source": t("official rule") if m.d.official else t("secondary source"),
           "projected": "", "today": "",
           "points": t("{n} points if unpaid", n=m.points) if m.points is not None else ""}
    if not few and m.projected is not None and m.overdue:
        out["projected"] = t("projected {rate} once the {n} overdue orders ship", rate=pct(m.projected), n=m.overdue)
    if not few and m.at_risk and m.projected_at_risk_on_time is not None:
        out["today"] = t("{n} due within a day: {on_time} if they ship on time, {late} if late", n=m.at_risk,
                         on_time=pct(m.projected_at_risk_on_time), late=pct(m.projected_at_risk_late))
    return out

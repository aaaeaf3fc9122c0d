"""How old the risk tab's picture is: the freshness line at its top and, per order, the export its
state comes from (an order missing from the platform's newest export may have shipped since)."""

from __future__ import annotations

from datetime import timedelta
from html import escape

from PySide6.QtCore import QCoreApplication

from ui import fmt, style

# the same import writes an order's seen_at and its batch's imported_at: equal, give or take storage
SAME_EXPORT = timedelta(seconds=1)


def tr(text: str) -> str:
    return QCoreApplication.translate("RiskFreshness", text)


def line_html(rows) -> tuple[str, bool]:
    """('拼多多 数据 5 小时前' per platform, stale?) — with what to do for each stale picture."""
    stale = [f for f in rows if f.stale]
    ok = [f for f in rows if not f.stale]
    if not stale:
        return escape(" · ".join(f.label() for f in ok)), False
    text = "<br>".join(f"<b>{escape(f.label())}</b> — {escape(f.advice())}" for f in stale)
    if ok:
        text += "<br><span style='color:#475467'>" + escape(" · ".join(f.label() for f in ok)) + "</span>"
    return text, True


def source(fresh, seen, tz: str, now) -> tuple[str, str]:
    """(the detail's "state from" value, a warning or ""). ``fresh``: the platform's Freshness;
    ``seen``: when the newest export holding this order was imported (None: demo or older data)."""
    newest = fresh.last_import if fresh is not None else None
    at = seen or newest
    if at is None:
        return "", ""
    text = tr("export imported %1").replace("%1", fmt.when(at, tz, now))
    if newest is not None and at < newest - SAME_EXPORT:  # not in the newest export: its state is older
        return text, tr("Not in the newest export (imported %1): it may have shipped or been cancelled since; "
                        "check it in the shop back office").replace("%1", fmt.when(newest, tz, now))
    if fresh is not None and fresh.stale:  # "ok" from an old export may have shipped (or changed) since
        return text, tr("This order's state is from that export (%1); it may have shipped or changed since: "
                        "export again to be sure").replace("%1", fresh.label())
    return text, ""


def warning_html(text: str) -> str:
    return f"<li style='color:{style.AMBER}'>{escape(text)}</li>" if text else ""

"""Display formatting for tables: money, counts, times and countdowns, in the chosen language."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from app import timeutil


def tr(text: str) -> str:
    return QCoreApplication.translate("fmt", text)


def money(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"¥{value:,.2f}"


def when(dt: datetime | None, tz: str, now: datetime | None = None) -> str:
    return timeutil.short(dt, tz, now)


def countdown(ship_by: datetime, now: datetime) -> str:
    """`剩 5小时12分` / `已超时 3小时` (UI.md), refreshed every minute by the tab."""
    secs = int((ship_by - now).total_seconds())
    late = secs <= 0
    m = abs(secs) // 60
    d, rem = divmod(m, 1440)
    h, mm = divmod(rem, 60)
    if d:
        span = tr("%1d %2h").replace("%1", str(d)).replace("%2", str(h))
    elif h:
        span = tr("%1h %2m").replace("%1", str(h)).replace("%2", str(mm))
    else:
        span = tr("%1m").replace("%1", str(mm))
    return (tr("overdue %1") if late else tr("%1 left")).replace("%1", span)

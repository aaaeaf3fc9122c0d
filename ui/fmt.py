"""Display formatting for tables: money, counts, dates, times and countdowns, in the chosen language.

The language is set once at start-up by ``ui.i18n.install`` (``set_language``); it defaults to
Chinese, the app's default, so tests and tools that never install a language get what sellers see.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from PySide6.QtCore import QCoreApplication, QLocale

from app import timeutil

_ZH = QLocale(QLocale.Chinese, QLocale.China)
_EN = QLocale(QLocale.English, QLocale.UnitedStates)
_lang = "zh_CN"


def tr(text: str) -> str:
    return QCoreApplication.translate("fmt", text)


def set_language(lang: str) -> None:
    global _lang
    _lang = lang


def language() -> str:
    return _lang


def _locale() -> QLocale:
    return _EN if _lang == "en" else _ZH


def _group(digits: str) -> str:
    """``1234567`` → ``1,234,567`` with the locale's separator."""
    sep = _locale().groupSeparator()
    head = len(digits) % 3 or 3
    return sep.join([digits[:head], *(digits[i:i + 3] for i in range(head, len(digits), 3))])


def decimal(value: Decimal | int | float | None, places: int | None = None) -> str:
    """A figure with the locale's grouping and decimal point; exact for Decimal (no float on the way).
    ``places=None`` keeps the value's own decimals (``0.78`` stays ``0.78``, ``12`` stays ``12``)."""
    if value is None:
        return ""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = _locale().negativeSign() if d < 0 else ""
    whole, _, frac = f"{abs(d):f}".partition(".")
    text = _group(whole)
    if frac:
        text += _locale().decimalPoint() + frac
    return sign + text


def number(value: int | Decimal | float | None) -> str:
    """Counts and quantities: grouped, no decimals added (``12,345``)."""
    if value is None:
        return ""
    if isinstance(value, bool):  # bool is an int; never show True as 1
        return str(value)
    return decimal(value)


def money(value: Decimal | int | None) -> str:
    """Yuan, always two decimals and the ¥ sign, whatever the language (``¥1,234.50``, ``-¥3.00``)."""
    if value is None:
        return ""
    d = (value if isinstance(value, Decimal) else Decimal(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    text = decimal(abs(d))
    return f"{_locale().negativeSign()}¥{text}" if d < 0 else f"¥{text}"


def when(dt: datetime | None, tz: str, now: datetime | None = None) -> str:
    """Chinese: ``11-20 18:00`` this year, ``2025-11-20 18:00`` otherwise (UI.md);
    English: ``Nov 20 18:00`` / ``Nov 20, 2025 18:00``."""
    if dt is None:
        return ""
    if _lang != "en":
        return timeutil.short(dt, tz, now)
    d = timeutil.local(dt, tz)
    return f"{_day(d.date(), now, tz)} {d:%H:%M}"


def day(d: date | None, now: datetime | None = None, tz: str | None = None) -> str:
    """A calendar date: ``11-25`` / ``2027-01-05``; English ``Nov 25`` / ``Jan 5, 2027``."""
    if d is None:
        return ""
    return _day(d, now, tz)


def _day(d: date, now: datetime | None, tz: str | None) -> str:
    year = timeutil.local(now or timeutil.utcnow(), tz).year
    if _lang != "en":
        return d.strftime("%m-%d") if d.year == year else d.isoformat()
    month = _locale().monthName(d.month, QLocale.ShortFormat)
    return f"{month} {d.day}" if d.year == year else f"{month} {d.day}, {d.year}"


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

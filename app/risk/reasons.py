"""The reasons' words, and every cache of formatted reason text in one place.

``ReasonWriter(language, tz, now)`` holds what one evaluation writes over and over: the templates
compiled once per language, durations per language (`3小时12分`), deadlines per minute
(`11-21 18:00`) and amounts per fen (`¥12.50`). The caches are the engine's speed tricks: at 100k
orders every reason is written from a few thousand distinct strings (bench/risk_bench.py).
"""

from __future__ import annotations

import re
from datetime import datetime

from app.risk.penalties import fen_to_decimal
from app.text import N_, PLACEHOLDER, label, placeholders, t

# English sources; label() shows them in the shop's language
UNVERIFIED = N_("This rule has not been verified against an official source; for reference only")

# the reasons' templates (English sources, filled by keyword: see _compile)
_REASONS = {
    "d_h": N_("{d} d {h} h"), "d": N_("{d} d"), "h_m": N_("{h} h {m} min"), "h": N_("{h} h"), "m": N_("{m} min"),
    "no_paid": N_("No payment time: counted from the order time"),
    "no_times": N_("No payment or order time: estimated from now"),
    "from_export": N_("Deadline taken from the promised ship time in the export file"),
    "paused": N_("Extended by {delay} for the platform pause; deadline now {when}"),
    "overdue": N_("Overdue by {late} (deadline {when}), not shipped yet"),
    "pen_now": N_("Expected deduction if shipped now {amount}{band}"),
    "stock_since": N_("More than {late} late: may be treated as {case} ({rule}), a further ¥{amount}"),
    "stock_in": N_("Not shipped within {left} more: treated as {case} ({rule}), a further ¥{amount}"),
    "stock_once": N_("Handled as {case} ({rule}): the deduction above is that one charge, not a further one"),
    "ok": N_("{left} left until the ship deadline (deadline {when}), no risk yet"),
    "critical": N_("Only {left} left until the ship deadline (deadline {when}): ship now"),
    "warning": N_("{left} left until the ship deadline (deadline {when}), due within {hours} h"),
    "pen_late": N_("Expected deduction if shipped late {amount}{band}"),
    "keyword": N_("The product title says “{word}”: held to {hours} h from payment (the shortest promise counts)"),
    "closes": N_("The pre-order closes {when}; the deadline counts from then"),
    "sched": N_("Scheduled delivery by {when}: if it has not arrived by then, {case} ({rule}) {amount}"),
    "sched_missed": N_("Scheduled delivery by {when} missed and still not shipped: {case} ({rule}) {amount}, "
                       "counted in the most the platform will deduct"),
    "cap": N_("Same buyer, same day: the platform deducts at most {cap} in all; {amount} of it falls on this order"),
    "stop_ship": N_("The delivery region “{region}” is on the courier stop list: ask the buyer to wait or refund"),
    "short": N_("Short of stock: {units} units missing after allocating by deadline; "
                "expected deduction if treated as {case} ({rule}) ¥{amount}{tail}"),
    "unmatched": N_("{n} product lines not matched to a SKU: stock cannot be checked"),
}


_TEMPLATES: dict[str, dict] = {}  # language → {key: fill function}
_BRACE = re.compile(r"[{}]")


def _templates(lang: str) -> dict:
    tx = _TEMPLATES.get(lang)
    if tx is None:
        tx = _TEMPLATES[lang] = {k: _compile(v) for k, v in _REASONS.items()}
    return tx


def _compile(source: str):  # -> the text itself when it has no placeholders
    """``fill(name=value, ...)`` for one template in the core language. An f-string compiled once:
    ~20 of these per order when every reason is written, and str.format (a dict per call, so
    more garbage-collector passes over 100k orders) made that a third slower. Only a translation
    whose every brace is one of the source's placeholders is compiled; anything else goes through
    label()."""
    names = sorted(placeholders(source))
    text = label(source)
    if not names:
        return text  # a fixed sentence: used as it is
    if placeholders(text) == set(names) and not _BRACE.search(PLACEHOLDER.sub("", text)):
        return eval(f"lambda {', '.join(names)}: f{text!r}", {})  # noqa: S307 - fields are the named parameters only
    return lambda **values: label(source, **values)


_HM: dict[str, dict[int, str]] = {}  # language → minutes → "3小时12分" (shared by every evaluation)
_YUAN: dict[int, str] = {}  # fen → "¥12.50" (the same in every language)


def _hm_text(m: int, tx: dict) -> str:
    """`3小时12分` / `2天5小时` / `45分` (minutes; `3 h 12 min` in English)."""
    d, rem = divmod(m, 1440)
    h, mm = divmod(rem, 60)
    if d:
        return tx["d_h"](d=d, h=h) if h else tx["d"](d=d)
    if h:
        return tx["h_m"](h=h, m=mm) if mm else tx["h"](h=h)
    return tx["m"](m=mm)


def yuan(fen: int) -> str:
    s = _YUAN.get(fen)
    if s is None:
        s = _YUAN[fen] = f"¥{fen_to_decimal(fen)}"
    return s


def band_words(band, tail: str) -> str:
    """` (band, rule “name”, in force from …; note)`: what a late band's reason ends with."""
    note = t("; {note}", note=band.note) if band.note else ""
    return t(" ({band}, {rule}{note})", band=band.text, rule=tail, note=note)


class ReasonWriter:
    """The reason texts of one evaluation: ``tx`` the compiled templates, ``hm`` durations,
    ``when`` deadlines in the shop zone, ``yuan`` amounts; each remembers what it wrote."""

    __slots__ = ("tx", "hm", "when", "yuan")

    def __init__(self, lang: str, tz, now: datetime) -> None:
        # the reason templates in the core language, compiled once per language, not per order
        self.tx = tx = _templates(lang)
        durations, times = _HM.setdefault(lang, {}), {}
        this_year = now.astimezone(tz).year

        # plain functions, not methods: reading a method per order makes a bound-method object,
        # and at 100k orders the extra garbage-collector passes show in the benchmark
        def hm(seconds: float) -> str:
            """A duration in words, truncated to minutes."""
            m = int(abs(seconds)) // 60
            s = durations.get(m)
            if s is None:
                s = durations[m] = _hm_text(m, tx)
            return s

        def when(ts: float) -> str:
            """A deadline: `11-21 18:00` (with the year when it is not this year's)."""
            k = int(ts) // 60
            s = times.get(k)
            if s is None:
                d = datetime.fromtimestamp(ts, tz)
                s = f"{d.month:02d}-{d.day:02d} {d.hour:02d}:{d.minute:02d}"
                if d.year != this_year:
                    s = f"{d.year}-{s}"
                times[k] = s
            return s

        self.hm, self.when, self.yuan = hm, when, yuan

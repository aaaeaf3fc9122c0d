"""Plain text of the rules in use and their flat (dotted key, value) list, for the settings page."""

from __future__ import annotations

from typing import Any

from app.risk.rules.compiled import compile_deduction, compile_promise
from app.risk.rules.validation import ROUNDING_NAMES
from app.text import join, label, t


def flatten(table: dict, prefix: str = "") -> list[tuple[str, Any]]:
    """(dotted key, value) for every leaf: what the settings page lists and lets the seller override."""
    out: list[tuple[str, Any]] = []
    items = enumerate(table) if isinstance(table, list) else table.items()
    for k, v in items:
        key = f"{prefix}{k}"
        if isinstance(v, (dict, list)):
            out.extend(flatten(v, key + "."))
        else:
            out.append((key, v))
    return out


def describe(tables: dict[str, dict]) -> str:
    """Plain text of the rules in use, for the settings page (names, sources and notes as the tables write them)."""
    lines = []
    unverified = t(" (unverified)")
    for tb in tables.values():
        mark = "" if tb["verified"] else unverified
        lines.append(t("{name}{mark}  effective {date}  source: {source}", name=tb["name"], mark=mark,
                       date=tb["effective_from"], source=tb["source"]))
        promise = compile_promise(tb["promise"])
        lines.append(t("  Default promise: {promise}", promise=promise.text()))
        for name, opt in (tb["promise"].get("options") or {}).items():
            lines.append(t("    Option {name}: {promise}", name=name, promise=compile_promise(opt).text()))
        if tb["promise"].get("presale"):
            lines.append(t("    Presale: {promise}", promise=compile_promise(tb["promise"]["presale"]).text()))
        for key, d in tb["deductions"].items():
            c = compile_deduction(key, d, tb)
            mark = "" if c.verified else unverified
            unit = label(ROUNDING_NAMES[c.unit_fen])
            basis = t("amount paid excluding postage") if c.excl_postage else t("amount paid")
            lines.append(t("  {name}{mark} (from {date}, on the {basis}, {unit}) when: {trigger}", name=c.name,
                           mark=mark, date=c.effective_from, basis=basis, unit=unit, trigger=c.trigger))
            for b, raw in zip(c.bands, d["bands"], strict=True):
                cond = []
                if "promise_max_hours" in raw:
                    cond.append(t("promise ≤ {hours} h", hours=raw["promise_max_hours"]))
                if "late_max_hours" in raw:
                    cond.append(t("late ≤ {hours} h", hours=raw["late_max_hours"]))
                if "amount_below" in raw:
                    cond.append(t("amount < {amount} yuan", amount=raw["amount_below"]))
                note = t("; {note}", note=b.note) if b.note else ""
                lines.append(t("    {conditions}: {band}{note}", conditions=join(cond) or t("otherwise"),
                               band=b.text, note=note))
        if tb.get("shop"):
            lines.append(t("  Shop thresholds: {items}",
                           items=t("{a}, {b}", a="", b="").join(f"{k}={v}" for k, v in tb["shop"].items())))
    return "\n".join(lines)

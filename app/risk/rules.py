"""Platform rule tables (resources/rules/*.json): loaded and validated at start-up, overridable."""

from __future__ import annotations

import copy
import json
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from app.paths import resource

REQUIRED = ("platform", "verified", "effective_from", "source", "promise", "late", "stockout")


class RuleError(ValueError):
    """A broken rule table; the message names file and key."""


def _check_band(fname: str, key: str, band: dict) -> None:
    for k in ("percent", "min", "max", "fixed", "amount_max"):
        if k in band:
            try:
                Decimal(str(band[k]))
            except InvalidOperation:
                raise RuleError(f"{fname}: {key}.{k} is not a number: {band[k]!r}") from None


def validate(fname: str, table: dict) -> dict:
    for k in REQUIRED:
        if k not in table:
            raise RuleError(f"{fname}: missing key '{k}'")
    for part in ("late", "stockout"):
        bands = table[part].get("bands")
        if not isinstance(bands, list) or not bands:
            raise RuleError(f"{fname}: {part}.bands must be a non-empty list")
        for i, b in enumerate(bands):
            _check_band(fname, f"{part}.bands[{i}]", b)
    mode = table["promise"].get("mode")
    if mode not in ("hours", "business_days", "same_day", "next_day"):
        raise RuleError(f"{fname}: promise.mode '{mode}' unknown")
    return table


@lru_cache(maxsize=1)
def _load() -> dict[str, dict]:
    out = {}
    for p in sorted(resource("rules").glob("*.json")):
        try:
            table = json.loads(p.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise RuleError(f"{p.name}: not valid JSON ({exc})") from exc
        out[table.get("platform", p.stem)] = validate(p.name, table)
    return out


def _set_dotted(d: dict, dotted: str, value) -> None:
    keys = dotted.split(".")
    for k in keys[:-1]:
        d = d[int(k)] if isinstance(d, list) else d.setdefault(k, {})
    if isinstance(d, list):
        d[int(keys[-1])] = value
    else:
        d[keys[-1]] = value


def load_rules(settings: dict | None = None) -> dict[str, dict]:
    """Tables with the seller's overrides ({platform: {dotted.key: value}}) applied."""
    tables = copy.deepcopy(_load())
    for platform, changes in ((settings or {}).get("rules.overrides") or {}).items():
        if platform in tables:
            for key, value in changes.items():
                _set_dotted(tables[platform], key, value)
            validate(f"overrides[{platform}]", tables[platform])
    return tables


def describe(tables: dict[str, dict]) -> str:
    """Plain text for the settings page."""
    lines = []
    for p, t in tables.items():
        mark = "" if t["verified"] else "（未核实）"
        lines.append(f"{t.get('name', p)}{mark} 生效 {t['effective_from']}；来源 {t['source']}")
        lines.append(f"  默认承诺：{json.dumps(t['promise'], ensure_ascii=False)}")
        for part in ("late", "stockout"):
            lines.append(f"  {t[part]['name']}：{json.dumps(t[part]['bands'], ensure_ascii=False)}")
    return "\n".join(lines)

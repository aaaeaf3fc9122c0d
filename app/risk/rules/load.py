"""Reading the rule tables from resources/rules (cached) and laying the seller's overrides on top."""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path
from typing import Any

from app.paths import resource
from app.risk.rules.validation import RuleError, validate
from app.text import t

# one logger for the whole rules package, as before the split (the name is what the logs show)
log = logging.getLogger("app.risk.rules")

_TABLES: dict[str, dict] | None = None


def load_tables(directory: Path | None = None, *, reload: bool = False) -> dict[str, dict]:
    """Read and validate every ``*.json`` in the rules folder (cached; call at start-up)."""
    global _TABLES
    if _TABLES is not None and directory is None and not reload:
        return _TABLES
    folder = Path(directory) if directory is not None else resource("rules")
    out: dict[str, dict] = {}
    for p in sorted(folder.glob("*.json")):
        try:
            table = json.loads(p.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise RuleError(t("Rule table {file}: not valid JSON ({error})", file=p.name, error=exc)) from exc
        out[p.stem] = validate(p.name, table, platform=p.stem)
    if not out:
        raise RuleError(t("No rule tables in the folder {folder}", folder=folder))
    if directory is None:
        _TABLES = out
    return out


def _split(dotted: str) -> list[str]:
    keys = [k for k in str(dotted).split(".")]
    if not dotted or any(not k for k in keys):
        raise ValueError
    return keys


def set_dotted(table: dict, dotted: str, value: Any) -> None:
    """Set ``a.b.0.c``; every parent must exist (so a typo is an error, not a new key)."""
    keys = _split(dotted)
    d: Any = table
    for k in keys[:-1]:
        d = d[int(k)] if isinstance(d, list) else d[k]
    if isinstance(d, list):
        d[int(keys[-1])] = value
    elif isinstance(d, dict):
        d[keys[-1]] = value
    else:
        raise TypeError


def get_dotted(table: dict, dotted: str) -> Any:
    d: Any = table
    for k in _split(dotted):
        d = d[int(k)] if isinstance(d, list) else d[k]
    return d


def apply_overrides(table: dict, changes: dict, where: str, *, strict: bool = True) -> dict:
    """Copy of ``table`` with ``{dotted.key: value}`` applied; each change is validated.

    strict: a bad change raises RuleError naming it; otherwise it is logged and skipped so that
    one mistyped setting cannot stop the risk check."""
    out = copy.deepcopy(table)
    if not isinstance(changes, dict):
        if strict:
            raise RuleError(t("Rule override {where}: should be a {key: value} object", where=where))
        log.warning("rule overrides %s ignored: not an object", where)
        return out
    for key, value in changes.items():
        trial = copy.deepcopy(out)
        try:
            set_dotted(trial, key, value)
        except (KeyError, IndexError, ValueError, TypeError):
            exc: RuleError = RuleError(t("Rule override {where}: {key} does not exist", where=where, key=key))
        else:
            try:
                validate(f"{where}", trial, platform=table["platform"])
                out = trial
                continue
            except RuleError as e:
                exc = RuleError(t("Rule override {where}: {key} = {value} is not valid ({error})",
                                             where=where, key=key, value=repr(value), error=e))
        if strict:
            raise exc
        log.warning("%s", exc)
    return out


def load_rules(settings: dict | None = None, *, strict: bool = False) -> dict[str, dict]:
    """Tables with the seller's ``rules.overrides`` applied (platform → table)."""
    tables = load_tables()
    overrides = (settings or {}).get("rules.overrides") or {}
    out = dict(tables)
    if not isinstance(overrides, dict):
        if strict:
            raise RuleError(t("Rule override rules.overrides: should be a {platform: {key: value}} object"))
        return out
    for platform, changes in overrides.items():
        if platform not in tables:
            if strict:
                raise RuleError(t("Rule override rules.overrides: unknown platform {platform}", platform=repr(platform)))
            log.warning("rule overrides for unknown platform %r ignored", platform)
            continue
        out[platform] = apply_overrides(tables[platform], changes, f"rules.overrides[{platform}]",
                                        strict=strict)
    return out


def check_overrides(overrides: Any) -> list[str]:
    """Every problem in a ``rules.overrides`` value, for the settings dialog (empty = fine)."""
    tables = load_tables()
    if not isinstance(overrides, dict):
        return [t("Rule overrides should be a {platform: {key: value}} object")]
    errors = []
    for platform, changes in overrides.items():
        if platform not in tables:
            errors.append(t("Unknown platform {platform}", platform=repr(platform)))
            continue
        if not isinstance(changes, dict):
            errors.append(t("Rule override rules.overrides[{platform}]: should be a {key: value} object",
                            platform=platform))
            continue
        for key, value in changes.items():
            try:
                apply_overrides(tables[platform], {key: value}, f"rules.overrides[{platform}]")
            except RuleError as e:
                errors.append(str(e))
    return errors

"""Rule tables checked key by key: a broken table raises ``RuleError`` naming the file and the dotted key."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any

from app.text import N_, t

MODES = ("hours", "same_day", "next_day", "business_days")
ROUNDING_FEN = {"yuan": 100, "jiao": 10, "cent": 1}
ROUNDING_NAMES = {100: N_("rounded to the yuan"), 10: N_("rounded to the jiao"), 1: N_("to the fen")}
BASES = ("paid", "paid_excl_postage")
CONDITIONS = ("promise_max_hours", "late_max_hours", "amount_below")
BAND_KEYS = (*CONDITIONS, "percent", "fixed", "min", "max", "admitted_percent", "note", "stockout_band")
DEDUCTION_KEYS = ("name", "trigger", "basis", "rounding", "effective_from", "source", "verified",
                  "trigger_late_hours", "bands")
PROMISE_KEYS = ("mode", "hours", "days", "cutoff", "label", "end_of_day", "from", "options", "presale")
PROMISE_FROM = ("paid", "presale_end")  # presale_end: counted from the pre-order's close (when the export gives it)
TOP_KEYS = ("platform", "name", "verified", "effective_from", "source", "promise", "deductions", "shop",
            "clock", "calendar", "regions", "assumptions", "speed_keywords")
KEYWORD_KEYS = ("words", "hours", "source")
REGION_KEYS = ("clock", "calendar", "promise", "source")
SHOP_OPTION_KEYS = ("promise", "cutoff", "promise_hours", "presale", "presale_hours", "presale_days", "rules",
                    "region")


class RuleError(ValueError):
    """A broken rule table or override; the message names the file (or setting) and the key."""


# -- validation ---------------------------------------------------------------

def _err(where: str, key: str, problem: str) -> RuleError:
    return RuleError(t("Rule table {where}: {key} {problem}", where=where, key=key, problem=problem))


def _dec(where: str, key: str, value: Any, *, lo: Decimal | None = Decimal(0)) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _err(where, key, t("should be a number, got {value}", value=repr(value)))
    try:
        d = Decimal(str(value).strip())
    except InvalidOperation:
        raise _err(where, key, t("is not a number: {value}", value=repr(value))) from None
    if not d.is_finite() or (lo is not None and d < lo):
        raise _err(where, key, t("is not a valid number: {value}", value=repr(value)))
    return d


def _date(where: str, key: str, value: Any) -> None:
    try:
        date.fromisoformat(str(value))
    except ValueError:
        raise _err(where, key, t("should be a date YYYY-MM-DD, got {value}", value=repr(value))) from None


def _unknown(where: str, prefix: str, d: dict, allowed: tuple) -> None:
    for k in d:
        if k not in allowed:
            raise _err(where, f"{prefix}{k}", t("is an unknown key"))


def _hhmm(where: str, key: str, value: Any) -> time:
    try:
        hh, mm = str(value).split(":")
        return time(int(hh), int(mm))
    except ValueError:
        raise _err(where, key, t("should be a time HH:MM, got {value}", value=repr(value))) from None


def _check_promise(where: str, key: str, p: Any, *, nested: bool = False) -> None:
    if not isinstance(p, dict):
        raise _err(where, key, t("should be an object"))
    _unknown(where, f"{key}.", p, PROMISE_KEYS if not nested else PROMISE_KEYS[:7])
    if p.get("from", "paid") not in PROMISE_FROM:
        raise _err(where, f"{key}.from", t("should be {choices}, got {value}", choices="/".join(PROMISE_FROM),
                                                    value=repr(p.get("from"))))
    mode = p.get("mode")
    if mode not in MODES:
        raise _err(where, f"{key}.mode", t("unknown promise mode {mode} (choose {choices})", mode=repr(mode),
                                                   choices="/".join(MODES)))
    if mode == "hours":
        if _dec(where, f"{key}.hours", p.get("hours"), lo=None) <= 0:
            raise _err(where, f"{key}.hours", t("must be greater than 0"))
    if mode == "business_days":
        d = _dec(where, f"{key}.days", p.get("days"))
        if d != int(d) or d < 1:
            raise _err(where, f"{key}.days", t("should be a positive whole number"))
    if mode == "same_day":
        _hhmm(where, f"{key}.cutoff", p.get("cutoff", "16:00"))
    if "end_of_day" in p and not isinstance(p["end_of_day"], bool):
        raise _err(where, f"{key}.end_of_day", t("should be true or false"))
    if "label" in p and not isinstance(p["label"], str):
        raise _err(where, f"{key}.label", t("should be text"))
    for name, opt in (p.get("options") or {}).items():
        _check_promise(where, f"{key}.options.{name}", opt, nested=True)
    if "presale" in p:
        _check_promise(where, f"{key}.presale", p["presale"], nested=True)


def _check_deduction(where: str, key: str, d: Any) -> None:
    if not isinstance(d, dict):
        raise _err(where, key, t("should be an object"))
    _unknown(where, f"{key}.", d, DEDUCTION_KEYS)
    for req in ("name", "trigger", "bands"):
        if req not in d:
            raise _err(where, f"{key}.{req}", t("is missing"))
    for k in ("name", "trigger", "source"):
        if k in d and not (isinstance(d[k], str) and d[k].strip()):
            raise _err(where, f"{key}.{k}", t("should be non-empty text"))
    if d.get("basis", "paid") not in BASES:
        raise _err(where, f"{key}.basis", t("should be {choices}, got {value}", choices="/".join(BASES),
                                                      value=repr(d.get("basis"))))
    if d.get("rounding", "cent") not in ROUNDING_FEN:
        raise _err(where, f"{key}.rounding", t("should be {choices}, got {value}", choices="/".join(ROUNDING_FEN),
                                                         value=repr(d.get("rounding"))))
    if "effective_from" in d:
        _date(where, f"{key}.effective_from", d["effective_from"])
    if "verified" in d and not isinstance(d["verified"], bool):
        raise _err(where, f"{key}.verified", t("should be true or false"))
    if "trigger_late_hours" in d:
        _dec(where, f"{key}.trigger_late_hours", d["trigger_late_hours"])
    bands = d["bands"]
    if not isinstance(bands, list) or not bands:
        raise _err(where, f"{key}.bands", t("should be a non-empty list"))
    for i, b in enumerate(bands):
        bk = f"{key}.bands.{i}"
        if not isinstance(b, dict):
            raise _err(where, bk, t("should be an object"))
        _unknown(where, f"{bk}.", b, BAND_KEYS)
        if ("percent" in b) == ("fixed" in b):
            raise _err(where, bk, t("needs exactly one of percent or fixed"))
        nums = {k: _dec(where, f"{bk}.{k}", b[k]) for k in BAND_KEYS if k in b and k not in ("note", "stockout_band")}
        if "stockout_band" in b and not isinstance(b["stockout_band"], bool):
            raise _err(where, f"{bk}.stockout_band", t("should be true or false"))
        for k in ("percent", "admitted_percent"):
            if k in nums and nums[k] > 100:
                raise _err(where, f"{bk}.{k}", t("cannot be over 100"))
        if "min" in nums and "max" in nums and nums["min"] > nums["max"]:
            raise _err(where, f"{bk}.min", t("is greater than max ({min} > {max})", min=b["min"], max=b["max"]))
        if "note" in b and not isinstance(b["note"], str):
            raise _err(where, f"{bk}.note", t("should be text"))
    if any(c in bands[-1] for c in CONDITIONS):
        raise _err(where, f"{key}.bands.{len(bands) - 1}", t("the last band cannot have conditions (it catches the rest)"))


def validate(where: str, table: Any, *, platform: str | None = None) -> dict:
    """Check one table; ``where`` names the file (or the setting) in the error."""
    if not isinstance(table, dict):
        raise _err(where, t("(root)"), t("should be a JSON object"))
    _unknown(where, "", table, TOP_KEYS)
    for k in ("platform", "name", "verified", "effective_from", "source", "promise", "deductions"):
        if k not in table:
            raise _err(where, k, t("is missing"))
    if platform is not None and table["platform"] != platform:
        raise _err(where, "platform", t("should match the file name ({platform}), got {value}",
                                                 platform=platform, value=repr(table["platform"])))
    if not isinstance(table["verified"], bool):
        raise _err(where, "verified", t("should be true or false"))
    for k in ("name", "source"):
        if not (isinstance(table[k], str) and table[k].strip()):
            raise _err(where, k, t("should be non-empty text"))
    _date(where, "effective_from", table["effective_from"])
    _check_promise(where, "promise", table["promise"])
    deds = table["deductions"]
    if not isinstance(deds, dict):
        raise _err(where, "deductions", t("should be an object"))
    for req in ("late", "stockout"):
        if req not in deds:
            raise _err(where, f"deductions.{req}", t("is missing"))
    for name, d in deds.items():
        _check_deduction(where, f"deductions.{name}", d)
    for k in ("clock", "calendar"):
        if k in table and not (isinstance(table[k], str) and table[k].strip()):
            raise _err(where, k, t("should be non-empty text"))
    if "assumptions" in table and not (isinstance(table["assumptions"], list)
                                       and all(isinstance(a, str) for a in table["assumptions"])):
        raise _err(where, "assumptions", t("should be a list of texts"))
    regions = table.get("regions", {})
    if not isinstance(regions, dict):
        raise _err(where, "regions", t("should be an object"))
    for code, reg in regions.items():
        if not isinstance(reg, dict):
            raise _err(where, f"regions.{code}", t("should be an object"))
        _unknown(where, f"regions.{code}.", reg, REGION_KEYS)
        if "promise" in reg:
            _check_promise(where, f"regions.{code}.promise", reg["promise"], nested=True)
    kws = table.get("speed_keywords", [])
    if not isinstance(kws, list):
        raise _err(where, "speed_keywords", t("should be a list"))
    for i, kw in enumerate(kws):
        kk = f"speed_keywords.{i}"
        if not isinstance(kw, dict):
            raise _err(where, kk, t("should be an object"))
        _unknown(where, f"{kk}.", kw, KEYWORD_KEYS)
        words = kw.get("words")
        if not (isinstance(words, list) and words and all(isinstance(w, str) and w.strip() for w in words)):
            raise _err(where, f"{kk}.words", t("should be a list of texts"))
        if _dec(where, f"{kk}.hours", kw.get("hours")) <= 0:
            raise _err(where, f"{kk}.hours", t("must be greater than 0"))
    shop = table.get("shop", {})
    if not isinstance(shop, dict):
        raise _err(where, "shop", t("should be an object"))
    for k, v in shop.items():
        if isinstance(v, bool) or not isinstance(v, (int, float, str)):
            raise _err(where, f"shop.{k}", t("should be a number or text, got {value}", value=repr(v)))
        if not isinstance(v, str) or v.replace(".", "", 1).isdigit():
            _dec(where, f"shop.{k}", v)
    return table

"""Platform rule tables as data (resources/rules/<platform>.json).

Loaded and validated once at start-up (``load_tables``); a broken table raises ``RuleError``
naming the file and the dotted key. The seller's overrides are applied on top:

- ``settings["rules.overrides"] = {platform: {"dotted.key": value}}``, e.g.
  ``{"douyin": {"deductions.late.bands.1.max": "40", "promise.hours": 24}}``
  (list items are addressed by index);
- ``settings["risk.shop_options"] = {platform: options}`` (the settings page), laid over
  ``Shop.options`` (JSON) per shop: ``{"promise": "same_day" | "next_day" | "48h" | {...},
  "cutoff": "16:00", "promise_hours": 24, "presale_hours": 240 | "presale_days": 15 |
  "presale": {...}, "rules": {"dotted.key": value}}``.

Table layout (every number as a string or JSON number, yuan; hours; percent of the amount paid)::

    platform, name, verified, effective_from (YYYY-MM-DD), source,
    promise: {mode: hours|same_day|next_day|business_days, hours|cutoff|days, label,
              options: {name: promise}, presale: promise}
    deductions: {late: D, stockout: D, presale_full?: D, <other>: D}  # late and stockout drive the estimate;
                                                       # presale_full prices a late presale order (Tmall)
      D = {name, trigger, basis: paid|paid_excl_postage, rounding: yuan|jiao|cent,
           effective_from?, source?, verified?, trigger_late_hours?, bands: [band, ...]}
      band = {promise_max_hours?, late_max_hours?, amount_below?,          # conditions
              percent | fixed, min?, max?, admitted_percent?, note?}        # the last band has no conditions
    shop: {name: number | string}                                           # shop-level thresholds
"""

from __future__ import annotations

import copy
import json
import logging
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

from app.paths import resource
from app.text import N_, join, label, t

log = logging.getLogger(__name__)

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


# -- loading and overrides ----------------------------------------------------

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


# -- compiled form used by the engine ------------------------------------------

@dataclass(frozen=True, slots=True)
class Promise:
    mode: str
    hours: Fraction = Fraction(48)
    days: int = 2
    cutoff: time = time(16)
    label: str = ""
    end_of_day: bool = False  # business days: due at 23:59 of the last day (TikTok US), not the paid clock time
    after_close: bool = False  # counted from the pre-order's close, not the payment (TikTok pre-orders)

    seconds: int | None = None  # fixed length for the hours mode (the engine's fast path)

    def __post_init__(self) -> None:
        if self.mode == "hours":
            object.__setattr__(self, "seconds", int(self.hours * 3600))

    def text(self) -> str:
        if self.mode == "hours":
            return t("Ship within {hours} h of payment", hours=_num(self.hours))
        if self.mode == "business_days":
            if self.after_close:
                return t("Ship by 23:59 of the {days}th working day after the pre-order closes", days=self.days)
            if self.end_of_day:
                return t("Ship by 23:59 of the {days}th working day from the order date", days=self.days)
            return t("Ship within {days} working days of payment", days=self.days)
        if self.mode == "same_day":
            return t("Same-day shipping: paid before {cutoff}, ships that day; later, the next day",
                     cutoff=f"{self.cutoff:%H:%M}")
        return t("Next-day shipping: ships by 23:59:59 the day after payment")


def _num(x: Fraction | Decimal) -> str:
    d = Decimal(x.numerator) / Decimal(x.denominator) if isinstance(x, Fraction) else x
    return format(d.normalize(), "f")


def compile_promise(spec: dict, cutoff: str | None = None) -> Promise:
    mode = spec["mode"]
    cut = spec.get("cutoff", "16:00") if cutoff is None else cutoff
    return Promise(mode=mode, hours=Fraction(str(spec.get("hours", 48))), days=int(Decimal(str(spec.get("days", 2)))),
                   cutoff=_hhmm("", "cutoff", cut), label=spec.get("label", ""),
                   end_of_day=bool(spec.get("end_of_day", False)), after_close=spec.get("from") == "presale_end")


@dataclass(frozen=True, slots=True)
class Band:
    promise_max_s: float | None
    late_max_s: float | None
    amount_below_fen: int | None
    percent: Fraction | None  # None for a fixed amount
    pct_n: int  # percent as an exact ratio (0 for a fixed amount or "no per-order amount")
    pct_d: int
    fixed_fen: int
    min_fen: int
    max_fen: int | None
    admitted_percent: Decimal | None
    note: str
    text: str
    stockout: bool = False  # this band *is* the 缺货 charge (Douyin's ">48 h late" column): count it once  # "1%（2–50元）" for reasons and the settings page (the core language when compiled)


def _fen(x: Any) -> int:
    return int(Decimal(str(x)) * 100)


def _band_text(b: dict) -> str:
    if "fixed" in b:
        return t("{amount} yuan per order", amount=_num(Decimal(str(b["fixed"]))))
    pct = _num(Decimal(str(b["percent"])))
    if Decimal(str(b["percent"])) == 0:
        return t("No per-order deduction")
    lo = _num(Decimal(str(b.get("min", 0))))
    if "max" not in b:
        return t("{percent}% ({min} yuan minimum, no cap)", percent=pct, min=lo)
    return t("{percent}% ({min}–{max} yuan)", percent=pct, min=lo, max=_num(Decimal(str(b["max"]))))


@dataclass(frozen=True, slots=True)
class Deduction:
    key: str
    name: str
    trigger: str
    effective_from: str
    source: str
    verified: bool
    excl_postage: bool
    unit_fen: int
    trigger_late_s: float | None
    bands: tuple[Band, ...]

    def band(self, promise_s: float, late_s: float, amount_fen: int) -> Band:
        for b in self.bands:
            if b.promise_max_s is not None and promise_s > b.promise_max_s:
                continue
            if b.late_max_s is not None and late_s > b.late_max_s:
                continue
            if b.amount_below_fen is not None and amount_fen >= b.amount_below_fen:
                continue
            return b
        return self.bands[-1]


def compile_deduction(key: str, d: dict, table: dict) -> Deduction:
    bands = []
    for b in d["bands"]:
        bands.append(Band(
            promise_max_s=float(Decimal(str(b["promise_max_hours"])) * 3600) if "promise_max_hours" in b else None,
            late_max_s=float(Decimal(str(b["late_max_hours"])) * 3600) if "late_max_hours" in b else None,
            amount_below_fen=_fen(b["amount_below"]) if "amount_below" in b else None,
            percent=Fraction(str(b["percent"])) if "percent" in b else None,
            pct_n=Fraction(str(b.get("percent", 0))).numerator,
            pct_d=Fraction(str(b.get("percent", 0))).denominator,
            fixed_fen=_fen(b.get("fixed", 0)),
            min_fen=_fen(b.get("min", 0)),
            max_fen=_fen(b["max"]) if "max" in b else None,
            admitted_percent=Decimal(str(b["admitted_percent"])) if "admitted_percent" in b else None,
            note=b.get("note", ""),
            text=_band_text(b),
            stockout=bool(b.get("stockout_band", False)),
        ))
    tl = d.get("trigger_late_hours")
    return Deduction(
        key=key, name=d["name"], trigger=d["trigger"],
        effective_from=str(d.get("effective_from", table["effective_from"])),
        source=d.get("source", table["source"]), verified=bool(d.get("verified", table["verified"])),
        excl_postage=d.get("basis", "paid") == "paid_excl_postage", unit_fen=ROUNDING_FEN[d.get("rounding", "cent")],
        trigger_late_s=float(Decimal(str(tl)) * 3600) if tl is not None else None, bands=tuple(bands))


@dataclass(slots=True)
class CompiledRule:
    platform: str
    name: str
    verified: bool
    promise: Promise
    promise_source: str  # "platform rule" | "shop setting", in the core language
    presale: Promise | None
    late: Deduction
    stockout: Deduction
    table: dict = field(repr=False)
    presale_late: Deduction | None = None  # a presale order's late charge, where the table has its own
    scheduled: Deduction | None = None  # Douyin 预约到货超时: an order with a scheduled delivery time missing it

    clock: str = "Asia/Shanghai"  # the zone the platform's deadlines are counted in
    calendar: str = ""  # resources/calendars/<name>.json: holidays skipped by business days
    region: str = ""

    rule_id: str = ""  # "douyin/发货超时/2026-08-10"
    stock_rule_id: str = ""  # "douyin/缺货/2026-06-01"
    # listing words that hold the promise shorter: ((word, seconds), ...), shortest first
    keywords: tuple[tuple[str, int], ...] = ()
    buyer_day_cap_fen: int | None = None  # same buyer, same day: the sum of deductions is capped (Taobao 100, Tmall 500)

    def __post_init__(self) -> None:
        self.rule_id = f"{self.platform}/{self.late.name}/{self.late.effective_from}"
        self.stock_rule_id = f"{self.platform}/{self.stockout.name}/{self.stockout.effective_from}"
        kws = [(w.strip(), int(Decimal(str(k["hours"])) * 3600)) for k in self.table.get("speed_keywords") or []
               for w in k["words"]]
        self.keywords = tuple(sorted(kws, key=lambda x: x[1]))
        cap = (self.table.get("shop") or {}).get("same_buyer_daily_cap_yuan")
        self.buyer_day_cap_fen = _fen(cap) if cap not in (None, "") else None


def _shop_promise(table: dict, options: dict, key: str, where: str) -> Promise | None:
    """The shop's own promise (``promise`` / ``promise_hours`` / ``cutoff``)."""
    spec = options.get(key)
    cutoff = options.get("cutoff")
    if key == "promise" and spec is None and "promise_hours" in options:
        spec = {"mode": "hours", "hours": options["promise_hours"]}
    if spec is None:
        if cutoff is not None and table["promise"]["mode"] == "same_day":
            spec = table["promise"]
        else:
            return None
    if isinstance(spec, str):
        opts = table["promise"].get("options") or {}
        if spec not in opts:
            raise RuleError(t("Shop setting {where}: {key} = {value} is not a shipping option of {rule} (choose {choices})",
                              where=where, key=key, value=repr(spec), rule=table["name"],
                              choices="/".join(opts) or t("none")))
        spec = opts[spec]
    spec = {k: v for k, v in dict(spec).items() if k not in ("options", "presale")}
    if cutoff is not None and spec.get("mode") == "same_day":
        spec["cutoff"] = cutoff
    _check_promise(where, key, spec, nested=True)
    return compile_promise(spec)


def _presale(table: dict, options: dict, where: str) -> Promise | None:
    if "presale" in options:
        _check_promise(where, "presale", options["presale"], nested=True)
        return compile_promise(options["presale"])
    if "presale_hours" in options:
        spec = {"mode": "hours", "hours": options["presale_hours"], "label": t("Presale")}
    elif "presale_days" in options:
        spec = {"mode": "hours", "hours": str(_dec(where, "presale_days", options["presale_days"]) * 24),
                "label": t("Presale")}
    else:
        p = table["promise"].get("presale")
        return compile_promise(p) if p else None
    _check_promise(where, "presale", spec, nested=True)
    return compile_promise(spec)


def compile_rule(table: dict, shop_options: dict | None = None, *, where: str = "",
                 strict: bool = False) -> CompiledRule:
    """Engine-ready rule for one shop: table + the shop's own promises and number overrides.
    Bad shop options raise (strict) or are logged and ignored."""
    options = shop_options or {}
    where = where or t("shop")
    try:
        if not isinstance(options, dict):
            raise RuleError(t("Shop setting {where}: should be a JSON object", where=where))
        _unknown(where, "", options, SHOP_OPTION_KEYS)
        if options.get("rules"):
            table = apply_overrides(table, options["rules"], f"{where}.rules", strict=True)
        own = _shop_promise(table, options, "promise", where)
        presale = _presale(table, options, where)
    except RuleError as exc:
        if strict:
            raise
        log.warning("%s", exc)
        options, own = {}, None
        presale = compile_promise(table["promise"]["presale"]) if table["promise"].get("presale") else None
    deds = table["deductions"]
    regions = table.get("regions") or {}
    code = str(options.get("region") or next(iter(regions), "")).upper()
    reg = regions.get(code)
    if regions and reg is None:
        log.warning("%s: unknown region %r; %s used", where, code, next(iter(regions)))
        code = next(iter(regions))
        reg = regions[code]
    reg = reg or {}
    base = compile_promise(reg["promise"]) if "promise" in reg else compile_promise(table["promise"])
    return CompiledRule(
        platform=table["platform"], name=table["name"], verified=bool(table["verified"]),
        promise=own or base, promise_source=t("shop setting") if own else t("platform rule"),
        presale=presale, late=compile_deduction("late", deds["late"], table),
        stockout=compile_deduction("stockout", deds["stockout"], table), table=table,
        presale_late=compile_deduction("presale_full", deds["presale_full"], table) if "presale_full" in deds else None,
        scheduled=(compile_deduction("scheduled_delivery", deds["scheduled_delivery"], table)
                   if "scheduled_delivery" in deds else None),
        clock=reg.get("clock") or table.get("clock") or "Asia/Shanghai",
        calendar=reg.get("calendar") or table.get("calendar") or "", region=code if regions else "")


PROMISE_OPTION_KEYS = ("promise", "promise_hours")
PRESALE_OPTION_KEYS = ("presale", "presale_hours", "presale_days")


def merge_shop_options(base: dict, mine: dict) -> dict:
    """The shop record's options with the seller's settings on top; a promise (or presale) given
    in the settings replaces every form of it in the record. ``None`` values mean "not set"."""
    mine = {k: v for k, v in (mine or {}).items() if v is not None}
    out = dict(base)
    for group in (PROMISE_OPTION_KEYS, PRESALE_OPTION_KEYS):
        if any(k in mine for k in group):
            for k in group:
                out.pop(k, None)
    out.update(mine)
    return out


def check_shop_options(platform: str, options: Any) -> list[str]:
    """Problems in a shop's options JSON, for the settings page (empty = fine)."""
    tables = load_tables()
    if platform not in tables:
        return [t("Unknown platform {platform}", platform=repr(platform))]
    try:
        compile_rule(tables[platform], options, where=t("{platform} shop", platform=platform), strict=True)
    except RuleError as exc:
        return [str(exc)]
    return []


# -- for the settings page ------------------------------------------------------

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

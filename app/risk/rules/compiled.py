"""The compiled form the engine uses: promises, bands, deductions and one rule per shop."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal
from fractions import Fraction
from typing import Any

from app.risk.rules.load import apply_overrides, load_tables, log
from app.risk.rules.validation import (
    ROUNDING_FEN,
    SHOP_OPTION_KEYS,
    RuleError,
    _check_promise,
    _dec,
    _hhmm,
    _unknown,
)
from app.text import t


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

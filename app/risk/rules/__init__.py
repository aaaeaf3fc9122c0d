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

The package's rooms: ``validation`` (keys and values checked, ``RuleError``), ``load`` (tables
read, cached, overrides applied), ``compiled`` (the engine's form), ``description`` (settings page).
Every name is re-exported here so callers keep importing from ``app.risk.rules``.
"""

from app.risk.rules.compiled import (
    PRESALE_OPTION_KEYS,
    PROMISE_OPTION_KEYS,
    Band,
    CompiledRule,
    Deduction,
    Promise,
    check_shop_options,
    compile_deduction,
    compile_promise,
    compile_rule,
    merge_shop_options,
)
from app.risk.rules.description import describe, flatten
from app.risk.rules.load import (
    apply_overrides,
    check_overrides,
    get_dotted,
    load_rules,
    load_tables,
    set_dotted,
)
from app.risk.rules.validation import (
    BAND_KEYS,
    BASES,
    CONDITIONS,
    DEDUCTION_KEYS,
    KEYWORD_KEYS,
    MODES,
    PROMISE_FROM,
    PROMISE_KEYS,
    REGION_KEYS,
    ROUNDING_FEN,
    ROUNDING_NAMES,
    SHOP_OPTION_KEYS,
    TOP_KEYS,
    RuleError,
    validate,
)

__all__ = [
    "BAND_KEYS", "BASES", "CONDITIONS", "DEDUCTION_KEYS", "KEYWORD_KEYS", "MODES", "PRESALE_OPTION_KEYS",
    "PROMISE_FROM", "PROMISE_KEYS", "PROMISE_OPTION_KEYS", "REGION_KEYS", "ROUNDING_FEN", "ROUNDING_NAMES",
    "SHOP_OPTION_KEYS", "TOP_KEYS", "Band", "CompiledRule", "Deduction", "Promise", "RuleError", "apply_overrides",
    "check_overrides", "check_shop_options", "compile_deduction", "compile_promise", "compile_rule", "describe",
    "flatten", "get_dotted", "load_rules", "load_tables", "merge_shop_options", "set_dotted", "validate",
]

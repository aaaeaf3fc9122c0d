"""Message templates as data (resources/templates/zh_CN.json); the seller's edits live in settings.

A template is one text per platform: ``"*"`` is the wording every platform uses unless a platform
has its own (Taobao's mentions the 协商工具 card, Douyin's the 极速退款). The seller's edits are
kept in the setting ``contact.templates`` as ``{name: {platform: text}}`` on top of the shipped
texts, so a new release can improve the defaults without overwriting what the seller wrote.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from app.labels import TEMPLATES
from app.paths import resource
from app.text import N_, label

# the names are keys of the data; what a seller reads is in app/labels.py
NAME_LABELS = TEMPLATES
NAMES = tuple(TEMPLATES)
# the templates for an order short of stock: its new date is the day after the goods arrive
STOCK_SHORT = ("缺货可等待", "缺货换款", "缺货退款")


def is_stock_short(reason: str | None, template: str | None) -> bool:
    """A task about goods the order lacks: its reason says so, or the seller chose a stock-short template."""
    return reason == "stock_short" or template in STOCK_SHORT
PLATFORM_KEYS = ("*", "douyin", "taobao", "pdd", "kuaishou", "tiktok")
PLACEHOLDER = re.compile(r"\{(\w*)\}")
SETTING = "contact.templates"


class TemplateError(ValueError):
    pass


@lru_cache(maxsize=1)
def data() -> dict:
    """The shipped template file, checked once: every template there, no unknown placeholder."""
    raw = json.loads(resource("templates", "zh_CN.json").read_text(encoding="utf-8"))
    for name in NAMES:
        texts = raw["templates"].get(name)
        if not texts or not texts.get("*"):
            raise TemplateError(f"zh_CN.json: template '{name}' missing")
        for platform, text in texts.items():
            problems = check(text, raw["placeholders"])
            if problems:
                raise TemplateError(f"zh_CN.json: template '{name}' ({platform}): {'; '.join(problems)}")
    return raw


def placeholders() -> list[str]:
    return list(data()["placeholders"])


def check(text: str, allowed=None) -> list[str]:
    """What is wrong with a template text (empty list: fine). Used by the editor before saving."""
    allowed = set(allowed if allowed is not None else placeholders())
    problems = []
    if not text.strip():
        problems.append("empty")
    unknown = sorted({k for k in PLACEHOLDER.findall(text) if k not in allowed})
    if unknown:
        problems.append("unknown placeholder " + ", ".join("{" + k + "}" for k in unknown))
    # a lone brace would reach the buyer as a stray "{" — refuse it
    stripped = PLACEHOLDER.sub("", text)
    if "{" in stripped or "}" in stripped:
        problems.append("unmatched brace")
    return problems


def _overrides(settings: dict | None) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for name, value in ((settings or {}).get(SETTING) or {}).items():
        # older settings kept one text per template: that is the all-platforms wording
        out[name] = {"*": value} if isinstance(value, str) else dict(value)
    return out


def default_text(name: str, platform: str = "*") -> str | None:
    """The shipped wording for this platform, None when the platform has no wording of its own."""
    return data()["templates"][name].get(platform)


def texts(name: str, settings: dict | None = None) -> dict[str, str]:
    """Every platform's wording of one template, the seller's edits applied."""
    out = dict(data()["templates"][name])
    out.update(_overrides(settings).get(name, {}))
    return out


def text_for(name: str, platform: str, settings: dict | None = None) -> str:
    t = texts(name, settings)
    return t.get(platform) or t["*"]


def is_customised(name: str, platform: str, settings: dict | None) -> bool:
    return platform in _overrides(settings).get(name, {})


def with_edit(settings: dict | None, name: str, platform: str, text: str | None) -> dict:
    """The new value of the ``contact.templates`` setting after one edit (None: back to default)."""
    if name not in NAMES or platform not in PLATFORM_KEYS:
        raise TemplateError(f"unknown template {name}/{platform}")
    if text is not None:
        problems = check(text)
        if problems:
            raise TemplateError("; ".join(problems))
    current = _overrides(settings)
    entry = current.setdefault(name, {})
    if text is None or text == default_text(name, platform):
        entry.pop(platform, None)
    else:
        entry[platform] = text
    return {k: v for k, v in current.items() if v}


# What the seller (not the buyer) reads about each platform's negotiation tool, as English sources:
# their zh_CN entries are the texts of the data file's "platform" section (a test keeps them equal)
TOOL_TEXT = {
    "taobao": (N_("the Taobao/Tmall “shipping time negotiation” tool"),
               N_("Start it before the shipping deadline, at most 3 times per order; the buyer confirms within "
                  "24 hours")),
    "douyin": (N_("Douyin “shipping negotiation / report”"),
               N_("Record it before the deadline; compensation the seller promises does not reduce the "
                  "platform's deduction")),
    "pdd": (N_("the Pinduoduo seller back office"),
            N_("The platform's reporting rules are not verified: check in the back office")),
    "kuaishou": (N_("the Kuaishou shop back office"),
                 N_("The platform's rules are not verified: check the Kuaishou e-commerce rule centre")),
    "tiktok": (N_("TikTok Shop Seller Center"), N_("Past the auto-cancel limit the order is cancelled")),
    "*": (N_("the platform's negotiation tool"), ""),
}


def platform_info(platform: str) -> dict:
    """The platform's data; its tool name and tip in the shop's language (greetings stay for buyers)."""
    p = data()["platform"]
    info = {**p["*"], **(p.get(platform) or {})}
    tool, tip = TOOL_TEXT.get(platform, TOOL_TEXT["*"])
    info["tool"] = label(tool)
    info["tool_tip"] = label(tip) if tip else info.get("tool_tip", "")
    return info


def reason_text(reason: str) -> str:
    return data()["reasons"].get(reason) or data()["reasons"]["manual"]


def compensation_options(settings: dict | None = None) -> list[str]:
    default = (settings or {}).get("contact.compensation")
    options = list(data()["compensation"])
    if default and default not in options:
        options.insert(0, default)
    elif default:
        options.remove(default)
        options.insert(0, default)
    return options


def default_compensation(settings: dict | None = None) -> str:
    return compensation_options(settings)[0]


def render_text(text: str, platform: str, fields: dict, name: str = "") -> str:
    """Fill one text; a placeholder left unfilled is an error, never sent to a buyer."""
    info = platform_info(platform)
    values = {"greeting": info.get("greeting", ""), "closing": info.get("closing", "")}
    values.update({k: ("" if v is None else str(v)) for k, v in fields.items()})

    def sub(m):
        key = m.group(1)
        if key not in values:
            raise TemplateError(f"template '{name}': no value for {{{key}}}")
        return values[key]

    out = PLACEHOLDER.sub(sub, text)
    # an empty spec leaves "名称 ）": tidy the gap before closing punctuation
    return re.sub(r"\s+([）)，。！])", r"\1", re.sub(r"[ \t]{2,}", " ", out)).strip()


def render(name: str, platform: str, fields: dict, settings: dict | None = None) -> str:
    return render_text(text_for(name, platform, settings), platform, fields, name)

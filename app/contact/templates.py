"""Message templates as data (resources/templates/zh_CN.json), the seller's edits in settings."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from app.paths import resource

NAMES = ("延迟发货致歉", "缺货可等待", "缺货换款", "缺货退款", "停发地区说明", "预售说明")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


class TemplateError(ValueError):
    pass


@lru_cache(maxsize=1)
def _data() -> dict:
    data = json.loads(resource("templates", "zh_CN.json").read_text(encoding="utf-8"))
    allowed = set(data["placeholders"])
    for name in NAMES:
        text = data["templates"].get(name)
        if not text:
            raise TemplateError(f"zh_CN.json: template '{name}' missing")
        unknown = set(PLACEHOLDER.findall(text)) - allowed
        if unknown:
            raise TemplateError(f"zh_CN.json: template '{name}' uses unknown {sorted(unknown)}")
    return data


def templates(settings: dict | None = None) -> dict[str, str]:
    out = dict(_data()["templates"])
    out.update((settings or {}).get("contact.templates") or {})
    return out


def render(name: str, platform: str, fields: dict, settings: dict | None = None) -> str:
    """Fill a template; a placeholder left unfilled is an error, never sent to a buyer."""
    data = _data()
    values = dict(data["platform"].get(platform) or data["platform"]["*"])
    values.update({k: ("" if v is None else str(v)) for k, v in fields.items()})
    text = templates(settings)[name]

    def sub(m):
        key = m.group(1)
        if key not in values:
            raise TemplateError(f"template '{name}': no value for {{{key}}}")
        return values[key]

    out = PLACEHOLDER.sub(sub, text)
    # an empty spec leaves "名称 ）": tidy the gap before closing punctuation
    return re.sub(r"\s+([）)，。！])", r"\1", re.sub(r"\s{2,}", " ", out)).strip()

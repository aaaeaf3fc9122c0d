"""Seller-facing text of the core (reasons, errors, alerts, export headers) in the shop's language.

Qt-free on purpose: the CLI and the scheduler use it without a display. The source strings are
English in code; ``resources/translations/core_<lang>.json`` maps them ({English: translation}).

    t("Available {n} units", n=3)     translate now, then fill the {name} placeholders
    N_("Refunded")                    mark a literal for the catalogue, keep the English (tables of labels)
    label(LABELS[code])               translate a string marked with N_() when it is shown

``t()`` and ``N_()`` take literal strings only: tests/integration/test_core_text.py scans app/ for them and
fails when one has no zh_CN entry or its placeholders differ. A missing entry shows the English.
Placeholders are plain ``{name}`` (no format specs): format numbers before passing them.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import threading
from functools import cache

from app.paths import resource

log = logging.getLogger(__name__)

DEFAULT = "zh_CN"  # the shop's language unless the seller chose English
LANGUAGES = ("zh_CN", "en")
SOURCE = "en"  # the language of the strings in code
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z_0-9]*)\}")

_lock = threading.Lock()
_lang = DEFAULT


def catalogue_path(lang: str):
    return resource("translations", f"core_{lang}.json")


@cache
def catalogue(lang: str) -> dict[str, str]:
    """{English source: text} for ``lang`` (empty for English or when the file is missing)."""
    if lang == SOURCE:
        return {}
    path = catalogue_path(lang)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log.warning("core translation %s missing or unreadable: core text stays English", path)
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str) and not k.startswith("_")}


def set_language(lang: str | None) -> str:
    """Use ``lang`` for core text from now on (unknown values fall back to Chinese); returns it."""
    global _lang
    lang = lang if lang in LANGUAGES else DEFAULT
    with _lock:
        _lang = lang
    return lang


def language() -> str:
    return _lang


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def _fill(text: str, params: dict) -> str:
    if not params:
        return text
    parts = _parts(text)
    out = [parts[0]]
    for k in range(1, len(parts), 2):  # (name, literal after it) pairs; an unknown name stays as written
        name = parts[k]
        out.append(str(params[name]) if name in params else "{" + name + "}")
        out.append(parts[k + 1])
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def _parts(text: str) -> list[str]:
    """A template split once at its placeholders: [literal, name, literal, …]. The first check of a
    big shop writes tens of thousands of alert texts from a handful of templates."""
    return PLACEHOLDER.split(text)


def label(source: str, /, **params) -> str:
    """Translate a source string held in a variable (one marked with ``N_()`` where it is written)."""
    return _fill(catalogue(_lang).get(source, source), params)


def t(source: str, /, **params) -> str:
    """Translate a literal English string into the current core language and fill its placeholders."""
    return label(source, **params)


class _AsWritten(dict):
    def __missing__(self, name: str) -> str:
        return "{" + name + "}"  # an unknown name stays as written, as in ``t``


def filler(source: str, /):
    """``t(source, **params)`` for many fills of one string: translated once, then filled by
    ``str.format_map`` (a big shop's first check words tens of thousands of alerts)."""
    text = catalogue(_lang).get(source, source)
    rest = PLACEHOLDER.sub("", text)
    if "{" in rest or "}" in rest:
        return lambda **params: _fill(text, params)  # literal braces: the careful way
    return lambda **params: text.format_map(_AsWritten(params))


def N_(source: str) -> str:  # noqa: N802 - gettext's name for "mark, translate later"
    return source


# the platforms as a seller names them (Chinese: the shop back-office names)
PLATFORM_NAMES = {"douyin": N_("Douyin"), "taobao": N_("Taobao"), "pdd": N_("Pinduoduo"),
                  "kuaishou": N_("Kuaishou"), "tiktok": N_("TikTok Shop"), "tmall": N_("Tmall")}


def platform_name(code: str) -> str:
    return label(PLATFORM_NAMES[code]) if code in PLATFORM_NAMES else code


def join(items) -> str:
    """A list in running text: 'A、B' in Chinese, 'A, B' in English."""
    return t(", ").join(items)

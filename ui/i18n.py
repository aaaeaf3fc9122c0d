"""Load the interface language: zh_CN by default (our .qm plus Qt's own qtbase), English as a setting."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

from app import text as core_text
from app.paths import resource
from app.services import setting
from ui import fmt

log = logging.getLogger(__name__)

DEFAULT = setting({}, "language")  # the one default (app/settings.py): Chinese
LANGUAGES = ("zh_CN", "en")  # the settings dialog offers these; anything else falls back to DEFAULT
_LOCALES = {"zh_CN": (QLocale.Chinese, QLocale.China), "en": (QLocale.English, QLocale.UnitedStates)}

_installed: list[QTranslator] = []


@dataclass(frozen=True)
class Loaded:
    lang: str
    ours: bool  # our catalogue (always True for English: the source strings are English)
    qt: bool  # Qt's own dialogs (qtbase_*.qm); English needs none


def choose(cli_lang: str | None, settings) -> str:
    """``--lang`` wins, then the saved setting, then Chinese; unknown values fall back to Chinese."""
    lang = cli_lang or settings.get("language", DEFAULT)
    return lang if lang in LANGUAGES else DEFAULT


def qm_path(lang: str) -> Path:
    return resource("translations", f"shopsentry_{lang}.qm")


def qt_translation_dirs() -> list[Path]:
    """Where Qt's own catalogues may be: Qt's configured path, then PySide6's folder (source or bundle)."""
    dirs = [Path(QLibraryInfo.path(QLibraryInfo.TranslationsPath))]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:  # PyInstaller keeps the wheel layout under _internal/
        dirs += [Path(frozen) / "PySide6" / "Qt" / "translations", Path(frozen) / "PySide6" / "translations"]
    try:
        import PySide6

        base = Path(PySide6.__file__).resolve().parent
        dirs += [base / "Qt" / "translations", base / "translations"]
    except (ImportError, TypeError):
        pass
    seen, out = set(), []
    for d in dirs:
        if d not in seen:
            seen.add(d)
            out.append(d)
    return out


def locale_for(lang: str) -> QLocale:
    language, country = _LOCALES.get(lang, _LOCALES[DEFAULT])
    return QLocale(language, country)


def install(app, lang: str) -> Loaded:
    """Install translators for ``lang`` and make its QLocale the default (fmt.py formats with it)."""
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    lang = lang if lang in LANGUAGES else DEFAULT
    QLocale.setDefault(locale_for(lang))
    fmt.set_language(lang)
    core_text.set_language(lang)  # reasons, alerts and errors the core writes follow the interface
    if lang == "en":
        result = Loaded(lang, True, True)
        log.info("interface language %s", lang)
        return result
    ours = QTranslator()
    found = ours.load(str(qm_path(lang)))
    if found:
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("translation %s missing: the interface stays English", qm_path(lang))
    qt = QTranslator()
    qt_found = next((d for d in qt_translation_dirs() if qt.load(locale_for(lang), "qtbase", "_", str(d))), None)
    if qt_found is not None:
        app.installTranslator(qt)
        _installed.append(qt)
    else:
        log.warning("Qt's own qtbase_%s.qm not found in %s", lang, [str(d) for d in qt_translation_dirs()])
    log.info("interface language %s (catalogue %s; Qt's own dialogs %s)", lang,
             "loaded" if found else "MISSING", f"from {qt_found}" if qt_found else "MISSING")
    return Loaded(lang, found, qt_found is not None)


def uninstall(app) -> None:
    """Back to the untranslated (English) UI with the default formats; for tests and tools."""
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    fmt.set_language(DEFAULT)
    core_text.set_language(DEFAULT)

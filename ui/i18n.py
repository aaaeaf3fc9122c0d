"""Load the interface language: zh_CN by default (our .qm plus Qt's own qtbase), English as a setting."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

from app.paths import resource

_installed: list[QTranslator] = []


def qm_path(lang: str) -> Path:
    return resource("translations", f"shopsentry_{lang}.qm")


def install(app, lang: str) -> bool:
    """Install translators for ``lang``; returns True when our own catalogue was found."""
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    if lang == "en":
        QLocale.setDefault(QLocale(QLocale.English, QLocale.UnitedStates))
        return True
    QLocale.setDefault(QLocale(QLocale.Chinese, QLocale.China))
    ours = QTranslator()
    found = ours.load(str(qm_path(lang)))
    if found:
        app.installTranslator(ours)
        _installed.append(ours)
    qt = QTranslator()
    if qt.load(QLocale(QLocale.Chinese, QLocale.China), "qtbase", "_",
               QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return found

"""The interface in each language: Chinese by default, English as a setting that holds after a
restart, no text of the other language in the chrome, Qt's own dialogs translated."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractListModel, QCoreApplication, QLocale, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextBrowser,
    QWidget,
)

from ui import fmt, i18n

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
# English words a Chinese seller's screen legitimately shows: names, keys, formats
ENGLISH_OK = {"SKU", "SKUs", "TikTok", "Shop", "Ctrl", "ShopSentry", "Excel", "WPS", "CSV", "JSON", "ID", "HH",
              "mm", "UTC", "Asia", "Shanghai", "English", "Shift", "Tab", "Esc", "xlsx", "xls", "csv", "Del", "Enter",
              "PostgreSQL"}
# Not chrome: names of languages are shown in their own language (how a user finds theirs)
NATIVE_NAMES = {"简体中文", "English"}
# Chinese that is data even in English: column names of the seller's own sheets, region names as the
# platforms write them
DATA_EXAMPLES = ("商家编码", "实际库存", "新疆维吾尔自治区")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture(scope="module", autouse=True)
def _qm_built():
    if not i18n.qm_path("zh_CN").exists():  # a fresh clone before `make translations`
        subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n.py"), "build"], check=True)


@pytest.fixture
def language(qapp):
    """Install a language for one test, then give the next test the untranslated UI back."""
    default = QLocale()

    def use(lang: str) -> i18n.Loaded:
        return i18n.install(qapp, lang)

    yield use
    i18n.uninstall(qapp)
    QLocale.setDefault(default)


def chrome_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of every piece of interface text under ``root``: labels, buttons, tabs, headers,
    menus, placeholders, tooltips, combo items. Table cells and detail panes are data, not chrome."""
    out: list[tuple[str, str]] = []

    def add(where: str, text: str | None) -> None:
        if isinstance(text, str) and text.strip():
            out.append((where, text))

    for w in [root, *root.findChildren(QWidget)]:
        if w.property("data"):  # shows data (platform terms, rule sources), marked so by the widget
            continue
        name = type(w).__name__
        add(f"{name}.windowTitle", w.windowTitle() if w.isWindow() else "")
        add(f"{name}.toolTip", w.toolTip())
        if isinstance(w, QLabel):
            add("QLabel", w.text())
        elif isinstance(w, QAbstractButton):
            add(f"{name}.text", w.text())
        elif isinstance(w, QLineEdit | QPlainTextEdit):
            add(f"{name}.placeholder", w.placeholderText())
        elif isinstance(w, QComboBox) and not w.isEditable():
            for i in range(w.count()):
                add("QComboBox.item", w.itemText(i))
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                add("QTabWidget.tab", w.tabText(i))
        elif isinstance(w, QGroupBox):
            add("QGroupBox", w.title())
        elif isinstance(w, QMenu):
            add("QMenu", w.title())
            for a in w.actions():
                add("QAction", a.text())
                add("QAction.toolTip", a.toolTip() if a.toolTip() != a.text().replace("&", "") else "")
        model = getattr(w, "model", None)
        if callable(model) and not isinstance(w, QComboBox | QTextBrowser) and model() is not None:
            m = model()
            columns = 1 if isinstance(m, QAbstractListModel) else m.columnCount(QModelIndex())
            for c in range(columns):
                add("header", m.headerData(c, Qt.Horizontal, Qt.DisplayRole))
    return out


def _english_leaks(texts):
    leaks = []
    for where, text in texts:
        # markup, entities, placeholders, JSON, and example addresses (a robot's webhook URL is data)
        plain = re.sub(r"<[^>]+>|&\w+;|%\d|\{.*\}|(?:https?|smtps?)://\S+", " ", text)
        words = [w for w in ENGLISH_WORD.findall(plain) if w not in ENGLISH_OK]
        if words and text not in NATIVE_NAMES:
            leaks.append(f"{where}: {text!r}")
    return leaks


def _chinese_leaks(texts):
    leaks = []
    for where, text in texts:
        plain = text
        for example in DATA_EXAMPLES:
            plain = plain.replace(example, "")
        if CJK.search(plain) and text not in NATIVE_NAMES:
            leaks.append(f"{where}: {text!r}")
    return leaks


def _main_window(qtbot, svc, now):
    from ui.main_window import MainWindow
    from ui.tray import Tray

    svc.load_demo(now)
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    w.refresh_sync()
    w.tray_for_test = Tray(w)
    w.tray_for_test.menu.setParent(w, w.tray_for_test.menu.windowFlags())  # so the walk finds it
    return w


def _dialogs(qtbot, svc, now, tmp_path):
    from tests.factories import douyin_file, douyin_row
    from ui.dialogs.import_dialog import ImportSummary
    from ui.dialogs.settings_dialog import SettingsDialog

    bad = douyin_file(tmp_path / "抖店订单.xlsx", [douyin_row("6900000000000000009", "6900000000000000010", qty="x")])
    results = svc.import_files([str(bad)], now=now)
    assert results[0].status == "rejected"
    dialogs = [SettingsDialog(svc.settings, svc), ImportSummary(results)]
    for d in dialogs:
        qtbot.addWidget(d)
    return dialogs


def _summary_lines(dialogs) -> set[str]:
    """The import summary's per-file lines come from the core, in Chinese (reported, not chrome)."""
    return {lbl.text() for d in dialogs for lbl in d.findChildren(QLabel) if "●" in lbl.text()}


def test_chinese_is_the_default_and_shows_no_english_chrome(qtbot, svc, now, language, tmp_path):
    loaded = language(i18n.choose(None, svc.settings))
    assert loaded == i18n.Loaded("zh_CN", True, True)
    w = _main_window(qtbot, svc, now)
    assert [w.tabs.tabText(i) for i in range(4)] == ["库存", "订单风险", "客户联系", "店铺健康"]
    texts = chrome_texts(w)
    for dlg in _dialogs(qtbot, svc, now, tmp_path):
        texts += chrome_texts(dlg)
    assert len(texts) > 60  # the walk really saw the window
    leaks = _english_leaks(texts)
    assert not leaks, "English left in the Chinese interface (no tr(), or not translated):\n" + "\n".join(leaks)


def test_english_setting_shows_no_chinese_chrome(qtbot, svc, now, language, tmp_path):
    svc.set_setting("language", "en")
    assert language(i18n.choose(None, svc.settings)).lang == "en"
    w = _main_window(qtbot, svc, now)
    assert [w.tabs.tabText(i) for i in range(4)] == ["Inventory", "Order risk", "Customer contact", "Shop health"]
    dialogs = _dialogs(qtbot, svc, now, tmp_path)
    texts = chrome_texts(w)
    for dlg in dialogs:
        texts += chrome_texts(dlg)
    assert ("QAction", "Pause reminders for 1 hour") in texts  # the tray menu was walked too
    assert ("QTabWidget.tab", "General") in texts  # and the settings dialog
    core_lines = _summary_lines(dialogs)
    leaks = _chinese_leaks([(where, t) for where, t in texts if t not in core_lines])
    assert not leaks, "Chinese left in the English interface:\n" + "\n".join(leaks)
    # data stays as it is: product names are Chinese in either language
    assert any(CJK.search(r.name) for r in w.inventory.model.all_rows())


def test_the_walk_catches_a_string_without_tr(qtbot, svc, now, language):
    language("zh_CN")
    w = _main_window(qtbot, svc, now)
    QLabel("Stock sheet imported", w)  # what a forgotten tr() looks like
    assert _english_leaks(chrome_texts(w)) == ["QLabel: 'Stock sheet imported'"]


def test_qt_own_dialogs_are_chinese(qapp, language):
    loaded = language("zh_CN")
    assert loaded.qt
    box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel | QDialogButtonBox.Yes)
    assert [b.text() for b in box.buttons()] == ["确定", "取消", "是(&Y)"]
    assert QCoreApplication.translate("QFileDialog", "Look in:") != "Look in:"
    language("en")  # switching back removes them
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Look in:"


def test_language_choice_order_and_fallback():
    assert i18n.choose(None, {}) == "zh_CN"
    assert i18n.choose(None, {"language": "en"}) == "en"
    assert i18n.choose("zh_CN", {"language": "en"}) == "zh_CN"  # --lang wins
    assert i18n.choose(None, {"language": "fr"}) == "zh_CN"  # an unknown value never means no UI


def test_formats_follow_the_language(language):
    from datetime import UTC, datetime
    from decimal import Decimal

    now = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    language("en")
    assert fmt.when(now, "Asia/Shanghai", now) == "Nov 20 18:00"
    assert fmt.money(Decimal("1234.5")) == "¥1,234.50"
    language("zh_CN")
    assert fmt.when(now, "Asia/Shanghai", now) == "11-20 18:00"
    assert fmt.money(Decimal("1234.5")) == "¥1,234.50"


def _smoke_tabs(data: Path) -> str:
    """Start the app like a seller does (a new process) and read which tab titles it showed."""
    p = subprocess.run([sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), "--smoke-test"],
                       capture_output=True, text=True, timeout=180, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert p.returncode == 0, p.stderr[-2000:]
    log = (data / "logs" / "shopsentry.log").read_text(encoding="utf-8")
    return re.findall(r"smoke test: (.*)", log)[-1]


def test_settings_dialog_language_switches_after_restart(qtbot, tmp_path, now):
    from app.services import Services
    from ui.dialogs.settings_dialog import SettingsDialog

    data = tmp_path / "data"
    svc = Services.open(data, None)
    assert i18n.choose(None, svc.settings) == "zh_CN"  # a new shop starts in Chinese
    dlg = SettingsDialog(svc.settings)
    assert dlg.lang.currentData() == "zh_CN"
    qtbot.addWidget(dlg)
    dlg.lang.setCurrentIndex(dlg.lang.findData("en"))
    dlg._accept()
    for key, value in dlg.changed(svc.settings).items():  # what MainWindow does with an accepted dialog
        svc.set_setting(key, value)
    svc.store.dispose()

    assert _smoke_tabs(data) == "Inventory | Order risk | Customer contact | Shop health"

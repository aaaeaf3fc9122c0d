"""A damaged setting never stops the app (#21): each bad stored value reads as its default, is logged
once with its key, and the settings page says which; a locked database is said in words."""

from __future__ import annotations

import json
import logging
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app import settings as S

ROOT = Path(__file__).resolve().parents[2]
BAD = {"risk.critical_hours": '"abc"', "timezone": '"Mars/Phobos"', "risk.warning_hours": "1e999",
       "stock.velocity_days": "-5", "contact.follow_up_hours": "1e308", "scheduler.interval_minutes": "{broken",
       "alerts.quiet_start": '"25:99"', "language": '"xx"', "watch.folders": "5", "alerts.paused_until": '"soon"',
       "tiktok.date_order": '"YMD"', "health.window_days": '{"tiktok": "abc"}', "ui.close_to_tray": '"yes"',
       "risk.shop_options": '"abc"', "backup.second_folder": "[1]"}


def _store_raw(db: Path, values: dict[str, str]) -> None:
    con = sqlite3.connect(db)
    with con:
        for k, v in values.items():
            con.execute("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)", (k, v))
    con.close()


@pytest.mark.parametrize("key", sorted(BAD))
def test_each_bad_setting_reads_as_its_default_logged_once_with_its_key(key, store, data_dir, caplog):
    from app.services import Services

    _store_raw(data_dir / "shopsentry.db", {key: BAD[key]})
    S._logged.clear()
    with caplog.at_level(logging.WARNING, logger="app.settings"):
        svc = Services(store)
        Services(store)  # a second read: not logged again
    assert svc.settings[key] == S.DEFAULTS.get(key)
    assert [p.key for p in svc.setting_problems] == [key]
    said = [r.getMessage() for r in caplog.records if key in r.getMessage()]
    assert len(said) == 1 and repr(S.DEFAULTS.get(key)) in said[0]


def test_every_command_runs_with_every_setting_damaged(tmp_path):
    data = tmp_path / "data"
    run = [sys.executable, "main.py", "--data-dir", str(data)]
    subprocess.run([*run, "risk"], cwd=ROOT, check=True, capture_output=True)
    _store_raw(data / "shopsentry.db", BAD)
    for cmd in (["risk", "--json"], ["stock"], ["contacts"], ["alerts"], ["health"], ["status"]):
        done = subprocess.run([*run, *cmd], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (cmd, done.stderr)
    log = (data / "logs" / "shopsentry.log").read_text(encoding="utf-8")
    assert "risk.critical_hours" in log and "Mars/Phobos" in log


def test_the_settings_page_shows_the_damaged_values_and_ok_mends_them(qtbot, store, data_dir):
    from app.services import Services
    from ui.dialogs.settings_dialog import SettingsDialog

    _store_raw(data_dir / "shopsentry.db", {"risk.critical_hours": '"abc"', "timezone": '"Mars/Phobos"'})
    svc = Services(store)
    dlg = SettingsDialog(svc.settings, svc)
    qtbot.addWidget(dlg)
    shown = dlg.damaged.text()
    assert "risk.critical_hours" not in shown and "Mars/Phobos" in shown
    dlg._accept()
    for key, value in dlg.changed(svc.settings).items():
        svc.set_setting(key, value)
    assert Services(store).setting_problems == []
    with store.session() as s:
        assert S.get(s, "timezone") == "Asia/Shanghai" and S.get(s, "risk.critical_hours") == 6


@pytest.mark.parametrize("lang, expected", [
    ("zh_CN", ["紧急：剩余不足（小时）：保存的是 “abc”，现在使用默认值 6", "店铺时区：保存的是 “Mars/Phobos”，现在使用默认值 Asia/Shanghai",
               "关闭窗口后在托盘中继续运行：保存的是 “yes”，现在使用默认值 开启", "检查间隔：保存的是 “{broken”，现在使用默认值 5",
               "一项已保存的设置：保存的是 “soon”，现在使用默认值 无", "界面语言（重启后生效）：保存的是 “xx”，现在使用默认值 简体中文"]),
    ("en", ["Critical within (hours): stored “abc”, using the default 6",
            "Shop time zone: stored “Mars/Phobos”, using the default Asia/Shanghai",
            "Keep running in the tray when the window is closed: stored “yes”, using the default on",
            "Check every: stored “{broken”, using the default 5", "A saved setting: stored “soon”, using the default none",
            "Language (after restart): stored “xx”, using the default 简体中文"]),
])
def test_the_banner_names_each_damaged_setting_as_its_page_does(qtbot, qapp, store, data_dir, lang, expected):
    """A seller reads the field's own label, what was stored and the default used, never a key."""
    from PySide6.QtWidgets import QFormLayout

    from app.services import Services
    from ui import i18n
    from ui.dialogs.settings_dialog import SettingsDialog

    if lang != "en" and not i18n.qm_path(lang).exists():
        pytest.skip("translations not built")
    bad = {k: BAD[k] for k in ("risk.critical_hours", "timezone", "ui.close_to_tray", "scheduler.interval_minutes",
                               "alerts.paused_until", "language")}
    _store_raw(data_dir / "shopsentry.db", bad)
    i18n.install(qapp, lang)
    try:
        dlg = SettingsDialog(Services(store).settings, Services(store))
        qtbot.addWidget(dlg)
        shown = dlg.damaged.text()
        form = dlg.critical.parentWidget().layout()
        assert isinstance(form, QFormLayout)
        page_label = form.labelForField(dlg.critical).text()
    finally:
        i18n.uninstall(qapp)
    for part in expected:
        assert part in shown
    assert expected[0].startswith(page_label)  # the very words of the field on the risk page
    assert not any(key in shown for key in bad)


def test_a_locked_database_is_said_in_words_and_nothing_changes(monkeypatch, data_dir, tmp_path, now):
    from app.services import Services
    from app.store import session
    from tests.factories import douyin_file, douyin_row

    monkeypatch.setattr(session, "BUSY_TIMEOUT_MS", 50)  # another window holding the lock: give up soon
    svc = Services.open(data_dir)
    try:
        svc.import_files([douyin_file(tmp_path / "first.xlsx")], now=now)
        before = svc.counts()["orders"]
        other = sqlite3.connect(data_dir / "shopsentry.db", timeout=0)
        other.execute("BEGIN EXCLUSIVE")  # another program writing
        try:
            rows = [douyin_row(f"68{i:017d}", f"67{i:017d}") for i in range(20)]
            (r,) = svc.import_files([douyin_file(tmp_path / "second.xlsx", rows)], now=now)
        finally:
            other.rollback()
            other.close()
        said = r.errors[0]["message"]
        assert r.status == "rejected" and "店哨的数据库正被另一个程序使用" in said and "数据库保持原样" in said
        assert "OperationalError" not in said and "sqlalche" not in said and "王芳" not in said
        assert svc.counts()["orders"] == before
        log = (data_dir / "logs").glob("*.log") if (data_dir / "logs").exists() else []
        assert not any("王芳" in p.read_text(encoding="utf-8") for p in log)
    finally:
        svc.store.dispose()


def test_settings_json_round_trip_keeps_good_values(store):
    with store.session() as s:
        S.set_(s, "risk.critical_hours", 8)
        S.set_(s, "watch.folders", ["/tmp/下载"])
    with store.session() as s:
        values, problems = S.load(s)
    assert problems == [] and values["risk.critical_hours"] == 8 and values["watch.folders"] == ["/tmp/下载"]
    assert json.loads(json.dumps(values["watch.folders"])) == ["/tmp/下载"]


def test_database_errors_carry_no_bound_values(tmp_path):
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from app.store.session import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.begin() as con:
        con.execute(text("CREATE TABLE t (name TEXT NOT NULL UNIQUE)"))
        con.execute(text("INSERT INTO t VALUES (:n)"), {"n": "王芳 建设路1号"})
    with pytest.raises(IntegrityError) as raised, engine.begin() as con:
        con.execute(text("INSERT INTO t VALUES (:n)"), {"n": "王芳 建设路1号"})
    assert "王芳" not in str(raised.value) and "hidden" in str(raised.value)
    engine.dispose()

"""Start-up: headless smoke test, no-display message, CLI routing and exit codes, clock options,
and a database that cannot be opened or upgraded told to the seller in a dialog."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import main
from app import cli
from ui.display import NO_DISPLAY, prepare_display

ROOT = Path(__file__).resolve().parents[2]


def headless_env(**extra) -> dict:
    """The environment of a CI runner or a server: no display, no Qt platform chosen."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    return {**env, **extra}


def run_main(*args, env=None, timeout=120):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=timeout, env=env or headless_env(), cwd=ROOT)


def test_smoke_test_without_data_dir_leaves_the_real_shop_alone(tmp_path):
    real = tmp_path / "real-shop"
    p = run_main("--smoke-test", env=headless_env(SHOPSENTRY_DATA_DIR=str(real)))
    assert p.returncode == 0, p.stderr[-2000:]
    assert not (real / "shopsentry.db").exists()


def test_gui_without_a_display_says_so_instead_of_aborting(tmp_path):
    p = run_main("--data-dir", str(tmp_path / "d"), timeout=60)
    assert p.returncode == 1  # not 134 (SIGABRT from Qt's xcb plugin)
    assert "display" in p.stderr and "DISPLAY" in p.stderr
    assert "Aborted" not in p.stderr and "could not connect" not in p.stderr


def test_display_choice():
    env = {}
    assert prepare_display(True, [], env, "linux") is None and env["QT_QPA_PLATFORM"] == "offscreen"
    assert prepare_display(False, [], {}, "linux") == NO_DISPLAY
    assert prepare_display(False, [], {"QT_QPA_PLATFORM": "xcb"}, "linux") is None  # the caller chose
    assert prepare_display(False, ["-platform", "vnc"], {}, "linux") is None
    assert prepare_display(False, [], {}, "win32") is None
    assert prepare_display(False, [], {"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None


def test_version_and_help_exit_0(capsys):
    with pytest.raises(SystemExit) as e:
        main.main(["--version"])
    assert e.value.code == 0
    assert "ShopSentry 0." in capsys.readouterr().out


def test_mistyped_command_is_rejected_not_opened_as_a_file(capsys, data_dir):
    with pytest.raises(SystemExit) as e:
        main.main(["--data-dir", str(data_dir), "stok", "--json"])
    assert e.value.code == cli.EXIT_REJECTED
    assert "invalid choice" in capsys.readouterr().err


def test_files_go_to_the_window_and_other_words_are_commands():
    assert main.looks_like_a_file("订单.xlsx") and main.looks_like_a_file("exports/taobao")
    assert main.looks_like_a_file(__file__)
    assert not main.looks_like_a_file("stok") and not main.looks_like_a_file("risks")


def test_first_word_skips_option_values():
    assert main.first_word(["--data-dir", "risk", "--tz", "UTC"]) is None
    assert main.first_word(["--data-dir", "d", "--now", "2026-11-20T18:00", "risk"]) == "risk"
    assert main.first_word(["--tz=UTC", "orders.xlsx"]) == "orders.xlsx"


@pytest.mark.parametrize("args, needle", [
    (["risk", "--now", "tomorrow"], "--now"),
    (["--tz", "Mars/Base", "stock"], "--tz"),
])
def test_bad_clock_options_are_rejected_with_exit_2(args, needle, data_dir, capsys):
    code = cli.run(["--data-dir", str(data_dir), *args, "--json"])
    out = capsys.readouterr()
    assert code == cli.EXIT_REJECTED
    assert needle in json.loads(out.out)["error"] and needle in out.err
    assert "Traceback" not in out.err
    assert not (data_dir / "shopsentry.db").exists()  # rejected before anything was touched


def test_now_without_offset_is_read_in_the_shop_zone_and_may_come_before_the_command(data_dir, capsys):
    cli.run(["--data-dir", str(data_dir), "risk", "--now", "2026-11-20T18:00", "--json"])
    after = json.loads(capsys.readouterr().out)
    cli.run(["--data-dir", str(data_dir), "--now", "2026-11-20T18:00", "--json", "risk"])
    before = json.loads(capsys.readouterr().out)
    assert after["now"] == before["now"] == "2026-11-20T18:00:00+08:00"
    cli.run(["--data-dir", str(data_dir), "--tz", "Europe/London", "risk", "--now", "2026-11-20T18:00", "--json"])
    assert json.loads(capsys.readouterr().out)["now"] == "2026-11-20T18:00:00+00:00"
    cli.run(["--data-dir", str(data_dir), "risk", "--now", "2026-11-20T10:00Z", "--json"])
    assert json.loads(capsys.readouterr().out)["now"] == "2026-11-20T18:00:00+08:00"


def test_tz_option_is_for_this_run_only(data_dir, capsys):
    cli.run(["--data-dir", str(data_dir), "--tz", "Asia/Bangkok", "stock", "--json"])
    capsys.readouterr()
    from app.services import Services

    svc = Services.open(data_dir)
    assert svc.tz == "Asia/Shanghai"
    svc.store.dispose()


# -- a database that cannot be opened or upgraded: a dialog, not a crash -------------------

@pytest.fixture
def shown(monkeypatch):
    from PySide6.QtWidgets import QApplication, QMessageBox

    boxes = []

    def fake_exec(box):
        boxes.append((box.windowTitle(), box.text(), box.informativeText()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    yield boxes
    from ui import i18n

    i18n.install(QApplication.instance(), "en")  # the dialog installed zh_CN; other tests read English


def test_failed_migration_is_told_in_a_dialog(qapp, data_dir, monkeypatch, shown):
    from app import logs
    from app.services import Services
    from app.store.migrate import MigrationError
    from ui.app import open_services

    copy = data_dir / "backups" / "shopsentry-20261120T100000Z-before-0002.db"

    def broken(*a, **k):
        raise MigrationError("disk on fire", backup=copy, target="0002")

    monkeypatch.setattr(Services, "open", broken)
    log_path = logs.log_path(data_dir)
    assert open_services(qapp, data_dir, None, log_path) is None
    (title, text, info), = shown
    assert str(copy) in text and str(log_path) in info
    assert "数据没有丢失" in text and title == "店哨无法启动"  # in Chinese before any setting is read
    assert "Traceback" not in text + info


def test_damaged_database_is_told_in_a_dialog(qapp, data_dir, shown):
    from PySide6.QtWidgets import QLabel

    from app import logs
    from ui.app import open_services

    (data_dir / "shopsentry.db").write_bytes(b"this is not a database" * 100)
    said = []

    def run(dialog):  # the damaged-database dialog (tests/gui/test_backup_gui.py clicks its other buttons)
        said.append(" ".join(label.text() for label in dialog.findChildren(QLabel)))
        dialog.quit_button.click()

    assert open_services(qapp, data_dir, None, logs.log_path(data_dir), damaged=run) is None
    assert str(data_dir / "shopsentry.db") in said[0] and str(data_dir / "backups") in said[0]
    assert "Traceback" not in said[0] and str(logs.log_path(data_dir)) in said[0]


def test_failed_migration_in_the_smoke_test_fails_fast(qapp, data_dir, monkeypatch, shown, capsys):
    from app import logs
    from app.services import Services
    from app.store.migrate import MigrationError
    from ui.app import open_services

    monkeypatch.setattr(Services, "open", lambda *a, **k: (_ for _ in ()).throw(MigrationError("x")))
    assert open_services(qapp, data_dir, None, logs.log_path(data_dir), unattended=True) is None
    assert not shown and str(logs.log_path(data_dir)) in capsys.readouterr().err


def test_an_unusable_data_folder_is_named_not_a_traceback(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code = cli.run(["--data-dir", str(blocker / "data"), "stock", "--json"])
    out = capsys.readouterr()
    assert code == cli.EXIT_ERROR
    assert str(blocker / "data") in json.loads(out.out)["error"] and "Traceback" not in out.err
    p = run_main("--data-dir", str(blocker / "data"), "--smoke-test", timeout=60)
    assert p.returncode == 1 and "cannot use the data folder" in p.stderr and "Traceback" not in p.stderr

"""GUI start-up: QApplication, language, single instance, store, first-start demo, smoke test."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)


def parse_gui_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="shopsentry")
    p.add_argument("--data-dir")
    p.add_argument("--tz")
    p.add_argument("--smoke-test", action="store_true")
    p.add_argument("--screenshot-dir")
    p.add_argument("--lang", choices=["zh_CN", "en"])
    p.add_argument("--now", help="clock for the smoke test (ISO-8601)")
    p.add_argument("files", nargs="*", help="export files to import (open with ShopSentry)")
    args, _unknown = p.parse_known_args(argv)  # Qt's own options (-platform…) pass through
    return args


def run_gui(argv: list[str]) -> int:
    args = parse_gui_args(argv)
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app import logs, timeutil
    from app.paths import ensure_data_dir, resource
    from app.store.migrate import MigrationError
    from ui import i18n, style
    from ui.dialogs.error_dialog import install_excepthook
    from ui.single_instance import InstanceServer, hand_off, server_name

    data_dir = ensure_data_dir(args.data_dir)
    log_path = logs.setup(data_dir)
    qt_app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    qt_app.setApplicationName("ShopSentry")
    qt_app.setOrganizationName("ShopSentry")
    qt_app.setWindowIcon(QIcon(str(resource("icons", "shopsentry.svg"))))
    qt_app.setStyleSheet(style.STYLESHEET)
    if args.smoke_test:
        # unattended: an error must end the run with a failure, not wait on a dialog
        def fail(exc_type, exc, tb):
            log.error("smoke test failed", exc_info=(exc_type, exc, tb))
            sys.stderr.write(f"smoke test failed: {exc_type.__name__}: {exc}\n")
            os._exit(1)

        sys.excepthook = fail
    else:
        install_excepthook(log_path)

    name = server_name(str(data_dir))
    if not args.smoke_test and hand_off(name, [str(Path(f).resolve()) for f in args.files]):
        return 0  # the running window came forward and took the files

    from app.services import Services

    try:
        svc = Services.open(data_dir, args.tz)
    except MigrationError as exc:
        i18n.install(qt_app, "zh_CN")
        QMessageBox.critical(None, "ShopSentry", str(exc))
        return 1
    lang = args.lang or svc.settings.get("language", "zh_CN")
    i18n.install(qt_app, lang)
    from PySide6.QtCore import QCoreApplication

    from app.risk.rules import RuleError

    try:  # the rule tables are data: a broken one is named (file and key) before anything runs
        svc.rule_tables()
    except RuleError as exc:
        log.error("rule tables: %s", exc)
        QMessageBox.critical(None, "ShopSentry", QCoreApplication.translate("startup", "A platform rule table is broken and "
                             "must be fixed before ShopSentry can check orders:") + f"\n\n{exc}")
        return 1

    fixed_now = timeutil.parse_now(args.now, svc.tz) if args.now else None
    clock = (lambda: fixed_now) if fixed_now else (lambda: datetime.now(UTC))

    from ui.main_window import MainWindow

    window = MainWindow(svc, clock=clock)
    if args.smoke_test:
        return smoke_test(qt_app, window, svc, args.screenshot_dir, clock())

    server = InstanceServer(name, window)
    server.activated.connect(window.bring_forward)
    start_background(qt_app, window, svc, clock)
    window.show()
    offer_demo(window, svc, clock())
    window.refresh()
    if args.files:
        window.import_paths(args.files)
    code = qt_app.exec()
    window.checker.shutdown()
    svc.store.dispose()
    return code


def start_background(qt_app, window, svc, clock) -> None:
    """Tray (when the desktop has one) and the scheduler; results reach the window by signal."""
    from ui.checker import CheckerBridge
    from ui.tray import Tray

    tray = Tray(window)
    window.tray = tray
    tray.open_requested.connect(window.bring_forward)
    tray.quit_requested.connect(window.quit_app)
    tray.target_clicked.connect(window.open_target)
    window.checker = CheckerBridge(svc, int(svc.settings.get("scheduler.interval_minutes", 5)), clock, window)
    window.checker.evaluated.connect(window.on_check)
    tray.check_requested.connect(window.checker.run_now)
    window.act_check.triggered.connect(window.checker.run_now)
    window.import_finished.connect(lambda _r: window.checker.run_now())
    window.checker.start()
    window.checker.run_now()  # once at start-up


def offer_demo(window, svc, now) -> None:
    """First start on an empty shop: offer a demo shop so every tab shows something live."""
    from PySide6.QtWidgets import QMessageBox

    if not svc.is_empty() or svc.settings.get("demo.offered"):
        return
    svc.set_setting("demo.offered", True)
    answer = QMessageBox.question(
        window, window.tr("Welcome to ShopSentry"),
        window.tr("Your shop is empty. Load a demo shop to see how ShopSentry works? "
                  "You can import your own exports at any time (File → Import)."))
    if answer == QMessageBox.Yes:
        svc.load_demo(now)


def smoke_test(qt_app, window, svc, shot_dir, now) -> int:
    """Demo data, every tab rendered (and saved as PNG when asked), exit 0."""
    if svc.is_empty():
        svc.load_demo(now)
    window.resize(1280, 800)
    window.show()
    window.refresh_sync()
    names = ["inventory", "risk", "contact"]
    for i, tab_name in enumerate(names):
        window.tabs.setCurrentIndex(i)
        tab = window.tabs.widget(i)
        if tab.model.rowCount():
            tab.table.selectRow(0)
        for _ in range(5):
            qt_app.processEvents()
        if shot_dir:
            Path(shot_dir).mkdir(parents=True, exist_ok=True)
            window.grab().save(str(Path(shot_dir) / f"{i + 1}-{tab_name}.png"))
    window.close()
    svc.store.dispose()
    return 0

"""GUI start-up: QApplication, language, single instance, store, first-start demo, smoke test."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from ui.display import prepare_display

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("Startup", text)


def parse_gui_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="shopsentry")
    p.add_argument("--data-dir")
    p.add_argument("--database-url")
    p.add_argument("--tz")
    p.add_argument("--smoke-test", action="store_true")
    p.add_argument("--screenshot-dir")
    p.add_argument("--lang", choices=["zh_CN", "en"])
    p.add_argument("--now", help="clock for the smoke test (ISO-8601)")
    p.add_argument("files", nargs="*", help="export files to import (open with ShopSentry)")
    args, _unknown = p.parse_known_args(argv)  # Qt's own options (-platform…) pass through
    return args


# the command line's exit code for a refused option (CONTRACT.md: 2, nothing changed); the window
# refuses a bad --tz / --now with the same code
EXIT_REJECTED = 2


def run_gui(argv: list[str]) -> int:
    from app.timeutil import check_clock

    args = parse_gui_args(argv)
    problem = check_clock(args.tz, args.now)
    if problem:
        sys.stderr.write(f"shopsentry: {problem}\n")
        return EXIT_REJECTED
    problem = prepare_display(args.smoke_test, argv)
    if problem:
        sys.stderr.write(problem + "\n")
        return 1
    if args.smoke_test and not args.data_dir:
        # never put demo data into the seller's real shop
        tmp = tempfile.mkdtemp(prefix="shopsentry-smoke-")
        try:
            args.data_dir = tmp
            return _run_gui(args, argv)
        finally:
            logging.shutdown()
            shutil.rmtree(tmp, ignore_errors=True)
    return _run_gui(args, argv)


def _run_gui(args: argparse.Namespace, argv: list[str]) -> int:
    """Data folder and log, the Qt application, one instance per shop, the store, the window."""
    from PySide6.QtWidgets import QApplication

    from app import logs, timeutil
    from app.paths import ensure_data_dir
    from ui import i18n
    from ui.single_instance import FileOpenCollector, claim_primary, server_name

    try:
        data_dir = ensure_data_dir(args.data_dir)
        log_path = logs.setup(data_dir)
    except OSError as exc:  # a read-only or missing drive: say so in a window, there is no log yet
        qt_app = QApplication.instance() or QApplication([sys.argv[0], *argv])
        return data_dir_unusable(qt_app, exc, args)
    qt_app = make_qt_app(argv, log_path, args.smoke_test)
    file_opens = FileOpenCollector(qt_app)  # macOS delivers "Open With" files as events, not argv
    qt_app.installEventFilter(file_opens)
    name = server_name(str(data_dir))
    if not args.smoke_test:  # the lock is held (this local) for as long as the window runs
        instance_lock = claim_primary(name, data_dir / "shopsentry.lock", [str(Path(f).resolve()) for f in args.files])
        if instance_lock is None:
            return 0  # the running window came forward and took the files

    svc = open_services(qt_app, data_dir, args.tz, log_path, unattended=args.smoke_test,
                        url=args.database_url)
    if svc is None:
        return 1
    i18n.install(qt_app, i18n.choose(args.lang, svc.settings))
    if not rule_tables_load(svc, args.smoke_test):
        return 1
    if not args.smoke_test:  # a shared shop: who works on this PC, before the window (ask once)
        from ui.dialogs.staff_name import ask_staff_name

        ask_staff_name(svc)
    fixed_now = timeutil.parse_now(args.now, svc.tz) if args.now else None
    clock = (lambda: fixed_now) if fixed_now else (lambda: datetime.now(UTC))

    from ui.main_window import MainWindow

    window = MainWindow(svc, clock=clock)
    if args.smoke_test:
        return smoke_test(qt_app, window, svc, args.screenshot_dir, clock())
    return run_window(qt_app, window, svc, clock, name, args.files, file_opens)


def make_qt_app(argv: list[str], log_path: Path, smoke_test: bool):
    """The QApplication with its name, icon and style; an uncaught error goes to the error dialog
    (or, in the unattended smoke test, ends the run with a failure)."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from app.paths import resource
    from ui import style
    from ui.dialogs.error_dialog import install_excepthook

    route_qt_messages()
    qt_app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    qt_app.setApplicationName("ShopSentry")
    qt_app.setOrganizationName("ShopSentry")
    qt_app.setWindowIcon(QIcon(str(resource("icons", "shopsentry.svg"))))
    qt_app.setStyleSheet(style.STYLESHEET)
    if smoke_test:
        # unattended: an error must end the run with a failure, not wait on a dialog
        def fail(exc_type, exc, tb):
            log.error("smoke test failed", exc_info=(exc_type, exc, tb))
            sys.stderr.write(f"smoke test failed: {exc_type.__name__}: {exc}\n")
            os._exit(1)

        sys.excepthook = fail
    else:
        install_excepthook(log_path)
    return qt_app


def rule_tables_load(svc, unattended: bool) -> bool:
    """The rule tables are data: a broken one is named (file and key) before anything runs."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    problem = svc.rule_table_problem()
    if problem is None:
        return True
    log.error("rule tables: %s", problem)
    if unattended:  # no modal dialog nobody can click
        sys.stderr.write(f"ShopSentry: {problem}\n")
        return False
    QMessageBox.critical(None, "ShopSentry", QCoreApplication.translate("startup", "A platform rule table is broken and "
                         "must be fixed before ShopSentry can check orders:") + f"\n\n{problem}")
    return False


def run_window(qt_app, window, svc, clock, name: str, files: list[str], file_opens) -> int:
    """The window shown until the seller quits; the exit code. ``files``: those named on the
    command line (the ones the OS hands over as events are taken once the window is up)."""
    from PySide6.QtCore import Qt, QTimer

    from ui.single_instance import InstanceServer

    qt_app.aboutToQuit.connect(window.save_geometry)  # also when the desktop session ends
    server = InstanceServer(name, window)
    server.activated.connect(window.bring_forward)
    window.show()

    def background(*_):
        if getattr(window, "checker", None) is None:
            start_background(qt_app, window, svc, clock)

    def fill(*_):
        # the tables first, then the scheduler, its first check and the folder watcher (after the demo
        # question: the check sees the demo): on a busy machine the first fill shares the CPU with nobody
        # and the seller's Ctrl+3 lands on a filled queue; a refresh that never comes waits 10 s at most
        window.refresh()
        window.refreshed.connect(background, Qt.SingleShotConnection)
        QTimer.singleShot(10_000, background)

    if files:  # opened with files: the seller is bringing their own
        fill()
    else:  # the question (when the shop is empty) waits for a worker's answer; the fill for the question
        offer_demo(window, svc, on_answer=fill)
    file_opens.paths.connect(window.bring_forward)
    files = [*files, *file_opens.take_pending()]
    if files:
        window.import_paths(files)
    code = qt_app.exec()
    if getattr(window, "checker", None) is not None:  # not when closed before its first refresh
        window.watch_bridge.stop()  # before the store closes: a batch in flight finishes its import
        window.checker.shutdown()
    svc.store.close()  # recorded clean: the next start may skip the database check
    return code


def data_dir_unusable(qt_app, exc: OSError, args) -> int:
    from PySide6.QtWidgets import QMessageBox

    from ui import i18n

    where = str(exc.filename or args.data_dir or "")
    sys.stderr.write(f"shopsentry: cannot use the data folder {where}: {exc.strerror}\n")
    if args.smoke_test:
        return 1
    i18n.install(qt_app, "zh_CN")
    QMessageBox(QMessageBox.Critical, tr("ShopSentry cannot start"),
                tr("ShopSentry cannot use its data folder %1 (%2). Check that the drive is connected "
                   "and writable, or start ShopSentry with --data-dir pointing to another folder.")
                .replace("%1", where).replace("%2", exc.strerror or "")).exec()
    return 1


def route_qt_messages() -> None:
    """Qt's own warnings go to the log file rather than the seller's console."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("qt")
    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}

    def handler(mode, _context, message):
        qt_log.log(levels.get(mode, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


def open_services(qt_app, data_dir: Path, tz: str | None, log_path: Path, unattended: bool = False,
                  damaged=None, url: str | None = None, unreachable=None):
    """Open (and upgrade) the store; when that fails, tell the seller in words and return None.

    A damaged database gets the dialog that restores or salvages it (``damaged(dialog)`` runs that
    dialog in place of its modal loop, for tests); once mended, the store is opened again. A shared
    server that does not answer gets retry / this computer's shop (``unreachable(box)``, tests)."""
    from PySide6.QtWidgets import QMessageBox
    from sqlalchemy.exc import DatabaseError

    from app.services import DatabaseDamaged, MigrationError, NewerDatabase, Services, damaged_message
    from ui import i18n

    while True:
        try:
            return Services.open(data_dir, tz, url=url)
        except MigrationError as exc:
            problem = exc
        except DatabaseDamaged as exc:
            log.error("the database is damaged: %s", exc.detail)
            if unattended:
                sys.stderr.write(damaged_message(exc, data_dir) + "\n")
                return None
            if not mend_damaged(qt_app, data_dir, exc, log_path, tz, damaged):
                return None
            continue  # restored or salvaged: open it (and upgrade a salvaged older copy)
        except DatabaseError as exc:
            why = Services.server_unreachable(exc)
            if why is not None:
                log.warning("the shared database does not answer: %s", exc.__class__.__name__)
                choice = _unreachable(qt_app, why, data_dir, url, unattended, unreachable)
                if choice is None:
                    return None
                url = choice  # the same server again, or this computer's own file
                continue
            log.exception("the database could not be opened")
            problem = exc
        break
    if not unattended:
        i18n.install(qt_app, "zh_CN")  # the language setting lives in the database we could not open
    if isinstance(problem, NewerDatabase):
        text = tr("This shop's database was upgraded by a newer ShopSentry. Please install the newer ShopSentry "
                  "on this computer too; nothing was changed.")
    elif isinstance(problem, MigrationError) and problem.backup is not None:
        text = tr("ShopSentry could not update your database to this version. Nothing was lost: the "
                  "database was put back exactly as it was before the update, from the copy %1.") \
            .replace("%1", str(problem.backup))
    elif isinstance(problem, MigrationError):
        text = tr("ShopSentry could not set up its database. Nothing was changed; it will try again "
                  "the next time it starts.")
    else:
        text = tr("ShopSentry could not open its database %1. The file may be damaged or in use by "
                  "another program. Copies taken before each update are in %2.") \
            .replace("%1", str(data_dir / "shopsentry.db")).replace("%2", str(data_dir / "backups"))
    detail = tr("The details are in the log file: %1").replace("%1", str(log_path))
    if unattended:
        sys.stderr.write(f"{text}\n{detail}\n")
        return None
    box = QMessageBox(QMessageBox.Critical, tr("ShopSentry cannot start"), text)
    box.setInformativeText(detail)
    box.exec()
    return None


def _unreachable(qt_app, why: str, data_dir: Path, url: str | None, unattended: bool, run) -> str | None:
    """The URL to try next (the same server, or this computer's SQLite file), None to quit."""
    from app.services import Services
    from ui import i18n
    from ui.dialogs import unreachable

    where = Services.shown_database(data_dir, url)
    if unattended:
        sys.stderr.write(f"{why} ({where})\n")
        return None
    i18n.install(qt_app, "zh_CN")  # the language setting lives in the database we cannot reach
    choice = unreachable.ask(why, where, run)
    if choice == unreachable.RETRY:
        return url
    if choice == unreachable.LOCAL:
        return f"sqlite:///{data_dir / 'shopsentry.db'}"
    return None


def mend_damaged(qt_app, data_dir: Path, exc, log_path: Path, tz: str | None, run=None) -> bool:
    """The damaged-database dialog; True once the database was restored or salvaged."""
    from app.services import setting
    from ui import i18n
    from ui.dialogs.damaged_dialog import DamagedDialog

    i18n.install(qt_app, "zh_CN")  # the language setting lives in the database that cannot be read
    dialog = DamagedDialog(data_dir, exc, log_path, tz or setting({}, "timezone"))
    if run is not None:
        run(dialog)
    else:
        dialog.exec()
    if dialog.outcome:
        log.warning("the damaged database was %s", dialog.outcome)
    return dialog.outcome is not None


def start_background(qt_app, window, svc, clock) -> None:
    """Tray (when the desktop has one) and the scheduler; results reach the window by signal."""
    from app.services import setting
    from ui.checker import CheckerBridge
    from ui.tray import Tray

    tray = Tray(window)
    window.tray = tray
    tray.open_requested.connect(window.bring_forward)
    tray.quit_requested.connect(window.quit_app)
    window.alerts.attach_tray(tray)  # notifications, pause/resume, click-through, close-to-tray
    window.checker = CheckerBridge(svc, int(setting(svc.settings, "scheduler.interval_minutes")), clock, window)
    window.checker.evaluated.connect(window.on_check)
    window.checker.snapshot_made.connect(window.on_tick_snapshot)
    tray.check_requested.connect(lambda: window.checker.run_now("manual"))
    window.act_check.triggered.connect(lambda: window.checker.run_now("manual"))
    window.import_finished.connect(lambda _r: window.checker.run_now("import"))
    window.checker.start()
    window.checker.run_now("start")  # once at start-up
    from ui.watcher import WatchBridge

    # the download folder: new exports imported without a click (files already there count once)
    window.watch_bridge = WatchBridge(svc, clock, window)
    window.watch_bridge.imported.connect(window.on_auto_import)
    window.watch_bridge.problem.connect(window.on_watch_problem)
    window.watch_bridge.recovered.connect(window.on_watch_recovered)
    window.watch_bridge.start()


def offer_demo(window, svc, ask=None, on_answer=None) -> None:
    """First start on an empty shop: offer a demo shop so every tab shows something live.

    Asked once per data dir. Whether the shop is empty is a query and the "asked" mark a write: both
    run on a worker (ui.writes.write); the question is modal once that answer is back.
    ``ask(box)`` returns the button clicked, in place of the modal question (tests);
    ``on_answer(loaded)`` follows with whether the demo shop is being loaded.
    """
    def finish(loaded: bool) -> None:
        if on_answer is not None:
            on_answer(loaded)

    def claim() -> bool:  # on a worker: ask only an empty shop, and only once
        if svc.settings.get("demo.offered") or not svc.is_empty():
            return False
        svc.set_setting("demo.offered", True)
        return True

    def claimed(empty: bool) -> None:
        finish(empty and _ask_demo(window, ask))

    from ui.writes import write

    write(window, tr("Welcome to ShopSentry"), claim, claimed, on_error=lambda _exc: finish(False))


def _ask_demo(window, ask) -> bool:
    """The modal question; True when the demo shop is being loaded."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Question, tr("Welcome to ShopSentry"),
                      tr("Your shop is still empty. Would you like to look around a demo shop first? "
                         "It has orders about to ship late, SKUs selling out and buyers waiting for a "
                         "message, so every tab shows what ShopSentry does."), parent=window)
    box.setInformativeText(tr("Your own order exports can be imported at any time: File → Import… "
                              "(Ctrl+O), or drop the files onto the window."))
    demo = box.addButton(tr("Show the demo shop"), QMessageBox.AcceptRole)
    demo.setObjectName("primary")
    own = box.addButton(tr("Import my own files…"), QMessageBox.ActionRole)
    box.addButton(tr("Not now"), QMessageBox.RejectRole)
    box.setDefaultButton(demo)
    if ask is not None:
        choice = ask(box)
    else:
        box.exec()
        choice = box.clickedButton()
    if choice is demo:
        window.load_demo()
        return True
    if choice is own:
        window.choose_import()
    return False


def _shoot(qt_app, page, path: Path) -> None:
    """A page shown, its background work (e.g. a preview) finished, saved as PNG, closed."""
    from PySide6.QtCore import QThreadPool

    page.resize(max(page.width(), 900), max(page.height(), 780))
    page.show()
    QThreadPool.globalInstance().waitForDone()
    for _ in range(5):
        qt_app.processEvents()
    page.grab().save(str(path))
    page.close()


def smoke_test(qt_app, window, svc, shot_dir, now) -> int:
    """Demo data, every tab rendered (and saved as PNG when asked), exit 0."""
    from PySide6.QtCore import QThreadPool

    if svc.is_empty():
        svc.load_demo(now)
    window.resize(1280, 800)
    window.show()
    svc.alerts(now)  # one evaluation, as the scheduler does at start-up: the bell shows real alerts
    window.refresh_sync()
    qt_app.processEvents()
    log.info("smoke test: window rendered")  # bench/startup_bench.py times start-up up to this line
    names = ["inventory", "risk", "contact", "health"]
    for i, tab_name in enumerate(names):
        window.tabs.setCurrentIndex(i)
        tab = window.tabs.widget(i)
        if hasattr(tab, "table") and tab.model.rowCount():
            tab.table.selectRow(0)
        QThreadPool.globalInstance().waitForDone()  # the selected row's details, read on a worker
        for _ in range(5):
            qt_app.processEvents()
        if shot_dir:
            Path(shot_dir).mkdir(parents=True, exist_ok=True)
            window.grab().save(str(Path(shot_dir) / f"{i + 1}-{tab_name}.png"))
    if shot_dir:  # the alert centre, opened from the bell
        window.alerts.toggle()
        for _ in range(5):
            qt_app.processEvents()
        window.alerts.centre.grab().save(str(Path(shot_dir) / "5-alerts.png"))
        window.alerts.centre.hide()
        from ui.dialogs.backup_page import BackupDialog

        svc.backups.take("auto", now=now)  # the page with a row, as after a first start
        _shoot(qt_app, BackupDialog(svc, lambda: now, window), Path(shot_dir) / "6-backups.png")
        from ui.dialogs.channels_page import ChannelsPage

        _shoot(qt_app, ChannelsPage(svc, clock=lambda: now), Path(shot_dir) / "7-channels.png")
    # APScheduler finds its triggers through entry points: start the real scheduler once, so a
    # bundle missing them fails here rather than at a seller's first check
    from app.scheduler import Checker

    probe = Checker(lambda: svc, lambda _r: None)
    probe.start()
    probe.shutdown()
    log.info("smoke test: %s", " | ".join(window.tabs.tabText(i) for i in range(window.tabs.count())))
    window.hide()  # not close(): that would remember the smoke test's size as the seller's
    svc.store.close()
    return 0

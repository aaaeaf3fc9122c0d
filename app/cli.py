"""Command-line interface (../shared/CONTRACT.md). Same services as the GUI."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sys
from pathlib import Path

from app import __version__, logs, text, timeutil

log = logging.getLogger(__name__)
COMMANDS = ("import", "stock", "risk", "contacts", "alerts", "export", "backup", "restore",
            "export-shop", "import-shop", "health", "watch", "status", "channels", "incidents")
NO_STORE = ("restore", "import-shop")  # these mend or replace a database that may not open
EXIT_OK, EXIT_ERROR, EXIT_REJECTED = 0, 1, 2


def _placement_free(p: argparse.ArgumentParser, default=None) -> None:
    """Options accepted before or after the command (``--now T risk`` = ``risk --now T``)."""
    kw = {} if default is None else {"default": default}
    p.add_argument("--data-dir", help="where the database, settings, backups and logs live", **kw)
    p.add_argument("--database-url", help="the shop's database on a shared server, e.g. postgresql+psycopg://"
                   "shop:pw@192.168.1.5/shop (or $SHOPSENTRY_DATABASE_URL; default: the file in the data dir)", **kw)
    p.add_argument("--tz", help="shop time zone (default Asia/Shanghai or the saved setting)", **kw)
    p.add_argument("--now", help="ISO-8601 clock to evaluate at (shop zone without offset)", **kw)
    p.add_argument("--json", action="store_true", help="machine-readable output", **kw)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="shopsentry", description="ShopSentry 店哨")
    _placement_free(p)
    p.add_argument("--version", action="version", version=f"ShopSentry {__version__}")
    p.add_argument("--smoke-test", action="store_true", help="render every tab with demo data and exit")
    p.add_argument("--screenshot-dir", help="with --smoke-test: write one PNG per tab here")
    p.add_argument("--lang", choices=["zh_CN", "en"], help="interface language for this run")
    sub = p.add_subparsers(dest="command")

    def common(sp):
        # SUPPRESS: a value given before the command is not overwritten by the default here
        _placement_free(sp, default=argparse.SUPPRESS)

    sp = sub.add_parser("import", help="import order exports and stock sheets")
    sp.add_argument("files", nargs="+")
    sp.add_argument("--platform", default="auto",
                    choices=["auto", "douyin", "taobao", "pdd", "kuaishou", "tiktok", "tmall"])
    sp.add_argument("--date-order", choices=["MDY", "DMY"],
                    help="TikTok files whose dates read both ways: month/day/year (US) or day/month/year (SEA)")
    common(sp)
    for name, helptext in (("stock", "stock per SKU"), ("risk", "open orders at risk"),
                           ("contacts", "the contact queue"), ("alerts", "run one evaluation"),
                           ("health", "shop-level metrics and where they are heading"),
                           ("incidents", "price errors and order floods that need the seller now")):
        common(sub.add_parser(name, help=helptext))
    sp = sub.add_parser("export", help="write a styled workbook")
    sp.add_argument("kind", choices=["orders", "risk", "stock", "contacts"])
    sp.add_argument("out")
    common(sp)
    common(sub.add_parser("backup", help="a verified copy of the shop's data now"))
    sp = sub.add_parser("restore", help="put a backup back (the current database is kept aside)")
    which = sp.add_mutually_exclusive_group(required=True)
    which.add_argument("path", nargs="?", help="a backup file")
    which.add_argument("--latest", action="store_true", help="the newest backup that verifies")
    common(sp)
    sp = sub.add_parser("export-shop", help="the whole shop in one file, for another computer")
    sp.add_argument("out")
    common(sp)
    sp = sub.add_parser("import-shop", help="replace this shop with one from export-shop")
    sp.add_argument("file")
    common(sp)
    from app.watch.cli import add_parsers

    add_parsers(sub, common)
    from app.channels import cli as channels_cli

    channels_cli.add_parsers(sub, common)
    return p


def emit(args, payload: dict, text_lines: list[str]) -> None:
    if args.json:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write("\n".join(text_lines) + "\n")


def fail(args, message: str, code: int, log_file=None) -> int:
    if args.json:
        doc = {"error": message} | ({"log": str(log_file)} if log_file else {})
        sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
    sys.stderr.write(f"shopsentry: {message}\n")
    return code


def run(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    problem = timeutil.check_clock(args.tz, args.now)
    if problem:
        return fail(args, problem, EXIT_REJECTED)  # rejected before anything was opened
    if args.command == "import":  # parse while Python imports and opens the store (Rust, no GIL)
        from app.imports.readers import prefetch

        prefetch(args.files)
    from app.paths import ensure_data_dir

    try:
        data_dir = ensure_data_dir(args.data_dir)
        logs.setup(data_dir)
    except OSError as exc:  # a read-only or missing drive: there is no log to point to yet
        return fail(args, f"cannot use the data folder {exc.filename or args.data_dir}: {exc.strerror}",
                    EXIT_ERROR)
    from app.store.backup import BackupError, DatabaseDamaged

    try:
        if args.command in NO_STORE:
            return _mend(args, data_dir)
        return _dispatch(args, data_dir)
    except DatabaseDamaged as exc:
        from app.backup import damaged_message

        return fail(args, damaged_message(exc, data_dir), EXIT_ERROR, logs.log_path(data_dir))
    except BackupError as exc:  # already in words: disk full, read-only, no backup, damaged copy
        log.warning("%s failed: %s", args.command, exc)
        return fail(args, str(exc), EXIT_ERROR)
    except KeyboardInterrupt:
        return fail(args, "interrupted", EXIT_ERROR)
    except Exception as exc:  # no traceback reaches a seller: it goes to the log
        log.exception("command %s failed", args.command)
        log_file = logs.log_path(data_dir)
        return fail(args, text.t("{command} failed: {why} ({log})", command=args.command, why=said(exc),
                                 log=str(log_file)), EXIT_ERROR, log_file)


def said(exc: Exception) -> str:
    """An unexpected error in one sentence for the seller: a shared server that does not answer, a
    cause a seller can act on, else a pointer to the log (a database error's own text quotes rows)."""
    from app.failures import for_seller
    from app.services import Services

    why = Services.server_unreachable(exc)
    return why if why is not None else for_seller(exc)


def _mend(args, data_dir: Path) -> int:
    """restore / import-shop: run without opening the store, which may be the damaged thing (a
    shop on a shared server is replaced through the open store: the server itself is not damaged)."""
    from app import backup
    from app.store.session import shop_url

    on_server = shop_url(data_dir, args.database_url) is not None
    svc = None
    if on_server:
        from app.services import Services

        svc = Services.open(data_dir, args.tz, url=args.database_url)
    source = None if args.command == "import-shop" or args.latest else Path(args.path)
    if args.command == "restore":
        result = svc.backups.restore(source) if svc else backup.restore(data_dir, source)
        lines = [text.t("Restored {copy}", copy=str(result.restored))]
    else:
        result = svc.backups.import_shop(Path(args.file)) if svc else backup.import_shop(data_dir, Path(args.file))
        lines = [text.t("Imported the shop from {copy}", copy=str(result.restored))]
    if result.kept_aside:
        lines.append(text.t("The database before is kept as {path}", path=str(result.kept_aside)))
    emit(args, result.to_json(), lines)
    return EXIT_OK


def _write_file(args, svc, now) -> int:
    """The commands that write a file: a report export, a backup, the whole shop (export-shop)."""
    if args.command == "export":
        out = svc.export(args.kind, Path(args.out), now=now)
        emit(args, {"file": str(out), "kind": args.kind}, [str(out)])
        return EXIT_OK

    if args.command == "backup":
        info = svc.backups.take("manual")
        emit(args, {"backup": str(info.path), "bytes": info.bytes}, [f"{info.path} ({info.bytes} bytes)"])
        return EXIT_OK

    out = svc.backups.export_shop(Path(args.out))
    emit(args, {"file": str(out), "bytes": out.stat().st_size}, [str(out)])
    return EXIT_OK


def _dispatch(args, data_dir: Path) -> int:
    from app.services import Services
    from app.store.session import damaged_after_all

    svc = Services.open(data_dir, args.tz, url=args.database_url)
    # what start-up made (modules, mapped classes, compiled rules) lives to the exit: kept out of
    # the collector's full passes, two or three of which a tick that moves orders makes, and the
    # one at the interpreter's exit (~0.15 s each way); the tests' conftest unfreezes after each test
    gc.freeze()
    try:
        return _command(args, svc)
    except Exception as exc:
        damaged_after_all(svc.store, exc)  # a damaged page met: the damaged-database message, not a bug's
        raise
    finally:  # a clean close lets the next start skip the database's check (app/store/startcheck.py)
        svc.store.close()


def _command(args, svc) -> int:
    if args.command != "backup":
        svc.backups.auto()  # at most once a day; a failure is an alert, never the command's end
    text.set_language(args.lang or svc.settings.get("language"))  # reasons and alerts in the shop's language
    tz = svc.tz
    now = timeutil.parse_now(args.now, tz)
    now_iso = timeutil.iso(now, tz)

    if args.command == "import":
        results = svc.import_files(args.files, now=now, platform=args.platform, date_order=args.date_order)
        payload = {"files": [r.to_json() for r in results]}
        lines = [r.summary() for r in results]
        emit(args, payload, lines)
        return EXIT_REJECTED if any(r.status == "rejected" for r in results) else EXIT_OK

    if args.command == "stock":
        skus = svc.stock(now)
        emit(args, {"now": now_iso, "skus": [s.to_json() for s in skus]},
             [text.t("{sku} {status} on hand {on_hand} reserved {reserved} available {available}",
                     sku=f"{s.sku:<16}", status=f"{s.status:<9}", on_hand=f"{s.on_hand:>5}",
                     reserved=f"{s.reserved:>5}", available=f"{s.available:>5}") for s in skus])
        return EXIT_OK

    if args.command == "risk":
        risks = svc.risk(now)
        emit(args, {"now": now_iso, "orders": [r.to_json(tz) for r in risks]},
             [f"{r.platform:<9} {r.order_id:<24} {r.level:<9} {timeutil.short(r.ship_by, tz, now)}"
              f" ¥{r.penalty_total}" for r in risks])  # each charge once
        return EXIT_OK

    if args.command == "contacts":
        tasks = svc.contacts(now)
        emit(args, {"now": now_iso, "tasks": [t.to_json(tz) for t in tasks]},
             [f"{t.platform:<9} {t.order_id:<24} {t.reason:<11} {t.status}" for t in tasks])
        return EXIT_OK

    if args.command == "alerts":
        raised, _notes, deliveries = svc.check(now)  # as the in-app scheduler: channels get their messages
        emit(args, {"now": now_iso, "alerts": [a.to_json(tz) for a in raised],
                    "deliveries": [d.to_json() for d in deliveries]},
             [f"[{a.kind}] {a.title} — {a.body}" for a in raised] +
             [f"→ {d.channel}: {d.status} ({d.messages})" + (f" {d.error}" if d.error else "") for d in deliveries])
        return EXIT_OK

    if args.command == "channels":
        from app.channels import cli as channels_cli

        return channels_cli.run(svc, args, emit, fail)

    if args.command in ("export", "backup", "export-shop"):
        return _write_file(args, svc, now)

    if args.command in ("watch", "status"):
        from app.watch import cli as watch_cli

        if args.command == "status":
            return watch_cli.run_status(svc, args, emit, now)
        return watch_cli.run_watch(svc, args, emit, now if args.now else None, fail)

    if args.command == "incidents":
        with svc.refresh_lock:
            found = svc.incidents.refresh(now)
        emit(args, {"now": now_iso, "incidents": [v.to_json(tz) for v in found]},
             [f"[{v.kind}] {v.platform} {v.sku} ¥{v.exposure} — " + "; ".join(v.reasons) for v in found])
        return EXIT_OK

    if args.command == "health":
        from app.health.report import text_lines

        metrics = svc.health.evaluate(now)
        emit(args, {"now": now_iso, "metrics": [m.to_json(tz) for m in metrics]}, text_lines(metrics, tz))
        return EXIT_OK

    raise SystemExit("no command")  # main.py starts the GUI before reaching here

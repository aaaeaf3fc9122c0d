"""Command-line interface (../shared/CONTRACT.md). Same services as the GUI."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from app import __version__, logs, timeutil

log = logging.getLogger(__name__)
COMMANDS = ("import", "stock", "risk", "contacts", "alerts", "export")
EXIT_OK, EXIT_ERROR, EXIT_REJECTED = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="shopsentry", description="ShopSentry 店哨")
    p.add_argument("--data-dir", help="where the database, settings, backups and logs live")
    p.add_argument("--tz", help="shop time zone (default Asia/Shanghai or the saved setting)")
    p.add_argument("--version", action="version", version=f"ShopSentry {__version__}")
    p.add_argument("--smoke-test", action="store_true", help="render every tab with demo data and exit")
    p.add_argument("--screenshot-dir", help="with --smoke-test: write one PNG per tab here")
    p.add_argument("--lang", choices=["zh_CN", "en"], help="interface language for this run")
    sub = p.add_subparsers(dest="command")

    def common(sp, now=True):
        if now:
            sp.add_argument("--now", help="ISO-8601 clock to evaluate at (shop zone without offset)")
        sp.add_argument("--json", action="store_true", help="machine-readable output")

    sp = sub.add_parser("import", help="import order exports and stock sheets")
    sp.add_argument("files", nargs="+")
    sp.add_argument("--platform", default="auto",
                    choices=["auto", "douyin", "taobao", "pdd", "kuaishou", "tiktok"])
    sp.add_argument("--date-order", choices=["MDY", "DMY"],
                    help="TikTok files whose dates read both ways: month/day/year (US) or day/month/year (SEA)")
    common(sp)
    for name, helptext in (("stock", "stock per SKU"), ("risk", "open orders at risk"),
                           ("contacts", "the contact queue"), ("alerts", "run one evaluation")):
        common(sub.add_parser(name, help=helptext))
    sp = sub.add_parser("export", help="write a styled workbook")
    sp.add_argument("kind", choices=["orders", "risk", "stock", "contacts"])
    sp.add_argument("out")
    common(sp)
    return p


def emit(args, payload: dict, text_lines: list[str]) -> None:
    if args.json:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write("\n".join(text_lines) + "\n")


def run(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "import":  # parse while Python imports and opens the store (Rust, no GIL)
        from app.imports.readers import prefetch

        prefetch(args.files)
    from app.paths import ensure_data_dir

    data_dir = ensure_data_dir(args.data_dir)
    logs.setup(data_dir)
    try:
        return _dispatch(args, data_dir)
    except Exception as exc:  # no traceback reaches a seller: it goes to the log
        log.exception("command %s failed", args.command)
        msg = f"ShopSentry: {exc.__class__.__name__}: {exc}\n(details in {logs.log_path(data_dir)})"
        if args.json:
            sys.stdout.write(json.dumps({"error": str(exc), "log": str(logs.log_path(data_dir))},
                                        ensure_ascii=False) + "\n")
        sys.stderr.write(msg + "\n")
        return EXIT_ERROR


def _dispatch(args, data_dir: Path) -> int:
    from app.services import Services

    svc = Services.open(data_dir, args.tz)
    tz = svc.tz
    now = timeutil.parse_now(getattr(args, "now", None), tz)
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
             [f"{s.sku:<16} {s.status:<9} 在库{s.on_hand:>5} 占用{s.reserved:>5} 可用{s.available:>5}"
              for s in skus])
        return EXIT_OK

    if args.command == "risk":
        risks = svc.risk(now)
        emit(args, {"now": now_iso, "orders": [r.to_json(tz) for r in risks]},
             [f"{r.platform:<9} {r.order_id:<24} {r.level:<9} {timeutil.short(r.ship_by, tz, now)}"
              f" ¥{r.penalty_estimate}" for r in risks])
        return EXIT_OK

    if args.command == "contacts":
        tasks = svc.contacts(now)
        emit(args, {"now": now_iso, "tasks": [t.to_json(tz) for t in tasks]},
             [f"{t.platform:<9} {t.order_id:<24} {t.reason:<11} {t.status}" for t in tasks])
        return EXIT_OK

    if args.command == "alerts":
        raised = svc.alerts(now)
        emit(args, {"now": now_iso, "alerts": [a.to_json(tz) for a in raised]},
             [f"[{a.kind}] {a.title} — {a.body}" for a in raised])
        return EXIT_OK

    if args.command == "export":
        out = svc.export(args.kind, Path(args.out), now=now)
        emit(args, {"file": str(out), "kind": args.kind}, [str(out)])
        return EXIT_OK

    raise SystemExit("no command")  # main.py starts the GUI before reaching here

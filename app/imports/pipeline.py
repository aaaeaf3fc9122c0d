"""One reader pipeline for every platform: it only orchestrates.

file → rows of cells (readers.py) → header detection and platform profile (profiles.py: the
resources/profiles/*.json, or a mapping the seller saved for an unknown layout) → columns converted
block by block (convert.py over columns.py) → canonical orders and lines (canonical.py) → validation →
the order writer (writer.py), one transaction per file. Platforms differ only in their profiles, never in code branches here.

The rows are handled column by column: a 100k-row export is a few dozen column lists, each
converted once per distinct value, and stored with executemany.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from sqlalchemy import select

from app import timeutil
from app.imports.canonical import canonical, mask_phone, reject_all_unknown, warn_unknown_status
from app.imports.convert import column_blocks, file_columns, note_warnings
from app.imports.profiles import (
    detect,
    duplicate_columns,
    explain_unknown,
    header_signature,
    norm_header,
    profiles,
    stand_ins,
)
from app.imports.readers import ReadError, cell_text, open_table
from app.imports.result import (
    CANCELLED,
    SKIPPED,
    Cancelled,
    FileResult,
    ParsedFile,
    Rejected,
    err,
    not_an_export,
)
from app.imports.writer import OrderWriter
from app.inventory.ledger import book_shipments
from app.nogc import no_gc
from app.store.models import ImportBatch
from app.store.session import lock_for_writing
from app.text import label, t

log = logging.getLogger(__name__)
MAX_ERRORS = 500
# names other code imported from here before the pipeline was split into its rooms
__all__ = ["CANCELLED", "SKIPPED", "Cancelled", "FileResult", "ImportRun", "ParsedFile", "Rejected", "err", "file_hash",
           "header_signature", "import_files", "import_history", "mask_phone", "norm_header", "profiles"]


@dataclass
class ImportRun:
    """What every file of one import shares: the store, the shop's zone and clock, how strict to be."""
    store: object
    zone: tzinfo
    now: datetime
    settings: dict
    valid_rows_only: bool = False
    date_order: str | None = None  # TikTok's day/month order when the seller chose one (MDY / DMY)


def file_hash(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def import_files(store, paths: list[str], *, platform: str = "auto", tz: str, now: datetime, settings: dict,
                 valid_rows_only: bool = False, progress=None, cancel=None, date_order: str | None = None,
                 saved: dict | None = None, skip_unknown: bool = False) -> list[FileResult]:
    """Import ``paths``; each file is its own transaction. ``saved``: the seller's mapping profiles.
    ``skip_unknown`` (the watched folder): a sheet that is no export at all is "skipped", not rejected."""
    run = ImportRun(store, timeutil.zone(tz), now, settings, valid_rows_only,
                    date_order or settings.get("tiktok.date_order"))
    total = max(len(paths), 1) * 100

    def step(n: int, pct: int, text: str) -> None:
        if progress:
            progress(n * 100 + pct, total, text)
        if cancel is not None and cancel.is_set():
            raise Cancelled()

    if saved is None:
        from app.imports.mapping import saved_profiles

        try:
            with store.session() as s:
                saved = saved_profiles(s)
        except Exception as exc:  # the store cannot be opened for writing: every file says why
            if not _write_problem(exc, store):
                raise
            log.warning("import refused, the store cannot be written: %s", exc)
            return [FileResult(file=Path(p).name, path=str(p), status="rejected",
                               errors=[err(_failure_text(exc, store))]) for p in paths]
    parsed: list[ParsedFile] = []
    try:
        for n, p in enumerate(paths):
            name = Path(p).name
            try:
                step(n, 0, name)
                parsed.append(_read(p, platform, saved, tmall=platform == "tmall" or (
                    platform == "auto" and bool(settings.get("risk.tmall_shop")))))
            except Cancelled:
                parsed.append(ParsedFile(p, FileResult(file=name, status=CANCELLED, path=str(p))))
        # Taobao's 宝贝报表 joins its 订单报表 when both are given, in any order
        items_by_platform = {pf.prof["_name"]: pf for pf in parsed if pf.part == "items"}
        mains = {pf.prof["_name"] for pf in parsed if pf.part == "main"}
        results = []
        for n, pf in enumerate(parsed):
            res = pf.result
            if res.status == CANCELLED:
                results.append(res)
                continue
            if pf.table is not None and pf.part == "items" and pf.prof["_name"] in mains:
                continue  # consumed by its order sheet
            if skip_unknown and pf.table is None and not_an_export(res):
                res.status = SKIPPED
            if pf.table is not None:
                _import_guarded(run, pf, items_by_platform.get(pf.prof["_name"]),
                                lambda pct, n=n, f=res.file: step(n, pct, f))
            if res.status not in (CANCELLED, "imported"):  # an imported file's batch went in with it
                _record_batch(store, pf, res, now)
            results.append(res)
        if progress:
            progress(total, total, "")
        return results
    finally:
        for pf in parsed:  # tables read ahead but never consumed (a rejection, a cancel)
            if pf.table is not None:
                pf.table.close()


def _import_guarded(run: ImportRun, pf: ParsedFile, items: ParsedFile | None, step) -> None:
    """One file imported; whatever stops it is written into its result, never raised."""
    res = pf.result
    try:
        step(40)
        # the export's own clock (the Chinese platforms write Beijing time whatever the shop's
        # zone); without one, the shop's zone
        clock = pf.prof.get("clock")
        _import_one(dataclasses.replace(run, zone=timeutil.zone(clock)) if clock else run, pf, items, step)
    except Cancelled:
        res.status, res.errors = CANCELLED, []
        res.rows = res.orders = res.created = res.updated = res.unchanged = 0
    except Rejected as exc:
        res.status, res.errors, res.needs = "rejected", exc.errors, exc.needs
        res.created = res.updated = res.unchanged = 0
    except Exception as exc:
        log.exception("import of %s failed", res.file)
        res.status, res.errors = "rejected", [err(_failure_text(exc, run.store))]
        res.created = res.updated = res.unchanged = 0


def _write_problem(exc: Exception, store) -> bool:
    from app.store.backup import is_write_problem

    return is_write_problem(exc, getattr(store, "data_dir", None))


def _failure_text(exc: Exception, store=None) -> str:
    """An import that broke off: a full disk or read-only folder is said in words (the file's
    transaction was rolled back, so nothing of it is stored)."""
    from app.failures import is_locked, reason
    from app.store.backup import reason_of

    if _write_problem(exc, store):
        why = reason_of(exc, getattr(store, "data_dir", None))
        return t("Import failed: {why}. Nothing of this file was stored, the database is as it was; free some "
                 "space (or make the data folder writable) and import it again", why=why)
    if is_locked(exc):
        return t("Import failed: {why}. Nothing of this file was stored, the database is as it was",
                 why=reason(exc))
    return t("Import failed because of an unexpected problem; the database is unchanged and the details are in "
             "the log file")


def _read(path: str, platform: str, saved: dict, *, tmall: bool = False) -> ParsedFile:
    """``tmall``: a 千牛 export of a Tmall shop; read with the Taobao profile, stored (and priced) as tmall."""
    res = FileResult(file=Path(path).name, path=str(path))
    rejected = ParsedFile(path, res)
    if platform == "tmall":
        platform = "taobao"
    try:
        table = open_table(path)
    except ReadError as exc:
        res.errors = [err(str(exc))]
        return rejected
    except Exception:  # an unreadable file is a rejection, never a crash
        log.exception("reading %s failed", path)
        res.errors = [err(t("The file cannot be read: export it again from the shop back office (details are in "
                              "the log file)"))]
        return rejected
    rows = table.head
    if not any(cell_text(c).strip() for r in rows for c in r):
        res.errors = [err(t("The sheet is empty"))]
        return rejected
    found = detect(rows, platform, saved)
    if found is None:
        explain_unknown(rows, res)
        return rejected
    prof, hi, cols, part = found
    if tmall and prof.get("platform") == "taobao":
        prof = {**prof, "platform": "tmall"}
    res.kind, res.platform = prof["kind"], prof.get("platform")
    res.warnings += [label(source, **params) for source, params in getattr(table, "warnings", [])]
    res.warnings += duplicate_columns(rows[hi], cols) + stand_ins(prof if part == "main" else prof["items"], cols)
    return ParsedFile(path, res, table, prof, hi, cols, part)


def _import_one(run: ImportRun, pf: ParsedFile, items: ParsedFile | None, step) -> None:
    res, prof, now = pf.result, pf.prof, run.now
    h = file_hash(pf.path) + (file_hash(items.path) if items else "")
    pf.hash = h
    spec = prof if pf.part == "main" else prof["items"]
    with run.store.session() as s:
        # one import per platform at a time across PCs, and the "already imported" check after
        # the wait: the other PC's batch (written in its orders' transaction) is then visible
        lock_for_writing(s, "import:" + ("stock" if prof["kind"] == "stock" else prof["platform"]))
        dup = s.scalar(select(ImportBatch.id).where(ImportBatch.file_hash == h, ImportBatch.status == "imported")
                       .limit(1)) is not None
        with no_gc():  # ~100k rows of plain lists and tuples: nothing cyclic to collect
            if prof["kind"] == "orders" and items is None:
                try:
                    _import_streamed(run, s, pf, spec, dup, step)
                except _Scattered:  # rare: rows of one order far apart in the file
                    log.info("%s: an order's rows are not together; importing the file as a whole", res.file)
                    s.rollback()  # which ends the lock's transaction too: take it again
                    lock_for_writing(s, "import:" + prof["platform"])
                    pf.notes.clear()  # counted again on the second reading
                    pf.table = open_table(pf.path)
                    res.created = res.updated = res.unchanged = 0
                    _import_whole(run, s, pf, None, spec, dup, step)
            else:
                _import_whole(run, s, pf, items, spec, dup, step)
        if not dup and prof["kind"] == "orders":
            book_shipments(s, now)  # shipped since the last count: out of on-hand
            step(95)
        res.status = "imported"
        s.add(_batch(pf, res, now))  # with the orders: "already imported" holds exactly when they are in


def _reject_if(errors: list[dict], valid_rows_only: bool) -> None:
    if errors and not valid_rows_only:
        more = len(errors) - MAX_ERRORS
        raise Rejected(errors[:MAX_ERRORS] + ([err(t("…further problems not listed: {more}", more=more))] if more > 0 else []))


def _no_rows() -> Rejected:
    return Rejected([err(t("The file has only the header row, no data rows"))])


class _Scattered(Exception):
    """An order whose rows are split by other orders' rows: it cannot be stored block by block."""


def _import_streamed(run: ImportRun, s, pf: ParsedFile, spec: dict, dup: bool, step) -> None:
    """An order export stored block by block as the reader delivers it, in the one transaction.

    An order's rows sit together in every platform's export; the last order of a block waits for
    the next block (it may continue there). Storing block k here overlaps the reader parsing the
    blocks after it. (A writer thread was measured slower: SQLite gives up the GIL for every row,
    and the threads then queue for it.) Any problem row stops the writing (the transaction is
    rolled back at the end) while the reading goes on to list every problem.
    """
    res, prof, valid_rows_only = pf.result, pf.prof, run.valid_rows_only
    errors: list[dict] = []
    writer = None if dup else OrderWriter(s, prof["platform"], res, run.now)
    seen: set[str] = set()
    unknown: Counter[str] = Counter()

    def flush(part: dict) -> None:
        ids = set(part["order_id"])
        if not seen.isdisjoint(ids):
            raise _Scattered()
        seen.update(ids)
        if writer is not None and (valid_rows_only or not errors):
            writer.write(*canonical(prof, part, None, unknown))

    carry: dict | None = None
    blocks = column_blocks(pf, spec, run.zone, run.date_order, errors, lambda pct: step(40 + (pct - 40) * 5 // 3))
    for data, excel in blocks:
        res.rows += len(excel)
        if not excel:
            continue
        if carry is not None:
            data = {f: carry[f] + v for f, v in data.items()}
        data, carry = _split_last_order(data)
        if data["order_id"]:
            flush(data)
    if carry is not None:
        flush(carry)
    _reject_if(errors, valid_rows_only)
    if not res.rows:
        raise _no_rows()
    res.orders = len(seen)
    reject_all_unknown(unknown, res.orders)
    if dup:
        res.unchanged = res.orders
    warn_unknown_status(res, unknown)
    _file_warnings(res, pf, writer)


def _split_last_order(data: dict[str, list]) -> tuple[dict, dict]:
    """(every row before the last order's, the last order's rows)."""
    oids = data["order_id"]
    k = len(oids) - 1
    while k > 0 and oids[k - 1] == oids[-1]:
        k -= 1
    return {f: v[:k] for f, v in data.items()}, {f: v[k:] for f, v in data.items()}


def _import_whole(run: ImportRun, s, pf: ParsedFile, items_pf: ParsedFile | None, spec: dict, dup: bool,
                  step) -> None:
    """A file converted whole, then stored: stock sheets, Taobao's two reports joined."""
    res, prof, now = pf.result, pf.prof, run.now
    errors: list[dict] = []
    data, excel = file_columns(pf, spec, run.zone, run.date_order, errors, step)
    items = None
    if items_pf is not None:
        item_errors: list[dict] = []
        items, _ = file_columns(items_pf, prof["items"], run.zone, run.date_order, item_errors, step)
        errors += [dict(e, message=t("{file}: {message}", file=items_pf.result.file, message=e["message"]))
                   for e in item_errors]
    step(70)
    _reject_if(errors, run.valid_rows_only)
    res.rows = len(excel)
    if not excel:
        raise _no_rows()
    if prof["kind"] == "stock":
        from app.imports.stock_sheet import apply_stock_sheet
        from app.inventory.ledger import resolve_lines

        recs = [dict(zip(data, vals, strict=True)) for vals in zip(*data.values(), strict=True)]
        res.orders = len({r["sku_code"] for r in recs})
        if not dup:
            apply_stock_sheet(s, recs, now)
            resolve_lines(s)
            res.created = res.orders
        else:
            res.unchanged = res.orders
        return
    unknown: Counter[str] = Counter()
    orders, lines = canonical(prof, data, items, unknown)
    res.orders = len(orders["order_id"])
    step(80)
    step(80)
    reject_all_unknown(unknown, res.orders)
    writer = None
    if dup:
        res.unchanged = res.orders
    else:
        writer = OrderWriter(s, prof["platform"], res, now)
        writer.write(orders, lines)
        warn_unknown_status(res, unknown)
    _file_warnings(res, pf, writer, items_pf)


def _file_warnings(res: FileResult, pf: ParsedFile, writer: OrderWriter | None, items: ParsedFile | None = None):
    """Values kept as written but worth a look, and lines whose SKU code matches no SKU."""
    res.warnings += note_warnings(pf.notes) + (note_warnings(items.notes) if items is not None else [])
    if writer is not None and writer.unmatched:
        res.warnings.append(t("{n} lines have a SKU code (商家编码) that is not in the product list: their stock is "
                              "not reserved; add those SKUs or map the codes on the stock tab", n=writer.unmatched))



def _record_batch(store, pf: ParsedFile, res: FileResult, now: datetime) -> None:
    """The import history shows every file, rejected ones too (own short transaction)."""
    try:
        with store.session() as s:
            s.add(_batch(pf, res, now))
    except Exception:
        log.exception("could not record import history")


def _batch(pf: ParsedFile, res: FileResult, now: datetime) -> ImportBatch:
    h = pf.hash or (file_hash(pf.path) if Path(pf.path).is_file() else "")
    return ImportBatch(file_name=res.file, file_hash=h, kind=res.kind or "unknown", platform=res.platform,
                       imported_at=now, rows=res.rows, orders=res.orders, created=res.created,
                       updated=res.updated, unchanged=res.unchanged, status=res.status,
                       message=json.dumps(res.errors[:20], ensure_ascii=False) if res.errors else None)


def import_history(session, limit: int = 200):
    return session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)).all()

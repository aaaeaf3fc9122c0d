"""One reader pipeline for every platform.

file → rows of cells → header detection → platform profile (resources/profiles/*.json, or a
mapping the seller saved for an unknown layout) → canonical orders and lines → validation → one
transaction per file. Platforms differ only in their profiles, never in code branches here.

The rows are handled column by column (see columns.py): a 100k-row export is a few dozen
column lists, each converted once per distinct value, and stored with executemany.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import bindparam, func, select, update

from app import timeutil
from app.imports import columns as C
from app.imports.readers import MAX_CELL, ReadError, cell_text, open_table
from app.inventory.ledger import book_shipments
from app.nogc import no_gc
from app.paths import resource
from app.store.models import ImportBatch, Order, OrderLine, Shop
from app.text import platform_name, t

log = logging.getLogger(__name__)
HEADER_SCAN_ROWS = 10
MAX_ERRORS = 500
ORDER_FIELDS = ("status", "after_sale", "order_type", "paid_at", "created_at", "promised_ship_at", "shipped_at",
                "buyer", "recipient", "phone", "province", "city", "district", "address", "carrier", "tracking",
                "buyer_message", "seller_note")
TIME_FIELDS = C.TIME_FIELDS
CANCELLED = "cancelled"


@dataclass
class FileResult:
    file: str
    kind: str | None = None
    platform: str | None = None
    status: str = "rejected"
    rows: int = 0
    orders: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # imported, but worth the seller's eye
    # what the GUI can do about a rejection: "mapping" (unknown layout), "date_order" (TikTok)
    needs: str | None = None
    path: str | None = None
    preview: object = field(default=None, repr=False)  # first rows of an unknown layout (GUI)

    def to_json(self) -> dict:
        return {"file": self.file, "kind": self.kind, "platform": self.platform, "status": self.status,
                "rows": self.rows, "orders": self.orders, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "errors": self.errors, "warnings": self.warnings}

    def summary(self) -> str:
        if self.status == CANCELLED:
            return t("{file}: cancelled, nothing imported", file=self.file)
        if self.status == "rejected":
            first = self.errors[0]["message"] if self.errors else ""
            if len(self.errors) == 1:
                return t("{file}: not imported (1 problem) — {first}", file=self.file, first=first)
            return t("{file}: not imported ({n} problems) — {first}", file=self.file, n=len(self.errors),
                     first=first)
        if self.kind == "stock":
            return t("{file}: stock sheet imported — rows: {rows}, SKUs: {skus}", file=self.file, rows=self.rows,
                     skus=self.orders)
        if self.created == 0 and self.updated == 0:
            return t("{file}: already imported (orders: {orders}), nothing changed", file=self.file,
                     orders=self.orders)
        return t("{file}: imported — rows: {rows}, new orders: {created}, updated: {updated}, "
                 "unchanged: {unchanged}", file=self.file, rows=self.rows, created=self.created, updated=self.updated,
                 unchanged=self.unchanged)


class Rejected(Exception):
    def __init__(self, errors: list[dict], needs: str | None = None):
        super().__init__(errors[0]["message"] if errors else "rejected")
        self.errors = errors
        self.needs = needs


class Cancelled(Exception):
    pass


def err(message: str, row: int | None = None, column: str | None = None) -> dict:
    return {"row": row, "column": column, "message": message}


# -- profiles ----------------------------------------------------------------
def norm_header(h) -> str:
    """Trim, fold full-width parentheses, case-fold English (FORMATS.md)."""
    return cell_text(h).strip().replace("（", "(").replace("）", ")").replace("\ufeff", "").lower()


@lru_cache(maxsize=1)
def profiles() -> dict[str, dict]:
    out = {}
    for p in sorted(resource("profiles").glob("*.json")):
        prof = json.loads(p.read_text(encoding="utf-8"))
        prof["_name"] = p.stem
        out[p.stem] = prof
    return out


def header_signature(headers) -> str:
    """The same set of column headers, in any order, gives the same signature."""
    names = sorted({norm_header(h) for h in headers} - {""})
    return hashlib.sha256("\x1f".join(names).encode("utf-8")).hexdigest()


def find_header(rows: list[list], prof: dict) -> tuple[int, dict[str, int]] | None:
    """The header row: the first of the first rows holding every ``detect`` header (or every header of
    one of the ``detect_any`` sets, for layouts that renamed a column)."""
    sets = [[norm_header(h) for h in want] for want in [prof["detect"], *prof.get("detect_any", [])] if want]
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        heads = [norm_header(c) for c in row]
        present = set(heads)
        if any(all(w in present for w in want) for want in sets):
            return i, {h: j for j, h in reversed(list(enumerate(heads))) if h}
    return None


def column_map(prof_fields: dict, heads: dict[str, int]) -> dict[str, tuple[int, str]]:
    out = {}
    for fname, aliases in prof_fields.items():
        for a in aliases:
            j = heads.get(norm_header(a))
            if j is not None:
                out[fname] = (j, a.strip())
                break
    return out


def detect(rows: list[list], platform: str = "auto", saved: dict | None = None):
    """Best profile for these rows: (profile, header row index, column map, part) or None.

    A mapping the seller saved for exactly this header set wins; then the built-in profiles.
    """
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        prof = (saved or {}).get(header_signature(row))
        if prof is not None and (platform == "auto" or prof.get("platform") == platform):
            heads = {norm_header(c): j for j, c in reversed(list(enumerate(row))) if norm_header(c)}
            return prof, i, column_map(prof["fields"], heads), "main"
    best = None
    for prof in profiles().values():
        if platform != "auto" and prof.get("platform") not in (platform, None):
            continue
        parts = [("main", prof)] + ([("items", prof["items"])] if "items" in prof else [])
        for part, spec in parts:
            found = find_header(rows, spec)
            if found is None:
                continue
            i, heads = found
            cols = column_map(spec["fields"], heads)
            score = len(cols)
            if best is None or score > best[0]:
                best = (score, prof, i, cols, part)
    return None if best is None else best[1:]


def guess_header_row(rows: list[list]) -> int:
    """For an unknown layout: the first of the first rows that is as wide as the widest one."""
    widths = [sum(1 for c in r if cell_text(c).strip()) for r in rows[:HEADER_SCAN_ROWS]]
    if not widths or max(widths) == 0:
        return 0
    top = max(widths)
    return next(i for i, w in enumerate(widths) if w >= max(2, top * 0.8))


def mask_phone(p: str) -> str:
    if "*" in p:  # masked by the platform already
        return p
    if len(p) >= 7 and p.isdigit():
        return f"{p[:3]}****{p[-4:]}"
    digits = "".join(ch for ch in p if ch.isdigit())
    if len(digits) < 7:
        return p
    return f"{digits[:3]}****{digits[-4:]}"


def file_hash(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# -- pipeline ----------------------------------------------------------------
def import_files(store, paths: list[str], *, platform: str = "auto", tz: str, now: datetime, settings: dict,
                 valid_rows_only: bool = False, progress=None, cancel=None, date_order: str | None = None,
                 saved: dict | None = None) -> list[FileResult]:
    """Import ``paths``; each file is its own transaction. ``saved``: the seller's mapping profiles."""
    zone = timeutil.zone(tz)
    total = max(len(paths), 1) * 100

    def step(n: int, pct: int, text: str) -> None:
        if progress:
            progress(n * 100 + pct, total, text)
        if cancel is not None and cancel.is_set():
            raise Cancelled()

    if saved is None:
        from app.imports.mapping import saved_profiles

        with store.session() as s:
            saved = saved_profiles(s)
    parsed: list[dict] = []
    try:
        for n, p in enumerate(paths):
            name = Path(p).name
            try:
                step(n, 0, name)
                parsed.append(_read(p, platform, saved, tmall=platform == "tmall" or (
                    platform == "auto" and bool(settings.get("risk.tmall_shop")))))
            except Cancelled:
                parsed.append({"result": FileResult(file=name, status=CANCELLED, path=str(p)), "path": p})
        # Taobao's 宝贝报表 joins its 订单报表 when both are given, in any order
        items_by_platform = {pr["prof"]["_name"]: pr for pr in parsed if pr.get("part") == "items"}
        mains = {pr["prof"]["_name"] for pr in parsed if pr.get("part") == "main" and "prof" in pr}
        results = []
        for n, pr in enumerate(parsed):
            res = pr["result"]
            if res.status == CANCELLED:
                results.append(res)
                continue
            if "table" in pr and pr.get("part") == "items" and pr["prof"]["_name"] in mains:
                continue  # consumed by its order sheet
            if "table" in pr:
                try:
                    step(n, 40, res.file)
                    _import_one(store, pr, items_by_platform.get(pr["prof"]["_name"]), zone, now, settings,
                                valid_rows_only, date_order or settings.get("tiktok.date_order"),
                                lambda pct, n=n, f=res.file: step(n, pct, f))
                except Cancelled:
                    res.status, res.errors = CANCELLED, []
                    res.rows = res.orders = res.created = res.updated = res.unchanged = 0
                except Rejected as exc:
                    res.status, res.errors, res.needs = "rejected", exc.errors, exc.needs
                    res.created = res.updated = res.unchanged = 0
                except Exception as exc:
                    log.exception("import of %s failed", res.file)
                    res.status, res.errors = "rejected", [err(_failure_text(exc))]
                    res.created = res.updated = res.unchanged = 0
            if res.status != CANCELLED:
                _record_batch(store, pr, res, now)
            results.append(res)
        if progress:
            progress(total, total, "")
        return results
    finally:
        for pr in parsed:  # tables read ahead but never consumed (a rejection, a cancel)
            if "table" in pr:
                pr["table"].close()


def _failure_text(exc: Exception) -> str:
    """An import that broke off: a full disk or read-only folder is said in words (the file's
    transaction was rolled back, so nothing of it is stored)."""
    from app.store.backup import is_write_problem, reason_of

    if is_write_problem(exc):
        return t("Import failed: {why}. Nothing of this file was stored, the database is as it was; free some "
                 "space (or make the data folder writable) and import it again", why=reason_of(exc))
    return t("Import failed ({error}), the database is unchanged; details are in the log file",
             error=exc.__class__.__name__)


def _read(path: str, platform: str, saved: dict, *, tmall: bool = False) -> dict:
    """``tmall``: a 千牛 export of a Tmall shop; read with the Taobao profile, stored (and priced) as tmall."""
    res = FileResult(file=Path(path).name, path=str(path))
    if platform == "tmall":
        platform = "taobao"
    try:
        table = open_table(path)
    except ReadError as exc:
        res.errors = [err(str(exc))]
        return {"result": res, "path": path}
    except Exception as exc:  # an unreadable file is a rejection, never a crash
        log.exception("reading %s failed", path)
        res.errors = [err(t("The file cannot be read ({error}): export it again from the shop back office",
                              error=exc.__class__.__name__))]
        return {"result": res, "path": path}
    rows = table.head
    if not any(cell_text(c).strip() for r in rows for c in r):
        res.errors = [err(t("The sheet is empty"))]
        return {"result": res, "path": path}
    found = detect(rows, platform, saved)
    if found is None:
        _unknown(rows, res)
        return {"result": res, "path": path}
    prof, hi, cols, part = found
    if tmall and prof.get("platform") == "taobao":
        prof = {**prof, "platform": "tmall"}
    res.kind, res.platform = prof["kind"], prof.get("platform")
    return {"result": res, "path": path, "table": table, "prof": prof, "hi": hi, "cols": cols, "part": part}


def _unknown(rows, res: FileResult) -> None:
    """No profile matched: name the missing required column of a near match, or ask for a mapping."""
    best = None
    for prof in profiles().values():
        for spec in [prof] + ([prof["items"]] if "items" in prof else []):
            for row in rows[:HEADER_SCAN_ROWS]:
                heads = {norm_header(c) for c in row}
                got = sum(any(norm_header(a) in heads for a in al) for al in spec["fields"].values())
                if best is None or got > best[0]:
                    best = (got, prof, spec, heads)
    if best and best[0] >= 5:
        got, prof, spec, heads = best
        for f in spec["required"] + [f for f in spec["fields"] if f not in spec["required"]]:
            if not any(norm_header(a) in heads for a in spec["fields"][f]):
                name = spec["fields"][f][0]
                res.platform, res.kind = prof.get("platform"), prof["kind"]
                if prof["kind"] == "stock" or not prof.get("platform"):
                    looks = t("this looks like a stock sheet") if prof["kind"] == "stock" else \
                        t("this looks like an order export")
                else:
                    looks = t("this looks like a {platform} order export", platform=platform_name(prof["platform"]))
                res.errors = [err(t("Required column “{name}” is missing: {looks}, but it has no “{name}” column; "
                                    "tick that column when exporting", name=name, looks=looks), None, name)]
                res.needs = "mapping"
                return
    res.errors = [err(t("No order export or stock sheet header found: this does not look like a Douyin, Taobao, "
                        "Pinduoduo, Kuaishou or TikTok order export, nor a stock sheet. If it is an order export, "
                        "import it in the app and say what each column means (column mapping)"))]
    res.needs = "mapping"




def _columns(pr: dict, spec: dict, zone, tiktok_pref, errors: list[dict], step) -> tuple[dict, list[int]]:
    """The mapped columns of one file, converted; returns ({field: values}, Excel row numbers)."""
    data: dict[str, list] | None = None
    excel: list[int] = []
    for block, numbers in _column_blocks(pr, spec, zone, tiktok_pref, errors, step):
        if data is None:
            data = block
        else:
            for f, vals in block.items():
                data[f].extend(vals)
        excel.extend(numbers)
    return data if data is not None else {f: [] for f in pr["cols"]}, excel


def _column_blocks(pr: dict, spec: dict, zone, tiktok_pref, errors: list[dict], step):
    """The mapped columns converted block by block, as the reader delivers them.

    Yields ({field: values}, Excel row numbers) for the rows without problems; the problems go to
    ``errors`` in row order. A big sheet is never held whole: each block is converted while the
    reader parses the next one.
    """
    cols = pr["cols"]
    for f in spec["required"]:
        if f not in cols:
            name = spec["fields"][f][0]
            raise Rejected([err(t("Required column “{name}” is missing", name=name), None, name)], needs="mapping")
    blocks = _cleaned_blocks(pr, step)
    formats = C.TIME_FORMATS
    if pr["prof"].get("time_order") == "tiktok":  # one day/month order for the whole file
        blocks = list(blocks)
        probe = [v for _, block in blocks for f in TIME_FIELDS if f in block for v in block[f] if v]
        formats = C.day_month_order(probe, tiktok_pref)
        if formats is None:
            sample = next((v for v in probe if C._DMY.match(v)), "")
            raise Rejected([err(t("Cannot tell whether the dates are month/day/year or day/month/year (for "
                                  "example {sample}), nothing imported: choose the date format when importing in "
                                  "the app (US shops use month/day/year, Southeast Asian shops day/month/year), or "
                                  "add --date-order MDY or --date-order DMY on the command line", sample=sample),
                                None, cols.get("paid_at", (0, None))[1])], needs="date_order")
    for excel, cleaned in blocks:
        yield _convert_block(cleaned, excel, cols, spec, zone, formats, errors)


def _cleaned_blocks(pr: dict, step):
    """(Excel row numbers, {field: cleaned text}) per block of non-blank rows."""
    table, hi, cols = pr["table"], pr["hi"], pr["cols"]
    fields = list(cols)
    first_row = True
    try:
        for first, block in table.blocks(hi + 1, [cols[f][0] for f in fields]):
            frac = table.fraction()
            step(40 + int(30 * frac) if frac is not None else 55)
            if first_row and block[0] and pr["prof"].get("description_row") and "order_id" in cols:
                # TikTok puts a description under the header ("Platform unique order ID."): not data
                v = C.clean_column([block[fields.index("order_id")][0]])[0]
                if v and not all(ch.isalnum() or ch in "-_" for ch in v):
                    block, first = [col[1:] for col in block], first + 1
            first_row = first_row and not block[0]
            # blank rows (trailing ones, separators) are not data; none where some column has no ''
            if all("" in col for col in block):
                keep = [k for k, r in enumerate(zip(*block, strict=True)) if any(r)]
                block = [list(map(col.__getitem__, keep)) for col in block]
                excel = [first + k + 1 for k in keep]
            else:
                excel = list(range(first + 1, first + 1 + len(block[0])))
            if not excel:
                continue
            yield excel, {f: C.clean_column(col) for f, col in zip(fields, block, strict=True)}
    except ReadError as exc:  # damaged further down than the first rows
        raise Rejected([err(str(exc))]) from exc
    finally:
        table.close()


def _convert_block(cleaned: dict[str, list], excel: list[int], cols: dict, spec: dict, zone, formats,
                   errors: list[dict]) -> tuple[dict, list[int]]:
    data: dict[str, list] = {}
    found: list[dict] = []
    bad_rows: set[int] = set()
    for f, vals in cleaned.items():
        head = cols[f][1]
        typed = f in C.INT_FIELDS or f in C.MONEY_FIELDS or f in TIME_FIELDS  # a long one fails its conversion
        if not typed and max(map(len, vals), default=0) > C.MAX_TEXT:
            for k, v in enumerate(vals):
                if len(v) > C.MAX_TEXT:
                    found.append(err(t("Row {row}, “{column}” is too long ({length} characters, at most {limit})",
                                       row=excel[k], column=head, length=len(v), limit=C.MAX_TEXT), excel[k], head))
                    bad_rows.add(k)
            vals = [v[:MAX_CELL] for v in vals]
        if f in C.ID_FIELDS:
            out, bad = C.id_column(vals)
        elif f in C.INT_FIELDS:
            out, bad = C.convert_column(vals, C.to_int)
        elif f in C.MONEY_FIELDS:
            out, bad = C.money_column(vals)
        elif f in TIME_FIELDS:
            out, bad = C.times_column(vals, zone, formats)
        else:
            out, bad = C.none_if_empty(vals), {}
        if bad:
            for k, v in enumerate(vals):
                if v in bad:
                    found.append(err(t("Row {row}, “{column}” {problem}: {value}", row=excel[k], column=head,
                                       problem=bad[v], value=v if len(v) <= 60 else v[:60] + "…"), excel[k], head))
                    bad_rows.add(k)
        if f in C.REQUIRED_VALUE and f in spec["required"] and "" in vals:
            for k, v in enumerate(vals):
                if v == "":
                    found.append(err(t("Row {row}, “{column}” is empty", row=excel[k], column=head), excel[k], head))
                    bad_rows.add(k)
        data[f] = out
    if bad_rows:
        keep = [k for k in range(len(excel)) if k not in bad_rows]
        data = {f: [v[k] for k in keep] for f, v in data.items()}
        excel = [excel[k] for k in keep]
    found.sort(key=lambda e: e["row"])
    errors.extend(found)
    return data, excel


def _import_one(store, pr, items_pr, zone, now, settings, valid_rows_only, tiktok_pref, step) -> None:
    res: FileResult = pr["result"]
    prof = pr["prof"]
    h = file_hash(pr["path"]) + (file_hash(items_pr["path"]) if items_pr else "")
    pr["hash"] = h
    spec = prof if pr["part"] == "main" else prof["items"]
    with store.session() as s:
        dup = s.scalar(select(ImportBatch.id).where(ImportBatch.file_hash == h, ImportBatch.status == "imported")
                       .limit(1)) is not None
        with no_gc():  # ~100k rows of plain lists and tuples: nothing cyclic to collect
            if prof["kind"] == "orders" and items_pr is None:
                try:
                    _import_streamed(s, pr, spec, dup, zone, now, valid_rows_only, tiktok_pref, step)
                except _Scattered:  # rare: rows of one order far apart in the file
                    log.info("%s: an order's rows are not together; importing the file as a whole", res.file)
                    s.rollback()
                    pr["table"] = open_table(pr["path"])
                    res.created = res.updated = res.unchanged = 0
                    _import_whole(s, pr, None, spec, dup, zone, now, valid_rows_only, tiktok_pref, step)
            else:
                _import_whole(s, pr, items_pr, spec, dup, zone, now, valid_rows_only, tiktok_pref, step)
        if not dup and prof["kind"] == "orders":
            book_shipments(s, now)  # shipped since the last count: out of on-hand
            step(95)
        res.status = "imported"


def _reject_if(errors: list[dict], valid_rows_only: bool) -> None:
    if errors and not valid_rows_only:
        more = len(errors) - MAX_ERRORS
        raise Rejected(errors[:MAX_ERRORS] + ([err(t("…further problems not listed: {more}", more=more))] if more > 0 else []))


def _no_rows() -> Rejected:
    return Rejected([err(t("The file has only the header row, no data rows"))])


class _Scattered(Exception):
    """An order whose rows are split by other orders' rows: it cannot be stored block by block."""


def _import_streamed(s, pr, spec, dup, zone, now, valid_rows_only, tiktok_pref, step) -> None:
    """An order export stored block by block as the reader delivers it, in the one transaction.

    An order's rows sit together in every platform's export; the last order of a block waits for
    the next block (it may continue there). Storing block k here overlaps the reader parsing the
    blocks after it. (A writer thread was measured slower: SQLite gives up the GIL for every row,
    and the threads then queue for it.) Any problem row stops the writing (the transaction is
    rolled back at the end) while the reading goes on to list every problem.
    """
    res, prof = pr["result"], pr["prof"]
    errors: list[dict] = []
    writer = None if dup else _OrderWriter(s, prof["platform"], res, now)
    seen: set[str] = set()
    unknown: Counter[str] = Counter()

    def flush(part: dict) -> None:
        ids = set(part["order_id"])
        if not seen.isdisjoint(ids):
            raise _Scattered()
        seen.update(ids)
        if writer is not None and (valid_rows_only or not errors):
            writer.write(*_canonical(prof, part, None, unknown))

    carry: dict | None = None
    for data, excel in _column_blocks(pr, spec, zone, tiktok_pref, errors, lambda pct: step(40 + (pct - 40) * 5 // 3)):
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
    if dup:
        res.unchanged = res.orders
    _warn_unknown_status(res, unknown)


def _split_last_order(data: dict[str, list]) -> tuple[dict, dict]:
    """(every row before the last order's, the last order's rows)."""
    oids = data["order_id"]
    k = len(oids) - 1
    while k > 0 and oids[k - 1] == oids[-1]:
        k -= 1
    return {f: v[:k] for f, v in data.items()}, {f: v[k:] for f, v in data.items()}


def _import_whole(s, pr, items_pr, spec, dup, zone, now, valid_rows_only, tiktok_pref, step) -> None:
    """A file converted whole, then stored: stock sheets, Taobao's two reports joined."""
    res, prof = pr["result"], pr["prof"]
    errors: list[dict] = []
    data, excel = _columns(pr, spec, zone, tiktok_pref, errors, step)
    items = None
    if items_pr is not None:
        item_errors: list[dict] = []
        items, _ = _columns(items_pr, prof["items"], zone, tiktok_pref, item_errors, step)
        errors += [dict(e, message=t("{file}: {message}", file=items_pr["result"].file, message=e["message"]))
                   for e in item_errors]
    step(70)
    _reject_if(errors, valid_rows_only)
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
    orders, lines = _canonical(prof, data, items, unknown)
    res.orders = len(orders["order_id"])
    step(80)
    if dup:
        res.unchanged = res.orders
    else:
        _OrderWriter(s, prof["platform"], res, now).write(orders, lines)
        _warn_unknown_status(res, unknown)


def _warn_unknown_status(res: FileResult, unknown: Counter) -> None:
    """A status the profile does not know is read as unshipped (an alert too many rather than a
    late order missed); the seller is told which, and how many orders it touched."""
    for status, n in unknown.most_common():
        res.warnings.append(t("Order status “{status}” is not known to ShopSentry ({n} orders): they are treated as "
                              "not yet shipped", status=status, n=n))
        log.warning("%s: unknown order status %r on %d orders", res.file, status, n)


def _canonical(prof: dict, data: dict[str, list], items: dict[str, list] | None, unknown: Counter | None = None):
    """Rows → order columns (one entry per order) and line columns, all as lists.

    ``unknown`` counts the orders whose status the profile does not know."""
    n = len(data["order_id"])
    oids = data["order_id"]
    none = [None] * n
    smap = {k.lower(): v for k, v in prof["status"].items()}
    raw_status = data.get("status", none)
    to_canon = {s: smap.get(s.lower()) for s in set(raw_status) if s}
    to_canon[None] = None
    status = list(map(to_canon.__getitem__, raw_status))
    # index of each order's first row; later rows of the order only add lines and amounts
    first = dict(zip(reversed(oids), range(n - 1, -1, -1), strict=True))
    idx = sorted(first.values())
    pick = (lambda col: list(map(col.__getitem__, idx))) if len(idx) != n else (lambda col: list(col))
    orders = {"order_id": pick(oids)}
    for f in ORDER_FIELDS:
        orders[f] = pick(data[f]) if f in data else [None] * len(idx)
    orders["raw_status"] = pick(raw_status)
    strange = {raw for raw, canon in to_canon.items() if raw and canon is None}
    if strange and unknown is not None:
        unknown.update(raw for raw in orders["raw_status"] if raw in strange)
    ost = pick(status)
    open_orders = {o for o, s in zip(oids, status, strict=True) if s == "unshipped"}
    orders["status"] = ["unshipped" if o in open_orders else (s or "unshipped")
                        for o, s in zip(orders["order_id"], ost, strict=True)]
    amount = data.get("amount_paid", none)
    per_line = prof["rows"] == "line" or prof.get("amount_scope") == "line"
    if per_line and len(idx) != n:
        acc = dict.fromkeys(first, 0)
        for o, a in zip(oids, amount, strict=True):
            if a:
                acc[o] += a
        orders["amount_paid_fen"] = [acc[o] for o in orders["order_id"]]
    else:
        orders["amount_paid_fen"] = [a or 0 for a in pick(amount)]
    orders["postage_fen"] = [p or 0 for p in pick(data.get("postage", none))]
    masked = {p: mask_phone(p) if p else p for p in set(orders["phone"])}
    orders["phone"] = list(map(masked.__getitem__, orders["phone"]))

    if prof["rows"] == "line":
        closed_after = set(prof.get("line_closed_after_sale", []))
        after = data.get("after_sale", none)
        line_status = ["closed" if (a in closed_after or s == "closed") else s
                       for a, s in zip(after, status, strict=True)]
        lines = _line_columns(data, oids, line_status, after)
    else:
        lines = None
        if items is not None:
            ist = [smap.get(s.lower()) if s else None for s in items.get("status", [None] * len(items["order_id"]))]
            known = set(first)
            keep = [k for k, o in enumerate(items["order_id"]) if o in known]
            items = {f: [v[k] for k in keep] for f, v in items.items()}
            ist = [ist[k] for k in keep]
            after = items.get("after_sale", [None] * len(keep))
            closed_after = set(prof.get("line_closed_after_sale", [])) | {"退款成功"}
            ist = ["closed" if (a in closed_after or s == "closed") else s for a, s in zip(after, ist, strict=True)]
            lines = _line_columns(items, items["order_id"], ist, after)
        with_lines = set(lines["order_id"]) if lines else set()
        lone = [k for k, o in enumerate(orders["order_id"]) if o not in with_lines]
        if lone:  # an order without its item rows: one line for the whole order
            qty = pick(data["quantity"]) if "quantity" in data else [1] * len(idx)
            product = pick(data["product"]) if "product" in data else [None] * len(idx)
            extra = {"order_id": [orders["order_id"][k] for k in lone],
                     "line_id": [f"{orders['order_id'][k]}-1" for k in lone],
                     "status": [None] * len(lone), "product": [product[k] for k in lone],
                     "spec": [None] * len(lone), "sku_code": [None] * len(lone),
                     "quantity": [qty[k] or 1 for k in lone], "unit_price_fen": [0] * len(lone),
                     "amount_fen": [orders["amount_paid_fen"][k] for k in lone],
                     "refund_status": [None] * len(lone)}
            lines = extra if lines is None else {f: lines[f] + extra[f] for f in lines}
    return orders, lines


def _line_columns(data: dict, oids: list, status: list, after: list) -> dict[str, list]:
    n = len(oids)
    none = [None] * n
    qty = [q or 1 for q in data["quantity"]] if "quantity" in data else [1] * n
    unit = [u or 0 for u in data.get("unit_price", none)]
    amount = data.get("amount_paid")
    amount = [a if a is not None else u * q for a, u, q in zip(amount, unit, qty, strict=True)] if amount \
        else [u * q for u, q in zip(unit, qty, strict=True)]
    given = data.get("line_id")
    if given is not None and None not in given:
        line_ids = given
    else:  # number the lines within each order: 1, 2, …
        seen: dict[str, int] = {}
        line_ids = []
        for k, o in enumerate(oids):
            seen[o] = seen.get(o, 0) + 1
            line_ids.append(given[k] if given is not None and given[k] else f"{o}-{seen[o]}")
    return {"order_id": list(oids), "line_id": line_ids, "status": status, "product": data.get("product", none),
            "spec": data.get("spec", none), "sku_code": data.get("sku_code", none), "quantity": qty,
            "unit_price_fen": unit, "amount_fen": amount, "refund_status": after}


ORDER_COLS = ("status", "raw_status", "after_sale", "order_type", "created_at", "paid_at", "promised_ship_at",
              "shipped_at", "amount_paid_fen", "postage_fen", "buyer", "recipient", "phone_masked", "province",
              "city", "district", "address", "carrier", "tracking", "buyer_message", "seller_note")
COMPARE = ("status", "promised_ship_at", "shipped_at", "amount_paid_fen", "tracking", "after_sale")
LINE_COLS = ("line_id", "status", "product", "spec", "sku_code", "sku_id", "quantity", "unit_price_fen",
             "amount_fen", "refund_status")


class _OrderWriter:
    """Stores canonical orders and lines in the session's transaction, one block at a time."""

    def __init__(self, s, platform: str, res: FileResult, now: datetime):
        from app.inventory.ledger import sku_resolver

        self.s, self.platform, self.res, self.now = s, platform, res, now
        self.shop_id = None
        self.resolve = sku_resolver(s)
        # none of the platform's orders stored yet: every order of this file is new
        self.fresh = s.scalar(select(Order.id).where(Order.platform == platform).limit(1)) is None

    def write(self, orders: dict, lines: dict | None) -> None:
        from app.store.session import bulk_insert

        s, platform, res, now = self.s, self.platform, self.res, self.now
        orders["phone_masked"] = orders.pop("phone")
        if self.shop_id is None:
            self.shop_id = s.scalar(select(Shop.id).where(Shop.platform == platform).order_by(Shop.id).limit(1))
            if self.shop_id is None:
                shop = Shop(platform=platform, name="默认店铺")
                s.add(shop)
                s.flush()
                self.shop_id = shop.id
        shop_id = self.shop_id
        ids = orders["order_id"]
        n = len(ids)
        existing = {} if self.fresh else _existing(s, platform, ids)
        conn = s.connection()
        t, lt = Order.__table__, OrderLine.__table__
        new_k, changed = [], []
        if existing:
            for k, oid in enumerate(ids):
                old = existing.get(oid)
                if old is None:
                    new_k.append(k)
                elif tuple(old[2:]) != tuple(orders[c][k] for c in COMPARE):
                    changed.append(k)
        else:
            new_k = list(range(n))
        res.created += len(new_k)
        res.updated += len(changed)
        res.unchanged += n - len(new_k) - len(changed)
        if lines is not None:
            lines["sku_id"] = _resolve_skus(self.resolve, platform, lines)
        if new_k:
            before = s.scalar(select(func.max(Order.id))) or 0
            sel = (lambda col: col) if len(new_k) == n else (lambda col: list(map(col.__getitem__, new_k)))
            cols = {"shop_id": [shop_id] * len(new_k), "platform": [platform] * len(new_k), "order_id": sel(ids),
                    "updated_at": [now] * len(new_k)}
            cols.update({c: sel(orders[c]) for c in ORDER_COLS})
            bulk_insert(conn, t, cols)
            new_ids = set(cols["order_id"])
            pk = _order_pks(s, platform, cols["order_id"], before)
            if lines is not None:
                mine = [k for k, o in enumerate(lines["order_id"]) if o in new_ids]
                sel = (lambda col: col) if len(mine) == len(lines["order_id"]) else (lambda col: list(map(col.__getitem__, mine)))
                lcols = {"order_pk": [pk[o] for o in sel(lines["order_id"])]}
                lcols.update({c: sel(lines[c]) for c in LINE_COLS})
                _dedupe_lines(lcols)
                bulk_insert(conn, lt, lcols)
        if changed:
            # a newer export updates what the platform knows; the seller's own marks stay
            params = [{"_pk": existing[ids[k]][0], "updated_at": now, **{c: orders[c][k] for c in ORDER_COLS}}
                      for k in changed]
            conn.execute(update(t).where(t.c.id == bindparam("_pk")).values(
                {c: bindparam(c) for c in ("updated_at",) + ORDER_COLS}), params)
            if lines is not None:
                pks = {ids[k]: existing[ids[k]][0] for k in changed}
                have = set()
                for a in range(0, len(changed), 500):
                    chunk = list(pks.values())[a:a + 500]
                    have.update(s.execute(select(lt.c.order_pk, lt.c.line_id).where(lt.c.order_pk.in_(chunk))).all())
                upd, new = [], {c: [] for c in ("order_pk",) + LINE_COLS}
                for k, o in enumerate(lines["order_id"]):
                    opk = pks.get(o)
                    if opk is None:
                        continue
                    if (opk, lines["line_id"][k]) in have:
                        upd.append({"_pk": opk, "_line": lines["line_id"][k], "status": lines["status"][k],
                                    "refund_status": lines["refund_status"][k], "quantity": lines["quantity"][k]})
                    else:
                        new["order_pk"].append(opk)
                        for c in LINE_COLS:
                            new[c].append(lines[c][k])
                if upd:
                    conn.execute(update(lt).where(lt.c.order_pk == bindparam("_pk"), lt.c.line_id == bindparam("_line"))
                                 .values(status=bindparam("status"), refund_status=bindparam("refund_status"),
                                         quantity=bindparam("quantity")), upd)
                if new["order_pk"]:
                    _dedupe_lines(new)
                    bulk_insert(conn, lt, new)


def _existing(s, platform: str, ids: list[str]) -> dict[str, tuple]:
    cols = [Order.id, Order.order_id] + [getattr(Order, c) for c in COMPARE]
    out: dict[str, tuple] = {}
    if len(ids) > 5000:  # one scan beats hundreds of IN lists
        wanted = set(ids)
        for row in s.execute(select(*cols).where(Order.platform == platform)):
            if row[1] in wanted:
                out[row[1]] = row
        return out
    for k in range(0, len(ids), 500):
        for row in s.execute(select(*cols).where(Order.platform == platform, Order.order_id.in_(ids[k:k + 500]))):
            out[row[1]] = row
    return out


def _order_pks(s, platform: str, ids: list[str], before: int) -> dict[str, int]:
    """Primary keys of the orders just inserted (in ``ids`` order, all after id ``before``)."""
    n = len(ids)
    cnt, top = s.execute(select(func.count(Order.id), func.max(Order.id)).where(Order.id > before)).one()
    if cnt == n and top == before + n:  # one gap-free run: the keys follow the insert order
        ends = dict(s.execute(select(Order.id, Order.order_id).where(Order.id.in_([before + 1, before + n]))).all())
        if ends.get(before + 1) == ids[0] and ends.get(before + n) == ids[-1]:
            return dict(zip(ids, range(before + 1, before + n + 1), strict=True))
    return dict(s.execute(select(Order.order_id, Order.id).where(
        Order.platform == platform, Order.id > before)).tuples().all())


def _resolve_skus(resolve, platform: str, lines: dict) -> list:
    if resolve is None:
        return [None] * len(lines["order_id"])
    keys = list(zip(lines["sku_code"], lines["product"], lines["spec"], strict=True))
    table = {key: resolve(platform, *key) for key in set(keys)}
    return list(map(table.__getitem__, keys))


def _dedupe_lines(cols: dict) -> None:
    """A line listed twice in one export is stored once (the later row wins)."""
    keys = list(zip(cols["order_pk"], cols["line_id"], strict=True))
    if len(set(keys)) == len(keys):
        return
    last = dict(zip(keys, range(len(keys)), strict=True))
    keep = sorted(last.values())
    for c in cols:
        cols[c] = [cols[c][k] for k in keep]


def _record_batch(store, pr: dict, res: FileResult, now: datetime) -> None:
    """The import history shows every file, rejected ones too (own short transaction)."""
    try:
        h = pr.get("hash") or (file_hash(pr["path"]) if Path(pr["path"]).is_file() else "")
        with store.session() as s:
            s.add(ImportBatch(file_name=res.file, file_hash=h, kind=res.kind or "unknown", platform=res.platform,
                              imported_at=now, rows=res.rows, orders=res.orders, created=res.created,
                              updated=res.updated, unchanged=res.unchanged, status=res.status,
                              message=json.dumps(res.errors[:20], ensure_ascii=False) if res.errors else None))
    except Exception:
        log.exception("could not record import history")


def import_history(session, limit: int = 200):
    return session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)).all()

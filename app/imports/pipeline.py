"""One reader pipeline for every platform.

file → rows of strings → header detection → platform profile (resources/profiles/*.json)
→ canonical orders and lines → validation → one transaction per file.
Platforms differ only in their profiles, never in code branches here.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from sqlalchemy import insert, select, update

from app import money, timeutil
from app.imports.readers import ReadError, cell_text, read_rows
from app.inventory.ledger import book_shipments, resolve_lines
from app.paths import resource
from app.store.models import ImportBatch, Order, OrderLine, Shop

log = logging.getLogger(__name__)
HEADER_SCAN_ROWS = 10
ORDER_FIELDS = ("status", "after_sale", "order_type", "paid_at", "created_at", "promised_ship_at", "shipped_at",
                "buyer", "recipient", "phone", "province", "city", "district", "address", "carrier", "tracking",
                "buyer_message", "seller_note")
TIME_FIELDS = ("paid_at", "created_at", "promised_ship_at", "shipped_at")
FIELD_NAMES = {"quantity": "商品数量", "amount_paid": "实付金额", "paid_at": "支付时间", "order_id": "订单编号",
               "status": "订单状态", "product": "商品", "counted": "实际库存", "sku_code": "商家编码"}


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

    def to_json(self) -> dict:
        return {"file": self.file, "kind": self.kind, "platform": self.platform, "status": self.status,
                "rows": self.rows, "orders": self.orders, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "errors": self.errors}

    def summary(self) -> str:
        if self.status == "rejected":
            first = self.errors[0]["message"] if self.errors else ""
            return f"{self.file}：未导入（{len(self.errors)} 处问题）{first}"
        if self.kind == "stock":
            return f"{self.file}：导入库存表 {self.rows} 行，{self.orders} 个SKU"
        return (f"{self.file}：导入 {self.rows} 行，新增 {self.created} 单，更新 {self.updated} 单，"
                f"未变 {self.unchanged} 单")


class Rejected(Exception):
    def __init__(self, errors: list[dict]):
        super().__init__(errors[0]["message"] if errors else "rejected")
        self.errors = errors


def err(message: str, row: int | None = None, column: str | None = None) -> dict:
    return {"row": row, "column": column, "message": message}


# -- profiles ----------------------------------------------------------------
def norm_header(h: str) -> str:
    """Trim, fold full-width parentheses, case-fold English (FORMATS.md)."""
    return h.strip().replace("（", "(").replace("）", ")").replace("\ufeff", "").lower()


@lru_cache(maxsize=1)
def profiles() -> dict[str, dict]:
    out = {}
    for p in sorted(resource("profiles").glob("*.json")):
        prof = json.loads(p.read_text(encoding="utf-8"))
        prof["_name"] = p.stem
        out[p.stem] = prof
    return out


def clean(v: str) -> str:
    """Strip a leading tab or ', unwrap ="…", '-' means empty."""
    if not isinstance(v, str):
        v = cell_text(v)
    v = v.strip().strip("\t")
    if v.startswith('="') and v.endswith('"'):
        v = v[2:-1]
    if v.startswith("'"):
        v = v[1:]
    return "" if v == "-" else v.strip()


def find_header(rows: list[list[str]], prof: dict) -> tuple[int, dict[str, int]] | None:
    want = [norm_header(h) for h in prof["detect"]]
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        heads = [norm_header(cell_text(c)) for c in row]
        if all(w in heads for w in want):
            return i, {h: j for j, h in enumerate(heads) if h}
    return None


def column_map(prof_fields: dict, heads: dict[str, int]) -> dict[str, tuple[int, str]]:
    out = {}
    for fname, aliases in prof_fields.items():
        for a in aliases:
            j = heads.get(norm_header(a))
            if j is not None:
                out[fname] = (j, a)
                break
    return out


def detect(rows: list[list[str]], platform: str = "auto"):
    """Best profile for these rows: (profile, header row index, column map, part) or None."""
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


# -- values ------------------------------------------------------------------
TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d")
US, SEA = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S"), ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %I:%M:%S %p")


def parse_time(text: str, tz, formats=TIME_FORMATS) -> datetime:
    t = text.strip().replace("T", " ")
    if formats is TIME_FORMATS and t[:4].isdigit():
        try:  # the C parser covers "2026-09-22 00:54:10" at a fraction of strptime's cost
            d = datetime.fromisoformat(t)
            return d if d.tzinfo else d.replace(tzinfo=tz)
        except ValueError:
            pass
    for f in formats:
        try:
            return datetime.strptime(t, f).replace(tzinfo=tz)
        except ValueError:
            continue
    try:
        d = datetime.fromisoformat(t)
        return d if d.tzinfo else d.replace(tzinfo=tz)
    except ValueError:
        raise ValueError(text) from None


def tiktok_order(values: list[str], preset: str | None) -> tuple[str, ...]:
    """Decide day/month order for the whole file: a day > 12 settles it, else the setting."""
    for v in values:
        m = re.match(r"\s*(\d{1,2})/(\d{1,2})/\d{4}", v)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if a > 12:
                return SEA
            if b > 12:
                return US
    if preset == "DMY":
        return SEA
    if preset == "MDY" or any(re.search(r"[AP]M\s*$", v) for v in values):
        return US  # AM/PM is the US layout
    if not any(values):
        return US
    raise Rejected([err("无法判断日期是“月/日/年”还是“日/月/年”，请在设置中选择 TikTok 店铺的日期格式后重新导入")])


def mask_phone(p: str) -> str:
    digits = re.sub(r"\D", "", p)
    if "*" in p or len(digits) < 7:
        return p
    return f"{digits[:3]}****{digits[-4:]}"


# -- pipeline ----------------------------------------------------------------
def file_hash(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def import_files(store, paths: list[str], *, platform: str = "auto", tz: str, now: datetime, settings: dict,
                 valid_rows_only: bool = False, progress=None, cancel=None, date_order: str | None = None,
                 mapping: dict | None = None) -> list[FileResult]:
    zone = timeutil.zone(tz)
    parsed = []
    for n, p in enumerate(paths):
        if progress:
            progress(n, len(paths) * 2, Path(p).name)
        parsed.append(_read(p, platform))
    # Taobao's 宝贝报表 joins its 订单报表 when both are given, in any order
    items_by_platform = {pr["prof"]["_name"]: pr for pr in parsed if pr.get("part") == "items"}
    results = []
    for n, pr in enumerate(parsed):
        if cancel is not None and cancel.is_set():
            break
        if progress:
            progress(len(paths) + n, len(paths) * 2, pr["result"].file)
        res = pr["result"]
        if "rows" in pr and pr.get("part") == "items" and pr["prof"]["_name"] in [
                q["prof"]["_name"] for q in parsed if q.get("part") == "main"]:
            continue  # consumed by its order sheet
        if "rows" in pr:
            try:
                _import_one(store, pr, items_by_platform.get(pr["prof"]["_name"]), zone, now, settings,
                            valid_rows_only, date_order or settings.get("tiktok.date_order"))
            except Rejected as exc:
                res.status, res.errors = "rejected", exc.errors
            except Exception as exc:
                log.exception("import of %s failed", res.file)
                res.status, res.errors = "rejected", [err(f"导入失败：{exc}")]
        _record_batch(store, pr, res, now)
        results.append(res)
    if progress:
        progress(len(paths) * 2, len(paths) * 2, "")
    return results


def _read(path: str, platform: str) -> dict:
    res = FileResult(file=Path(path).name)
    try:
        rows = read_rows(path)
    except ReadError as exc:
        res.errors = [err(str(exc))]
        return {"result": res, "path": path}
    found = detect(rows, platform)
    if found is None:
        res.errors = [err("没有找到订单导出或库存表的表头：请确认这是抖店、淘宝、拼多多、快手或 TikTok 的订单导出文件"
                          "（或库存表），且缺少的列（如「订单编号」）没有被删掉")]
        if rows and any(r for r in rows[:1]):
            _missing(rows, res)
        return {"result": res, "path": path}
    prof, hi, cols, part = found
    res.kind, res.platform = prof["kind"], prof.get("platform")
    return {"result": res, "path": path, "rows": rows, "prof": prof, "hi": hi, "cols": cols, "part": part}


def _missing(rows, res: FileResult) -> None:
    """Name the required column that is missing, for the profile that matches best otherwise."""
    heads = {norm_header(cell_text(c)) for c in rows[0]}
    best = None
    for prof in profiles().values():
        got = sum(any(norm_header(a) in heads for a in al) for al in prof["fields"].values())
        if best is None or got > best[0]:
            best = (got, prof)
    if best and best[0] >= 5:
        prof = best[1]
        for f in prof["required"]:
            if not any(norm_header(a) in heads for a in prof["fields"][f]):
                res.platform, res.kind = prof.get("platform"), prof["kind"]
                res.errors = [err(f"缺少必需的列「{prof['fields'][f][0]}」", None, prof["fields"][f][0])]
                return


def _records(pr: dict, spec: dict, zone, tiktok_pref, errors: list[dict]):
    rows, hi, cols = pr["rows"], pr["hi"], pr["cols"]
    for f in spec["required"]:
        if f not in cols:
            raise Rejected([err(f"缺少必需的列「{spec['fields'][f][0]}」", None, spec["fields"][f][0])])
    start = hi + 1
    if pr["prof"].get("description_row") and start < len(rows) and "order_id" in cols:
        # TikTok puts a description under the header ("Platform unique order ID."): not data
        j = cols["order_id"][0]
        first = clean(rows[start][j]) if j < len(rows[start]) else ""
        if not re.fullmatch(r"[\w-]+", first):
            start += 1
    formats = TIME_FORMATS
    if pr["prof"].get("time_order") == "tiktok":
        j = cols.get("paid_at", (None,))[0]
        formats = tiktok_order([cell_text(r[j]) for r in rows[start:start + 500] if j is not None and j < len(r)], tiktok_pref)
    out = []
    for i in range(start, len(rows)):
        raw = rows[i]
        if not any(c.strip() if isinstance(c, str) else c is not None for c in raw):
            continue
        excel_row = i + 1
        rec = {"_row": excel_row}
        for f, (j, head) in cols.items():
            v = clean(raw[j]) if j < len(raw) else ""
            if len(v) > 5000:
                errors.append(err(f"第{excel_row}行「{head}」内容过长", excel_row, head))
                v = v[:5000]
            rec[f] = v
        try:
            _convert(rec, cols, zone, formats)
        except ValueError as exc:
            errors.append(json.loads(str(exc)))
            rec["_bad"] = True
        out.append(rec)
    return out


def _convert(rec: dict, cols, zone, formats) -> None:
    row = rec["_row"]

    def bad(f, msg):
        head = cols[f][1]
        return ValueError(json.dumps(err(f"第{row}行「{head}」{msg}：{rec[f]}", row, head), ensure_ascii=False))

    for f in ("order_id", "line_id", "sku_code"):
        v = rec.get(f)
        if v and re.fullmatch(r"\d+(\.\d+)?[eE][+-]?\d+|\d{16,}\.\d+", v):
            raise bad(f, "是科学计数法或小数，长编号已丢失精度，请把该列设为文本后重新导出")
    for f in ("order_id",):
        if f in rec and not rec[f]:
            head = cols[f][1]
            raise ValueError(json.dumps(err(f"第{row}行「{head}」为空", row, head), ensure_ascii=False))
    for f in ("quantity", "counted", "safety_stock", "lead_time_days"):
        if rec.get(f):
            try:
                d = Decimal(rec[f].replace(",", ""))
                if d != int(d):
                    raise ValueError
                rec[f] = int(d)
            except Exception:
                raise bad(f, "不是整数") from None
        elif f in rec:
            if f in ("quantity", "counted"):
                raise bad(f, "为空")
            rec[f] = None
    for f in ("amount_paid", "unit_price", "postage", "cost"):
        if rec.get(f):
            try:
                rec[f] = money.parse_money(rec[f])
            except ValueError:
                raise bad(f, "不是金额") from None
        elif f in rec:
            rec[f] = None
    for f in TIME_FIELDS:
        if rec.get(f):
            try:
                rec[f] = parse_time(rec[f], zone, formats)
            except ValueError:
                raise bad(f, "不是有效的时间") from None
        elif f in rec:
            rec[f] = None


def _import_one(store, pr, items_pr, zone, now, settings, valid_rows_only, tiktok_pref) -> None:
    res: FileResult = pr["result"]
    prof = pr["prof"]
    h = file_hash(pr["path"]) + (file_hash(items_pr["path"]) if items_pr else "")
    pr["hash"] = h
    errors: list[dict] = []
    spec = prof if pr["part"] == "main" else prof["items"]
    recs = _records(pr, spec, zone, tiktok_pref, errors)
    if items_pr is not None:
        items = _records(items_pr, prof["items"], zone, tiktok_pref, errors)
    else:
        items = None
    if errors and not valid_rows_only:
        raise Rejected(errors)
    recs = [r for r in recs if not r.get("_bad")]
    res.rows = len(recs)
    if not recs:
        raise Rejected([err("文件里没有数据行")])
    with store.session() as s:
        dup = s.scalar(select(ImportBatch.id).where(ImportBatch.file_hash == h, ImportBatch.status == "imported"))
        if prof["kind"] == "stock":
            from app.imports.stock_sheet import apply_stock_sheet

            res.orders = apply_stock_sheet(s, recs, now) if not dup else len({r["sku_code"] for r in recs})
            res.created = res.orders if not dup else 0
            resolve_lines(s)
            res.status = "imported"
            return
        orders = _canonical(prof, recs, items)
        res.orders = len(orders)
        if dup:
            res.unchanged = len(orders)
        else:
            _store_orders(s, prof["platform"], orders, res, now)
            resolve_lines(s)
            book_shipments(s, now)  # shipped since the last count: out of on-hand
        res.status = "imported"


def _canonical(prof: dict, recs: list[dict], items: list[dict] | None) -> dict[str, dict]:
    """Group rows into orders with lines; amounts summed per line where the file is per line."""
    closed_after = set(prof.get("line_closed_after_sale", []))
    smap = {k.lower(): v for k, v in prof["status"].items()}
    orders: dict[str, dict] = {}
    for r in recs:
        oid = r["order_id"]
        o = orders.get(oid)
        status = smap.get((r.get("status") or "").lower())
        if o is None:
            o = orders[oid] = {f: r.get(f) for f in ORDER_FIELDS}
            o.update(order_id=oid, status=status or "unshipped", amount=Decimal(0), postage=r.get("postage") or 0,
                     lines=[])
            if o.get("phone"):
                o["phone"] = mask_phone(o["phone"])
        if prof["rows"] == "line" or prof.get("amount_scope") == "line":
            o["amount"] += r.get("amount_paid") or 0
        else:
            o["amount"] = r.get("amount_paid") or 0
        if prof["rows"] == "line":
            line_status = "closed" if (r.get("after_sale") in closed_after or status == "closed") else status
            o["lines"].append(_line(r, len(o["lines"]), line_status))
        # an order is open while any of its lines is
        if status == "unshipped":
            o["status"] = "unshipped"
    if items is not None:
        for it in items:
            o = orders.get(it["order_id"])
            if o is not None:
                st = smap.get((it.get("status") or "").lower())
                o["lines"].append(_line(it, len(o["lines"]), st))
    for o in orders.values():
        if prof["rows"] == "order" and not o["lines"]:
            o["lines"].append({"line_id": f"{o['order_id']}-1", "product": o.get("product"), "quantity": 1})
    return orders


def _line(r: dict, n: int, status) -> dict:
    qty = r.get("quantity") or 1
    unit = r.get("unit_price")
    amount = r.get("amount_paid") if r.get("amount_paid") is not None else (unit or 0) * qty
    return {"line_id": r.get("line_id") or f"{r['order_id']}-{n + 1}", "status": status,
            "product": r.get("product"), "spec": r.get("spec"), "sku_code": r.get("sku_code") or None,
            "quantity": qty, "unit_price_fen": money.to_fen(unit or 0), "amount_fen": money.to_fen(amount or 0),
            "refund_status": r.get("after_sale")}


def _order_values(o: dict) -> dict:
    return {"status": o["status"], "raw_status": None, "after_sale": o.get("after_sale"),
            "order_type": o.get("order_type"), "created_at": o.get("created_at"), "paid_at": o.get("paid_at"),
            "promised_ship_at": o.get("promised_ship_at"), "shipped_at": o.get("shipped_at"),
            "amount_paid_fen": money.to_fen(o["amount"]), "postage_fen": money.to_fen(o.get("postage") or 0),
            "buyer": o.get("buyer"), "recipient": o.get("recipient"), "phone_masked": o.get("phone"),
            "province": o.get("province"), "city": o.get("city"), "district": o.get("district"),
            "address": o.get("address"), "carrier": o.get("carrier"), "tracking": o.get("tracking"),
            "buyer_message": o.get("buyer_message"), "seller_note": o.get("seller_note")}


COMPARE = ("status", "promised_ship_at", "shipped_at", "amount_paid_fen", "tracking", "after_sale")


def _store_orders(s, platform: str, orders: dict[str, dict], res: FileResult, now: datetime) -> None:
    shop_id = s.scalar(select(Shop.id).where(Shop.platform == platform))
    if shop_id is None:
        shop = Shop(platform=platform, name="默认店铺")
        s.add(shop)
        s.flush()
        shop_id = shop.id
    ids = list(orders)
    existing: dict[str, tuple] = {}
    cols = [Order.id, Order.order_id] + [getattr(Order, c) for c in COMPARE]
    for k in range(0, len(ids), 500):
        for row in s.execute(select(*cols).where(Order.platform == platform, Order.order_id.in_(ids[k:k + 500]))):
            existing[row[1]] = row
    new_rows, changed = [], []
    for oid, o in orders.items():
        vals = _order_values(o)
        old = existing.get(oid)
        if old is None:
            new_rows.append({"shop_id": shop_id, "platform": platform, "order_id": oid, "updated_at": now, **vals})
        elif tuple(old[2:]) != tuple(vals[c] for c in COMPARE):
            changed.append((old[0], vals))
        else:
            res.unchanged += 1
    t = Order.__table__
    conn = s.connection()
    if new_rows:
        conn.execute(insert(t), new_rows)
        pk = {oid: i for i, oid in s.execute(select(Order.id, Order.order_id).where(
            Order.platform == platform, Order.order_id.in_([r["order_id"] for r in new_rows])))} \
            if len(new_rows) <= 30000 else {oid: i for i, oid in s.execute(
                select(Order.id, Order.order_id).where(Order.platform == platform))}
        lines = [{"order_pk": pk[r["order_id"]], **ln} for r in new_rows for ln in orders[r["order_id"]]["lines"]]
        if lines:
            conn.execute(insert(OrderLine.__table__), lines)
    for opk, vals in changed:
        # a newer export updates what the platform knows; the seller's own marks stay
        conn.execute(update(t).where(t.c.id == opk).values(updated_at=now, **vals))
        oid = next(k for k, v in existing.items() if v[0] == opk)
        for ln in orders[oid]["lines"]:
            lt = OrderLine.__table__
            conn.execute(update(lt).where(lt.c.order_pk == opk, lt.c.line_id == ln["line_id"])
                         .values(status=ln["status"], refund_status=ln["refund_status"], quantity=ln["quantity"]))
    res.created, res.updated = len(new_rows), len(changed)


def _record_batch(store, pr: dict, res: FileResult, now: datetime) -> None:
    """The import history shows every file, rejected ones too (own short transaction)."""
    try:
        h = pr.get("hash") or (file_hash(pr["path"]) if Path(pr["path"]).exists() else "")
        with store.session() as s:
            s.add(ImportBatch(file_name=res.file, file_hash=h, kind=res.kind or "unknown", platform=res.platform,
                              imported_at=now, rows=res.rows, orders=res.orders, created=res.created,
                              updated=res.updated, unchanged=res.unchanged, status=res.status,
                              message=json.dumps(res.errors[:20], ensure_ascii=False) if res.errors else None))
    except Exception:
        log.exception("could not record import history")


def import_history(session, limit: int = 50):
    return session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)).all()

"""Column mappings the seller made for layouts no built-in profile knows.

A mapping is saved under the signature of the file's header set and becomes a profile: the
chosen platform's profile (status values, rules) with the seller's header for each field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.imports.profiles import guess_header_row, header_signature, norm_header, profiles
from app.imports.readers import HEAD_ROWS, cell_text, open_table
from app.store.models import MappingProfile
from app.text import t

# what the dialog offers, in this order; required ones first
ORDER_FIELDS = ("order_id", "status", "paid_at", "product", "quantity", "amount_paid", "line_id", "sku_code",
                "spec", "unit_price", "promised_ship_at", "shipped_at", "created_at", "after_sale", "postage",
                "buyer", "recipient", "phone", "province", "city", "district", "address", "carrier", "tracking",
                "buyer_message", "seller_note")
REQUIRED = ("order_id", "status", "paid_at", "product", "quantity", "amount_paid")
PLATFORMS = ("douyin", "taobao", "pdd", "kuaishou", "tiktok", "tmall")


@dataclass
class Preview:
    file: str
    header_row: int  # 0-based
    headers: list[str]
    rows: list[list[str]]  # the first data rows, as text
    row_numbers: list[int]  # their row numbers as Excel shows them
    signature: str
    suggested: dict[str, str]  # field → header, from the aliases every profile knows


def preview(path: str, limit: int = 8) -> Preview:
    """The first rows of a file for the mapping dialog (raises readers.ReadError)."""
    from pathlib import Path

    table = open_table(path)
    table.close()  # the first rows are all a preview needs
    rows = [[cell_text(c).strip() for c in r] for r in table.head]
    hi = guess_header_row(rows)
    headers = rows[hi] if rows else []
    body = [(i + 1, r) for i, r in enumerate(rows) if i > hi and any(r)][:limit]
    return Preview(Path(path).name, hi, headers, [r for _, r in body], [n for n, _ in body],
                   header_signature(headers), suggest(headers))


# words a header for each field tends to contain, best first (a guess the seller confirms)
KEYWORDS = {
    "line_id": ("子订单",), "order_id": ("订单号", "订单编号", "订单编码", "订单id", "order id", "order no"),
    "sku_code": ("商家编码", "sku编码", "规格编码", "货号", "seller sku", "sku"),
    "after_sale": ("售后", "退款"), "status": ("订单状态", "状态", "status"),
    "paid_at": ("付款时间", "支付时间", "支付完成", "成交时间", "paid"),
    "promised_ship_at": ("承诺发货", "最晚发货", "发货截止"), "shipped_at": ("发货时间", "shipped"),
    "created_at": ("创建时间", "下单时间", "提交时间", "created"),
    "quantity": ("数量", "件数", "quantity", "qty"), "unit_price": ("单价", "价格", "unit price"),
    "amount_paid": ("实付", "实收", "支付金额", "应付金额", "subtotal", "amount"),
    "postage": ("运费", "邮费"), "spec": ("规格", "属性", "variation"),
    "product": ("商品名称", "商品", "宝贝", "标题", "product"), "buyer": ("买家昵称", "买家会员", "buyer"),
    "recipient": ("收货人", "收件人", "recipient"), "phone": ("手机", "电话", "phone"),
    "province": ("省",), "city": ("市",), "district": ("区",), "address": ("地址", "address"),
    "carrier": ("快递公司", "物流公司", "carrier", "provider"), "tracking": ("运单", "快递单号", "物流单号", "tracking"),
    "buyer_message": ("买家留言", "留言", "message"), "seller_note": ("备注", "note"),
}


def suggest(headers: list[str]) -> dict[str, str]:
    """A first guess for every field: a header any built-in profile knows, else a telling word in it."""
    by_norm = {norm_header(h): h for h in headers if h}
    out: dict[str, str] = {}
    for prof in profiles().values():
        for spec in [prof] + ([prof["items"]] if "items" in prof else []):
            for f, aliases in spec["fields"].items():
                if f in out or f not in ORDER_FIELDS:
                    continue
                for a in aliases:
                    if norm_header(a) in by_norm:
                        out[f] = by_norm[norm_header(a)]
                        break
    taken = set(out.values())
    for f, words in KEYWORDS.items():
        if f in out:
            continue
        for w in words:
            hit = next((h for n, h in by_norm.items() if w in n and h not in taken
                        and (len(w) > 1 or n == w or n.endswith(w))), None)
            if hit:
                out[f] = hit
                taken.add(hit)
                break
    return out


def validate(mapping: dict[str, str], headers: list[str]) -> list[str]:
    """Problems with a mapping, in words for the seller (empty when it can be saved)."""
    problems = [f for f in REQUIRED if not mapping.get(f)]
    out = [t("Required field missing: {field}", field=f) for f in problems]
    used = [h for h in mapping.values() if h]
    dup = {h for h in used if used.count(h) > 1}
    out += [t("Column “{column}” is used for more than one field", column=h) for h in sorted(dup)]
    missing = [h for h in used if h not in headers]
    out += [t("The file has no column “{column}”", column=h) for h in missing]
    return out


def save_mapping(session, headers: list[str], mapping: dict[str, str], platform: str, name: str,
                 now: datetime) -> MappingProfile:
    problems = validate(mapping, headers)
    if problems:
        raise ValueError(t("; ").join(problems))
    if platform not in PLATFORMS:
        raise ValueError(f"unknown platform {platform}")
    sig = header_signature(headers)
    values = {"platform": platform, "name": name[:128], "created_at": now,
              "mapping": json.dumps({f: h for f, h in mapping.items() if h}, ensure_ascii=False)}
    from app.store.session import insert_once  # an upsert: two PCs saving the same layout at once

    insert_once(session, MappingProfile, {"header_signature": sig, **values}, ["header_signature"], update=values)
    return session.scalars(select(MappingProfile).where(MappingProfile.header_signature == sig)
                           .execution_options(populate_existing=True)).one()


def to_profile(row: MappingProfile) -> dict:
    base = profiles()[row.platform]
    fields = {f: [h] for f, h in json.loads(row.mapping).items()}
    return {**{k: v for k, v in base.items() if k != "items"}, "fields": fields, "detect": [],
            "required": list(REQUIRED), "description_row": False, "_saved": row.name,
            # one row per line unless nothing in the mapping tells lines apart
            "rows": "line" if base.get("rows") == "line" or "line_id" in fields else base.get("rows", "line")}


def saved_profiles(session) -> dict[str, dict]:
    """{header signature: profile} for every saved mapping."""
    return {row.header_signature: to_profile(row) for row in session.scalars(select(MappingProfile))}


def list_mappings(session) -> list[MappingProfile]:
    return list(session.scalars(select(MappingProfile).order_by(MappingProfile.created_at.desc())))


def delete_mapping(session, mapping_id: int) -> None:
    row = session.get(MappingProfile, mapping_id)
    if row is not None:
        session.delete(row)


__all__ = ["HEAD_ROWS", "Preview", "preview", "suggest", "validate", "save_mapping", "saved_profiles"]

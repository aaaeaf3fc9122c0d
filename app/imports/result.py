"""What travels through an import: each file's result for the seller, the file as parsed up to its
header, and the two ways a file stops early."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.text import t

CANCELLED = "cancelled"
SKIPPED = "skipped"  # the watched folder's verdict on a file that is no export (kept in the history)


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
        if self.status == SKIPPED:
            return t("{file}: skipped, not an order export or stock sheet", file=self.file)
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


def not_an_export(res: FileResult) -> bool:
    """A rejection that says "this is no export" (an empty or unrelated sheet), not "this export is
    missing a column": the watched folder skips the first kind quietly."""
    return res.needs == "mapping" and not any(e.get("column") for e in res.errors) or \
        [e["message"] for e in res.errors] == [t("The sheet is empty")]


def err(message: str, row: int | None = None, column: str | None = None) -> dict:
    return {"row": row, "column": column, "message": message}


@dataclass
class ParsedFile:
    """One file read as far as its header. ``table`` is None when it was rejected (or cancelled) on reading."""
    path: str
    result: FileResult
    table: object | None = None  # the open reader, positioned after the first rows
    prof: dict | None = None  # the matched profile
    hi: int = 0  # the header row's index among the first rows
    cols: dict[str, tuple[int, str]] = field(default_factory=dict)  # field → (column index, header as written)
    part: str | None = None  # "main", or "items" for Taobao's 宝贝报表
    hash: str | None = None  # of the file (and its items report), once computed
    notes: dict = field(default_factory=dict)  # (column, problem) → rows: values kept but warned about

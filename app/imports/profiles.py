"""Platform profiles (resources/profiles/*.json) and header detection.

A profile says which headers name which field; the header row is found among the first rows of a
file, and a header set's signature keys the mappings a seller saved for layouts no profile knows.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from app.imports.readers import cell_text
from app.imports.result import FileResult, err
from app.paths import resource
from app.text import platform_name, t

HEADER_SCAN_ROWS = 10


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


def stand_ins(spec: dict, cols: dict[str, tuple[int, str]]) -> list[str]:
    """A missing column read from the one the profile names as its stand-in (Douyin's 订单提交时间
    for a custom export without 支付完成时间); one warning each, so the seller knows."""
    said = []
    for f, other in spec.get("stand_in", {}).items():
        if f not in cols and other in cols:
            cols[f] = cols[other]
            said.append(t("The column “{missing}” is not in the file: “{used}” was read in its place",
                          missing=spec["fields"][f][0], used=cols[other][1]))
    return said


def duplicate_columns(row: list, cols: dict[str, tuple[int, str]]) -> list[str]:
    """A header that appears more than once: which of the columns was read (the first)."""
    from openpyxl.utils import get_column_letter

    heads = [norm_header(c) for c in row]
    said = []
    for j, name in sorted(set(cols.values())):
        where = [k for k, h in enumerate(heads) if h == norm_header(name)]
        if len(where) > 1:
            said.append(t("The column “{column}” appears {n} times (columns {letters}): the first one, column "
                          "{used}, was read", column=name, n=len(where),
                          letters=", ".join(get_column_letter(k + 1) for k in where), used=get_column_letter(j + 1)))
    return said


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


def explain_unknown(rows, res: FileResult) -> None:
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

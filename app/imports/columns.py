"""Column-wise cleaning and conversion of export cells.

Every conversion runs once per *distinct* value of a column and is then spread over the rows
through a dict lookup in C (``map(table.__getitem__, column)``): exports repeat statuses, prices,
quantities and times a great deal, and per-cell Python calls were most of the import time.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import repeat
from operator import add, attrgetter, methodcaller

from app.imports.readers import cell_text
from app.text import t

ID_FIELDS = ("order_id", "line_id", "sku_code")
INT_FIELDS = ("quantity", "counted", "safety_stock", "lead_time_days")
MONEY_FIELDS = ("amount_paid", "unit_price", "postage", "cost")
TIME_FIELDS = ("paid_at", "created_at", "promised_ship_at", "shipped_at", "presale_ends_at", "cancelled_at",
               "scheduled_delivery_at")
# an empty cell in one of these is an error where the profile requires the field
REQUIRED_VALUE = ("order_id", "quantity", "counted", "sku_code")
MAX_TEXT = 5_000
MAX_NUMBER_TEXT = 64  # a number, amount or time longer than this is no number (a 1 MB cell)
MAX_QUANTITY = 100_000  # units on one order line
MAX_COUNT = 10_000_000  # a stock figure, a lead time
MAX_FEN = 10**12  # ten billion in hundredths: beyond any shop's order

TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d",
                "%Y/%m/%d", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M")
US = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M", "%m/%d/%Y")
SEA = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %I:%M:%S %p", "%d/%m/%Y %H:%M", "%d/%m/%Y %I:%M %p", "%d/%m/%Y")
_SCI = re.compile(r"[+-]?\d+(\.\d+)?[eE][+-]?\d+|\d{16,}\.\d+")
_strip = methodcaller("strip")


class CellError(ValueError):
    """A value that cannot be converted; ``problem`` (shop's language) completes "Row N, “column” …: value"."""

    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem


_SPACE = ("\t", "\n", "\r", "\u3000", "\xa0", "\x00 ", " \x00")


def clean_column(col) -> list[str]:
    """Cells as trimmed text: a leading tab or ' stripped, ="…" unwrapped, '-' empty (FORMATS.md)."""
    try:  # one C pass tells whether every cell is text and what needs cleaning
        joined = "\x00" + "\x00".join(col) + "\x00"
        vals = col if isinstance(col, list) else list(col)
    except TypeError:  # numbers or dates among the cells: each distinct one as text once
        if bool in set(map(type, col)):  # True == 1: a table keyed by value would mix them up
            vals = [v if v.__class__ is str else cell_text(v) for v in col]
        else:
            text = {v: cell_text(v) for v in set(col)}
            vals = list(map(text.__getitem__, col))
        joined = "\x00" + "\x00".join(vals) + "\x00"
    if any(w in joined for w in _SPACE):
        vals = list(map(_strip, vals))
        joined = "\x00" + "\x00".join(vals) + "\x00"
    if joined.count("\x00") != len(vals) + 1 or _has_control(joined):
        # a NUL or vertical tab stored would break every later export: not part of any real value
        vals = [_CONTROL_ALL.sub("", v) for v in vals]
    if '\x00="' in joined or "\x00'" in joined:
        vals = [_unwrap(v) for v in vals]
    if "\x00-\x00" in joined or not joined.isascii() and any(d in joined for d in _WIDE_DASHES):
        vals = list(map(_DASH.get, vals, vals))
    return vals


_DASH = {"-": "", "–": "", "—": "", "－": ""}  # Douyin writes '-', some versions an en dash
_WIDE_DASHES = ("–", "—", "－")  # one character each: found by C's single-character search
_CONTROL_ALL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(1, 9), 11, 12, *range(14, 32), 127])
_CONTROL_CHARS = tuple(map(chr, _CONTROL_BYTES))


def _has_control(joined: str) -> bool:
    """A control character (other than tab and line ends) anywhere: one pass of C per character
    kind — a regex character class was several times slower on a 100k-row column."""
    if joined.isascii():
        raw = joined.encode("ascii")
        return len(raw.translate(None, _CONTROL_BYTES)) != len(raw)
    return any(c in joined for c in _CONTROL_CHARS)


_EMPTY = {"": None}


def none_if_empty(vals: list[str]) -> list:
    """'' → None, everything else as it is (``dict.get(v, v)`` mapped in C)."""
    return list(map(_EMPTY.get, vals, vals))


def _unwrap(v: str) -> str:
    if v.startswith('="') and v.endswith('"'):
        v = v[2:-1].strip()
    if v.startswith("'"):
        v = v[1:].strip()
    return v


def convert_column(vals: list[str], conv) -> tuple[list, dict[str, str]]:
    """``conv`` applied once per distinct value; returns (converted, {bad value: problem})."""
    table: dict = {"": None}
    bad: dict[str, str] = {}
    for u in set(vals):
        if u == "":
            continue
        try:
            table[u] = conv(u)
        except CellError as exc:
            bad[u] = exc.problem
            table[u] = None
        except (ValueError, ArithmeticError, TypeError):  # whatever else: still said with row and column
            bad[u] = t("cannot be read")
            table[u] = None
    return list(map(table.__getitem__, vals)), bad


def implausible(f: str, v) -> tuple[str, bool] | None:
    """(problem, only a warning) for a converted value no export really holds, else None.

    Nothing is changed silently: an error drops the row, a warning keeps the value as written."""
    if f == "quantity":
        if v == 0:  # a gift line: platforms write it
            return t("is 0 (kept: nothing is reserved for this line)"), True
        limit = MAX_QUANTITY
    elif f in MONEY_FIELDS:
        limit = MAX_FEN
    else:
        limit = MAX_COUNT
    if v < 0:
        return t("is negative"), False
    if v > limit:
        return t("is implausibly large (at most {limit})", limit=limit // 100 if f in MONEY_FIELDS else limit), False
    return None


def out_of_range(f: str, out: list) -> bool:
    """Whether any converted value of a column needs :func:`implausible` (one pass in C)."""
    present = set(out)
    present.discard(None)
    if not present:
        return False
    hi = MAX_QUANTITY if f == "quantity" else MAX_FEN if f in MONEY_FIELDS else MAX_COUNT
    return min(present) < (1 if f == "quantity" else 0) or max(present) > hi


# -- converters (one distinct value each) -------------------------------------------------
def to_id(v: str) -> str:
    if _SCI.fullmatch(v):
        raise CellError(t("is in scientific notation or has decimals, so the long number lost digits "
                          "(set the column to text and export again)"))
    return v


_SCI_ANY = re.compile(r"(?:^|\x00)(?:[+-]?\d+(?:\.\d+)?[eE][+-]?\d+|\d{16,}\.\d+)(?=\x00|$)")


def id_column(vals: list[str]) -> tuple[list, dict[str, str]]:
    """IDs stay text; one regex pass over the whole column finds any that went through a float."""
    joined = "\x00".join(vals)
    if ("e" in joined or "E" in joined or "." in joined) and _SCI_ANY.search(joined):
        return convert_column(vals, to_id)
    return none_if_empty(vals), {}


def to_int(v: str) -> int:
    try:
        return int(v)
    except ValueError:
        pass
    try:
        d = Decimal(v.replace(",", ""))
    except InvalidOperation:
        raise CellError(t("is not a number")) from None
    if not d.is_finite() or d != d.to_integral_value():
        raise CellError(t("is not a whole number"))
    return int(d)


_CENT = Decimal(1)


_MONEY = re.compile(r"(?P<pre>[^\d\s.,+-]*)\s*(?P<sign>[+-]?)\s*(?P<pre2>[^\d\s.,+-]*)\s*"
                    r"(?P<num>[\d.,]*\d[\d.,]*)\s*(?P<post>[^\d\s.,]*)")
CURRENCIES = frozenset({"", "¥", "￥", "元", "rmb", "cny", "rm", "myr", "$", "us$", "usd", "jpy", "円", "฿", "thb",
                        "₫", "vnd", "đ", "£", "gbp", "₱", "php", "rp", "idr", "s$", "sgd"})
_DOT_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def to_fen(v: str) -> int:
    """Money text → integer hundredths: a currency sign or code before or after the number
    (``¥59.90``, ``RM129.00``, ``129.00 THB``, ``11,000 JPY``) and thousands separators go."""
    m = _MONEY.fullmatch(v.strip())
    cur = (m.group("pre") or m.group("pre2") or m.group("post")).casefold() if m else None
    if m is None or cur not in CURRENCIES or (m.group("pre") or m.group("pre2")) and m.group("post"):
        raise CellError(t("is not an amount of money"))
    num = m.group("num")
    if cur in ("₫", "vnd", "đ", "rp", "idr") and _DOT_THOUSANDS.fullmatch(num):
        num = num.replace(".", "")  # 129.000 ₫: dots group thousands in these currencies
    try:
        d = Decimal(m.group("sign") + num.replace(",", ""))
    except InvalidOperation:
        raise CellError(t("is not an amount of money")) from None
    if not d.is_finite():
        raise CellError(t("is not an amount of money"))
    return int((d * 100).quantize(_CENT, rounding=ROUND_HALF_UP))


_PLAIN_MONEY = re.compile(r"(?:\d{1,12}(?:\.\d{1,2})?\x00)*\d{1,12}(?:\.\d{1,2})?")
_HUNDRED = Decimal(100)


def money_column(vals: list[str]) -> tuple[list, dict[str, str]]:
    """Money cells → fen; plain "59.90" columns go through C (Decimal × 100 is exact for them)."""
    uniq = set(vals)
    uniq.discard("")
    ulist = list(uniq)
    if ulist and _PLAIN_MONEY.fullmatch("\x00".join(ulist)):
        table = dict(zip(ulist, map(int, map(_HUNDRED.__mul__, map(Decimal, ulist))), strict=True))
        table[""] = None
        return list(map(table.__getitem__, vals)), {}
    return convert_column(vals, to_fen)


def time_converter(zone, formats=TIME_FORMATS):
    def conv(v: str) -> datetime:
        s = v.strip().replace("T", " ") if "T" in v else v
        if formats is TIME_FORMATS and s[:4].isdigit():
            try:  # the C parser covers "2026-09-22 00:54:10" at a fraction of strptime's cost
                d = datetime.fromisoformat(s)
                return d if d.tzinfo else d.replace(tzinfo=zone)
            except ValueError:
                pass
        for f in formats:
            try:
                return datetime.strptime(s, f).replace(tzinfo=zone)
            except ValueError:
                continue
        raise CellError(t("is not a valid time"))

    return conv


def times_column(vals: list[str], zone, formats=TIME_FORMATS) -> tuple[list, dict[str, str]]:
    """Like :func:`convert_column`, giving UTC datetimes; the ISO layout goes through C for every
    distinct value (one conversion to UTC here instead of one per use later)."""
    uniq = set(vals)
    uniq.discard("")
    ulist = list(uniq)
    if formats is TIME_FORMATS and ulist:
        try:
            naive = list(map(datetime.fromisoformat, ulist))
        except (ValueError, TypeError):
            naive = None
        if naive is not None and not any(map(_tzinfo, naive)):
            suffix = _offset_suffix(zone, min(naive), max(naive))
            if suffix is not None and set(map(len, ulist)) == {19}:
                # "2026-09-22 00:54:10" + "+08:00": the C parser attaches the offset itself
                aware = map(datetime.fromisoformat, map(add, ulist, repeat(suffix)))
            else:
                aware = map(methodcaller("replace", tzinfo=zone), naive)
            try:
                table = dict(zip(ulist, map(_to_utc, aware), strict=True))
            except (OverflowError, ValueError):  # a year 1 or 9999 at the edge of the range: said per value below
                table = None
            if table is not None:
                table[""] = None
                return list(map(table.__getitem__, vals)), {}
    conv = time_converter(zone, formats)
    return convert_column(vals, lambda v: conv(v).astimezone(UTC))


_tzinfo = attrgetter("tzinfo")
_to_utc = methodcaller("astimezone", UTC)


def _offset_suffix(zone, lo: datetime, hi: datetime) -> str | None:
    """"+08:00" when the zone keeps one UTC offset from ``lo`` to ``hi`` (checked every day), else None."""
    if hi - lo > timedelta(days=400):
        return None
    offs = {zone.utcoffset(lo), zone.utcoffset(hi)}
    day = datetime(lo.year, lo.month, lo.day)
    while day <= hi and len(offs) == 1:
        offs.add(zone.utcoffset(day))
        offs.add(zone.utcoffset(day + timedelta(hours=12)))
        day += timedelta(days=1)
    if len(offs) != 1:
        return None
    minutes = int(offs.pop().total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


_DMY = re.compile(r"\s*(\d{1,2})/(\d{1,2})/\d{4}")


def day_month_order(values: list[str], preset: str | None) -> tuple[str, ...] | None:
    """TikTok's day/month order for a whole file: a day > 12 settles it, else the seller's choice.

    Returns the formats, or None when the file is ambiguous and nobody has said.
    """
    us = sea = False
    for v in values:
        m = _DMY.match(v)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            sea |= a > 12
            us |= b > 12
    if us and not sea:
        return US
    if sea and not us:
        return SEA
    if preset == "DMY":
        return SEA
    if preset == "MDY":
        return US
    if not any(_DMY.match(v) for v in values):
        return US  # no slashed dates at all: nothing to decide
    return None

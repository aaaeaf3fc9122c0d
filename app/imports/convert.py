"""A parsed file's mapped columns, cleaned and converted block by block as the reader delivers them.

Every problem row becomes an error naming its Excel row and header; the rows without problems go
on. Conversions themselves (ids, counts, money, times) are columns.py's, once per distinct value.
"""

from __future__ import annotations

from app.imports import columns as C
from app.imports.readers import MAX_CELL, ReadError
from app.imports.result import ParsedFile, Rejected, err
from app.text import t

TIME_FIELDS = C.TIME_FIELDS


def file_columns(pf: ParsedFile, spec: dict, zone, date_order: str | None, errors: list[dict],
                 step) -> tuple[dict, list[int]]:
    """The mapped columns of one file, converted; returns ({field: values}, Excel row numbers)."""
    data: dict[str, list] | None = None
    excel: list[int] = []
    for block, numbers in column_blocks(pf, spec, zone, date_order, errors, step):
        if data is None:
            data = block
        else:
            for f, vals in block.items():
                data[f].extend(vals)
        excel.extend(numbers)
    return data if data is not None else {f: [] for f in pf.cols}, excel


def column_blocks(pf: ParsedFile, spec: dict, zone, date_order: str | None, errors: list[dict], step):
    """The mapped columns converted block by block, as the reader delivers them.

    Yields ({field: values}, Excel row numbers) for the rows without problems; the problems go to
    ``errors`` in row order. A big sheet is never held whole: each block is converted while the
    reader parses the next one.
    """
    cols = pf.cols
    for f in spec["required"]:
        if f not in cols:
            name = spec["fields"][f][0]
            raise Rejected([err(t("Required column “{name}” is missing", name=name), None, name)], needs="mapping")
    blocks = _cleaned_blocks(pf, step)
    formats = C.TIME_FORMATS
    if pf.prof.get("time_order") == "tiktok":  # one day/month order for the whole file
        blocks = list(blocks)
        probe = [v for _, block in blocks for f in TIME_FIELDS if f in block for v in block[f] if v]
        formats = C.day_month_order(probe, date_order)
        if formats is None:
            sample = next((v for v in probe if C._DMY.match(v)), "")
            raise Rejected([err(t("Cannot tell whether the dates are month/day/year or day/month/year (for "
                                  "example {sample}), nothing imported: choose the date format when importing in "
                                  "the app (US shops use month/day/year, Southeast Asian shops day/month/year), or "
                                  "add --date-order MDY or --date-order DMY on the command line", sample=sample),
                                None, cols.get("paid_at", (0, None))[1])], needs="date_order")
    for excel, cleaned in blocks:
        yield _convert_block(cleaned, excel, cols, spec, zone, formats, errors, pf.notes)


def note_warnings(notes: dict) -> list[str]:
    """Values kept as written but worth the seller's eye, one sentence per column and problem."""
    out = []
    for (head, problem), rows in notes.items():
        shown = ", ".join(map(str, rows[:10])) + ("…" if len(rows) > 10 else "")
        out.append(t("“{column}” {problem}: rows {rows} ({n} in all)", column=head, problem=problem, n=len(rows),
                     rows=shown))
    return out


def _cleaned_blocks(pf: ParsedFile, step):
    """(Excel row numbers, {field: cleaned text}) per block of non-blank rows."""
    table, hi, cols = pf.table, pf.hi, pf.cols
    fields = list(cols)
    first_row = True
    try:
        for first, block in table.blocks(hi + 1, [cols[f][0] for f in fields]):
            frac = table.fraction()
            step(40 + int(30 * frac) if frac is not None else 55)
            if first_row and block[0] and pf.prof.get("description_row") and "order_id" in cols:
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
                   errors: list[dict], notes: dict) -> tuple[dict, list[int]]:
    data: dict[str, list] = {}
    found: list[dict] = []
    bad_rows: set[int] = set()
    for f, vals in cleaned.items():
        head = cols[f][1]
        typed = f in C.INT_FIELDS or f in C.MONEY_FIELDS or f in TIME_FIELDS
        limit = C.MAX_NUMBER_TEXT if typed else C.MAX_TEXT
        if max(map(len, vals), default=0) > limit:
            for k, v in enumerate(vals):
                if len(v) > limit:
                    found.append(err(t("Row {row}, “{column}” is too long ({length} characters, at most {limit})",
                                       row=excel[k], column=head, length=len(v), limit=limit), excel[k], head))
                    bad_rows.add(k)
            vals = [v[:MAX_CELL] if len(v) <= limit else "" for v in vals]
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
        if (f in C.INT_FIELDS or f in C.MONEY_FIELDS) and C.out_of_range(f, out):
            for k, v in enumerate(out):
                said = None if v is None or k in bad_rows else C.implausible(f, v)
                if said is not None and said[1]:
                    notes.setdefault((head, said[0]), []).append(excel[k])
                elif said is not None:
                    found.append(err(t("Row {row}, “{column}” {problem}: {value}", row=excel[k], column=head,
                                       problem=said[0], value=vals[k]), excel[k], head))
                    bad_rows.add(k)
        if f in C.REQUIRED_VALUE and f in spec["required"] and "" in vals:
            for k, v in enumerate(vals):
                if v == "" and k not in bad_rows:
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

"""Big files: an xlsx read slice by slice on worker threads and stored block by block.

The thresholds are shrunk so that files of a few hundred rows take the same paths as a 100k-order
export (many slices, orders straddling blocks); the whole-sheet parse is the reference.
"""

import re
import threading
import time
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.imports import readers, xlsx_stream
from app.store import open_store
from app.store.models import ImportBatch, Order, OrderLine
from tests.factories import DOUYIN_HEAD, douyin_file, douyin_row


def slice_small(monkeypatch) -> None:
    """Every xlsx streamed, in slices of ~2 KiB (a few rows each), few of them read ahead."""
    monkeypatch.setattr(xlsx_stream, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(xlsx_stream, "CHUNK_BYTES", 2048)
    monkeypatch.setattr(xlsx_stream, "READ_AHEAD", 2)


@pytest.fixture
def sliced(monkeypatch):
    slice_small(monkeypatch)


def assert_slice_threads_end() -> None:
    deadline = time.monotonic() + 5
    while any(t.name.startswith("xlsx-") for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [t.name for t in threading.enumerate() if t.name.startswith("xlsx-")]


def every_row(table, width: int) -> list[list]:
    rows, _ = table.columns(0, list(range(width)))
    while rows and not any(rows[-1]):
        rows.pop()
    return [list(r) for r in rows]


def whole(path: Path, width: int) -> list[list]:
    return every_row(readers._read_calamine(path), width)


def tricky_workbook(path: Path, shared: bool = False) -> Path:
    """Title row, numbers, real Excel dates, blank runs, a stretch with column A empty, 2 sheets."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("订单")
    rows = [["抖店订单导出"], ["编号", "名称", "数量", "金额", "时间"]]
    for i in range(400):
        if 100 <= i < 130:
            rows.append([])  # a blank run longer than a slice
        elif 200 <= i < 260:
            rows.append([None, f"无编号{i}", i, i / 4, datetime(2026, 11, 19, 8, i % 60)])
        else:
            rows.append([f"ID{i:05d}", f"商品{i % 7}", i, i / 4, datetime(2026, 11, 19, 8, i % 60)])
    for r in rows:
        ws.append(r)
    wb.create_sheet("说明").append(["这一页不是订单"])
    wb.save(path)
    return to_shared_strings(path) if shared else path


def to_shared_strings(path: Path) -> Path:
    """The workbook rewritten the way Excel and most exporters store text: a shared-strings table."""
    table: dict[bytes, int] = {}

    def share(m: re.Match) -> bytes:
        k = table.setdefault(m.group(3), len(table))
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (m.group(1), m.group(2), k)

    out = path.with_name("shared-" + path.name)
    with zipfile.ZipFile(path) as z, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in z.infolist():
            data = z.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<c r="([A-Z]+\d+)"([^>]*?) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>', share, data)
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats'
                                    b'.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    b"</Relationships>")
            dst.writestr(info, data)
        items = b"".join(b"<si><t>%s</t></si>" % v for v in table)
        dst.writestr("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                     b'count="%d" uniqueCount="%d">%s</sst>' % (len(table), len(table), items))
    assert b't="s"' in zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml")
    return out


@pytest.mark.parametrize("shared", [False, True], ids=["inline-strings", "shared-strings"])
def test_sliced_read_gives_exactly_the_whole_sheet(sliced, tmp_path, shared):
    f = tricky_workbook(tmp_path / "t.xlsx", shared)
    table = readers.open_table(f)
    assert table.streamed
    got = every_row(table, 5)
    assert got == whole(f, 5)
    assert got[1] == ["编号", "名称", "数量", "金额", "时间"] and len(got) == 402
    assert got[102:132] == [[""] * 5] * 30
    assert got[202][0] == "" and got[202][1] == "无编号200"
    assert isinstance(got[2][4], datetime) and got[2][2] == 0.0


def test_files_the_slicer_does_not_fit_are_parsed_whole(sliced, tmp_path, monkeypatch):
    f = tricky_workbook(tmp_path / "t.xlsx", shared=True)
    monkeypatch.setattr(xlsx_stream, "SST_MAX_BYTES", 100)  # a shared-strings table too big to repeat
    table = readers.open_table(f)
    assert not table.streamed and every_row(table, 5) == whole(f, 5)
    # rows without their r="…" numbers: a slice could not tell where it starts
    g = tmp_path / "unnumbered.xlsx"
    with zipfile.ZipFile(tricky_workbook(tmp_path / "u.xlsx")) as src, zipfile.ZipFile(g, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<row r="\d+"', b"<row", data)
                data = re.sub(rb'<c r="[A-Z]+\d+"', b"<c", data)
            dst.writestr(info, data)
    table = readers.open_table(g)
    assert not table.streamed and every_row(table, 5) == every_row(readers._read_calamine(g), 5)


def test_closing_a_table_stops_its_threads(sliced, tmp_path):
    f = tricky_workbook(tmp_path / "t.xlsx")
    table = readers.open_table(f)
    assert table.head[1][0] == "编号"
    slices = Path(table._close.__self__.dir)
    assert slices.is_dir()
    table.close()
    table.close()
    assert not slices.exists()  # the slices' temporary folder goes with them
    assert_slice_threads_end()


def damaged_copy(src: Path, dst: Path, at: float) -> Path:
    """The sheet's compressed bytes overwritten at ``at`` (0…1) of the way through."""
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    pos = start + int(info.compress_size * at)
    data[pos:pos + 64] = bytes(range(64))
    dst.write_bytes(bytes(data))
    return dst


def order_rows(n: int, lines_per_order=(1, 3, 2)) -> list[list]:
    rows = []
    for i in range(n):
        oid = str(6900000000000000000 + 10 * i)
        for k in range(lines_per_order[i % len(lines_per_order)]):
            row = douyin_row(oid, str(int(oid) + k + 1), sku=f"SS{i % 5:02d}-0{k}", qty=str(1 + k),
                             status="已发货" if i % 4 == 0 else "待发货", amount=f"{10 + k}.50")
            rows.append(row)
    return rows


def test_mid_file_damage_rejects_the_file_and_leaves_the_database_as_it_was(sliced, svc, store, now, tmp_path):
    f = douyin_file(tmp_path / "big.xlsx", rows=order_rows(800))
    bad = damaged_copy(f, tmp_path / "broken.xlsx", 0.7)
    (r,) = svc.import_files([bad], now=now)
    assert r.status == "rejected" and "损坏" in r.errors[0]["message"]
    with store.session() as s:
        assert s.scalar(select(func.count(Order.id))) == 0
        assert s.scalar(select(ImportBatch.status)) == "rejected"


def stored(st) -> tuple[list, list]:
    with st.session() as s:
        orders = s.execute(select(Order.order_id, Order.status, Order.amount_paid_fen, Order.paid_at)
                           .order_by(Order.order_id)).all()
        lines = s.execute(select(Order.order_id, OrderLine.line_id, OrderLine.sku_code, OrderLine.quantity,
                                 OrderLine.amount_fen, OrderLine.status)
                          .join(Order, Order.id == OrderLine.order_pk).order_by(OrderLine.line_id)).all()
    return orders, lines


def reference(tmp_path, files, now) -> tuple[list, list]:
    """The same files imported with the stream thresholds as shipped (whole-sheet parse)."""
    from app.services import Services

    # its own SQLite file, whatever database the test itself runs on
    st = open_store(tmp_path / "reference", url=f"sqlite:///{tmp_path / 'reference.db'}")
    try:
        Services(st).import_files(files, now=now)
        return stored(st)
    finally:
        st.dispose()


def test_orders_straddling_slices_and_blocks_are_stored_whole(svc, store, now, tmp_path, monkeypatch):
    f = douyin_file(tmp_path / "big.xlsx", rows=order_rows(300))
    want = reference(tmp_path, [f], now)
    slice_small(monkeypatch)
    (r,) = svc.import_files([f], now=now)
    assert (r.status, r.rows, r.orders, r.created) == ("imported", 600, 300, 300)
    got = stored(store)
    assert got == want and len(got[1]) == 600
    by_id = {o[0]: o for o in got[0]}
    assert by_id["6900000000000000010"][2] == 1050 + 1150 + 1250  # three lines, three blocks apart or not


def test_an_order_whose_rows_are_far_apart_is_still_one_order(sliced, svc, store, now, tmp_path):
    rows = order_rows(200, lines_per_order=(1,))
    late = douyin_row(rows[0][0], str(int(rows[0][0]) + 7), sku="SS09-09", amount="5.00")
    f = douyin_file(tmp_path / "scattered.xlsx", rows=rows + [late])
    (r,) = svc.import_files([f], now=now)
    assert (r.status, r.rows, r.orders, r.created) == ("imported", 201, 200, 200)
    orders, lines = stored(store)
    first = next(o for o in orders if o[0] == rows[0][0])
    assert first[2] == 1050 + 500 and sum(1 for ln in lines if ln[0] == rows[0][0]) == 2


def test_a_bad_cell_far_down_rejects_the_whole_file_and_names_its_row(sliced, svc, store, now, tmp_path):
    rows = order_rows(300)
    rows[520][4] = "两件"  # Excel row 522: the header is row 1
    f = douyin_file(tmp_path / "bad.xlsx", rows=rows)
    (r,) = svc.import_files([f], now=now)
    assert r.status == "rejected" and [(e["row"], e["column"]) for e in r.errors] == [(522, "商品数量")]
    assert stored(store) == ([], [])
    (r,) = svc.import_files([f], now=now, valid_rows_only=True)
    assert (r.status, r.rows) == ("imported", 599)
    assert len(stored(store)[1]) == 599


def test_newer_export_streamed_updates_what_changed(sliced, svc, store, now, tmp_path):
    rows = order_rows(120)
    svc.import_files([douyin_file(tmp_path / "a.xlsx", rows=rows)], now=now)
    newer = [list(r) for r in rows]
    for r in newer:
        if r[0].endswith("10"):  # every tenth order has shipped since
            r[9] = "已发货"
    changed = {r[0] for r in newer if r[0].endswith("10") and r[0] not in {x[0] for x in rows if x[9] == "已发货"}}
    (r,) = svc.import_files([douyin_file(tmp_path / "b.xlsx", rows=newer)], now=now)
    assert (r.created, r.updated, r.unchanged) == (0, len(changed), 120 - len(changed))
    (again,) = svc.import_files([douyin_file(tmp_path / "b.xlsx", rows=newer)], now=now)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 120)


def test_cancel_in_the_middle_of_a_streamed_import_leaves_nothing(sliced, svc, store, now, tmp_path):
    f = douyin_file(tmp_path / "big.xlsx", rows=order_rows(600))
    cancel = threading.Event()

    def progress(done, total, text):
        if done >= 60:
            cancel.set()

    (r,) = svc.import_files([f], now=now, progress=progress, cancel=cancel)
    assert r.status == "cancelled" and stored(store) == ([], [])
    assert_slice_threads_end()


def test_header_detection_sees_the_first_rows_of_a_sliced_file(sliced, svc, store, now, tmp_path):
    rows = [["抖店订单导出 2026-11-20"], [], DOUYIN_HEAD] + order_rows(50)
    f = tmp_path / "titled.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("订单")
    for row in rows:
        ws.append(row)
    wb.save(f)
    (r,) = svc.import_files([f], now=now)
    assert (r.status, r.platform, r.rows, r.orders) == ("imported", "douyin", 100, 50)


def test_slices_a_killed_import_left_behind_are_swept_later(sliced, tmp_path, monkeypatch):
    import os
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    stale = tmp_path / (readers.SLICES_PREFIX + "old")
    stale.mkdir()
    (stale / "3.xlsx").write_bytes(b"PK")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    recent = tmp_path / (readers.SLICES_PREFIX + "running")
    recent.mkdir()
    table = readers.open_table(tricky_workbook(tmp_path / "t.xlsx"))
    table.close()
    assert not stale.exists() and recent.exists()  # another import may be using a recent one


def test_only_the_first_of_several_big_files_reads_far_ahead(sliced, tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_stream, "READ_AHEAD", 16)
    tables = [readers.open_table(tricky_workbook(tmp_path / f"{k}.xlsx")) for k in range(3)]
    try:
        assert [t._close.__self__.ahead for t in tables] == [16, 4, 4]  # memory stays bounded
    finally:
        for t in tables:
            t.close()
    again = readers.open_table(tricky_workbook(tmp_path / "later.xlsx"))
    assert again._close.__self__.ahead == 16
    again.close()


def test_a_big_csv_is_read_block_by_block_with_the_same_result(svc, store, now, tmp_path, monkeypatch):
    from tests.factories import write_csv

    rows = [DOUYIN_HEAD] + order_rows(120)
    f = write_csv(tmp_path / "dy.csv", rows, encoding="gb18030")
    want = reference(tmp_path, [f], now)
    monkeypatch.setattr(readers, "BLOCK_ROWS", 7)  # orders straddle blocks
    (r,) = svc.import_files([f], now=now)
    assert (r.status, r.rows, r.orders) == ("imported", 240, 120)
    assert stored(store) == want


def test_csv_trouble_far_down_rejects_the_whole_file(svc, store, now, tmp_path, monkeypatch):
    from tests.factories import write_csv

    f = write_csv(tmp_path / "dy.csv", [DOUYIN_HEAD] + order_rows(200), encoding="utf-8")
    monkeypatch.setattr(readers, "BLOCK_ROWS", 50)
    monkeypatch.setattr(readers, "MAX_ROWS", 300)  # counted as the rows are read
    (r,) = svc.import_files([f], now=now)
    assert r.status == "rejected" and "行数过多" in r.errors[0]["message"] and stored(store) == ([], [])
    monkeypatch.setattr(readers, "MAX_ROWS", 10**6)
    broken = tmp_path / "huge.csv"
    data = f.read_bytes()
    cut = data.index(b"\n", len(data) * 3 // 4)
    huge = b'"' + b"x" * (readers.MAX_CELL * 4 + 10) + b'"'  # a cell far longer than any real one
    broken.write_bytes(data[:cut] + b"\n" + huge + b"\n" + data[cut + 1:])
    (r,) = svc.import_files([broken], now=now)
    said = r.errors[0]["message"]  # named by its row and column, whatever its size
    assert r.status == "rejected" and r.errors[0]["row"] and "过长" in said and stored(store) == ([], [])


def test_a_temporary_folder_that_fails_is_said_or_avoided(sliced, svc, store, now, tmp_path, monkeypatch):
    import tempfile

    f = douyin_file(tmp_path / "big.xlsx", rows=order_rows(200))

    def full(self, path, pieces):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(readers._SliceZip, "write", full)
        (r,) = svc.import_files([f], now=now)
    assert r.status == "rejected" and "临时文件夹" in r.errors[0]["message"] and stored(store) == ([], [])

    def no_folder(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", no_folder)
    table = readers.open_table(f)
    assert not table.streamed  # the whole-sheet parse needs no temporary folder
    table.close()
    (r,) = svc.import_files([f], now=now)
    assert (r.status, r.orders) == ("imported", 200)

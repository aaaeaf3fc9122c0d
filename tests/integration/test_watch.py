"""The watched folder and freshness: real files on disk, a real watchdog observer, the real store."""

from __future__ import annotations

import json
import shutil
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import cli
from app.store.models import ImportBatch, Order, OrderLine
from app.watch import files
from app.watch.folder import scan_once
from app.watch.observer import FolderWatcher
from tests.factories import douyin_file, douyin_row, stock_file, write_csv, write_xlsx


def taobao_pair(folder: Path, stamp="202611201800") -> tuple[Path, Path]:
    o = write_csv(folder / f"ExportOrderList{stamp}.csv",
                  [["订单编号", "买家应付邮费", "买家实付金额", "订单状态", "订单付款时间", "发货时间"],
                   ['="3003881832687823281"', "0.00", "98.90", "买家已付款，等待卖家发货", "2026-11-19 20:00:00", ""]],
                  encoding="gb18030")
    i = write_csv(folder / f"ExportOrderDetailList{stamp}.csv",
                  [["子订单编号", "主订单编号", "商品标题", "商品价格", "购买数量", "商品属性", "退款状态", "商家编码"],
                   ["3003881832687823282", "3003881832687823281", "睡衣", "59.90", "1", "粉色", "", "SS01-01"],
                   ["3003881832687823283", "3003881832687823281", "杯子", "39.00", "1", "白", "", "SS02-01"]],
                  encoding="gb18030")
    return o, i


def downloads(tmp_path: Path) -> Path:
    dl = tmp_path / "Downloads"
    dl.mkdir()
    douyin_file(dl / "抖店订单导出_20261120.xlsx")
    shutil.copy(dl / "抖店订单导出_20261120.xlsx", dl / "抖店订单导出_20261120 (1).xlsx")
    stock_file(dl / "库存表.xlsx", [["SS01-01", "睡衣", "粉色 M", 10, 2, 7, "20.00"]])
    (dl / "订单导出_20261121.xlsx.crdownload").write_bytes(b"PK\x03\x04" + b"\x00" * 500)
    (dl / "~$库存表.xlsx").write_bytes(b"lock")
    (dl / "holiday.jpg").write_bytes(b"\xff\xd8\xff" + b"\x00" * 100)
    write_xlsx(dl / "家庭开支.xlsx", [["日期", "项目", "金额"], ["11-01", "买菜", "35"]])
    (dl / "sub").mkdir()
    douyin_file(dl / "sub" / "old.xlsx", rows=[douyin_row("6900000000000000099", "6900000000000000098")])
    return dl


def order_count(store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count(Order.id)))


def test_one_pass_takes_the_new_exports_and_leaves_the_rest_alone(svc, store, now, tmp_path):
    dl = downloads(tmp_path)
    result = svc.watch_once(dl, now)
    got = {(r.file, r.kind, r.status) for r in result.files}
    assert got == {("抖店订单导出_20261120.xlsx", "orders", "imported"), ("库存表.xlsx", "stock", "imported")}
    skipped = {s["file"]: s["reason"] for s in result.skipped}
    # the copy, the partial download, the photo and the household sheet; the lock file is never listed
    assert set(skipped) == {"抖店订单导出_20261120 (1).xlsx", "订单导出_20261121.xlsx.crdownload", "holiday.jpg",
                            "家庭开支.xlsx"}
    assert "抖店订单导出_20261120.xlsx" in skipped["抖店订单导出_20261120 (1).xlsx"]
    assert order_count(store) == 2  # the subfolder's export is not the folder's
    assert sorted(p.name for p in dl.iterdir()) == sorted(  # files are left where they are
        ["抖店订单导出_20261120.xlsx", "抖店订单导出_20261120 (1).xlsx", "库存表.xlsx", "订单导出_20261121.xlsx.crdownload",
         "~$库存表.xlsx", "holiday.jpg", "家庭开支.xlsx", "sub"])
    with store.session() as s:
        history = {b.file_name: b.status for b in s.scalars(select(ImportBatch))}
    assert history["家庭开支.xlsx"] == "skipped" and history["holiday.jpg"] == "skipped"

    again = svc.watch_once(dl, now + timedelta(minutes=5))
    assert again.files == []  # everything was considered once
    assert order_count(store) == 2
    with store.session() as s:  # and is not listed in the history a second time
        assert s.scalar(select(func.count(ImportBatch.id)).where(ImportBatch.status == "skipped")) == 2


def test_the_same_export_downloaded_twice_in_one_pass_is_imported_once(svc, store, now, tmp_path):
    douyin_file(tmp_path / "a (1).xlsx")
    time.sleep(0.05)
    shutil.copy(tmp_path / "a (1).xlsx", tmp_path / "a.xlsx")  # the later download of the same file
    result = svc.watch_once(tmp_path, now)
    assert [r.file for r in result.files] == ["a (1).xlsx"]
    assert [s["file"] for s in result.skipped] == ["a.xlsx"] and "a (1).xlsx" in result.skipped[0]["reason"]


def test_a_file_still_growing_waits_for_the_next_look(svc, store, now, tmp_path):
    f = douyin_file(tmp_path / "dy.xlsx")
    data = f.read_bytes()
    f.write_bytes(data[:1000])

    def grow(_seconds):  # the browser writes more while we wait
        f.write_bytes(data)

    result = scan_once(svc, tmp_path, now, sleep=grow)
    assert result.files == [] and result.waiting == [str(f)]
    assert [s["reason"] for s in result.skipped] and order_count(store) == 0
    result = scan_once(svc, tmp_path, now, settle=0.0)
    assert [r.status for r in result.files] == ["imported"] and order_count(store) == 2


def test_a_taobao_pair_in_the_folder_is_imported_together(svc, store, now, tmp_path):
    taobao_pair(tmp_path)
    result = svc.watch_once(tmp_path, now)
    assert [(r.platform, r.orders, r.status) for r in result.files] == [("taobao", 1, "imported")]
    with store.session() as s:
        assert s.scalar(select(func.count(OrderLine.id))) == 2
    again = svc.watch_once(tmp_path, now)
    assert again.files == [] and len(again.skipped) == 2  # both halves known by their content


def test_a_broken_export_is_rejected_by_name_and_the_shop_is_unchanged(svc, store, now, tmp_path):
    douyin_file(tmp_path / "ok.xlsx")
    svc.watch_once(tmp_path, now)
    douyin_file(tmp_path / "bad.xlsx", rows=[douyin_row("6900000000000000005", "6900000000000000006", qty="two")])
    result = svc.watch_once(tmp_path, now)
    (r,) = result.files
    assert (r.file, r.status) == ("bad.xlsx", "rejected") and r.errors[0]["column"] == "商品数量"
    assert order_count(store) == 2


def test_a_file_deleted_before_it_was_read_is_listed_never_an_error(svc, store, now, tmp_path):
    result = svc.watch_files([tmp_path / "gone.xlsx", tmp_path / "gone.jpg"], now)
    assert result.files == [] and {s["file"] for s in result.skipped} == {"gone.xlsx", "gone.jpg"}
    assert all(s["reason"] == "读取前已被删除或移走" for s in result.skipped)
    # deleted after it was hashed, while the import opens it: nothing stored, no rejection note
    f = douyin_file(tmp_path / "dy.xlsx")
    result = svc.watch_files([f], now, progress=lambda *_a: f.unlink(missing_ok=True))
    assert result.files == [] and [s["file"] for s in result.skipped] == ["dy.xlsx"]
    assert order_count(store) == 0


def test_a_locked_file_waits_with_a_note_and_is_imported_once_readable(svc, store, now, tmp_path, monkeypatch):
    """Excel holds an open workbook locked on Windows: reading it fails with a sharing violation."""
    from app.watch import folder

    f = douyin_file(tmp_path / "订单.xlsx")
    real = folder.file_hash

    def locked(path):
        if Path(path) == f:
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        return real(path)

    monkeypatch.setattr(folder, "file_hash", locked)
    result = svc.watch_files([f], now)
    assert result.files == [] and result.waiting == result.locked == [str(f)]
    assert result.skipped == [{"file": "订单.xlsx", "reason": "正被其他程序（如 Excel）打开：关闭后会自动导入"}]
    assert order_count(store) == 0
    monkeypatch.setattr(folder, "file_hash", real)  # Excel closed it
    result = svc.watch_files([f], now)
    assert [r.status for r in result.files] == ["imported"] and order_count(store) == 2


def test_stopping_cancels_an_import_in_flight_whole_and_it_is_taken_next_time(svc, store, now, tmp_path):
    f = douyin_file(tmp_path / "dy.xlsx", rows=[douyin_row(f"69{n:017}", f"68{n:017}") for n in range(300)])
    stop = threading.Event()
    stop.set()  # the app quits while the watcher imports
    result = svc.watch_files([f], now, cancel=stop)
    assert [r.status for r in result.files] == ["cancelled"] and order_count(store) == 0
    with store.session() as s:
        assert s.scalar(select(func.count(ImportBatch.id))) == 0  # not in the history: looked at again
    result = svc.watch_files([f], now)
    assert [r.created for r in result.files] == [300] and order_count(store) == 300


def test_the_default_folder_is_the_os_download_folder_none_or_several_allowed(tmp_path, monkeypatch):
    from app.watch.folder import configured_folders

    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    (home / "下载").mkdir()
    # a Chinese desktop names its download folder 下载 in the XDG user dirs file
    (home / ".config" / "user-dirs.dirs").write_text('XDG_DOWNLOAD_DIR="$HOME/下载"\n', encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    assert configured_folders({}) == [home / "下载"]
    assert configured_folders({"watch.folders": []}) == []  # none: imports by hand only
    assert configured_folders({"watch.folders": [str(tmp_path / "a"), str(tmp_path / "b")]}) == [
        tmp_path / "a", tmp_path / "b"]
    (home / "下载").rmdir()
    assert configured_folders({}) == []  # no download folder on this computer: nothing to watch


def test_names_that_wait_and_names_that_are_no_sheet():
    for name in ("a.xlsx.crdownload", "a.csv.part", "a.xlsx.download", "a.tmp"):
        assert files.waiting(name)
    assert files.ignored("~$a.xlsx") and files.ignored(".~lock.a.xlsx#") and not files.ignored("a.xlsx")
    assert not files.waiting("订单导出.xlsx") and files.is_sheet("订单导出.XLSX") and not files.is_sheet("a.jpg")
    assert files.taobao_partner("ExportOrderList202611201800.csv") == "ExportOrderDetailList202611201800"
    assert files.taobao_partner("ExportOrderDetailList202611201800 (1).csv") == "ExportOrderList202611201800"
    assert files.taobao_partner("抖店.xlsx") is None


# -- freshness ----------------------------------------------------------------------------------
def test_status_says_how_old_each_platform_picture_is(svc, now, tmp_path):
    douyin_file(tmp_path / "dy.xlsx")
    svc.import_files([tmp_path / "dy.xlsx"], now=now - timedelta(hours=3, minutes=30))
    (f,) = svc.freshness(now)
    assert (f.platform, str(f.age_hours), f.stale) == ("douyin", "3.5", False)
    assert f.newest_order.isoformat().startswith("2026-11-19T02:00")  # paid 10:00 Shanghai
    (f,) = svc.freshness(now + timedelta(hours=1))
    assert (str(f.age_hours), f.stale) == ("4.5", True)
    svc.set_setting("stale_hours", 6)
    assert not svc.freshness(now + timedelta(hours=1))[0].stale


def test_a_shop_without_any_import_has_no_age_and_no_reminder(svc, now):
    svc.load_demo(now)
    rows = svc.freshness(now)
    assert rows and all(f.last_import is None and f.age_hours is None and not f.stale for f in rows)
    assert rows[0].label().endswith("尚未导入订单导出")
    assert stale_alerts(svc.alerts(now + timedelta(hours=10))) == []


def test_status_command_matches_the_contract(data_dir, tmp_path, capsys):
    douyin_file(tmp_path / "dy.xlsx")
    assert cli.run(["--data-dir", str(data_dir), "import", str(tmp_path / "dy.xlsx"), "--now",
                    "2026-11-20T12:00"]) == 0
    capsys.readouterr()
    assert cli.run(["--data-dir", str(data_dir), "status", "--now", "2026-11-20T17:00", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["now"] == "2026-11-20T17:00:00+08:00"
    assert doc["platforms"] == [{"platform": "douyin", "last_import": "2026-11-20T12:00:00+08:00",
                                 "newest_order": "2026-11-19T10:00:00+08:00", "age_hours": "5.0", "stale": True}]


def test_watch_once_command_matches_the_contract(data_dir, tmp_path, capsys):
    dl = downloads(tmp_path)
    assert cli.run(["--data-dir", str(data_dir), "watch", str(dl), "--once", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"files", "skipped"}
    assert sum(f["created"] for f in doc["files"] if f["kind"] == "orders") == 2
    assert all(set(s) == {"file", "reason"} and s["reason"] for s in doc["skipped"])
    assert cli.run(["--data-dir", str(data_dir), "watch", str(tmp_path / "nowhere"), "--once", "--json"]) == 2


# -- reminders ----------------------------------------------------------------------------------
def stale_alerts(raised):
    return [a for a in raised if a.kind == "stale_data"]


def test_a_stale_picture_is_one_alert_per_stale_period(svc, now, tmp_path):
    douyin_file(tmp_path / "dy.xlsx")
    svc.import_files([tmp_path / "dy.xlsx"], now=now)
    assert stale_alerts(svc.alerts(now + timedelta(hours=3))) == []
    (a,) = stale_alerts(svc.alerts(now + timedelta(hours=5)))
    assert a.title == "数据已过时，请重新导出"
    assert a.body == "抖店 数据 5 小时前。5 小时内的新订单不在列表中，请从抖店后台重新导出"
    assert stale_alerts(svc.alerts(now + timedelta(hours=6))) == []  # the same period: not again
    douyin_file(tmp_path / "dy2.xlsx", rows=[douyin_row("6900000000000000007", "6900000000000000008")])
    svc.import_files([tmp_path / "dy2.xlsx"], now=now + timedelta(hours=7))
    assert stale_alerts(svc.alerts(now + timedelta(hours=8))) == []  # fresh again: resolved
    assert len(stale_alerts(svc.alerts(now + timedelta(hours=12)))) == 1  # a new period, a new alert


def test_a_stale_alert_in_quiet_hours_waits_for_the_morning(svc, store, now, tmp_path):
    from app.alerts import service as alerts

    douyin_file(tmp_path / "dy.xlsx", rows=[douyin_row("6900000000000000001", "6900000000000000002",
                                                     promise="2026-11-25 10:00:00")])  # no deadline near
    svc.import_files([tmp_path / "dy.xlsx"], now=now)  # 18:00; stale after 22:00
    svc.set_setting("alerts.last_digest", "2026-11-20")  # today's digest already went out
    night = now.replace(hour=23, minute=30)
    raised, current = svc.evaluate_alerts(night)
    assert [a.kind for a in raised] == ["stale_data"]
    assert alerts.notifications_due(svc, night, current) == []  # not a buzz at 23:30
    nine = now.replace(hour=9, minute=5) + timedelta(days=1)
    raised, current = svc.evaluate_alerts(nine)
    assert raised == []  # the same stale period: not raised again
    notes = alerts.notifications_due(svc, nine, current)
    assert len(notes) == 1 and "夜间新增1条提醒" in notes[0].body  # told in the morning digest


def test_a_same_day_douyin_shop_is_reminded_before_the_cut_off(svc, now, tmp_path):
    douyin_file(tmp_path / "dy.xlsx")
    day = now.replace(hour=9)
    svc.import_files([tmp_path / "dy.xlsx"], now=day)
    svc.set_setting("risk.shop_options", {"douyin": {"promise": "same_day"}})
    svc.set_setting("stale_hours", 24)  # only the cut-off speaks
    assert stale_alerts(svc.alerts(day.replace(hour=14, minute=50))) == []
    (a,) = stale_alerts(svc.alerts(day.replace(hour=15, minute=5)))
    assert a.key == "cutoff:douyin:2026-11-20" and "16:00" in a.body
    douyin_file(tmp_path / "dy2.xlsx", rows=[douyin_row("6900000000000000007", "6900000000000000008")])
    svc.import_files([tmp_path / "dy2.xlsx"], now=day.replace(hour=15, minute=10))  # re-exported
    assert stale_alerts(svc.alerts(day.replace(hour=15, minute=20))) == []


# -- the live watcher ---------------------------------------------------------------------------
class Inbox:
    def __init__(self):
        self.batches: list[list[Path]] = []
        self.problems: list[tuple[Path, str]] = []
        self.back: list[Path] = []
        self.event = threading.Event()

    def deliver(self, paths):
        self.batches.append(sorted(paths))
        self.event.set()

    def names(self):
        return [p.name for b in self.batches for p in b]

    def wait(self, pred, timeout=20.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if pred():
                return True
            time.sleep(0.1)
        return False


@contextmanager
def watching(folder, **kw):
    """A real watchdog watcher on ``folder`` for the block; yields what it delivered and reported."""
    inbox = Inbox()
    inbox.watcher = FolderWatcher([folder], inbox.deliver, on_problem=lambda f, r: inbox.problems.append((f, r)),
                                  on_recovered=inbox.back.append, settle=kw.pop("settle", 0.8), check_every=0.5,
                                  **kw)
    inbox.watcher.start()
    try:
        yield inbox
    finally:
        inbox.watcher.stop()


@pytest.fixture
def dl(tmp_path):
    d = tmp_path / "dl"
    d.mkdir()
    return d


def test_a_file_written_slowly_is_delivered_once_when_complete(tmp_path, dl):
    data = douyin_file(tmp_path / "src.xlsx").read_bytes()
    with watching(dl) as inbox:
        with open(dl / "slow.xlsx", "wb") as f:
            for i in range(0, len(data), len(data) // 6 + 1):
                f.write(data[i:i + len(data) // 6 + 1])
                f.flush()
                time.sleep(0.4)  # a slow connection: each chunk inside the settle time
                assert inbox.batches == []
        assert inbox.wait(lambda: inbox.batches)
        time.sleep(1.5)
    assert inbox.names() == ["slow.xlsx"]
    assert (dl / "slow.xlsx").read_bytes() == data


def test_a_finished_download_is_seen_under_its_final_name(dl):
    with watching(dl) as inbox:
        douyin_file(dl / "订单.xlsx.crdownload")
        time.sleep(1.5)
        assert inbox.batches == []  # a partial name waits however still it is
        (dl / "订单.xlsx.crdownload").rename(dl / "订单.xlsx")
        assert inbox.wait(lambda: inbox.batches)
    assert inbox.names() == ["订单.xlsx"]


def test_a_burst_of_fifty_files_is_delivered_each_once(dl):
    with watching(dl) as inbox:
        for n in range(50):
            (dl / f"f{n:02}.csv").write_text(f"a,b\n{n},x\n")
        assert inbox.wait(lambda: len(inbox.names()) >= 50)
        time.sleep(1.0)
    assert sorted(inbox.names()) == [f"f{n:02}.csv" for n in range(50)]
    assert len(inbox.batches) <= 3  # one import for the burst, not fifty


def test_files_already_there_at_start_are_considered(tmp_path):
    (tmp_path / "before.csv").write_text("a,b\n1,2\n")
    with watching(tmp_path, settle=0.2) as inbox:
        assert inbox.wait(lambda: inbox.batches)
    assert inbox.names() == ["before.csv"]


def test_a_taobao_half_waits_for_its_partner(tmp_path, dl):
    src = tmp_path / "src"
    src.mkdir()
    o, i = taobao_pair(src)
    with watching(dl, pair_wait=20) as inbox:
        shutil.copy(o, dl / o.name)
        time.sleep(2.0)
        assert inbox.batches == []  # held for the 宝贝报表
        shutil.copy(i, dl / i.name)
        assert inbox.wait(lambda: inbox.batches)
    assert inbox.batches == [[dl / i.name, dl / o.name]]


def test_a_folder_that_goes_away_is_reported_once_and_picked_up_again(tmp_path):
    dl = tmp_path / "usb"
    dl.mkdir()
    with watching(dl) as inbox:
        shutil.rmtree(dl)
        assert inbox.wait(lambda: inbox.problems)
        time.sleep(1.5)
        assert inbox.problems == [(dl, "missing")]
        dl.mkdir()
        (dl / "back.csv").write_text("a,b\n1,2\n")
        assert inbox.wait(lambda: inbox.back and inbox.batches)
    assert inbox.back == [dl] and inbox.names() == ["back.csv"]


def test_after_sleep_the_folder_is_looked_at_again(dl):
    """Events can be lost while the laptop sleeps: a wall-clock jump makes the watcher look again."""
    jump = [0.0]
    with watching(dl, wall=lambda: time.time() + jump[0]) as inbox:
        inbox.watcher._observer.unschedule_all()  # from here on no event arrives, as during a sleep
        (dl / "while-asleep.csv").write_text("a,b\n1,2\n")
        time.sleep(1.5)
        assert inbox.batches == []
        jump[0] = 3600.0  # woke an hour later
        assert inbox.wait(lambda: inbox.batches)
    assert inbox.names() == ["while-asleep.csv"]


def test_a_path_that_is_not_a_folder_is_reported(tmp_path):
    (tmp_path / "not-a-folder").write_text("x")
    with watching(tmp_path / "not-a-folder") as inbox:
        assert inbox.wait(lambda: inbox.problems)
    assert inbox.problems == [(tmp_path / "not-a-folder", "missing")]


def test_an_import_by_hand_and_one_from_the_folder_at_once_are_both_applied_once(svc, store, now, tmp_path, dl):
    """The dialog and the watcher share one import lock: never interleaved, nothing twice."""
    big = [douyin_row(f"69{n:017}", f"68{n:017}") for n in range(1500)]
    douyin_file(tmp_path / "by-hand.xlsx", rows=big)
    douyin_file(dl / "dropped.xlsx", rows=big[:700] + [douyin_row("6700000000000000001", "6700000000000000002")])
    out = {}
    hand = threading.Thread(target=lambda: out.setdefault("hand", svc.import_files([tmp_path / "by-hand.xlsx"],
                                                                                    now=now)))
    hand.start()
    out["folder"] = svc.watch_once(dl, now)
    hand.join()
    (h,) = out["hand"]
    (f,) = out["folder"].files
    assert h.status == f.status == "imported"
    assert h.created + f.created == 1501 and order_count(store) == 1501


def test_a_slowly_written_export_is_imported_once_and_whole(svc, store, tmp_path, dl):
    """The whole road: watchdog events while the browser writes in chunks, then the import pipeline."""
    rows = [douyin_row(f"69{n:017}", f"68{n:017}") for n in range(400)]
    data = douyin_file(tmp_path / "src.xlsx", rows=rows).read_bytes()
    results = []
    with watching(dl) as inbox:
        inbox.watcher.deliver = lambda paths: results.append(svc.watch_files(paths, datetime_now()))
        step = len(data) // 8 + 1
        with open(dl / "抖店订单导出.xlsx", "wb") as f:
            for i in range(0, len(data), step):
                f.write(data[i:i + step])
                f.flush()
                time.sleep(0.3)
                assert results == []  # never opened half-written
        assert inbox.wait(lambda: results)
        time.sleep(1.5)
    assert [(r.file, r.status, r.created) for res in results for r in res.files] == [("抖店订单导出.xlsx", "imported", 400)]
    assert len(results) == 1  # our own reading of the file is no event to look at it again
    assert order_count(store) == 400


def test_a_locked_file_is_looked_at_again_until_it_can_be_read(dl):
    from types import SimpleNamespace

    with watching(dl, retry=0.5) as inbox:
        answers = iter([SimpleNamespace(waiting=[str(dl / "open.xlsx")])])

        def deliver(paths):
            inbox.batches.append(sorted(paths))
            return next(answers, None)  # locked the first time, read the second

        inbox.watcher.deliver = deliver
        (dl / "open.xlsx").write_bytes(b"PK")
        assert inbox.wait(lambda: len(inbox.batches) >= 2)
        time.sleep(1.5)
    assert inbox.names() == ["open.xlsx", "open.xlsx"]


def test_fifty_exports_at_once_are_each_imported_once(svc, store, dl):
    results = []
    with watching(dl) as inbox:
        inbox.watcher.deliver = lambda paths: results.append(svc.watch_files(paths, datetime_now()))
        for n in range(50):
            douyin_file(dl / f"订单导出 ({n}).xlsx", rows=[douyin_row(f"69{n:017}", f"68{n:017}")])
        shutil.copy(dl / "订单导出 (0).xlsx", dl / "订单导出 (0) - 副本.xlsx")
        assert inbox.wait(lambda: sum(len(r.files) + len(r.skipped) for r in results) >= 51, timeout=60)
        time.sleep(1.5)
    files = [r for res in results for r in res.files]
    assert len(files) == 50 and {r.status for r in files} == {"imported"}
    assert [s["file"] for res in results for s in res.skipped] == ["订单导出 (0) - 副本.xlsx"]  # same content
    assert order_count(store) == 50 and len(results) <= 3


def datetime_now():
    from datetime import UTC, datetime

    return datetime.now(UTC)


def test_each_order_knows_the_export_its_state_comes_from(svc, store, now, tmp_path):
    """An order missing from the newest export (shipped, exported 待发货 only) keeps its older time."""
    a, b = douyin_row("6900000000000000001", "6900000000000000002"), douyin_row("6900000000000000003",
                                                                               "6900000000000000004")
    douyin_file(tmp_path / "both.xlsx", rows=[a, b])
    svc.import_files([tmp_path / "both.xlsx"], now=now - timedelta(hours=6))
    douyin_file(tmp_path / "only-a.xlsx", rows=[a])  # unchanged, but vouched for by the newer export
    svc.import_files([tmp_path / "only-a.xlsx"], now=now - timedelta(hours=1))
    with store.session() as s:
        seen = dict(s.execute(select(Order.order_id, Order.seen_at)).all())
    assert seen["6900000000000000001"] == (now - timedelta(hours=1)).astimezone(seen["6900000000000000001"].tzinfo)
    assert seen["6900000000000000003"] == (now - timedelta(hours=6)).astimezone(seen["6900000000000000003"].tzinfo)
    info = {i["seen_at"] for i in svc.order_info().values()}
    assert len(info) == 2
    (f,) = svc.freshness(now)
    assert str(f.age_hours) == "1.0"
    svc.import_files([tmp_path / "both.xlsx"], now=now)  # the old file again is no newer export
    assert str(svc.freshness(now)[0].age_hours) == "1.0"


def test_an_export_saved_before_watching_began_is_left_alone(svc, store, now, tmp_path):
    """Last month's export in the download folder would turn shipped orders back to unshipped."""
    import os

    old = douyin_file(tmp_path / "上个月.xlsx", rows=[douyin_row("6900000000000000001", "6900000000000000002")])
    new = douyin_file(tmp_path / "今天.xlsx", rows=[douyin_row("6900000000000000003", "6900000000000000004")])
    since = time.time() - 3600
    os.utime(old, (since - 86400 * 30, since - 86400 * 30))
    from datetime import UTC, datetime

    result = svc.watch_files([old, new], now, since=datetime.fromtimestamp(since, UTC))
    assert [r.file for r in result.files] == ["今天.xlsx"]
    assert result.skipped == [{"file": "上个月.xlsx", "reason": "自动导入开启之前保存的文件：如有需要请手动导入"}]
    assert order_count(store) == 1


def test_a_folder_that_cannot_be_read_is_reported_once(tmp_path, monkeypatch):
    """A network share whose permissions changed (root ignores chmod, so access is refused here)."""
    import os

    share = tmp_path / "share"
    share.mkdir()
    real = os.access
    denied = {"on": False}
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: not (denied["on"] and Path(p) == share) and
                        real(p, mode, **kw))
    with watching(share) as inbox:
        denied["on"] = True
        assert inbox.wait(lambda: inbox.problems)
        time.sleep(1.5)
        assert inbox.problems == [(share, "unreadable")]
        denied["on"] = False
        assert inbox.wait(lambda: inbox.back)
    assert inbox.back == [share]


def test_the_watch_command_keeps_watching_until_stopped(data_dir, tmp_path):
    """`watch DIR --json` as a seller's scheduled task runs it: a document per batch, SIGTERM ends it."""
    import os
    import signal
    import subprocess
    import sys

    dl = tmp_path / "dl"
    dl.mkdir()
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, str(root / "main.py"), "--data-dir", str(data_dir), "watch", str(dl),
                             "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
    try:
        douyin_file(dl / "抖店订单导出.xlsx")  # landing before or after the watch began: taken either way
        lines = []
        for line in proc.stdout:  # indent=1 JSON: a document ends with "}" alone on its line
            lines.append(line)
            if line.rstrip("\n") == "}":
                break
        doc = json.loads("".join(lines))
        assert [(f["file"], f["status"], f["created"]) for f in doc["files"]] == [("抖店订单导出.xlsx", "imported", 2)]
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0

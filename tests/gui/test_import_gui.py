"""The import flow in the GUI: mapping dialog, questions, summary choices, history (pytest-qt)."""

import threading

from PySide6.QtWidgets import QDialog, QMessageBox

from tests.factories import douyin_file, douyin_row, write_csv, write_xlsx
from ui.dialogs import import_dialog
from ui.dialogs.column_mapping import ColumnMappingDialog
from ui.dialogs.import_dialog import ImportHistoryDialog, ImportSummary, run_import

HEAD = ["订单编码", "付款时间", "宝贝名称", "件数", "实收", "状态", "规格编码"]
ROWS = [["2410750252453504", "2026-11-19 10:01:00", "睡衣", "1", "59.90", "待发货", "SS01-01"],
        ["2410750252453505", "2026-11-19 11:00:00", "杯子", "2", "78.00", "已发货", "SS02-01"]]


def unknown_file(path):
    return write_xlsx(path, [HEAD, *ROWS], title_rows=[["快手小店订单"]])


def run(qtbot, svc, now, paths, **kw):
    done = []
    run_import(None, svc, [str(p) for p in paths], now, on_done=done.append, **kw)
    qtbot.waitUntil(lambda: bool(done), timeout=15000)
    return done[0]


def test_mapping_dialog_previews_suggests_and_validates(qtbot, svc, tmp_path):
    dlg = ColumnMappingDialog(svc.import_preview(unknown_file(tmp_path / "k.xlsx")), platform="kuaishou")
    qtbot.addWidget(dlg)
    assert (dlg.table.rowCount(), dlg.table.columnCount()) == (2, len(HEAD))
    assert dlg.table.verticalHeaderItem(0).text() == "3"  # rows as Excel numbers them
    assert dlg.mapping()["order_id"] == "订单编码" and dlg.ok.isEnabled()
    assert dlg.samples["quantity"].text() == "1"
    dlg.set_column("quantity", "")
    assert not dlg.ok.isEnabled() and dlg.problem.text()
    dlg.set_column("quantity", "实收")  # the same column for two fields
    assert not dlg.ok.isEnabled()
    dlg.set_column("quantity", "件数")
    assert dlg.ok.isEnabled() and dlg.platform() == "kuaishou"


def test_unknown_layout_is_mapped_once_then_imported_automatically(qtbot, svc, now, tmp_path, monkeypatch):
    shown = []

    def accept_mapping(self):
        shown.append(self.preview.file)
        self.platform_box.setCurrentIndex(self.platform_box.findData("kuaishou"))
        return QDialog.Accepted

    monkeypatch.setattr(ColumnMappingDialog, "exec", accept_mapping)
    monkeypatch.setattr(ImportSummary, "exec", lambda self: QDialog.Accepted)
    (r,) = run(qtbot, svc, now, [unknown_file(tmp_path / "k.xlsx")])
    assert shown == ["k.xlsx"] and (r.status, r.platform, r.orders) == ("imported", "kuaishou", 2)
    later = write_xlsx(tmp_path / "k2.xlsx", [HEAD, ["2410750252453999", "2026-11-20 09:00:00", "帽子", "1", "9.90",
                                                     "待发货", "SS03-01"]])
    (r,) = run(qtbot, svc, now, [later])
    assert shown == ["k.xlsx"] and (r.status, r.created) == ("imported", 1)  # no second question


def test_valid_rows_only_is_an_explicit_choice_from_the_summary(qtbot, svc, now, tmp_path, monkeypatch):
    rows = [douyin_row("6900000000000000001", "6900000000000000002"),
            douyin_row("6900000000000000003", "6900000000000000004", qty="两件")]
    f = douyin_file(tmp_path / "b.xlsx", rows=rows)
    (r,) = svc.import_files([f], now=now)
    dlg = ImportSummary([r])
    qtbot.addWidget(dlg)
    assert dlg.valid_rows_button is not None and dlg.table.item(0, 1).text() == "3"
    assert dlg.table.item(0, 3).text() == "第3行「商品数量」不是数字：两件"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.No)
    dlg.valid_rows_button.click()
    assert dlg.result() != ImportSummary.RETRY_VALID_ROWS  # said no: nothing happens
    answers = iter([ImportSummary.RETRY_VALID_ROWS, QDialog.Accepted])
    monkeypatch.setattr(ImportSummary, "exec", lambda self: next(answers))
    (r,) = run(qtbot, svc, now, [f])
    assert (r.status, r.rows, r.created) == ("imported", 1, 1)


def test_ambiguous_tiktok_dates_are_asked_and_the_answer_remembered(qtbot, svc, now, tmp_path, monkeypatch):
    head = ["Order ID", "Order Status", "Seller SKU", "Product Name", "Quantity", "SKU Subtotal After Discount",
            "Paid Time"]
    f = write_csv(tmp_path / "t.csv", [head, ["576068524680650956", "To ship", "A", "x", "1", "1.00",
                                              "03/04/2026 10:00:00"]])
    asked = []
    monkeypatch.setattr(import_dialog, "ask_date_order", lambda parent, r: asked.append(r.file) or ("DMY", True))
    monkeypatch.setattr(ImportSummary, "exec", lambda self: QDialog.Accepted)
    (r,) = run(qtbot, svc, now, [f])
    assert asked == ["t.csv"] and r.status == "imported"
    assert svc.settings["tiktok.date_order"] == "DMY"


def test_import_history_shows_file_hash_counts_and_outcome(qtbot, svc, now, tmp_path):
    svc.import_files([douyin_file(tmp_path / "a.xlsx"), write_csv(tmp_path / "e.csv", [["x"]])], now=now)
    dlg = ImportHistoryDialog(svc.import_history(), svc.tz, now)
    qtbot.addWidget(dlg)
    t = dlg.table
    cells = [[t.item(i, j).text() for j in range(t.columnCount())] for i in range(t.rowCount())]
    assert [c[1] for c in cells] == ["e.csv", "a.xlsx"]  # newest first
    assert cells[1][4:9] == ["2", "2", "2", "0", "0"] and len(cells[1][10]) == 12
    assert cells[0][9] != cells[1][9] and cells[0][11]  # rejected, with its reason


def test_history_is_in_the_file_menu_and_the_progress_cancel_stops_the_import(qtbot, svc, now, tmp_path,
                                                                             monkeypatch):
    from PySide6.QtWidgets import QProgressDialog

    from ui.main_window import MainWindow

    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    opened = []
    monkeypatch.setattr(ImportHistoryDialog, "exec", lambda self: opened.append(self.table.rowCount()))
    w.act_history.trigger()
    qtbot.waitUntil(lambda: bool(opened))  # the history is read on a worker (#15), then the dialog opens
    assert opened == [0] and w.act_history in w.menuBar().actions()[0].menu().actions()

    seen = []
    monkeypatch.setattr(ImportSummary, "exec", lambda self: seen.append([r.status for r in self.results]) or 1)
    orig = svc.import_files
    go = threading.Event()

    def held(paths, **kw):  # the worker waits until the seller has pressed 取消
        go.wait(10)
        return orig(paths, **kw)

    monkeypatch.setattr(svc, "import_files", held)
    w.import_paths([str(douyin_file(tmp_path / "d.xlsx"))])
    (dlg,) = w.findChildren(QProgressDialog)
    dlg.canceled.emit()  # what the 取消 button does, on the GUI thread
    go.set()
    qtbot.waitUntil(lambda: bool(seen), timeout=15000)
    assert seen == [["cancelled"]] and svc.counts()["orders"] == 0


def test_summary_shows_what_was_imported_with_a_doubt(qtbot, svc, now, tmp_path):
    from PySide6.QtWidgets import QLabel

    # one status known, one not (a file none of whose statuses is known is refused instead)
    f = douyin_file(tmp_path / "s.xlsx", rows=[douyin_row("6900000000000000001", "6900000000000000002",
                                                           status="待审核"),
                                               douyin_row("6900000000000000003", "6900000000000000004")])
    (r,) = svc.import_files([f], now=now)
    dlg = ImportSummary([r])
    qtbot.addWidget(dlg)
    texts = [lbl.text() for lbl in dlg.findChildren(QLabel)]
    assert any("待审核" in t and "⚠" in t for t in texts) and dlg.table is None

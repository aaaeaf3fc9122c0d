"""The 备份与恢复 page and the damaged-database dialog at GUI start (pytest-qt, real store)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QApplication

from app.store import backup as engine
from tests import pgserver
from ui import fmt


@pytest.fixture(autouse=True)
def chinese(qapp):
    """The seller's default: zh_CN (the damaged dialog installs it itself, the page follows the shop)."""
    from ui import i18n

    if not i18n.qm_path("zh_CN").exists():
        pytest.skip("translations not built (scripts/i18n.py build)")
    i18n.install(qapp, "zh_CN")
    yield
    i18n.uninstall(qapp)


def _count(db, table="orders"):
    con = sqlite3.connect(db)
    try:
        return con.execute(f"select count(*) from {table}").fetchone()[0]
    finally:
        con.close()


def _page(qtbot, svc, now, answers=None):
    from ui.dialogs.backup_page import BackupDialog

    asked = []

    def confirm(box):
        asked.append((box.text(), box.informativeText()))
        return answers.pop(0) if answers else True

    dlg = BackupDialog(svc, lambda: now, confirm=confirm)
    qtbot.addWidget(dlg)
    return dlg, asked


def _finish(qtbot, dlg, action, expect):
    with qtbot.waitSignal(dlg.finished_task, timeout=20000) as blocker:
        action()
    assert blocker.args == [expect], dlg.status.text()


def test_the_page_lists_backups_with_what_they_hold(qtbot, svc, now):
    svc.load_demo(now)
    old = svc.backups.take("auto", now=datetime.now(UTC) - timedelta(days=1))
    new = svc.backups.take("manual")
    dlg, _ = _page(qtbot, svc, now)
    assert dlg.table.rowCount() == 2
    cells = [dlg.table.item(0, j).text() for j in range(dlg.COLUMNS)]
    assert cells[1] == "手动" and dlg.table.item(1, 1).text() == "自动"
    assert cells[3] == fmt.number(new.orders) and cells[4] == fmt.number(new.skus) and new.orders > 0
    assert cells[2].endswith("KB") or cells[2].endswith("MB")
    assert dlg.table.item(1, 0).toolTip() == str(old.path)
    assert str(svc.backups.folder) in dlg.intro.text()


def test_back_up_now_runs_off_the_gui_thread_and_lists_the_copy(qtbot, svc, now):
    svc.load_demo(now)
    dlg, _ = _page(qtbot, svc, now)
    assert dlg.table.rowCount() == 0 and "还没有备份" in dlg.status.text()
    _finish(qtbot, dlg, dlg.backup_button.click, "backup")
    assert dlg.table.rowCount() == 1 and "已备份" in dlg.status.text()
    assert svc.backups.list()[0].path.exists()


def test_restore_asks_naming_what_is_replaced_and_keeps_the_current_data_aside(qtbot, svc, now):
    from sqlalchemy import delete

    from app.store.models import OrderLine

    svc.load_demo(now)
    lines = _count(svc.store.db_path, "order_lines")
    copy = svc.backups.take("manual", now=now - timedelta(hours=1))
    with svc.store.session() as s:
        s.execute(delete(OrderLine))
    dlg, asked = _page(qtbot, svc, now, answers=[False, True])
    restored = []
    dlg.restored.connect(restored.append)
    dlg.table.selectRow(0)
    dlg.restore_selected()  # declined: nothing happens
    assert len(asked) == 1 and _count(svc.store.db_path, "order_lines") == 0 and not restored
    _finish(qtbot, dlg, dlg.restore_selected, "restore")
    question, detail = asked[1]
    assert fmt.number(copy.orders) in question and "SKU" in question
    current = svc.counts()  # the numbers of the data being replaced are in the question
    assert f"{fmt.number(current['orders'])} 单" in detail and "恢复前" in detail
    assert _count(svc.store.db_path, "order_lines") == lines
    assert restored and "before-restore" in restored[0].kept_aside.name and restored[0].kept_aside.exists()
    assert [b.label for b in svc.backups.list()][0] == "before-restore"  # the list was re-read
    assert dlg.table.item(0, 1).text() == "恢复前"


def test_second_folder_chosen_on_the_page_gets_every_backup(qtbot, svc, now, tmp_path):
    svc.load_demo(now)
    dlg, _ = _page(qtbot, svc, now)
    assert "未设置" in dlg.second_label.text() and not dlg.second_clear.isEnabled()
    second = tmp_path / "OneDrive" / "店哨"
    dlg.choose_second_folder(str(second))
    assert dlg.second_label.text() == str(second) and dlg.second_clear.isEnabled()
    _finish(qtbot, dlg, dlg.backup_button.click, "backup")
    assert [p.name for p in second.glob("*.db*") if not p.name.endswith(".json")] == [svc.backups.list()[0].path.name]
    dlg.set_second_folder(None)
    assert svc.backups.second_folder is None and "未设置" in dlg.second_label.text()


def test_a_failed_backup_is_said_on_the_page_in_words(qtbot, svc, now, tmp_path):
    svc.load_demo(now)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    svc.backups.set_second_folder(str(blocker / "sub"))
    dlg, _ = _page(qtbot, svc, now)
    _finish(qtbot, dlg, dlg.backup_button.click, "failed")
    assert "第二个文件夹" in dlg.status.text() and "Traceback" not in dlg.status.text()
    assert dlg.backup_button.isEnabled()  # the page is usable again


def test_move_to_a_new_pc_through_the_page(qtbot, svc, now, tmp_path):
    from app.services import Services

    svc.load_demo(now)
    svc.set_setting("risk.stop_ship_regions", ["新疆"])
    stock = [s.to_json() for s in svc.stock(now)]
    dlg, _ = _page(qtbot, svc, now)
    shop = tmp_path / "我的店.shopsentry"
    _finish(qtbot, dlg, lambda: dlg.export_shop(str(shop)), "export")
    assert shop.exists() and str(shop) in dlg.status.text()

    other = Services.open(tmp_path / "new-pc")
    try:
        page, asked = _page(qtbot, other, now)
        replaced = []
        page.restored.connect(replaced.append)
        _finish(qtbot, page, lambda: page.import_shop(str(shop)), "import")
        assert shop.name in asked[0][0] and replaced
        assert [s.to_json() for s in other.stock(now)] == stock
        assert other.settings["risk.stop_ship_regions"] == ["新疆"]
    finally:
        other.store.dispose()


def test_the_menu_opens_the_page_and_a_backup_alert_lands_on_it(qtbot, window, monkeypatch):
    from ui.dialogs.backup_page import BackupDialog

    opened = []
    monkeypatch.setattr(BackupDialog, "exec", lambda self: opened.append(self) or 0)
    window.act_backups.trigger()
    window.open_target("backup", None)
    assert len(opened) == 2 and opened[0].windowTitle() == "备份与恢复"


# -- the damaged database at start ------------------------------------------------------------
def _damage_randomly(db):
    for side in ("-wal", "-shm"):
        (db.parent / (db.name + side)).unlink(missing_ok=True)
    db.write_bytes(bytes(range(256)) * (db.stat().st_size // 256))


def _damage_one_table(db, table="orders"):
    """Overwrite the root page of one table: SQLite still reads the others (a salvage case)."""
    con = sqlite3.connect(db)
    con.execute("pragma wal_checkpoint(truncate)")
    root = con.execute("select rootpage from sqlite_master where name=?", (table,)).fetchone()[0]
    size = con.execute("pragma page_size").fetchone()[0]
    con.close()
    raw = bytearray(db.read_bytes())
    raw[(root - 1) * size: root * size] = b"\xff" * size
    db.write_bytes(bytes(raw))


@pytest.fixture
def shop(data_dir, now):
    """A shop with the demo data, closed, as the GUI finds it at start."""
    from app.services import Services

    svc = Services.open(data_dir)
    svc.load_demo(now)
    stock = [s.to_json() for s in svc.stock(now)]
    skus = _count(svc.store.db_path, "skus")
    svc.store.dispose()
    return svc, stock, skus


def _start(data_dir, run):
    from ui.app import open_services

    return open_services(QApplication.instance(), data_dir, None, data_dir / "logs" / "shopsentry.log", damaged=run)


def test_damaged_database_at_gui_start_offers_and_restores_the_newest_backup(qtbot, data_dir, shop, now):
    svc, stock, _ = shop
    svc.store.dispose()
    copy = svc.backups.take("manual").path
    svc.store.dispose()
    db = data_dir / "shopsentry.db"
    _damage_randomly(db)
    damaged = db.read_bytes()
    seen = []

    def run(dialog):
        qtbot.addWidget(dialog)
        seen.append(dialog)
        assert dialog.restore_button.isEnabled() and not dialog.salvage_button.isEnabled()  # nothing readable
        dialog.restore_button.click()
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20000)

    opened = _start(data_dir, run)
    try:
        assert opened is not None and seen[0].outcome == "restored"
        assert seen[0].mend_result.restored == copy
        assert [s.to_json() for s in opened.stock(now)] == stock  # exactly the same stock
        assert [p.read_bytes() for p in (data_dir / "backups" / "damaged").glob("*.db")] == [damaged]
    finally:
        opened and opened.store.dispose()


def test_damaged_database_without_a_backup_is_salvaged_into_a_new_file(qtbot, data_dir, shop, now):
    _svc, _stock, skus = shop
    db = data_dir / "shopsentry.db"
    _damage_one_table(db, "orders")
    seen = []

    def run(dialog):
        qtbot.addWidget(dialog)
        seen.append(dialog)
        assert not dialog.restore_button.isEnabled() and dialog.salvage_button.isEnabled()
        dialog.salvage_button.click()
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20000)

    opened = _start(data_dir, run)
    try:
        assert opened is not None and seen[0].outcome == "salvaged" and seen[0].mend_result.rows > 0
        assert engine.check(db, full=True) is None
        assert _count(db, "skus") == skus and opened.stock(now)  # what could be read is back and opens
        assert seen[0].mend_result.kept_aside.exists()
    finally:
        opened and opened.store.dispose()


def test_quitting_the_damaged_dialog_leaves_the_file_as_it_was(qtbot, data_dir, shop):
    db = data_dir / "shopsentry.db"
    _damage_randomly(db)
    damaged = db.read_bytes()

    def run(dialog):
        qtbot.addWidget(dialog)
        from PySide6.QtWidgets import QLabel

        said = " ".join(label.text() for label in dialog.findChildren(QLabel))
        assert "shopsentry.db" in said and "不会被删除" in said
        dialog.quit_button.click()

    assert _start(data_dir, run) is None
    assert db.read_bytes() == damaged


def test_the_unattended_start_names_the_backup_instead_of_a_dialog(data_dir, shop, capsys):
    from ui.app import open_services

    svc, _, _ = shop
    copy = svc.backups.take("manual").path
    svc.store.dispose()
    _damage_randomly(data_dir / "shopsentry.db")
    assert open_services(QApplication.instance(), data_dir, None, data_dir / "x.log", unattended=True) is None
    said = capsys.readouterr().err
    assert copy.name in said and "restore --latest" in said and "Traceback" not in said


def test_the_dialog_offers_the_newest_good_backup_when_the_newest_is_damaged(qtbot, data_dir, shop, now):
    svc, stock, _ = shop
    good = svc.backups.take("manual", now=datetime.now(UTC) - timedelta(hours=1)).path
    bad = svc.backups.take("manual").path
    bad.write_bytes(bad.read_bytes()[:100])
    svc.store.dispose()
    _damage_randomly(data_dir / "shopsentry.db")
    seen = []

    def run(dialog):
        qtbot.addWidget(dialog)
        seen.append(dialog)
        assert dialog.newest is not None and dialog.newest.path == good and dialog.restore_button.isEnabled()
        dialog.restore_button.click()
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20000)

    opened = _start(data_dir, run)
    try:
        assert seen[0].mend_result.restored == good
        assert [s.to_json() for s in opened.stock(now)] == stock
    finally:
        opened and opened.store.dispose()


@pytest.mark.parametrize("dialect", [pytest.param("postgresql", marks=pytest.mark.skipif(
    not pgserver.admin_url(), reason=pgserver.NO_SERVER))], indirect=True)
def test_on_a_shared_server_the_page_says_a_restore_replaces_the_shop_for_every_computer(qtbot, svc, now, dialect):
    from sqlalchemy import delete, func, select

    from app.store.models import Order

    svc.load_demo(now)
    svc.backups.take("manual", now=now - timedelta(hours=1))
    with svc.store.session() as s:
        total = s.scalar(select(func.count(Order.id)))
        s.execute(delete(Order))
    dlg, asked = _page(qtbot, svc, now)
    assert "共享数据库" in dlg.intro.text() and "pg_dump" in dlg.intro.text()
    dlg.table.selectRow(0)
    _finish(qtbot, dlg, dlg.restore_selected, "restore")
    _question, detail = asked[0]
    assert "所有使用它的电脑" in detail and "恢复前" in detail and "0 单" in detail
    with svc.store.session() as s:
        assert s.scalar(select(func.count(Order.id))) == total  # the server itself holds the backup again
    assert "所有使用共享数据库的电脑" in dlg.status.text()

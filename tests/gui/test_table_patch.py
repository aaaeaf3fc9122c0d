"""A refresh patches the tabs' rows instead of resetting the model (#23, ui/models/patch.py): a
changed row is repainted alone, added and removed rows are inserted and removed, a row the sort
puts elsewhere is moved; the selection and the rows in view stay; 标记已发送 moves on to the next
task before the queue is read again."""

import random

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QTableView

from app.labels import TEMPLATES
from tests.gui.test_contact_tab import run_inline
from ui.models.record_model import Column, RecordTableModel, number_column


class Signals(list):
    """What the model told its views, in order."""

    def __init__(self, model):
        super().__init__()
        model.modelReset.connect(lambda: self.append(("reset",)))
        model.dataChanged.connect(lambda a, b, *_: self.append(("changed", a.row(), b.row())))
        model.rowsInserted.connect(lambda _p, a, b: self.append(("inserted", a, b)))
        model.rowsRemoved.connect(lambda _p, a, b: self.append(("removed", a, b)))
        model.rowsMoved.connect(lambda _p, a, _b, _d, to: self.append(("moved", a, to)))
        model.layoutChanged.connect(lambda *_: self.append(("layout",)))


def rows(n, **changed):
    out = [{"id": i, "name": f"n{i:03d}", "qty": i} for i in range(n)]
    for i, qty in changed.items():
        out[int(i[1:])]["qty"] = qty
    return out


def model_of(n=10):
    m = RecordTableModel([Column("name", "Name", lambda r: r["name"]), number_column("qty", "Qty", lambda r: r["qty"])],
                         key=lambda r: r["id"])
    m.set_rows(rows(n))
    return m, Signals(m)


def ids(m):
    return [r["id"] for r in m.visible_rows()]


def test_one_changed_row_is_repainted_alone_without_a_reset(qtbot):
    m, got = model_of()
    m.set_rows(rows(10, r4=99))
    assert got == [("changed", 4, 4)]
    assert m.index(4, 1).data() == "99"


def test_adjacent_changed_rows_come_as_one_range(qtbot):
    m, got = model_of()
    m.set_rows(rows(10, r2=50, r3=51, r7=52))
    assert got == [("changed", 2, 3), ("changed", 7, 7)]


def test_added_and_removed_rows_are_inserted_and_removed(qtbot):
    m, got = model_of()
    new = [r for r in rows(10) if r["id"] not in (2, 3)] + [{"id": 10, "name": "n010", "qty": 10}]
    m.set_rows(new)
    assert got == [("removed", 2, 3), ("inserted", 8, 8)]
    assert ids(m) == [0, 1, 4, 5, 6, 7, 8, 9, 10]
    got.clear()
    m.set_rows(rows(1) + [{"id": 42, "name": "x", "qty": 0}] + new[1:])
    assert got == [("inserted", 1, 1)] and ids(m)[:3] == [0, 42, 1]


def test_a_row_the_sort_puts_elsewhere_is_moved_not_reset(qtbot):
    m, got = model_of()
    m.sort(1, Qt.AscendingOrder)
    got.clear()
    m.set_rows(rows(10, r1=100))  # qty 1 → 100: from the second row to the last
    assert ("reset",) not in got and ("moved", 1, 10) in got and ("changed", 9, 9) in got
    assert ids(m) == [0, 2, 3, 4, 5, 6, 7, 8, 9, 1]
    m.set_rows(rows(10, r1=100, r8=-1))  # and one up: to the top
    assert ids(m) == [8, 0, 2, 3, 4, 5, 6, 7, 9, 1]


def test_many_moves_are_one_layout_change_and_the_selection_follows_its_row(qtbot):
    m, got = model_of(300)
    m.sort(1, Qt.AscendingOrder)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(m)
    view.selectionModel().setCurrentIndex(m.index(150, 0), QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
    got.clear()
    m.set_rows(rows(300, **{f"r{i}": 1000 + i for i in range(0, 140, 2)}))  # 70 rows to the end, 150 stays
    assert ("reset",) not in got and ("layout",) in got
    assert ids(m) == sorted(range(300), key=lambda i: 1000 + i if i < 140 and i % 2 == 0 else i)
    assert m.row_at(view.selectionModel().currentIndex().row())["id"] == 150
    assert [m.row_at(i.row())["id"] for i in view.selectionModel().selectedRows()] == [150]


def test_past_half_the_rows_changed_the_model_resets(qtbot):
    m, got = model_of()
    m.set_rows(rows(10, **{f"r{i}": -i - 1 for i in range(6)}))
    assert got == [("reset",)]


def test_the_filter_hides_and_shows_rows_through_the_patch(qtbot):
    m, got = model_of()
    m.set_filter(lambda r: r["qty"] < 50)
    got.clear()
    m.set_rows(rows(10, r3=60))  # row 3 leaves the filter
    assert got == [("removed", 3, 3)] and m.row_of_key(3) == -1
    m.set_rows(rows(10))
    assert got[-1] == ("inserted", 3, 3) and m.row_of_key(3) == 3


# -- the tabs ------------------------------------------------------------------------------


def _shown(qtbot, w, tab):
    w.resize(1280, 800)
    w.show()
    w.tabs.setCurrentWidget(tab)
    qtbot.waitExposed(w)


def top_key(tab):
    return tab.row_key(tab.model.row_at(tab.table.rowAt(0)))


def test_contact_refresh_patches_one_task_keeps_the_selection_and_the_rows_in_view(qtbot, window):
    tab = window.contact
    tab.run_read = run_inline  # the re-list on the calling thread
    _shown(qtbot, window, tab)
    rows_now = tab.model.visible_rows()
    assert len(rows_now) > 30
    chosen = rows_now[25].task_id
    tab.select_key(chosen)
    bar = tab.table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    value, top = bar.value(), top_key(tab)
    other = next(r for r in rows_now[:10] if r.status == "todo")
    window.svc.contact.add_note(other.task_id, "买家在线", window.now())  # elsewhere: not a shown field
    other_template = next(t for t in TEMPLATES if t != other.template)
    window.svc.contact.apply_choice(other.task_id, window.now(), template=other_template)  # a shown one
    got = Signals(tab.model)
    tab.relist()
    at = tab.model.row_of_key(other.task_id)
    assert ("reset",) not in got and ("changed", at, at) in got
    assert tab.model.row_at(at).notes  # the row holds the new values, the detail reads them
    assert tab.current_row().task_id == chosen and [r.task_id for r in tab.selected_rows()] == [chosen]
    assert bar.value() == value and top_key(tab) == top


def test_a_row_leaving_above_the_view_does_not_shift_the_table(qtbot, window):
    tab = window.contact
    tab.run_read = run_inline
    _shown(qtbot, window, tab)
    tab.set_status_filter("todo")
    rows_now = tab.model.visible_rows()
    assert len(rows_now) > 30
    bar = tab.table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    chosen = tab.model.row_at(tab.table.rowAt(tab.table.viewport().height() // 2)).task_id
    tab.select_key(chosen)
    top = top_key(tab)
    first = rows_now[0]
    assert tab.model.row_of_key(top) > 3
    window.svc.contact.transition(first.task_id, "sent", window.now())  # another PC sent the first
    got = Signals(tab.model)
    tab.relist()
    assert ("removed", 0, 0) in got and ("reset",) not in got and tab.model.row_of_key(first.task_id) == -1
    assert top_key(tab) == top and tab.current_row().task_id == chosen


def test_mark_sent_selects_the_next_task_before_the_relist_arrives(qtbot, window):
    tab = window.contact
    _shown(qtbot, window, tab)
    writes, reads = [], []
    tab.run_write = lambda fn, done, failed: writes.append((fn, done, failed))
    tab.run_read = lambda fn, done, failed: reads.append((fn, done, failed))
    todo = [r for r in tab.model.visible_rows() if r.status == "todo"]
    tab.select_key(todo[0].task_id)
    got = Signals(tab.model)
    tab.mark_sent()
    # at once, the write not run yet and nothing read: the next task is selected and shown …
    assert writes and not reads
    assert tab.current_row().task_id == todo[1].task_id and tab.editor.toPlainText() == todo[1].message
    # … and the acted-on row shows its new state and next action, repainted alone
    at = tab.model.row_of_key(todo[0].task_id)
    acted = tab.model.row_at(at)
    assert acted.status == "sent" and acted.due_kind == "follow_up"
    assert "Follow up" in tab.model.index(at, 0).data() or "跟进" in tab.model.index(at, 0).data()
    assert got == [("changed", at, at)]
    fn, done, _ = writes.pop()
    done(fn())  # the write lands: the queue alone is read again (on a worker in the app)
    assert len(reads) == 1
    fn, done, _ = reads.pop()
    done(fn())
    assert ("reset",) not in got
    assert tab.current_row().task_id == todo[1].task_id
    assert tab.model.row_at(tab.model.row_of_key(todo[0].task_id)).status == "sent"
    shown = tab.model.all_rows()  # the totals the re-list's worker counted: the rows' own
    assert [c.value.text() for c, _ in tab.cards][:2] == [str(sum(r.status == s for r in shown)) for s in ("todo", "sent")]
    assert [c.value.text() for c, _ in tab.cards][1] == "1"
    QGuiApplication.processEvents()


def test_risk_refresh_removes_a_shipped_order_and_keeps_the_selected_one(qtbot, window, now):
    tab = window.risk
    _shown(qtbot, window, tab)
    rows_now = tab.model.visible_rows()
    chosen, gone = rows_now[5].order_pk, rows_now[1].order_pk
    tab.select_key(chosen)
    got = Signals(tab.model)
    window.svc.mark_shipped([gone], now)
    window.refresh_sync()
    assert ("removed", 1, 1) in got and ("reset",) not in got
    assert tab.model.row_of_key(gone) == -1 and tab.current_row().order_pk == chosen


def test_inventory_refresh_repaints_the_sku_that_moved(qtbot, window, now):
    tab = window.inventory
    _shown(qtbot, window, tab)
    sku = next(r for r in tab.model.visible_rows() if r.status == "normal" and not r.bundle)
    tab.select_key(sku.sku)
    got = Signals(tab.model)
    window.svc.inventory.adjust(sku.sku_id, -1, "damaged", now)
    window.refresh_sync()
    at = tab.model.row_of_key(sku.sku)
    assert ("reset",) not in got and any(g[0] == "changed" and g[1] <= at <= g[2] for g in got)
    assert tab.current_row().on_hand == sku.on_hand - 1


@pytest.mark.parametrize("seed", range(40))
def test_random_refreshes_end_in_the_new_rows_with_consistent_signals(qtbot, seed):
    """Rows removed, added, changed and reordered at random (under a sort or not): the model ends
    holding exactly the new rows, and Qt's model tester finds every signal consistent."""
    said = []
    before = qInstallMessageHandler(lambda _mode, _ctx, text: said.append(text))
    try:
        _random_refreshes(random.Random(seed), seed % 2)
    finally:
        qInstallMessageHandler(before)
    assert not [x for x in said if "FAIL" in x]


def _random_refreshes(rnd, sort: bool) -> None:
    m, got = model_of(rnd.choice((8, 40, 300)))
    QAbstractItemModelTester(m, QAbstractItemModelTester.FailureReportingMode.Warning, m)
    if sort:
        m.sort(1, Qt.AscendingOrder)
    next_id = 1000
    for _ in range(4):
        new = [dict(r) for r in m.all_rows() if rnd.random() > 0.05]
        for r in rnd.sample(new, k=min(len(new), rnd.randint(0, 6))):
            r["qty"] = rnd.randint(-50, 400)
        for _ in range(rnd.randint(0, 3)):
            new.insert(rnd.randint(0, len(new)), {"id": next_id, "name": f"x{next_id}", "qty": rnd.randint(0, 300)})
            next_id += 1
        if rnd.random() < 0.3:  # rows handed in another order
            a, b = rnd.randrange(len(new)), rnd.randrange(len(new))
            new[a], new[b] = new[b], new[a]
        m.set_rows(new)
        want = sorted(new, key=lambda r: r["qty"]) if sort else new
        assert ids(m) == [r["id"] for r in want]
        assert [m.index(i, 1).data() for i in range(m.rowCount())] == [str(r["qty"]) for r in want]

"""The "Platform rules" settings page: tables shown, numbers and promises overridden, pauses and
stop-ship regions edited, problems named; and the engine follows what was saved."""

from datetime import timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, QTime

from ui import style
from ui.dialogs.rules_page import KEY_ROLE, OVERRIDDEN_BG, RulesPage
from ui.dialogs.settings_dialog import SettingsDialog

H = timedelta(hours=1)


@pytest.fixture
def page(qtbot, svc):
    p = RulesPage(svc.settings, svc.rule_tables(), svc.rule_problems)
    qtbot.addWidget(p)
    return p


def cell(platform_page, key):
    t = platform_page.bands if key.startswith("deductions.") else platform_page.shop
    for r in range(t.rowCount()):
        for c in range(t.columnCount()):
            it = t.item(r, c)
            if it is not None and it.data(KEY_ROLE) == key:
                return it
    raise KeyError(key)


def test_every_platform_table_is_shown_as_rows(page, svc):
    tables = svc.rule_tables()
    assert list(page.pages) == list(tables)
    for platform, table in tables.items():
        pp = page.pages[platform]
        assert pp.bands.rowCount() == sum(len(d["bands"]) for d in table["deductions"].values())
        assert pp.shop.rowCount() == len(table.get("shop") or {})
        headers = [pp.bands.horizontalHeaderItem(c).text() for c in range(pp.bands.columnCount())]
        assert headers == ["Deduction", "When", "Rate", "Min ¥", "Max ¥", "Rounding", "Effective", "Verified", "Source"]
    dy = page.pages["douyin"]
    # 发货超时, promise ≤ 240 h and late ≤ 48 h: 1 % (2–50), whole yuan, 2026-08-10
    row = [dy.bands.item(2, c).text() for c in range(9)]
    assert row[:8] == ["", "promise ≤ 240 h, late ≤ 48 h", "1%", "2", "50", "whole yuan", "2026-08-10", "yes"]
    assert dy.bands.item(0, 0).text() == "发货超时"
    assert "Product ban" in dy.shop.item(0, 0).text()  # a readable name, not the key
    pdd = page.pages["pdd"]
    assert {pdd.bands.item(r, 7).text() for r in range(pdd.bands.rowCount())} == {"unverified"}
    assert pdd.bands.item(0, 2).text() == "¥3"  # a fixed amount per order
    assert "(unverified)" in page.list.item(list(page.pages).index("pdd")).text()


def test_changing_a_number_is_an_override_and_restore_undoes_it(page):
    dy = page.pages["douyin"]
    it = cell(dy, "deductions.late.bands.2.max")
    it.setText("40")
    assert dy.overrides == {"deductions.late.bands.2.max": "40"}
    assert it.background().color() == OVERRIDDEN_BG and it.font().bold()
    assert "50" in it.toolTip()
    cell(dy, "deductions.late.bands.2.percent").setText("1.5%")
    cell(dy, "shop.auto_close_days").setText("300")
    assert page.values()["rules.overrides"] == {"douyin": {"deductions.late.bands.2.max": "40",
                                                           "deductions.late.bands.2.percent": "1.5",
                                                           "shop.auto_close_days": 300}}
    assert page.problems() == []
    it.setText("50")  # back to the platform's number: no override
    assert "deductions.late.bands.2.max" not in dy.overrides
    dy.restore()
    assert dy.overrides == {} and page.values()["rules.overrides"] == {}
    assert cell(dy, "deductions.late.bands.2.percent").text() == "1%"


def test_a_bad_number_is_named_and_the_dialog_stays_open(qtbot, svc):
    dlg = SettingsDialog(svc.settings, svc)
    qtbot.addWidget(dlg)
    page = dlg.rules_page
    cell(page.pages["taobao"], "deductions.late.bands.0.min").setText("abc")
    cell(page.pages["taobao"], "deductions.late.bands.1.min").setText("40")  # above its max of 30
    problems = page.problems()
    assert any("deductions.late.bands.0.min" in p for p in problems)
    assert any("deductions.late.bands.1.min" in p for p in problems)
    assert "deductions.late.bands.0.min" in page.error.text()
    assert page.stack.currentWidget() is page.pages["taobao"]
    dlg._accept()
    assert dlg.result() == 0 and "rules.overrides" not in dlg.changed(svc.settings)


def test_shop_promises_pauses_and_regions_are_saved_and_used(qtbot, svc, make_order, now):
    dlg = SettingsDialog(svc.settings, svc)
    qtbot.addWidget(dlg)
    page = dlg.rules_page
    dy = page.pages["douyin"]
    dy.promise.setCurrentIndex(dy.promise.findData("same_day"))
    assert dy.cutoff.isEnabled() and dy.cutoff.time() == QTime(16, 0)
    dy.cutoff.setTime(QTime(15, 0))
    dy.presale.setValue(15)
    tb = page.pages["taobao"]
    tb.promise.setCurrentIndex(tb.promise.findData("__hours"))
    assert tb.hours.isVisibleTo(tb) and not tb.cutoff.isEnabled()
    tb.hours.setValue(36)
    page.pauses.add("taobao", QDate(2026, 11, 21), QDate(2026, 11, 21))
    page.regions.setPlainText("新疆\n\n 西藏 \n")
    cell(dy, "deductions.late.bands.2.max").setText("40")
    dlg._accept()
    assert dlg.result() == 1
    changed = dlg.changed(svc.settings)
    assert changed["risk.shop_options"] == {"douyin": {"promise": "same_day", "cutoff": "15:00", "presale_days": 15},
                                            "taobao": {"promise_hours": 36}}
    assert changed["risk.pauses"] == [{"platform": "taobao", "from": "2026-11-21", "to": "2026-11-21"}]
    assert changed["risk.stop_ship_regions"] == ["新疆", "西藏"]
    for k, v in changed.items():
        svc.set_setting(k, v)

    make_order("d1", "douyin", paid=now.replace(hour=15, minute=1))  # after the 15:00 cut-off
    make_order("t1", "taobao", paid=now - 20 * H)                   # 36 h → 16 h left, + the paused day
    make_order("d2", "douyin", paid=now - 90 * H, province="西藏自治区")     # 11-17 00:00 → due 11-17 23:59:59
    risks = {r.order_id: r for r in svc.risk(now)}
    assert risks["d1"].ship_by == (now + 24 * H).replace(hour=23, minute=59, second=59)
    assert risks["t1"].ship_by == now + 16 * H + 24 * H
    assert risks["d2"].stop_ship
    # same_day is a ≤ 48 h promise and d2 is 66 h late: band "promise ≤ 48 h" 1 % of 59.90 → the 2 元 minimum
    assert risks["d2"].level == "overdue" and risks["d2"].penalty_estimate == Decimal("2.00")

    # the page opens again with what was saved
    again = RulesPage(svc.settings, svc.rule_tables(), svc.rule_problems)
    qtbot.addWidget(again)
    dy2 = again.pages["douyin"]
    assert dy2.promise.currentData() == "same_day" and dy2.cutoff.time() == QTime(15, 0)
    assert dy2.presale.value() == 15 and cell(dy2, "deductions.late.bands.2.max").text() == "40"
    assert again.pages["taobao"].hours.value() == 36
    assert again.pauses.values() == [{"platform": "taobao", "from": "2026-11-21", "to": "2026-11-21"}]
    again.pauses.table.selectRow(0)
    again.pauses.remove_selected()
    assert again.pauses.values() == []


@pytest.fixture
def make_order(store):
    from app.store.models import Order, OrderLine

    def make(oid, platform, paid, **kw):
        with store.session() as s:
            o = Order(platform=platform, order_id=oid, status="unshipped", paid_at=paid, amount_paid_fen=5990, **kw)
            o.lines.append(OrderLine(line_id=f"{oid}-1", sku_code="A", quantity=1))
            s.add(o)

    return make


def test_a_broken_rule_table_is_named_at_start_up(qtbot, data_dir, monkeypatch):
    import sys

    from PySide6.QtWidgets import QMessageBox

    from app.risk.rules import RuleError
    from app.services import Services
    from ui import app as ui_app

    shown = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda *a, **k: shown.append(a[2])))

    def broken(self):
        raise RuleError("规则表 douyin.json：deductions.late.bands.1.percent 不是数字：'x'")

    monkeypatch.setattr(Services, "rule_tables", broken)
    assert ui_app.run_gui(["--data-dir", str(data_dir), "--lang", "en"]) == 1  # en: no translator left behind
    assert len(shown) == 1 and "douyin.json" in shown[0] and "deductions.late.bands.1.percent" in shown[0]


def test_clock_calendar_speed_words_assumptions_and_region(qtbot, svc):
    from app import text

    text.set_language("en")  # the page's Qt words are English here (no translator): the rule texts too
    page = RulesPage(svc.settings, svc.rule_tables(), svc.rule_problems, svc.rule_calendar)
    qtbot.addWidget(page)
    tk = page.pages["tiktok"]
    info = tk.clock_info.text()
    assert "US Pacific time (America/Los_Angeles)" in info and "whatever your shop's time zone" in info
    assert "calendar us): 22 days, 2026-01-01 to 2027-12-24" in info and "opm.gov" in info  # the source named
    assert "Assumptions (the rule texts do not say)" in info
    tk.region.setCurrentIndex(tk.region.findData("VN"))  # each region its own clock and calendar
    assert "Asia/Ho_Chi_Minh" in tk.clock_info.text() and "calendar vn" in tk.clock_info.text()
    assert page.values()["risk.shop_options"]["tiktok"] == {"region": "VN"}
    tb = page.pages["taobao"]
    assert "Beijing time (Asia/Shanghai)" in tb.clock_info.text()
    assert "极速发 / 秒发 / 当日发 / 次日达 holds the promise to 24 h" in tb.clock_info.text()
    # unstated rounding is an assumption; Douyin's whole yuan is the rule's, its half-up is not
    assert tb.bands.item(0, 5).text() == "to the fen (assumed)"
    dy = page.pages["douyin"]
    assert dy.bands.item(0, 5).text() == "whole yuan" and "half up is an assumption" in dy.bands.item(0, 5).toolTip()
    # a superseded Douyin text is marked unverified and names the new source
    row = next(r for r in range(dy.bands.rowCount()) if dy.bands.item(r, 0).text() == "物流轨迹异常")
    assert dy.bands.item(row, 7).text() == "unverified" and "aJnEp6dAQneD" in dy.bands.item(row, 8).text()
    late = next(r for r in range(dy.bands.rowCount()) if "stock-out charge itself" in dy.bands.item(r, 1).text())
    assert dy.bands.item(late, 1).text().startswith("promise ≤ 48 h") and dy.bands.item(late, 2).text() == "1%"
    assert "after the pre-order closes" in tk.presale.specialValueText()  # TikTok's pre-order rule shown


def test_the_tmall_shop_checkbox_on_the_taobao_and_tmall_pages(qtbot, svc):
    dlg = SettingsDialog(svc.settings, svc)
    qtbot.addWidget(dlg)
    page = dlg.rules_page
    assert page.values()["risk.tmall_shop"] is False  # DEFAULTS: a Taobao shop
    from PySide6.QtWidgets import QCheckBox

    boxes = {p: page.pages[p].findChild(QCheckBox) for p in ("taobao", "tmall")}
    from app.labels import setting_label

    # worded as the settings map names it (the damaged-setting banner uses the same words)
    assert all(b is not None and not b.isChecked() and b.text() == setting_label("risk.tmall_shop")
               for b in boxes.values())
    boxes["tmall"].setChecked(True)
    assert boxes["taobao"].isChecked()  # one setting, shown on both pages
    dlg._accept()
    assert dlg.values["risk.tmall_shop"] is True
    for key, value in dlg.changed(svc.settings).items():
        svc.set_setting(key, value)
    again = RulesPage(svc.settings, svc.rule_tables(), svc.rule_problems)
    qtbot.addWidget(again)
    assert again.pages["taobao"].findChild(QCheckBox).isChecked() and again.values()["risk.tmall_shop"] is True


def test_the_superseded_experience_score_pickup_target_is_marked_unverified(page):
    """体验分 (2026-05-07) expired 2026-07-14; the 2026-09-08 revision replaces the pickup target
    with average pickup time (aJoPPkXuLRqc): the 物流轨迹超时 row that carries it says unverified."""
    dy = page.pages["douyin"]
    rows = [r for r in range(dy.bands.rowCount()) if dy.bands.item(r, 0).text() == "物流轨迹超时"]
    assert rows
    row = rows[0]
    band_rows = range(row, row + len(dy.table["deductions"]["pickup"]["bands"]))
    assert {dy.bands.item(r, 7).text() for r in band_rows} == {"unverified"}
    source = dy.bands.item(row, 8).text()
    assert "体验分" in source and "aJoPPkXuLRqc" in source and "superseded" in source
    assert dy.bands.item(row, 7).foreground().color().name().upper() == style.RED.upper()

"""The 店铺健康 panel: per platform the rate against its line, the chart, late_allowed and clears_on,
the unverified mark, the empty state; the risk tab's mark; a health alert opens the panel."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app import text
from app.alerts.service import target_of
from app.store.models import Order
from ui.models.record_model import TAG_ROLE


@pytest.fixture(autouse=True)
def _chinese_core():
    text.set_language("zh_CN")  # the core's sentences as a seller sees them by default
    yield
    text.set_language("zh_CN")


def _shop(svc, now, n=200, late=12, overdue=3, at_risk=0, douyin=0):
    """TikTok: n dispatched over the last days (the first ``late`` after the deadline), ``overdue``
    open orders past it, ``at_risk`` due within hours; ``douyin`` dispatched 抖店 orders."""
    paid = now - timedelta(days=6)
    with svc.store.session() as s:
        for i in range(n):
            ship = now - timedelta(hours=1) if i < late else paid + timedelta(hours=2)
            s.add(Order(platform="tiktok", order_id=f"T{i}", status="shipped", paid_at=paid, created_at=paid,
                        shipped_at=ship))
        for i in range(overdue):
            s.add(Order(platform="tiktok", order_id=f"O{i}", status="unshipped", paid_at=paid, created_at=paid))
        for i in range(at_risk):
            s.add(Order(platform="tiktok", order_id=f"R{i}", status="unshipped", paid_at=now - timedelta(hours=1),
                        created_at=now, promised_ship_at=now + timedelta(hours=3)))
        for i in range(douyin):
            s.add(Order(platform="douyin", order_id=f"D{i}", status="shipped", paid_at=paid, created_at=paid,
                        shipped_at=paid + timedelta(hours=3)))
        s.commit()


@pytest.fixture
def win(qtbot, svc, now):
    from ui.main_window import MainWindow

    def make():
        w = MainWindow(svc, clock=lambda: now)
        qtbot.addWidget(w)
        w.resize(1280, 800)
        w.show()
        w.refresh_sync()
        w.tabs.setCurrentIndex(w.TAB_HEALTH)
        qtbot.wait(10)
        return w

    return make


def _row(w, platform, metric):
    sec = w.health.section(platform)
    return next(r for r in sec.rows if r.isVisible() and r.shown.d.metric == metric)


def test_empty_shop_shows_the_import_step(win):
    w = win()
    tab = w.health
    assert w.tabs.tabText(w.TAB_HEALTH) == "Shop health"
    assert tab.stack.currentIndex() == 0 and tab.empty.button.isVisible()
    assert "Import" in tab.empty.button.text()


def test_a_shop_over_the_line_gauge_chart_allowed_and_clears_on(win, svc, now):
    _shop(svc, now, 200, 12, overdue=3, douyin=40)
    w = win()
    tab = w.health
    assert tab.stack.currentIndex() == 1
    assert (tab.card_over.value.text(), tab.card_orders.value.text()) == ("1", "3")  # 6 % > 4 %; 3 overdue count
    row = _row(w, "tiktok", "late_dispatch_rate")
    assert row.rate.text() == "6.0%" and row.level.text() == "Over the first line"
    facts = row.facts.text()
    assert "还能再迟 0 单" in facts and "最早一笔迟发 12月20日移出统计" in facts
    assert "3 单已超时订单发出后预计 7.4%" in facts  # (12 + 3) / (200 + 3) = 7.39 %
    assert "统计周期 30 天（平台未公布，按设置计算）" in facts  # the window is an assumption, said so
    assert row.source.text() == "官方规则"
    # the chart: 30 days back, 30 ahead, today's point the rate now
    pts = row.chart.points()
    assert len(pts) == 60 and pts[29][1] == 0.06 and not pts[29][2] and pts[30][2]
    assert [x.value for x in row.gauge.shown.d.lines] == [0.04, 0.10]
    # the platform with a published line comes first; a secondary one is marked unverified
    assert list(tab.sections)[0] == "tiktok"
    dy = _row(w, "douyin", "late_dispatch_rate")
    assert dy.source.text() == "unverified: secondary source" and dy.level.text() == "No published line"
    assert dy.note.text() == "平台未公布红线：仅看本店自己的走势"
    img = tab.grab().toImage()
    assert img.width() > 600 and img.pixelColor(img.width() // 2, img.height() // 2).isValid()


def test_a_shop_just_under_the_line_heads_over_and_too_few_says_so(win, svc, now):
    _shop(svc, now, 200, 8, overdue=1, douyin=10)
    w = win()
    row = _row(w, "tiktok", "late_dispatch_rate")
    assert row.rate.text() == "4.0%" and row.level.text() == "Within the line"  # 8/200: on the line is within
    assert row.heading.isVisible() and row.heading.text() == "Heading over"  # 9/201 once the overdue one ships
    assert w.health.card_heading.value.text() == "1"
    few = _row(w, "douyin", "late_dispatch_rate")
    assert few.rate.text() == "Too few orders" and "样本太少" in few.facts.text()


def test_risk_tab_marks_the_orders_that_weigh_on_the_shop_rate(win, svc, now):
    _shop(svc, now, 200, 3, overdue=2, at_risk=6)
    w = win()
    risk = w.risk
    c = [col.key for col in risk.model.columns].index("shop_rate")
    marked = {}
    for i in range(risk.model.rowCount()):
        r = risk.model.row_at(i)
        idx = risk.model.index(i, c)
        marked[r.order_id] = (idx.data(), idx.data(TAG_ROLE))
    assert marked["O0"] == ("Affects rate", "amber")  # overdue: counts whatever happens
    assert marked["R0"] == ("Affects rate", "red")  # shipped late, it takes the rate over
    assert not risk.table.isColumnHidden(c)
    risk.select_key(next(r.order_pk for r in risk.model.all_rows() if r.order_id == "R0"))
    assert "Affects shop late rate" in risk.detail.toPlainText()
    # the panel's count opens the risk tab with only those orders
    w.health.card_orders.clicked.emit()
    assert w.tabs.currentIndex() == w.TAB_RISK
    assert sorted(r.order_id for r in risk.model.visible_rows()) == ["O0", "O1"] + [f"R{i}" for i in range(6)]
    risk.clear_filters()
    assert len(risk.model.visible_rows()) == 8  # the filter went with the others


def test_a_health_alert_opens_the_panel_at_its_platform(win, svc, now):
    from ui.alert_centre import open_row

    _shop(svc, now, 200, 12, douyin=40)
    alerts = [a for a in svc.alerts(now) if a.kind == "health"]
    assert alerts and target_of(alerts[0].key) == ("health", "tiktok")
    w = win()
    w.tabs.setCurrentIndex(w.TAB_RISK)
    assert open_row(w, *target_of(alerts[0].key))
    assert w.tabs.currentIndex() == w.TAB_HEALTH


def test_the_unpublished_tiktok_window_is_a_setting(qtbot, svc, now):
    from ui.dialogs.settings_dialog import SettingsDialog

    dlg = SettingsDialog(svc.settings, svc)
    qtbot.addWidget(dlg)
    assert dlg.tiktok_window.value() == 30
    dlg.tiktok_window.setValue(14)
    dlg._accept()
    changed = dlg.changed(svc.settings)
    assert changed["health.window_days"] == {"tiktok": 14}
    for key, value in changed.items():
        svc.set_setting(key, value)
    _shop(svc, now, 40, 2)
    tiktok = [m for m in svc.health.evaluate(now) if m.d.platform == "tiktok"]
    assert {m.d.window_days for m in tiktok} == {14} and all(m.d.window_assumed for m in tiktok)
    assert "统计周期 14 天（平台未公布，按设置计算）" == svc.health.sentences(tiktok[0])["window"]

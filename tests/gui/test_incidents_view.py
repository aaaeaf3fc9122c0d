"""The incident banner and view (pytest-qt): one price error walked through its playbook."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, QTimer
from PySide6.QtGui import QGuiApplication

from tests.incident_shop import H, Shop


@pytest.fixture
def incident_window(qtbot, svc, store, now):
    from ui.main_window import MainWindow

    shop = Shop(store, now)
    shop.sku("SS01", cost=2700, stock=100)
    shop.regular("SS01", 6, 20, 5900)
    shop.orders("SS01", [now - 3 * H], 5900)
    shop.burst("SS01", 6, 590)
    svc.check(now)  # the scheduler's evaluation: detection, the alert
    w = MainWindow(svc, clock=lambda: now)
    qtbot.addWidget(w)
    w.refresh_sync()
    return w


def test_banner_over_the_risk_tab_opens_the_view(incident_window, qtbot):
    w = incident_window
    banner = w.incident_banner
    assert not banner.isHidden() and "SS01" in banner.text.text() and "¥5.90" in banner.text.text()
    seen = []

    def close_it():
        d = w.incident_dialog
        if d is None or d.view is None:  # the view reads the incident on a worker (#15)
            QTimer.singleShot(10, close_it)
            return
        seen.append(d.view.sku)
        d.accept()

    QTimer.singleShot(0, close_it)
    banner.button.click()
    assert seen == ["SS01"]
    QTimer.singleShot(0, close_it)  # the alert centre: the incident on top, opening it lands on the view
    w.alerts.reload_sync()
    [alert] = w.alerts.centre.visible_alerts()
    assert (alert.kind, alert.severity) == ("incident", 3)
    w.alerts.centre.select_alert(alert.id)
    w.alerts.centre.open_selected()
    assert seen == ["SS01", "SS01"]


def test_walk_the_playbook_and_dismiss(incident_window, qtbot, svc, now):
    from ui.incidents.dialog import IncidentDialog

    w = incident_window
    d = IncidentDialog(svc, w.incident_banner.incidents[0].id, lambda: now, w)
    qtbot.addWidget(d)
    assert not d.copy_btn.isEnabled()  # read on a worker (#15): nothing to act on before it answers
    with qtbot.waitSignal(d.loaded):
        pass
    assert d.table.rowCount() == 6 and "0 of 6" in d.tell_text.text()
    assert "误标为¥5.90" in d.preview.text()
    with qtbot.waitSignal(d.changed):  # each write on a worker, the view read again after
        d.listing_btn.click()
    with qtbot.waitSignal(d.changed):
        d.hold_btn.click()
    assert not d.listing_btn.isEnabled() and "✓" in d.hold_btn.text()
    assert d.copy_messages() == 6
    clip = QGuiApplication.clipboard().text()
    assert clip.count("【订单 ") == 6 and "1. 等待补货" in clip and "补齐差价" in clip
    with qtbot.waitSignal(d.changed):
        d.sent_btn.click()
    assert "6 of 6" in d.tell_text.text() and not d.sent_btn.isEnabled()
    for r in range(2):
        d.table.selectionModel().select(d.table.model().index(r, 0),
                                        QItemSelectionModel.Select | QItemSelectionModel.Rows)
    d.outcome_box.setCurrentIndex(d.outcome_box.findData("部分退款补偿"))
    with qtbot.waitSignal(d.changed):
        d.outcome_btn.click()
    assert "2 of 6" in d.outcome_text.text() and d.table.item(0, 6).text() == "部分退款补偿"
    with qtbot.waitSignal(d.changed):
        d.dismiss("这是正常的秒杀活动")
    assert not d.dismiss_btn.isEnabled() and "dismissed as intended" in d.header.text()
    w.refresh_sync()
    assert w.incident_banner.isHidden()

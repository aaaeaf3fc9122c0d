"""Settings → 推送渠道 under pytest-qt, against a local robot."""

from __future__ import annotations

from tests.channel_peers import Robots
from ui.dialogs.channels_page import ChannelsPage


def ready(qtbot, page) -> str:
    """The preview, once the worker thread has made it."""
    qtbot.waitUntil(lambda: page.preview.toPlainText() not in ("", "Preparing the preview…", "正在生成预览…"),
                    timeout=20000)
    return page.preview.toPlainText()


def test_add_test_change_and_remove_a_channel(qtbot, svc, now):
    robots = Robots()
    try:
        svc.load_demo(now)
        svc.alerts(now)  # the open alerts the preview summarises
        page = ChannelsPage(svc, clock=lambda: now)
        qtbot.addWidget(page)
        text = ready(qtbot, page)
        assert page.table.rowCount() == 0 and "订单" in text  # the demo shop's summary
        assert "截止" in text and "预计扣款" in text  # its top orders with their deadlines, the money at stake
        page.name.setText("店铺群")
        page.kind.setCurrentIndex(page.kind.findData("dingtalk"))
        assert page.secret.isEnabled() and "截止" in ready(qtbot, page)
        page.url.setText(robots.url("dingtalk"))
        page.secret.setText("SECpage")
        page.severity.setCurrentIndex(page.severity.findData(2))
        page.save()  # written on a worker (#15)
        qtbot.waitUntil(lambda: page.table.rowCount() == 1)
        assert page.error.text() == ""
        assert "access_token=***" in page.table.item(0, 2).text() and "9d4b7" not in page.table.item(0, 2).text()
        page.table.selectRow(0)
        assert page.name.text() == "店铺群" and page.url.text() == ""  # the key is never shown again
        page.send_test()
        qtbot.waitUntil(lambda: page.answer.text() not in ("", "Sending…"), timeout=10000)
        assert page.answer.text() == "已送达" and robots.got[0]["query"]["sign"]
        page.severity.setCurrentIndex(page.severity.findData(3))
        page.save()  # changed without pasting the address again: the stored one stays
        qtbot.waitUntil(lambda: svc.channels()[0]["min_severity"] == 3)
        assert svc.channel_test("店铺群").ok
        robots.answers["/robot"] = [(200, {"errcode": 300001, "errmsg": "token is not exist"})]
        page.table.selectRow(0)
        page.send_test()
        qtbot.waitUntil(lambda: "access_token" in page.answer.text(), timeout=10000)
        page.table.selectRow(0)
        page.remove()
        qtbot.waitUntil(lambda: page.table.rowCount() == 0)
        assert svc.channels() == []
    finally:
        robots.stop()


def test_a_bad_address_is_said_in_the_page(qtbot, svc, now):
    page = ChannelsPage(svc, clock=lambda: now)
    qtbot.addWidget(page)
    assert "示例" in ready(qtbot, page)  # no open alert: an example message with made-up orders
    page.name.setText("群")
    page.url.setText("qyapi.weixin.qq.com")
    page.save()
    qtbot.waitUntil(lambda: "Webhook" in page.error.text())
    assert page.table.rowCount() == 0


def test_changing_a_channel_keeps_its_own_quiet_hours(qtbot, svc, now):
    robots = Robots()
    try:
        svc.channel_add("仓库", "wecom", robots.url("wecom"), quiet=("21:30", "07:15"))
        svc.channel_add("老板", "wecom", robots.url("wecom"))
        page = ChannelsPage(svc, clock=lambda: now)
        qtbot.addWidget(page)
        ready(qtbot, page)
        qtbot.waitUntil(lambda: len(page.rows) == 2)  # the list is read on a worker (#15)
        rows = [r["name"] for r in page.rows]
        page.table.selectRow(rows.index("仓库"))
        assert page.own_quiet.isChecked() and page.quiet_start.isEnabled()
        assert (page.quiet_start.time().toString("HH:mm"), page.quiet_end.time().toString("HH:mm")) == (
            "21:30", "07:15")
        page.severity.setCurrentIndex(page.severity.findData(3))
        page.save()
        qtbot.waitUntil(lambda: {r["name"]: r for r in svc.channels()}["仓库"]["min_severity"] == 3)
        kept = {r["name"]: r for r in svc.channels()}["仓库"]
        assert (kept["min_severity"], kept["quiet_start"], kept["quiet_end"]) == (3, "21:30", "07:15")
        page.table.selectRow(rows.index("老板"))  # the app's quiet hours: the box is cleared again
        assert not page.own_quiet.isChecked() and not page.quiet_start.isEnabled()
        page.save()
        assert {r["name"]: r for r in svc.channels()}["老板"]["quiet_start"] is None
    finally:
        robots.stop()

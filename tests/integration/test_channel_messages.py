"""What the channels get: signatures against known answers, the daily digest, a channel's own
quiet hours in both directions, the settings page's preview with top orders, and e-mail over
STARTTLS with a login, against local peers."""

from __future__ import annotations

import base64
import hashlib
import hmac
import ssl
import urllib.parse
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.alerts.service import notifications_due
from app.channels import kinds
from app.channels import service as channels
from app.store.models import Alert, OutboxMessage
from tests.channel_peers import Mailbox, Robots, self_signed


@pytest.fixture
def robots():
    r = Robots()
    yield r
    r.stop()


def texts(robots, kind: str) -> list[str]:
    """The text of every message a robot of ``kind`` received, in order."""
    path = {"wecom": "/cgi-bin/", "dingtalk": "/robot/", "feishu": "/open-apis/"}[kind]
    got = [g["json"] for g in robots.got if g["path"].startswith(path)]
    return [g["markdown"]["content"] if kind == "wecom" else g["markdown"]["text"] if kind == "dingtalk"
            else g["content"]["text"] for g in got]


# -- signatures: known answers ------------------------------------------------------------------------
# Worked once with the vendors' own published Python recipes and written down here, so a change
# to either signing function (or to the recipe's reading) shows up as a different value:
#   钉钉 (open.dingtalk.com, 自定义机器人 加签):
#     string_to_sign = '{}\n{}'.format(timestamp, secret)
#     hmac_code = hmac.new(secret.encode('utf-8'), string_to_sign.encode('utf-8'), digestmod=hashlib.sha256).digest()
#     sign = urllib.parse.quote_plus(base64.b64encode(hmac_code))
#   飞书 (open.feishu.cn, 自定义机器人 签名校验):
#     string_to_sign = '{}\n{}'.format(timestamp, secret)
#     hmac_code = hmac.new(string_to_sign.encode("utf-8"), digestmod=hashlib.sha256).digest()
#     sign = base64.b64encode(hmac_code).decode('utf-8')
SECRET = "this is secret"  # the secret of 钉钉's own example
DINGTALK_TS, DINGTALK_SIGN = 1599360473000, "hXZTWifRGHclNuZSKxoXc//sh51SWfVfRIhcdeKs63I="
DINGTALK_SIGN_ON_THE_WIRE = "hXZTWifRGHclNuZSKxoXc%2F%2Fsh51SWfVfRIhcdeKs63I%3D"
FEISHU_TS, FEISHU_SIGN = 1599360473, "/eYKrXQBzTjUZJ3s6NX16VxGbTwmK7AEs8/FnvC1CSw="


def test_the_recipes_give_the_known_answers():
    """The written-down values are what the vendors' recipes give (run verbatim here)."""
    string_to_sign = "{}\n{}".format(DINGTALK_TS, SECRET)  # noqa: UP032 (the recipe as published)
    hmac_code = hmac.new(SECRET.encode("utf-8"), string_to_sign.encode("utf-8"), digestmod=hashlib.sha256).digest()
    assert urllib.parse.quote_plus(base64.b64encode(hmac_code)) == DINGTALK_SIGN_ON_THE_WIRE
    string_to_sign = "{}\n{}".format(FEISHU_TS, SECRET)  # noqa: UP032
    hmac_code = hmac.new(string_to_sign.encode("utf-8"), digestmod=hashlib.sha256).digest()
    assert base64.b64encode(hmac_code).decode("utf-8") == FEISHU_SIGN


def test_dingtalk_signs_with_the_known_answer():
    assert kinds.dingtalk_sign(SECRET, DINGTALK_TS) == DINGTALK_SIGN
    url, _ = kinds.request("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=t", SECRET, "T", ["a"],
                           now_s=DINGTALK_TS / 1000)
    assert url.endswith(f"&timestamp={DINGTALK_TS}&sign={DINGTALK_SIGN_ON_THE_WIRE}")  # URL-encoded, in the query


def test_feishu_signs_with_the_known_answer():
    assert kinds.feishu_sign(SECRET, FEISHU_TS) == FEISHU_SIGN
    _, body = kinds.request("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/x", SECRET, "T", ["a"],
                            now_s=FEISHU_TS)
    assert (body["timestamp"], body["sign"]) == (str(FEISHU_TS), FEISHU_SIGN)  # seconds, in the body


# -- the daily digest -----------------------------------------------------------------------------------
def test_the_daily_digest_reaches_every_channel(svc, now, robots):
    svc.load_demo(now)
    svc.channel_add("群", "wecom", robots.url("wecom"))
    svc.channel_add("仓库", "dingtalk", robots.url("dingtalk"), quiet=("17:00", "19:00"))
    svc.check(now)  # 18:00: the day's first check after 09:00 brings the digest
    (digest,) = [x for x in texts(robots, "wecom") if "店哨每日摘要" in x]
    assert "个订单有风险" in digest and "需要补货" in digest
    assert texts(robots, "dingtalk") == []  # its own quiet hours hold the digest too
    (d,) = [x for x in svc.deliver(now.replace(hour=19, minute=1), []) if x.channel == "仓库"]
    assert d.status == "sent" and any("店哨每日摘要" in x for x in texts(robots, "dingtalk"))


# -- a channel's own quiet hours, both ways ----------------------------------------------------------
def test_a_channel_with_shorter_quiet_hours_hears_at_night_what_the_tray_holds(svc, now, robots):
    svc.load_demo(now)
    svc.set_setting("alerts.last_digest", now.date().isoformat())
    svc.channel_add("跟随", "wecom", robots.url("wecom"))  # the app's quiet hours, 23:00–08:00
    svc.channel_add("值班", "feishu", robots.url("feishu"), quiet=("01:00", "06:00"))
    night = now.replace(hour=23, minute=30)
    raised, notes, deliveries = svc.check(night)
    assert raised and notes == []  # the tray keeps the app's quiet hours
    assert [(d.channel, d.status, d.messages) for d in deliveries] == [("值班", "sent", 1)]
    (night_text,) = texts(robots, "feishu")
    assert "…" in night_text and texts(robots, "wecom") == []
    assert svc.deliver(night + timedelta(minutes=1), []) == [] and len(robots.got) == 1  # nothing new, nothing sent
    # the morning: the tray shows what it held (here the digest covers it); 值班 gets the digest, not the night again
    morning = (night + timedelta(days=1)).replace(hour=9, minute=5)
    notes = notifications_due(svc, morning)
    assert [n.title for n in notes] == ["店哨每日摘要"]
    svc.deliver(morning, notes)
    assert len(texts(robots, "wecom")) == 1 and "店哨每日摘要" in texts(robots, "wecom")[0]
    assert texts(robots, "feishu")[1:] == [texts(robots, "feishu")[1]] and "店哨每日摘要" in texts(robots, "feishu")[1]


def test_a_channel_with_longer_quiet_hours_gets_one_summary_when_they_end(svc, now, robots):
    svc.load_demo(now)
    svc.set_setting("alerts.last_digest", now.date().isoformat())
    svc.channel_add("跟随", "wecom", robots.url("wecom"))
    svc.channel_add("仓库", "dingtalk", robots.url("dingtalk"), quiet=("17:00", "09:00"))
    _raised, notes, deliveries = svc.check(now)  # 18:00: the app is not quiet, the channel is
    assert notes and [d.channel for d in deliveries] == ["跟随"] and texts(robots, "dingtalk") == []
    for minutes in (5, 10):
        svc.check(now + timedelta(minutes=minutes))
    assert texts(robots, "dingtalk") == []
    with svc.store.session() as s:
        open_late = s.scalar(select(Alert.id).where(Alert.kind == "late_shipment", Alert.resolved_at.is_(None))
                             .limit(1))
    svc.acknowledge_alerts([open_late], now)  # seen on the PC in the evening: not worth the morning message
    (d,) = [x for x in svc.deliver((now + timedelta(days=1)).replace(hour=9, minute=1), []) if x.channel == "仓库"]
    assert (d.status, d.messages) == ("sent", 1)
    (summary,) = texts(robots, "dingtalk")
    assert "截止" in summary and ("今天发货" in summary or "立即发货" in summary)  # the top orders, with deadlines
    assert svc.deliver((now + timedelta(days=1)).replace(hour=9, minute=6), []) == []  # told once


def test_the_apps_pause_holds_a_channel_with_its_own_hours_too(svc, now, robots):
    svc.load_demo(now)
    svc.set_setting("alerts.last_digest", now.date().isoformat())
    svc.channel_add("值班", "wecom", robots.url("wecom"), quiet=("01:00", "06:00"))
    svc.set_setting("alerts.paused_until", (now + timedelta(hours=1)).isoformat())
    assert svc.check(now)[2] == [] and robots.got == []
    later = now + timedelta(hours=1, minutes=5)
    assert [d.status for d in svc.deliver(later, [])] == ["sent"] and len(robots.got) == 1


def test_a_channel_given_its_own_hours_starts_from_what_the_tray_has_not_shown(svc, now, robots):
    svc.load_demo(now)
    svc.set_setting("alerts.last_digest", now.date().isoformat())
    svc.channel_add("群", "wecom", robots.url("wecom"))
    svc.check(now)  # told through the tray's notification
    assert len(robots.got) == 1
    svc.channel_add("群", "wecom", "", quiet=("02:00", "05:00"))  # the same channel, now on its own hours
    assert svc.deliver(now + timedelta(minutes=5), []) == [] and len(robots.got) == 1  # not told again
    with svc.store.session() as s:
        assert s.scalar(select(OutboxMessage.status).where(OutboxMessage.status != "sent")) is None


# -- the settings page's preview ---------------------------------------------------------------------
def test_the_preview_names_the_top_orders_with_their_deadlines(svc, now):
    svc.load_demo(now)
    svc.alerts(now)
    text = svc.channel_preview("wecom", now)
    assert "截止" in text and "预计扣款" in text  # the deadline and the money at stake, as sent


def test_a_shop_without_open_alerts_previews_an_example(svc, now):
    for kind in ("wecom", "dingtalk", "feishu", "email"):
        text = svc.channel_preview(kind, now)
        assert text.count("截止") == 3 and "示例" in text and "138" not in text


# -- e-mail over STARTTLS ----------------------------------------------------------------------------------
def test_an_email_channel_logs_in_over_starttls(svc, now, tmp_path, monkeypatch):
    cert, key = self_signed(tmp_path)
    # the client trusts this test's own certificate, and still checks it and the host name
    monkeypatch.setattr(kinds, "tls_context", lambda: ssl.create_default_context(cafile=cert))
    box = Mailbox(tls=(cert, key), users={"shop@example.com": "AUTHCODE123"})
    try:
        url = f"smtp://shop%40example.com:AUTHCODE123@127.0.0.1:{box.port}?to=boss@example.com&starttls=1"
        svc.channel_add("老板邮箱", "email", url)
        assert svc.channel_test("老板邮箱").ok
        svc.load_demo(now)
        svc.set_setting("alerts.last_digest", now.date().isoformat())
        assert [d.status for d in svc.check(now)[2]] == ["sent"]
        svc.channel_add("错码", "email", url.replace("AUTHCODE123", "WRONG"))
        reply = svc.channel_test("错码")
        assert not reply.ok and reply.permanent and "授权码" in reply.text
        svc.channel_add("明文", "email", url.replace("&starttls=1", ""))
        assert not svc.channel_test("明文").ok  # the server takes no login before STARTTLS
    finally:
        box.stop()
    assert [m["To"] for m in box.messages] == ["boss@example.com"] * 2
    assert box.logins[:2] == [("shop@example.com", True, True)] * 2  # logged in, over TLS
    assert ("shop@example.com", False, True) in box.logins


def test_an_untrusted_mail_server_certificate_is_refused(svc, tmp_path):
    cert, key = self_signed(tmp_path)
    box = Mailbox(tls=(cert, key), users={"u": "p"})
    try:
        svc.channel_add("邮箱", "email", f"smtp://u:p@127.0.0.1:{box.port}?to=a@example.com&starttls=1")
        reply = svc.channel_test("邮箱")
    finally:
        box.stop()
    assert not reply.ok and "证书" in reply.text and "Error" not in reply.text
    assert box.messages == [] and box.logins == []  # no password to a server it cannot verify


def test_channels_enqueue_takes_the_risks_only_when_a_message_names_orders(svc, now, robots):
    svc.channel_add("群", "wecom", robots.url("wecom"))
    asked = []
    with svc.store.session() as s:
        channels.enqueue(s, [], lambda: asked.append(1) or [], svc.settings, svc.tz, now)
    assert asked == []


def test_two_computers_never_both_tell_a_channel_the_same_window(svc, now, robots):
    from sqlalchemy import update

    from app.store.models import Channel

    svc.load_demo(now)
    svc.alerts(now)
    svc.channel_add("值班", "wecom", robots.url("wecom"), quiet=("01:00", "06:00"))
    with svc.store.session() as s:
        ch = s.scalar(select(Channel))  # read by this computer: not told yet
        s.execute(update(Channel).values(notified_through=now))  # meanwhile the other computer told it
        assert channels._own_summary(s, ch, list, svc.settings, svc.tz, now) == 0
    with svc.store.session() as s:
        assert s.scalar(select(OutboxMessage.id)) is None


def test_changing_a_channel_from_the_command_line_keeps_its_own_quiet_hours(svc, data_dir, robots, capsys):
    from app import cli

    svc.channel_add("仓库", "wecom", robots.url("wecom"), quiet=("21:30", "07:15"))
    assert cli.run(["--data-dir", str(data_dir), "channels", "add", "仓库", "--kind", "wecom", "--url",
                    robots.url("wecom"), "--min-severity", "3"]) == 0
    (row,) = svc.channels()
    assert (row["min_severity"], row["quiet_start"], row["quiet_end"]) == (3, "21:30", "07:15")
    svc.channel_add("仓库", "wecom", "", quiet=None)  # back to the app's, as the settings page says it
    assert svc.channels()[0]["quiet_start"] is None

"""Alert channels against local peers that speak the vendors' formats, and the outbox."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import stat
import subprocess
import sys
import urllib.parse
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app import cli
from app.alerts.service import Notification
from app.channels import kinds
from app.channels import service as channels
from app.store.models import Alert, Channel, OutboxMessage
from tests.channel_peers import Mailbox, Robots

PHONE = re.compile(rb"1[3-9]\d{9}")


@pytest.fixture
def robots():
    r = Robots()
    yield r
    r.stop()


def shop(svc, now):
    """The demo shop evaluated once with today's digest already sent: the next check notifies."""
    svc.load_demo(now)
    svc.set_setting("alerts.last_digest", now.date().isoformat())
    return svc


def note(svc, kind="late_shipment", critical=False, n=3) -> Notification:
    """A notification over real raised alerts of ``kind`` (as the scheduler composes them)."""
    with svc.store.session() as s:
        ids = list(s.scalars(select(Alert.id).where(Alert.kind == kind).limit(n)))
    return Notification("订单超时风险", "3 个订单将在6小时内超时，预计扣款 ¥12", "risk", None, critical, ids)


# -- formats and signatures ----------------------------------------------------------------------
def test_signatures_follow_the_vendors_recipes():
    secret, ts_ms, ts_s = "SEC000000000000000000000", 1599360473000, 1599360473
    want_ding = base64.b64encode(hmac.new(secret.encode(), f"{ts_ms}\n{secret}".encode(),
                                          hashlib.sha256).digest()).decode()
    assert kinds.dingtalk_sign(secret, ts_ms) == want_ding
    # 飞书: the string to sign is the HMAC *key*, the message is empty (unlike 钉钉)
    want_fs = base64.b64encode(hmac.new(f"{ts_s}\n{secret}".encode(), b"", hashlib.sha256).digest()).decode()
    assert kinds.feishu_sign(secret, ts_s) == want_fs and want_fs != kinds.dingtalk_sign(secret, ts_s)
    url, body = kinds.request("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=t", secret, "T", ["a"],
                              now_s=ts_s)
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    assert q["timestamp"] == str(ts_ms) and q["sign"] == want_ding  # URL-encoded on the wire, exact when read
    assert body == {"msgtype": "markdown", "markdown": {"title": "T", "text": "#### T\n\n- a"}}
    _, body = kinds.request("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/x", secret, "T", ["a"],
                            now_s=ts_s)
    assert body == {"msg_type": "text", "content": {"text": "T\na"}, "timestamp": str(ts_s), "sign": want_fs}


def test_a_wecom_message_stays_under_the_robot_limit():
    body = kinds.wecom_body("标题", ["很长的一行" * 200] * 10)
    assert body["msgtype"] == "markdown" and len(body["markdown"]["content"].encode()) <= kinds.WECOM_MAX_BYTES


def test_each_robot_gets_its_own_documented_body(svc, robots):
    for kind in ("wecom", "dingtalk", "feishu"):
        svc.channel_add(f"shop-{kind}", kind, robots.url(kind), secret="SECabc" if kind != "wecom" else None)
        assert svc.channel_test(f"shop-{kind}").ok
    wc, dd, fs = robots.got
    assert wc["json"]["msgtype"] == "markdown" and "店哨" in wc["json"]["markdown"]["content"]
    assert dd["json"]["msgtype"] == "markdown" and dd["query"]["sign"] == kinds.dingtalk_sign(
        "SECabc", int(dd["query"]["timestamp"]))
    assert fs["json"]["msg_type"] == "text" and fs["json"]["sign"] == kinds.feishu_sign(
        "SECabc", int(fs["json"]["timestamp"]))


def test_receivers_answers_are_said_in_words(svc, robots):
    svc.channel_add("bad", "wecom", robots.url("wecom"))
    robots.answers["/cgi-bin"] = [(200, {"errcode": 93000, "errmsg": "invalid webhook url"})]
    reply = svc.channel_test("bad")
    assert not reply.ok and reply.permanent and "机器人地址无效" in reply.text
    robots.answers["/cgi-bin"] = [(200, {"errcode": 45009, "errmsg": "api freq out of limit"})]
    reply = svc.channel_test("bad")
    assert not reply.ok and not reply.permanent and "限流" in reply.text
    svc.channel_add("gone", "wecom", "http://127.0.0.1:9/cgi-bin/webhook/send?key=x")
    reply = svc.channel_test("gone")
    assert not reply.ok and not reply.permanent and "无法连接" in reply.text


def test_an_email_channel_sends_plain_text_and_html(svc, now):
    box = Mailbox()
    try:
        svc.channel_add("boss", "email", f"smtp://127.0.0.1:{box.port}?to=boss@example.com&from=shop@example.com")
        assert svc.channel_test("boss").ok
        shop(svc, now)
        svc.check(now)
    finally:
        box.stop()
    test_mail, alert_mail = box.messages
    assert test_mail["To"] == "boss@example.com" and "店哨" in test_mail["Subject"]
    plain, page = (alert_mail.get_body((k,)).get_content() for k in ("plain", "html"))
    assert plain.strip() and "<li>" in page
    assert not PHONE.search(plain.encode()) and not PHONE.search(page.encode())


# -- what an evaluation sends -----------------------------------------------------------------------
def test_one_evaluation_is_one_summary_per_channel_without_buyer_data(svc, now, robots):
    shop(svc, now)
    svc.channel_add("群", "wecom", robots.url("wecom"))
    svc.channel_add("钉", "dingtalk", robots.url("dingtalk"), secret="SECx")
    raised, notes, deliveries = svc.check(now)
    assert raised and notes
    assert {d.channel: (d.status, d.messages) for d in deliveries} == {"群": ("sent", 1), "钉": ("sent", 1)}
    assert len(robots.got) == 2
    content = robots.got[0]["json"]["markdown"]["content"]
    assert "…" in content and ("立即发货" in content or "今天发货" in content or "安排发货" in content)
    with svc.store.session() as s:
        names = {r for (r,) in s.execute(select(Alert.body))}
    assert not any(PHONE.search(g["raw"]) for g in robots.got)
    assert "王芳" not in content and "建设路" not in content  # no recipient names or addresses
    assert names  # the alert bodies the summary was made from exist
    again = svc.check(now + timedelta(minutes=5))[2]
    assert again == [] and len(robots.got) == 2  # nothing new: nothing sent


def test_a_full_phone_number_is_masked_whatever_the_text():
    assert channels.scrub("买家 13812345678 催发货") == "买家 138****5678 催发货"
    assert channels.scrub("订单 6913812345678901") == "订单 6913812345678901"  # a long order id is not a phone


def test_a_channel_for_critical_only_skips_the_rest(svc, now, robots):
    shop(svc, now)
    svc.check(now)  # raises the alerts
    svc.channel_add("老板", "wecom", robots.url("wecom"), min_severity=3)
    with svc.store.session() as s:
        s.execute(Alert.__table__.update().values(severity=2))
    assert svc.deliver(now, [note(svc, critical=False)]) == []
    (d,) = svc.deliver(now, [note(svc, critical=True)])
    assert d.status == "sent" and len(robots.got) == 1


# -- the outbox ---------------------------------------------------------------------------------------
def queued(svc) -> list[tuple[str, int]]:
    with svc.store.session() as s:
        return [(m.status, m.attempts) for m in s.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]


def test_a_receiver_down_keeps_the_message_until_it_is_back_then_sends_it_once(svc, now):
    robots = Robots()
    port = robots.port
    svc.channel_add("群", "wecom", robots.url("wecom"))
    robots.stop()
    shop(svc, now)
    svc.check(now)
    (d,) = svc.deliver(now, [note(svc)])
    assert d.status == "queued" and "无法连接" in d.error
    back = Robots(port)
    try:
        deliveries = svc.deliver(now, [])  # the next evaluation
        assert [(x.status, x.messages) for x in deliveries] == [("sent", 2)]  # in order: the check's, then ours
        assert svc.deliver(now, []) == [] and len(back.got) == 2
    finally:
        back.stop()
    assert [s for s, _ in queued(svc)] == ["sent", "sent"]


def test_a_process_killed_between_queue_and_send_sends_once_at_the_next_start(svc, data_dir, now, robots):
    svc.channel_add("群", "wecom", robots.url("wecom"))
    shop(svc, now)
    svc.check(now)  # one message sent now
    script = (
        "import os, sys\n"
        "from datetime import datetime\n"
        "from app.services import Services\n"
        "from app.alerts.service import Notification\n"
        "from app.channels import service as ch\n"
        f"svc = Services.open({str(data_dir)!r})\n"
        f"now = datetime.fromisoformat({now.isoformat()!r})\n"
        "with svc.store.session() as s:\n"
        "    ch.enqueue(s, [Notification('缺货', 'SS04-02 已超卖 12 件', 'inventory')], [], svc.settings, svc.tz, now)\n"
        "os._exit(9)  # killed before anything was sent\n")
    env = {**os.environ, "SHOPSENTRY_DATABASE_URL": os.environ.get("SHOPSENTRY_DATABASE_URL", "")}
    p = subprocess.run([sys.executable, "-c", script], cwd=os.getcwd(), env=env, capture_output=True, timeout=60)
    assert p.returncode == 9, p.stderr.decode()[-400:]
    assert len(robots.got) == 1
    svc.retry_outbox(now)
    svc.retry_outbox(now)
    assert len(robots.got) == 2 and "SS04-02" in robots.got[1]["json"]["markdown"]["content"]


def test_a_send_claimed_by_a_process_that_died_goes_out_later(svc, now, robots):
    svc.channel_add("群", "wecom", robots.url("wecom"))
    with svc.store.session() as s:
        cid = s.scalar(select(Channel.id))
        s.add(OutboxMessage(channel_id=cid, created_at=now, due_at=now, severity=1, title="t", lines="[]",
                            status="sending", attempts=0, claimed_at=datetime.now(UTC)))
    assert svc.retry_outbox(now) == []  # claimed a moment ago: someone may be sending it
    later = lambda: datetime.now(UTC) + timedelta(minutes=6)  # noqa: E731
    (d,) = channels.deliver(svc.store, svc.store.data_dir, now, clock=later)
    assert d.status == "sent" and len(robots.got) == 1


def test_a_refusal_for_good_pauses_the_channel_until_a_test_works(svc, now, robots):
    svc.channel_add("群", "wecom", robots.url("wecom"))
    robots.answers["/cgi-bin"] = [(200, {"errcode": 93000, "errmsg": "invalid webhook url"})]
    shop(svc, now)
    svc.check(now)
    (d,) = svc.deliver(now, [note(svc)])
    assert d.status == "failed" and "机器人地址无效" in d.error
    posts = len(robots.got)
    assert [x.status for x in svc.deliver(now, [])] == ["failed"] and len(robots.got) == posts  # not retried
    assert svc.channels()[0]["paused"]
    robots.answers["/cgi-bin"] = [(200, {"errcode": 0, "errmsg": "ok"})]
    assert svc.channel_test("群").ok and not svc.channels()[0]["paused"]
    (d,) = svc.deliver(now, [])
    assert d.status == "sent" and d.messages == 2


def test_back_off_between_evaluations_and_order_kept(svc, now, robots):
    svc.channel_add("群", "wecom", robots.url("wecom"))
    robots.answers["/cgi-bin"] = [(500, {}), (200, {"errcode": 0})]
    with svc.store.session() as s:
        channels.enqueue(s, [Notification("一", "a", "risk")], [], svc.settings, svc.tz, now)
        channels.enqueue(s, [Notification("二", "b", "risk")], [], svc.settings, svc.tz, now)
    (d,) = svc.retry_outbox(now)
    assert d.status == "queued" and queued(svc) == [("queued", 1), ("queued", 0)]
    # the first waits out its 30 s back-off, and the second waits behind it
    assert [(x.status, x.messages) for x in svc.retry_outbox(now)] == [("queued", 0)] and len(robots.got) == 1
    soon = lambda: datetime.now(UTC) + timedelta(seconds=31)  # noqa: E731
    channels.deliver(svc.store, svc.store.data_dir, now, retry_only=True, clock=soon)
    titles = [g["json"]["markdown"]["content"].splitlines()[0] for g in robots.got]
    assert titles == ["**一**", "**一**", "**二**"]  # failed once, then in order


def test_no_more_than_twenty_a_minute(svc, now, robots):
    svc.channel_add("群", "wecom", robots.url("wecom"))
    with svc.store.session() as s:
        for i in range(25):
            channels.enqueue(s, [Notification(f"第{i}条", "x", "risk")], [], svc.settings, svc.tz, now)
    (d,) = svc.deliver(now, [])
    assert (d.status, d.messages) == ("queued", 20) and len(robots.got) == 20
    later = lambda: datetime.now(UTC) + timedelta(seconds=61)  # noqa: E731
    (d,) = channels.deliver(svc.store, svc.store.data_dir, now, clock=later)
    assert (d.status, d.messages) == ("sent", 5) and len(robots.got) == 25


def test_a_channels_own_quiet_hours_hold_its_messages(svc, now, robots):
    svc.channel_add("仓库", "wecom", robots.url("wecom"), quiet=("17:00", "09:00"))
    with svc.store.session() as s:
        channels.enqueue(s, [Notification("夜里", "x", "risk")], [], svc.settings, svc.tz, now)  # 18:00
    assert svc.deliver(now, []) == [] and robots.got == []
    morning = now.replace(hour=9, minute=1) + timedelta(days=1)
    (d,) = svc.deliver(morning, [])
    assert d.status == "sent" and len(robots.got) == 1


def test_old_messages_are_pruned(svc, now, robots):
    svc.channel_add("群", "wecom", robots.url("wecom"))
    with svc.store.session() as s:
        channels.enqueue(s, [Notification("旧", "x", "risk")], [], svc.settings, svc.tz, now)
    svc.deliver(now, [])
    svc.deliver(now + timedelta(days=channels.KEEP_SENT_DAYS + 1), [])
    assert queued(svc) == []


# -- secrets and the command line -------------------------------------------------------------------------
def test_keys_and_passwords_never_leave_the_credential_store(svc, data_dir, robots):
    svc.channel_add("群", "wecom", robots.url("wecom"))
    svc.channel_add("邮件", "email", "smtp://shop%40163.com:AUTHCODE123@smtp.163.com:465?to=a@b.cn&starttls=1")
    rows = {r["name"]: r for r in svc.channels()}
    assert "693a91f6" not in json.dumps(rows) and "AUTHCODE123" not in json.dumps(rows)
    assert rows["群"]["url"].endswith("key=***") and ":***@" in rows["邮件"]["url"]
    with svc.store.session() as s:
        assert all("AUTHCODE" not in c.url and "693a91f6" not in c.url for c in s.scalars(select(Channel)))
    if svc.secrets_backend() == "file":  # no OS credential store on this machine: a file only we can read
        f = data_dir / "secrets.json"
        assert stat.S_IMODE(f.stat().st_mode) == 0o600 and "AUTHCODE123" in f.read_text()
    svc.channel_remove("邮件")
    assert [r["name"] for r in svc.channels()] == ["群"]


def test_channels_commands_match_the_contract(data_dir, robots, capsys):
    base = ["--data-dir", str(data_dir)]
    assert cli.run(base + ["channels", "add", "shop-ding", "--kind", "dingtalk", "--url", robots.url("dingtalk"),
                           "--secret", "SECsecret", "--min-severity", "2", "--json"]) == 0
    capsys.readouterr()
    assert cli.run(base + ["channels", "list", "--json"]) == 0
    out = capsys.readouterr().out
    doc = json.loads(out)
    assert "SECsecret" not in out and "9d4b7" not in out
    assert doc["channels"][0] | {"url": None} == {"name": "shop-ding", "kind": "dingtalk", "url": None,
                                                  "min_severity": 2, "secret": True, "quiet_start": None,
                                                  "quiet_end": None, "paused": None, "queued": 0}
    assert cli.run(base + ["channels", "test", "shop-ding"]) == 0
    robots.answers["/robot"] = [(200, {"errcode": 310000, "errmsg": "sign not match"})]
    assert cli.run(base + ["channels", "test", "shop-ding"]) == 1
    assert "310000" in capsys.readouterr().err
    assert cli.run(base + ["channels", "add", "x", "--kind", "wecom", "--url", "not a url"]) == 2
    assert cli.run(base + ["channels", "remove", "nobody"]) == 2
    assert cli.run(base + ["channels", "remove", "shop-ding"]) == 0

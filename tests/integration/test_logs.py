import logging

import pytest

from app import logs


def test_phone_numbers_and_addresses_never_reach_the_log(data_dir):
    path = logs.setup(data_dir)
    logging.getLogger("t").warning("buyer 13812345678 at 广东省深圳市南山区建设路44号26栋317 order 6953331576772446378")
    for h in logging.getLogger().handlers:
        h.flush()
    text = path.read_text(encoding="utf-8")
    assert "13812345678" not in text and "建设路44号" not in text
    assert "[phone]" in text and "[address]" in text
    # order ids (19 digits) are not phone numbers and stay readable
    assert "6953331576772446378" in text


def test_cli_error_goes_to_log_not_traceback(data_dir, capsys, monkeypatch):
    from app import cli

    def boom(*a, **k):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(cli, "_dispatch", boom)
    code = cli.run(["--data-dir", str(data_dir), "stock", "--json"])
    out = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out.out + out.err
    assert "RuntimeError" not in out.err and "kaputt" not in out.err  # words, not the exception (#21)
    assert str(logs.log_path(data_dir)) in out.err
    said = logs.log_path(data_dir).read_text(encoding="utf-8")
    assert "Traceback" in said and "kaputt" in said


def _flush():
    for h in logging.getLogger().handlers:
        h.flush()


def test_a_traceback_quoting_a_cell_is_scrubbed_too(data_dir):
    path = logs.setup(data_dir)
    try:
        raise ValueError("第7行 收件人手机号 138-1234-5678 地址 浙江省杭州市西湖区文三路90号 不合法")
    except ValueError:
        logging.getLogger("t").exception("import failed")
    _flush()
    text = path.read_text(encoding="utf-8")
    assert "Traceback" in text and "第7行" in text
    assert "1234-5678" not in text and "文三路90号" not in text


@pytest.mark.parametrize("personal", [
    "13812345678", "+86 138 1234 5678", "138 1234 5678", "0755-26881234", "+1 415-555-0132",
    "(415) 555-0132", "广东省深圳市南山区科技园路1号3栋502室", "杭州市西湖区文三路90号",
    "建设路44号", "1600 Amphitheatre Parkway", "221 Baker Street",
])
def test_phone_and_address_shapes_are_scrubbed(personal):
    assert personal not in logs.scrub(f"row 3: {personal}, SKU SS01-02")


@pytest.mark.parametrize("kept", [
    "6953331576772446378", "380871-245494687348012", "2026-11-20T18:00:00+08:00", "¥127.90",
    "SS01-02", "151****4622", "加厚珊瑚绒睡衣女冬季套装 粉色 M", "家用折叠收纳箱 大号",
])
def test_what_support_needs_stays_readable(kept):
    assert kept in logs.scrub(f"order {kept} checked")


def test_the_log_rotates_and_keeps_a_few_files(data_dir):
    path = logs.setup(data_dir, max_bytes=2_000, backups=2)
    for i in range(200):
        logging.getLogger("t").info("line %d %s", i, "x" * 40)
    _flush()
    files = sorted(p.name for p in path.parent.glob("shopsentry.log*"))
    assert files == ["shopsentry.log", "shopsentry.log.1", "shopsentry.log.2"]
    assert all(p.stat().st_size <= 2_100 for p in path.parent.glob("shopsentry.log*"))


def _channel_test_logged(data_dir, svc, kind, secret=None):
    from tests.channel_peers import Robots

    robots = Robots()
    try:
        svc.channel_add("群", kind, robots.url(kind), secret=secret)
        assert svc.channel_test("群").ok
    finally:
        robots.stop()
    _flush()
    return logs.log_path(data_dir).read_text(encoding="utf-8"), robots


@pytest.mark.parametrize("kind,key", [("wecom", "693a91f6-7xxx"), ("dingtalk", "9d4b7xxxxtoken"),
                                      ("feishu", "5e3d587e-d78e")])
def test_a_channels_key_never_reaches_the_log(data_dir, svc, kind, key):
    logs.setup(data_dir)
    text, robots = _channel_test_logged(data_dir, svc, kind, secret="SECkey" if kind != "wecom" else None)
    assert key not in text and "SECkey" not in text
    sign = robots.got[0]["query"].get("sign") or robots.got[0]["json"].get("sign")
    assert sign is None or sign not in text


def test_a_request_line_logged_anyway_is_redacted(data_dir, svc):
    """Second line of defence: a library that logs the URL (httpx at INFO) has the key blanked."""
    logs.setup(data_dir)
    logging.getLogger("httpx").setLevel(logging.INFO)
    try:
        text, _ = _channel_test_logged(data_dir, svc, "dingtalk", secret="SECkey")
    finally:
        logging.getLogger("httpx").setLevel(logging.WARNING)
    assert "HTTP Request: POST" in text and "access_token=***" in text and "sign=***" in text
    assert "9d4b7xxxxtoken" not in text


@pytest.mark.parametrize("line,secret", [
    ("POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx HTTP/1.1", "693a91f6"),
    ("POST https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1&sign=a%2Bb%3D", "a%2Bb"),
    ("POST https://open.feishu.cn/open-apis/bot/v2/hook/5e3d587e-d78e \"HTTP/1.1 200 OK\"", "5e3d587e"),
    ("connect smtp://shop%40163.com:AUTHCODE123@smtp.163.com:465?to=a@b.cn", "AUTHCODE123"),
])
def test_keys_in_addresses_are_redacted(line, secret):
    assert secret not in logs.redact(line) and "***" in logs.redact(line)

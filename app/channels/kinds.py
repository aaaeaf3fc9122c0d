"""Each receiver's documented message format, signature and answer (no store, no Qt).

- 企业微信 group robot: ``{"msgtype": "markdown", "markdown": {"content"}}`` (≤ 4096 bytes), errcode 0.
- 钉钉 custom robot: ``{"msgtype": "markdown", "markdown": {"title", "text"}}``; with a secret the query
  gains ``timestamp`` (ms) and ``sign`` = urlencode(base64(HmacSHA256(secret, f"{ts}\\n{secret}"))).
- 飞书 custom bot: ``{"msg_type": "text", "content": {"text"}}``; with a secret the body gains
  ``timestamp`` (s) and ``sign`` = base64(HmacSHA256(key=f"{ts}\\n{secret}", msg=b"")); code 0.
- e-mail: SMTP (STARTTLS or SSL), plain text + HTML.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import logging
import smtplib
import ssl
import time
import urllib.parse
from dataclasses import dataclass
from email.message import EmailMessage

from app.text import N_, label, t

log = logging.getLogger(__name__)
KINDS = ("wecom", "dingtalk", "feishu", "email")
WECOM_MAX_BYTES = 4096
TIMEOUT = 10.0  # seconds: a receiver that does not answer is "down", the message waits


@dataclass
class Reply:
    ok: bool
    text: str = ""  # the receiver's answer in words
    permanent: bool = False  # refused for good (bad key, wrong address): pause, don't retry


# -- signing (the vendors' documented recipes) ---------------------------------------------------
def dingtalk_sign(secret: str, ts_ms: int) -> str:
    digest = hmac.new(secret.encode(), f"{ts_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(secret: str, ts_s: int) -> str:
    digest = hmac.new(f"{ts_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


# -- bodies ----------------------------------------------------------------------------------------
def _cut(text: str, max_bytes: int) -> str:
    data = text.encode()
    if len(data) <= max_bytes:
        return text
    return data[:max_bytes - 3].decode(errors="ignore") + "…"


def wecom_body(title: str, lines: list[str]) -> dict:
    content = f"**{title}**\n" + "\n".join(f"> {line}" for line in lines)
    return {"msgtype": "markdown", "markdown": {"content": _cut(content, WECOM_MAX_BYTES)}}


def dingtalk_body(title: str, lines: list[str]) -> dict:
    text = f"#### {title}\n\n" + "\n".join(f"- {line}" for line in lines)
    return {"msgtype": "markdown", "markdown": {"title": title, "text": _cut(text, 18000)}}


def feishu_body(title: str, lines: list[str], secret: str | None, ts_s: int) -> dict:
    body = {"msg_type": "text", "content": {"text": "\n".join([title, *lines])}}
    if secret:
        body |= {"timestamp": str(ts_s), "sign": feishu_sign(secret, ts_s)}
    return body


def request(kind: str, url: str, secret: str | None, title: str, lines: list[str],
            now_s: float | None = None) -> tuple[str, dict]:
    """(URL to post, JSON body) for a robot kind."""
    now_s = time.time() if now_s is None else now_s
    if kind == "wecom":
        return url, wecom_body(title, lines)
    if kind == "dingtalk":
        if secret:
            ts = int(now_s * 1000)
            sep = "&" if "?" in url else "?"
            url = f"{url}{sep}timestamp={ts}&sign={urllib.parse.quote_plus(dingtalk_sign(secret, ts))}"
        return url, dingtalk_body(title, lines)
    if kind == "feishu":
        return url, feishu_body(title, lines, secret, int(now_s))
    raise ValueError(kind)


# -- answers in words --------------------------------------------------------------------------------
RATE_LIMITED = {"wecom": {45009}, "dingtalk": {130101, 410100}, "feishu": {11232, 9499}}
KNOWN = {  # the codes a seller meets: what they mean and what to do
    93000: N_("the robot address is not valid (wrong key, or the robot was removed from the group)"),
    300001: N_("the robot's access token is not valid (copy the address again from the group's robot settings)"),
    310000: N_("the robot refused the message (signature, keyword or IP allow-list in its security settings)"),
    19021: N_("the signature did not match: check the robot's secret"),
    19022: N_("this computer's IP address is not on the robot's allow-list"),
    19024: N_("the message lacks the robot's custom keyword"),
}


def _words(kind: str, code, message: str) -> str:
    known = KNOWN.get(code)
    detail = label(known) if known else (message or "")
    return t("refused ({code}): {detail}", code=code, detail=detail)


def answer(kind: str, status: int, doc: dict | None) -> Reply:
    """The receiver's HTTP status and JSON answer → sent, rate-limited (wait) or refused (pause)."""
    if status == 429 or status >= 500:
        return Reply(False, t("the receiver is busy or down (HTTP {status}); the message waits", status=status))
    if status >= 400:
        return Reply(False, t("the receiver refused the address (HTTP {status}): check the robot's URL",
                              status=status), permanent=True)
    doc = doc or {}
    code = doc.get("code", doc.get("StatusCode")) if kind == "feishu" else doc.get("errcode")
    if code in (0, None):
        return Reply(True, t("accepted"))
    message = str(doc.get("errmsg") or doc.get("msg") or doc.get("StatusMessage") or "")
    if code in RATE_LIMITED.get(kind, set()):
        return Reply(False, t("rate-limited by the receiver ({code}); the message waits", code=code))
    return Reply(False, _words(kind, code, message), permanent=True)


def post(kind: str, url: str, secret: str | None, title: str, lines: list[str]) -> Reply:
    """Post one message; never raises for network trouble (that is a Reply that waits)."""
    import httpx  # well-kept, timeouts per phase, proxies from the environment (trust_env)

    target, body = request(kind, url, secret, title, lines)
    try:
        r = httpx.post(target, json=body, timeout=TIMEOUT)
    except httpx.HTTPError as exc:
        log.info("%s receiver not reached (%s)", kind, exc.__class__.__name__)
        return Reply(False, t("the receiver could not be reached ({error}); the message waits",
                              error=exc.__class__.__name__))
    try:
        doc = r.json()
    except ValueError:
        doc = None
    return answer(kind, r.status_code, doc if isinstance(doc, dict) else None)


# -- e-mail ----------------------------------------------------------------------------------------------
@dataclass
class Mailbox:
    host: str
    port: int
    to: list[str]
    sender: str
    user: str | None
    starttls: bool
    ssl: bool


def mailbox(url: str) -> Mailbox:
    """``smtp://[user[:password]@]host[:port]?to=ADDR[&from=ADDR][&starttls=1]`` (``smtps://``: SSL)."""
    u = urllib.parse.urlsplit(url)
    if u.scheme not in ("smtp", "smtps") or not u.hostname:
        raise ValueError(t("an e-mail channel needs smtp://[user[:password]@]host[:port]?to=ADDR"))
    q = urllib.parse.parse_qs(u.query)
    to = [a for v in q.get("to", []) for a in v.split(",") if a]
    if not to:
        raise ValueError(t("an e-mail channel needs ?to=ADDR"))
    user = urllib.parse.unquote(u.username) if u.username else None
    sender = (q.get("from") or [user or to[0]])[0]
    secure = u.scheme == "smtps"
    return Mailbox(u.hostname, u.port or (465 if secure else 25), to, sender, user,
                   (q.get("starttls") or ["0"])[0] in ("1", "true", "yes"), secure)


def mail_password(url: str) -> str | None:
    p = urllib.parse.urlsplit(url).password
    return urllib.parse.unquote(p) if p else None


def tls_context() -> ssl.SSLContext:
    """TLS for the mail server (STARTTLS and SMTPS alike): the system's trusted certificates and
    the host name checked. The one place a test points at its own certificate authority."""
    return ssl.create_default_context()


def send_mail(url: str, title: str, lines: list[str]) -> Reply:
    box = mailbox(url)
    msg = EmailMessage()
    msg["Subject"], msg["From"], msg["To"] = title, box.sender, ", ".join(box.to)
    msg.set_content("\n".join([title, "", *lines]))
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    msg.add_alternative(f"<h3>{html.escape(title)}</h3><ul>{items}</ul>", subtype="html")
    try:
        # SMTP_SSL without a context would not check the server's certificate at all
        smtp_ = (smtplib.SMTP_SSL(box.host, box.port, timeout=TIMEOUT, context=tls_context()) if box.ssl
                 else smtplib.SMTP(box.host, box.port, timeout=TIMEOUT))
        with smtp_ as smtp:
            if box.starttls:
                smtp.starttls(context=tls_context())
            if box.user:
                smtp.login(box.user, mail_password(url) or "")
            smtp.send_message(msg)
    except smtplib.SMTPAuthenticationError as exc:
        return Reply(False, t("the mail server refused the login ({code}): check the user and the "
                              "authorisation code", code=exc.smtp_code), permanent=True)
    except ssl.SSLCertVerificationError:
        log.info("mail server certificate not trusted")
        return Reply(False, t("the mail server's certificate could not be verified (a wrong host name, or a "
                              "self-made certificate); the message waits"))
    except smtplib.SMTPRecipientsRefused:
        return Reply(False, t("the mail server refused the recipient address"), permanent=True)
    except (OSError, smtplib.SMTPException) as exc:
        log.info("mail server not reached (%s)", exc.__class__.__name__)
        return Reply(False, t("the mail server could not be reached ({error}); the message waits",
                              error=exc.__class__.__name__))
    return Reply(True, t("accepted"))

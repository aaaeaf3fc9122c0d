"""Local receivers that answer like the vendors' robots and a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import http.server
import json
import threading
import urllib.parse
from email import message_from_bytes, policy


class Robots:
    """One HTTP server for 企业微信 (/cgi-bin/webhook/send), 钉钉 (/robot/send) and 飞书
    (/open-apis/bot/v2/hook/…). ``answers[path_prefix]``: a list of (status, json) replies, used in
    turn (the last one stays); every request is recorded."""

    def __init__(self, port: int = 0):
        self.got: list[dict] = []
        self.answers: dict[str, list] = {}
        robots = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                u = urllib.parse.urlsplit(self.path)
                robots.got.append({"path": u.path, "query": dict(urllib.parse.parse_qsl(u.query)),
                                   "json": json.loads(raw), "raw": raw})
                status, doc = robots._answer(u.path)
                body = json.dumps(doc).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _answer(self, path: str):
        for prefix, replies in self.answers.items():
            if path.startswith(prefix):
                return replies.pop(0) if len(replies) > 1 else replies[0]
        if path.startswith("/open-apis/"):
            return 200, {"code": 0, "msg": "success", "data": {}}
        return 200, {"errcode": 0, "errmsg": "ok"}

    def url(self, kind: str) -> str:
        base = f"http://127.0.0.1:{self.port}"
        return {"wecom": f"{base}/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa",
                "dingtalk": f"{base}/robot/send?access_token=9d4b7xxxxtoken",
                "feishu": f"{base}/open-apis/bot/v2/hook/5e3d587e-d78e-4a07-bd07-265f269f86fd"}[kind]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed(folder) -> tuple[str, str]:
    """(certificate, key) PEM files for 127.0.0.1, made now: the STARTTLS server's own identity,
    which the test's client trusts explicitly (verification stays on)."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = f"{folder}/smtp-cert.pem", f"{folder}/smtp-key.pem"
    with open(cert_file, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_file, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    return cert_file, key_file


class Mailbox:
    """A real SMTP server on a free local port; received messages are parsed e-mails.

    ``tls``: (certificate, key) files: the server offers STARTTLS, requires it, and only then
    accepts a login as ``users`` allow (``logins`` records who logged in, and whether over TLS)."""

    def __init__(self, tls: tuple[str, str] | None = None, users: dict[str, str] | None = None):
        import ssl

        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        self.messages, self.logins = [], []
        box = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                box.messages.append(message_from_bytes(envelope.content, policy=policy.default))
                return "250 OK"

        def authenticator(server, session, envelope, mechanism, auth_data):
            user, password = auth_data.login.decode(), auth_data.password.decode()
            ok = (users or {}).get(user) == password
            box.logins.append((user, ok, session.ssl is not None))
            return AuthResult(success=ok, handled=False)  # the server answers 235 or 535 itself

        extra = {}
        if tls:
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(*tls)
            extra = {"tls_context": ctx, "require_starttls": True, "authenticator": authenticator,
                     "auth_require_tls": True}
        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, **extra)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

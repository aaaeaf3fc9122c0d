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


class Mailbox:
    """A real SMTP server on a free local port; received messages are parsed e-mails."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages = []
        box = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                box.messages.append(message_from_bytes(envelope.content, policy=policy.default))
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

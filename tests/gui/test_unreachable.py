"""A shared database that does not answer at start: a dialog in words (retry, or this computer's
own shop), never a traceback; the CLI says the same in a line. Real ports, no mock server."""

import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _dead_url() -> str:
    with socket.socket() as s:  # a port nothing listens on once the socket is closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"postgresql+psycopg://shop:secret@127.0.0.1:{port}/shop"


def test_an_unreachable_server_asks_and_this_computers_shop_opens(qapp, tmp_path):
    from ui.app import open_services
    from ui.dialogs import unreachable

    asked = []

    def answer(box):
        asked.append((box.text(), box.informativeText()))
        next(b for b in box.buttons() if b.text() in ("Open this computer's shop", "打开本机店铺")).click()

    try:
        svc = open_services(qapp, tmp_path, None, tmp_path / "log.txt", url=_dead_url(), unreachable=answer)
    finally:
        from ui import i18n

        i18n.uninstall(qapp)  # the dialog installed zh_CN; the tests after this one read English
    assert svc is not None and svc.store.is_sqlite and not svc.is_shared
    text, detail = asked[0]
    assert "127.0.0.1" in text and "secret" not in text + detail and "Traceback" not in detail
    assert unreachable.RETRY and "PostgreSQL" in detail
    svc.store.dispose()


def test_the_command_line_says_it_in_a_line(tmp_path):
    p = subprocess.run([sys.executable, str(ROOT / "main.py"), "--data-dir", str(tmp_path), "--database-url",
                        _dead_url(), "stock"], capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 1 and "Traceback" not in p.stderr and "secret" not in p.stderr + p.stdout
    assert "PostgreSQL" in p.stderr.splitlines()[0]  # the reason in words, not the driver's text

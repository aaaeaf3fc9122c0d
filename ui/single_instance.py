"""One running app per user: a second launch hands its file paths to the first and exits."""

from __future__ import annotations

import getpass
import hashlib
import json

from PySide6.QtCore import QByteArray, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket


def server_name(data_dir: str) -> str:
    # per user and per data dir, so a test or a second profile does not collide
    digest = hashlib.sha1(f"{getpass.getuser()}:{data_dir}".encode()).hexdigest()[:12]
    return f"shopsentry-{digest}"


def hand_off(name: str, paths: list[str], timeout_ms: int = 500) -> bool:
    """Try to pass ``paths`` to a running instance; True when one answered."""
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(timeout_ms):
        return False
    sock.write(QByteArray(json.dumps({"activate": True, "paths": paths}).encode()))
    sock.flush()
    sock.waitForBytesWritten(timeout_ms)
    sock.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later launches; emits ``activated(paths)`` on the GUI thread."""

    activated = Signal(list)

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.server = QLocalServer(self)
        QLocalServer.removeServer(name)  # a stale socket after a crash
        self.server.listen(name)
        self.server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            sock.setParent(self)
            sock.readyRead.connect(self._on_ready)
            sock.disconnected.connect(sock.deleteLater)
            if sock.bytesAvailable():
                self._read(sock)

    def _on_ready(self) -> None:
        sock = self.sender()
        if isinstance(sock, QLocalSocket):
            self._read(sock)

    def _read(self, sock: QLocalSocket) -> None:
        raw = bytes(sock.readAll().data())
        try:
            msg = json.loads(raw.decode() or "{}")
        except ValueError:
            return
        self.activated.emit([str(p) for p in msg.get("paths", [])])

    def close(self) -> None:
        self.server.close()

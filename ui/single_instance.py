"""One running app per user: a second launch hands its file paths to the first and exits."""

from __future__ import annotations

import getpass
import hashlib
import json
import logging

from PySide6.QtCore import QByteArray, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)


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
    # one JSON line: the server reads until the newline, however the bytes arrive
    sock.write(QByteArray(json.dumps({"activate": True, "paths": paths}).encode() + b"\n"))
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
        # only this user may connect (the socket would otherwise be world-writable on Unix)
        self.server.setSocketOptions(QLocalServer.UserAccessOption)
        QLocalServer.removeServer(name)  # a stale socket after a crash
        self.listening = self.server.listen(name)
        if self.listening:
            log.info("listening for second launches")
        else:
            log.warning("single-instance server not listening: %s", self.server.errorString())
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            sock.setParent(self)
            self._buffers[sock] = b""
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(lambda s=sock: self._finish(s))
            if sock.bytesAvailable():
                self._read(sock)

    def _read(self, sock: QLocalSocket) -> None:
        if sock not in self._buffers:
            return
        self._buffers[sock] += bytes(sock.readAll().data())
        if b"\n" in self._buffers[sock]:
            self._finish(sock)

    def _finish(self, sock: QLocalSocket) -> None:
        raw = self._buffers.pop(sock, None)
        sock.deleteLater()
        if raw is None:
            return
        try:
            msg = json.loads(raw.split(b"\n", 1)[0].decode() or "{}")
        except ValueError:
            log.warning("ignored a malformed message from a second launch")
            return
        paths = [str(p) for p in msg.get("paths", [])]
        log.info("a second launch handed over %d file(s)", len(paths))
        self.activated.emit(paths)

    def close(self) -> None:
        self.server.close()

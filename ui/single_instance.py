"""One running app per user and data dir: a second launch hands its file paths to the first and exits.

Files reach the app three ways: on the command line (Windows/Linux "open with", drag onto the icon),
from a later launch through the local socket below, and on macOS as ``QFileOpenEvent`` (Finder never
puts them in argv). ``FileOpenCollector`` turns the last into the same ``paths`` signal.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QLockFile, QObject, Signal
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


def claim_primary(name: str, lock_path: Path, paths: list[str], wait_s: float = 10.0):
    """Become the running instance, or hand ``paths`` to it.

    Returns the held ``QLockFile`` (keep it alive while the app runs) when this process is the
    first; None when a running instance took the paths. Explorer starts one process per selected
    file at the same moment: the lock decides which one becomes the window, and the others wait
    until its socket listens (it opens the store first) instead of opening windows of their own."""
    lock = QLockFile(str(lock_path))
    lock.setStaleLockTime(0)  # staleness by dead PID only: the app may legitimately run for days
    deadline = time.monotonic() + wait_s
    while True:
        if lock.tryLock(0):
            return lock
        if hand_off(name, paths):
            return None
        if time.monotonic() > deadline:
            log.warning("another ShopSentry holds %s but does not answer: starting anyway", lock_path)
            return lock
        QCoreApplication.processEvents()
        time.sleep(0.1)


class FileOpenCollector(QObject):
    """Application event filter for macOS "Open With"/drops on the Dock icon (``QFileOpenEvent``).
    Events that arrive before the window exists are kept until ``take_pending``."""

    paths = Signal(list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.pending: list[str] = []
        self.ready = False

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.FileOpen:
            path = event.file() or event.url().toLocalFile()
            if path:
                if self.ready:
                    self.paths.emit([path])
                else:
                    self.pending.append(path)
            return True
        return False

    def take_pending(self) -> list[str]:
        """The window is up: return what arrived early and deliver later events by signal."""
        self.ready = True
        out, self.pending = self.pending, []
        return out


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
        if raw is None:  # already handled (a socket being destroyed still emits disconnected)
            return
        sock.readyRead.disconnect()
        sock.disconnected.disconnect()
        sock.deleteLater()
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

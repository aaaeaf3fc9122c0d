import json
import os
import sqlite3
import subprocess
import sys
import time

from ui.single_instance import InstanceServer, hand_off, server_name


def test_second_launch_hands_paths_to_the_first(qtbot, data_dir):
    name = server_name(str(data_dir))
    server = InstanceServer(name)
    with qtbot.waitSignal(server.activated, timeout=3000) as blocker:
        assert hand_off(name, ["/tmp/a.xlsx", "/tmp/b.csv"])
    assert blocker.args == [["/tmp/a.xlsx", "/tmp/b.csv"]]
    server.close()
    server.deleteLater()


def test_no_running_instance_means_start_normally(qtbot, tmp_path):
    assert not hand_off(server_name(str(tmp_path / "nobody")), [], timeout_ms=200)


def test_a_message_split_across_reads_arrives_whole(qtbot, data_dir):
    from PySide6.QtCore import QByteArray
    from PySide6.QtNetwork import QLocalSocket

    name = server_name(str(data_dir))
    server = InstanceServer(name)
    paths = [f"/tmp/导出-{i}.xlsx" for i in range(300)]  # larger than one socket read
    payload = json.dumps({"activate": True, "paths": paths}).encode() + b"\n"
    sock = QLocalSocket()
    sock.connectToServer(name)
    assert sock.waitForConnected(1000)
    with qtbot.waitSignal(server.activated, timeout=3000) as blocker:
        for i in range(0, len(payload), 1000):
            sock.write(QByteArray(payload[i:i + 1000]))
            sock.flush()
            qtbot.wait(5)
    assert blocker.args == [paths]
    sock.disconnectFromServer()
    server.close()


def _wait_for(cond, seconds=40.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.2)
    return False


def test_second_launch_brings_the_window_forward_and_its_files_are_imported(tmp_path):
    """Two real processes: the second hands its file to the first and exits; the first imports it."""
    from tests.factories import douyin_file
    from tests.gui.test_startup import ROOT

    data = tmp_path / "data"
    export = douyin_file(tmp_path / "抖店订单.xlsx")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cmd = [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data)]
    first = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        log = data / "logs" / "shopsentry.log"
        assert _wait_for(lambda: log.exists() and "listening for second launches" in log.read_text("utf-8")), \
            "the first instance never started listening"
        second = subprocess.run([*cmd, export.name], env=env, cwd=tmp_path, capture_output=True, text=True,
                                timeout=60)
        assert second.returncode == 0, second.stderr[-2000:]
        assert "handed over 1 file(s)" in log.read_text("utf-8")

        def imported():
            con = sqlite3.connect(data / "shopsentry.db")
            try:
                return con.execute("select count(*) from orders").fetchone()[0] == 2
            except sqlite3.Error:
                return False
            finally:
                con.close()

        assert _wait_for(imported), "the running window did not import the handed-over file"
        assert first.poll() is None  # the first window keeps running; only the second exited
    finally:
        first.terminate()
        first.wait(timeout=30)


def test_first_launch_claims_the_lock_later_ones_hand_over(qtbot, data_dir):
    from ui.single_instance import claim_primary

    name = server_name(str(data_dir))
    first = claim_primary(name, data_dir / "shopsentry.lock", [])
    assert first is not None and first.isLocked()
    server = InstanceServer(name)
    with qtbot.waitSignal(server.activated, timeout=3000) as blocker:
        assert claim_primary(name, data_dir / "shopsentry.lock", ["/tmp/抖店 订单.xlsx"]) is None
    assert blocker.args == [["/tmp/抖店 订单.xlsx"]]
    server.close()
    first.unlock()


def test_a_launch_racing_the_first_waits_for_its_window(qtbot, data_dir):
    # Explorer starts one process per selected file at once: the loser must wait for the winner's
    # socket (opened only after the store) instead of opening a second window
    from PySide6.QtCore import QTimer

    from ui.single_instance import claim_primary

    name = server_name(str(data_dir))
    first = claim_primary(name, data_dir / "shopsentry.lock", [])
    servers, got = [], []

    def window_up():
        servers.append(InstanceServer(name))
        servers[0].activated.connect(got.append)

    QTimer.singleShot(400, window_up)
    assert claim_primary(name, data_dir / "shopsentry.lock", ["/tmp/b.csv"], wait_s=5) is None
    qtbot.waitUntil(lambda: got == [["/tmp/b.csv"]], timeout=3000)
    first.unlock()
    servers[0].close()


def test_macos_file_open_events_reach_the_import_flow(qtbot, qapp):
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QFileOpenEvent

    from ui.single_instance import FileOpenCollector

    collector = FileOpenCollector()
    qapp.installEventFilter(collector)
    try:
        QCoreApplication.sendEvent(qapp, QFileOpenEvent("/tmp/early.xlsx"))  # before the window exists
        assert collector.take_pending() == ["/tmp/early.xlsx"]
        with qtbot.waitSignal(collector.paths, timeout=1000) as blocker:
            QCoreApplication.sendEvent(qapp, QFileOpenEvent("/tmp/later.csv"))
        assert blocker.args == [["/tmp/later.csv"]]
        assert collector.take_pending() == []
    finally:
        qapp.removeEventFilter(collector)

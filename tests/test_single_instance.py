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
    from tests.test_startup import ROOT

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

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

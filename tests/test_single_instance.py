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

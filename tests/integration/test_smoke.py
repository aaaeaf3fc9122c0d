import sqlite3

from tests.gui.test_startup import run_main


def test_smoke_test_renders_every_tab_headless_and_leaves_a_wal_database(tmp_path):
    """As CI and the packaged build run it: no display and no QT_QPA_PLATFORM set."""
    data, shots = tmp_path / "data", tmp_path / "shots"
    p = run_main("--data-dir", str(data), "--smoke-test", "--screenshot-dir", str(shots), timeout=180)
    assert p.returncode == 0, p.stderr[-2000:]
    pngs = sorted(x.name for x in shots.glob("*.png"))
    assert pngs == ["1-inventory.png", "2-risk.png", "3-contact.png", "4-health.png", "5-alerts.png",
                    "6-backups.png", "7-channels.png"]
    assert all((shots / n).stat().st_size > 10_000 for n in pngs)  # a rendered window, not a blank
    con = sqlite3.connect(data / "shopsentry.db")
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert con.execute("select count(*) from orders").fetchone()[0] > 0
    assert con.execute("select count(*) from alerts").fetchone()[0] > 0  # the bell shows real alerts
    con.close()
    assert (data / "db-check.json").exists()  # closed cleanly: the next start may skip the file's check
    # the smoke test's window size is not remembered as the seller's
    ini = data / "ui.ini"
    assert not ini.exists() or "geometry" not in ini.read_text()

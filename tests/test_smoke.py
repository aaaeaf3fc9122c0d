import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_smoke_test_renders_every_tab_and_leaves_a_wal_database(tmp_path):
    data, shots = tmp_path / "data", tmp_path / "shots"
    p = subprocess.run([sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), "--smoke-test",
                        "--screenshot-dir", str(shots)], capture_output=True, text=True, timeout=180,
                       env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert p.returncode == 0, p.stderr[-2000:]
    pngs = sorted(x.name for x in shots.glob("*.png"))
    assert pngs == ["1-inventory.png", "2-risk.png", "3-contact.png", "4-alerts.png"]
    assert all((shots / n).stat().st_size > 10_000 for n in pngs)  # a rendered window, not a blank
    con = sqlite3.connect(data / "shopsentry.db")
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert con.execute("select count(*) from orders").fetchone()[0] > 0
    assert con.execute("select count(*) from alerts").fetchone()[0] > 0  # the bell shows real alerts

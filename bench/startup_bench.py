"""Start to window: from launching ShopSentry to its main window rendered with the shop's data.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/startup_bench.py [dist/ShopSentry/ShopSentry] [runs]

Without an executable it times the source checkout (python main.py). The shop is the demo shop,
loaded by a first run; each timed run starts the app on it as a seller's double-click does and
stops the clock when the app logs "window rendered" (the smoke test path, offscreen). Goal for the
packaged app: <= 3 s.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = "smoke test: window rendered"


def launch(cmd: list[str], data: Path) -> float:
    log = data / "logs" / "shopsentry.log"
    seen = log.read_text(encoding="utf-8").count(MARK) if log.exists() else 0
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    t0 = time.perf_counter()
    proc = subprocess.Popen([*cmd, "--data-dir", str(data), "--smoke-test"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    took = None
    while took is None:
        exited = proc.poll() is not None
        if log.exists() and log.read_text(encoding="utf-8").count(MARK) > seen:
            took = time.perf_counter() - t0
        elif exited:
            break
        time.sleep(0.01)
    if proc.wait(timeout=120) != 0 or took is None:
        raise SystemExit(f"{cmd[0]} failed (exit {proc.returncode})")
    return took


def main() -> None:
    args = sys.argv[1:]
    exe = args[0] if args and not args[0].isdigit() else None
    runs = int(args[-1]) if args and args[-1].isdigit() else 5
    cmd = [exe] if exe else [sys.executable, str(ROOT / "main.py")]
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        first = launch(cmd, data)  # creates the database and loads the demo shop
        times = [launch(cmd, data) for _ in range(runs)]
    what = exe or "source (python main.py)"
    print(f"{what}: first start (new shop + demo) {first:.2f} s; start to window on an existing shop: "
          f"median {statistics.median(times):.2f} s, best {min(times):.2f} s, worst {max(times):.2f} s "
          f"over {runs} runs")


if __name__ == "__main__":
    main()

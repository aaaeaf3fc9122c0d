"""The keyboard contact loop timed on a real X server: 20 buyers, each Ctrl+C (copy the message)
then Ctrl+Enter (mark sent, next task), as a seller would press them — the time is the app's
(keys, clipboard, writes, refreshes), not the paste in the platform chat.

Each Ctrl+C is repeated until the clipboard holds a new message (so the figure includes any wait
for the app), then the CLI confirms 20 tasks sent. Needs Xvfb, xdotool and xclip (Makefile).

    .venv/bin/python bench/contact_keys_bench.py [EXPORTS_DIR]   (default ../shared/samples)
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = ("douyin_orders.xlsx", "taobao_orders.csv", "taobao_items.csv", "pdd_orders.xlsx", "kuaishou_orders.xls",
         "tiktok_orders.csv", "stock.xlsx")
N = 20


def cli(data: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "main.py", "--data-dir", data, *args, "--json"], cwd=ROOT, text=True,
                         capture_output=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), timeout=600)
    return json.loads(out.stdout or "{}")


def main() -> int:
    exports = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "samples")
    data = tempfile.mkdtemp(prefix="ss-keys-bench-")
    cli(data, "import", *[str(exports / f) for f in FILES if (exports / f).exists()])
    todo = sum(t["status"] == "todo" for t in cli(data, "contacts").get("tasks", []))
    disp = ":94"
    xvfb = subprocess.Popen(["Xvfb", disp, "-screen", "0", "1280x800x24"], stderr=subprocess.DEVNULL)
    env = dict(os.environ, DISPLAY=disp, QT_QPA_PLATFORM="xcb")
    app = None
    try:
        time.sleep(1)
        app = subprocess.Popen([sys.executable, "main.py", "--data-dir", data], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wid = ""
        for _ in range(150):
            time.sleep(0.2)
            wid = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "店哨|ShopSentry"], env=env,
                                 capture_output=True, text=True).stdout.split()
            if wid:
                wid = wid[-1]
                break
        time.sleep(3)  # the start-up check

        def key(k: str) -> None:
            subprocess.run(["xdotool", "windowfocus", "--sync", wid], env=env, capture_output=True)
            subprocess.run(["xdotool", "key", "--clearmodifiers", k], env=env)

        def clip() -> str:
            return subprocess.run(["xclip", "-o", "-selection", "clipboard", "-t", "UTF8_STRING"], env=env,
                                  capture_output=True, text=True).stdout

        start = time.perf_counter()
        key("ctrl+3")
        seen, tries = set(), 0
        for _ in range(N):
            text = ""
            while not text:
                key("ctrl+c")
                tries += 1
                for _ in range(20):  # the app sets the clipboard a moment after the key
                    got = clip()
                    if got and got not in seen:
                        text = got
                        break
                    time.sleep(0.02)
            seen.add(text)
            key("ctrl+Return")
        elapsed = time.perf_counter() - start
        time.sleep(2)  # the last write
    finally:
        if app:
            app.terminate()
            app.wait(10)
        xvfb.terminate()
    sent = sum(t["status"] == "sent" for t in cli(data, "contacts").get("tasks", []))
    print(f"contact loop: {N} buyers in {elapsed:.1f} s in the app ({elapsed / N:.2f} s each, "
          f"{tries} Ctrl+C for {N} messages); {sent} sent of {todo} to contact; goal <= 60 s")
    return 0 if sent == N else 1


if __name__ == "__main__":
    sys.exit(main())

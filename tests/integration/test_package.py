"""The PyInstaller bundle builds from the spec, starts, renders every tab in both languages, answers
the CLI, loads everything it loads by name (migrations, rules, templates, translations, APScheduler
plug-ins, spreadsheet readers) and keeps its data out of its own folder.

A full build takes one to three minutes, so it runs in CI (CI=true, as .ci/run's environment sets)
or with SHOPSENTRY_PACKAGE_TEST=1; `make test` on a developer's machine skips it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from tests.factories import DOUYIN_HEAD, douyin_file, douyin_row, stock_file, write_csv

ROOT = Path(__file__).resolve().parents[2]
MAX_MIB = 250


def _wanted() -> bool:
    ci = os.environ.get("CI", "").strip().lower()
    return ci not in ("", "0", "false", "no") or os.environ.get("SHOPSENTRY_PACKAGE_TEST") == "1"


pytestmark = pytest.mark.skipif(
    not _wanted(), reason="builds the PyInstaller bundle (minutes); runs with CI=true or SHOPSENTRY_PACKAGE_TEST=1")


def _size_mib(folder: Path, follow_links: bool) -> float:
    """On disk, or counting each symlink as a copy (PyInstaller links Qt's libraries on Linux; a zip or
    an installer may store them twice, and the acceptance check counts them so)."""
    return sum(f.stat().st_size for f in folder.rglob("*")
               if f.is_file() and (follow_links or not f.is_symlink())) / 2**20


def _listing(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:  # CI must build it, so a missing tool is a failure there, not a skip
        pytest.fail("PyInstaller is not installed: pip install -e '.[package]' (make does)")
    base = tmp_path_factory.mktemp("pkg")
    dist, work = base / "dist", base / "work"
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(dist),
                        "--workpath", str(work), str(ROOT / "build.spec")],
                       cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert p.returncode == 0, p.stderr[-3000:]
    assert "not bundled" not in p.stderr, p.stderr[-3000:]  # a pyproject dependency was missing
    print(f"\nPyInstaller build: {time.perf_counter() - t0:.0f} s")
    folder = dist / "ShopSentry"
    assert folder.is_dir(), sorted(x.name for x in dist.iterdir())
    folder_listing = _listing(folder)
    yield folder
    # nothing any run below did may have written into the bundle (data lives in the data dir)
    assert _listing(folder) == folder_listing


def _exe(folder: Path) -> Path:
    return folder / ("ShopSentry.exe" if sys.platform == "win32" else "ShopSentry")


def _cli_exe(folder: Path) -> Path:
    # a windowed Windows exe has no stdout: the CLI runs through its console twin
    return folder / "ShopSentryCLI.exe" if sys.platform == "win32" else _exe(folder)


def _env(home: Path | None = None) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("SHOPSENTRY_DATA_DIR", None)
    if home is not None:  # where platformdirs puts the user data dir on each OS
        env.update(HOME=str(home), XDG_DATA_HOME=str(home / "xdg-data"), LOCALAPPDATA=str(home / "AppData"),
                   APPDATA=str(home / "AppData"), USERPROFILE=str(home))
    return env


def _run(folder: Path, *args: str, home: Path | None = None, gui: bool = False, timeout: int = 180):
    exe = _exe(folder) if gui else _cli_exe(folder)
    return subprocess.run([str(exe), *args], capture_output=True, text=True, encoding="utf-8",
                          timeout=timeout, env=_env(home))


def test_bundle_size_and_contents(bundle):
    size, counted = _size_mib(bundle, False), _size_mib(bundle, True)
    print(f"bundle size: {size:.0f} MiB on disk, {counted:.0f} MiB counting symlinked libraries twice")
    assert counted <= MAX_MIB
    files = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    names = " ".join(files)

    def has(pattern: str) -> bool:
        return any(re.search(pattern, f) for f in files)

    # data the app reads from disk at run time, every file of resources/ except the .ts sources
    shipped = {f.split("resources/", 1)[1] for f in files if "resources/" in f}
    for src in (ROOT / "resources").rglob("*"):
        rel = src.relative_to(ROOT / "resources").as_posix()
        if src.is_file() and src.suffix != ".ts" and not src.name.startswith("."):
            assert rel in shipped, rel
    assert "translations/shopsentry_zh_CN.qm" in shipped  # built by the spec, though gitignored
    for mig in ("env.py", "script.py.mako"):
        assert has(rf"app/store/migrations/{re.escape(mig)}$"), mig
    for rev in (ROOT / "app" / "store" / "migrations" / "versions").glob("*.py"):
        assert has(rf"app/store/migrations/versions/{re.escape(rev.name)}$"), rev.name
    assert has(r"qtbase_zh_CN\.qm$")  # Qt's own dialogs in Chinese
    assert has(r"apscheduler-[^/]*\.dist-info/entry_points\.txt$")  # triggers are found through it
    assert has(r"platforms/[^/]*q(offscreen|windows|cocoa|xcb)")
    # Qt modules the app does not use stayed out, and so did the developer tools
    for unused in ("Qt6WebEngine", "Qt6Quick", "Qt6Qml", "Qt63D", "Qt6Multimedia", "Qt6Pdf", "Qt6Designer",
                   "QtWebEngine", "QtQuick", "QtQml", "QtMultimedia"):
        assert unused not in names, unused
    for dev in ("pytest", "PyInstaller", "ruff"):
        assert not has(rf"(^|/){dev}(/|$)"), dev
    assert not any(f.endswith(".ts") for f in files)


def test_bundle_reports_the_pyproject_version(bundle):
    with open(ROOT / "pyproject.toml", "rb") as fh:
        version = tomllib.load(fh)["project"]["version"]
    p = _run(bundle, "--version", timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == f"ShopSentry {version}"


@pytest.mark.parametrize("lang, tabs", [("zh_CN", "库存 | 订单风险 | 客户联系 | 店铺健康"),
                                        ("en", "Inventory | Order risk | Customer contact | Shop health")])
def test_bundle_smoke_test_renders_every_tab(bundle, tmp_path, lang, tabs):
    data, shots = tmp_path / "data", tmp_path / "shots"
    t0 = time.perf_counter()
    p = _run(bundle, "--data-dir", str(data), "--lang", lang, "--smoke-test", "--screenshot-dir", str(shots),
             gui=True)
    took = time.perf_counter() - t0
    print(f"packaged smoke test ({lang}: demo shop + 3 screenshots): {took:.1f} s")
    assert p.returncode == 0, (p.stdout[-1000:], p.stderr[-2000:])
    pngs = sorted(x.name for x in shots.glob("*.png"))
    assert pngs == ["1-inventory.png", "2-risk.png", "3-contact.png", "4-health.png", "5-alerts.png",
                    "6-backups.png", "7-channels.png"]
    assert all((shots / n).stat().st_size > 10_000 for n in pngs)  # rendered windows, not blanks
    assert (data / "shopsentry.db").exists()
    log = (data / "logs" / "shopsentry.log").read_text(encoding="utf-8")
    assert f"smoke test: {tabs}" in log
    if lang == "zh_CN":  # our catalogue and Qt's own, both from inside the bundle
        line = re.search(r"interface language zh_CN \(catalogue (\w+); Qt's own dialogs from (.*)\)", log)
        assert line and line.group(1) == "loaded", log[-2000:]
        assert Path(line.group(2)).resolve().is_relative_to(bundle.resolve())

    # a start on an existing shop, as a seller's double-click does every day (bench/startup_bench.py times it)
    t0 = time.perf_counter()
    p = _run(bundle, "--data-dir", str(data), "--lang", lang, "--smoke-test", gui=True)
    print(f"packaged smoke run on an existing shop ({lang}: start, window, tabs, exit): {time.perf_counter() - t0:.1f} s")
    assert p.returncode == 0, p.stderr[-2000:]


def test_bundle_keeps_data_in_the_user_data_dir(bundle, tmp_path):
    home = tmp_path / "home"
    p = _run(bundle, "stock", "--json", home=home)
    assert p.returncode == 0, p.stderr[-2000:]
    assert json.loads(p.stdout)["skus"] == []
    dbs = [x.relative_to(home).as_posix() for x in home.rglob("shopsentry.db")]
    assert len(dbs) == 1 and dbs[0].endswith("ShopSentry/shopsentry.db"), dbs
    assert not list(bundle.rglob("*.db")) and not list(bundle.rglob("*.log"))


def test_bundle_cli_imports_evaluates_and_exports(bundle, tmp_path):
    data = tmp_path / "data"
    files = [douyin_file(tmp_path / "抖店 订单.xlsx"),  # calamine
             write_csv(tmp_path / "dy.csv", [DOUYIN_HEAD, douyin_row("6900000000000000011", "6900000000000000012",
                                                                     sku="SS02-01")], encoding="gbk"),  # encoding detection
             stock_file(tmp_path / "库存.xlsx", [["SS01-01", "睡衣", "粉色 M", 5, 2, 7, "30.00"],
                                                 ["SS02-01", "杯子", "蓝色", 0, 1, 7, "10.00"]])]
    p = _run(bundle, "--data-dir", str(data), "import", *map(str, files), "--json")
    assert p.returncode == 0, p.stderr[-2000:]
    got = {f["file"]: (f["status"], f["kind"]) for f in json.loads(p.stdout)["files"]}
    assert got == {"抖店 订单.xlsx": ("imported", "orders"), "dy.csv": ("imported", "orders"),
                   "库存.xlsx": ("imported", "stock")}

    p = _run(bundle, "--data-dir", str(data), "risk", "--now", "2026-11-20T18:00", "--json")
    assert p.returncode == 0, p.stderr[-2000:]
    orders = json.loads(p.stdout)["orders"]
    assert len(orders) == 3 and all(o["rule"].startswith("douyin/") for o in orders)  # rule tables loaded

    p = _run(bundle, "--data-dir", str(data), "contacts", "--now", "2026-11-23T18:00", "--json")
    assert p.returncode == 0, p.stderr[-2000:]
    assert any(t["message"] for t in json.loads(p.stdout)["tasks"])  # message templates loaded

    p = _run(bundle, "--data-dir", str(data), "alerts", "--now", "2026-11-23T18:00", "--json")
    assert p.returncode == 0, p.stderr[-2000:]
    assert json.loads(p.stdout)["alerts"]

    out = tmp_path / "风险订单.xlsx"
    p = _run(bundle, "--data-dir", str(data), "export", "risk", str(out), "--now", "2026-11-20T18:00")
    assert p.returncode == 0, p.stderr[-2000:]
    from openpyxl import load_workbook

    assert load_workbook(out).active.max_row == 4  # header + 3 orders


def test_bundle_reaches_a_postgresql_server(bundle, tmp_path):
    """The driver ships: a server that does not answer is said in words (not a missing module), and
    where the test server runs, the bundle sets up a shop on it and answers from it."""
    import socket

    from tests import pgserver

    with socket.socket() as s:  # a port nothing listens on once the socket is closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    p = _run(bundle, "--data-dir", str(tmp_path / "a"), "--database-url",
             f"postgresql+psycopg://shop:secret@127.0.0.1:{port}/shop", "stock", timeout=60)
    assert p.returncode == 1 and "module" not in p.stderr.lower() and "Traceback" not in p.stderr, p.stderr[-2000:]
    assert "PostgreSQL" in p.stderr.splitlines()[0]  # "no PostgreSQL server answers at that address and port"
    if not pgserver.admin_url():
        return  # CI starts one (scripts/pg-test-server.sh); without it the words above are the proof
    name = pgserver.create_database()
    try:
        p = _run(bundle, "--data-dir", str(tmp_path / "b"), "--database-url", pgserver.url_of(name), "stock",
                 "--json", timeout=120)
        assert p.returncode == 0, p.stderr[-2000:]
        assert json.loads(p.stdout)["skus"] == []  # migrated on the server from inside the bundle
    finally:
        pgserver.drop_database(name)


def test_bundle_upgrades_a_first_release_database(bundle, tmp_path):
    # every later revision file must ship and import inside the bundle, or a seller's shop won't open
    import sqlite3

    from alembic import command
    from alembic.script import ScriptDirectory

    from app.store import migrate
    from app.store.session import Store

    data = tmp_path / "data"
    data.mkdir()
    store = Store(data)
    cfg = migrate.alembic_config(store)
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    store.dispose()
    con = sqlite3.connect(data / "shopsentry.db")
    con.execute("INSERT INTO skus (id, code, name, spec, cost_fen, safety_stock, lead_time_days, active, is_bundle)"
                " VALUES (1, 'SS01-02', '睡衣', '粉色 L', 2696, 10, 3, 1, 0)")
    con.commit()
    con.close()

    p = _run(bundle, "--data-dir", str(data), "stock", "--json")
    assert p.returncode == 0, p.stderr[-2000:]
    assert [s["sku"] for s in json.loads(p.stdout)["skus"]] == ["SS01-02"]
    head = ScriptDirectory.from_config(cfg).get_current_head()
    con = sqlite3.connect(data / "shopsentry.db")
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head
    con.close()

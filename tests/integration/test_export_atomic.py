"""Exports that cannot half-happen (#21): written beside the target and moved into place when
complete. A full disk (a real tmpfs), a read-only folder and an export killed at the worst moment
leave the previous file as it was and no temporary file behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.xlsx import TEMP_SUFFIX
from tests.integration.test_backup_disk import _fill, small_disk  # noqa: F401 (the tmpfs fixture)

ROOT = Path(__file__).resolve().parents[2]


def _openpyxl_temps() -> set[str]:
    return {p for p in os.listdir(tempfile.gettempdir()) if p.startswith("openpyxl.")}


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)]


def test_an_export_onto_a_full_disk_keeps_the_previous_file(small_disk, svc, now):  # noqa: F811
    svc.load_demo(now)
    target = small_disk / "订单.xlsx"
    svc.export("orders", target, now=now)
    before = target.read_bytes()
    temps = _openpyxl_temps()
    filler = _fill(small_disk)
    with pytest.raises(OSError) as raised:
        svc.export("orders", target, now=now)
    from app.services import failure_words

    assert "磁盘已满" in failure_words(raised.value) and "Error" not in failure_words(raised.value)
    assert target.read_bytes() == before and _leftovers(small_disk) == []
    assert _openpyxl_temps() <= temps  # openpyxl's own sheet files are gone too
    filler.unlink()
    svc.export("orders", target, now=now)
    assert load_workbook(target).active.max_row > 1


def test_an_export_to_a_read_only_folder_is_said_in_words(small_disk, tmp_path, now):  # noqa: F811
    data = tmp_path / "data"
    subprocess.run([sys.executable, "main.py", "--data-dir", str(data), "risk"], cwd=ROOT, check=True,
                   capture_output=True)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    done = subprocess.run([sys.executable, "main.py", "--data-dir", str(data), "--json", "export", "orders",
                           str(small_disk / "o.xlsx")], cwd=ROOT, capture_output=True, text=True)
    said = json.loads(done.stdout)["error"]
    assert done.returncode == 1 and "只读" in said
    assert "Error" not in said and "Traceback" not in done.stderr and "sqlalche.me" not in said


KILLED = """
import os, signal, sys
from pathlib import Path
sys.path.insert(0, {root!r})
from app.services import Services
from app.timeutil import parse_now
svc = Services.open({data!r})
def die(src, dst):  # the app stopped at the worst moment: the whole new file written, not yet moved
    os.kill(os.getpid(), signal.SIGKILL)
os.replace = die
svc.export("orders", Path({target!r}), now=parse_now("2026-11-20T18:00"))
"""


def test_a_killed_export_leaves_the_previous_file_and_the_next_export_sweeps_up(svc, now, tmp_path, data_dir):
    svc.load_demo(now)
    out = tmp_path / "exports"
    target = out / "订单.xlsx"
    svc.export("orders", target, now=now)
    before = target.read_bytes()
    svc.store.dispose()
    script = KILLED.format(root=str(ROOT), data=str(data_dir), target=str(target))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert done.returncode == -9 and target.read_bytes() == before
    assert len(_leftovers(out)) == 1  # the dead process could not tidy up
    stale = Path(tempfile.gettempdir()) / "openpyxl.killed-test"  # a sheet file a killed save left a day ago
    stale.write_bytes(b"<sheetData>")
    os.utime(stale, (0, 0))
    svc.export("orders", target, now=now)  # the next export does
    assert _leftovers(out) == [] and not stale.exists() and load_workbook(target).active.max_row > 1


def test_a_control_character_stored_by_an_older_version_never_fails_an_export(svc, store, now, tmp_path):
    from sqlalchemy import update

    from app.store.models import Order

    svc.load_demo(now)
    with store.session() as s:
        s.execute(update(Order).values(recipient="王\x00芳\x0b", address="路\x1f"))
    for kind in ("orders", "contacts"):
        path = svc.export(kind, tmp_path / f"{kind}.xlsx", now=now)
        cells = [c for row in load_workbook(path).active.iter_rows(values_only=True) for c in row]
        assert not any(isinstance(c, str) and ("\x00" in c or "\x0b" in c) for c in cells)

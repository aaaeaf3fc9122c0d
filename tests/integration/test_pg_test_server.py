"""`make test` and a PostgreSQL server that cannot start (#15): a developer's run skips the
PostgreSQL cases, a CI run fails and says why (scripts/pg-test-server.sh for-tests)."""

import glob
import os
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "pg-test-server.sh"


def _installed() -> bool:
    return bool(shutil.which("pg_config") or glob.glob("/usr/lib/postgresql/*/bin/initdb"))


@pytest.mark.skipif(not _installed(), reason="without PostgreSQL's programs the script would install them")
@pytest.mark.parametrize("ci, code, words", [("true", 1, "CI=true: the PostgreSQL test server did not start"),
                                             ("", 0, "the PostgreSQL cases are skipped"),
                                             ("false", 0, "the PostgreSQL cases are skipped")])
def test_a_server_that_cannot_start_fails_only_on_ci(tmp_path, ci, code, words):
    blocker = tmp_path / "a-file"
    blocker.write_text("")  # the cluster's folder cannot be made under a file: start fails at once
    p = subprocess.run(["sh", str(SCRIPT), "for-tests", str(blocker / "pg")], capture_output=True, text=True,
                       env={**os.environ, "CI": ci}, timeout=120)
    assert p.returncode == code and p.stdout == "" and words in p.stderr, (p.returncode, p.stdout, p.stderr)

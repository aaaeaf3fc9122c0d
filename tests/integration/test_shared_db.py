"""Settings → 共享数据库 in the core: the connection test in words, this PC's connection kept in
local.json (password in the credential store), and the local shop copied into a real server."""

from datetime import timedelta

import pytest

from app import localconf, shared_db
from app.services import Services
from app.store import open_store
from app.store.copy import NotEmpty
from tests import pgserver

pytestmark = pytest.mark.skipif(not pgserver.admin_url(), reason=pgserver.NO_SERVER)


@pytest.fixture
def server():
    """An empty database on the test server: (its name, its URL)."""
    name = pgserver.create_database()
    yield name, pgserver.url_of(name)
    pgserver.drop_database(name)


def test_the_connection_test_answers_in_words(server):
    from app import text

    text.set_language("en")
    _name, url = server
    ok = shared_db.check(url)
    assert ok["ok"] and ok["schema"] is None and "PostgreSQL" in ok["message"]
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    wrong = shared_db.check(url.replace(f":{port}/", f":{port + 1}/"))
    assert not wrong["ok"] and "127.0.0.1" not in wrong["message"] and "address and port" in wrong["message"]
    missing = shared_db.check(url.rsplit("/", 1)[0] + "/no_such_shop")
    assert not missing["ok"] and "no database of that name" in missing["message"]


def test_this_pcs_shared_database_opens_at_the_next_start(tmp_path, server, monkeypatch):
    monkeypatch.delenv("SHOPSENTRY_DATABASE_URL", raising=False)
    name, url = server
    host, port = url.split("@", 1)[1].split("/")[0].split(":")
    shared_db.save(tmp_path, {"host": host, "port": int(port), "database": name, "user": "postgres"}, "")
    assert localconf.shared_url(tmp_path).endswith(f"/{name}")
    store = open_store(tmp_path)
    assert not store.is_sqlite and not (tmp_path / "shopsentry.db").exists()
    store.dispose()
    shared_db.save(tmp_path, None)
    assert open_store(tmp_path).is_sqlite


def test_the_local_shop_is_copied_into_the_server_whole(tmp_path, server, now, monkeypatch):
    monkeypatch.delenv("SHOPSENTRY_DATABASE_URL", raising=False)
    _name, url = server
    local = Services.open(tmp_path)
    local.load_demo(now)
    local.contacts(now)
    want_risk = [r.to_json(local.tz) for r in local.risk(now)]
    want_tasks = [v.to_json(local.tz) for v in local.contacts(now)]
    seen = []
    counts = shared_db.copy_local_shop(tmp_path, url, lambda done, total, table: seen.append((done, total)))
    assert counts["orders"] > 0 and seen[-1][0] == seen[-1][1]
    shared = Services(open_store(tmp_path, url=url))
    assert [r.to_json(shared.tz) for r in shared.risk(now)] == want_risk
    assert [v.to_json(shared.tz) for v in shared.contacts(now)] == want_tasks
    shared.contact.add([shared.risk(now)[-1].order_pk], now + timedelta(minutes=1))  # the ids carry on
    with pytest.raises(NotEmpty):
        shared_db.copy_local_shop(tmp_path, url)  # never over a shop already there
    shared.store.dispose()
    local.store.dispose()


def test_a_server_shop_is_backed_up_as_a_verified_copy_and_a_pg_dump(tmp_path, server, now, monkeypatch):
    import shutil

    monkeypatch.delenv("SHOPSENTRY_DATABASE_URL", raising=False)
    _name, url = server
    svc = Services(open_store(tmp_path, url=url))
    svc.load_demo(now)
    info = svc.backups.take("manual", now=now)
    assert info.path.exists() and info.path.parent == tmp_path / "backups"
    assert info.to_json()["orders"] == svc.counts()["orders"] > 0  # the copy holds the server's shop
    assert [b.path for b in svc.backups.list()] == [info.path]  # listed like any other copy
    dumps = list((tmp_path / "backups" / "pg_dump").glob("*.pgdump"))
    assert len(dumps) == (1 if shutil.which("pg_dump") else 0)
    svc.store.dispose()

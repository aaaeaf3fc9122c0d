"""Races between processes (PCs on one server, or the GUI, the watcher and a command line on one
SQLite file), on both dialects: started together, every one must end without an exception and
every row must exist once. Each child waits for a go-file, so they really start together."""

import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from app.store.models import ContactEvent, ContactTask, Order, OrderLine, Sku, StockMovement
from tests.factories import douyin_file, douyin_row, stock_file

ROOT = Path(__file__).resolve().parents[2]
PRELUDE = """
import json, sys, time
from datetime import datetime
from pathlib import Path
from app.services import Services
from app.store import open_store
ready, go, data, now = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], datetime.fromisoformat(sys.argv[4])
ready.touch()
while not go.exists():
    time.sleep(0.002)
"""


def at_once(tmp_path, bodies: list[str], data, now, env=None) -> list[str]:
    """Run each body in its own Python process, all released at the same moment; their stdout."""
    go = tmp_path / f"go-{time.monotonic_ns()}"
    procs, readies = [], []
    for k, body in enumerate(bodies):
        ready = tmp_path / f"{go.name}-ready{k}"
        readies.append(ready)
        procs.append(subprocess.Popen([sys.executable, "-c", PRELUDE + body, str(ready), str(go), str(data),
                                       now.isoformat()], cwd=ROOT, env=env or dict(os.environ),
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    deadline = time.monotonic() + 120  # a child that dies before it is ready must not hang the test
    while not all(r.exists() for r in readies) and time.monotonic() < deadline and \
            all(p.poll() is None for p in procs):
        time.sleep(0.01)
    go.touch()
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err[-3000:]
        assert "Traceback" not in err, err[-3000:]
    return [out for out, _err in outs]


def test_three_clients_set_up_a_new_database_at_once(dialect, tmp_path, now):
    from app.store.migrate import current_revision, head_revision
    from app.store.session import Store
    from tests import pgserver

    env = dict(os.environ)
    env.pop("SHOPSENTRY_DATABASE_URL", None)
    name = None
    if dialect == "postgresql":
        name = pgserver.create_database()  # empty: all three find no schema and want to set it up
        env["SHOPSENTRY_DATABASE_URL"] = pgserver.url_of(name)
    data = tmp_path / "new"
    data.mkdir()
    try:
        at_once(tmp_path, ["open_store(data).dispose()"] * 3, data, now, env)
        store = Store(data, env.get("SHOPSENTRY_DATABASE_URL"))
        assert current_revision(store) == head_revision(store)
        store.dispose()
    finally:
        if name:
            pgserver.drop_database(name)


IMPORT = "print(json.dumps([r.to_json() for r in Services.open(data).import_files(sys.argv[5:], now=now)]))"


def test_the_same_files_imported_by_two_processes_at_once(svc, store, data_dir, tmp_path, now):
    # counted before the orders were paid: their shipped lines come off the count
    svc.import_files([stock_file(tmp_path / "s.xlsx", [["SS01-01", "睡衣", "粉色 M", 50, 5, 3, "26.96"]])],
                     now=now - timedelta(days=2))
    rows = [douyin_row(str(6900000000000000000 + 2 * i), str(6900000000000000001 + 2 * i),
                       status="已发货" if i % 2 else "待发货") for i in range(40)]
    orders = douyin_file(tmp_path / "o.xlsx", rows=rows)
    body = IMPORT.replace("sys.argv[5:]", f"[{str(orders)!r}]")
    outs = [json.loads(o) for o in at_once(tmp_path, [body] * 2, data_dir, now)]
    assert [f["status"] for out in outs for f in out] == ["imported"] * 2
    # one stored the orders, the other waited and found them all there: unchanged, not failed
    assert sorted((f["created"], f["unchanged"]) for out in outs for f in out) == [(0, 40), (40, 0)]
    with store.session() as s:
        assert s.scalar(select(func.count(Order.id))) == 40
        assert s.scalar(select(func.count(Sku.id))) == 1
        shipped = s.execute(select(StockMovement.order_line_id, func.count())
                            .where(StockMovement.kind == "shipped").group_by(StockMovement.order_line_id)).all()
        assert len(shipped) == 20 and {n for _, n in shipped} == {1}  # each shipped line taken off once


def test_three_queue_refreshes_at_once_create_each_task_once(store, data_dir, tmp_path, now):
    from tests.integration.test_contact import shop

    shop(store, now)
    at_once(tmp_path, ["Services.open(data).contacts(now)"] * 3, data_dir, now)
    with store.session() as s:
        assert s.scalar(select(func.count(ContactTask.id))) == 4
        assert s.scalar(select(func.count(ContactEvent.id)).where(ContactEvent.kind == "created")) == 4


def test_three_evaluations_at_once_raise_each_alert_once(store, data_dir, tmp_path, now):
    from app.store.models import Alert
    from tests.integration.test_contact import shop

    shop(store, now)
    outs = at_once(tmp_path, ["print(json.dumps([a.key for a in Services.open(data).check(now)[0]]))"] * 3,
                   data_dir, now)
    raised = [k for out in outs for k in json.loads(out)]
    with store.session() as s:
        keys = list(s.scalars(select(Alert.key)))
    assert raised and sorted(raised) == sorted(keys)  # each raised by exactly one of the three


def test_two_shipment_bookings_at_once_take_each_line_off_once(store, data_dir, tmp_path, now):
    with store.session() as s:
        sku = Sku(code="SS01-01", name="睡衣")
        s.add(sku)
        s.flush()
        s.add(StockMovement(sku_id=sku.id, kind="sheet", delta=500, counted=500, at=now - timedelta(days=2)))
        for i in range(60):
            o = Order(platform="douyin", order_id=f"69{i:04d}", status="shipped", paid_at=now - timedelta(days=1),
                      shipped_at=now - timedelta(hours=20), amount_paid_fen=100)
            o.lines.append(OrderLine(line_id=f"69{i:04d}", sku_id=sku.id, quantity=2))
            s.add(o)
    book = "from app.inventory.ledger import book_shipments\nsvc = Services.open(data)\n" \
           "with svc.store.session() as s:\n    book_shipments(s)"
    at_once(tmp_path, [book] * 2, data_dir, now)
    with store.session() as s:
        assert s.scalar(select(func.count(StockMovement.id)).where(StockMovement.kind == "shipped")) == 60
        assert s.scalar(select(func.sum(StockMovement.delta))) == 500 - 120


def test_two_staff_sending_the_same_task_at_once_send_it_once(svc, store, data_dir, tmp_path, now):
    from tests.integration.test_contact import shop

    shop(store, now)
    task = svc.contacts(now)[0]
    send = ("from app.contact.staff import TaskChanged\nsvc = Services.open(data)\nsvc.store.staff = sys.argv[5]\n"
            f"try:\n    svc.contact.transition({task.task_id}, 'sent', now, version={task.version})\n"
            "    print('sent')\nexcept TaskChanged as exc:\n    print('told', exc)")
    outs = at_once(tmp_path, [send.replace("sys.argv[5]", repr(who)) for who in ("小王", "小李")], data_dir, now)
    assert sorted(o.split()[0] for o in outs) == ["sent", "told"]
    told = next(o for o in outs if o.startswith("told"))
    assert "小王" in told or "小李" in told  # the message names who sent it
    with store.session() as s:
        assert s.scalar(select(func.count(ContactEvent.id)).where(ContactEvent.task_id == task.task_id,
                                                                  ContactEvent.to_status == "sent")) == 1

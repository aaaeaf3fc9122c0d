"""Contact queue speed: the risk bench's shop (N open orders over 2,000 SKUs), then
1. the first refresh, which writes a task with its message for every order that needs one;
2. a steady refresh (nothing new: deadlines and untouched messages kept current) plus the listing,
   which is what every scheduler check and every tab refresh pays.

    .venv/bin/python bench/contact_bench.py [N ...]
"""

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.contact.service import list_tasks, refresh_tasks  # noqa: E402
from app.services import Services  # noqa: E402
from bench.risk_bench import NOW, SETTINGS, fill, generate  # noqa: E402


def main(sizes) -> None:
    for n in sizes:
        svc = Services.open(tempfile.mkdtemp(prefix="ss-contact-"))
        for k, v in SETTINGS.items():
            svc.set_setting(k, v)
        fill(svc, generate(n))
        risks = svc.risk(NOW)
        t0 = time.perf_counter()
        with svc.store.session() as s:
            created = refresh_tasks(s, NOW, risks, svc.settings)
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        with svc.store.session() as s:
            refresh_tasks(s, NOW, risks, svc.settings)
        steady = time.perf_counter() - t0
        t0 = time.perf_counter()
        with svc.store.session() as s:
            tasks = list_tasks(s, NOW, svc.settings)
        listing = time.perf_counter() - t0
        svc.store.dispose()
        print(f"{n:>7,} open orders, {created:,} tasks: first refresh {first:.2f} s; "
              f"steady refresh {steady:.2f} s; list {len(tasks):,} tasks {listing:.2f} s")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 25_000])

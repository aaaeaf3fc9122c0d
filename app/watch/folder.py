"""One look at a folder: which files are new exports, which wait, which are left alone.

The same core serves ``watch DIR --once``, the GUI's watcher and its start-up pass. Imports go
through the import dialog's pipeline (``Services.import_files``); a file is never moved or renamed.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import or_, select

from app.imports.pipeline import SKIPPED, FileResult, file_hash
from app.store.models import ImportBatch
from app.text import t
from app.watch import files

log = logging.getLogger(__name__)
SETTLE_SECONDS = 1.0  # a file changed this recently is looked at again before it is opened


@dataclass
class PassResult:
    files: list[FileResult] = field(default_factory=list)  # imported or rejected, as ``import``
    skipped: list[dict] = field(default_factory=list)  # {"file", "reason"}, nothing said to the seller
    waiting: list[str] = field(default_factory=list)  # paths still being written: look again later
    locked: list[str] = field(default_factory=list)  # paths another program holds open (also waiting)

    def to_json(self) -> dict:
        return {"files": [r.to_json() for r in self.files], "skipped": self.skipped}

    def merge(self, other: PassResult) -> None:
        self.files += other.files
        self.skipped += other.skipped
        self.waiting += other.waiting
        self.locked += other.locked


def _known(session, hashes: list[str]) -> dict[str, str]:
    """hash → the name it was imported (or skipped) under. A Taobao pair is stored under both halves'
    hashes joined, so a half matches the start or the end of that key."""
    if not hashes:
        return {}
    known: dict[str, str] = {}
    conds = [c for h in hashes for c in (ImportBatch.file_hash.startswith(h), ImportBatch.file_hash.endswith(h))]
    for stored, name in session.execute(
            select(ImportBatch.file_hash, ImportBatch.file_name)
            .where(or_(*conds), ImportBatch.status.in_(("imported", SKIPPED)))):
        for h in hashes:
            if stored.startswith(h) or stored.endswith(h):
                known.setdefault(h, name)
    return known


def _record_skipped(svc, path: Path, digest: str, reason: str, now: datetime) -> None:
    """Not an export (a photo): listed in the import history so the seller can see why it was left."""
    with svc.store.session() as s:
        s.add(ImportBatch(file_name=path.name, file_hash=digest, kind="unknown", platform=None, imported_at=now,
                          status=SKIPPED, message=json.dumps([{"row": None, "column": None, "message": reason}],
                                                             ensure_ascii=False)))


def consider(svc, paths: list[Path], now: datetime, *, since: datetime | None = None, progress=None,
             cancel=None) -> PassResult:
    """Import the new exports among ``paths`` (complete files) together, so a Taobao pair joins.
    ``since``: when automatic import was switched on; a sheet saved before it is left alone."""
    out = PassResult()
    fresh: list[tuple[Path, str]] = []
    hashed: list[tuple[Path, str]] = []
    # oldest download first (a newer export of the same orders wins); of two copies of one file
    # the original keeps its place and "订单 (1).xlsx" is the one named as the duplicate
    for p in sorted(paths, key=lambda p: ((files.signature(p) or (0, 0))[1], len(p.name), p.name)):
        if since is not None and files.is_sheet(p.name) and _saved_before(p, since):
            # last month's export lying in the download folder would turn shipped orders back to unshipped
            out.skipped.append({"file": p.name, "reason": t("saved before automatic import was switched on: "
                                                            "import it by hand if it is needed")})
            continue
        if not files.is_sheet(p.name):
            sig = files.signature(p)
            if sig is None:
                _gone(out, p)
                continue
            digest = f"stat:{sig[0]}:{sig[1]}"  # no need to read a video to know it is no export
            fresh.append((p, digest))
            continue
        try:
            hashed.append((p, file_hash(str(p))))
        except FileNotFoundError:
            _gone(out, p)
        except OSError as exc:  # Excel holds a lock on Windows: try again on the next look
            log.info("%s cannot be read yet (%s)", p.name, exc.strerror)
            out.skipped.append({"file": p.name, "reason": t("open in another program: imported once it is closed")})
            out.waiting.append(str(p))
            out.locked.append(str(p))
    with svc.store.session() as s:
        known = _known(s, [d for _, d in hashed + fresh])
    seen: dict[str, str] = {}
    to_import: list[Path] = []
    for p, digest in hashed + fresh:  # (both already oldest first)
        if digest in known or digest in seen:
            out.skipped.append({"file": p.name, "reason": t("already imported (same content as {name})",
                                                            name=known.get(digest) or seen[digest])})
            continue
        seen[digest] = p.name
        if files.is_sheet(p.name):
            to_import.append(p)
        else:
            reason = t("not a spreadsheet")
            out.skipped.append({"file": p.name, "reason": reason})
            _record_skipped(svc, p, digest, reason, now)
    if to_import:
        for res in svc.import_files(to_import, now=now, skip_unknown=True, progress=progress, cancel=cancel):
            if res.status == SKIPPED:
                out.skipped.append({"file": res.file, "reason": t("not an order export or stock sheet")})
            elif res.status == "rejected" and res.path and not Path(res.path).exists():
                _gone(out, Path(res.path))  # deleted while it was read: nothing of it was stored
            else:
                out.files.append(res)
    return out


def _saved_before(path: Path, since: datetime) -> bool:
    sig = files.signature(path)
    return sig is not None and sig[1] / 1e9 < since.timestamp()


def _gone(out: PassResult, path: Path) -> None:
    """Deleted (or moved away) before it could be read: listed, never an error."""
    log.info("%s went away before it was read", path.name)
    out.skipped.append({"file": path.name, "reason": t("removed before it could be read")})


def configured_folders(settings: dict) -> list[Path]:
    """``watch.folders``: None (never set) means the download folder as the OS names it; [] none."""
    chosen = settings.get("watch.folders")
    if chosen is None:  # a computer without a download folder has nothing to watch, nothing to report
        d = default_folder()
        return [d] if d.is_dir() else []
    return [Path(f) for f in chosen if f]


def default_folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_downloads_dir())


def candidates(folder: Path) -> tuple[list[Path], list[dict]]:
    """The folder's own files (not its subfolders): (to look at, skipped partial downloads)."""
    look, partial = [], []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.is_file() or files.ignored(entry.name):
            continue
        if files.waiting(entry.name):
            partial.append({"file": entry.name, "reason": t("download not finished")})
        else:
            look.append(entry)
    return look, partial


def scan_once(svc, folder, now: datetime, *, settle: float = SETTLE_SECONDS, sleep=time.sleep) -> PassResult:
    """``watch DIR --once``: every complete new export in ``folder`` imported in one pass."""
    folder = Path(folder)
    look, partial = candidates(folder)
    out = PassResult(skipped=partial)
    before = {p: files.signature(p) for p in look}
    recent = [p for p, sig in before.items() if sig and time.time() - sig[1] / 1e9 < settle]
    if recent:  # just written: only a second look tells a finished file from a growing one
        sleep(settle)
    ready = []
    for p in look:
        if p in recent and files.signature(p) != before[p]:
            out.skipped.append({"file": p.name, "reason": t("still being written")})
            out.waiting.append(str(p))
        elif before[p] is not None:
            ready.append(p)
    out.merge(consider(svc, ready, now))
    return out

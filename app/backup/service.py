"""When copies are taken, where they go, and how one is put back."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.backup import server
from app.paths import DB_FILE
from app.store import backup as engine
from app.store.backup import BackupError, BackupInfo
from app.text import t

log = logging.getLogger(__name__)
SECOND_FOLDER = "backup.second_folder"  # setting: a synced / USB folder every copy also goes to
FAILURE = "backup.failure"  # setting: {"at", "why"} of the last automatic backup that failed, until one works
ALERT_KEY = "backup:failed"
SHOP_FORMAT = "shopsentry-shop"
AUTO_EVERY = timedelta(hours=24)


def backups_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "backups"


def kind_for(url: str):
    """The backup kind for a store URL: the file engine, which also keeps a server shop's copies
    (app/backup/server.py turns the server's shop into a SQLite copy first)."""
    return engine


def damaged_message(exc: engine.DatabaseDamaged, data_dir: Path) -> str:
    """What the CLI says about a damaged database: the newest backup and the command to restore."""
    if exc.newest is None:
        return t("The database {db} is damaged and cannot be read, and there is no backup in {dir} to "
                 "restore. It is kept as it is; details are in the log.",
                 db=str(exc.db_path), dir=str(backups_dir(data_dir)))
    return t("The database {db} is damaged and cannot be read. The newest backup is {backup}. To restore "
             "it run: shopsentry restore --latest --data-dir \"{dir}\" (the damaged file is kept aside).",
             db=str(exc.db_path), backup=str(exc.newest), dir=str(data_dir))


@dataclass
class RestoreResult:
    restored: Path
    kept_aside: Path | None  # the copy of (or the damaged) database that was there before

    def to_json(self) -> dict:
        return {"restored": str(self.restored), "kept_aside": str(self.kept_aside) if self.kept_aside else None}


def restore(data_dir: Path, source: Path | None = None, *, now: datetime | None = None) -> RestoreResult:
    """Put ``source`` (or the newest copy that verifies) back as the live database.

    Works without opening the store, so it also mends a database that no longer opens. The copy
    is verified first; only then is a healthy database copied (label before-restore) or a damaged
    one moved aside, never deleted, and the copy renamed into place."""
    now = now or datetime.now(UTC)
    data_dir = Path(data_dir)
    db, folder = data_dir / DB_FILE, backups_dir(data_dir)
    staged = engine.staging_path(db)
    try:
        chosen = _staged_copy(folder, source, staged)
        aside = None
        if db.exists():
            if engine.check(db) is None:
                info = engine.take(db, folder, "before-restore", now=now)
                aside = info.path if info else None
            else:
                aside = engine.set_aside(db, folder / "damaged", now)
                log.warning("the damaged database was moved to %s", aside)
        engine.swap_in(staged, db)
    finally:
        staged.unlink(missing_ok=True)
    log.info("restored %s (the database before is %s)", chosen, aside)
    return RestoreResult(chosen, aside)


def _staged_copy(folder: Path, source: Path | None, staged: Path) -> Path:
    """``source`` (or the newest good copy in ``folder``) expanded and verified at ``staged``."""
    if source is not None:
        if not Path(source).is_file():
            raise BackupError(t("there is no backup file {path}", path=str(source)))
        engine.stage(Path(source), staged)
        return Path(source)
    if not engine.list_backups(folder):
        raise BackupError(t("there is no backup in {folder} to restore", folder=str(folder)))
    problems: list[str] = []
    good = engine.newest_good(folder, staged, problems)
    if good is None:
        raise BackupError("; ".join(problems))
    return good.path


@dataclass
class SalvageResult:
    rows: int  # rows SQLite could still read and that are now in the new database
    kept_aside: Path | None  # the damaged file, moved aside


def salvage(data_dir: Path, *, now: datetime | None = None) -> SalvageResult:
    """Save what SQLite can still read of a damaged database into a new file and use that.

    The new file is a fresh database at the current revision (so it opens and upgrades like any
    other) filled table by table from the damaged one; only when it verifies is the damaged file
    moved aside (never deleted) and the new one put in its place."""
    from app.store import open_store

    now = now or datetime.now(UTC)
    data_dir = Path(data_dir)
    db = data_dir / DB_FILE
    work = backups_dir(data_dir) / f".salvage-{now.astimezone(UTC).strftime('%Y%m%dT%H%M%S')}"
    try:
        fresh = open_store(work)  # the current schema, made by the migrations
        fresh.dispose()
        new = work / DB_FILE
        try:
            rows = engine.salvage(db, new)
        except Exception as exc:  # noqa: BLE001 (sqlite says many things about a ruined file)
            log.warning("salvage of %s failed: %s", db, exc)
            raise BackupError(t("nothing could be read from the damaged database")) from exc
        problem = engine.check(new, full=True)
        if problem or rows == 0:
            raise BackupError(t("nothing could be read from the damaged database"))
        aside = engine.set_aside(db, backups_dir(data_dir) / "damaged", now)
        os.replace(new, db)
    except OSError as exc:
        raise BackupError(t("the salvaged database could not be written to {folder}: {why}",
                            folder=str(data_dir), why=engine.reason_of(exc))) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log.warning("salvaged %d rows of the damaged database (kept as %s)", rows, aside)
    return SalvageResult(rows, aside)


class BackupService:
    """Backups of one open store, for the CLI, the GUI page and the scheduler."""

    def __init__(self, svc):
        self.svc = svc

    @property
    def store(self):
        return self.svc.store

    @property
    def folder(self) -> Path:
        return backups_dir(self.store.data_dir)

    @property
    def second_folder(self) -> Path | None:
        value = self.svc.settings.get(SECOND_FOLDER)
        return Path(value) if value else None

    def set_second_folder(self, path: str | None) -> None:
        self.svc.set_setting(SECOND_FOLDER, str(path) if path else None)

    def list(self) -> list[BackupInfo]:
        return engine.list_backups(self.folder)

    def take(self, label: str = "manual", *, now: datetime | None = None) -> BackupInfo:
        """A verified copy now, also put in the second folder; raises BackupError with a reason."""
        now = now or datetime.now(UTC)
        kind = kind_for(self.store.url)
        with self.svc.refresh_lock:  # never copy a file a restore is replacing
            if self.store.is_sqlite:
                info = kind.take(self.store.db_path, self.folder, label, now=now)
            else:  # a shared server: the app's logical export (+ pg_dump where installed)
                info = server.take(self.store, self.folder, label, now)
        if info is None:
            raise BackupError(t("there is no database to back up yet"))
        kind.prune(self.folder, now=now, tz=_zone(self.svc.tz))
        if self.on_server:
            server.prune(self.folder, now=now, tz=_zone(self.svc.tz))
        second = self.second_folder
        if second is not None:
            self._copy_to(info.path, second, now)
        self._succeeded(now)
        return info

    def _copy_to(self, copy: Path, folder: Path, now: datetime) -> None:
        partial = folder / f".{copy.name}.partial"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(copy, partial)
            os.replace(partial, folder / copy.name)
            side = copy.with_name(copy.name + ".json")
            if side.exists():
                shutil.copyfile(side, folder / side.name)
        except OSError as exc:
            partial.unlink(missing_ok=True) if folder.exists() else None
            raise BackupError(t("the backup {copy} was made, but copying it to the second folder {folder} "
                                "failed: {why}", copy=copy.name, folder=str(folder),
                                why=engine.reason_of(exc))) from exc
        engine.prune(folder, now=now, tz=_zone(self.svc.tz))

    def current(self) -> dict:
        """What the live database holds, in the terms of the list of backups (for "this will replace")."""
        from sqlalchemy import func, select

        from app.store.models import Sku

        with self.store.session() as s:
            skus = s.scalar(select(func.count(Sku.id))) or 0
        c = self.svc.counts()
        return {"orders": c["orders"], "skus": skus, "last_import": c["last_import"]}

    def due(self, now: datetime) -> bool:
        newest = next(iter(self.list()), None)
        return newest is None or now.astimezone(UTC) - newest.created >= AUTO_EVERY

    def auto(self, now: datetime | None = None, reason: str = "auto") -> BackupInfo | None:
        """The at-start and daily copy: at most one a day; a failure is an alert, never a crash."""
        now = now or datetime.now(UTC)
        try:
            if (self.store.is_sqlite and not self.store.db_path.exists()) or not self.due(now):
                return None
            return self.take(reason, now=now)
        except Exception as exc:  # noqa: BLE001 (whatever went wrong, the seller keeps working)
            log.exception("automatic backup failed")
            self.raise_alert(str(exc), now)
            return None

    def raise_alert(self, why: str, now: datetime) -> None:
        """Remember the failure (in memory first: a full disk may refuse the setting too) and
        raise its alert at once; app.backup.alerts keeps it open until a backup succeeds."""
        failure = {"at": now.astimezone(UTC).isoformat(), "why": why}
        self.svc.settings[FAILURE] = failure
        try:
            self.svc.set_setting(FAILURE, failure)
            with self.store.session() as s:
                _upsert_alert(s, now, why)
        except Exception:  # noqa: BLE001 (the log has it; the scheduler's next evaluation tries again)
            log.exception("the backup alert could not be stored")

    def _succeeded(self, now: datetime) -> None:
        """A backup worked: the failure alert resolves itself."""
        if not self.svc.settings.get(FAILURE):
            return
        from sqlalchemy import update

        from app.store.models import Alert

        self.svc.set_setting(FAILURE, None)
        with self.store.session() as s:
            s.execute(update(Alert).where(Alert.key == ALERT_KEY, Alert.resolved_at.is_(None))
                      .values(resolved_at=now))

    @property
    def on_server(self) -> bool:
        """The shop lives on a shared server: a restore or an imported shop replaces it for every PC."""
        return not self.store.is_sqlite

    @property
    def server_name(self) -> str:
        """The shared server, for the page's words (host and database, never the password)."""
        return self.store.shown_url.split("@")[-1]

    def restore(self, source: Path | None = None, *, now: datetime | None = None) -> RestoreResult:
        """Restore while the app runs: connections are closed first and settings re-read after."""
        with self.svc.refresh_lock:
            self.store.dispose()
            if self.on_server:
                result = self._restore_server(source, now or datetime.now(UTC))
            else:
                result = restore(self.store.data_dir, source, now=now)
            self.store.dispose()
            self.svc.reload_settings()
        return result

    def _restore_server(self, source: Path | None, now: datetime) -> RestoreResult:
        """``source`` (or the newest good copy) put in place of the server's shop: a pg_dump archive
        through pg_restore, the app's own copy through one transaction of the store's copy."""
        folder = self.folder
        if server.is_pg_dump(source):
            return RestoreResult(Path(source), server.pg_restore(self.store, Path(source), folder, now))
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder, prefix=".server-restore-") as work:
            staged = Path(work) / DB_FILE
            chosen = _staged_copy(folder, source, staged)  # verified before anything changes
            aside = server.replace_shop(self.store, staged, folder, now)
        log.info("restored %s into the shared database (the shop before is %s)", chosen, aside)
        return RestoreResult(chosen, aside)

    def export_shop(self, target: Path, *, now: datetime | None = None) -> Path:
        if self.on_server:  # the server's shop, copied in one snapshot, goes in the file
            with server.local_copy(self.store, self.folder) as db:
                return export_shop(self.store.data_dir, target, now=now, db=db)
        return export_shop(self.store.data_dir, target, now=now)

    def import_shop(self, source: Path, *, now: datetime | None = None) -> RestoreResult:
        if not self.on_server:
            with self.svc.refresh_lock:
                self.store.dispose()
                result = import_shop(self.store.data_dir, source, now=now)
                self.store.dispose()
                self.svc.reload_settings()
            return result
        source = Path(source)
        with _unpacked(source, self.folder) as staged:
            result = self.restore(staged, now=now)
        return RestoreResult(source, result.kept_aside)


def _upsert_alert(session, now: datetime, why: str) -> None:
    from sqlalchemy import select

    from app.store.models import Alert

    title, body = alert_text(why)
    row = session.scalar(select(Alert).where(Alert.key == ALERT_KEY))
    if row is None:
        session.add(Alert(kind="backup", key=ALERT_KEY, state="failed", severity=2, title=title, body=body,
                          first_raised=now, raised_at=now, last_seen=now))
    elif row.resolved_at is not None or row.body != body:
        row.title, row.body, row.raised_at, row.last_seen, row.resolved_at = title, body, now, now, None
        row.acknowledged_at = row.notified_at = None


def alert_text(why: str) -> tuple[str, str]:
    return t("Backup failed"), t("The automatic backup could not be made: {why}", why=why)


def _zone(tz: str):
    from app import timeutil

    return timeutil.zone(tz)


def export_shop(data_dir: Path, target: Path, *, now: datetime | None = None, db: Path | None = None) -> Path:
    """The whole shop in one file for another computer: orders, stock ledger, settings, saved
    column mappings, message templates and rule overrides all live in the database, which goes in
    verified, with a manifest. Written to a partial file and renamed, so a full disk leaves nothing.
    ``db``: the database to pack (a server shop's copy); default the SQLite file in ``data_dir``."""
    now = now or datetime.now(UTC)
    data_dir, target = Path(data_dir), Path(target)
    work = backups_dir(data_dir)
    info = engine.take(db or data_dir / DB_FILE, work / "export", "export", now=now, compress=False)
    if info is None:
        raise BackupError(t("there is no shop to export yet"))
    partial = target.with_name(f".{target.name}.partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as z:
            manifest = {"format": SHOP_FORMAT, "version": 1, "created": now.isoformat()} | {
                k: v for k, v in info.to_json().items() if k in ("orders", "skus", "last_import")}
            z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
            z.write(info.path, "shop.db")
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(t("the shop could not be written to {path}: {why}", path=str(target),
                            why=engine.reason_of(exc))) from exc
    finally:
        shutil.rmtree(work / "export", ignore_errors=True)
    return target


def import_shop(data_dir: Path, source: Path, *, now: datetime | None = None) -> RestoreResult:
    """Replace this computer's shop with one exported by :func:`export_shop` (the current one is
    kept as a before-restore backup)."""
    data_dir, source = Path(data_dir), Path(source)
    with _unpacked(source, backups_dir(data_dir)) as staged:
        result = restore(data_dir, staged, now=now)
    return RestoreResult(source, result.kept_aside)


@contextmanager
def _unpacked(source: Path, folder: Path) -> Iterator[Path]:
    """The database inside a shop file, written beside the backups (removed afterwards)."""
    folder.mkdir(parents=True, exist_ok=True)
    staged = folder / f".{source.name}.shop.db"
    try:
        try:
            with zipfile.ZipFile(source) as z:
                manifest = json.loads(z.read("manifest.json"))
                if manifest.get("format") != SHOP_FORMAT:
                    raise BackupError(t("{file} is not a ShopSentry shop file", file=source.name))
                with z.open("shop.db") as fin, open(staged, "wb") as fout:
                    shutil.copyfileobj(fin, fout, 1 << 20)
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise BackupError(t("{file} is not a ShopSentry shop file", file=source.name)) from exc
        except OSError as exc:
            raise BackupError(t("{file} could not be read: {why}", file=source.name,
                                why=engine.reason_of(exc))) from exc
        yield staged
    finally:
        staged.unlink(missing_ok=True)

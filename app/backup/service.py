"""When copies are taken, where they go, and how one is put back."""

from __future__ import annotations

import json
import logging
import os
import shutil
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.paths import DB_FILE
from app.store import backup as engine
from app.store.backup import BackupError, BackupInfo

log = logging.getLogger(__name__)
SECOND_FOLDER = "backup.second_folder"  # setting: a synced / USB folder every copy also goes to
SHOP_FORMAT = "shopsentry-shop"
AUTO_EVERY = timedelta(hours=24)


def backups_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "backups"


def kind_for(url: str):
    """The backup kind for a store URL: SQLite copies the file; a PostgreSQL store would plug a
    pg_dump-based kind in here with the same take/restore_copy/check functions."""
    if url.startswith("sqlite"):
        return engine
    raise BackupError("backups of a server database are made by the server's own tools (pg_dump)")


def damaged_message(exc: engine.DatabaseDamaged, data_dir: Path) -> str:
    """What the CLI says about a damaged database: the newest backup and the command to restore."""
    from app.text import t

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

    Works without opening the store, so it also mends a database that no longer opens. A healthy
    database is copied first (label before-restore); a damaged one is moved aside, never deleted."""
    now = now or datetime.now(UTC)
    data_dir = Path(data_dir)
    db, folder = data_dir / DB_FILE, backups_dir(data_dir)
    if source is not None:
        if not Path(source).is_file():
            raise BackupError(f"there is no backup file {source}")
        candidates = [Path(source)]
    else:
        candidates = [b.path for b in engine.list_backups(folder)]
        if not candidates:
            raise BackupError(f"there is no backup in {folder} to restore")
    aside = None
    if db.exists():
        if engine.check(db) is None:
            info = engine.take(db, folder, "before-restore", now=now)
            aside = info.path if info else None
        else:
            aside = engine.set_aside(db, folder / "damaged", now)
            log.warning("the damaged database was moved to %s", aside)
    problems = []
    for copy in candidates:
        try:
            engine.restore_copy(copy, db)
        except BackupError as exc:
            log.warning("restore of %s failed: %s", copy, exc)
            problems.append(str(exc))
            continue
        log.info("restored %s (the database before is %s)", copy, aside)
        return RestoreResult(copy, aside)
    raise BackupError("; ".join(problems))


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
        info = kind.take(self.store.db_path, self.folder, label, now=now)
        if info is None:
            raise BackupError("there is no database to back up yet")
        kind.prune(self.folder, now=now, tz=_zone(self.svc.tz))
        second = self.second_folder
        if second is not None:
            self._copy_to(info.path, second, now)
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
            raise BackupError(f"the backup {copy.name} was made, but copying it to the second folder "
                              f"{folder} failed: {engine.reason_of(exc)}") from exc
        engine.prune(folder, now=now, tz=_zone(self.svc.tz))

    def due(self, now: datetime) -> bool:
        newest = next(iter(self.list()), None)
        return newest is None or now.astimezone(UTC) - newest.created >= AUTO_EVERY

    def auto(self, now: datetime | None = None, reason: str = "auto") -> BackupInfo | None:
        """The at-start and daily copy: at most one a day; a failure is an alert, never a crash."""
        now = now or datetime.now(UTC)
        try:
            if not self.store.db_path.exists() or not self.due(now):
                return None
            return self.take(reason, now=now)
        except Exception as exc:  # noqa: BLE001 (whatever went wrong, the seller keeps working)
            log.exception("automatic backup failed")
            self.raise_alert(str(exc), now)
            return None

    def raise_alert(self, why: str, now: datetime) -> None:
        from sqlalchemy import select

        from app.store.models import Alert
        from app.text import t

        title, body = t("Backup failed"), t("The automatic backup could not be made: {why}", why=why)
        try:
            with self.store.session() as s:
                row = s.scalar(select(Alert).where(Alert.key == "backup:failed"))
                if row is None:
                    s.add(Alert(kind="backup", key="backup:failed", state="warning", severity=2, title=title,
                                body=body, first_raised=now, raised_at=now, last_seen=now))
                else:
                    row.body, row.raised_at, row.last_seen, row.resolved_at = body, now, now, None
                    row.acknowledged_at = row.notified_at = None
        except Exception:  # noqa: BLE001 (a full disk may refuse the alert too: the log has it)
            log.exception("the backup alert could not be stored")

    def restore(self, source: Path | None = None, *, now: datetime | None = None) -> RestoreResult:
        """Restore while the app runs: connections are closed first and settings re-read after."""
        with self.svc.refresh_lock:
            self.store.dispose()
            result = restore(self.store.data_dir, source, now=now)
            self.store.dispose()
            self.svc.reload_settings()
        return result

    def export_shop(self, target: Path, *, now: datetime | None = None) -> Path:
        return export_shop(self.store.data_dir, target, now=now)

    def import_shop(self, source: Path, *, now: datetime | None = None) -> RestoreResult:
        with self.svc.refresh_lock:
            self.store.dispose()
            result = import_shop(self.store.data_dir, source, now=now)
            self.store.dispose()
            self.svc.reload_settings()
        return result


def _zone(tz: str):
    from app import timeutil

    return timeutil.zone(tz)


def export_shop(data_dir: Path, target: Path, *, now: datetime | None = None) -> Path:
    """The whole shop in one file for another computer: orders, stock ledger, settings, saved
    column mappings, message templates and rule overrides all live in the database, which goes in
    verified, with a manifest. Written to a partial file and renamed, so a full disk leaves nothing."""
    now = now or datetime.now(UTC)
    data_dir, target = Path(data_dir), Path(target)
    work = backups_dir(data_dir)
    info = engine.take(data_dir / DB_FILE, work / "export", "export", now=now, compress=False)
    if info is None:
        raise BackupError("there is no shop to export yet")
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
        raise BackupError(f"the shop could not be written to {target}: {engine.reason_of(exc)}") from exc
    finally:
        shutil.rmtree(work / "export", ignore_errors=True)
    return target


def import_shop(data_dir: Path, source: Path, *, now: datetime | None = None) -> RestoreResult:
    """Replace this computer's shop with one exported by :func:`export_shop` (the current one is
    kept as a before-restore backup)."""
    data_dir, source = Path(data_dir), Path(source)
    staged = backups_dir(data_dir) / f".{source.name}.shop.db"
    try:
        try:
            with zipfile.ZipFile(source) as z:
                manifest = json.loads(z.read("manifest.json"))
                if manifest.get("format") != SHOP_FORMAT:
                    raise BackupError(f"{source.name} is not a ShopSentry shop file")
                with z.open("shop.db") as fin, open(staged, "wb") as fout:
                    shutil.copyfileobj(fin, fout, 1 << 20)
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise BackupError(f"{source.name} is not a ShopSentry shop file") from exc
        except OSError as exc:
            raise BackupError(f"{source.name} could not be read: {engine.reason_of(exc)}") from exc
        result = restore(data_dir, staged, now=now)
        return RestoreResult(source, result.kept_aside)
    finally:
        staged.unlink(missing_ok=True)

"""The service layer: the only way the CLI and the UI reach the store.

Each method is a short unit of work over one session and returns plain data
(dataclasses, dicts); nothing here knows about Qt.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__ as VERSION  # noqa: F401 - the about box reads it here
from app import settings as settings_mod
from app.alerts.methods import AlertMethods
from app.channels.methods import ChannelMethods
from app.people import StaffMethods
from app.store import Store, open_store

# what can go wrong opening the store, caught by name in the start-up window (ui/app.py), which
# reaches the core only through this module
from app.store.backup import DatabaseDamaged  # noqa: F401
from app.store.migrate import MigrationError, NewerDatabase  # noqa: F401

if TYPE_CHECKING:
    from app.inventory.methods import InventoryService

log = logging.getLogger(__name__)


def setting(values, key: str):
    """``key`` from a mapping of settings, or its one default (app/settings.py DEFAULTS): what the
    settings pages and tabs show, so no widget keeps a default of its own."""
    return settings_mod.value(values, key)


def failure_words(exc: BaseException) -> str:
    """A failed action in the seller's words (locked database, full disk, read-only folder), never
    an exception's class, SQL or a library's URL (app/failures.py)."""
    from app.failures import for_seller

    return for_seller(exc)



# -- plain helpers the windows need without a store (or before one opens) ------------------------

def promise_text(spec: dict) -> str:
    """A rule table's promise in words (``within 48 h of payment``), for the rules page."""
    from app.risk.rules import compile_promise

    return compile_promise(spec).text()


def assumed_window_days(platform: str) -> int | None:
    """The window a platform's health metric assumes when it publishes none (TikTok: the shipped
    table's figure), for the settings page's default; None when every window is published."""
    from app.health.metrics import load_definitions

    return next((d.window_days for d in load_definitions() if d.platform == platform and d.window_assumed), None)


def order_fields() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The order columns a column mapping can fill, and those it must (app/imports/mapping.py)."""
    from app.imports.mapping import ORDER_FIELDS, REQUIRED

    return ORDER_FIELDS, REQUIRED


def stock_projection(stock, today) -> list:
    """(day, available) from today down to the stock-out date, for the stock chart."""
    from app.inventory.detail import projection

    return projection(stock, today)


def backups_in(folder: Path) -> list:
    """The backups in ``folder``, newest first: what the damaged-database window offers (no store open)."""
    from app.store.backup import list_backups

    return list_backups(folder)


def readable_tables(db_path: Path) -> list:
    """The tables a damaged database can still give back (what salvaging would keep)."""
    from app.store.backup import readable_tables as readable

    return readable(db_path)


def restore_newest_backup(data_dir: Path):
    from app import backup

    return backup.restore(data_dir)


def salvage_store(data_dir: Path):
    from app import backup

    return backup.salvage(data_dir)


def damaged_message(exc: DatabaseDamaged, data_dir: Path) -> str:
    """A damaged database in the command line's words (the newest backup, the restore command):
    what an unattended start (the smoke test) prints, as nobody can click the damaged dialog."""
    from app.backup import damaged_message as words

    return words(exc, data_dir)


class Services(AlertMethods, ChannelMethods, StaffMethods):  # methods in app/alerts, app/channels, app/people
    def __init__(self, store: Store, tz: str | None = None):
        self.store = store
        from app import localconf

        store.staff = localconf.staff_name(store.data_dir)  # this PC's staff member (None: not set)
        store.person = localconf.person(store.data_dir, store.staff)
        # the tabs' refresh (worker thread) and the scheduler (its own thread) both create contact
        # tasks and alerts: one at a time, or both insert the same task and one fails
        self.refresh_lock = threading.RLock()
        # the import dialog and the watched folder both import: one file at a time, never interleaved
        self.import_lock = threading.Lock()
        with store.session() as s:
            # a damaged stored value reads as its default (logged once); the settings page shows it
            self.settings, self.setting_problems = settings_mod.load(s)
        if tz:
            self.settings["timezone"] = tz
        self.tz: str = self.settings["timezone"]

    @classmethod
    def open(cls, data_dir=None, tz: str | None = None, url: str | None = None) -> Services:
        """``url``: the shop's database on a server (--database-url), else $SHOPSENTRY_DATABASE_URL,
        else the SQLite file in ``data_dir``."""
        return cls(open_store(data_dir, url=url), tz)

    @property
    def backups(self):
        """Backups, restore and the move to a new PC (app.backup)."""
        from app.backup import BackupService

        return BackupService(self)

    # -- the shared database (Settings → 共享数据库, app/shared_db.py) ---------------------------------
    @property
    def is_shared(self) -> bool:
        """The shop lives on a server several PCs share (not this PC's SQLite file)."""
        return not self.store.is_sqlite

    def shared_db_settings(self) -> dict:
        from app import shared_db

        return shared_db.settings(self.store.data_dir)

    def save_shared_db(self, values: dict | None, password: str | None = None) -> None:
        """Used from the next start on (None: this PC's own shop again)."""
        from app import shared_db

        shared_db.save(self.store.data_dir, values, password)

    def check_shared_db(self, values: dict, password: str | None = None) -> dict:
        """Slow (a network round trip): call it off the GUI thread."""
        from app import shared_db

        return shared_db.check(shared_db.url_for(self.store.data_dir, values, password))

    def copy_to_shared_db(self, values: dict, password: str | None = None, progress=None) -> dict:
        """This PC's shop into the server, once (refused when the server holds a shop already)."""
        from app import shared_db

        with self.refresh_lock:
            return shared_db.copy_local_shop(self.store.data_dir, shared_db.url_for(
                self.store.data_dir, values, password), progress)

    @staticmethod
    def server_unreachable(exc: BaseException) -> str | None:
        """Why the shared server could not be reached, in words; None for any other error."""
        from sqlalchemy.exc import OperationalError

        if not isinstance(exc, OperationalError) or not type(exc.orig).__module__.startswith("psycopg"):
            return None
        from app import shared_db

        return shared_db.reason(exc)

    @staticmethod
    def shown_database(data_dir, url: str | None = None) -> str:
        """Where the shop's database is, for a message (no password)."""
        from app import localconf
        from app.store.session import database_url, shown_url

        url = database_url(url) or localconf.shared_url(data_dir, password="")
        return shown_url(url).split("@")[-1] if url else str(data_dir)

    def connection_lost(self, exc: BaseException) -> bool:
        """An error meaning the shared server went away (not a bug): the window waits and retries."""
        from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError

        return self.is_shared and isinstance(exc, (OperationalError, InterfaceError, DisconnectionError))

    def reload_settings(self) -> None:
        """Re-read settings after the database was replaced (restore, shop import)."""
        with self.store.session() as s:
            fresh, self.setting_problems = settings_mod.load(s)
        fresh["timezone"] = self.tz  # a --tz given for this run still holds
        self.settings = fresh

    # -- settings ---------------------------------------------------------
    def set_setting(self, key: str, value) -> None:
        if key == "timezone":
            from app import timeutil

            try:
                timeutil.zone(value)
            except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
                raise ValueError(f"unknown time zone {value!r}") from None
        with self.store.session() as s:
            settings_mod.set_(s, key, value)
        self.settings[key] = value
        self.setting_problems = [p for p in self.setting_problems if p.key != key]  # mended
        if key == "timezone":
            self.tz = value

    # -- import / export --------------------------------------------------
    def import_files(self, paths, *, now: datetime, platform: str = "auto", **kw):
        from app.imports.pipeline import import_files

        with self.import_lock:
            return import_files(self.store, [str(p) for p in paths], platform=platform,
                                tz=self.tz, now=now, settings=self.settings, **kw)

    def watch_once(self, folder, now: datetime):
        """One look at a watched folder: its new exports imported (app.watch)."""
        from app.watch import scan_once

        return scan_once(self, Path(folder), now)

    def watch_files(self, paths, now: datetime, **kw):
        """Complete files the folder watcher saw land: the new exports among them imported."""
        from app.watch import consider

        return consider(self, [Path(p) for p in paths], now, **kw)

    def watch_folders(self) -> list[Path]:
        """The folders this install watches: the setting, else the OS's download folder."""
        from app.watch.folder import configured_folders

        return configured_folders(self.settings)

    def folder_watcher(self, folders, deliver, **kw):
        """A watchdog watcher over ``folders`` (app.watch.observer); ``deliver`` runs on its thread."""
        from app.watch.observer import FolderWatcher

        return FolderWatcher(folders, deliver, **kw)

    def freshness(self, now: datetime, newest: bool = True):
        """Per platform: when its newest export was imported, and whether that is stale
        (``newest``: with each platform's newest order, a walk over every order)."""
        from app.freshness import freshness

        with self.store.session() as s:
            return freshness(s, now, self.settings, newest)

    def import_preview(self, path):
        """The first rows of an unknown layout, for the column-mapping dialog."""
        from app.imports.mapping import preview

        return preview(str(path))

    def save_mapping(self, headers, mapping: dict, platform: str, name: str, *, now: datetime):
        from app.imports.mapping import save_mapping

        with self.store.session() as s:
            return save_mapping(s, headers, mapping, platform, name, now).id

    def mappings(self):
        from app.imports.mapping import list_mappings

        with self.store.session() as s:
            return list_mappings(s)

    def delete_mapping(self, mapping_id: int) -> None:
        from app.imports.mapping import delete_mapping

        with self.store.session() as s:
            delete_mapping(s, mapping_id)

    def import_history(self, limit: int = 200):
        from app.imports.pipeline import import_history

        with self.store.session() as s:
            return import_history(s, limit)

    def export(self, kind: str, out: Path, *, now: datetime) -> Path:
        """A report workbook (app/exports/reports.py), handed the plain data its sheet shows."""
        from app.exports import reports

        if kind == "risk":
            data = self.risk(now)
        elif kind == "stock":
            data = self.stock(now)
        elif kind == "contacts":
            data = self.contacts(now)
        elif kind == "orders":
            with self.store.session() as s:
                data = reports.order_rows(s)
        else:
            raise ValueError(kind)
        return reports.write_report(kind, data, Path(out), self.tz)

    # -- evaluations ------------------------------------------------------
    def stock(self, now: datetime, data=None):
        """``data``: this refresh's one read (``shop_data``), else on-hand and demand are read here."""
        from app.inventory.service import stock_report

        with self.store.session() as s:
            return stock_report(s, now, self.settings, data)

    # -- inventory (app/inventory): ledger writes, SKU master, detail, lists ----------
    @cached_property
    def inventory(self) -> InventoryService:
        """The stock ledger's writes and the SKU reads, one named method each (app/inventory/methods.py)."""
        from app.inventory.methods import InventoryService

        return InventoryService(self.store)

    def to_prepare(self, now: datetime, risks=None, data=None):
        """待备货: per SKU the units open orders need, earliest ship-by first (deadlines from risk)."""
        from app.inventory.detail import to_prepare

        risks = self.risk(now, data) if risks is None else risks
        with self.store.session() as s:
            return to_prepare(s, {r.order_pk: r.ship_by for r in risks}, data)

    def export_purchase_list(self, out: Path, *, now: datetime) -> Path:
        from app.inventory.detail import purchase_list
        from app.inventory.sheets import write_purchase_list

        stock = self.stock(now)
        with self.store.session() as s:
            rows = purchase_list(s, stock)
        return write_purchase_list(rows, Path(out))

    def export_stock_template(self, out: Path) -> Path:
        from app.inventory.sheets import write_template

        with self.store.session() as s:
            return write_template(s, Path(out))

    def shop_data(self, with_info: bool = True):
        """One read of the open orders, their lines, on-hand and bundles (app/snapshot.py), for the
        methods below to share within one refresh; ``with_info=False`` for an evaluation alone."""
        from app.snapshot import load

        return load(self.store, self.settings, with_info)

    def risk(self, now: datetime, data=None):
        from app.risk.engine import evaluate_risk

        if data is not None:  # nothing left to read
            return evaluate_risk(None, now, self.settings, data.rows)
        with self.store.session() as s:
            return evaluate_risk(s, now, self.settings)

    def contacts(self, now: datetime, risks=None, data=None, only=None, details: bool = True):
        """Refresh the queue at ``now`` (creates missing tasks) and list it; ``risks``: this
        moment's risk evaluation when the caller has it already (``data``: the read it was made on).
        ``only``: the orders an incremental tick re-evaluated (``risks`` theirs): their tasks alone;
        ``details=False``: the window's rows, each task's history read when shown (contact.details)."""
        from app.contact.service import list_tasks, refresh_tasks

        with self.refresh_lock:
            risks = self.risk(now, data) if risks is None else risks
            with self.store.session() as s:
                refresh_tasks(s, now, risks, self.settings, data, only)
            with self.store.session() as s:
                return list_tasks(s, now, self.settings, data, only, details)

    @property
    def contact(self):
        """The contact queue's actions (app/contact/actions.py)."""
        from app.contact.actions import ContactActions

        return ContactActions(self.store, self.settings, self.set_setting)

    @property
    def health(self):
        """Shop-level metrics (app/health/service.py)."""
        from app.health.service import HealthService

        return HealthService(self)

    @property
    def incidents(self):
        """Price errors and order floods (app/incidents): detect, list, dismiss, the playbook."""
        from app.incidents import IncidentService

        return IncidentService(self)

    # -- platform rule tables (app.risk.rules) ------------------------------
    def rule_tables(self) -> dict[str, dict]:
        """The shipped tables, validated (raises RuleError naming file and key); the shop-health
        tables too, so a broken one is named at start-up rather than on every refresh."""
        from app.health.metrics import load_definitions
        from app.risk.rules import load_tables

        load_definitions()
        return load_tables()

    def rule_table_problem(self) -> str | None:
        """``rule_tables`` at start-up: what is wrong with a shipped table in words naming file and
        key, None when every table loads."""
        from app.risk.rules import RuleError

        try:
            self.rule_tables()
        except RuleError as exc:
            return str(exc)
        return None

    def rule_calendar(self, name: str) -> dict:
        """A holiday calendar of the rules (resources/calendars): {"source": ..., "holidays": [date, ...]}."""
        from app.risk import calendars

        return {"source": calendars.source(name), "holidays": sorted(calendars.holidays(name))}

    def rule_problems(self, overrides: dict, shop_options: dict) -> list[str]:
        """What is wrong with a ``rules.overrides`` / ``risk.shop_options`` pair (empty = fine)."""
        from app.risk.rules import check_overrides, check_shop_options

        errors = check_overrides(overrides)
        for platform, options in (shop_options or {}).items():
            errors += check_shop_options(platform, options)
        return errors

    # -- GUI helpers (same core, plain data) --------------------------------
    def order_info(self, pks=None) -> dict:
        from app.orders import order_info

        with self.store.session() as s:
            return order_info(s, pks)

    def mark_shipped(self, pks, now: datetime) -> int:
        from app.inventory.ledger import book_shipments
        from app.orders import mark_shipped

        with self.store.session() as s:
            n = mark_shipped(s, pks, now)
            book_shipments(s, now)  # the goods left the shelf
            return n

    def mark_picked_up(self, pks, now: datetime) -> int:
        from app.orders import mark_picked_up

        with self.store.session() as s:
            return mark_picked_up(s, pks, now)

    def counts(self) -> dict:
        from app.orders import counts

        with self.store.session() as s:
            return counts(s)

    def is_empty(self) -> bool:
        c = self.counts()
        return c["orders"] == 0

    def load_demo(self, now: datetime) -> None:
        from app.demo import load_demo

        with self.store.session() as s:
            load_demo(s, now)
        self.set_setting("demo.loaded", True)

    def snapshot_delta(self, now: datetime, done) -> dict:
        """What an incremental round moved, for the tabs to patch in (app/snapshot.py ``delta``)."""
        from app.snapshot import delta

        return delta(self, now, done)

    def merge_snapshot(self, shown: dict, delta: dict) -> dict:
        """The snapshot shown with a round's delta patched in (run off the GUI thread); when stock
        moved, 待备货 and the SKU lists are made again over the merged deadlines."""
        from app.snapshot import merge

        out = merge(shown, delta)
        if "stock" in delta:
            out["prepare"] = self.to_prepare(delta["now"], out["risk"])
            out["catalogue"] = self.inventory.all_skus()
        return out

    def snapshot(self, now: datetime, data=None, risks=None, stock=None) -> dict:
        """Everything the four tabs show, from one read of the shop (run off the GUI thread);
        ``data``, ``risks``, ``stock``: what a scheduler tick already has (app/snapshot.py)."""
        from app.snapshot import build

        return build(self, now, data, risks, stock)

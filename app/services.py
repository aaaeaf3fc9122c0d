"""The service layer: the only way the CLI and the UI reach the store.

Each method is a short unit of work over one session and returns plain data
(dataclasses, dicts); nothing here knows about Qt.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from app import settings as settings_mod
from app.store import Store, open_store


class Services:
    def __init__(self, store: Store, tz: str | None = None):
        self.store = store
        with store.session() as s:
            self.settings = settings_mod.all_settings(s)
        if tz:
            self.settings["timezone"] = tz
        self.tz: str = self.settings["timezone"]

    @classmethod
    def open(cls, data_dir=None, tz: str | None = None) -> Services:
        return cls(open_store(data_dir), tz)

    # -- settings ---------------------------------------------------------
    def set_setting(self, key: str, value) -> None:
        with self.store.session() as s:
            settings_mod.set_(s, key, value)
        self.settings[key] = value
        if key == "timezone":
            self.tz = value

    # -- import / export --------------------------------------------------
    def import_files(self, paths, *, now: datetime, platform: str = "auto", **kw):
        from app.imports.pipeline import import_files

        return import_files(self.store, [str(p) for p in paths], platform=platform,
                            tz=self.tz, now=now, settings=self.settings, **kw)

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
        from app.exports.reports import export_report

        return export_report(self, kind, Path(out), now=now)

    # -- evaluations ------------------------------------------------------
    def stock(self, now: datetime):
        from app.inventory.service import stock_report

        with self.store.session() as s:
            return stock_report(s, now, self.settings)

    def risk(self, now: datetime):
        from app.risk.engine import evaluate_risk

        with self.store.session() as s:
            return evaluate_risk(s, now, self.settings)

    def contacts(self, now: datetime):
        """Refresh the queue at ``now`` (creates missing tasks) and list it."""
        from app.contact.service import list_tasks, refresh_tasks

        risks = self.risk(now)
        with self.store.session() as s:
            refresh_tasks(s, now, risks, self.settings)
        with self.store.session() as s:
            return list_tasks(s, now, self.settings)

    def alerts(self, now: datetime):
        """One scheduler evaluation at ``now``; returns the alerts it raised."""
        from app.alerts.service import run_evaluation

        return run_evaluation(self, now)

    # -- GUI helpers (same core, plain data) --------------------------------
    def order_info(self, pks=None) -> dict:
        from app.orders import order_info

        with self.store.session() as s:
            return order_info(s, pks)

    def mark_shipped(self, pks, now: datetime) -> int:
        from app.orders import mark_shipped

        with self.store.session() as s:
            return mark_shipped(s, pks, now)

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

    def snapshot(self, now: datetime) -> dict:
        """Everything the three tabs show, computed in one go (run off the GUI thread)."""
        risks = self.risk(now)
        info = self.order_info([r.order_pk for r in risks])
        return {
            "now": now,
            "stock": self.stock(now),
            "risk": risks,
            "info": info,
            "tasks": self.contacts(now),
            "counts": self.counts(),
        }

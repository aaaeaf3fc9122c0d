"""The local store: models, engine/session set-up, migrations and backups."""

from app.store.session import Store, open_store

__all__ = ["Store", "open_store"]

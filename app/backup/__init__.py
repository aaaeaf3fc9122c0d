"""Backups, damage detection, restore and the move to a new PC (no Qt here).

The copying itself is app.store.backup (the one backup path); this package decides when to take
copies, where they also go (a second folder), how a restore keeps the current database aside, and
how a whole shop is packed into one file for another computer."""

from app.backup.service import (
    BackupService,
    RestoreResult,
    SalvageResult,
    damaged_message,
    export_shop,
    import_shop,
    restore,
    salvage,
)

__all__ = ["BackupService", "RestoreResult", "SalvageResult", "damaged_message", "export_shop", "import_shop",
           "restore", "salvage"]

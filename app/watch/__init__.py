"""The watched folder: new exports in the download folder imported without a click (app.watch.folder
decides what to take, app.watch.observer follows the folder with watchdog while the app runs)."""

from app.watch.folder import PassResult, consider, scan_once

__all__ = ["PassResult", "consider", "scan_once"]

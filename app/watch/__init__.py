"""The watched folder: new exports in the download folder imported without a click (app.watch.folder
decides what to take, app.watch.observer follows the folder with watchdog while the app runs)."""

__all__ = ["PassResult", "consider", "scan_once"]


def __getattr__(name: str):
    # on first use: every CLI command's parser reaches app.watch.cli, and app.watch.folder pulls in
    # the whole import pipeline, which most commands never run
    if name in __all__:
        from app.watch import folder

        return getattr(folder, name)
    raise AttributeError(f"module 'app.watch' has no attribute {name!r}")

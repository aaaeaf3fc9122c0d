"""Import flow: worker thread with progress and cancel, the questions only the seller can answer
(column mapping for an unknown layout, TikTok's day/month order), then a per-file summary.
"""

from __future__ import annotations

import html
import threading
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ui.tasks import run_task
from ui.writes import connection_lost


def tr(text: str) -> str:
    return QCoreApplication.translate("ImportDialog", text)


def run_import(parent, svc, paths: list[str], now: datetime, on_done=None, *, prior=None, asked=None,
               **kw) -> None:
    """Import ``paths`` off the GUI thread, ask what must be asked, show the summary, ``on_done(results)``.

    ``prior``: results of earlier rounds (a re-import replaces a file's earlier result);
    ``asked``: files the seller already answered a question for in this import.
    """
    paths = [str(p) for p in paths]
    asked = set(asked or ())
    before = kw.pop("before", None)  # an answer's write (a mapping, a remembered choice): on the worker too
    progress = _progress_dialog(parent)
    cancel = threading.Event()
    progress.canceled.connect(cancel.set)
    relay_holder = {}

    def report(done: int, total: int, text: str = "") -> None:
        relay = relay_holder.get("relay")
        if relay is not None:
            relay.progress.emit(done, total, text)

    state = {"updating": False, "over": False}

    def dispose() -> None:
        # close() would emit canceled() (QProgressDialog.closeEvent): the import is over, just go away
        progress.canceled.disconnect(cancel.set)
        progress.hide()
        progress.deleteLater()

    def on_progress(done: int, total: int, text: str) -> None:
        if state["over"]:
            return
        # a modal QProgressDialog runs the event loop inside setValue(): the result may arrive there
        state["updating"] = True
        try:
            if text:
                progress.setLabelText(tr("Importing %1…").replace("%1", text))
            progress.setMaximum(max(total, 1))
            progress.setValue(min(done, max(total, 1)))
        finally:
            state["updating"] = False

    def finished(results) -> None:
        if state["updating"]:  # finish once setValue() has returned, not inside it
            QTimer.singleShot(20, lambda: finished(results))
            return
        state["over"] = True
        dispose()
        merged = merge_results(prior, results)
        for r in results:
            if r.path in asked or r.status != "rejected":
                continue
            follow = ask_follow_up(parent, svc, r, now)
            if follow is not None:
                run_import(parent, svc, follow.pop("paths"), now, on_done, prior=merged, asked=asked | {r.path},
                           **{**kw, **follow})
                return
        show_summary(parent, svc, paths, merged, now, on_done, asked, kw)

    def failed(exc) -> None:
        if state["updating"]:
            QTimer.singleShot(20, lambda: failed(exc))
            return
        state["over"] = True
        dispose()
        if not connection_lost(parent, exc):  # a gone server is said in the status bar, and retried
            QMessageBox.warning(parent, tr("Import"), tr("The import failed: %1").replace("%1", str(exc)))

    relay_holder["relay"] = run_task(lambda: import_on_worker(svc, paths, now, before, report, cancel, kw),
                                     finished, failed, on_progress)


def import_on_worker(svc, paths: list[str], now: datetime, before, report, cancel, kw: dict) -> list:
    """The worker's part of run_import: an answer's write (``before``), the import, and the first
    rows of each unknown layout for the mapping dialog, read here, off the GUI thread."""
    if before is not None:
        before()
    results = svc.import_files(paths, now=now, progress=report, cancel=cancel, **kw)
    for r in results:
        r.preview = None
        if r.needs == "mapping" and r.kind is None and r.path:
            try:
                r.preview = svc.import_preview(r.path)
            except Exception:  # the rejection message already says what is wrong
                r.preview = None
    return results


def _progress_dialog(parent) -> QProgressDialog:
    """The import's window-modal progress, shown after 0.3 s; closed by the import, not by itself."""
    progress = QProgressDialog(tr("Importing…"), tr("Cancel"), 0, 100, parent)
    progress.setWindowTitle(tr("Import"))
    progress.setWindowModality(Qt.WindowModal)
    progress.setMinimumDuration(300)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    return progress


def merge_results(prior, results) -> list:
    out = list(prior or [])
    for r in results:
        for i, p in enumerate(out):
            if p.path == r.path:
                out[i] = r
                break
        else:
            out.append(r)
    return out


def ask_follow_up(parent, svc, result, now) -> dict | None:
    """The one question a rejected file may need answered: {paths, kwargs…} to re-import, or None."""
    if result.needs == "date_order":
        answer = ask_date_order(parent, result)
        if answer is None:
            return None
        order, remember = answer
        follow = {"paths": [result.path], "date_order": order}
        if remember:  # written on the import's worker (#15), before the file is read again
            follow["before"] = lambda: svc.set_setting("tiktok.date_order", order)
        return follow
    if result.needs == "mapping" and getattr(result, "preview", None) is not None:
        from ui.dialogs.column_mapping import ColumnMappingDialog

        dlg = ColumnMappingDialog(result.preview, parent)
        if dlg.exec() != QDialog.Accepted:
            return None
        args = (result.preview.headers, dlg.mapping(), dlg.platform(), dlg.name())
        return {"paths": [result.path], "before": lambda: svc.save_mapping(*args, now=now)}  # on the worker
    return None


def ask_date_order(parent, result) -> tuple[str, bool] | None:
    """TikTok file with dates like 03/04/2026: month first (US) or day first (South-East Asia)?"""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Question)
    box.setWindowTitle(tr("Which date order?"))
    box.setText(tr("The dates in %1 can be read two ways.").replace("%1", result.file))
    box.setInformativeText((result.errors[0]["message"] if result.errors else "") + "\n\n" +
                           tr("US stores write month/day/year; South-East Asian stores write day/month/year."))
    mdy = box.addButton(tr("Month/day/year (US)"), QMessageBox.AcceptRole)
    dmy = box.addButton(tr("Day/month/year (South-East Asia)"), QMessageBox.AcceptRole)
    box.addButton(QMessageBox.Cancel)
    remember = QCheckBox(tr("Use this for later TikTok files that are just as ambiguous"))
    remember.setChecked(True)
    box.setCheckBox(remember)
    box.exec()
    clicked = box.clickedButton()
    if clicked is mdy:
        return "MDY", remember.isChecked()
    if clicked is dmy:
        return "DMY", remember.isChecked()
    return None


def show_summary(parent, svc, paths, results, now, on_done, asked, kw) -> None:
    dlg = ImportSummary(results, parent)
    code = dlg.exec()
    if code == ImportSummary.RETRY_VALID_ROWS:
        retry = [r.path for r in results if r.status == "rejected" and any(e.get("row") for e in r.errors)]
        seen = {r.path for r in results}
        retry += [p for p in paths if p not in seen]  # a 宝贝报表 consumed by its 订单报表
        run_import(parent, svc, retry, now, on_done, prior=results, asked=asked,
                   **{**kw, "valid_rows_only": True})
        return
    if code == ImportSummary.MAP_COLUMNS and dlg.map_target is not None:
        r = dlg.map_target
        try:
            r.preview = svc.import_preview(r.path)
        except Exception as exc:
            QMessageBox.warning(parent, tr("Import"), str(exc))
            return
        follow = ask_follow_up(parent, svc, r, now)
        if follow is not None:
            run_import(parent, svc, follow.pop("paths"), now, on_done, prior=results, asked=asked | {r.path},
                       **{**kw, **follow})
        return
    if on_done:
        on_done(results)


class ImportSummary(QDialog):
    """One line per file, then every problem with its file, row and column."""

    RETRY_VALID_ROWS = 2
    MAP_COLUMNS = 3

    def __init__(self, results, parent=None):
        super().__init__(parent)
        self.results = results
        self.map_target = None
        self.setWindowTitle(tr("Import finished"))
        self.resize(860, 460)
        lay = QVBoxLayout(self)
        colours = {"imported": "#079455", "rejected": "#D92D20", "cancelled": "#667085"}
        for r in results:
            line = QLabel(f"<span style='color:{colours.get(r.status, '#667085')}'>●</span> {r.summary()}")
            line.setWordWrap(True)
            line.setTextInteractionFlags(Qt.TextSelectableByMouse)
            lay.addWidget(line)
            for w in r.warnings:  # imported, but something the seller should know
                note = QLabel(f"<span style='color:#B54708'>⚠ {html.escape(w)}</span>")
                note.setWordWrap(True)
                note.setContentsMargins(16, 0, 0, 0)
                note.setTextInteractionFlags(Qt.TextSelectableByMouse)
                lay.addWidget(note)
        errors = [(r.file, e) for r in results for e in r.errors]
        self.table = None
        if errors:
            note = QLabel(tr("Nothing from a rejected file was imported; your data is as it was. Fix these cells "
                             "in the file and import it again, or import only the valid rows:"))
            note.setWordWrap(True)
            lay.addWidget(note)
            shown = errors[:2000]
            self.table = QTableWidget(len(shown), 4)
            self.table.setHorizontalHeaderLabels([tr("File"), tr("Row"), tr("Column"), tr("Problem")])
            self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
            self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
            self.table.setWordWrap(False)
            for i, (f, e) in enumerate(shown):
                for j, v in enumerate((f, e.get("row"), e.get("column"), e.get("message"))):
                    item = QTableWidgetItem("" if v is None else str(v))
                    if j == 1:
                        item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                    item.setToolTip(item.text())
                    self.table.setItem(i, j, item)
            h = self.table.horizontalHeader()
            for j in range(3):
                h.setSectionResizeMode(j, QHeaderView.ResizeToContents)
            h.setSectionResizeMode(3, QHeaderView.Stretch)
            self.table.verticalHeader().setVisible(False)
            lay.addWidget(self.table, 1)
        else:
            lay.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok)
        self.valid_rows_button = None
        bad_rows = [r for r in results if r.status == "rejected" and any(e.get("row") for e in r.errors)]
        if bad_rows:
            n = sum(1 for r in bad_rows for e in r.errors if e.get("row"))
            b = buttons.addButton(tr("Import the valid rows only"), QDialogButtonBox.ActionRole)
            b.setToolTip(tr("Skips the %1 rows listed above and imports the rest of these files.").replace("%1", str(n)))
            b.clicked.connect(self._confirm_valid_rows)
            self.valid_rows_button = b
        self.map_button = None
        mappable = [r for r in results if r.status == "rejected" and r.needs == "mapping" and r.path]
        if mappable:
            self.map_button = buttons.addButton(tr("Map the columns…"), QDialogButtonBox.ActionRole)
            self.map_button.setToolTip(tr("Say which column of %1 holds what; ShopSentry remembers it.")
                                       .replace("%1", mappable[0].file))
            self.map_button.clicked.connect(lambda: self._map(mappable[0]))
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)

    def _confirm_valid_rows(self) -> None:
        ans = QMessageBox.question(self, tr("Import the valid rows only"),
                                   tr("The rows listed with a problem will be left out; every other row of these "
                                      "files is imported. Continue?"))
        if ans == QMessageBox.Yes:
            self.done(self.RETRY_VALID_ROWS)

    def _map(self, result) -> None:
        self.map_target = result
        self.done(self.MAP_COLUMNS)


class ImportHistoryDialog(QDialog):
    """Every import attempt: file, hash, time, counts and outcome."""

    def __init__(self, batches, tz: str, now: datetime, parent=None):
        super().__init__(parent)
        from app import timeutil

        self.setWindowTitle(tr("Import history"))
        self.resize(1080, 520)
        lay = QVBoxLayout(self)
        if not batches:
            lay.addWidget(QLabel(tr("Nothing has been imported yet.")))
        heads = [tr("Time"), tr("File"), tr("Platform"), tr("Kind"), tr("Rows"), tr("Orders"), tr("New"),
                 tr("Updated"), tr("Unchanged"), tr("Outcome"), tr("File hash (SHA-256)"), tr("Problem")]
        self.table = QTableWidget(len(batches), len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().setVisible(False)
        outcome = {"imported": tr("Imported"), "rejected": tr("Rejected"),
                   "skipped": tr("Skipped (not an export)")}  # the watched folder left it alone
        kinds = {"orders": tr("Orders"), "stock": tr("Stock sheet"), "unknown": tr("Unknown")}
        import json

        from app.text import platform_name

        for i, b in enumerate(batches):
            try:
                problems = json.loads(b.message) if b.message else []
            except ValueError:
                problems = [{"message": b.message}]
            first = problems[0].get("message", "") if problems else ""
            vals = [timeutil.short(b.imported_at, tz, now), b.file_name, platform_name(b.platform) if b.platform else "",
                    kinds.get(b.kind, b.kind), b.rows, b.orders, b.created, b.updated, b.unchanged,
                    outcome.get(b.status, b.status), (b.file_hash or "")[:12], first]
            for j, v in enumerate(vals):
                item = QTableWidgetItem("" if v is None else str(v))
                if isinstance(v, int):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if j == 9:
                    item.setForeground({"imported": Qt.darkGreen, "skipped": Qt.gray}.get(b.status, Qt.red))
                if j == 10:
                    item.setToolTip(b.file_hash or "")
                elif j == 11:
                    item.setToolTip("\n".join(p.get("message", "") for p in problems))
                self.table.setItem(i, j, item)
        h = self.table.horizontalHeader()
        for j in range(len(heads) - 1):
            h.setSectionResizeMode(j, QHeaderView.ResizeToContents)
        h.setSectionResizeMode(len(heads) - 1, QHeaderView.Stretch)
        lay.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

"""The contact tab's keyboard loop: copy, paste in the platform chat, Ctrl+Enter, next.

The keys are shortcuts of the tab, active while it is shown (wherever the focus is in the window:
the tab bar, a button); in a text field —
the message editor, the note, a combo box — the field keeps its own keys (Ctrl+C copies the
selected text there, ↑/↓ move the cursor, digits are typed).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
)

from app.labels import OUTCOMES


def in_text_field() -> bool:
    w = QApplication.focusWidget()
    if isinstance(w, QTextBrowser):
        return w.textCursor().hasSelection()  # the detail text: Ctrl+C copies what is selected there
    return isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox))


class KeyLoop:
    """Mixed into ContactTab: installs the keys, names them on tooltips and in the help."""

    def key_table(self) -> list[tuple[str, str, object]]:
        """(key, what it does, handler) — the help lists them in this order."""
        rows = [("Ctrl+C", self.tr("Copy the selected task's message (several selected: all, numbered)"),
                 self.copy_message),
                ("Ctrl+Return", self.tr("Mark sent, then select the next task to contact"), self.mark_sent),
                ("Ctrl+Enter", "", self.mark_sent),  # the keypad's Enter
                ("Up", self.tr("Previous task"), lambda: self.move_by(-1)),
                ("Down", self.tr("Next task"), lambda: self.move_by(1))]
        for i, o in enumerate(OUTCOMES, 1):
            rows.append((str(i), self.tr("Outcome: %1 (a task sent or replied)").replace("%1", self.outcome_label(o)),
                         lambda o=o: self.outcome_key(o)))
        rows.append(("Ctrl+Z", self.tr("Undo the last state change (kept in the history)"), self.undo))
        return rows

    def install_keys(self) -> None:
        self.shortcuts = {}
        for key, _what, handler in self.key_table():
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.WindowShortcut)  # Qt counts it only while the tab is shown
            sc.setAutoRepeat(key in ("Up", "Down"))
            sc.activated.connect(lambda key=key, handler=handler: self._key(key, handler))
            self.shortcuts[key] = sc
        self.btn_copy.setToolTip(self.tr("Copies the text (and keeps your edits) to paste into the platform chat "
                                         "(Feige / Qianniu / Pinduoduo)") + "  [Ctrl+C]")
        self.btn_sent.setToolTip(self.tr("The message went out: select the next task to contact") + "  [Ctrl+Enter]")
        for i, b in enumerate(self.outcome_buttons.values(), 1):
            b.setToolTip(self.tr("Resolve the task with this outcome") + f"  [{i}]")
        self.btn_undo.setToolTip(self.tr("Undo the last state change (kept in the history)") + "  [Ctrl+Z]")

    def _key(self, key: str, handler) -> None:
        if in_text_field():  # the field's own key: hand it back
            seq = QKeySequence(key)[0]
            w = QApplication.focusWidget()
            text = key if key.isdigit() else ""
            for kind in (QEvent.KeyPress, QEvent.KeyRelease):
                w.event(QKeyEvent(kind, seq.key(), seq.keyboardModifiers(), text))  # not through the shortcuts again
            return
        handler()

    def move_by(self, step: int) -> None:
        rows = self.model.visible_rows()
        if not rows:
            return
        r = self.current_row()
        i = self.model.row_of_key(r.task_id) if r is not None else -1
        nxt = rows[min(max(i + step, 0), len(rows) - 1)]
        self.select_key(nxt.task_id)

    def outcome_key(self, outcome: str) -> None:
        r = self.current_row()
        if r is None:
            return
        if r.status not in ("sent", "replied"):
            self._flash(self.tr("Outcomes 1–6 are for a task sent or replied; this one is “%1”")
                        .replace("%1", self.status_label(r.status)))
            return
        self.record_outcome(outcome)

    def focus_queue(self) -> None:
        """Ctrl+3: the queue has the focus and an open task is selected (the first one, unless the
        seller is on an open task already)."""
        self._focus_wanted = not self.model.rowCount()  # the first refresh is still on its way
        self.table.setFocus(Qt.ShortcutFocusReason)
        r = self.current_row()
        if r is None or r.status == "resolved":
            first = next((x for x in self.model.visible_rows() if x.status != "resolved"), None)
            if first is not None:
                self.select_key(first.task_id)

    def show_keys(self) -> QDialog:
        """The 快捷键 help: every key of the contact loop."""
        dlg = QDialog(self)
        dlg.setWindowTitle(self.tr("Keyboard shortcuts"))
        lay = QVBoxLayout(dlg)
        names = {"Ctrl+Return": "Ctrl+Enter", "Up": "↑", "Down": "↓"}
        rows = "".join(f"<tr><td style='padding:2px 12px 2px 0'><b>{names.get(k, k)}</b></td><td>{what}</td></tr>"
                       for k, what, _ in self.key_table() if what)
        intro = self.tr("In the customer-contact tab, whenever the focus is not in a text field:")
        label = QLabel(f"<p>{intro}</p><table>{rows}</table><p>Ctrl+3: "
                       f"{self.tr('this tab, with the first open task selected')}</p>")
        label.setTextFormat(Qt.RichText)
        lay.addWidget(label)
        box = QDialogButtonBox(QDialogButtonBox.Close)
        box.rejected.connect(dlg.reject)
        lay.addWidget(box)
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        dlg.show()
        self.keys_dialog = dlg
        return dlg

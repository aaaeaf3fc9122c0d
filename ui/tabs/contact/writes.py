"""What the contact tab's buttons and keys do. Every store write runs on the tab's own worker
thread — one at a time, in the order given, so an undo never overtakes the change it undoes —
and the table moves on at once: the task acted on shows its new state and the selection goes to
the next task the same key applies to, in the table's current sort and filter. Once a write
landed only the queue is read again (``relist``), never every tab."""

from __future__ import annotations

from itertools import chain

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu, QMessageBox

from ui.tabs.contact.rows import prepared, queue_counts
from ui.tasks import run_task
from ui.writes import connection_lost

OPEN = ("todo", "sent", "replied")

class ContactWrites:
    """Mixed into ContactTab: ``svc``, ``clock``, the table and the detail pane are the tab's."""

    def _setup_writes(self) -> None:
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # writes in order: mark sent, then its undo
        self.pending = 0
        self.undo_stack: list[list[int]] = []  # task ids per state change, newest last
        # states shown before the store has them: task id → [status, outcome, when written (None: not yet)]
        self.shown_ahead: dict[int, list] = {}
        self._relisting = self._relist_again = False

    def run_read(self, fn, on_done, on_error) -> None:
        run_task(fn, on_done, on_error)  # not on the write thread: a long read must not hold up the next write

    def relist(self) -> None:
        """The queue alone read again once a write landed (no risk evaluation, no other tab), on a
        worker; one at a time, and once more if another write landed meanwhile."""
        if self.svc is None:
            return
        if self._relisting:
            self._relist_again = True  # another action landed meanwhile: once more when this one is in
            return
        self._relisting, self._relist_again = True, False
        now, contact = self.clock(), self.svc.contact

        tz = self.tz

        def read():  # keys, what each row shows and the totals made here too: no 80k pass on the GUI thread
            tasks = contact.list(now, details=False)  # the pane reads the selected task's own
            return tasks, prepared(tasks), queue_counts(tasks, now, tz)

        def done(got):
            tasks, ready, counts = got
            self._relisting = False
            self.set_data(tasks, now, ready, counts)  # the selection stays where the action moved it
            self.relisted.emit(tasks)
            if self._relist_again:
                self.relist()

        def failed(exc):  # logged by the worker; the next refresh shows the store's state
            self._relisting = False
            connection_lost(self, exc)  # a shared server gone: the status bar says so and retries

        self.run_read(read, done, failed)

    def run_write(self, fn, on_done, on_error) -> None:
        run_task(fn, on_done, on_error, pool=self.pool)

    def ahead_of(self, tasks, now) -> list[int]:
        """A snapshot computed before a write landed (``now`` earlier than the write) still shows
        the old state: keep showing the new one, so a sent task does not flick back to 待联系.
        Returns the positions of the tasks shown ahead of the store."""
        for task_id, (_, _, written) in list(self.shown_ahead.items()):
            if written is not None and now >= written:
                del self.shown_ahead[task_id]  # this snapshot has it
        ahead = []
        if self.shown_ahead:
            for i, r in enumerate(tasks):
                if r.task_id in self.shown_ahead and r.status != self.shown_ahead[r.task_id][0]:
                    r.status, r.outcome = self.shown_ahead[r.task_id][:2]
                    r.due, r.due_kind = self.svc.contact.next_action(r, now)
                    ahead.append(i)
        return ahead

    def _write(self, fn, then=None, undo_entry=None, after=None) -> None:
        """Queue one write; refresh when it is done, explain a refusal (never a traceback).
        ``undo_entry``: this write's place on the undo stack, dropped if the write is refused.
        ``after``: the signal that asks for the refresh (``changed``: the queue alone)."""
        after = self.changed if after is None else after
        if self.svc is None:
            return
        self.pending += 1

        def done(out):
            self.pending -= 1
            written = self.clock()
            for i in undo_entry or []:
                if i in self.shown_ahead:
                    self.shown_ahead[i][2] = written
            if then is not None:
                then(out)
            after.emit()

        def failed(exc):
            self.pending -= 1
            for i in undo_entry or []:
                self.shown_ahead.pop(i, None)  # refused: the refresh shows what the store holds
            # nothing changed: Ctrl+Z must not undo the change before
            self.undo_stack = [e for e in self.undo_stack if e is not undo_entry]
            if isinstance(exc, ValueError):
                QMessageBox.information(self, self.tr("Customer contact"), str(exc))
            else:
                QMessageBox.warning(self, self.tr("Customer contact"), self.tr(
                    "Something went wrong: %1\nDetails are in the log file.").replace("%1", str(exc)))
            after.emit()  # the table shows again what the store holds

        self.run_write(fn, done, failed)

    # -- the rows acted on -------------------------------------------------------------
    def targets(self) -> list:
        """The selected tasks in the table's order (several: a bulk action), else the current one."""
        rows = self.selected_rows()
        if len(rows) > 1:
            return rows
        r = self.current_row()
        return [r] if r is not None else []

    def _shown_as(self, rows, status: str, outcome=None) -> None:
        """The table shows the new state and next action now, in these rows alone (no pass over
        the queue: the totals move by what the rows count); the re-list after the write confirms it."""
        now = self.clock()
        before = self.counts(rows)
        for r in rows:
            self.shown_ahead[r.task_id] = [status, outcome if status == "resolved" else None, None]
            r.status = status
            if status == "resolved":
                r.outcome, r.resolved_at = outcome, now
            elif status == "sent":
                r.sent_at = now
            r.due, r.due_kind = self.svc.contact.next_action(r, now)
        for r in rows:
            self.model.row_edited(r)
        self.update_counts(before, self.counts(rows))
        self._enable(self.current_row())

    def next_task(self, after, wanted) -> object | None:
        """The next row after ``after`` (wrapping round) whose state is in ``wanted``."""
        rows = self.model.visible_rows()
        i = self.model.row_of_key(after.task_id)
        for j in chain(range(i + 1, len(rows)), range(max(i, 0))):  # no copy of an 80k-row list per key
            if rows[j].status in wanted:
                return rows[j]
        return None

    def _advance(self, after, *wanted) -> None:
        for states in wanted:
            nxt = self.next_task(after, states)
            if nxt is not None:
                self._acted_key = None
                self.select_key(nxt.task_id)
                return
        self._acted_key = after.task_id  # nothing left: stay on the task just done
        self.select_key(after.task_id)

    # -- state changes ---------------------------------------------------------------------
    def _change(self, rows, status: str, outcome=None, note=None, advance=()) -> bool:
        """Show the new state, move on (``advance``: the states to look for next, in turn), then
        queue the write. False when none of these tasks can make this change."""
        able = [r for r in rows if self.svc.contact.can_change(r.status, status)]
        if not able:
            return False
        if len(rows) == 1 and self._dirty() and not self.save_text():
            return False
        ids, now, contact = [r.task_id for r in able], self.clock(), self.svc.contact
        self.undo_stack.append(ids)
        self._shown_as(able, status, outcome)
        if advance:
            self._advance(rows[-1], *advance)
        if len(ids) == 1:
            version = able[0].version  # the task as shown: another PC's change first is refused, not lost
            self._write(lambda: contact.transition(ids[0], status, now, outcome=outcome, note=note, version=version),
                        undo_entry=ids)
        else:
            self._write(lambda: contact.transition_many(ids, status, now), undo_entry=ids)
        return True

    def claim(self) -> None:
        """Take the current task (several staff): the others see who is on it."""
        r = self.current_row()
        if r is not None and self.svc is not None:
            task_id, version, now = r.task_id, r.version, self.clock()
            self._write(lambda: self.svc.contact.claim(task_id, now, version=version))

    def mark_sent(self) -> None:
        """Mark the selected task(s) sent and go to the next task still to contact."""
        rows = self.targets()
        if not rows or self.svc is None:
            return
        if not self._change(rows, "sent", advance=(("todo",),)):
            self._flash(self.tr("Already sent: press 1–6 for the outcome, ↓ for the next task"))
            return
        # what is left today stands beside, in the status bar (left_label)
        self._flash(self.tr("Marked sent: %1").replace("%1", ", ".join(r.order_id for r in rows[:3])
                                                      + (" …" if len(rows) > 3 else "")))

    def record_outcome(self, outcome: str) -> None:
        """Resolve the current task with this outcome, then on to the next task awaiting one."""
        r = self.current_row()
        if r is None or self.svc is None or r.status == "resolved":
            return
        note = self.note.text().strip() or None
        if not self._change([r], "resolved", outcome, note, advance=(("sent", "replied"), OPEN)):
            return
        self.note.clear()
        if outcome in self.svc.contact.AGREED and not r.proposals and r.order_status == "unshipped":
            # playbook step 3: the date only counts once it is in the platform's tool
            self._flash(self.tr("Now record the new date in %1 before the deadline (%2).")
                        .replace("%1", r.tool).replace("%2", r.tool_tip or "-"))
        else:
            self._flash(self.tr("Resolved: %1").replace("%1", r.order_id))

    def _go(self, status: str) -> None:
        """Buyer replied / Reopen: the task stays selected (its next step is on the same task)."""
        r = self.current_row()
        if r is None or self.svc is None:
            return
        note = self.note.text().strip() or None
        self._acted_key = r.task_id  # shown even when the filter no longer matches it
        if self._change([r], status, note=note):
            self.note.clear()

    def undo(self) -> None:
        """Ctrl+Z: take back the last state change made here (or the selected task's last one)."""
        if self.svc is None:
            return
        ids = self.undo_stack.pop() if self.undo_stack else [r.task_id for r in self.targets()[:1]]
        if not ids:
            return
        now, contact = self.clock(), self.svc.contact
        for i in ids:
            self.shown_ahead.pop(i, None)  # the refresh after the undo shows the state it went back to
        self._write(lambda: [contact.undo(i, now) for i in ids])
        self._acted_key = ids[0]
        self._select_next = ids[0]  # back on the task undone once the refresh shows it
        self.select_key(ids[0])
        self._flash(self.tr("Undone: %1 task(s) back to their state before").replace("%1", str(len(ids))))

    # -- text -------------------------------------------------------------------------------------
    def save_text(self) -> bool:
        """Keep the editor's text (refused at once, in words, when a placeholder is left)."""
        r = self.current_row()
        if r is None or self.svc is None or not self._dirty():
            return True
        text, now, choice = self.editor.toPlainText(), self.clock(), dict(self._choice)
        problem = self.svc.contact.message_problem(text)
        if problem:
            QMessageBox.information(self, self.tr("Customer contact"), problem)
            return False
        contact, task_id = self.svc.contact, r.task_id

        def write():
            if choice and contact.apply_choice(task_id, now, **choice) == text:
                return
            contact.save_message(task_id, text, now)

        self._write(write)
        r.message = text  # what the table's row holds until the refresh
        self._choice = {}
        self._set_unsaved("")
        return True

    def copy_message(self) -> str:
        """The selected task's message (edits kept) — or, for several, all of them numbered."""
        rows = self.targets()
        if not rows:
            return ""
        if len(rows) > 1:
            text = self.svc.contact.numbered_text([(r.order_id, r.buyer, r.message) for r in rows])
            QGuiApplication.clipboard().setText(text)
            self._flash(self.tr("Copied %1 messages, numbered: paste them one by one, then Ctrl+Enter marks "
                                "them all sent.").replace("%1", str(len(rows))))
            return text
        text = self.editor.toPlainText()
        if not self.save_text():
            return ""
        QGuiApplication.clipboard().setText(text)
        self._flash(self.tr("Copied %1's message. Paste it into the platform chat, then Ctrl+Enter.")
                    .replace("%1", rows[0].order_id))
        return text

    def select_sku(self, index: int | None = None) -> int:
        """全选此 SKU: every task still to contact for the orders of this SKU (in the table now).
        An order with several SKUs asks which one."""
        r = self.current_row()
        if r is None or not r.sku_ids:
            return 0
        if index is None and len(r.sku_ids) > 1:
            self.sku_menu = QMenu(self)  # non-blocking: the chosen action selects
            for i, code in enumerate(r.sku_codes):
                self.sku_menu.addAction(code, lambda i=i: self.select_sku(i))
            self.sku_menu.popup(self.btn_bulk.mapToGlobal(self.btn_bulk.rect().bottomLeft()))
            return 0
        sku = r.sku_ids[index or 0]
        keys = [x.task_id for x in self.model.visible_rows() if x.status == "todo" and sku in x.sku_ids]
        if r.task_id not in keys:
            keys.insert(0, r.task_id)
        self.select_keys(keys, r.task_id)
        self.table.setFocus()
        self._say_selection()
        return len(keys)

    # -- other writes ---------------------------------------------------------------------------
    def follow_up(self) -> None:
        r = self.current_row()
        if r is not None and self.svc is not None:
            now, contact = self.clock(), self.svc.contact
            self._acted_key = r.task_id
            self._write(lambda: contact.followed_up(r.task_id, now))

    def record_proposal(self) -> None:
        r = self.current_row()
        if r is not None and self.svc is not None:
            now, day, contact = self.clock(), self._to_dt(self.new_date.date()), self.svc.contact
            self._acted_key = r.task_id
            self._write(lambda: contact.record_proposal(r.task_id, now, day))

    def add_note(self) -> None:
        r = self.current_row()
        text = self.note.text().strip()
        if r is not None and text and self.svc is not None:
            now, contact = self.clock(), self.svc.contact
            self._acted_key = r.task_id
            self._write(lambda: contact.add_note(r.task_id, text, now))
            self.note.clear()

    def edit_templates(self) -> None:
        from ui.dialogs.template_dialog import TemplateDialog

        if self.svc is None:
            return
        dlg = TemplateDialog(self.svc.contact, self)
        if dlg.exec():
            self._write(dlg.writer(), then=lambda _: self._fill_compensation(), after=self.templates_changed)

    def _flash(self, text: str) -> None:
        win = self.window()
        if hasattr(win, "statusBar"):
            win.statusBar().showMessage(text, 8000)

"""The contact area's service: what the GUI and the CLI may do with the queue (``svc.contact``).

Each method is one short unit of work over one session and returns plain data.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

from sqlalchemy.orm.exc import StaleDataError

from app.contact import service as core
from app.contact import staff, views
from app.contact import templates as tpl
from app.store.session import lock_for_writing
from app.text import t


class ContactActions:
    AGREED = core.AGREED  # outcomes after which the order still ships: the new date goes in the platform tool

    def __init__(self, store, settings: dict, save_setting):
        """``store``: the shop (its ``staff``: this PC's staff member); ``settings``: the shop's values
        now; ``save_setting(key, value)``: how a template edit or the default compensation is kept."""
        self.store, self._settings, self._save_setting = store, settings, save_setting

    def _session(self):
        return self.store.session()

    @contextmanager
    def _editing(self, task_id: int, version: int | None = None, to: str | None = None):
        """A change of one task: refused (staff.TaskChanged, who and the fresh state) when the
        screen's ``version`` is old, or when another PC's change lands first (StaleDataError)."""
        try:
            with self._session() as s:
                # the check and the write see one state: a second PC's change waits for this one's
                # commit and is then refused by the check (SQLite reads outside a transaction otherwise)
                lock_for_writing(s, f"contact:task:{task_id}")
                staff.check(s, task_id, version, to)
                yield s
        except StaleDataError:
            with self._session() as s:
                raise staff.changed(s, task_id) from None

    @property
    def settings(self) -> dict:
        return self._settings

    # -- the queue ---------------------------------------------------------
    def list(self, now: datetime, mine: bool = False, only=None, details: bool = True) -> list[core.TaskView]:
        """The queue; ``mine``: only the tasks this PC's staff member claimed; ``only``: the tasks
        of these orders alone (the rows an action changed, patched into the table); ``details``:
        views.list_tasks (False: the window's rows)."""
        with self._session() as s:
            tasks = core.list_tasks(s, now, self.settings, only=only, details=details)
        return [v for v in tasks if v.assignee == self.store.staff] if mine else tasks

    def details(self, order_pk: int, task_id: int, now: datetime) -> core.TaskView | None:
        """The selected task with its events, buyer history and playbook (None: gone)."""
        with self._session() as s:
            return views.task_details(s, now, self.settings, order_pk, task_id)

    def claim(self, task_id: int, now: datetime, version: int | None = None) -> None:
        with self._editing(task_id) as s:
            staff.claim(s, task_id, self.store.staff, now, version)

    def release(self, task_id: int, now: datetime, version: int | None = None) -> None:
        with self._editing(task_id) as s:
            staff.release(s, task_id, self.store.staff, now, version)

    def add(self, order_pks: list[int], now: datetime) -> list[int]:
        """Put orders in the queue by hand (risk tab); returns their task ids. No risk run here (a
        click must be instant): the next refresh sets the deadline and message from the risk engine."""
        with self._session() as s:
            tasks = [core.add_manual(s, pk, now, self.settings) for pk in order_pks]
            s.flush()
            return [t.id for t in tasks]

    def transition(self, task_id: int, to: str, now: datetime, outcome: str | None = None,
                   note: str | None = None, version: int | None = None) -> None:
        """``version``: the task as the screen showed it; a task already in state ``to`` (someone
        else sent it a moment ago) is refused too, so the buyer never gets two messages."""
        with self._editing(task_id, version, to) as s:
            core.transition(s, task_id, to, now, outcome=outcome, note=note)

    def next_action(self, view: core.TaskView, now: datetime) -> tuple[datetime | None, str | None]:
        """The next action (due, kind) of a task shown in a new state before the queue is read again."""
        return views.next_action(view, now, self.settings)

    @staticmethod
    def can_change(status: str, to: str) -> bool:
        return to in core.TRANSITIONS.get(status, set())

    def transition_many(self, task_ids: list[int], to: str, now: datetime) -> list[int]:
        """One action for a selection (mark all sent): one transaction; tasks that cannot make this
        change (already sent, resolved) are left as they are. Returns the ids that changed."""
        done = []
        with self._session() as s:
            for task_id in task_ids:
                if to in core.TRANSITIONS.get(core._get(s, task_id).status, set()):
                    core.transition(s, task_id, to, now)
                    done.append(task_id)
        return done

    def undo(self, task_id: int, now: datetime) -> str:
        """Undo the task's last state change (an ``undo`` event in its history); returns the state it
        is back in."""
        from app.contact.undo import undo_last

        with self._session() as s:
            return undo_last(s, task_id, now).status

    @staticmethod
    def numbered_text(items: list[tuple[str, str, str]]) -> str:
        """(order id, buyer, message) → one text to paste block by block, each block numbered."""
        return "\n\n".join(f"{i}. " + t("[Order {order_id} · {buyer}]", order_id=oid, buyer=buyer) + f"\n{msg}"
                            for i, (oid, buyer, msg) in enumerate(items, 1))

    @staticmethod
    def message_problem(text: str) -> str | None:
        """Why this text cannot be kept as a message (empty, a placeholder left), or None."""
        try:
            core._check_filled(text)
        except ValueError as exc:
            return str(exc)
        return None

    def save_message(self, task_id: int, text: str, now: datetime, version: int | None = None) -> None:
        with self._editing(task_id, version) as s:
            core.edit_message(s, task_id, text, now)

    def preview(self, task_id: int, now: datetime, **choice) -> tuple[str, str, datetime | None]:
        with self._session() as s:
            return core.preview(s, task_id, now, self.settings, **choice)

    def apply_choice(self, task_id: int, now: datetime, **choice) -> str:
        """Keep the message written with these choices; returns its text."""
        with self._editing(task_id) as s:
            return core.apply_choice(s, task_id, now, self.settings, **choice).message

    def record_proposal(self, task_id: int, now: datetime, new_date: datetime | None = None) -> int:
        with self._editing(task_id) as s:
            return core.record_proposal(s, task_id, now, new_date)

    def add_note(self, task_id: int, text: str, now: datetime) -> None:
        with self._editing(task_id) as s:
            core.add_note(s, task_id, text, now)

    def followed_up(self, task_id: int, now: datetime) -> None:
        with self._editing(task_id) as s:
            core.followed_up(s, task_id, now)

    def bulk_text(self, sku_id: int) -> tuple[int, str]:
        with self._session() as s:
            return core.bulk_messages_for_sku(s, sku_id)

    def reminders(self, now: datetime) -> list[core.ContactReminder]:
        with self._session() as s:
            return core.due_reminders(s, now, self.settings)

    # -- templates ---------------------------------------------------------
    def template_texts(self) -> dict[str, dict[str, str]]:
        return {name: tpl.texts(name, self.settings) for name in tpl.NAMES}

    def customised(self) -> set[tuple[str, str]]:
        """(template, platform) pairs where the seller's wording replaces the shipped one."""
        return {(n, p) for n in tpl.NAMES for p in tpl.PLATFORM_KEYS if tpl.is_customised(n, p, self.settings)}

    def save_template(self, name: str, platform: str, text: str | None) -> None:
        """Keep the seller's wording (None: back to the shipped wording)."""
        self._save_setting(tpl.SETTING, tpl.with_edit(self.settings, name, platform, text))

    def compensation_options(self) -> list[str]:
        """What a buyer can be offered for waiting; the seller's default first."""
        return tpl.compensation_options(self.settings)

    def set_compensation(self, text: str) -> None:
        self._save_setting("contact.compensation", text.strip() or None)

    def check_template(self, text: str) -> list[str]:
        return tpl.check(text)

    def placeholders(self) -> list[str]:
        return [p for p in tpl.placeholders() if p not in ("greeting", "closing")] + ["greeting", "closing"]

    def sample(self, text: str, platform: str) -> str:
        """The text filled with an example order, for the editor's preview."""
        return tpl.render_text(text, "*" if platform == "*" else platform, SAMPLE, "preview")

    def default_text(self, name: str, platform: str) -> str | None:
        return tpl.default_text(name, platform)


SAMPLE = {"buyer": "王芳", "product": "加厚珊瑚绒睡衣", "spec": "粉色 M", "order_id": "6920145873321",
          "reason": "商品暂时缺货", "new_date": "11月26日", "compensation": "一张5元无门槛优惠券",
          "substitute": "加厚珊瑚绒睡衣 粉色 L"}

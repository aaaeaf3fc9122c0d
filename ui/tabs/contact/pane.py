"""The contact tab's detail pane: the message editor and the action buttons in one block anchored
under the detail text. Nothing in the block changes size between two states of a task — widgets
that come and go keep their room (retainSizeWhenHidden), notices have a line of their own and no
button changes its label — so no button moves between two clicks (tests compare geometry)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app import labels, timeutil
from app.services import failure_words
from ui import style
from ui.writes import connection_lost

TEMPLATES = tuple(labels.TEMPLATES)
OUTCOMES = tuple(labels.OUTCOMES)  # the core's outcome codes, in its order


def _keep_room(*widgets) -> None:
    """Hidden, the widget still takes its place: the rows under it stay where they are."""
    for w in widgets:
        p = w.sizePolicy()
        p.setRetainSizeWhenHidden(True)
        w.setSizePolicy(p)


def _buttons_row(grid: QGridLayout, row: int, buttons, first_col: int = 0) -> None:
    """Buttons sharing a row equally: their widths follow the pane, never their labels."""
    for i, b in enumerate(buttons):
        b.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        grid.addWidget(b, row, first_col + i)


class DetailPane:
    """Mixed into ContactTab (a TableTab): builds ``detail_actions`` and fills it per task."""

    def detail_actions(self, layout: QVBoxLayout) -> None:
        layout.setStretch(0, 1)  # the detail text takes what the action block leaves
        self.actions_box = QWidget()
        self.actions_box.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        box = QVBoxLayout(self.actions_box)
        box.setContentsMargins(0, 4, 0, 0)
        box.addLayout(self._choice_grid())
        self.editor = QPlainTextEdit()
        self.editor.setFixedHeight(90)
        self.editor.setPlaceholderText(self.tr("The message to paste into the platform chat"))
        self.editor.textChanged.connect(self._edited)
        box.addWidget(self.editor)
        # the one line for notices (unsaved text, how many are selected): always there, empty or not
        self.unsaved = QLabel()
        self.unsaved.setStyleSheet(f"color: {style.AMBER}")
        self.unsaved.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        self.unsaved.setFixedHeight(self.unsaved.fontMetrics().height() + 4)
        _keep_room(self.unsaved)
        self.unsaved.setVisible(False)
        box.addWidget(self.unsaved)
        box.addLayout(self._action_grid())
        layout.addWidget(self.actions_box)

    def _choice_grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(self.tr("Message")), 0, 0)
        self.template_box = QComboBox()
        for name in TEMPLATES:
            self.template_box.addItem(self.template_label(name), name)
        self.template_box.setToolTip(self.tr("Which message to send"))
        grid.addWidget(self.template_box, 0, 1)
        grid.addWidget(QLabel(self.tr("New ship date")), 0, 2)
        self.new_date = QDateEdit()
        self.new_date.setCalendarPopup(True)
        self.new_date.setDisplayFormat("yyyy-MM-dd")
        grid.addWidget(self.new_date, 0, 3)
        grid.addWidget(QLabel(self.tr("Compensation")), 1, 0)
        self.compensation = QComboBox()
        self.compensation.setEditable(True)
        self.compensation.setToolTip(self.tr("What the buyer gets for waiting (pay it through the platform)"))
        grid.addWidget(self.compensation, 1, 1)
        # beside the compensation, not under it: its room kept when hidden costs no height
        self.substitute_label = QLabel(self.tr("Substitute"))
        grid.addWidget(self.substitute_label, 1, 2)
        self.substitute = QComboBox()
        self.substitute.setEditable(True)
        self.substitute.setToolTip(self.tr("In-stock substitutes from the SKU master"))
        grid.addWidget(self.substitute, 1, 3)
        _keep_room(self.substitute, self.substitute_label)
        for w in (self.template_box, self.compensation, self.substitute):
            w.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)  # a long item never widens the pane
        self.new_date.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)
        grid.setColumnStretch(1, 3)  # the message and the compensation get the room, the date its own
        grid.setColumnStretch(3, 2)
        self.template_box.currentIndexChanged.connect(lambda: self._choose(template=self.template_box.currentData()))
        self.compensation.currentTextChanged.connect(lambda t: self._choose(compensation=t.strip() or None))
        self.substitute.currentTextChanged.connect(lambda t: self._choose(substitute=t.strip() or None))
        self.new_date.dateChanged.connect(lambda d: self._choose(new_date=self._to_dt(d)))
        return grid

    def _action_grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        self.btn_copy = QPushButton(self.tr("Copy message"))
        self.btn_copy.setObjectName("primary")
        self.btn_copy.clicked.connect(self.copy_message)
        self.btn_bulk = QPushButton(self.tr("Select all for this SKU"))
        self.btn_bulk.clicked.connect(lambda: self.select_sku())
        self.btn_save = QPushButton(self.tr("Save text"))
        self.btn_save.clicked.connect(self.save_text)
        _buttons_row(grid, 0, (self.btn_copy, self.btn_bulk, self.btn_save))
        self.btn_sent = QPushButton(self.tr("Mark sent"))
        self.btn_sent.setObjectName("primary")
        self.btn_replied = QPushButton(self.tr("Buyer replied"))
        self.btn_follow = QPushButton(self.tr("Followed up"))
        self.btn_sent.clicked.connect(self.mark_sent)
        self.btn_replied.clicked.connect(lambda: self._go("replied"))
        self.btn_follow.clicked.connect(self.follow_up)
        _buttons_row(grid, 1, (self.btn_sent, self.btn_replied, self.btn_follow))
        self.btn_proposal = QPushButton(self.tr("Date recorded in platform tool"))
        self.btn_proposal.clicked.connect(self.record_proposal)
        self.btn_proposal.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        grid.addWidget(self.btn_proposal, 2, 0, 1, 3)
        # the outcomes: "Resolve:" beside them, on the rows of their own buttons
        out = QGridLayout()
        out.setContentsMargins(0, 0, 0, 0)
        self.resolve_label = QLabel(self.tr("Resolve:"))
        out.addWidget(self.resolve_label, 0, 0)
        self.outcome_buttons: dict[str, QPushButton] = {}
        for i, o in enumerate(OUTCOMES):
            b = QPushButton(self.outcome_label(o))
            b.clicked.connect(lambda _=False, o=o: self.record_outcome(o))
            _buttons_row(out, i // 3, (b,), 1 + i % 3)
            self.outcome_buttons[o] = b
        _keep_room(*self.outcome_buttons.values())
        self.btn_reopen = QPushButton(self.tr("Reopen"))
        self.btn_reopen.clicked.connect(lambda: self._go("todo"))
        _buttons_row(out, 0, (self.btn_reopen,), 1)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Note, e.g. what the buyer said"))
        self.note.returnPressed.connect(self.add_note)
        self.btn_note = QPushButton(self.tr("Add note"))
        self.btn_note.clicked.connect(self.add_note)
        out.addWidget(self.note, 2, 0, 1, 3)
        _buttons_row(out, 2, (self.btn_note,), 3)
        for c in range(3):
            grid.setColumnStretch(c, 1)
            out.setColumnStretch(c + 1, 1)
        grid.addLayout(out, 3, 0, 1, 3)
        buttons = [*(grid.itemAt(i).widget() for i in range(grid.count())),
                   *(out.itemAt(i).widget() for i in range(out.count()))]
        buttons = [b for b in buttons if isinstance(b, QPushButton)]
        height = max(b.sizeHint().height() for b in buttons)  # a label in another script may be taller
        for b in buttons:
            b.setFixedHeight(height)
        return grid

    def _fill_compensation(self) -> None:
        options = self.svc.contact.compensation_options() if self.svc else []
        self._loading = True
        self.compensation.clear()
        self.compensation.addItems(options)
        self._loading = False

    def _to_dt(self, d: QDate) -> datetime:
        return datetime.combine(d.toPython(), time(23, 59), timeutil.zone(self.tz))

    def show_detail(self, row) -> None:
        super().show_detail(row)
        self._loading = True
        self._choice = {}
        try:
            self.editor.setPlainText(row.message if row is not None else "")
            self._set_unsaved("")
            if row is not None:
                self.template_box.setCurrentIndex(max(self.template_box.findData(row.template), 0))
                self.substitute.clear()
                self.substitute.addItems(row.substitutes)
                day = row.new_ship_date or (self.now + timedelta(days=1))
                self.new_date.setDate(QDate(timeutil.local(day, self.tz).date()))
                if self.compensation.count():
                    self.compensation.setCurrentIndex(0)
        finally:
            self._loading = False
        self._enable(row)
        self._say_selection()

    def _enable(self, r) -> None:
        has = r is not None
        open_ = has and r.status != "resolved"
        for w in (self.btn_copy, self.btn_save, self.editor, self.template_box, self.compensation, self.new_date,
                  self.note, self.btn_note):
            w.setEnabled(has)
        self.btn_bulk.setEnabled(has and bool(r.sku_ids))
        self.btn_bulk.setToolTip(self.tr("Selects every order of %1 still to contact: then one copy holds all their "
                                         "messages, numbered, and “Mark sent” marks them all")
                                 .replace("%1", " / ".join(r.sku_codes) if has and r.sku_codes else "SKU"))
        self.btn_sent.setEnabled(has and r.status in ("todo", "replied"))
        self.btn_replied.setEnabled(has and r.status in ("todo", "sent"))
        self.btn_follow.setEnabled(has and r.status == "sent")
        self.btn_proposal.setEnabled(open_ and (not r.max_proposals or r.proposals < r.max_proposals))
        for b in self.outcome_buttons.values():
            b.setEnabled(open_)
            b.setVisible(not has or r.status != "resolved")
        self.btn_reopen.setVisible(has and r.status == "resolved")
        self._show_substitute(has and (bool(r.substitutes) or r.template == "缺货换款"))

    def _show_substitute(self, show: bool) -> None:
        self.substitute.setVisible(show)
        self.substitute_label.setVisible(show)

    def _choose(self, **choice) -> None:
        """A template / compensation / substitute / date was picked: rewrite the message (unsaved).

        The text is made on a worker (#15); it lands only if the same task and choice are still current."""
        from ui.tasks import read

        r = self.current_row()
        if self._loading or r is None or self.svc is None:
            return
        self._choice.update(choice)
        task, asked, now, contact = r.task_id, dict(self._choice), self.clock(), self.svc.contact

        def current() -> bool:
            row = self.current_row()
            return row is not None and row.task_id == task and self._choice == asked

        def done(answer):
            if current():
                self._show_preview(r, *answer[:2])

        def failed(exc):
            if current() and not connection_lost(self, exc):
                self._set_unsaved(str(exc) if isinstance(exc, ValueError) else failure_words(exc))

        read(self, lambda: contact.preview(task, now, **asked), done, failed)

    def _show_preview(self, r, name: str, text: str) -> None:
        self._loading = True
        self.editor.setPlainText(text)
        self._loading = False
        self._show_substitute(bool(r.substitutes) or name == "缺货换款")
        self._set_unsaved(self.tr("Not saved yet: copy or save to keep this text"))

    def _edited(self) -> None:
        if not self._loading and self.current_row() is not None:
            self._set_unsaved(self.tr("Not saved yet: copy or save to keep this text")
                              if self._dirty() else "")

    def _set_unsaved(self, text: str) -> None:
        self.unsaved.setText(text)
        self.unsaved.setToolTip(text)
        self.unsaved.setVisible(bool(text))

    def _say_selection(self) -> None:
        n = len(self.selected_rows())
        said = self.tr("%1 tasks selected: Copy and Mark sent act on all of them")
        if n > 1:
            self._set_unsaved(said.replace("%1", str(n)))
        elif self.unsaved.text().endswith(said.split("%1")[-1]):
            self._set_unsaved("")

    def _dirty(self) -> bool:
        r = self.current_row()
        return r is not None and (bool(self._choice) or self.editor.toPlainText() != r.message)

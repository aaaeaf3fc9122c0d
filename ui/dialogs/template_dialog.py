"""Message templates editor: the six texts, per platform where the wording differs, with a live
preview on an example order; nothing invalid (unknown placeholder, stray brace) can be saved."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from app.labels import TEMPLATES as TEMPLATE_LABELS
from app.labels import template_label
from ui import style
from ui.tabs.base import platform_name

PLATFORMS = ("*", "douyin", "taobao", "pdd", "kuaishou", "tiktok")
TEMPLATES = tuple(TEMPLATE_LABELS)  # the names, in the order the seller sees them


class TemplateDialog(QDialog):
    def __init__(self, actions, parent=None):
        super().__init__(parent)
        self.actions = actions
        self.setWindowTitle(self.tr("Message templates"))
        self.resize(900, 600)
        self.stored = actions.template_texts()  # name -> {platform: text}, the seller's edits applied
        self.pending: dict[tuple[str, str], str | None] = {}  # None: back to the shipped wording
        self._loading = False

        self.names = QListWidget()
        edited = {n for n, _ in actions.customised()}
        for name in TEMPLATES:
            label = template_label(name)
            self.names.addItem(self.tr("%1 (edited)").replace("%1", label) if name in edited else label)
        self.names.setFixedWidth(200)
        self.platform = QComboBox()
        for p in PLATFORMS:
            self.platform.addItem(self.tr("All platforms") if p == "*" else platform_name(p), p)
        self.scope = QLabel()
        self.scope.setStyleSheet("color: #475467")
        self.editor = QPlainTextEdit()
        self.editor.setMinimumHeight(150)
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {style.RED}")
        self.error.setWordWrap(True)
        self.preview = QTextBrowser()
        self.preview.setObjectName("detail")
        self.reset = QPushButton(self.tr("Back to the shipped wording"))
        self.reset.clicked.connect(self._reset)

        holders = QGridLayout()
        labels = self.placeholder_labels()
        for i, key in enumerate(actions.placeholders()):
            b = QPushButton(f"{labels.get(key, key)} {{{key}}}")
            b.setToolTip(self.tr("Insert {%1} at the cursor").replace("%1", key))
            b.clicked.connect(lambda _=False, k=key: self.editor.insertPlainText("{" + k + "}"))
            holders.addWidget(b, i // 5, i % 5)

        self.compensation = QComboBox()
        self.compensation.setEditable(True)
        self.compensation.addItems(actions.compensation_options())
        self.compensation.setToolTip(self.tr("Filled into {compensation} unless you pick another for an order"))

        right = QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Wording for")))
        top.addWidget(self.platform)
        top.addWidget(self.scope, 1)
        top.addWidget(self.reset)
        right.addLayout(top)
        right.addWidget(self.editor, 2)
        right.addLayout(holders)
        right.addWidget(self.error)
        right.addWidget(QLabel(self.tr("Preview with an example order")))
        right.addWidget(self.preview, 1)
        comp = QHBoxLayout()
        comp.addWidget(QLabel(self.tr("Default compensation")))
        comp.addWidget(self.compensation, 1)
        right.addLayout(comp)

        body = QHBoxLayout()
        body.addWidget(self.names)
        body.addLayout(right, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(body, 1)
        lay.addWidget(buttons)

        self.names.currentRowChanged.connect(self._load)
        self.platform.currentIndexChanged.connect(self._load)
        self.editor.textChanged.connect(self._edited)
        self.names.setCurrentRow(0)

    def placeholder_labels(self) -> dict[str, str]:
        return {"buyer": self.tr("Buyer"), "product": self.tr("Product"), "spec": self.tr("Spec"),
                "order_id": self.tr("Order ID"), "reason": self.tr("Reason"), "new_date": self.tr("New date"),
                "compensation": self.tr("Compensation"), "substitute": self.tr("Substitute"),
                "greeting": self.tr("Greeting"), "closing": self.tr("Closing line")}

    # -- state ---------------------------------------------------------------
    def key(self) -> tuple[str, str]:
        return TEMPLATES[max(self.names.currentRow(), 0)], self.platform.currentData()

    def text_of(self, name: str, platform: str) -> str:
        """What the seller would get for this platform, pending edits included."""
        if (name, platform) in self.pending:
            text = self.pending[(name, platform)]
            if text is not None:
                return text
            own = self.actions.default_text(name, platform)
            return own if own is not None else self.text_of(name, "*")
        own = self.stored[name].get(platform)
        return own if own is not None else self.text_of(name, "*")

    def has_own(self, name: str, platform: str) -> bool:
        if (name, platform) in self.pending:
            return self.pending[(name, platform)] is not None or self.actions.default_text(name, platform) is not None
        return platform in self.stored[name]

    def _load(self) -> None:
        name, platform = self.key()
        self._loading = True
        self.editor.setPlainText(self.text_of(name, platform))
        self._loading = False
        self._show_state()

    def _edited(self) -> None:
        if self._loading:
            return
        name, platform = self.key()
        self.pending[(name, platform)] = self.editor.toPlainText()
        self._show_state()

    def _reset(self) -> None:
        name, platform = self.key()
        self.pending[(name, platform)] = None
        self._load()

    def problems_text(self, text: str) -> str:
        out = []
        for p in self.actions.check_template(text):
            if p == "empty":
                out.append(self.tr("The text is empty."))
            elif p.startswith("unknown placeholder"):
                out.append(self.tr("Unknown placeholder: %1").replace("%1", p.split(" ", 2)[2]))
            else:
                out.append(self.tr("A { or } without a placeholder name in it."))
        return " ".join(out)

    def _show_state(self) -> None:
        name, platform = self.key()
        if platform == "*":
            self.scope.setText(self.tr("Used for every platform without its own wording"))
        elif self.has_own(name, platform):
            self.scope.setText(self.tr("Own wording for %1").replace("%1", platform_name(platform)))
        else:
            self.scope.setText(self.tr("Uses the all-platforms wording; edit to give %1 its own")
                               .replace("%1", platform_name(platform)))
        text = self.editor.toPlainText()
        problems = self.problems_text(text)
        self.error.setText(problems)
        if problems:
            self.preview.setHtml(f"<p style='color:#667085'>{escape(self.tr('Fix the text to see the preview.'))}</p>")
        else:
            self.preview.setPlainText(self.actions.sample(text, platform))

    # -- saving ----------------------------------------------------------------
    def _accept(self) -> None:
        for (name, platform), text in self.pending.items():
            if text is not None and self.problems_text(text):
                self.names.setCurrentRow(TEMPLATES.index(name))
                self.platform.setCurrentIndex(self.platform.findData(platform))
                return
        self.accept()

    def changes(self) -> dict[tuple[str, str], str | None]:
        """Edits that differ from what is stored (None: back to the shipped wording)."""
        out = {}
        for (name, platform), text in self.pending.items():
            stored = self.stored[name].get(platform)
            if text is None and self.actions.default_text(name, platform) != stored:
                out[(name, platform)] = None
            elif text is not None and text != (stored if stored is not None else self.text_of(name, "*")):
                out[(name, platform)] = text
        return out

    def save(self) -> None:
        self.writer()()

    def writer(self):
        """The write of what the dialog holds, read from its widgets now: to run on a worker thread."""
        changes, comp, actions = self.changes(), self.compensation.currentText().strip(), self.actions

        def write() -> None:
            for (name, platform), text in changes.items():
                actions.save_template(name, platform, text)
            if comp and comp != actions.compensation_options()[0]:
                actions.set_compensation(comp)

        return write

"""Settings → 自动导入: the folders watched for new exports, and when a platform's data is stale."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.labels import setting_label
from app.services import setting


class WatchSettingsPage(QWidget):
    def __init__(self, settings: dict, svc=None, parent=None):
        super().__init__(parent)
        self._explicit = settings.get("watch.folders") is not None
        folders = [str(f) for f in svc.watch_folders()] if svc is not None else list(
            settings.get("watch.folders") or [])
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("New order exports and stock sheets saved into these folders are imported "
                               "automatically while ShopSentry runs. Files stay where they are; files that are "
                               "not exports are left alone."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.addItems(folders)
        self.list.setMaximumHeight(180)
        self.list.currentRowChanged.connect(lambda _r: self._update())
        row.addWidget(self.list, 1)
        side = QVBoxLayout()
        self.add = QPushButton(self.tr("Add folder…"))
        self.add.clicked.connect(self._add)
        self.remove = QPushButton(self.tr("Remove"))
        self.remove.clicked.connect(self._remove)
        side.addWidget(self.add)
        side.addWidget(self.remove)
        side.addStretch(1)
        row.addLayout(side)
        lay.addLayout(row)
        self.empty_note = QLabel(self.tr("No folder is watched: import exports by hand (Ctrl+O)."))
        self.empty_note.setStyleSheet("color: #667085")
        lay.addWidget(self.empty_note)
        self.default_note = QLabel(self.tr("By default ShopSentry watches this computer's download folder, where the "
                                           "browser saves the exports you download."))
        self.default_note.setWordWrap(True)
        self.default_note.setStyleSheet("color: #667085")
        lay.addWidget(self.default_note)
        form = QFormLayout()
        self.stale = QSpinBox()
        self.stale.setRange(1, 72)
        self.stale.setMaximumWidth(90)
        self.stale.setValue(int(float(setting(settings, "stale_hours"))))
        self.stale.setToolTip(self.tr("Orders paid after the last export are not in the lists; past this age the "
                                      "risk tab and a reminder ask you to export again"))
        form.addRow(setting_label("stale_hours"), self.stale)
        lay.addLayout(form)
        lay.addStretch(1)
        self._update()

    def _update(self) -> None:
        self.empty_note.setVisible(self.list.count() == 0)
        self.default_note.setVisible(not self._explicit and self.list.count() > 0)
        self.remove.setEnabled(self.list.currentRow() >= 0 or self.list.count() == 1)

    def _add(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Folder to watch for new exports"))
        if path and path not in self.folders():
            self.list.addItem(path)
            self._explicit = True
        self._update()

    def _remove(self) -> None:
        row = self.list.currentRow() if self.list.currentRow() >= 0 else 0
        self.list.takeItem(row)
        self._explicit = True
        self._update()

    def folders(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def values(self) -> dict:
        out = {"stale_hours": self.stale.value()}
        if self._explicit:  # untouched, the default (this computer's download folder) stays the default
            out["watch.folders"] = self.folders()
        return out

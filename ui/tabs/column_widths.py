"""Column widths fitted once, then the seller's own, remembered in the window's ui.ini."""

from __future__ import annotations

from PySide6.QtCore import QSettings


class RememberedWidths:
    """For a TableTab (``table``, ``model``, ``_fitted``, ``fit_to_view``): ``_apply_widths`` once the
    first rows are in, ``_save_widths`` on every resize. No words shown: no translation context."""

    WIDTHS_KEY = ""  # the ui.ini key, named by the tab

    def _apply_widths(self) -> None:
        store = self._ui_settings()
        saved = store.value(self.WIDTHS_KEY) if store is not None else None
        self._restoring = True  # setting widths here must not overwrite the remembered ones
        # widths planned to fit 1280 px with the detail pane; the product name takes the rest
        for c, col in enumerate(self.model.columns):
            if col.width:
                self.table.setColumnWidth(c, col.width)
        if isinstance(saved, list) and len(saved) == self.model.columnCount():
            for c, w in enumerate(saved):
                if str(w).isdigit() and 30 <= int(w) <= 1000:
                    self.table.setColumnWidth(c, int(w))
        else:  # the plan is for Chinese; longer English words and buttons leave the table less room
            self.fit_to_view()
        self._restoring = False

    _restoring = False

    def _save_widths(self, *_a) -> None:
        store = self._ui_settings()
        if store is not None and self._fitted and not self._restoring:
            store.setValue(self.WIDTHS_KEY, [str(self.table.columnWidth(c)) for c in range(self.model.columnCount())])

    def _ui_settings(self) -> QSettings | None:
        """The window's ui.ini in the data dir (None outside a main window)."""
        return getattr(self.window(), "ui_settings", None)

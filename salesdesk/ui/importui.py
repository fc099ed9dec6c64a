"""File > Import…: the import wizard, started from the menu, the welcome page or a drop."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from salesdesk.ui.mainwindow import MainWindow


class ImportUi(QObject):
    """Import for the main window; the wizard writes through the window's runner."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.import_wizard: Any = None
        self.import_action = QAction(self.tr("&Import…"), window)
        self.import_action.triggered.connect(lambda _checked=False: self.start_import())
        window.ops.busy_changed.connect(lambda _busy: self.update_actions())
        self.update_actions()

    def menu_entries(self) -> dict[str, list[Any]]:
        return {"file.import": [self.import_action]}

    def update_actions(self) -> None:
        self.import_action.setEnabled(not self.window.read_only and not self.window.ops.busy)

    def start_import(self, path: str | Path | None = None) -> Any:
        from salesdesk.ui.import_wizard import ImportWizard

        if self.window.ops.busy or self.window.read_only:
            return None
        if self.import_wizard is not None:
            self.import_wizard.close()
        wizard = ImportWizard(self.window.ops, path, self.window)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.destroyed.connect(lambda *_: setattr(self, "import_wizard", None))
        self.import_wizard = wizard
        wizard.open()
        if path is not None:
            QTimer.singleShot(0, wizard.load)
        return wizard

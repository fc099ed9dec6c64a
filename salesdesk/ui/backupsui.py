"""File > Backups: the daily backup, restoring one (on the runner), the backup folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from salesdesk.models.paths import backup_dir
from salesdesk.ui import messages
from salesdesk.ui.syncui import bring_up

if TYPE_CHECKING:
    from salesdesk.ui.mainwindow import MainWindow


class BackupsUi(QObject):
    """Backups for the main window; the window puts the actions in File > Backups."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.backups_dialog: Any = None
        self.restore_action = QAction(self.tr("&Restore from backup…"), window)
        self.restore_action.triggered.connect(self.show_backups)
        self.backup_folder_action = QAction(self.tr("&Open backup folder"), window)
        self.backup_folder_action.triggered.connect(self.open_backup_folder)
        window.ops.busy_changed.connect(lambda _busy: self.update_actions())
        self.update_actions()

    @property
    def session(self) -> Any:
        return self.window.session

    def menu_entries(self) -> dict[str, list[Any]]:
        return {"file.backups": [self.restore_action, self.backup_folder_action]}

    def update_actions(self) -> None:
        self.restore_action.setEnabled(not self.window.read_only and not self.window.ops.busy)

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

    def daily_backup(self) -> None:
        """Once the window shows: the day's backup, on a worker."""
        session = self.session
        self.window.ops.job(lambda _task: session.daily_backup(), lambda _made: None, self._status)

    def show_backups(self) -> Any:
        from salesdesk.ui.backups import BackupsDialog

        if self.backups_dialog is None:
            self.backups_dialog = BackupsDialog(self.window, self.session.backups(), backup_dir())
            self.backups_dialog.restore_requested.connect(self.restore_backup)
        else:
            self.backups_dialog.set_backups(self.session.backups())
        bring_up(self.backups_dialog)
        return self.backups_dialog

    def open_backup_folder(self) -> None:
        from salesdesk.ui.backups import BackupsDialog

        BackupsDialog.open_folder(backup_dir())

    def restore_backup(self, path: str) -> bool:
        """Put a backup in place; the window shows the reopened file after."""
        from salesdesk.ui.backups import reason_words

        ops = self.window.ops
        if ops.busy or ops.running or self.window.read_only:
            self._status(self.tr("Wait a moment: SalesDesk is still working."))
            return False
        backup = next((b for b in self.session.backups() if str(b.path) == path), None)
        when = backup.taken.strftime("%Y-%m-%d %H:%M") if backup else Path(path).name
        why = reason_words(backup.reason) if backup else ""
        if not self.window.panel.maybe_leave() or not messages.confirm(
            self.window,
            self.tr(
                "Put back the cards as they were at {0} ({1})? Your cards as they are now are"
                " backed up first, so this can be undone by restoring that backup."
            ).format(when, why),
            self.tr("Restore"),
        ):
            return False
        # Inline, on the GUI thread: the restore closes the store and reopens it, and the
        # GUI thread's connection must be the one closed (a file copy: well under a second).
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            new_session = ops.restore(path)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.window.use_session(new_session)
        if self.backups_dialog is not None:
            self.backups_dialog.set_backups(self.session.backups())
        self._status(self.tr("Restored the backup of {0}.").format(when))
        return True

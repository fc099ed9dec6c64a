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
        self.restore_progress: Any = None  # while a restore runs: its bar and Cancel
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
        """Start putting a backup in place (True if it started); the window shows the
        reopened file when it is done, or the cards as they were after Cancel."""
        from salesdesk.ui.backups import reason_words

        ops = self.window.ops
        if ops.busy or self.window.read_only:
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
        # On the runner: the copies are made on a worker with progress and Cancel; the
        # runner then closes the file, puts the backup in place and opens it again.
        from salesdesk.ui.ops import progress_dialog

        dialog = progress_dialog(
            self.window,
            self.tr("Restore from backup"),
            self.tr("Putting back the cards as they were at {0}…").format(when),
        )
        self.restore_progress = dialog

        def done(new_session: Any) -> None:
            self._end_progress()
            self.window.use_session(new_session)
            if self.backups_dialog is not None:
                self.backups_dialog.set_backups(self.session.backups())
            self._status(self.tr("Restored the backup of {0}.").format(when))

        def failed(message: str) -> None:
            self._end_progress()
            if task is not None and task.cancelled:  # Cancel: nothing changed, no alarm
                self._status(message)
                return
            messages.show_error(
                self.window, self.tr("The backup was not restored.\n{0}").format(message)
            )

        task = ops.restore(path, done, failed, progress=dialog.report)
        if task is None:
            self._end_progress()
            return False
        dialog.attach(task)
        dialog.show()
        return True

    def _end_progress(self) -> None:
        if self.restore_progress is not None:
            self.restore_progress.finish()
            self.restore_progress = None

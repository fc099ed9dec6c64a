"""The window's one runner: every write and every slow read goes through Ops.

- run(call): a small edit, inline on the GUI thread (a Session write method).
- start(operation, ...): bulk work (import, merge, sync, restore, demo data) on the
  thread pool with progress and Cancel; edits are blocked (busy) meanwhile.
- read(key, work, on_done): a slow read (charts, the dashboard, the agenda) on the
  pool; a newer read with the same key cancels and replaces the older one.
- job(work, on_done): other slow work that writes no card (a workbook, a sync file).

Whatever wrote, Ops applies the change to the session's cache on the GUI thread
and emits `changed` once: views refresh what it concerns (Changed.concerns).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from salesdesk.domain.errors import UserError
from salesdesk.services.changes import Changed, Result
from salesdesk.services.operations import Task
from salesdesk.services.session import Session
from salesdesk.ui import messages
from salesdesk.ui.background import start_job


class Ops(QObject):
    """The window's way to call the services.

    Signals:
        changed(Changed): after every write, undo and redo; views refresh what it concerns.
        undo_state_changed(): the undo or redo step on offer changed.
        busy_changed(bool): bulk work that blocks edits started (True) or ended (False).
        running_changed(int): how many jobs of any kind run now.
    """

    changed = Signal(object)
    undo_state_changed = Signal()
    busy_changed = Signal(bool)
    running_changed = Signal(int)

    def __init__(self, session: Session, window: QWidget) -> None:
        super().__init__(window)
        self.session = session
        self._window = window
        self.busy = False  # a blocking operation runs: no edits, no second bulk job
        self.running = 0
        self.busy_label = ""
        self._reads: dict[object, Task] = {}

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    @property
    def store(self) -> Any:
        """The open store, for reads on a worker (an export): writes go through run/start."""
        return self.session.store

    # -- small edits, inline -----------------------------------------------------------
    def run(self, call: Callable[[], Result | None]) -> Result | None:
        """Do one write; a UserError is shown to the user and nothing is announced."""
        try:
            result = call()
        except UserError as error:
            messages.show_error(self._window, str(error))
            return None
        if result is not None:
            self.announce(result.changed)
        self.undo_state_changed.emit()
        return result

    def announce(self, changed: Changed) -> None:
        """Apply a change to what the session caches and tell every view, once."""
        if changed:
            self.session.apply(changed)
            self.changed.emit(changed)

    def undo(self) -> Result | None:
        return self.run(self.session.undo)

    def redo(self) -> Result | None:
        return self.run(self.session.redo)

    @property
    def undo_label(self) -> str | None:
        return self.session.undo_stack.undo_label

    @property
    def redo_label(self) -> str | None:
        return self.session.undo_stack.redo_label

    def restore(self, path: Any) -> Session:
        """Put a backup in place (inline: the store is closed and opened on this thread);
        returns the reopened session, which the window then shows (use_session)."""
        from pathlib import Path

        from salesdesk.services.session import RestoreFailed

        try:
            return self.session.restore_backup(Path(path))
        except RestoreFailed as error:
            messages.show_error(
                self._window,
                self.tr("The backup was not restored.\n{0}").format(str(error)),
            )
            return error.session

    def reopen(
        self,
        work: Callable[[Task], Any],
        passphrase: str | None,
        on_done: Callable[[Any], None],
        on_failed: Callable[[str], None],
        *,
        label: str = "",
        progress: Callable[[int, int, str], None] | None = None,
        fallback: str | None = None,
    ) -> Task | None:
        """Work on the closed database file (issue 22: encrypt, change the passphrase,
        decrypt): the store is closed here, work(task) runs on a worker with progress, and
        the file is opened again with `passphrase` (on failure with `fallback`, as it was);
        the window shows the reopened session. None when busy."""
        from salesdesk.services.session import Session

        if self.busy:
            return None
        path = self.session.path
        self._set_busy(True, label)
        self.session.close()

        def reopen_with(key: str | None) -> Session:
            session = Session.open(path, passphrase=key)
            use = getattr(self._window, "use_session", None)
            if use is not None:
                use(session)
            else:
                self.session = session
            return session

        def done(value: Any) -> None:
            self._count(-1)
            try:
                reopen_with(passphrase)
            except UserError as error:
                self._set_busy(False)
                on_failed(str(error))
                return
            self._set_busy(False)
            on_done(value)

        def failed(message: str) -> None:
            self._count(-1)
            try:
                reopen_with(fallback)
            finally:
                self._set_busy(False)
            on_failed(message)

        self._count(+1)
        return start_job(self, work, done, failed, on_progress=progress)

    # -- bulk work on the pool -----------------------------------------------------------
    def start(
        self,
        operation: Callable[[Task], Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[str], None] | None = None,
        *,
        label: str = "",
        progress: Callable[[int, int, str], None] | None = None,
        blocking: bool = True,
    ) -> Task | None:
        """Run an operation on a worker (session.run, cache deferred); None when busy.

        When it returns a Result, its change is applied and announced here before
        on_done(result) runs; a Cancelled or failed operation calls on_failed(message).
        """
        if blocking and self.busy:
            return None
        session = self.session
        if blocking:
            self._set_busy(True, label)

        def done(value: Any) -> None:
            self._count(-1)
            if blocking:
                self._set_busy(False)
            if isinstance(value, Result):
                self.announce(value.changed)
                if value.changed.everything or value.undoable:
                    self.undo_state_changed.emit()
            on_done(value)

        def failed(message: str) -> None:
            self._count(-1)
            if blocking:
                self._set_busy(False)
            if on_failed is None:
                messages.show_error(self._window, message)
            else:
                on_failed(message)

        self._count(+1)
        return start_job(
            self,
            lambda task: session.run(operation, task, defer=True),
            done,
            failed,
            on_progress=progress,
        )

    def read(
        self,
        key: object,
        work: Callable[[Task], Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[str], None] | None = None,
    ) -> Task:
        """A slow read on a worker; a newer read with the same key replaces this one."""
        old = self._reads.get(key)
        if old is not None:
            old.cancel()
        task = Task()
        self._reads[key] = task

        def finish(handler: Callable[[Any], None] | None, value: Any) -> None:
            self._count(-1)
            if self._reads.get(key) is not task:
                return  # overtaken by a newer request
            del self._reads[key]
            if handler is not None:
                handler(value)

        self._count(+1)
        start_job(
            self,
            work,
            lambda value: finish(on_done, value),
            lambda message: finish(on_failed, message),
            task=task,
        )
        return task

    def reading(self, key: object) -> bool:
        return key in self._reads

    def job(
        self,
        work: Callable[[Task], Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[str], None] | None = None,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> Task:
        """Slow work that changes no card (write a workbook or a sync file, a backup)."""

        def done(value: Any) -> None:
            self._count(-1)
            on_done(value)

        def failed(message: str) -> None:
            self._count(-1)
            if on_failed is None:
                messages.show_error(self._window, message)
            else:
                on_failed(message)

        self._count(+1)
        return start_job(self, work, done, failed, on_progress=progress)

    # -- state ---------------------------------------------------------------------------
    def _count(self, step: int) -> None:
        self.running += step
        self.running_changed.emit(self.running)

    def _set_busy(self, busy: bool, label: str = "") -> None:
        if busy == self.busy:
            return
        self.busy = busy
        self.busy_label = label if busy else ""
        self.busy_changed.emit(busy)


PROGRESS_STEPS = 1000  # a bar's range: row counts past 2**31 would not fit a QProgressDialog


def progress_dialog(parent: QWidget, title: str, text: str) -> Any:
    """A window-modal progress dialog for one operation: attach(task) wires its Cancel.

    Returns the dialog; pass `dialog.report` as the runner's progress callback.
    """
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QProgressDialog

    cancel = QCoreApplication.translate("Ops", "Cancel")
    dialog = QProgressDialog(text, cancel, 0, PROGRESS_STEPS, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(0)

    def report(done: int, total: int, _text: str = "") -> None:
        if total:
            dialog.setValue(done * PROGRESS_STEPS // total)

    def attach(task: Task | None) -> None:
        if task is not None:
            dialog.canceled.connect(task.cancel)

    def finish() -> None:
        dialog.canceled.disconnect()  # closing the dialog would say canceled
        dialog.close()
        dialog.deleteLater()

    dialog.report = report  # type: ignore[attr-defined]
    dialog.attach = attach  # type: ignore[attr-defined]
    dialog.finish = finish  # type: ignore[attr-defined]
    return dialog

"""The window's one runner: every write and every slow read goes through Ops.

- run(call): a small edit, inline on the GUI thread (a Session write method).
- start(operation, ...): bulk work (import, merge, sync, restore, demo data) on the
  thread pool with progress and Cancel; edits are blocked (busy) meanwhile.
- read(key, work, on_done): a slow read (charts, the dashboard, the agenda, the
  import file and its check) on the pool; a newer read with the same key cancels and
  replaces the older one. While run() commits, reads stop their statement and are read
  again after (services/giveway.py): the file's rollback journal would make it wait.
- restore(path, on_done): a backup put in place, the copies on the pool with Cancel.
- job(work, on_done): other slow work that writes no card (a workbook, a sync file).

Whatever wrote, Ops applies the change to the session's cache on the GUI thread
and emits `changed` once: views refresh what it concerns (Changed.concerns). After
bulk work every card's row is read on the pool first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from salesdesk.domain.errors import UserError
from salesdesk.services.changes import Changed, Result
from salesdesk.services.giveway import GiveWay
from salesdesk.services.operations import Task, freeze_alive
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

    def __init__(self, session: Session, window: QObject) -> None:
        super().__init__(window)
        self.session = session
        self._window = window
        self.busy = False  # a blocking operation runs: no edits, no second bulk job
        self.running = 0
        self.busy_label = ""
        self._reads: dict[object, Task] = {}
        self._give_way = GiveWay()  # slow reads stop while a small edit commits
        self._store: Any = None  # alone: the store its reads read

    @classmethod
    def alone(cls, parent: QObject, store: Any = None) -> Ops:
        """A runner for a view shown without a window (a chart on its own, tests): slow
        reads only, of `store`, through the same plumbing; it has no session to write to."""
        ops = cls(None, parent)  # type: ignore[arg-type]
        ops._store = store
        return ops

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    @property
    def store(self) -> Any:
        """The open store, for reads on a worker (an export): writes go through run/start."""
        return self.session.store if self.session is not None else self._store

    # -- small edits, inline -----------------------------------------------------------
    def run(self, call: Callable[[], Result | None]) -> Result | None:
        """Do one write; a UserError is shown to the user and nothing is announced."""
        try:
            with self._give_way.writing():  # a commit waits for no reader (see giveway)
                result = call()
        except UserError as error:
            messages.show_error(self._window, str(error))
            return None
        if result is not None:
            self.announce(result.changed)
        self.undo_state_changed.emit()
        return result

    def announce(self, changed: Changed, rows: Any = None) -> None:
        """Apply a change to what the session caches and tell every view, once
        (rows: every card's row, read on a worker after bulk work)."""
        if changed:
            replaced = self.session.apply(changed, rows)
            self.changed.emit(changed)
            if replaced:  # the card list's old rows: let go on a worker (cardlist.take)
                from salesdesk.services.cardlist import let_go_replaced

                self.job(lambda _task: let_go_replaced(replaced), lambda _value: None)

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

    def restore(
        self,
        path: Any,
        on_done: Callable[[Session], None],
        on_failed: Callable[[str], None] | None = None,
        *,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> Task | None:
        """Put a backup in place, as a blocking operation; None when busy.

        The slow part (check the backup, save the cards as they are, copy the backup
        beside the live file) runs on a worker with progress, and Cancel removes all of
        it. Then, here, the store is closed, the copy renamed over it and the file opened
        again (the GUI thread's connection is the one to close): on_done(the reopened
        session), which the window shows (use_session announces that everything changed).
        """
        from pathlib import Path

        from salesdesk.services.session import RestoreFailed

        session = self.session
        backup = Path(path)

        def done(staged: Any) -> None:
            self._set_busy(True, "Restore")  # until the file is open again
            self._when_idle(lambda: swap(staged))

        def swap(staged: Any) -> None:
            self._set_busy(False)
            try:
                reopened = session.restore_backup(backup, staged)
            except RestoreFailed as error:
                messages.show_error(
                    self._window,
                    self.tr("The backup was not restored.\n{0}").format(str(error)),
                )
                reopened = error.session
            on_done(reopened)

        def failed(message: str) -> None:
            if on_failed is not None:
                on_failed(message)
            else:
                messages.show_error(
                    self._window, self.tr("The backup was not restored.\n{0}").format(message)
                )

        return self.start(
            lambda task: session.stage_restore(backup, task),
            done,
            failed,
            label="Restore",
            progress=progress,
        )

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
            if not isinstance(value, Result):
                finish(value)
            elif value.changed.everything and value.changed:
                # Bulk work changed every card: their rows are read on the worker, where
                # the 1-2 s of it at 100,000 cards does not stop the window.
                self._count(+1)
                start_job(
                    self,
                    lambda _task: session.card_rows(),
                    lambda rows: (self._count(-1), finish(value, rows)),
                    lambda _message: (self._count(-1), finish(value)),
                )
            else:
                finish(value)

        def finish(value: Any, rows: Any = None) -> None:
            if blocking:
                self._set_busy(False)
            if isinstance(value, Result):
                self.announce(value.changed, rows)
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
        *,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> Task:
        """A slow read on a worker; a newer read with the same key replaces this one."""
        old = self._reads.get(key)
        if old is not None:
            old.cancel()
        task = Task()
        self._reads[key] = task

        give_way = self._give_way
        store = self.store  # the file this read reads (None: a view alone with no file)

        def reading(task: Task) -> Any:
            stopped = give_way.watch(store)
            try:
                return work(task)
            except Exception:
                if stopped():
                    return _GAVE_WAY  # a save went first: read again after it
                raise
            finally:
                give_way.unwatch()

        def finish(handler: Callable[[Any], None] | None, value: Any) -> None:
            self._count(-1)
            if self._reads.get(key) is not task:
                return  # overtaken by a newer request
            del self._reads[key]
            if value is _GAVE_WAY:
                self.read(key, work, on_done, on_failed, progress=progress)
                return
            if handler is not None:
                handler(value)

        self._count(+1)
        start_job(
            self,
            reading,
            lambda value: finish(on_done, value),
            lambda message: finish(on_failed, message),
            on_progress=progress,
            task=task,
        )
        return task

    def reading(self, key: object) -> bool:
        return key in self._reads

    def drop_read(self, key: object) -> bool:
        """Cancel the read under key (Cancel pressed): its result, if it comes, is dropped."""
        task = self._reads.pop(key, None)
        if task is None:
            return False
        task.cancel()
        return True

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
    def _when_idle(self, call: Callable[[], None]) -> None:
        """Call once no job runs: a read still open on a worker must not see its file
        replaced underneath (Windows refuses the rename while a connection is open)."""
        if self.running == 0:
            call()
            return

        def check(running: int) -> None:
            if running == 0:
                self.running_changed.disconnect(check)
                call()

        self.running_changed.connect(check)

    def _count(self, step: int) -> None:
        was = self.running
        self.running += step
        if (was == 0) != (self.running == 0):
            _share_the_interpreter(busy=self.running > 0)
            _hold_full_collections(busy=self.running > 0)
        self.running_changed.emit(self.running)

    def _set_busy(self, busy: bool, label: str = "") -> None:
        if busy == self.busy:
            return
        self.busy = busy
        self.busy_label = label if busy else ""
        self.busy_changed.emit(busy)


_GAVE_WAY = object()  # a slow read stopped for a save: it is read again

# While workers compute in Python they hold the interpreter lock for up to the switch
# interval (5 ms) at a time, and the GUI thread waits that long each time it takes the
# lock back (after every SQLite call, every paint): a save of 15 SQL statements waited
# 20× its own time. A short interval while jobs run hands the lock back quickly.
# (Workers are not niced below the window: on a loaded machine a niced worker was taken off
# its core while it held the lock, and the whole process stood still: the longest stall
# of a 200,000-row import 985 ms against 259 ms not niced, bench_under_work, load 8-10.)
_WORKING_SWITCH_INTERVAL = 0.0005
_SWITCH: dict[str, float] = {}  # "idle": the interval when no job runs


def _share_the_interpreter(busy: bool) -> None:
    import os
    import sys

    if busy:
        _SWITCH.setdefault("idle", sys.getswitchinterval())
        interval = float(os.environ.get("SALESDESK_SWITCH_INTERVAL", _WORKING_SWITCH_INTERVAL))
        sys.setswitchinterval(interval)
    elif "idle" in _SWITCH:
        sys.setswitchinterval(_SWITCH["idle"])


# Python's full garbage collection (generation 2) walks every object alive and holds the
# interpreter lock throughout: while an import of 200,000 rows held its ~2,400,000
# objects, one ran 2.4-3.2 s on the worker and the window stood still that long. While
# jobs run only the young generations are collected (their cost is bounded); the full
# collection comes when no job runs, over a heap without the job's rows.
_HELD_THRESHOLD = 1 << 30
_THRESHOLDS: dict[str, tuple[int, int, int]] = {}  # "idle": the collector's when no job runs


def _hold_full_collections(busy: bool) -> None:
    import gc

    if busy:
        young, middle, _full = _THRESHOLDS.setdefault("idle", gc.get_threshold())
        gc.set_threshold(young, middle, _HELD_THRESHOLD)
    elif "idle" in _THRESHOLDS:
        # What is alive now (a file of 200,000 rows just read, a wizard's plan) is left out
        # of later full collections: the first one after the read walked it all on the GUI
        # thread. Those objects are still freed when let go; a cycle among them is not.
        freeze_alive()
        gc.set_threshold(*_THRESHOLDS["idle"])


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

"""Operations: every write and every long job as one plain function of a Task.

An operation is `work(task) -> Result` (or, for a slow read, any value). The Task
carries progress one way and cancel the other; both are safe across threads, so
the window runs an operation on a worker and shows its progress and a Cancel
button without the operation knowing about Qt. The CLI runs the same function
with `Task()` and no one watching.

    result = session.run(lambda task: ..., label="Import")

Progress conventions of older functions all map onto the Task:
`task.report` fits `progress(done, total) -> bool` (False = stop, as
`apply_import` and `export_workbook` read it), `task.is_cancelled` fits a
`cancelled()` callable.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from salesdesk.domain.errors import UserError
from salesdesk.services.changes import Changed, Result

T = TypeVar("T")


class Cancelled(UserError):
    """The user pressed Cancel: nothing was written (a write rolls back)."""

    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message)


class Task:
    """Progress and cancel for one running operation; thread-safe.

    The worker calls report()/step() and check(); any thread calls cancel() and
    reads progress. `on_progress(done, total, text)` (set by whoever watches) is
    called on the worker's thread: a Qt runner turns it into a queued signal.
    """

    def __init__(self, on_progress: Callable[[int, int, str], None] | None = None) -> None:
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self._done = 0
        self._total = 0
        self._text = ""
        self.on_progress = on_progress

    # -- cancel (any thread) ---------------------------------------------------------
    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_cancelled(self) -> bool:
        """The same as `cancelled`, as a callable for functions that take one."""
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise Cancelled once cancel() was called: call it between steps."""
        if self._cancel.is_set():
            raise Cancelled()

    # -- progress (the worker) -------------------------------------------------------
    def report(self, done: int, total: int, text: str = "") -> bool:
        """Record progress; returns False once cancelled (the callers' old convention)."""
        with self._lock:
            self._done, self._total = done, total
            if text:
                self._text = text
        callback = self.on_progress
        if callback is not None:
            callback(done, total, text)
        return not self._cancel.is_set()

    def say(self, text: str) -> None:
        """A phase without steps ("Reading the file…")."""
        with self._lock:
            self._text = text
        callback = self.on_progress
        if callback is not None:
            callback(self._done, 0, text)

    @property
    def progress(self) -> tuple[int, int, str]:
        with self._lock:
            return self._done, self._total, self._text


# An operation: a plain function of its Task.
Operation = Callable[[Task], T]


def as_result(value: Any, label: str = "", *, undoable: bool = False) -> Result:
    """A Result for what a plain function returned (a Result passes through)."""
    if isinstance(value, Result):
        return value
    return Result(Changed(), None, label, value, undoable)


def run(operation: Operation[T], task: Task | None = None) -> T:
    """Run an operation here and now (the CLI, tests): a fresh Task unless one is given."""
    return operation(task or Task())


def let_go(*held: Any) -> None:
    """Empty big containers (dicts, lists, sets; an object: its containers) a slice at a
    time: the objects only they held are freed between two slices, not in one cascade.

    A dict of 200,000 rows let go at once (a function's locals as it returns, an index)
    frees all it holds in one step, holding the interpreter lock 20-60 ms on a worker
    while the window waits; on a loaded machine several times that (issue 16). The loop
    between slices lets other threads have the lock.
    """
    for container in held:
        if isinstance(container, dict):
            keys, values = list(container), list(container.values())
            container.clear()  # cheap: the keys and values are held below
            _drop(keys)
            _drop(values)
        elif isinstance(container, list):
            _drop(container)
        elif isinstance(container, set):
            items = list(container)
            container.clear()
            _drop(items)
        elif hasattr(container, "__dict__"):
            let_go(*[v for v in vars(container).values() if isinstance(v, dict | list | set)])


def _drop(items: list[Any]) -> None:
    while items:
        del items[-_LET_GO:]  # from the end: nothing moves


_LET_GO = 5_000  # objects freed at once (each may hold more: a row, its fields)


def freeze_alive() -> None:
    """Leave every object alive now out of later cycle collections (gc.freeze), for good:
    the window does it when no job runs. They are still freed when let go; a cycle among
    them is not."""
    gc.freeze()
    _FROZEN.set()


def frozen_for_good() -> bool:
    """Whether freeze_alive() has run in this process (its objects must stay frozen).

    Asked instead of the collector: gc.get_freeze_count() walks every frozen object
    holding the interpreter lock, and a window that has run a while has frozen millions
    (3,000,000 take 58 ms idle; the check of an encrypted 200,000-row import stalled the
    window 212 ms on a loaded machine, bench_encryption)."""
    return _FROZEN.is_set()


_FROZEN = threading.Event()  # set by freeze_alive

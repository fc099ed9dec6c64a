"""Reads on worker threads give way to a write (the window's saves wait for no figure).

The live file keeps a rollback journal (DESIGN §4: a plain copy of the idle file holds
every commit), so a commit waits until no other connection is inside a statement: a
save of one note waited over a second behind the dashboard's reads at 100,000 cards.
A reading thread watches a GiveWay; while the writer holds it, the reader's statement
stops at once (SQLITE_INTERRUPT), and the caller reads again after the write.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

_T = TypeVar("_T")

# SQLite virtual-machine steps between two looks at the flag: a few ms of work, so a
# write waits that long at most and the reader takes the interpreter lock seldom.
_EVERY = 50_000


# The user waits on the window (a keystroke in the search box is being answered): work on
# other threads pauses at its next look (a read's statement every _EVERY steps, a step of
# its own) until the answer is drawn. Python runs one thread at a time: a worker's Python
# work (the Today view's rows, the search text) took half the interpreter from keystrokes
# typed while it ran. A wait ends by itself after _PAUSE_AT_MOST (an answer whose end was
# never announced holds no worker longer).
_PAUSE_AT_MOST = 0.2  # seconds
_USER_IDLE = threading.Event()
_USER_IDLE.set()
_waiting_until = [0.0]  # time.monotonic() until which the user waits at most


def user_waits(waiting: bool) -> None:
    """The window answers the user now (True), or is done and drawn (False)."""
    if waiting:
        _waiting_until[0] = time.monotonic() + _PAUSE_AT_MOST
        _USER_IDLE.clear()
    else:
        _USER_IDLE.set()


def pause_for_user() -> None:
    """On a worker: wait while the user waits on the window, asleep (no interpreter lock,
    no polling) until the answer is drawn. Nothing on the main thread, which answers the
    user, nor when the user waits no more."""
    if _USER_IDLE.is_set() or threading.current_thread() is threading.main_thread():
        return
    left = _waiting_until[0] - time.monotonic()
    if left > 0:
        _USER_IDLE.wait(left)


# Items a loop on a worker handles between two looks: a few hundred microseconds of Python.
_LOOK_EVERY = 200


def giving_way(items: Iterable[_T], every: int = _LOOK_EVERY) -> Iterator[_T]:
    """The items, with a look (pause_for_user) every `every` of them: for a worker's Python
    loop over thousands of rows. Between two looks a worker holds the interpreter, and the
    window's thread gets it back only every switch interval: the Today view's early warnings
    (8,000 rows made in Python at 100,000 cards, 100-150 ms) took 10-25 ms of each keystroke
    typed while they were made, when the read looked only between its steps."""
    for count, item in enumerate(items):
        if not count % every:
            pause_for_user()
        yield item


class GiveWay:
    """A write in progress, as reading threads see it. Thread-safe."""

    def __init__(self) -> None:
        self._writing = threading.Event()
        self._lock = threading.Lock()
        # The connection each watching thread reads with, and its stopped flag.
        self._reading: dict[int, tuple[Any, list[bool]]] = {}

    @contextmanager
    def writing(self) -> Iterator[None]:
        """The caller writes: readers stop their statements until it is done.

        The statements running now are interrupted at once from here (sqlite3_interrupt
        may be called from any thread and needs no interpreter lock on the reader's
        side): a reader's own look comes only every _EVERY steps and needs the lock,
        which a busy process hands over every few ms, and a commit waits for the last
        reader to let go of the file (a save under the dashboard's reads: 10-18 ms)."""
        self._writing.set()
        _USER_IDLE.set()  # readers paused for a keystroke wake: the write goes first
        with self._lock:
            watched = list(self._reading.values())
        for connection, stopped in watched:
            stopped[0] = True  # an error from here on is this write's: read again after it
            with suppress(Exception):  # closed meanwhile: it reads nothing any more
                connection.interrupt()
        try:
            yield
        finally:
            self._writing.clear()

    def watch(self, store: Any) -> Callable[[], bool]:
        """Call on a reading thread before it reads `store`: its statements on that file
        stop while a write is in progress. Returns stopped(), true once one was."""
        writing = self._writing
        stopped = [False]

        def handler() -> int:
            if not writing.is_set():
                # A keystroke is being answered: a moment's pause. Never while a write
                # waits for this reader: asleep here it would hold the file (a write
                # wakes the paused, below).
                pause_for_user()
            if writing.is_set():
                stopped[0] = True
                return 1  # SQLite stops the statement: "interrupted"
            return 0

        if store is None:
            return lambda: False  # no file open (a chart shown alone reads nothing here)
        connection = store.db.connection()  # this thread's own connection to that file
        connection.set_progress_handler(handler, _EVERY)
        with self._lock:
            self._reading[threading.get_ident()] = (connection, stopped)
        return lambda: stopped[0]

    def unwatch(self) -> None:
        """Call on the reading thread when its read is over: a write interrupts its
        connection no more (the thread may run other work next, an export say)."""
        with self._lock:
            watched = self._reading.pop(threading.get_ident(), None)
        if watched is not None:
            watched[0].set_progress_handler(None, 0)  # nor does its look

"""The plumbing under the window's runner (ui/ops.py): one function on a pool thread.

Only Ops starts jobs; features go through `window.ops` (start, read, job).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from salesdesk.domain.errors import UserError
from salesdesk.domain.messages import localize
from salesdesk.services.analytics import release_thread_connections
from salesdesk.services.operations import Task

log = logging.getLogger("salesdesk.ui")


class JobSignals(QObject):
    """Owned by the GUI side; the worker only emits through it (queued to the GUI thread).

    Signals: done(object), failed(str), progress(int, int, str).
    """

    done = Signal(object)
    failed = Signal(str)
    progress = Signal(int, int, str)


class _Progress:
    """Progress goes out one signal at a time: while one waits for the GUI thread, a newer
    step only replaces what it will show (an import reported every 200 rows: a thousand
    queued signals, each taking the interpreter lock back on the GUI side)."""

    def __init__(self, send: Callable[[int, int, str], None]) -> None:
        self.send = send
        self.latest: tuple[int, int, str] = (0, 0, "")
        self.queued = False

    def report(self, done: int, total: int, text: str) -> None:
        """On the worker."""
        self.latest = (done, total, text)  # one assignment: whole for the other thread
        if not self.queued:
            self.queued = True
            self.send(done, total, text)

    def delivered(self) -> tuple[int, int, str]:
        """On the GUI thread, as a progress signal arrives: the newest step."""
        self.queued = False  # before reading: a step after this read sends again
        return self.latest


class Job(QRunnable):
    def __init__(self, work: Callable[[Task], Any], task: Task, signals: JobSignals) -> None:
        super().__init__()
        self.work = work
        self.task = task
        self.signals = signals
        self.progress = _Progress(lambda *step: self._emit(signals.progress, *step))
        task.on_progress = self.progress.report

    def run(self) -> None:
        try:
            # A read replaced (or a job cancelled) while it waited for a thread: skip it.
            self.task.check()
            result = self.work(self.task)
        except (UserError, OSError) as error:  # a message for the user: a bad file, a lock
            # A UserError's str() is in the user's language; an OSError's is put in it here.
            said = str(error) if isinstance(error, UserError) else localize(str(error))
            self._emit(self.signals.failed, said)
        except Exception as error:
            from salesdesk.ui.logsafe import loggable

            # The frames, not the message: the log holds no customer data (issue 22).
            log.error(
                "Background work failed\n%s", loggable(type(error), error, error.__traceback__)
            )
            self._emit(self.signals.failed, f"{type(error).__name__}: {error}")
        else:
            self._emit(self.signals.done, result)
        finally:
            # peewee opened a connection for this pooled thread: close it, or the
            # thread keeps the file open (a restore would replace it underneath).
            release_thread_connections()

    @staticmethod
    def _emit(signal: Any, *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the receiver is gone (window closed)
            signal.emit(*args)


def start_job(
    owner: QObject,
    work: Callable[[Task], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[str], None],
    *,
    on_progress: Callable[[int, int, str], None] | None = None,
    task: Task | None = None,
) -> Task:
    """Run work(task) on the global pool; the callbacks run on owner's (the GUI) thread."""
    task = task or Task()
    signals = JobSignals(owner)

    def finish(handler: Callable[[Any], None], value: Any) -> None:
        signals.deleteLater()
        handler(value)

    signals.done.connect(lambda value: finish(on_done, value))
    signals.failed.connect(lambda message: finish(on_failed, message))
    job = Job(work, task, signals)
    if on_progress is not None:
        progress = job.progress  # a plain object: the pool deletes the job when it ends
        signals.progress.connect(lambda *_sent: on_progress(*progress.delivered()))
    QThreadPool.globalInstance().start(job)
    return task

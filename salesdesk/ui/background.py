"""Running one plain function off the GUI thread and handing its result back by signal."""

from __future__ import annotations

import contextlib
import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from salesdesk.domain.errors import UserError
from salesdesk.services.analytics import release_thread_connection

log = logging.getLogger("salesdesk.ui")


class _Signals(QObject):
    """Owned by the GUI side; the worker only emits through it.

    Signals: done(object), failed(str).
    """

    done = Signal(object)
    failed = Signal(str)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.work()
        except (UserError, OSError) as error:  # a message for the user: a bad file, a lock
            self._emit(self.signals.failed, str(error))
        except Exception as error:
            log.error("Background work failed\n%s", traceback.format_exc())
            self._emit(self.signals.failed, f"{type(error).__name__}: {error}")
        else:
            self._emit(self.signals.done, result)
        finally:
            # peewee opened a connection for this pooled thread: close it, or the
            # thread keeps the file open (a restore would replace it underneath).
            release_thread_connection()

    @staticmethod
    def _emit(signal: Any, *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the receiver is gone (window closed)
            signal.emit(*args)


class Background(QObject):
    """Starts jobs on the global thread pool and counts those under way.

    Signals: running_changed(int) — how many jobs run now.
    """

    running_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.running = 0
        self._live: set[_Signals] = set()

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[str], None],
    ) -> None:
        """work runs on a pool thread and must not touch widgets; the callbacks run here."""
        signals = _Signals(self)
        self._live.add(signals)

        def finish(handler: Callable[[Any], None], value: Any) -> None:
            self._live.discard(signals)
            signals.deleteLater()
            self.running -= 1
            self.running_changed.emit(self.running)
            handler(value)

        signals.done.connect(lambda value: finish(on_done, value))
        signals.failed.connect(lambda message: finish(on_failed, message))
        self.running += 1
        self.running_changed.emit(self.running)
        QThreadPool.globalInstance().start(_Job(work, signals))

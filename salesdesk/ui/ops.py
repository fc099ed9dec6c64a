"""Runs the session's writes for the window and announces what changed on one signal."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from salesdesk.domain.errors import UserError
from salesdesk.services.changes import Changed, Result
from salesdesk.services.session import Session
from salesdesk.ui import messages


class Ops(QObject):
    """The window's way to call the services.

    Signals:
        changed(Changed): after every write, undo and redo; views refresh what it names.
        undo_state_changed(): the undo or redo step on offer changed.
    """

    changed = Signal(object)
    undo_state_changed = Signal()

    def __init__(self, session: Session, window: QWidget) -> None:
        super().__init__(window)
        self.session = session
        self._window = window

    @property
    def read_only(self) -> bool:
        return self.session.read_only

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

"""messages.answer: the one place every dialog's `ask` shows it modally and reads the answer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from salesdesk.ui import messages


def test_an_accepted_dialog_gives_its_values_and_a_cancelled_one_none(qtbot: Any) -> None:
    accepted = QDialog()
    QTimer.singleShot(0, accepted.accept)
    assert messages.answer(accepted, lambda: {"grade": "A"}) == {"grade": "A"}

    cancelled = QDialog()
    QTimer.singleShot(0, cancelled.reject)
    assert messages.answer(cancelled, lambda: {"grade": "A"}) is None

"""Card > Deleted cards: a deleted card is listed with its log, and Restore brings it back."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from salesdesk.ui.deletedcards import DeletedCardsDialog
from tests.gui.conftest import Messages
from tests.gui.helpers import select, shown_names


def _dialog() -> DeletedCardsDialog | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, DeletedCardsDialog)]
    return found[0] if found and found[0].isVisible() else None


def test_a_deleted_card_is_listed_and_restored_with_its_contacts(
    qtbot: Any, window: Any, messages: Messages, cards: dict[str, str]
) -> None:
    window.session.log_contact(cards["王芳"], channel="phone", summary="谈过价格")
    select(window, qtbot, "王芳")
    window.delete_action.trigger()
    qtbot.waitUntil(lambda: "王芳" not in shown_names(window), timeout=2000)

    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Card")
    assert window.deleted_cards_action in menu.actions()
    window.deleted_cards_action.trigger()
    qtbot.waitUntil(lambda: _dialog() is not None, timeout=2000)
    dialog = _dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[0] == "王芳"
    assert row[1] == "重庆山城物流"
    assert row[5] == "1"  # its contact is kept

    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "王芳" in shown_names(window), timeout=2000)
    assert model.rowCount() == 0
    assert dialog.empty.isVisible()
    assert not dialog.restore_button.isEnabled()
    select(window, qtbot, "王芳")
    assert [c.summary for c in window.session.contacts(cards["王芳"])] == ["谈过价格"]
    dialog.close()

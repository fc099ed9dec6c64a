"""PySide6 6.12.0 on CPython 3.11 drops a reference to None on every empty QVariant (DESIGN §2)."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from salesdesk.services.cardlist import CardFilter
from salesdesk.services.session import Session
from salesdesk.ui.chips import GradeChipDelegate
from salesdesk.ui.models import CardTableModel

CALLS = 20_000


def test_data_returning_none_keeps_none_alive(
    qtbot: Any, session: Session, cards: dict[str, str]
) -> None:
    model = CardTableModel(session.card_list)
    model.set_filter(CardFilter())
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegateForColumn(2, GradeChipDelegate(view))
    view.resize(800, 400)
    view.show()
    qtbot.waitExposed(view)
    # Roles the model has nothing for: every one comes back to Python as an empty QVariant.
    empty_roles = [
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.CheckStateRole,
    ]
    index = model.index(0, 0)
    assert index.data(Qt.ItemDataRole.DecorationRole) is None

    before = sys.getrefcount(None)
    for n in range(CALLS):
        index.data(empty_roles[n % len(empty_roles)])
        if n % 1000 == 0:
            view.viewport().repaint()
    after = sys.getrefcount(None)
    # Python itself may take or drop a handful of references meanwhile; a leak loses thousands.
    assert after >= before - 50, f"None lost {before - after} references in {CALLS} calls"

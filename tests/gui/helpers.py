"""Small readers of what the window shows, for the GUI tests."""

from __future__ import annotations

from typing import Any

from salesdesk.services.cardlist import Column


def shown_names(window: Any) -> list[str]:
    model = window.model
    return [model.index(r, int(Column.NAME)).data() for r in range(model.rowCount())]


def cell(window: Any, name: str, column: Column) -> Any:
    model = window.model
    for row in range(model.rowCount()):
        if model.index(row, int(Column.NAME)).data() == name:
            return model.index(row, int(column)).data()
    raise AssertionError(f"{name} is not in the list")


def select(window: Any, qtbot: Any, name: str) -> None:
    names = shown_names(window)
    window.table.selectRow(names.index(name))
    qtbot.waitUntil(
        lambda: window.panel.card is not None and window.panel.card.name == name, timeout=2000
    )


def wait_today(qtbot: Any, window: Any) -> None:
    """Wait for Today's read of the agenda (on the window's runner) to show."""
    view = window.day_plan.today_view
    qtbot.waitUntil(lambda: not view.reading, timeout=5000)

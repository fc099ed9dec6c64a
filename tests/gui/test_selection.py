"""The open card is always the card the list shows selected: after search, sort, save, delete."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from salesdesk.services.cardlist import Column
from salesdesk.services.session import Session
from salesdesk.ui import dialogs
from tests.gui.conftest import Messages
from tests.gui.helpers import select, shown_names


def _selected_id(window: Any) -> str | None:
    rows = window.table.selectionModel().selectedRows()
    return window.model.card_id(rows[0].row()) if rows else None


def _consistent(window: Any) -> bool:
    """The panel shows the selected visible row, or nothing when no row is selected."""
    return window.panel.card_id == _selected_id(window)


def _add(window: Any, fields: dict[str, Any], grade: str) -> str:
    result = window.ops.run(lambda: window.session.create_card(fields, grade=grade))
    return str(result.id)


def _click_row(qtbot: Any, window: Any, name: str) -> None:
    row = shown_names(window).index(name)
    rect = window.table.visualRect(window.model.index(row, int(Column.COMPANY)))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_search_that_hides_the_open_card_empties_the_panel_and_its_actions(
    qtbot: Any, window: Any, session: Session, monkeypatch: Any
) -> None:
    _add(window, {"name": "刘洋", "company": "远大建材"}, "B")
    _add(window, {"name": "李娜", "company": "东方航运"}, "C")
    select(window, qtbot, "刘洋")
    asked: list[str] = []
    monkeypatch.setattr(dialogs.LogContactDialog, "ask", lambda *a, **k: asked.append(k["name"]))

    qtbot.keyClicks(window.filter_bar.search, "lina")
    qtbot.waitUntil(lambda: shown_names(window) == ["李娜"], timeout=2000)
    assert window.panel.card is None
    assert _consistent(window)
    assert not window.log_contact_action.isEnabled()
    window.log_contact()
    assert asked == []  # no dialog for a card the list does not show

    # Down in the search box moves into the list and opens the first card.
    qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.panel.card is not None, timeout=2000)
    assert window.table.hasFocus() or window.focusWidget() is window.table
    assert window.panel.card.name == "李娜"
    assert _consistent(window)
    window.log_contact_action.trigger()
    assert asked == ["李娜 · 东方航运"]


def test_enter_in_the_search_box_opens_the_first_match(qtbot: Any, window: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.filter_bar.search.setFocus()
    qtbot.keyClicks(window.filter_bar.search, "wangfang")
    qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.panel.card is not None, timeout=2000)
    assert window.panel.card.name == "王芳"
    assert _consistent(window)
    assert window.focusWidget() is window.table


def test_saving_on_the_way_to_a_namesake_keeps_the_clicked_card_open(
    qtbot: Any, window: Any, session: Session, messages: Messages
) -> None:
    first = _add(window, {"name": "陈静", "company": "甲公司"}, "B")
    second = _add(window, {"name": "陈静", "company": "乙公司"}, "B")
    qtbot.waitUntil(lambda: shown_names(window).count("陈静") == 2, timeout=2000)
    rows = [window.model.card_id(r) for r in range(window.model.rowCount())]
    top, bottom = sorted((first, second), key=rows.index)
    window.table.selectRow(rows.index(top))
    qtbot.waitUntil(lambda: window.panel.card_id == top, timeout=2000)
    # The edit moves the card after its namesake when the list sorts again.
    qtbot.keyClicks(window.panel.edits["company"], " 2")
    messages.save_answer = "save"
    row = rows.index(bottom)
    rect = window.table.visualRect(window.model.index(row, int(Column.COMPANY)))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not window.panel.is_dirty(), timeout=2000)
    qtbot.waitUntil(lambda: _consistent(window), timeout=2000)
    assert window.panel.card_id == bottom
    assert window.session.card(top).company == "甲公司 2"


def test_sort_delete_and_undo_keep_panel_and_selection_together(
    qtbot: Any, window: Any, messages: Messages
) -> None:
    select(window, qtbot, "王芳")
    header = window.table.horizontalHeader()
    header.setSortIndicator(int(Column.GRADE), Qt.SortOrder.DescendingOrder)
    assert _consistent(window)
    assert window.panel.card.name == "王芳"
    window.delete_action.trigger()
    qtbot.waitUntil(lambda: "王芳" not in shown_names(window), timeout=2000)
    assert _consistent(window)
    assert window.panel.card is None or window.panel.card.name != "王芳"
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: "王芳" in shown_names(window), timeout=2000)
    assert _consistent(window)
    # A filter that hides the open card, then clearing it: still one and the same card.
    window.filter_bar.chips["A"].click()
    qtbot.waitUntil(lambda: len(shown_names(window)) == 2, timeout=2000)
    assert _consistent(window)
    window.filter_bar.clear()
    qtbot.waitUntil(lambda: len(shown_names(window)) == 6, timeout=2000)
    assert _consistent(window)


def test_a_search_that_would_hide_unsaved_edits_asks_first(
    qtbot: Any, window: Any, messages: Messages
) -> None:
    select(window, qtbot, "张伟")
    qtbot.keyClicks(window.panel.edits["title"], "CEO")
    messages.save_answer = "cancel"
    qtbot.keyClicks(window.filter_bar.search, "wang")
    qtbot.waitUntil(lambda: len(messages.confirmations) == 1, timeout=2000)
    # Cancel: the list goes back to showing the card with the edits.
    assert window.filter_bar.search.text() == ""
    assert window.panel.card.name == "张伟"
    assert window.panel.is_dirty()
    assert _consistent(window)
    messages.save_answer = "save"
    qtbot.keyClicks(window.filter_bar.search, "wang")
    qtbot.waitUntil(lambda: shown_names(window) == ["王芳"], timeout=2000)
    assert window.panel.card is None
    assert _consistent(window)
    assert window.session.card(_id(window, "张伟")).title == "CEO"


def _id(window: Any, name: str) -> str:
    return next(row.id for row in window.model.card_list.rows.values() if row.name == name)


def test_merging_away_the_open_card_leaves_panel_and_selection_together(
    qtbot: Any, window: Any
) -> None:
    keep = _add(window, {"name": "周杰", "company": "远东"}, "B")
    other = _add(window, {"name": "周杰", "company": "远东贸易"}, "C")
    window.select_card(other)
    qtbot.waitUntil(lambda: window.panel.card_id == other, timeout=2000)
    window.ops.run(lambda: window.session.merge_cards(keep, other))
    qtbot.waitUntil(lambda: shown_names(window).count("周杰") == 1, timeout=2000)
    assert _consistent(window)
    assert window.panel.card_id != other


def test_today_names_the_card_with_its_company_in_dialog_titles(
    qtbot: Any, window: Any, monkeypatch: Any
) -> None:
    first = _add(window, {"name": "陈静", "company": "甲公司"}, "B")
    _add(window, {"name": "陈静", "company": "乙公司"}, "B")
    session = window.session
    window.ops.run(lambda: session.plan_visit(first, session.today()))
    asked: list[str] = []
    monkeypatch.setattr(dialogs.LogContactDialog, "ask", lambda *a, **k: asked.append(k["name"]))
    today = window.day_plan.today_view
    qtbot.waitUntil(lambda: today.select(first), timeout=2000)
    qtbot.mouseClick(today.log_button, Qt.MouseButton.LeftButton)
    assert asked == ["陈静 · 甲公司"]

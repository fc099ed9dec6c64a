"""The main window as a salesperson uses it: find, filter, edit, log, undo, delete."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from salesdesk.services.cardlist import Column
from salesdesk.services.session import Session
from salesdesk.ui import dialogs
from salesdesk.ui.panel import TAB_CONTACTS, TAB_HISTORY
from tests.gui.conftest import Messages
from tests.gui.helpers import cell, select, shown_names


def test_typing_pinyin_initials_finds_the_chinese_name(qtbot: Any, window: Any) -> None:
    window.filter_bar.search.setText("zw")
    qtbot.waitUntil(lambda: "John Smith" not in shown_names(window), timeout=2000)
    assert "张伟" in shown_names(window)
    assert "王芳" not in shown_names(window)
    assert window.count_label.text() == f"{len(shown_names(window))} of 6 cards"
    window.filter_bar.search.clear()
    qtbot.waitUntil(lambda: len(shown_names(window)) == 6, timeout=2000)


def test_grade_chip_shows_only_its_grade_and_counts_match(qtbot: Any, window: Any) -> None:
    chips = window.filter_bar.chips
    assert chips["A"].text() == "A 2"
    assert chips["F"].text() == "F 1"
    chips["A"].click()
    qtbot.waitUntil(lambda: len(shown_names(window)) == 2, timeout=2000)
    assert sorted(shown_names(window)) == ["Mary Johnson", "张伟"]
    assert {cell(window, n, Column.GRADE) for n in shown_names(window)} == {"A"}
    # The chips keep counting every grade under the other filters.
    assert chips["B"].text() == "B 1"
    window.filter_bar.search.setText("vip")
    qtbot.waitUntil(lambda: shown_names(window) == ["张伟"], timeout=2000)
    assert chips["A"].text() == "A 1"
    assert chips["B"].text() == "B 0"
    assert chips["C"].text() == "C 1"  # John Smith is tagged vip too


def test_facet_filters_narrow_the_list(qtbot: Any, window: Any) -> None:
    bar = window.filter_bar
    bar.refresh_facets()
    bar.owner.setCurrentIndex(bar.owner.findData("Tom"))
    qtbot.waitUntil(lambda: shown_names(window) == ["John Smith"], timeout=2000)
    bar.clear()
    bar.key_only.setChecked(True)
    qtbot.waitUntil(lambda: shown_names(window) == ["José Álvarez"], timeout=2000)
    bar.clear()
    bar.status.setCurrentIndex(bar.status.findData("customer"))
    qtbot.waitUntil(lambda: shown_names(window) == ["王芳"], timeout=2000)


def test_clicking_a_header_sorts_and_shows_the_indicator(qtbot: Any, window: Any) -> None:
    header = window.table.horizontalHeader()
    header.sectionClicked.emit(int(Column.GRADE))
    header.setSortIndicator(int(Column.GRADE), Qt.SortOrder.AscendingOrder)
    grades = [cell(window, n, Column.GRADE) for n in shown_names(window)]
    assert grades == sorted(grades)
    header.setSortIndicator(int(Column.GRADE), Qt.SortOrder.DescendingOrder)
    assert cell(window, shown_names(window)[0], Column.GRADE) == "F2"
    assert header.isSortIndicatorShown()
    assert header.sortIndicatorSection() == int(Column.GRADE)


def test_edit_save_shows_in_list_and_history_and_ctrl_z_restores(
    qtbot: Any, window: Any, messages: Messages
) -> None:
    select(window, qtbot, "张伟")
    panel = window.panel
    panel.edits["company"].setText("华信控股")
    assert panel.is_dirty()
    assert window.save_action.isEnabled()
    panel.save_button.click()
    qtbot.waitUntil(lambda: cell(window, "张伟", Column.COMPANY) == "华信控股", timeout=2000)
    assert not panel.is_dirty()
    assert messages.errors == []

    panel.show_tab(TAB_HISTORY)
    changes = [
        panel.history_model.index(r, 3).data() for r in range(panel.history_model.rowCount())
    ]
    assert "上海华信贸易 → 华信控股" in changes
    assert window.undo_action.text().replace("&", "") == "Undo Edit card"

    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: cell(window, "张伟", Column.COMPANY) == "上海华信贸易", timeout=2000)
    assert panel.edits["company"].text() == "上海华信贸易"
    assert window.redo_action.text().replace("&", "") == "Redo Edit card"


def test_undo_one_change_from_the_history_tab(qtbot: Any, window: Any) -> None:
    select(window, qtbot, "John Smith")
    panel = window.panel
    panel.edits["area"].setText("Harbour")
    panel.save()
    panel.edits["title"].setText("Buyer")
    panel.save()
    panel.show_tab(TAB_HISTORY)
    model = panel.history_model
    row = next(r for r in range(model.rowCount()) if model.index(r, 2).data() == "Area")
    panel.history_table.selectRow(row)
    assert panel.undo_change_button.isEnabled()
    panel.undo_change_button.click()
    qtbot.waitUntil(lambda: cell(window, "John Smith", Column.AREA) == "Riverside", timeout=2000)
    assert panel.card.title == "Buyer"  # the later, other change stays


def test_log_contact_with_regrade_updates_grade_cell_and_contact_tab(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    select(window, qtbot, "王芳")
    asked: list[dict[str, Any]] = []

    def answer(_parent: Any, **kwargs: Any) -> dict[str, Any]:
        asked.append(kwargs)
        return {
            "channel": "visit",
            "summary": "签约意向很强",
            "outcome": "下周签合同",
            "grade": "A",
            "reason": "",
            "f_kind": None,
            "blocker": None,
            "recheck_on": None,
        }

    monkeypatch.setattr(dialogs.LogContactDialog, "ask", answer)
    assert window.log_contact_action.shortcut() == QKeySequence("Ctrl+L")
    window.log_contact_action.trigger()
    qtbot.waitUntil(lambda: cell(window, "王芳", Column.GRADE) == "A", timeout=2000)
    assert asked[0]["name"] == "王芳 · 重庆山城物流"  # name · company tells namesakes apart
    assert cell(window, "王芳", Column.LAST_CONTACT) != ""
    window.panel.show_tab(TAB_CONTACTS)
    model = window.panel.contact_model
    assert model.rowCount() == 1
    assert model.index(0, 2).data() == "签约意向很强"
    assert model.index(0, 4).data() == "A"
    assert window.panel.chip.label == "A"
    assert window.filter_bar.chips["A"].text() == "A 3"
    assert window.undo_action.text().replace("&", "") == "Undo Log contact"


def test_change_grade_to_c_keeps_blocker_and_recheck(
    qtbot: Any, window: Any, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    select(window, qtbot, "章炜")
    monkeypatch.setattr(
        dialogs.ChangeGradeDialog,
        "ask",
        lambda _parent, **_kw: {
            "grade": "C",
            "f_kind": None,
            "reason": "体检未通过",
            "blocker": "血压偏高",
            "recheck_on": None,
        },
    )
    window.change_grade_action.trigger()
    qtbot.waitUntil(lambda: cell(window, "章炜", Column.GRADE) == "C", timeout=2000)
    card = window.panel.card
    assert card.blocker == "血压偏高"
    assert card.recheck_on is not None
    assert "血压偏高" in window.panel.grade_info.text()


def test_delete_asks_first_and_undo_brings_the_card_back(
    qtbot: Any, window: Any, messages: Messages
) -> None:
    select(window, qtbot, "王芳")
    messages.confirm_answer = False
    window.delete_action.trigger()
    assert "王芳" in shown_names(window)
    messages.confirm_answer = True
    window.delete_action.trigger()
    qtbot.waitUntil(lambda: "王芳" not in shown_names(window), timeout=2000)
    assert len(messages.confirmations) == 2
    assert window.panel.card is not None  # the neighbour is shown
    assert window.count_label.text() == "5 of 5 cards"
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: "王芳" in shown_names(window), timeout=2000)


def test_new_card_is_created_and_selected(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.filter_bar.search.setText("smith")
    qtbot.waitUntil(lambda: shown_names(window) == ["John Smith"], timeout=2000)
    monkeypatch.setattr(
        dialogs.NewCardDialog,
        "ask",
        lambda _parent, **_kw: {
            "fields": {"name": "刘洋", "company": "杭州西湖软件"},
            "grade": {
                "grade": "F",
                "f_kind": "F2",
                "reason": "",
                "blocker": None,
                "recheck_on": None,
            },
        },
    )
    window.new_action.trigger()
    qtbot.waitUntil(
        lambda: window.panel.card is not None and window.panel.card.name == "刘洋", timeout=2000
    )
    assert "刘洋" in shown_names(window)  # the search that hid it was cleared
    assert cell(window, "刘洋", Column.GRADE) == "F2"


def test_bad_input_is_shown_in_a_message_not_a_traceback(
    qtbot: Any, window: Any, messages: Messages
) -> None:
    select(window, qtbot, "张伟")
    window.panel.edits["birthday"].setText("not a date")
    assert window.panel.save() is False
    assert len(messages.errors) == 1
    assert "not a date" in messages.errors[0]
    assert window.panel.is_dirty()  # the edit is still there to correct


def test_switching_cards_with_unsaved_edits_asks(
    qtbot: Any, window: Any, messages: Messages
) -> None:
    select(window, qtbot, "张伟")
    window.panel.edits["title"].setText("总经理")
    messages.save_answer = "cancel"
    window.table.selectRow(shown_names(window).index("王芳"))
    assert window.panel.card.name == "张伟"
    assert window.panel.edits["title"].text() == "总经理"
    messages.save_answer = "save"
    select(window, qtbot, "王芳")
    select(window, qtbot, "张伟")
    assert window.panel.edits["title"].text() == "总经理"


def test_find_focuses_the_search_box(qtbot: Any, window: Any) -> None:
    assert window.find_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.find_action.trigger()
    qtbot.waitUntil(window.filter_bar.search.hasFocus, timeout=2000)


def test_menus_are_there(window: Any) -> None:
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Edit", "Card", "View", "Help"]


def test_area_field_offers_areas_in_use(qtbot: Any, window: Any) -> None:
    select(window, qtbot, "John Smith")
    area = window.panel.edits["area"]
    window.activateWindow()
    area.setFocus()
    qtbot.waitUntil(area.hasFocus, timeout=2000)
    offered = area.completer().model().stringList()
    assert "浦东新区" in offered
    assert "Riverside" in offered


def test_grade_path_tab_charts_the_cards_path_and_follows_a_regrade(
    qtbot: Any, window: Any
) -> None:
    from salesdesk.ui.panel import TAB_PATH

    select(window, qtbot, "王芳")
    window.panel.show_tab(TAB_PATH)
    chart = window.panel.path_chart
    qtbot.waitUntil(lambda: chart.data is not None and not chart.busy, timeout=10000)
    before = [step.grade for step in chart.data.steps]
    assert before == [s.to_label for s in window.session.grade_path(window.panel.card_id)]
    window.ops.run(
        lambda: window.session.change_grade(window.panel.card_id, "B", reason="预算批了")
    )
    qtbot.waitUntil(
        lambda: chart.data is not None and [s.grade for s in chart.data.steps] == [*before, "B"],
        timeout=10000,
    )
    assert chart.figure is not None
    assert chart.figure.axes  # drawn, not an empty canvas


def test_workers_pause_for_a_keystroke_until_the_list_is_drawn(qtbot: Any, window: Any) -> None:
    """The workers' pause for a keystroke (giveway.user_waits) lasts through the list's
    repaint: a call queued with QTimer.singleShot(0) ran before Qt's low-priority update
    request, and a worker's Python took the interpreter from the repaint."""
    from PySide6.QtCore import QEvent, QObject

    from salesdesk.services import giveway

    window.views.setCurrentWidget(window.splitter)
    qtbot.wait(20)  # drawn, nothing pending
    waiting_at_paint: list[bool] = []

    class Painted(QObject):
        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                waiting_at_paint.append(not giveway._USER_IDLE.is_set())
            return False

    spy = Painted()
    window.table.viewport().installEventFilter(spy)
    window.filter_bar.search.setText("张")
    window.filter_bar._emit_now()
    assert not giveway._USER_IDLE.is_set()  # the workers pause at their next look
    qtbot.waitUntil(giveway._USER_IDLE.is_set, timeout=1000)  # and go on after
    window.table.viewport().removeEventFilter(spy)
    assert shown_names(window) == ["张伟"]
    assert waiting_at_paint
    assert waiting_at_paint[0]  # the answer was drawn before the workers went on

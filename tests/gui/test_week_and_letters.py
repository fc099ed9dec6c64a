"""The Week tab (plan, settings, drop and Move to, store), Today's planned day, Letters."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from salesdesk.models.tables import Visit
from salesdesk.services.session import Session
from tests.gui.conftest import Messages
from tests.gui.helpers import wait_today

MONDAY = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALESDESK_NOW", "2026-11-02T08:00:00")


@pytest.fixture
def book(session: Session) -> dict[str, str]:
    made = {}
    for n in range(4):
        for area in ("浦东新区", "徐汇区"):
            name = f"{area[:1]}{n}"
            card = session.create_card(
                {"name": name, "area": area, "address": f"上海市{area}{n}号", "owner": "王磊"},
                grade="E",
            ).id
            session.log_contact(
                card,
                channel="visit",
                summary="见面",
                grade="B",
                at=f"{MONDAY - timedelta(days=7)}T10:00",
            )
            made[name] = card
    session.undo_stack.clear()
    return made


def open_window(qtbot: Any, session: Session) -> Any:
    from salesdesk.ui.mainwindow import MainWindow

    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_today(qtbot, window)  # Today reads the agenda on the runner
    return window


def day_names(view: Any) -> list[list[str]]:
    return [
        [lst.item(i).text().split("\n")[0].split(" · ")[-1] for i in range(lst.count())]
        for lst in view.day_lists
    ]


def test_the_week_tab_plans_by_area_within_the_visits_a_day(
    qtbot: Any, session: Session, book: dict[str, str]
) -> None:
    window = open_window(qtbot, session)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.day_plan.today_view.table.setFocus()
    QTest.keyClick(
        window.day_plan.today_view.table,
        Qt.Key.Key_W,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    view = window.week_plan.view
    assert window.views.currentWidget() is view
    assert len(view.day_lists) == 5  # Monday to Friday
    view.per_day.selectAll()
    qtbot.keyClicks(view.per_day, "4")
    qtbot.mouseClick(view.save_settings_button, Qt.MouseButton.LeftButton)
    days = day_names(view)
    assert [len(d) for d in days[:2]] == [4, 4]
    assert all({n[0] for n in d} in ({"浦"}, {"徐"}) for d in days if d)  # one area a day
    assert session.visit_settings() is not None
    from salesdesk.services import plan

    assert plan.per_day() == 4  # kept in the database


def test_a_dropped_visit_moves_and_stays_when_planning_again(
    qtbot: Any, session: Session, book: dict[str, str]
) -> None:
    window = open_window(qtbot, session)
    window.week_plan.show_week()
    view = window.week_plan.view
    first = view.day_lists[0]
    moved_name = first.item(0).text().split("\n")[0].split(" · ")[-1]
    visit_id = first.item(0).data(Qt.ItemDataRole.UserRole + 1)
    friday = view.day_lists[4]
    data = QMimeData()
    data.setData("application/x-salesdesk-visit", visit_id.encode())
    enter = QDragEnterEvent(
        QPoint(10, 10), Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(friday.viewport(), enter)
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(friday.viewport(), drop)
    qtbot.waitUntil(lambda: view.day_of(book[moved_name]) == "2026-11-06", timeout=3000)
    assert Visit.get_by_id(visit_id).plan_fixed == 1
    qtbot.mouseClick(view.save_settings_button, Qt.MouseButton.LeftButton)  # plan again
    assert view.day_of(book[moved_name]) == "2026-11-06"


def test_store_this_plan_writes_the_days_and_today_shows_them_first(
    qtbot: Any, session: Session, book: dict[str, str]
) -> None:
    window = open_window(qtbot, session)
    window.week_plan.show_week()
    view = window.week_plan.view
    monday = [
        view.day_lists[0].item(i).data(Qt.ItemDataRole.UserRole + 1)
        for i in range(view.day_lists[0].count())
    ]
    qtbot.mouseClick(view.apply_button, Qt.MouseButton.LeftButton)
    assert {Visit.get_by_id(v).plan_on for v in monday} == {"2026-11-02"}
    today = window.day_plan.today_view
    today.refresh()
    planned = [r for r in today.model.rows if r.section == "planned" and r.kind == "visit"]
    assert sorted(r.visit_id for r in planned) == sorted(monday)
    assert today.model.rows[0].cells[0].startswith("Planned for today")


def test_birthdays_of_the_week_show_on_today_with_a_greeting_to_copy(
    qtbot: Any, session: Session, book: dict[str, str]
) -> None:
    session.edit_card(book["浦0"], {"birthday": "1980-11-04"})
    window = open_window(qtbot, session)
    today = window.day_plan.today_view
    [row] = today.rows_of("occasion")
    assert row.cells[0] == "浦0"
    assert row.cells[3] == "2026-11-04"
    assert row.cells[-1].startswith("浦0，生日快乐")


def test_letters_for_a_filter_make_a_pdf_list_the_cards_without_address_and_log_them(
    qtbot: Any,
    session: Session,
    book: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from salesdesk.ui.letters import LettersDialog

    session.edit_card(book["徐0"], {"address": ""})
    window = open_window(qtbot, session)
    dialog = window.week_plan.show_letters([])
    qtbot.addWidget(dialog)
    dialog.template.setCurrentIndex(dialog.template.findData("visit_request.zh_CN"))
    assert "登门拜访" in dialog.body.toPlainText()
    qtbot.mouseClick(dialog.grade_boxes["B"], Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    dialog.area.setText("徐汇区")  # Chinese comes from an input method, not key clicks
    target = tmp_path / "letters.pdf"
    monkeypatch.setattr(LettersDialog, "choose_save_file", classmethod(lambda cls, *a: str(target)))
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    assert target.exists()
    assert len(re.findall(rb"/Type\s*/Page[^s]", target.read_bytes())) == 3
    assert [dialog.missing.item(i).text() for i in range(dialog.missing.count())] == ["徐0"]
    [latest] = session.contacts(book["徐1"], limit=1)
    assert (latest.channel, latest.summary) == ("letter", "拜访预约函")


def test_dragging_a_visit_within_its_day_sets_the_days_order(
    qtbot: Any, session: Session, book: dict[str, str]
) -> None:
    from salesdesk.services import plan

    plan.save_preferences((0, 1, 2, 3, 4), 4, None)  # one area a day: the order shows
    window = open_window(qtbot, session)
    window.week_plan.show_week()
    view = window.week_plan.view
    monday = view.day_lists[0]
    last = monday.item(monday.count() - 1)
    key = last.data(Qt.ItemDataRole.UserRole + 1)
    target = monday.visualItemRect(monday.item(0)).center()
    data = QMimeData()
    data.setData("application/x-salesdesk-visit", key.encode())
    enter = QDragEnterEvent(
        target, Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(monday.viewport(), enter)
    drop = QDropEvent(
        QPointF(target), Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(monday.viewport(), drop)
    qtbot.waitUntil(
        lambda: view.day_lists[0].item(0).data(Qt.ItemDataRole.UserRole + 1) == key, timeout=3000
    )
    assert Visit.get_by_id(key).plan_order == 0


def test_address_labels_and_envelopes_for_the_chosen_cards(
    qtbot: Any,
    session: Session,
    book: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from salesdesk.ui.letters import LettersDialog

    window = open_window(qtbot, session)
    dialog = window.week_plan.show_letters(list(book.values()))
    qtbot.addWidget(dialog)
    outputs = iter([str(tmp_path / "labels.pdf"), str(tmp_path / "envelopes.pdf")])
    monkeypatch.setattr(
        LettersDialog, "choose_save_file", classmethod(lambda cls, *a: next(outputs))
    )
    qtbot.mouseClick(dialog.labels_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.envelopes_button, Qt.MouseButton.LeftButton)
    pages = re.compile(rb"/Type\s*/Page[^s]")
    assert len(pages.findall((tmp_path / "labels.pdf").read_bytes())) == 1  # 8 of 24 labels
    assert len(pages.findall((tmp_path / "envelopes.pdf").read_bytes())) == 8
    assert session.contacts(book["浦0"], limit=1)[0].channel == "visit"  # labels are no letters


def test_letters_for_the_cards_the_list_shows(
    qtbot: Any,
    session: Session,
    book: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from salesdesk.services.cardlist import CardFilter
    from salesdesk.ui.letters import LettersDialog

    window = open_window(qtbot, session)
    window.apply_filter(CardFilter(area="浦东新区"))
    dialog = window.week_plan.show_letters([])
    qtbot.addWidget(dialog)
    assert dialog.for_shown.text().endswith("(4)")
    qtbot.mouseClick(dialog.for_shown, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    target = tmp_path / "l.docx"
    monkeypatch.setattr(LettersDialog, "choose_save_file", classmethod(lambda cls, *a: str(target)))
    qtbot.mouseClick(dialog.word_button, Qt.MouseButton.LeftButton)
    assert sorted(m.name for m in dialog.last_merge.letters) == ["浦0", "浦1", "浦2", "浦3"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_picked_as_the_word_template_gets_one_message_at_once(
    qtbot: Any, session: Session, book: dict[str, str], tmp_path: Path, messages: Messages
) -> None:
    """The dialog's Word template goes through letters.template when the letters are
    written: a pipe picked there is named as one, nothing written, no letter logged."""
    window = open_window(qtbot, session)
    dialog = window.week_plan.show_letters(list(book.values()))
    qtbot.addWidget(dialog)
    pipe = tmp_path / "mine.docx"
    os.mkfifo(pipe)
    dialog.use_docx(str(pipe))  # as the file picker gives it
    for suffix in (".docx", ".pdf"):
        assert dialog.write(suffix, str(tmp_path / f"l{suffix}")) is None
        assert not (tmp_path / f"l{suffix}").exists()
    said = f"{pipe} is not a plain file (a pipe or a device), not a letter template."
    assert messages.errors == [said, said]
    assert dialog.last_merge is None
    assert [c.channel for c in session.contacts(book["浦0"])] == ["visit"]


@pytest.mark.qt_log_ignore("does not support raise")  # the offscreen platform
def test_file_letters_twice_brings_the_open_dialog_to_the_front(qtbot: Any, window: Any) -> None:
    from salesdesk.ui.letters import LettersDialog

    window.week_plan.letters_action.trigger()
    first = window.week_plan._letters
    qtbot.waitUntil(first.isVisible, timeout=5000)
    window.week_plan.letters_action.trigger()
    window.week_plan.letters_action.trigger()
    shown = [d for d in window.findChildren(LettersDialog) if d.isVisible()]
    assert shown == [first]
    qtbot.keyClick(first, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=5000)
    window.week_plan.letters_action.trigger()  # closed: a new one opens
    second = window.week_plan._letters
    qtbot.waitUntil(second.isVisible, timeout=5000)
    assert [d for d in window.findChildren(LettersDialog) if d.isVisible()] == [second]
    second.close()

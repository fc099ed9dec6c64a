"""First start: an empty file says what to do, with buttons; help has a guide and the shortcuts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator

from salesdesk.services.session import Session
from salesdesk.ui import dialogs, helpdocs
from salesdesk.ui.mainwindow import MainWindow, demo_path
from tests.gui.helpers import shown_names, wait_today

QM = Path(__file__).resolve().parents[2] / "resources" / "translations" / "salesdesk_zh_CN.qm"


@pytest.fixture
def empty_window(qtbot: Any, session: Session) -> Iterator[MainWindow]:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_today(qtbot, window)  # Today reads the agenda on the window's runner
    yield window
    window.close()


def test_an_empty_file_says_what_to_do_and_new_card_starts(
    qtbot: Any, empty_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = empty_window
    today = window.day_plan.today_view
    assert today.pages.currentWidget() is today.welcome
    assert today.welcome.isVisible()
    window.views.setCurrentWidget(window.splitter)
    assert window.welcome.isVisible()
    assert not window.table.isVisible()
    answer = {"fields": {"name": "刘洋"}, "grade": {"grade": "E"}}
    monkeypatch.setattr(dialogs.NewCardDialog, "ask", classmethod(lambda cls, *a, **k: answer))
    window.views.setCurrentWidget(today)
    qtbot.mouseClick(today.welcome.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown_names(window) == ["刘洋"], timeout=2000)
    qtbot.waitUntil(lambda: today.pages.currentWidget() is today.table, timeout=2000)
    assert not window.welcome.isVisible()
    assert window.panel.card is not None


def test_import_button_opens_the_import(
    qtbot: Any, empty_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[object] = []
    monkeypatch.setattr(empty_window.sync_ui, "start_import", lambda *a: started.append(a))
    empty_window.welcome.import_list.disconnect()
    empty_window.welcome.import_list.connect(empty_window.sync_ui.start_import)
    empty_window.views.setCurrentWidget(empty_window.splitter)
    qtbot.mouseClick(empty_window.welcome.import_button, Qt.MouseButton.LeftButton)
    assert len(started) == 1


def test_demo_data_opens_in_its_own_file_and_back(
    qtbot: Any, empty_window: MainWindow, db_path: Path
) -> None:
    window = empty_window
    qtbot.mouseClick(window.day_plan.today_view.welcome.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.total == 300, timeout=20_000)
    assert window.session.store.path == demo_path(db_path)
    assert window.banner.isVisible()
    assert demo_path(db_path).name in window.windowTitle()
    own = Session.open(db_path, read_only=True)
    try:
        assert not own.card_list.rows  # the user's file stays as it was
    finally:
        own.close()
    window.session.store.db.execute_sql("SELECT 1")  # the demo session is the live one
    window.banner.linkActivated.emit("back")
    qtbot.waitUntil(lambda: window.session.store.path == db_path, timeout=2000)
    assert window.model.total == 0
    assert not window.banner.isVisible()
    window.session.close()  # reopened here: the fixture's session was closed on the way


def test_new_card_is_in_the_card_menu_and_help_has_a_guide_and_the_shortcuts(
    qtbot: Any, empty_window: MainWindow
) -> None:
    window = empty_window
    assert window.new_action in window.card_menu.actions()
    assert window.new_action not in window.file_menu.actions()
    assert window.guide_action in window.help_menu.actions()
    window.shortcuts_action.trigger()
    dialog = window.findChild(helpdocs.HelpDialog, "shortcuts")
    assert dialog is not None
    text = dialog.browser.toPlainText()
    assert "Log contact" in text
    assert "Ctrl+L" in text
    assert "Enter or Down" in text
    dialog.close()


def test_the_guide_is_in_chinese_in_the_chinese_window(
    qtbot: Any, empty_window: MainWindow
) -> None:
    translator = QTranslator()
    assert translator.load(str(QM))
    QCoreApplication.installTranslator(translator)
    try:
        html = helpdocs.guide_html()
    finally:
        QCoreApplication.removeTranslator(translator)
    assert "SalesDesk 入门" in html
    assert "zw 就能找到张伟" in html
    assert "Getting started" not in html

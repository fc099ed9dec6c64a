"""What the window remembers between runs, and a second start on the same file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize

from salesdesk.models.lock import DatabaseLock
from salesdesk.services.cardlist import Column
from salesdesk.services.session import Session
from salesdesk.ui.app import open_session
from salesdesk.ui.mainwindow import MainWindow
from salesdesk.ui.single import InstanceServer, ask_running_instance, server_name


def test_geometry_columns_and_sort_are_restored(
    qtbot: Any, session: Session, cards: dict[str, str]
) -> None:
    first = MainWindow(session)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(780, 560)
    first.table.horizontalHeader().resizeSection(int(Column.COMPANY), 250)
    first.table.horizontalHeader().setSortIndicator(
        int(Column.AREA), first.table.horizontalHeader().sortIndicatorOrder()
    )
    first.splitter.setSizes([600, 300])
    sizes = first.splitter.sizes()
    qtbot.waitUntil(lambda: first.size() == QSize(780, 560), timeout=2000)
    first.close()

    second = MainWindow(session)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.size() == QSize(780, 560)
    assert second.table.horizontalHeader().sectionSize(int(Column.COMPANY)) == 250
    assert second.model.sort_column == Column.AREA
    assert second.table.horizontalHeader().sortIndicatorSection() == int(Column.AREA)
    assert second.splitter.sizes() == sizes
    second.close()


def test_server_name_is_the_same_for_any_spelling_of_the_path(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    assert server_name(tmp_path / "cards.db") == server_name("cards.db")
    assert server_name(tmp_path / "cards.db") != server_name(tmp_path / "other.db")


def test_a_second_start_asks_the_first_window_to_come_forward(qtbot: Any, db_path: Path) -> None:
    server = InstanceServer(db_path)
    assert server.listen()
    try:
        with qtbot.waitSignal(server.activate_requested, timeout=3000):
            assert ask_running_instance(db_path)
    finally:
        server.close()


def test_nobody_answers_when_no_window_listens(qtbot: Any, db_path: Path) -> None:
    assert not ask_running_instance(db_path, timeout_ms=500)


def test_locked_file_with_no_answer_opens_read_only_with_a_banner(
    qtbot: Any, db_path: Path
) -> None:
    made = Session.open(db_path)
    made.create_card({"name": "张伟"})
    made.close()
    lock = DatabaseLock(db_path)  # another process's window, as far as this one can tell
    assert lock.acquire()
    try:
        session, reason = open_session(db_path)
        assert session is not None
        assert session.read_only
        assert reason is not None
        window = MainWindow(session, read_only_reason=reason)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        assert window.banner.isVisible()
        assert "read-only" in window.banner.text()
        assert "another SalesDesk window" in window.banner.text()
        assert window.model.rowCount() == 1
        window.table.selectRow(0)
        qtbot.waitUntil(lambda: window.panel.card is not None, timeout=2000)
        for action in (
            window.new_action,
            window.delete_action,
            window.log_contact_action,
            window.change_grade_action,
            window.save_action,
            window.undo_action,
        ):
            assert not action.isEnabled(), action.text()
        assert window.panel.edits["name"].isReadOnly()
        assert not window.panel.save_button.isVisible()
        window.close()
        session.close()
    finally:
        lock.release()


def test_locked_file_with_a_listening_window_is_handed_over(qtbot: Any, db_path: Path) -> None:
    Session.open(db_path).close()
    lock = DatabaseLock(db_path)
    assert lock.acquire()
    server = InstanceServer(db_path)
    assert server.listen()
    try:
        with qtbot.waitSignal(server.activate_requested, timeout=3000):
            session, reason = open_session(db_path)
        assert session is None
        assert reason is None
    finally:
        server.close()
        lock.release()

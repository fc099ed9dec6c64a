"""File > Sync > Sync with team hub (Shift+F5) in the window, against the real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from salesdesk.services.session import Session
from salesdesk.ui.hubui import HubUi
from tests.gui.helpers import shown_names
from tests.hub.helpers import dump, password, sync

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def window(qtbot: Any, db_path: Path, colleague: Path) -> Iterator[Any]:
    """This laptop's window (opened after the colleague's file: one store at a time)."""
    from salesdesk.ui.mainwindow import MainWindow

    session = Session.open(db_path)
    session.create_card({"name": "张伟", "company": "华信贸易"}, grade="E")
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()
    if not session.store.db.is_closed():
        session.close()


def test_the_first_sync_asks_where_the_hub_is_then_brings_the_teams_cards(
    qtbot: Any, window: Any, hub_url: str, errors: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    other = window.session.path.parent / "other.db"
    asked: list[str] = []

    def answer(_cls: Any, _parent: Any) -> tuple[str, str, str]:
        asked.append("join")
        return hub_url, "", password()

    monkeypatch.setattr(HubUi, "ask_join", classmethod(answer))
    assert "王敏" not in shown_names(window)
    with qtbot.waitSignal(window.hub_ui.hub_synced, timeout=30000):
        qtbot.keyClick(window, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    assert asked == ["join"]
    assert errors == []
    assert "王敏" in shown_names(window)  # the list refreshed through the runner's signal
    assert "Synced with the team hub" in window.statusBar().currentMessage()
    # Joined: the next sync asks only for the password (no keychain here), and the
    # colleague gets this laptop's card.
    monkeypatch.setattr(HubUi, "ask_join", classmethod(lambda c, p: pytest.fail("asked again")))
    monkeypatch.setattr(HubUi, "ask_password", classmethod(lambda c, p, u, w: password()))
    with qtbot.waitSignal(window.hub_ui.hub_synced, timeout=30000):
        qtbot.keyClick(window, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    mine = window.session.dump()
    window.close()
    window.session.close()
    sync(other)
    assert dump(other) == mine


def test_a_wrong_password_is_one_clear_message_and_nothing_changes(
    qtbot: Any, window: Any, hub_url: str, errors: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        HubUi, "ask_join", classmethod(lambda c, p: (hub_url, "", "not-the-password"))
    )
    before = window.session.dump()
    window.hub_ui.sync_action.trigger()
    qtbot.waitUntil(lambda: bool(errors), timeout=30000)
    assert "wrong password" in errors[0]
    assert window.session.dump() == before
    assert not window.ops.busy

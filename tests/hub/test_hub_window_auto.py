"""The window syncs with a joined hub on start and on exit, on a worker, and falls back to
the sync folder (one status-bar message) when the hub cannot be reached."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from salesdesk.services import settings
from salesdesk.services.session import Session
from salesdesk.sync import hub
from salesdesk.sync.files import export_sync_file
from salesdesk.ui import syncprefs
from tests.gui.helpers import shown_names
from tests.hub.helpers import do, dump, join, password, sync

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def keychain(monkeypatch: pytest.MonkeyPatch) -> None:
    """The system keychain holds the hub's password (no keyring backend in the tests)."""
    monkeypatch.setattr(hub, "stored_password", lambda _address: password())


def _window(qtbot: Any, session: Session) -> Any:
    from salesdesk.ui.mainwindow import MainWindow

    main = MainWindow(session)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def opened(qtbot: Any, db_path: Path) -> Iterator[list[Any]]:
    windows: list[Any] = []
    yield windows
    for main in windows:
        main.close()
        if not main.session.store.db.is_closed():
            main.session.close()


def test_the_window_syncs_with_the_hub_on_start_and_on_exit(
    qtbot: Any,
    db_path: Path,
    *,
    hub_url: str,
    colleague: Path,
    errors: list[str],
    opened: list[Any],
) -> None:
    join(db_path, hub_url)
    session = Session.open(db_path)
    mine = session.create_card({"name": "张伟", "company": "华信贸易"}, grade="E").id
    window = _window(qtbot, session)
    opened.append(window)
    assert "王敏" not in shown_names(window)
    # On start: on the runner, the window usable at once (the list is already shown).
    with qtbot.waitSignal(window.hub_ui.hub_synced, timeout=30000):
        window.after_start()
        assert window.ops.busy  # the sync runs on a worker, not on the GUI thread
    assert "王敏" in shown_names(window)
    assert errors == []

    # An edit, then Ctrl+Q: the window waits for the sync on exit, with a message, then closes.
    window.session.edit_card(mine, {"notes": "下周报价"})
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert window.isVisible()
    assert "before closing" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30000)
    assert errors == []
    window.session.close()
    sync(colleague)
    notes = {c["name"]: c["notes"] for c in dump(colleague)["card"]}
    assert notes["张伟"] == "下周报价"


def _nothing_listens() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_hub_falls_back_to_the_sync_folder_with_one_message(
    qtbot: Any,
    db_path: Path,
    *,
    tmp_path: Path,
    hub_url: str,
    colleague: Path,
    errors: list[str],
    opened: list[Any],
) -> None:
    # A laptop that joined a hub whose server is now out of reach (on the road) …
    session = Session.open(db_path)
    with session.store.write():
        settings.put(
            hub.SETTING,
            {"url": f"postgresql://127.0.0.1:{_nothing_listens()}/salesdesk", "user": "li"},
            store=session.store,
        )
    # … and a sync folder where a colleague left a file with 陈静.
    folder = tmp_path / "folder"
    folder.mkdir()
    friend = tmp_path / "friend.db"
    do(friend, lambda s: s.create_card({"name": "陈静"}, grade="A"))
    do(friend, lambda s: export_sync_file(s.store, folder=folder))
    syncprefs.put(syncprefs.FOLDER_KEY, str(folder))
    window = _window(qtbot, session)
    opened.append(window)
    said: list[str] = []
    window.hub_ui.hub_unreachable.connect(said.append)
    shown: list[str] = []
    window.statusBar().messageChanged.connect(shown.append)
    with qtbot.waitSignal(window.sync_ui.synced, timeout=30000):
        window.after_start()
    assert "陈静" in shown_names(window)
    assert len(said) == 1, shown
    assert "cannot be reached" in said[0]
    assert [m for m in shown if "cannot be reached" in m] == [
        "The team hub cannot be reached: syncing with the sync folder."
    ]
    assert errors == []  # no dialog at start
    # On demand (Shift+F5) too: the folder, no error box.
    with qtbot.waitSignal(window.sync_ui.synced, timeout=30000):
        qtbot.keyClick(window, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    assert errors == []
    assert len(said) == 2

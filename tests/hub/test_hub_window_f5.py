"""Sync now (F5) in the window: the joined team hub when it answers, the sync folder when
it does not (issue 23, point 2: on demand as on start and exit), pressed as a user does."""

from __future__ import annotations

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
from tests.hub.test_hub_window_auto import _nothing_listens

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def keychain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hub, "stored_password", lambda _address: password())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A sync folder where a friend (not on the hub) left a file with 陈静."""
    where = tmp_path / "folder"
    where.mkdir()
    friend = tmp_path / "friend.db"
    do(friend, lambda s: s.create_card({"name": "陈静"}, grade="A"))
    do(friend, lambda s: export_sync_file(s.store, folder=where))
    syncprefs.put(syncprefs.FOLDER_KEY, str(where))
    return where


@pytest.fixture
def opened(qtbot: Any) -> Iterator[list[Any]]:
    windows: list[Any] = []
    yield windows
    for main in windows:
        main.close()
        if not main.session.store.db.is_closed():
            main.session.close()


def _window(qtbot: Any, session: Session, opened: list[Any]) -> Any:
    from salesdesk.ui.mainwindow import MainWindow

    main = MainWindow(session)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()  # shortcuts go to the active window
    qtbot.waitUntil(main.isActiveWindow, timeout=5000)
    main.table.setFocus()
    opened.append(main)
    return main


def test_f5_syncs_with_the_joined_hub_not_the_folder(
    qtbot: Any,
    db_path: Path,
    *,
    hub_url: str,
    colleague: Path,
    folder: Path,
    errors: list[str],
    opened: list[Any],
) -> None:
    join(db_path, hub_url)
    session = Session.open(db_path)
    session.create_card({"name": "张伟"}, grade="E")
    window = _window(qtbot, session, opened)
    folder_synced: list[object] = []
    window.sync_ui.synced.connect(folder_synced.append)
    with qtbot.waitSignal(window.hub_ui.hub_synced, timeout=30000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not window.ops.busy, timeout=30000)
    assert "王敏" in shown_names(window)  # the hub's card
    assert "陈静" not in shown_names(window)  # the folder was not used
    assert folder_synced == []
    assert len(list(folder.glob("*.salesdesk"))) == 1  # only the friend's file: ours not written
    assert "Synced with the team hub" in window.statusBar().currentMessage()
    assert errors == []
    mine = window.session.dump()
    window.close()
    window.session.close()
    sync(colleague)
    assert dump(colleague) == mine


def test_f5_falls_back_to_the_folder_when_the_hub_is_out_of_reach(
    qtbot: Any,
    db_path: Path,
    *,
    hub_url: str,
    folder: Path,
    errors: list[str],
    opened: list[Any],
) -> None:
    session = Session.open(db_path)
    with session.store.write():
        settings.put(
            hub.SETTING,
            {"url": f"postgresql://127.0.0.1:{_nothing_listens()}/salesdesk", "user": "li"},
            store=session.store,
        )
    window = _window(qtbot, session, opened)
    shown: list[str] = []
    window.statusBar().messageChanged.connect(shown.append)
    with qtbot.waitSignal(window.sync_ui.synced, timeout=30000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert "陈静" in shown_names(window)
    assert "The team hub cannot be reached: syncing with the sync folder." in shown
    assert errors == []  # the folder stood in: no error box


def test_f5_without_a_hub_syncs_the_folder(
    qtbot: Any, db_path: Path, *, folder: Path, errors: list[str], opened: list[Any]
) -> None:
    window = _window(qtbot, Session.open(db_path), opened)
    hub_synced: list[object] = []
    window.hub_ui.hub_synced.connect(hub_synced.append)
    with qtbot.waitSignal(window.sync_ui.synced, timeout=30000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert "陈静" in shown_names(window)
    assert hub_synced == []
    assert errors == []


def test_f5_says_which_cards_stay_for_their_unsent_work(
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    hub_url: str,
    opened: list[Any],
) -> None:
    """A card unshared while this laptop holds work on it the hub never got stays, and the
    user is told which, once, in a box (they asked for the sync)."""
    from tests.hub.helpers import SECRETS, add_team, init
    from tests.hub.test_hub_roles import _laptop

    init(hub_url)
    add_team(hub_url)
    li = _laptop(tmp_path, hub_url, "liqiang")
    wang = _laptop(tmp_path, hub_url, "wangmin")
    card = do(li, lambda s: s.create_card({"name": "张伟", "owner": "李强"}, grade="B").id)
    sync(li, SECRETS["liqiang"])
    address = hub.parse_url(hub_url.replace("hubadmin@", ""), "liqiang")
    hub.share(address, SECRETS["liqiang"], card, "wangmin")
    sync(wang, SECRETS["wangmin"])
    do(wang, lambda s: s.log_contact(card, channel="visit", summary="王敏上门拜访"))
    hub.share(address, SECRETS["liqiang"], card, "wangmin", on=False)

    monkeypatch.setattr(hub, "stored_password", lambda _address: SECRETS["wangmin"])
    from salesdesk.ui import messages

    boxes: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda _p, _title, text: boxes.append(text))
    window = _window(qtbot, Session.open(wang), opened)
    with qtbot.waitSignal(window.hub_ui.hub_synced, timeout=30000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert "张伟" in shown_names(window)  # kept, with her visit
    assert len(boxes) == 1
    assert "张伟" in boxes[0]
    assert "nothing is lost" in boxes[0]

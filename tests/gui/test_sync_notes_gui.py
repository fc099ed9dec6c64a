"""What a merge says beyond its counts reaches the window's user: a laptop whose card was
erased at the person's request by another laptop (with the contact logged here since) is
told, as `sync merge` tells it on the command line; it saw only "1 files merged"."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from salesdesk.services.session import Session
from salesdesk.sync.service import SyncService
from salesdesk.ui import syncprefs
from tests.gui.conftest import Messages


def _erased_elsewhere(db_path: Path, tmp_path: Path, card_id: str) -> Path:
    """A copy of this laptop's book that erases the card and writes its file in a folder."""
    other = tmp_path / "other.db"
    shutil.copy(db_path, other)
    folder = tmp_path / "shared"
    folder.mkdir()
    opened = Session.open(other)
    try:
        opened.erase_person(card_id)
        SyncService(opened).export(folder=folder)
    finally:
        opened.close()
    return folder


def test_sync_now_says_a_card_was_erased_with_the_work_done_on_it_here(  # noqa: PLR0917
    qtbot: Any,
    window: Any,
    session: Session,
    cards: dict[str, str],
    db_path: Path,
    tmp_path: Path,
    messages: Messages,
) -> None:
    card_id = cards["张伟"]
    folder = _erased_elsewhere(db_path, tmp_path, card_id)
    session.log_contact(card_id, channel="phone", summary="called about the renewal")
    syncprefs.put(syncprefs.FOLDER_KEY, str(folder))
    with qtbot.waitSignal(window.sync_ui.synced, timeout=20000):
        assert window.sync_ui.sync_folder_now()
    assert card_id not in [c["id"] for c in session.dump()["card"]]
    assert messages.errors == []
    [said] = messages.infos
    assert "张伟 was erased on another laptop at their request" in said
    assert "with what was written here on the card since" in said


def test_the_sync_at_start_says_it_in_the_status_bar(  # noqa: PLR0917
    qtbot: Any,
    window: Any,
    session: Session,
    cards: dict[str, str],
    db_path: Path,
    tmp_path: Path,
    messages: Messages,
) -> None:
    card_id = cards["John Smith"]
    folder = _erased_elsewhere(db_path, tmp_path, card_id)
    syncprefs.put(syncprefs.FOLDER_KEY, str(folder))
    with qtbot.waitSignal(window.sync_ui.synced, timeout=20000):
        assert window.sync_ui.sync_folder_now(quiet=True)
    assert messages.infos == []
    shown = window.statusBar().currentMessage()
    assert "John Smith was erased on another laptop at their request: erased here too" in shown

"""The window's messages as a user reads them, in English and Chinese: a long one in the
status bar ends clear of the "N of M cards" label (whole in its tooltip); a file of the
sync folder that could not be merged is named once; the team passphrase has its own hint;
the operating system's words for a fault are in the window's language; the team hub's
merge notes reach the user (a box on F5, the status bar at start)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QStatusBar, QToolTip

from salesdesk.services.session import Session
from salesdesk.ui import syncprefs
from tests.gui.conftest import Messages


@pytest.fixture
def main(qtbot: Any, lang: str, session: Session, cards: dict[str, str]) -> Iterator[Any]:
    from salesdesk.ui.mainwindow import MainWindow

    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(760, 480)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def _painted(bar: QStatusBar) -> str:
    """What QStatusBar paints: its own message, not the whole one MessageBar keeps."""
    return QStatusBar.currentMessage(bar)


@pytest.mark.qt_log_ignore(  # the offscreen platform's, for the tooltip
    "does not support propagateSizeHints", "does not support raise"
)
def test_a_long_sync_failure_in_the_status_bar_ends_clear_of_the_card_count(
    qtbot: Any, main: Any, lang: str, tmp_path: Path
) -> None:
    # At start, the sync folder (on a stick that was pulled out) is not there: said in the
    # status bar, with the folder's long path.
    gone = tmp_path / "U盘" / "SalesDesk sync folder of the whole northern sales team"
    syncprefs.put(syncprefs.FOLDER_KEY, str(gone))
    main.after_start()
    bar = main.statusBar()
    did_not_run = "同步未执行" if lang == "zh_CN" else "Sync did not run"
    qtbot.waitUntil(lambda: did_not_run in bar.currentMessage(), timeout=10000)
    whole = bar.currentMessage()
    assert str(gone) in whole  # the whole message, as the status bar was given it
    label = main.count_label
    assert label.isVisible()
    assert label.text()

    def clear_of_the_label() -> bool:
        painted = _painted(bar)
        width = bar.fontMetrics().horizontalAdvance(painted)
        # QStatusBar paints from x=6; the label's text starts at its x: an em between them.
        return (
            painted.endswith("…")
            and 6 + width + bar.fontMetrics().horizontalAdvance("M") <= label.x()
        )

    assert clear_of_the_label(), (_painted(bar), label.geometry())
    assert _painted(bar).rstrip("…") in " ".join(whole.split())
    # Hovering over it shows the whole message.
    where = QPoint(40, bar.height() // 2)
    QApplication.sendEvent(bar, QHelpEvent(QEvent.Type.ToolTip, where, bar.mapToGlobal(where)))
    assert QToolTip.text() == whole
    QToolTip.hideText()
    # A wider window shows more of it, still clear of the label; the message stays whole.
    before = _painted(bar)
    main.resize(1100, 480)
    qtbot.waitUntil(lambda: len(_painted(bar)) > len(before), timeout=5000)
    assert clear_of_the_label() or _painted(bar) == " ".join(whole.split())
    assert bar.currentMessage() == whole


def test_a_short_message_is_painted_whole_without_a_tooltip(qtbot: Any, main: Any) -> None:
    bar = main.statusBar()
    shown: list[str] = []
    bar.messageChanged.connect(shown.append)
    bar.showMessage("Saved.", 3000)
    assert _painted(bar) == "Saved." == bar.currentMessage()
    assert bar.toolTip() == ""
    assert shown == ["Saved."]
    bar.showMessage("Saved.", 3000)  # the same again: no second signal, as QStatusBar
    assert shown == ["Saved."]
    bar.clearMessage()
    assert bar.currentMessage() == ""
    assert shown == ["Saved.", ""]


def _active(qtbot: Any, window: Any) -> None:
    window.activateWindow()  # shortcuts go to the active window
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.table.setFocus()


def test_f5_names_a_file_of_the_sync_folder_it_could_not_merge_once(
    qtbot: Any, main: Any, lang: str, tmp_path: Path, messages: Messages
) -> None:
    folder = tmp_path / "坚果云" / "sync"
    folder.mkdir(parents=True)
    # Half-copied by the cloud client: a database's first bytes and then not the rest.
    (folder / "laptop-b.salesdesk").write_bytes(b"SQLite format 3\x00" + b"x" * 5000)
    (folder / "laptop-c.salesdesk").mkdir()  # a folder named like a sync file
    syncprefs.put(syncprefs.FOLDER_KEY, str(folder))
    _active(qtbot, main)
    with qtbot.waitSignal(main.sync_ui.synced, timeout=20000):
        qtbot.keyClick(main, Qt.Key.Key_F5)
    [said] = messages.errors
    lines = said.splitlines()[1:]
    assert len(lines) == 2, said
    for line, name in zip(lines, ("laptop-b.salesdesk", "laptop-c.salesdesk"), strict=True):
        assert line.count(name) == 1, line
        assert str(folder) not in line  # by its name: the folder is the one synced
    damaged = "已损坏" if lang == "zh_CN" else "is damaged"
    assert damaged in lines[0]


def test_the_team_passphrase_has_its_own_hint(
    qtbot: Any, lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QDialog

    from salesdesk.ui import messages as ui_messages
    from salesdesk.ui.mainwindow import MainWindow
    from salesdesk.ui.preferences import PreferencesDialog

    path = tmp_path / "secret.db"
    Session.open(path, passphrase="tiger lily 9").close()  # the team's needs an encrypted one
    session = Session.open(path, passphrase="tiger lily 9")
    main = MainWindow(session)
    qtbot.addWidget(main)
    asked: list[str] = []

    def answer(dialog: QDialog, _read: Any) -> None:  # what the user reads, then Cancel
        asked.append(dialog.hint.text())  # type: ignore[attr-defined]
        dialog.deleteLater()

    monkeypatch.setattr(ui_messages, "answer", answer)
    try:
        dialog = PreferencesDialog(main, session.visit_settings())
        qtbot.addWidget(dialog)
        qtbot.mouseClick(dialog.privacy_page.team_button, Qt.MouseButton.LeftButton)
        main.privacy_ui.encrypt()  # the database's passphrase, for comparison
    finally:
        main.close()
        session.close()
    team, database = asked
    assert team != database
    if lang == "zh_CN":
        assert "团队口令" in team
        assert "同步" in team
        assert "不是本数据库的口令" in team
    else:
        assert "Every laptop that syncs with yours" in team
        assert "not your database's passphrase" in team
    assert "8" in team  # the shortest it may be, as the database's says


def test_a_sync_file_that_cannot_be_written_says_why_in_the_window_language(
    qtbot: Any,
    main: Any,
    lang: str,
    *,
    tmp_path: Path,
    messages: Messages,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import errno
    import os

    from salesdesk.sync.files import default_name
    from salesdesk.ui.syncui import SyncUi

    out = tmp_path / "out"
    out.mkdir()
    target = out / default_name(main.session.store)
    target.mkdir()  # a folder where the file goes
    monkeypatch.setattr(SyncUi, "choose_folder", classmethod(lambda cls, *_: str(out)))
    main.sync_ui.export_action.trigger()  # File > Sync > Export sync file…
    qtbot.waitUntil(lambda: bool(messages.errors), timeout=10000)
    [said] = messages.errors
    assert said.count(target.name) == 1, said
    if lang == "zh_CN":
        assert said.endswith(f"无法写入 {target}：这是文件夹，不是文件。"), said
    else:
        assert said.endswith(f"Cannot write {target}: {os.strerror(errno.EISDIR)}."), said


@pytest.fixture
def hub_notes(main: Any, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """This book joined a team hub whose sync brings a card erased at the person's request
    on another laptop: the hub faked at its network edge (hub.connect, hub.sync), so the
    window's road (F5 or start, the runner, the sync service, HubUi) is the real one.
    Returns the message boxes' (title, text)."""
    from salesdesk.services import settings
    from salesdesk.sync import hub
    from salesdesk.sync.merge import MergeReport
    from salesdesk.ui import messages as ui_messages

    store = main.session.store
    with store.write():
        settings.put(
            hub.SETTING,
            {"url": "postgresql://hub.example.com/salesdesk", "user": "li"},
            store=store,
        )

    class Connection:
        def close(self) -> None:
            pass

    def sync(_store: Any, address: Any, _password: str, _progress: Any) -> Any:
        pulled = MergeReport(
            source=address.label,
            warnings=["王芳 was erased on another laptop at their request: erased here too"],
        )
        return hub.HubSync(hub=address.label, pulled=pulled, pushed_rows=2)

    monkeypatch.setattr(hub, "stored_password", lambda _address: "hub words 1")
    monkeypatch.setattr(hub, "connect", lambda _address, _password: Connection())
    monkeypatch.setattr(hub, "sync", sync)
    boxes: list[tuple[str, str]] = []
    monkeypatch.setattr(
        ui_messages, "show_info", lambda _parent, title, text: boxes.append((title, text))
    )
    return boxes


def _erased_here(lang: str) -> str:
    if lang == "zh_CN":
        return "王芳 已应本人要求在另一台电脑上被抹除：本机也已抹除"
    return "王芳 was erased on another laptop at their request: erased here too"


def test_f5_with_the_team_hub_says_its_merge_notes_in_a_box_titled_team_hub(
    qtbot: Any, main: Any, lang: str, hub_notes: list[tuple[str, str]]
) -> None:
    _active(qtbot, main)
    with qtbot.waitSignal(main.hub_ui.hub_synced, timeout=20000):
        qtbot.keyClick(main, Qt.Key.Key_F5)
    assert hub_notes == [("团队数据库" if lang == "zh_CN" else "Team hub", _erased_here(lang))]


def test_the_team_hub_at_start_says_its_merge_notes_in_the_status_bar(
    qtbot: Any, main: Any, lang: str, hub_notes: list[tuple[str, str]], messages: Messages
) -> None:
    with qtbot.waitSignal(main.hub_ui.hub_synced, timeout=20000):
        main.after_start()
    assert hub_notes == []
    assert messages.errors == []
    assert main.statusBar().currentMessage() == _erased_here(lang)


def test_a_demo_that_cannot_be_opened_says_why_in_the_window_language(
    main: Any, lang: str, *, messages: Messages, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    from salesdesk.services.session import Session

    def refused(path: Path, *args: Any, **kwargs: Any) -> Session:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(Session, "open", staticmethod(refused))
    before = main.session
    main.demo_action.trigger()  # Help > Try with demo data
    [said] = messages.errors
    assert main.session is before
    if lang == "zh_CN":
        assert "没有访问权限" in said, said
        assert os.strerror(errno.EACCES) not in said, said
    else:
        assert os.strerror(errno.EACCES) in said, said


def test_a_sync_at_start_that_failed_stays_in_reach_until_read(
    qtbot: Any, main: Any, lang: str, tmp_path: Path, messages: Messages
) -> None:
    """The status bar's message goes after a few seconds; the sync at start may fail while
    nobody looks. A "Sync: 1 message" button stays beside it until it is clicked, and the
    box it opens says what happened, in the window's language."""
    gone = tmp_path / "U盘" / "sync"
    syncprefs.put(syncprefs.FOLDER_KEY, str(gone))
    button = main.sync_ui.notice_button
    assert not button.isVisible()
    main.after_start()
    qtbot.waitUntil(button.isVisible, timeout=10000)
    assert button.text() == ("同步：1 条消息" if lang == "zh_CN" else "Sync: 1 message")
    main.statusBar().clearMessage()  # the message's time is up, or another took its place
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    did_not_run = "同步未执行" if lang == "zh_CN" else "Sync did not run"
    assert len(messages.infos) == 1
    assert did_not_run in messages.infos[0]
    assert str(gone) in messages.infos[0]
    assert not button.isVisible()
    # Two failures before it is read: both are kept, and counted.
    main.sync_ui.sync_folder_now(quiet=True)
    qtbot.waitUntil(button.isVisible, timeout=10000)
    main.sync_ui.sync_folder_now(quiet=True)
    count = "同步：2 条消息" if lang == "zh_CN" else "Sync: 2 messages"
    qtbot.waitUntil(lambda: button.text() == count, timeout=10000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert messages.infos[1].count(did_not_run) == 2


def test_a_folder_of_team_encrypted_files_says_where_the_team_passphrase_is_set(
    qtbot: Any, main: Any, lang: str, tmp_path: Path, messages: Messages
) -> None:
    """A laptop not given the team passphrase yet is refused the team's encrypted folder; the
    box names the Preferences page to set it on, and that page is the one with the button
    (it said Preferences > Sync, where there is no such button)."""
    import os

    from salesdesk.ui.preferences import PreferencesDialog

    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "colleague.salesdesk").write_bytes(os.urandom(4096))  # as SQLCipher writes
    syncprefs.put(syncprefs.FOLDER_KEY, str(folder))
    main.after_start()
    button = main.sync_ui.notice_button
    qtbot.waitUntil(button.isVisible, timeout=10000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    said = messages.infos[0]
    preferences = "偏好设置" if lang == "zh_CN" else "Preferences"
    assert f"{preferences} > " in said, said
    named = said.split(f"{preferences} > ", 1)[1].split("）")[0].split(")")[0]
    dialog = PreferencesDialog(main, main.session.visit_settings())
    qtbot.addWidget(dialog)
    titles = [dialog.pages.tabText(i).replace("&", "") for i in range(dialog.pages.count())]
    assert named in titles, (named, titles)
    page = dialog.pages.widget(titles.index(named))
    assert dialog.privacy_page.team_button in page.findChildren(
        type(dialog.privacy_page.team_button)
    )
    assert sorted(p.name for p in folder.iterdir()) == ["colleague.salesdesk"]  # nothing written

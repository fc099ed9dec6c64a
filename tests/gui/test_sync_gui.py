"""The window's sync side: merge preview and apply, conflicts, duplicates, backups, import, exit."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from salesdesk.services.cardlist import Column
from salesdesk.services.session import Session
from salesdesk.sync.files import default_name
from salesdesk.sync.service import SyncService
from salesdesk.ui import syncprefs
from salesdesk.ui.conflicts_view import ConflictsDialog
from salesdesk.ui.syncui import MergePreviewDialog, SyncUi
from tests.gui.helpers import cell, select, shown_names


def _with(path: Path, work: Any) -> Any:
    opened = Session.open(path)
    try:
        return work(opened)
    finally:
        opened.close()


def _id(session: Session, name: str) -> str:
    return next(r.id for r in session.card_list.rows.values() if r.name == name)


@pytest.fixture
def other_laptop(tmp_path: Path, db_path: Path) -> Path:
    """This laptop and a copy edited apart: a new card there, one company changed on both."""

    def start(s: Session) -> None:
        s.create_card(
            {"name": "张伟", "company": "上海华信贸易", "phones": "13800138000"}, grade="B"
        )
        s.create_card({"name": "Mary Johnson", "company": "Contoso"}, grade="A")

    _with(db_path, start)
    other_db = tmp_path / "other.db"
    shutil.copy(db_path, other_db)
    folder = tmp_path / "stick"
    folder.mkdir()

    def other(s: Session) -> Path:
        with s.store.write():
            s.store.set_meta("device_name", "laptop-2")
        s.create_card({"name": "赵敏", "company": "杭州西湖软件"}, grade="C")
        s.edit_card(_id(s, "张伟"), {"company": "华信集团"})
        return SyncService(s).export(folder=folder)

    sync_file: Path = _with(other_db, other)
    _with(db_path, lambda s: s.edit_card(_id(s, "张伟"), {"company": "华信贸易有限公司"}))
    return sync_file


@pytest.fixture
def session(db_path: Path, other_laptop: Path) -> Iterator[Session]:
    opened = Session.open(db_path)
    yield opened
    opened.close()


@pytest.fixture
def main(qtbot: Any, session: Session) -> Iterator[Any]:
    from salesdesk.ui.mainwindow import MainWindow

    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def test_merge_preview_shows_counts_and_apply_brings_the_other_card(
    qtbot: Any, main: Any, other_laptop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SyncUi, "choose_merge_file", classmethod(lambda c, p, s: str(other_laptop)))
    dialog = main.sync_ui.merge_from_file()
    assert dialog is not None
    assert not main.new_action.isEnabled()  # edits wait while the preview reads
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    report = dialog.report
    assert report.new >= 1
    assert report.conflicts == 1
    assert dialog.count_labels["new"].text() == str(report.new)
    assert dialog.count_labels["conflicts"].text() == "1"
    assert dialog.tables.verticalHeaderItem(0).text() == "Card"
    assert dialog.tables.item(0, 0).text() == "1"  # one new card
    assert "赵敏" not in shown_names(main)  # a preview writes nothing
    assert main.new_action.isEnabled()

    dialog.apply_button.click()
    assert not main.new_action.isEnabled()
    qtbot.waitUntil(lambda: dialog.applied, timeout=10000)
    assert "赵敏" in shown_names(main)
    assert main.new_action.isEnabled()
    assert main.sync_ui.session.backups()[0].reason == "before-merge"


def test_a_foreign_file_gives_one_message_and_changes_nothing(
    qtbot: Any, main: Any, messages: Any, tmp_path: Path, db_path: Path
) -> None:
    foreign = tmp_path / "notes.db"
    with sqlite3.connect(foreign) as con:
        con.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
    con.close()
    live_before = db_path.read_bytes()
    foreign_before = foreign.read_bytes()
    dialog = main.sync_ui.merge_from_file(str(foreign))
    qtbot.waitUntil(lambda: bool(messages.errors), timeout=10000)
    qtbot.wait(50)
    assert len(messages.errors) == 1
    assert "notes.db" in messages.errors[0]
    assert "not a SalesDesk file" in messages.errors[0]
    assert dialog is not None
    assert not [d for d in main.findChildren(MergePreviewDialog) if d.isVisible()]
    assert db_path.read_bytes() == live_before
    assert foreign.read_bytes() == foreign_before
    assert main.new_action.isEnabled()


def test_keep_other_changes_the_card_and_the_conflict_goes(
    qtbot: Any, qtmodeltester: Any, session: Session, other_laptop: Path
) -> None:
    SyncService(session).merge(other_laptop)
    from salesdesk.ui.mainwindow import MainWindow

    window = MainWindow(session)
    qtbot.addWidget(window)
    assert cell(window, "张伟", Column.COMPANY) == "华信贸易有限公司"
    dialog = window.sync_ui.show_conflicts()
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.conflict_model, force_py=True)
    model = dialog.conflict_model
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "张伟"
    assert model.index(0, 1).data() == "Company"
    assert model.index(0, 4).data() == "华信集团"
    assert model.index(0, 5).data().startswith("laptop-2")
    dialog.keep_other.click()
    assert model.rowCount() == 0
    assert cell(window, "张伟", Column.COMPANY) == "华信集团"
    window.undo()  # the resolution is one undoable step
    assert cell(window, "张伟", Column.COMPANY) == "华信贸易有限公司"


def test_merge_two_cards_keeps_both_logs_and_undo_splits_them(
    qtbot: Any, qtmodeltester: Any, main: Any, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    li = session.create_card({"name": "李娜", "phones": "+86 139 0000 1111"}).id
    other = session.create_card({"name": "Li Na", "phones": "13900001111"}).id
    session.log_contact(li, channel="phone", summary="电话")
    session.log_contact(other, channel="visit", summary="Met at the fair")
    main.refresh_list()
    dialog = main.sync_ui.show_conflicts()
    qtmodeltester.check(dialog.duplicate_model, force_py=True)
    rows = [p for p in dialog.duplicate_model.pairs if {p[0], p[2]} == {li, other}]
    assert len(rows) == 1
    dialog.duplicate_view.selectRow(dialog.duplicate_model.pairs.index(rows[0]))
    keep_first = rows[0][0] == li
    monkeypatch.setattr(
        ConflictsDialog, "ask_keep", classmethod(lambda c, p, a, b: 0 if keep_first else 1)
    )
    dialog.merge_button.click()
    names = shown_names(main)
    assert "李娜" in names
    assert "Li Na" not in names
    assert {c.summary for c in session.contacts(li)} == {"电话", "Met at the fair"}
    assert all(p[0] != other and p[2] != other for p in dialog.duplicate_model.pairs)
    main.undo()
    assert {"李娜", "Li Na"} <= set(shown_names(main))
    assert [c.summary for c in session.contacts(li)] == ["电话"]
    assert [c.summary for c in session.contacts(other)] == ["Met at the fair"]


def test_not_the_same_person_stays_dismissed(main: Any, session: Session) -> None:
    first = session.create_card({"name": "王芳", "phones": "13700001111"}).id
    second = session.create_card({"name": "王芳芳", "phones": "13700001111"}).id
    dialog = main.sync_ui.show_conflicts()
    row = next(
        i for i, p in enumerate(dialog.duplicate_model.pairs) if {p[0], p[2]} == {first, second}
    )
    dialog.duplicate_view.selectRow(row)
    dialog.not_same_button.click()
    dialog.refresh()
    assert all({p[0], p[2]} != {first, second} for p in dialog.duplicate_model.pairs)
    assert (min(first, second), max(first, second)) in session.dismissed_duplicates()


def test_restore_from_backup_brings_the_old_value_back(
    qtbot: Any, qtmodeltester: Any, main: Any, session: Session, messages: Any
) -> None:
    assert session.daily_backup() is not None
    zhang = _id(session, "张伟")
    main.ops.run(lambda: session.edit_card(zhang, {"company": "新公司"}))
    assert cell(main, "张伟", Column.COMPANY) == "新公司"
    dialog = main.sync_ui.show_backups()
    qtmodeltester.check(dialog.model, force_py=True)
    assert dialog.model.index(0, 1).data() == "Daily"
    dialog.view.selectRow(0)
    changes: list[Any] = []
    main.ops.changed.connect(changes.append)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert len(messages.confirmations) == 1
    qtbot.waitUntil(lambda: main.session is not session, timeout=10000)  # on the runner
    assert [c.everything for c in changes] == [True]  # one change signal: everything
    assert cell(main, "张伟", Column.COMPANY) == "华信贸易有限公司"
    assert main.session is not session
    assert main.ops.session is main.session
    assert main.model.card_list is main.session.card_list
    select(main, qtbot, "张伟")
    assert main.panel.card.company == "华信贸易有限公司"
    reasons = [b.reason for b in main.session.backups()]
    assert "before-restore" in reasons
    assert [dialog.model.index(r, 1).data() for r in range(dialog.model.rowCount())].count(
        "Before a restore"
    ) == 1
    main.close()
    main.session.close()  # the restored session; the fixture closes the first one


def test_a_restore_shows_progress_and_cancel_leaves_the_cards_as_they_were(
    qtbot: Any, main: Any, session: Session, messages: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import time

    from PySide6.QtWidgets import QPushButton

    assert session.daily_backup() is not None
    zhang = _id(session, "张伟")
    main.ops.run(lambda: session.edit_card(zhang, {"company": "新公司"}))
    before = session.dump()
    backups_before = [b.path for b in session.backups()]
    real = Session.stage_restore
    held: list[str] = []

    def stage_restore(self: Session, backup: Path, task: Any = None) -> Any:
        class Held:  # the runner's task, held mid-copy until Cancel is pressed
            def report(self, done: int, total: int, text: str = "") -> bool:
                task.report(done, total, text)
                if done == 0:
                    return True
                held.append(threading.current_thread().name)
                deadline = time.monotonic() + 10
                while not task.cancelled and time.monotonic() < deadline:
                    time.sleep(0.01)
                return task.report(done, total, text)

        return real(self, backup, Held())

    monkeypatch.setattr(Session, "stage_restore", stage_restore)
    dialog = main.sync_ui.show_backups()
    dialog.view.selectRow(dialog.model.rowCount() - 1)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(held), timeout=5000)
    assert held[0] != threading.current_thread().name  # the copies are made on a worker
    progress = main.backups_ui.restore_progress
    qtbot.waitUntil(lambda: progress.value() > 0, timeout=5000)
    assert progress.isVisible()
    assert main.ops.busy  # no edits meanwhile
    cancel = next(b for b in progress.findChildren(QPushButton) if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not main.ops.busy, timeout=10000)
    assert main.session is session  # the same file, still open
    assert messages.errors == []
    assert "cancelled" in main.statusBar().currentMessage()
    assert session.dump() == before
    assert cell(main, "张伟", Column.COMPANY) == "新公司"
    assert [b.path for b in session.backups()] == backups_before  # no "before-restore" left
    assert not list(session.path.parent.glob("*.restoring"))


def test_a_dropped_csv_opens_the_import_wizard(qtbot: Any, main: Any, tmp_path: Path) -> None:
    csv = tmp_path / "客户.csv"
    csv.write_text("姓名,公司,手机\n周杰,台北華信貿易,13911112222\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(csv))])
    event = QDropEvent(
        QPointF(40, 40),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    main.dropEvent(event)
    assert event.isAccepted()
    qtbot.waitUntil(lambda: main.sync_ui.import_wizard is not None, timeout=3000)
    wizard = main.sync_ui.import_wizard
    assert wizard.file_page.path_edit.text() == str(csv)
    qtbot.waitUntil(lambda: wizard.table is not None, timeout=3000)
    wizard.next()
    wizard.next()  # the rows are checked on the runner; the wizard moves on after
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.duplicates_page, timeout=5000)
    with qtbot.waitSignal(main.ops.changed, timeout=5000) as signal:
        wizard.next()
    assert signal.args[0].everything
    assert "周杰" in shown_names(main)


def test_sync_folder_on_exit_writes_this_devices_file(
    qtbot: Any, main: Any, session: Session, tmp_path: Path
) -> None:
    folder = tmp_path / "cloud"
    folder.mkdir()
    syncprefs.put(syncprefs.FOLDER_KEY, str(folder))
    syncprefs.put(syncprefs.ON_EXIT_KEY, True)
    written = folder / default_name(session.store)
    assert not main.close()  # the window waits for the sync, then closes
    qtbot.waitUntil(lambda: not main.isVisible(), timeout=10000)
    assert written.exists()
    assert written.stat().st_size > 0


def test_sync_now_works_on_a_folder_as_it_is_typed(
    qtbot: Any, main: Any, session: Session, tmp_path: Path
) -> None:
    """Typing a folder makes Sync now clickable at once, and a click keeps the folder and
    syncs there: the button stayed greyed until Enter or a click elsewhere (a greyed
    button takes no click; seen in a real window)."""
    folder = tmp_path / "cloud"
    folder.mkdir()
    syncprefs.put(syncprefs.FOLDER_KEY, "")
    main.sync_ui.show_sync_prefs()
    dialog = main.sync_ui.prefs_dialog
    qtbot.waitExposed(dialog)
    page = dialog.findChild(syncprefs.SyncPrefsPage)
    assert not page.sync_button.isEnabled()
    page.folder.setFocus()
    qtbot.keyClicks(page.folder, str(folder))
    assert syncprefs.sync_folder() == ""  # no Enter, no Tab: not kept yet
    assert page.sync_button.isEnabled()
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    assert syncprefs.sync_folder() == str(folder)
    written = folder / default_name(session.store)
    qtbot.waitUntil(written.exists, timeout=10000)
    qtbot.waitUntil(lambda: not main.sync_ui.busy, timeout=10000)
    # Emptied again: no folder, no button.
    page.folder.selectAll()
    qtbot.keyClick(page.folder, Qt.Key.Key_Delete)
    assert not page.sync_button.isEnabled()
    dialog.close()


def test_merge_preview_rows_add_up_to_its_new_count_when_the_file_brings_payments(
    qtbot: Any, main: Any, tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file with a deal paid at once: its payment rows are counted in "new" above the table,
    so the table shows them too (it showed six kinds and did not add up)."""
    third = tmp_path / "third.db"
    shutil.copy(db_path, third)
    folder = tmp_path / "third-stick"
    folder.mkdir()

    def sell(s: Session) -> Path:
        with s.store.write():
            s.store.set_meta("device_name", "laptop-3")
        card = s.create_card({"name": "钱进", "company": "宁波港机"}, grade="A").id
        s.add_deal(card, amount=1200, product="叉车", closed_on="2026-11-02", paid_at_once=True)
        return SyncService(s).export(folder=folder)

    sync_file: Path = _with(third, sell)
    monkeypatch.setattr(SyncUi, "choose_merge_file", classmethod(lambda c, p, s: str(sync_file)))
    dialog = main.sync_ui.merge_from_file()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    rows = {
        dialog.tables.verticalHeaderItem(r).text(): int(dialog.tables.item(r, 0).text())
        for r in range(dialog.tables.rowCount())
    }
    assert rows["Payment"] >= 1
    assert sum(rows.values()) == dialog.report.new == int(dialog.count_labels["new"].text())
    assert "Card image" not in rows  # a kind the file brings none of stays out
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

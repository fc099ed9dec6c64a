"""The window and delta sync files (issue 23): the preview says delta or full, the sync
folder writes deltas by itself, and a delta this laptop cannot take is refused in the
user's language with what to do."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from salesdesk.services.session import Session
from salesdesk.services.settings import set_salesperson
from salesdesk.sync.delta import export_for
from salesdesk.sync.merge import merge_file
from salesdesk.ui import syncprefs
from tests.gui.helpers import shown_names


def _with(path: Path, work: Any) -> Any:
    opened = Session.open(path)
    try:
        return work(opened)
    finally:
        opened.close()


def _laptop(path: Path, name: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    _with(path, lambda s: set_salesperson(s.store, name))
    return path


def _exchange(a: Path, b: Path, folder: Path) -> None:
    """Full files both ways: each laptop then knows what the other holds."""
    folder.mkdir(parents=True, exist_ok=True)
    for src, dst in ((a, b), (b, a)):
        written = _with(src, lambda s: export_for(s.store, None, folder / "x.salesdesk")).path
        _with(dst, lambda s, w=written: merge_file(s.store, w))


@pytest.fixture
def laptops(tmp_path: Path, db_path: Path) -> tuple[Path, Path]:
    """This laptop (王敏, the window's) and 李强's, each holding the other's cards."""
    here = _laptop(db_path, "王敏")
    _with(here, lambda s: s.create_card({"name": "张伟", "company": "华信贸易"}, grade="B"))
    there = _laptop(tmp_path / "liqiang" / "cards.db", "李强")
    _exchange(here, there, tmp_path / "first")
    return here, there


@pytest.fixture
def main(qtbot: Any, laptops: tuple[Path, Path]) -> Iterator[Any]:
    from salesdesk.ui.mainwindow import MainWindow

    session = Session.open(laptops[0])
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    window.session.close()


def _drop(window: Any, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(40, 40),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert event.isAccepted()


def test_the_preview_says_delta_and_apply_brings_the_days_work(
    qtbot: Any, main: Any, laptops: tuple[Path, Path], tmp_path: Path
) -> None:
    _, there = laptops

    def work(s: Session) -> Path:
        s.create_card({"name": "赵敏", "company": "杭州西湖软件"}, grade="C")
        return export_for(s.store, "王敏", tmp_path / "out" / "for-wangmin.salesdesk").path

    (tmp_path / "out").mkdir()
    delta = _with(there, work)
    _drop(main, delta)
    qtbot.waitUntil(lambda: main.sync_ui.preview is not None, timeout=5000)
    dialog = main.sync_ui.preview
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    assert dialog.kind.isVisible()
    assert dialog.kind.text().startswith("A delta from 李强")
    report = dialog.report
    assert (report.delta, report.updated) == (True, 0)
    assert report.per_table["card"]["new"] == 1
    assert dialog.count_labels["new"].text() == str(report.new)
    assert "赵敏" not in shown_names(main)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.applied, timeout=10000)
    assert "赵敏" in shown_names(main)


def test_a_full_file_is_called_full(
    qtbot: Any, main: Any, laptops: tuple[Path, Path], tmp_path: Path
) -> None:
    _, there = laptops
    (tmp_path / "out").mkdir()
    full = _with(
        there, lambda s: export_for(s.store, "王敏", tmp_path / "out" / "f.salesdesk", full=True)
    ).path
    _drop(main, full)
    qtbot.waitUntil(lambda: main.sync_ui.preview is not None, timeout=5000)
    dialog = main.sync_ui.preview
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    assert dialog.kind.text().startswith("A full sync file from 李强")


def test_a_delta_this_laptop_cannot_take_is_refused_in_chinese(
    qtbot: Any, main: Any, messages: Any, tmp_path: Path, db_path: Path
) -> None:
    from salesdesk.domain import messages as core_messages
    from salesdesk.ui import app as ui_app

    # 张伟 and 陈静 sync with each other; 陈静's delta for 张伟 reaches 王敏 instead.
    zhang = _laptop(tmp_path / "zhang" / "cards.db", "张伟")
    chen = _laptop(tmp_path / "chen" / "cards.db", "陈静")
    _with(chen, lambda s: s.create_card({"name": "客户甲"}))
    _exchange(zhang, chen, tmp_path / "theirs")
    (tmp_path / "out").mkdir()

    def work(s: Session) -> Path:
        s.create_card({"name": "客户乙"})
        return export_for(s.store, "张伟", tmp_path / "out" / "for-zhang.salesdesk").path

    stray = _with(chen, work)
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    qapp = QApplication.instance()
    default_locale = QLocale()
    loaded = ui_app.install_translations(qapp, "zh_CN")
    core_messages.set_language("zh_CN")
    try:
        _drop(main, stray)
        qtbot.waitUntil(lambda: bool(messages.errors), timeout=10000)
    finally:
        for translator in loaded:
            qapp.removeTranslator(translator)
        QLocale.setDefault(default_locale)  # the next tests see an English window
    [said] = messages.errors
    assert said.count("没有合并任何内容") == 1  # and the window adds no "无法合并" of its own
    assert "无法合并" not in said
    assert "请向陈静索取完整的同步文件。" in said
    assert "Ask" not in said
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    assert "客户乙" not in shown_names(main)


def test_f5_syncs_the_folder_with_deltas_once_the_others_are_known(
    qtbot: Any, main: Any, laptops: tuple[Path, Path], tmp_path: Path
) -> None:
    from salesdesk.sync.folder import sync_folder

    _, there = laptops
    folder = tmp_path / "cloud"
    folder.mkdir()
    syncprefs.put(syncprefs.FOLDER_KEY, str(folder))
    _with(there, lambda s: sync_folder(s.store, folder))  # 李强's file is there
    results: list[Any] = []
    main.sync_ui.synced.connect(results.append)
    main.activateWindow()
    QTest.keyClick(main, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    assert results[0].delta
    assert "only what the others lack" in main.statusBar().currentMessage()


def test_a_folder_file_this_laptop_cannot_take_yet_waits_and_says_so(
    qtbot: Any, main: Any, messages: Any, tmp_path: Path
) -> None:
    from salesdesk.sync.folder import sync_folder

    # 张伟 and 陈静 share a folder; 陈静's file there is a delta on what 张伟 holds.
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    zhang = _laptop(tmp_path / "zhang" / "cards.db", "张伟")
    chen = _laptop(tmp_path / "chen" / "cards.db", "陈静")
    _with(chen, lambda s: s.create_card({"name": "客户甲"}))
    for _ in range(2):
        for path in (zhang, chen):
            _with(path, lambda s: sync_folder(s.store, theirs))
    [chens_file] = [p for p in theirs.iterdir() if p.name.startswith("陈静")]
    # Only 陈静's file reaches the folder 王敏 syncs with.
    folder = tmp_path / "cloud"
    folder.mkdir()
    shutil.copy(chens_file, folder / chens_file.name)
    syncprefs.put(syncprefs.FOLDER_KEY, str(folder))
    results: list[Any] = []
    main.sync_ui.synced.connect(results.append)
    main.activateWindow()
    QTest.keyClick(main, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    assert results[0].waiting == [(chens_file.name, "陈静")]
    assert not messages.errors  # not a fault: no message box
    status = main.statusBar().currentMessage()
    assert f"{chens_file.name} builds on changes this laptop does not have yet" in status
    assert "after 陈静 syncs again" in status
    assert "客户甲" not in shown_names(main)

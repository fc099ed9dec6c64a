"""A dialog closed is gone: opening and closing the window's dialogs again and again leaves
nothing behind in the window (a dialog kept alive stays in the window's tree, which every
job start walks, for as long as the window lives)."""

from __future__ import annotations

import gc
import threading
import weakref
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from tests.gui.helpers import select

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def _alive(window: Any) -> tuple[int, int]:
    return len(QApplication.allWidgets()), len(window.findChildren(QObject))


def _dialog_up(window: Any) -> Any:
    """The dialog showing over the window (a modal one first), or None."""
    shown = (
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QDialog) and w.isVisible() and w is not window
    )
    return QApplication.activeModalWidget() or next(shown, None)


class _Escape:
    """Presses Escape in whatever dialog is up (a modal one waits in its own loop)."""

    def __init__(self, qtbot: Any, window: Any) -> None:
        self.qtbot, self.window = qtbot, window
        self.closed: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self.press)
        self.timer.start()

    def press(self) -> None:
        up = _dialog_up(self.window)
        if up is not None:
            self.closed.append(type(up).__name__)
            self.qtbot.keyClick(up, Qt.Key.Key_Escape)


def test_closed_dialogs_leave_nothing_alive(qtbot: Any, window: Any) -> None:
    select(window, qtbot, "张伟")
    actions = [
        window.week_plan.letters_action,  # each one stayed in the window before (49 widgets)
        window.day_plan.preferences_action,
        window.new_action,
        window.log_contact_action,
        window.change_grade_action,
        window.deleted_cards_action,
        window.export_ui.export_action,
        window.handover_ui.action,
        window.team_ui.open_action,
        window.guide_action,
        window.shortcuts_action,
    ]
    escape = _Escape(qtbot, window)

    def open_and_close_each() -> None:
        for action in actions:
            escape.closed.clear()
            action.trigger()  # a modal one returns once Escape closed it
            qtbot.waitUntil(lambda: bool(escape.closed), timeout=5000)
            qtbot.waitUntil(lambda: _dialog_up(window) is None, timeout=5000)
        qtbot.wait(50)  # the deleteLater()s

    open_and_close_each()  # what is made once and kept (a date popup, a completer)
    first = _alive(window)
    for _ in range(3):
        open_and_close_each()
    escape.timer.stop()
    widgets, children = _alive(window)
    assert widgets - first[0] <= 3, f"{widgets - first[0]} more widgets alive"
    assert children - first[1] <= 3, f"{children - first[1]} more objects in the window"


def test_a_job_greys_the_entries_but_not_the_menus(qtbot: Any, window: Any) -> None:
    """While a job runs every menu still opens: Quit and Dashboard are in reach, the rest
    waits (greyed) and comes back when the job ends."""
    gate = threading.Event()
    ended: list[object] = []
    menus = [window.file_menu, window.sync_menu, window.edit_menu, window.card_menu]
    menus += [window.view_menu, window.help_menu]
    entries = [a for m in menus for a in m.actions() if not a.isSeparator() and not a.menu()]
    before = {a: a.isEnabled() for a in entries}
    assert window.ops.start(lambda _task: gate.wait(10), ended.append) is not None
    assert window.ops.busy
    try:
        assert all(m.menuAction().isEnabled() for m in menus)
        kept = {window.quit_action, window.dashboard_ui.dashboard_action}
        assert {a for a in entries if a.isEnabled()} == kept
        assert not window.centralWidget().isEnabled()
    finally:
        gate.set()
    qtbot.waitUntil(lambda: bool(ended), timeout=10000)
    assert {a: a.isEnabled() for a in entries} == before
    assert window.centralWidget().isEnabled()


def test_a_closed_import_wizard_lets_go_of_its_file(qtbot: Any, window: Any) -> None:
    """An import through File > Import, then Close: the wizard and the file it read (whole:
    200,000 rows at times) are freed. Its pages held it in a cycle, and the window freezes
    what is alive as each job ends, so every wizard stayed in memory for good."""
    wizards = []
    for _ in range(2):
        wizard = window.import_ui.start_import(FIXTURES / "gbk_chinese.csv")
        qtbot.waitUntil(lambda w=wizard: w.table is not None, timeout=10000)
        for page in (wizard.mapping_page, wizard.duplicates_page):
            wizard.next()
            qtbot.waitUntil(lambda w=wizard, p=page: w.currentPage() is p, timeout=10000)
        qtbot.waitUntil(lambda w=wizard: not w.duplicates_page.reporting, timeout=10000)
        wizard.next()  # the import, on the runner
        qtbot.waitUntil(lambda w=wizard: w.result is not None, timeout=10000)
        qtbot.waitUntil(lambda: window.ops.running == 0, timeout=10000)
        assert wizard.currentPage() is wizard.result_page
        wizards.append(weakref.ref(wizard))
        qtbot.keyClick(wizard, Qt.Key.Key_Escape)  # Close
        del wizard
        qtbot.waitUntil(lambda: window.import_ui.import_wizard is None, timeout=5000)
    gc.collect()
    alive = sum(w() is not None for w in wizards)
    assert alive == 0, f"{alive} closed wizards still in memory"

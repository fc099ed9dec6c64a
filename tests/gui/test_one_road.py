"""One change signal, and views that read again only what concerns them (issue 16).

Every slow read goes through the window's runner (Ops.read), so counting its requests
per view says which views read again after a write.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from salesdesk.services.session import Session
from salesdesk.ui import dialogs
from salesdesk.ui.charts import Dashboard, _Runner
from tests.gui.helpers import select, wait_today


@pytest.fixture
def reads(window: Any, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The owner of every read requested from the window's runner, in order."""
    asked: list[Any] = []
    real = window.ops.read

    def read(key: object, *args: Any, **kwargs: Any) -> Any:
        owner = key[0] if isinstance(key, tuple) else key
        asked.append(owner.parent() if isinstance(owner, _Runner) else owner)  # a view's runner
        return real(key, *args, **kwargs)

    monkeypatch.setattr(window.ops, "read", read)
    return asked


def _open_dashboard(qtbot: Any, window: Any) -> Dashboard:
    window.activateWindow()
    window.table.setFocus()
    QTest.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dashboard = window.dashboard_ui.dashboard
    assert isinstance(dashboard, Dashboard)
    qtbot.waitUntil(lambda: dashboard.kpis is not None and not dashboard.busy, timeout=20000)
    return dashboard


def test_editing_a_note_recomputes_neither_the_dashboard_nor_today(
    qtbot: Any, window: Any, session: Session, cards: dict[str, str], reads: list[Any]
) -> None:
    dashboard = _open_dashboard(qtbot, window)
    wait_today(qtbot, window)
    select(window, qtbot, "张伟")
    panel = window.panel
    panel.notes.setFocus()
    QTest.keyClicks(panel.notes, " call back next week")
    reads.clear()
    changes: list[Any] = []
    window.ops.changed.connect(changes.append)
    QTest.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert session.card(cards["张伟"]).notes.endswith(" call back next week")
    assert len(changes) == 1  # the one change signal went out …
    today = window.day_plan.today_view
    assert not today.reading  # … and Today did not ask to read the agenda again
    assert dashboard not in reads  # … nor the dashboard its figures
    assert reads == []

    # The same window does read again when the figures change: a new grade.
    window.ops.run(lambda: session.change_grade(cards["张伟"], "A", reason="签约在即"))
    assert dashboard in reads
    qtbot.waitUntil(lambda: not dashboard.busy, timeout=20000)
    dashboard.close()


def test_completing_a_visit_from_today_reads_today_again(
    qtbot: Any, window: Any, cards: dict[str, str], reads: list[Any], monkeypatch: Any
) -> None:
    session = window.session
    today = window.day_plan.today_view
    day = session.today()
    window.ops.run(lambda: session.plan_visit(cards["王芳"], day, purpose="follow_up"))
    wait_today(qtbot, window)
    due = [r for r in today.rows_of("visit") if r.section == "today"]
    assert [r.cells[0] for r in due] == ["王芳"]
    now = datetime.combine(day, datetime.min.time()).replace(hour=9)
    answer = {"at": now, "channel": "visit", "summary": "签了意向书", "outcome": ""}
    monkeypatch.setattr(dialogs.LogContactDialog, "ask", classmethod(lambda cls, *a, **k: answer))
    number = today.model.rows.index(due[0])
    rect = today.table.visualRect(today.model.index(number, 0))
    QTest.mouseClick(today.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    reads.clear()
    QTest.mouseClick(today.log_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: today in reads, timeout=5000)  # Today asks the runner again
    wait_today(qtbot, window)
    assert [r.cells[0] for r in today.rows_of("visit") if r.section == "today"] == []
    (visit,) = [v for v in session.visits(cards["王芳"]) if v.due_on == day]
    assert visit.status == "done"


def test_a_newer_read_of_today_replaces_the_older(
    qtbot: Any, window: Any, session: Session, cards: dict[str, str]
) -> None:
    today = window.day_plan.today_view
    wait_today(qtbot, window)
    shown: list[int] = []
    today.refreshed.connect(lambda: shown.append(len(today.model.rows)))
    day = session.today()
    for name in ("王芳", "张伟"):  # two writes, read for at once: only the newest shows
        window.ops.run(lambda name=name: session.plan_visit(cards[name], day))
        today.refresh()
    wait_today(qtbot, window)
    assert len(shown) == 1
    names = [r.cells[0] for r in today.rows_of("visit") if r.section == "today"]
    assert sorted(names) == ["张伟", "王芳"]


def test_a_save_goes_before_a_slow_read_which_is_read_again_after(
    qtbot: Any, window: Any, cards: dict[str, str]
) -> None:
    import threading

    from salesdesk.models.tables import database_proxy
    from tests.unit.test_giveway import ENDLESS

    session = window.session
    inside = threading.Event()
    calls: list[int] = []

    def figures(_task: Any) -> str:
        calls.append(1)
        if len(calls) == 1:  # the first read holds the file until the save stops it
            connection = database_proxy.connection()
            connection.create_function("inside", 1, lambda _x: inside.set() or 1)
            database_proxy.execute_sql(ENDLESS).fetchall()
        return "figures"

    shown: list[str] = []
    window.ops.read("figures", figures, shown.append)
    assert inside.wait(10)
    window.ops.run(lambda: session.edit_card(cards["张伟"], {"notes": "先发微信"}))
    assert session.card(cards["张伟"]).notes == "先发微信"  # saved, not "database is locked"
    qtbot.waitUntil(lambda: shown == ["figures"], timeout=10000)
    assert len(calls) == 2  # the read gave way and was read again after the save

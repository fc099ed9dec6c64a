"""ChartView and Dashboard: data from a worker thread, figures on the canvas, export, tooltips."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool

from salesdesk.services import analytics as an
from salesdesk.services.session import Session
from salesdesk.ui.charts import ChartView, Dashboard, format_kpi


@pytest.fixture
def graded(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Session, str]]:
    monkeypatch.setenv("SALESDESK_NOW", "2025-01-06T09:00:00")
    session = Session.open(db_path)
    card = session.create_card({"name": "张伟", "company": "华信贸易"}, grade="F").id
    other = session.create_card({"name": "Li"}, grade="B").id
    session.log_contact(card, channel="visit", summary="介绍产品", at="2025-01-10T10:00:00")
    session.change_grade(card, "E", at="2025-01-10T10:00:00")
    session.change_grade(card, "A", at="2025-02-03T10:00:00")
    session.change_grade(other, "D", at="2025-02-04T10:00:00")
    monkeypatch.setenv("SALESDESK_NOW", "2025-03-31T09:00:00")
    yield session, card
    QThreadPool.globalInstance().waitForDone(10_000)  # no worker outlives the database
    session.close()


def test_chart_view_shows_the_data_of_its_period(qtbot: Any, graded: tuple[Session, str]) -> None:
    view = ChartView("movement", period="3m", store=graded[0].store)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.chart_ready, timeout=10_000):
        pass
    assert view.data.count("E", "A") == 1
    assert view.data.count("B", "D") == 1
    assert view.figure is not None
    assert view.canvas.figure is view.figure
    assert view.export_button.isEnabled()


def test_changing_the_period_recomputes(qtbot: Any, graded: tuple[Session, str]) -> None:
    view = ChartView("grades-over-time", period="3m", store=graded[0].store)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.data is not None and not view.busy, timeout=10_000)
    assert view.data.period.kind == "3m"
    with qtbot.waitSignal(view.chart_ready, timeout=10_000):
        view.picker.combo.setCurrentIndex(view.picker.combo.findData("all"))
    assert view.data.period.kind == "all"
    assert {g: s[-1] for g, s in view.data.counts.items() if s[-1]} == {"A": 1, "D": 1}


def test_custom_period_shows_the_date_fields(qtbot: Any, graded: tuple[Session, str]) -> None:
    view = ChartView("visits", period="12m", store=graded[0].store)
    qtbot.addWidget(view)
    view.show()
    assert not view.picker.start.isVisible()
    with qtbot.waitSignal(view.chart_ready, timeout=10_000):
        view.picker.set_kind("custom")
        view.refresh()
    assert view.picker.start.isVisible()
    assert view.data.period.kind == "custom"


def test_card_path_view_and_export(
    qtbot: Any, graded: tuple[Session, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, card = graded
    view = ChartView("card-path", card_id=card, lang="zh_CN", store=graded[0].store)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.chart_ready, timeout=10_000):
        pass
    assert [s.label for s in view.data.steps] == ["F2", "E", "A"]
    assert "张伟" in view.figure.get_suptitle()
    # The path is shown whole: no caption of the hidden picker's period under it.
    assert view.data.period is None
    assert not view.figure.get_supxlabel()
    target = tmp_path / "path.svg"
    monkeypatch.setattr(ChartView, "ask_export_path", classmethod(lambda cls, p, s: str(target)))
    view.export_button.click()
    assert "<svg" in target.read_text(encoding="utf-8")
    png = view.export(tmp_path / "path.png")
    assert png is not None
    assert png.read_bytes().startswith(b"\x89PNG")


def test_card_path_without_a_card_asks_for_one(qtbot: Any, graded: tuple[Session, str]) -> None:
    view = ChartView("card-path", store=graded[0].store)
    qtbot.addWidget(view)
    assert not view.busy
    assert view.status.text()
    assert not view.export_button.isEnabled()


def test_failure_in_the_worker_is_shown_not_raised(qtbot: Any, graded: tuple[Session, str]) -> None:
    view = ChartView("card-path", card_id="no-such-card", store=graded[0].store)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.failed, timeout=10_000) as blocker:
        pass
    assert "no-such-card" in blocker.args[0]
    assert view.figure is None


def test_dashboard_tiles_hold_the_kpis_and_their_definitions(
    qtbot: Any, graded: tuple[Session, str]
) -> None:
    board = Dashboard(store=graded[0].store)
    qtbot.addWidget(board)
    qtbot.waitUntil(lambda: board.kpis is not None and not board.busy, timeout=20_000)
    assert board.kpis == an.kpis(an.period("12m"))
    assert board.tiles["promotions"].value.text() == "2"  # F2 → E → A on 张伟
    assert board.tiles["demotions"].value.text() == "1"  # B → D on Li
    assert board.grade_tiles["A"].value.text() == "1"
    assert board.grade_tiles["A"].detail.text() == "+1 in the period"
    kpis = board.kpis
    done = board.tiles["visits_done_share"]
    assert done.detail.text() == f"{kpis['visits_done']} of {kpis['visits_planned']} done"
    assert done.value.text() == format_kpi("visits_done_share", kpis)
    for code, tile in board.tiles.items():
        assert tile.toolTip() == an.kpi_definition(code), code
    assert all(view.data is not None for view in board.charts.values())


def test_format_kpi() -> None:
    kpis = {"churn_rate": 0.25, "win_back_rate": None, "average_spend": 1234.5}
    assert format_kpi("churn_rate", kpis) == "25.0%"
    assert format_kpi("win_back_rate", kpis) == "–"
    assert format_kpi("average_spend", kpis) == "1,234.5"
    assert format_kpi("new_cards_per_month", {"new_cards_per_month": {"a": 1, "b": 2}}) == "1.5"
    assert format_kpi("visits_done_share", {"visits_done_share": 0.857}) == "86%"
    assert format_kpi("visits_done_share", {"visits_done_share": None}) == "–"


def test_a_dropped_dashboard_goes_at_once_with_its_canvases(
    qtbot: Any, graded: tuple[Session, str]
) -> None:
    """A view let go is deleted then, not when the cyclic collector next runs: that could
    be in the middle of one of its canvases' pending draws, which then failed with
    "FigureCanvasQTAgg already deleted" (the view held its runner, the runner the view's
    methods)."""
    import gc
    import weakref

    import shiboken6

    board = Dashboard(store=graded[0].store)
    gone = weakref.ref(board)

    def ready() -> bool:
        shown = gone()
        return shown is not None and shown.kpis is not None and not shown.busy

    qtbot.waitUntil(ready, timeout=20_000)
    canvases = [view.canvas for view in board.charts.values()]
    gc.collect()
    gc.disable()
    try:
        del board
        assert gone() is None
        assert not any(shiboken6.isValid(canvas) for canvas in canvases)
    finally:
        gc.enable()

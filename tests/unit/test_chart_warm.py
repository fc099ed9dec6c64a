"""The charts' warm-up at the window's start (issue 18): the first chart asked for no longer
pays for matplotlib's imports and fonts, draws exactly what a cold one draws, and never
runs beside a chart (matplotlib is not thread-safe)."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest

from salesdesk.charts import warm

ROOT = Path(__file__).resolve().parents[2]

# A fresh process: draws one chart, cold or right after starting the warm-up (the chart
# then waits for it), and prints a digest of its pixels and whether it was warmed.
_FIRST_CHART = """
import hashlib, sys
from datetime import date, timedelta
from salesdesk.charts import warm
from salesdesk.domain.grades import GRADES
from salesdesk.services import analytics as an
if sys.argv[1] == "warm":
    assert warm.start()
from salesdesk.charts import figures
from matplotlib.backends.backend_agg import FigureCanvasAgg
days = [date(2026, 1, 1) + timedelta(days=7 * i) for i in range(30)]
data = an.GradesOverTime(an.Period("12m", days[0], days[-1]), days,
    {g: [(i * 7 + k * 3) % 40 for k in range(30)] for i, g in enumerate(GRADES)})
fig = figures.build("grades-over-time", data, "zh_CN")
canvas = FigureCanvasAgg(fig)
canvas.draw()
print(hashlib.sha256(bytes(canvas.buffer_rgba())).hexdigest(), warm.running())
"""


def _first_chart(mode: str) -> tuple[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_CHART, mode],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    digest, running = done.stdout.split()
    return digest, running


def test_a_chart_after_the_warm_up_draws_the_cold_charts_pixels() -> None:
    cold, _ = _first_chart("cold")
    warmed, still_running = _first_chart("warm")
    assert warmed == cold
    assert still_running == "False"  # the chart waited for the warm-up to end


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> warm._State:
    """The warm-up's state as in a process that has drawn no chart yet."""
    state = warm._State()
    monkeypatch.setattr(warm, "_state", state)
    return state


def test_the_warm_up_runs_once_on_a_worker_and_a_chart_waits_for_it(
    fresh: warm._State, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[str] = []
    release = threading.Event()

    def slow(lang: str) -> None:
        threads.append(threading.current_thread().name)
        release.wait(10)

    monkeypatch.setattr(warm, "_draw_one", slow)
    assert warm.start("json")
    assert not warm.start()  # once a process
    assert warm.running()
    release.set()
    warm.wait()
    assert not warm.running()
    assert threads == ["salesdesk-chart-warm-up"]


def test_no_warm_up_starts_once_a_chart_was_built(
    fresh: warm._State, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm-up started after a chart could draw beside that chart's redraws."""
    monkeypatch.setattr(warm, "_draw_one", lambda lang: pytest.fail("warmed beside a chart"))
    warm.wait()  # what figures.build does first
    assert not warm.start()
    assert fresh.thread is None


def test_a_failed_warm_up_is_logged_and_charts_still_draw(
    fresh: warm._State, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(lang: str) -> None:
        raise OSError("font cache unreadable")

    monkeypatch.setattr(warm, "_draw_one", broken)
    with caplog.at_level(logging.WARNING, logger="salesdesk.charts.warm"):
        assert warm.start()
        warm.wait()
    assert "Chart warm-up failed" in caplog.text
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from salesdesk.charts import figures
    from salesdesk.domain.grades import GRADES
    from salesdesk.services import analytics as an

    days = [date(2026, 1, 1), date(2026, 2, 1)]
    data = an.GradesOverTime(an.Period("12m", *days), days, {g: [1, 2] for g in GRADES})
    FigureCanvasAgg(figures.build("grades-over-time", data, "en")).draw()

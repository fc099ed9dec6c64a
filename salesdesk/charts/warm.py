"""matplotlib's first figure paid on a worker at start, so the first chart asked for does not.

The first chart of a process cost three times the others (1.7 s at 100,000 cards against
its 1.5 s budget, its data 0.3 s): importing matplotlib and numpy, reading the font
cache, finding the CJK font and laying out the first text. The window's first chart
view starts this warm-up as it asks for its data, so the two run side by side (the data
read is SQLite, which lets go of the interpreter); the chart waits for it (`wait`) before
it builds a figure. Not at the window's start: a window that never shows a chart would
hold matplotlib (~50 MB at 100,000 cards, over the window's memory budget) and typing in
the first seconds would wait for the interpreter lock the warm-up holds.

matplotlib is not thread-safe: the warm-up draws its own small Figure on an Agg canvas
(no pyplot, no shared figure), and every chart joins the warm-up before it builds, so no
chart is ever built or drawn while the warm-up runs. Only what is shared by design
carries over to the charts: imported modules, the font list and the font chosen for
Chinese. FreeType faces are kept per thread by matplotlib, so the GUI thread still
opens its own (a few tens of milliseconds).
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from datetime import date, timedelta

log = logging.getLogger(__name__)


class _State:
    thread: threading.Thread | None = None
    charts_began = False  # a chart was built: a warm-up started now could run beside it


_lock = threading.Lock()
_state = _State()


def start(*modules: str, lang: str = "zh_CN") -> bool:
    """Start the warm-up on a daemon thread, once a process; False when it will not run.

    modules: more to import with it (the window's Qt canvas). It does not start once a
    chart has been built in this process (it would race that chart's redraws).
    """
    with _lock:
        if _state.thread is not None or _state.charts_began:
            return False
        _state.thread = threading.Thread(
            target=_warm, args=(modules, lang), name="salesdesk-chart-warm-up", daemon=True
        )
        _state.thread.start()
        return True


def wait() -> None:
    """Return once no warm-up runs: a chart calls this before it builds its figure."""
    with _lock:
        _state.charts_began = True
        thread = _state.thread
    if thread is not None and thread is not threading.current_thread():
        thread.join()


def running() -> bool:
    with _lock:
        return _state.thread is not None and _state.thread.is_alive()


def _warm(modules: tuple[str, ...], lang: str) -> None:
    started = time.process_time()
    try:
        for name in modules:
            importlib.import_module(name)
        _draw_one(lang)
    except Exception:  # only a head start: the chart itself reports what is wrong
        log.warning("Chart warm-up failed", exc_info=True)
        return
    log.debug("Charts warmed up in %.0f ms of CPU", (time.process_time() - started) * 1000)


def _draw_one(lang: str) -> None:
    """A tiny chart of the first kind the dashboard shows, drawn through the charts' own
    builder (fonts, constrained layout, date axis, legend, Chinese text) on an Agg canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from salesdesk.charts import figures
    from salesdesk.domain.grades import GRADES
    from salesdesk.services import analytics as an

    end = date(2026, 1, 31)
    days = [end - timedelta(days=7 * (3 - i)) for i in range(4)]
    data = an.GradesOverTime(
        an.Period("12m", days[0], end),
        days,
        {grade: [i, i + 1, i, i + 2] for i, grade in enumerate(GRADES)},
    )
    fig = figures.build_unwaited("grades-over-time", data, lang)
    fig.set_dpi(30)  # a small canvas: the cost is in the first text, not in the pixels
    FigureCanvasAgg(fig).draw()

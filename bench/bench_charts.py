"""Benchmark: each chart over three years at 100,000 cards, first draw and redraw (DESIGN §7).

First draw: read the data, build the figure and render it. Redraw: render
the same figure again, as a repaint or a resize does. A period change (data
again, figure again) is reported beside them against the first-draw budget.

The first chart of a process also pays for importing matplotlib and loading
the fonts. The first chart is measured in fresh processes two ways: cold (no
warm-up: the command line's `chart`), and as the window does (its first chart view
starts the warm-up, salesdesk.charts.warm, as it asks for its data, so the two run
side by side); the other charts follow the warm-up as the window's do.
Uses bench/_common.py (report, cached demo database) when it is there.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

try:
    import _common  # shared by the benchmarks: report() and the cached demo database
except ImportError:
    _common = None

FIRST_BUDGET = 1.5
REDRAW_BUDGET = 0.3
CARDS = 100_000
FIRST_KIND = "grades-over-time"  # the dashboard's first tab
FIRST_MODES = {
    "cold": "cold, no warm-up (the command line's chart)",
    "at-once": "as the window does, the warm-up beside the data read",
}


def _demo_db(cards: int) -> Path:
    for name in ("demo_db", "cached_demo_db", "demo_database"):
        helper = getattr(_common, name, None)
        if helper is not None:
            return Path(helper(cards))
    path = Path(os.environ.get("SALESDESK_BENCH_DB", f"/tmp/sd-bench-{cards // 1000}k.db"))
    if not path.exists():
        from salesdesk.services import demo
        from salesdesk.services.session import Session

        print(f"making {path} ({cards} cards) …", file=sys.stderr)
        session = Session.open(path)
        try:
            demo.generate(session.store, cards=cards, seed=1)
        finally:
            session.close()
    return path


def _report(name: str, seconds: float, budget: float) -> None:
    report = getattr(_common, "report", None)
    if report is not None:
        try:
            report(name, seconds, budget)
            return
        except TypeError:  # a report() of another shape: print our own line
            pass
    verdict = "ok" if seconds <= budget else "OVER"
    print(f"{name}: {seconds * 1000:.0f} ms (budget {budget * 1000:.0f} ms) {verdict}")


def _render(fig: Any) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()


PASSPHRASE_ENV = "SALESDESK_BENCH_CHART_PASSPHRASE"  # an encrypted --db's passphrase


def _first_chart(db: Path, mode: str) -> dict[str, float]:
    """In this fresh process: the first chart drawn, after a warm-up as the window starts
    it (or none); wall and CPU from the moment the chart is asked for."""
    from salesdesk.charts import warm
    from salesdesk.services import analytics as an
    from salesdesk.services.session import Session

    session = Session.open(db, read_only=True, passphrase=os.environ.get(PASSPHRASE_ENV))
    try:
        span = an.period("all")
        if mode != "cold":
            warm.start()
        still_warming = warm.running()
        started, cpu, own = time.perf_counter(), time.process_time(), time.thread_time()
        data = an.chart_data(FIRST_KIND, span, None)
        read, read_own = time.perf_counter() - started, time.thread_time() - own
        from salesdesk.charts import figures

        waited = time.perf_counter()
        warm.wait()
        waited = time.perf_counter() - waited
        _render(figures.build(FIRST_KIND, data, "zh_CN"))
        return {
            "wall": time.perf_counter() - started,
            "cpu": time.process_time() - cpu,  # the warm-up's thread included
            "own_cpu": time.thread_time() - own,  # the asking thread's alone
            "read": read,
            "read_cpu": read_own,
            "waited": waited,
            "warming": float(still_warming),
        }
    finally:
        session.close()


def first_chart(db: Path, mode: str, passphrase: str | None = None) -> dict[str, float]:
    """The first chart of a fresh process on db (_first_chart's figures, in seconds)."""
    env = dict(os.environ)
    if passphrase is not None:
        env[PASSPHRASE_ENV] = passphrase
    done = subprocess.run(
        [sys.executable, __file__, "--db", str(db), "--first", mode],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return dict(json.loads(done.stdout.splitlines()[-1]))


def draw(kind: str, span: Any, card: str | None) -> tuple[Any, dict[str, float]]:
    """A chart's first draw (read its data, build the figure, render it) as a warmed-up
    process draws it: the figure, and wall / CPU seconds of the read and of the whole."""
    from salesdesk.charts import figures
    from salesdesk.services import analytics as an

    # CPU time beside the wall time: on a machine shared by many runs the wall time
    # is mostly waiting for a core, the CPU time is what the work costs.
    started, cpu = time.perf_counter(), time.process_time()
    data = an.chart_data(kind, span, card)
    read, read_cpu = time.perf_counter() - started, time.process_time() - cpu
    fig = figures.build(kind, data, "zh_CN")
    _render(fig)
    first, first_cpu = time.perf_counter() - started, time.process_time() - cpu
    return fig, {"first": first, "first_cpu": first_cpu, "read": read, "read_cpu": read_cpu}


def busiest_card() -> str:
    """The card with the most grade changes (the card chart's), of the open database."""
    from salesdesk.models.tables import database_proxy

    return str(
        database_proxy.execute_sql(
            "SELECT card_id FROM grade_change GROUP BY card_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
    )


def _first_charts(db: Path) -> None:
    for mode, words in FIRST_MODES.items():
        got = first_chart(db, mode)
        waiting = (
            f"; waited {got['waited'] * 1000:.0f} ms for the warm-up" if mode != "cold" else ""
        )
        _report(
            f"first chart of the process, {FIRST_KIND}, {words} (data {got['read'] * 1000:.0f}"
            f" ms; cpu: this thread {got['own_cpu'] * 1000:.0f} ms, process "
            f"{got['cpu'] * 1000:.0f} ms{waiting})",
            got["wall"],
            FIRST_BUDGET,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=CARDS)
    parser.add_argument("--db", help="an existing database (default: the cached demo)")
    parser.add_argument("--first", choices=FIRST_MODES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    db = Path(args.db) if args.db else _demo_db(args.cards)
    if args.first:  # one fresh process's first chart, printed for _first_charts
        print(json.dumps(_first_chart(db, args.first)))
        return 0
    _first_charts(db)

    from salesdesk.charts import figures, warm
    from salesdesk.services import analytics as an
    from salesdesk.services.session import Session

    session = Session.open(db, read_only=True)
    try:
        # The rest as the window's charts are after its first: warmed up (the first
        # chart's cost is the line above, in a fresh process).
        warm.start()
        warm.wait()
        span = an.period("all")
        print(f"{db}: {session.stats()['cards']} cards, {span.start} to {span.end}")
        card = busiest_card()
        for kind in an.CHART_KINDS:
            fig, got = draw(kind, span, card)
            _report(
                f"chart {kind} first draw (data {got['read'] * 1000:.0f} ms, cpu "
                f"{got['read_cpu'] * 1000:.0f} ms; whole cpu {got['first_cpu'] * 1000:.0f} ms)",
                got["first"],
                FIRST_BUDGET,
            )
            started = time.perf_counter()
            _render(fig)
            _report(f"chart {kind} redraw", time.perf_counter() - started, REDRAW_BUDGET)
            started = time.perf_counter()
            _render(figures.build(kind, an.chart_data(kind, an.period("12m"), card), "zh_CN"))
            _report(f"chart {kind} period change", time.perf_counter() - started, FIRST_BUDGET)
        started, cpu = time.perf_counter(), time.process_time()
        an.kpis(span)
        _report(
            f"dashboard KPIs, all history (cpu {(time.process_time() - cpu) * 1000:.0f} ms)",
            time.perf_counter() - started,
            FIRST_BUDGET,
        )
    finally:
        session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: the window under work (DESIGN §7, issue 16).

- Save an edit while the dashboard (its KPIs and its six charts) and Today's agenda
  are computed on workers, 100,000 cards: p95 ≤ 20 ms. The floor beside it is the
  same save with no worker running, in the same window.
- The longest stall of the event loop (the gap between two ticks of a 5 ms timer on
  the GUI thread) during an import of 200,000 rows through the import wizard, and
  during a merge of a 100,000-card sync file (1,000 edits a side) through the merge
  preview: ≤ 100 ms each.

Everything runs in a real (offscreen) MainWindow, through the window's runner, as a
user would start it; the event loop is Qt's own (QEventLoop.exec), never a loop of
processEvents, so a tick that comes late came late to the user too.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CACHE, demo_database, percentile, report

SAVE_BUDGET_MS = 20.0
STALL_BUDGET_MS = 100.0
TICK_MS = 5


def _app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def run_loop(until: Callable[[], bool], seconds: float) -> bool:
    """Run Qt's event loop until until() is true (checked every 10 ms) or time is up."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    deadline = time.monotonic() + seconds

    def check() -> None:
        if until() or time.monotonic() > deadline:
            loop.quit()

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(check)
    timer.start()
    if not until():
        loop.exec()
    timer.stop()
    return until()


def spin(milliseconds: int) -> None:
    """Let the event loop run for a while (workers start, signals arrive)."""
    end = time.monotonic() + milliseconds / 1000
    run_loop(lambda: time.monotonic() >= end, milliseconds / 1000 + 1)


# The floor of a stall: another process ticking every 5 ms on the same machine, holding no
# lock the window holds. Its longest gap is what the machine's load alone cost (a loaded
# 2-core machine leaves a process without a core for tens of milliseconds, at times more).
_FLOOR_TICKER = """
import sys, threading, time
longest, last, running = 0.0, time.perf_counter(), True
def ends():
    global running
    sys.stdin.read()
    running = False
threading.Thread(target=ends, daemon=True).start()
while running:
    time.sleep(0.005)
    now = time.perf_counter()
    longest, last = max(longest, now - last), now
print(round(longest * 1000, 1), flush=True)
"""


_CPU = [0.0, 0.0]  # the last meter's longest CPU stretch of the GUI thread (ms), when (s)


class StallMeter:
    """A timer ticking every 5 ms on the GUI thread; the longest gap between two ticks,
    and (floor) the longest gap of a separate process ticking meanwhile."""

    why = False  # --why: what the GUI thread did in each stall (bench/_stalls.py)

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0
        self.last_cpu = 0.0
        self.longest_cpu = 0.0
        self.started = self.longest_cpu_at = 0.0
        self.ticks = 0
        self.sampler: Any = None
        self.ticker: Any = None
        self.floor = 0.0

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        if self.last:
            self.longest = max(self.longest, (now - self.last) * 1000)
            # The GUI thread's own processor time between two ticks: its work alone, which
            # a loaded machine stretches in wall time but hardly in CPU time.
            if (cpu - self.last_cpu) * 1000 > self.longest_cpu:
                self.longest_cpu = (cpu - self.last_cpu) * 1000
                self.longest_cpu_at = now - self.started
        self.last, self.last_cpu = now, cpu
        self.ticks += 1

    def start(self) -> None:
        self.last, self.longest, self.ticks = 0.0, 0.0, 0
        self.last_cpu, self.longest_cpu = 0.0, 0.0
        self.started, self.longest_cpu_at = time.perf_counter(), 0.0
        self.sampler = None
        if self.why:
            from _stalls import StallSampler

            self.sampler = StallSampler()
        import subprocess

        self.ticker = subprocess.Popen(
            [sys.executable, "-c", _FLOOR_TICKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        _CPU[0], _CPU[1] = self.longest_cpu, self.longest_cpu_at
        out, _ = self.ticker.communicate("")
        self.floor = float(out.strip() or 0)
        if self.sampler is not None:
            self.sampler.stop()
            self.sampler.report()
        return self.longest


def _window(path: Path, passphrase: str | None = None) -> tuple[Any, Any]:
    from salesdesk.services.session import Session
    from salesdesk.ui.mainwindow import MainWindow

    session = Session.open(path, passphrase=passphrase)
    window = MainWindow(session)
    window.resize(1400, 860)
    window.show()
    run_loop(lambda: not window.day_plan.today_view.reading, 120)
    return session, window


def _close(window: Any) -> None:
    """Close the window and its book, and free it: a closed window is never freed by
    itself (lambdas on its widgets' signals hold it in a cycle through Qt), and a long
    bench process (bench_encryption) kept every window it had opened, each with its
    100,000 rows."""
    window.close()
    window.session.close()
    window.deleteLater()
    spin(50)


# -- save while computing ------------------------------------------------------------------
def save_under_work(
    source: Path, scratch: Path, edits: int, passphrase: str | None = None
) -> tuple[list[float], list[float]]:
    """Saves (ms) while the dashboard and Today compute on workers, and alone, in a window
    on a copy of source (an encrypted one opened with `passphrase`); the copy is removed."""
    path = scratch / "save.db"
    shutil.copy(source, path)
    session, window = _window(path, passphrase)
    dashboard = window.dashboard_ui.show_dashboard()
    run_loop(lambda: dashboard.kpis is not None and not dashboard.busy, 300)
    today = window.day_plan.today_view
    ids = sorted(session.card_list.rows)[: edits * 2]

    parts: dict[str, list[float]] = {"commit": [], "announce": []}
    if StallMeter.why:  # --why: where a save's time goes (the commit waits for readers)
        _time_calls(session.store.db, "commit", parts["commit"])
        _time_calls(window.ops, "announce", parts["announce"])

    def save(card_id: str, n: int) -> float:
        started = time.perf_counter()
        window.ops.run(lambda: session.edit_card(card_id, {"notes": f"bench edit {n}"}))
        return (time.perf_counter() - started) * 1000

    save(ids[-1], -1)  # the first write of a copied file claims a replica id: not timed
    alone = []
    for n, card_id in enumerate(ids[:edits]):
        run_loop(lambda: window.ops.running == 0, 300)
        alone.append(save(card_id, n))
    under = []
    running = []
    for n, card_id in enumerate(ids[edits:]):
        dashboard.refresh()  # the KPIs and six charts, on workers
        today.refresh()  # the agenda and the early warnings, on a worker
        spin(40)  # the workers are well into their reads
        running.append(window.ops.running)
        under.append(save(card_id, n))
    print(
        f"  saves with workers running: {sum(1 for r in running if r)} of {len(running)}"
        f" (median {statistics.median(running):.0f} reads at once)",
        flush=True,
    )
    if StallMeter.why:
        for name, took in parts.items():
            alone_part, under_part = took[1 : len(alone) + 1], took[len(alone) + 1 :]
            if alone_part and under_part:
                print(
                    f"  of a save, {name}: median {statistics.median(alone_part):.1f} ms alone,"
                    f" {statistics.median(under_part):.1f} ms while computing (p95"
                    f" {percentile(under_part, 0.95):.1f} ms)",
                    flush=True,
                )
    run_loop(lambda: window.ops.running == 0, 300)
    dashboard.close()
    _close(window)
    path.unlink()
    for extra in path.parent.glob(f"{path.name}-*"):  # its -wal / -shm, if any were left
        extra.unlink()
    return under, alone


def _time_calls(owner: Any, name: str, into: list[float]) -> None:
    """Record how long each call of owner.name takes (ms), on this object only."""
    real = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            into.append((time.perf_counter() - started) * 1000)

    setattr(owner, name, timed)


# -- stall during an import ----------------------------------------------------------------
def stall_import(
    rows: int, scratch: Path, passphrase: str | None = None
) -> tuple[float, float, int, float]:
    """The longest stall (ms) of an import of `rows` rows into a new book in scratch (one
    encrypted with `passphrase`), its seconds, the cards made, the floor (ms)."""
    from bench_import import make_file
    from PySide6.QtCore import Qt

    from salesdesk.ui.import_wizard import ImportWizard

    source = CACHE / f"import-v2-{rows}.csv"
    if not source.exists():
        make_file(source, rows)
    _session, window = _window(scratch / "import.db", passphrase)
    wizard = ImportWizard(window.ops, source, window)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # as File > Import opens it
    wizard.show()
    meter = StallMeter()
    meter.start()
    started = time.perf_counter()
    wizard.load()
    run_loop(lambda: wizard.table is not None, 600)
    phases = [("read", time.perf_counter() - started)]
    wizard.next()  # the mapping page
    wizard.next()  # check the rows on a worker; the wizard moves on when done
    run_loop(lambda: wizard.currentPage() is wizard.duplicates_page, 1800)
    phases.append(("checked", time.perf_counter() - started))
    wizard.next()  # the import, on a worker
    run_loop(lambda: wizard.result is not None, 1800)
    phases.append(("imported", time.perf_counter() - started))
    spin(200)  # what the window does after: the lists read again
    seconds = time.perf_counter() - started
    print("  " + ", ".join(f"{name} at {at:.1f} s" for name, at in phases), flush=True)
    longest = meter.stop()
    created = wizard.result.created if wizard.result else 0
    run_loop(lambda: window.ops.running == 0, 300)  # reads still open hold the file
    wizard.close()
    _close(window)
    return longest, seconds, created, meter.floor


# -- stall during a merge ------------------------------------------------------------------
def _edit(path: Path, card_ids: list[str], tag: str, passphrase: str | None = None) -> None:
    from salesdesk.services.session import Session

    session = Session.open(path, passphrase=passphrase)
    try:
        for n, card_id in enumerate(card_ids):
            if n % 3 == 0:
                session.change_grade(card_id, "ABCDE"[n % 5], reason=f"{tag} {n}")
            else:
                session.edit_card(card_id, {"notes": f"{tag} note {n}"})
    finally:
        session.close()


def stall_merge(
    source: Path, scratch: Path, edits: int, passphrase: str | None = None, team: str | None = None
) -> tuple[float, float, float]:
    """The longest stall (ms) of a merge of a whole-book file with `edits` edits a side, its
    seconds and the floor (ms). An encrypted source is opened with `passphrase`; with `team`
    both copies keep it and the file is written under it, as the sync folder's are."""
    from salesdesk.services.session import Session
    from salesdesk.sync.files import export_sync_file

    a, b = scratch / "a" / "cards.db", scratch / "b" / "cards.db"
    for path in (a, b):
        path.parent.mkdir()
        shutil.copy(source, path)
    session = Session.open(a, read_only=True, passphrase=passphrase)
    ids = sorted(session.card_list.rows)
    session.close()
    rng = random.Random(7)
    picked_a = rng.sample(ids, edits)
    shared = picked_a[: edits // 10]
    _edit(a, picked_a, "A", passphrase)
    _edit(b, shared + rng.sample(ids, edits - len(shared)), "B", passphrase)
    if team is not None:
        from salesdesk.sync.team import set_team_passphrase

        for path in (a, b):  # B's window merges with the team passphrase its book keeps
            session = Session.open(path, passphrase=passphrase)
            set_team_passphrase(session.store, team)
            session.close()
    session = Session.open(a, passphrase=passphrase)
    sync_file = export_sync_file(session.store, scratch / "a.salesdesk", passphrase=team)
    session.close()
    os.sync()
    if team is not None:
        from salesdesk.models.cipher import forget_keys

        forget_keys()  # B is another laptop: no key of A's file derived in its process

    session, window = _window(b, passphrase)
    meter = StallMeter()
    meter.start()
    started = time.perf_counter()
    preview = window.sync_ui.merge_from_file(str(sync_file))
    run_loop(lambda: preview is not None and preview.report is not None, 600)
    preview.apply_button.click()
    run_loop(lambda: preview.applied, 600)
    spin(200)
    seconds = time.perf_counter() - started
    longest = meter.stop()
    run_loop(lambda: window.ops.running == 0, 300)  # reads still open hold the file
    preview.close()
    _close(window)
    return longest, seconds, meter.floor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--only", choices=["save", "import", "merge"])
    parser.add_argument("--why", action="store_true", help="show what the GUI thread did in stalls")
    args = parser.parse_args()
    StallMeter.why = args.why
    _app()
    print(f"  load: {os.getloadavg()[0]:.2f} (1 min)", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        os.environ["SALESDESK_DATA_DIR"] = str(scratch / "data")
        os.environ["SALESDESK_CONFIG_DIR"] = str(scratch / "config")
        if args.only in (None, "save"):
            under, alone = save_under_work(demo_database(args.cards), scratch, args.edits)
            print(
                f"  alone: median {statistics.median(alone):.1f} ms, p95"
                f" {percentile(alone, 0.95):.1f} ms; while computing: median"
                f" {statistics.median(under):.1f} ms, p95 {percentile(under, 0.95):.1f} ms",
                flush=True,
            )
            floor = percentile(alone, 0.95)
            figure = percentile(under, 0.95)
            report(
                f"save an edit while the dashboard, its charts and the agenda compute on"
                f" workers, {args.cards:,} cards, p95",
                figure,
                "ms",
                SAVE_BUDGET_MS,
                f"floor (the same save, no worker) {floor:.1f} ms, {figure / floor:.1f}×",
            )
        if args.only in (None, "import"):
            longest, seconds, created, floor = stall_import(args.rows, scratch)
            print(f"  another process ticking meanwhile stalled at most {floor:.0f} ms", flush=True)
            print(
                f"  the GUI thread's own CPU between two ticks: at most {_CPU[0]:.0f} ms"
                f" ({_CPU[1]:.1f} s in)"
            )
            report(
                f"event-loop stall during an import of {args.rows:,} rows (wizard, runner)",
                longest,
                "ms",
                STALL_BUDGET_MS,
                f"import took {seconds:.0f} s, {created:,} cards; floor (another process"
                f" ticking meanwhile) {floor:.0f} ms, {longest / max(floor, 1):.1f}×",
            )
        if args.only in (None, "merge"):
            longest, seconds, floor = stall_merge(demo_database(args.cards), scratch, 1_000)
            print(f"  another process ticking meanwhile stalled at most {floor:.0f} ms", flush=True)
            print(
                f"  the GUI thread's own CPU between two ticks: at most {_CPU[0]:.0f} ms"
                f" ({_CPU[1]:.1f} s in)"
            )
            report(
                f"event-loop stall during a merge of a {args.cards:,}-card file (preview, apply)",
                longest,
                "ms",
                STALL_BUDGET_MS,
                f"preview and merge took {seconds:.0f} s; floor (another process ticking"
                f" meanwhile) {floor:.0f} ms, {longest / max(floor, 1):.1f}×",
            )


if __name__ == "__main__":
    main()

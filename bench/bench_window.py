"""Benchmarks of the window: cold start with 30,000 cards, memory with 100,000 open,
and search as you type through the Qt model with its repaint (DESIGN §7).

Cold start and memory run the real program (`salesdesk --db X` with
SALESDESK_QUIT_WHEN_READY=1, which prints `ready <seconds> rss_mb=<MB>` once the
window shows its lists), so they include Python and Qt start-up.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import ROOT, demo_database, percentile, report

START_BUDGET_S = 1.0
MEMORY_BUDGET_MB = 400.0
KEYSTROKE_BUDGET_MS = 50.0


def ready(db: Path, passphrase: str | None = None) -> tuple[float, float, float]:
    """Start the program on db and quit when its window is usable: (seconds from the
    process's start, peak RSS in MB, the process's processor time in seconds).

    An encrypted db opens with its passphrase from the keychain (Remember ticked), here
    the bench's own keychain (_benchkeyring) holding what keychain.put keeps (the
    passphrase and the file's key beside it): no dialog, as a remembered start is."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SALESDESK_QUIT_WHEN_READY="1")
    if passphrase is not None:
        from salesdesk.models import cipher
        from salesdesk.ui import keychain

        env["PYTHON_KEYRING_BACKEND"] = "_benchkeyring.BenchKeyring"
        env["SALESDESK_BENCH_PASSPHRASE"] = keychain._pack(
            passphrase, cipher.file_key(passphrase, db)
        )
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(Path(__file__).resolve().parent), env.get("PYTHONPATH", "")])
        )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-m", "salesdesk", "--db", str(db)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    line = next(x for x in done.stdout.splitlines() if x.startswith("ready "))
    seconds, rss = line.split()[1], line.split("rss_mb=")[1]
    return float(seconds), float(rss), cpu


TYPED = ("张", "张伟", "z", "zw", "zhang", "138", "1380", "13800", "john", "john s")


def keystrokes(
    db: Path, passphrase: str | None = None, settled: list[float] | None = None
) -> list[float]:
    """Type into the search box of a real (offscreen) window the moment it shows (its start-up
    reads, the Today view's and the search text's, run meanwhile) and time each keystroke's
    repaint; then, given `settled`, type the same again once no read runs, into it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from salesdesk.services.session import Session
    from salesdesk.ui.mainwindow import MainWindow

    app = QApplication.instance() or QApplication([])
    session = Session.open(db, read_only=True, passphrase=passphrase)
    window = MainWindow(session)
    window.resize(1200, 800)
    window.show()
    window.views.setCurrentWidget(window.splitter)
    app.processEvents()

    def type_all(times: list[float]) -> list[float]:
        for text in TYPED:
            for n in range(1, len(text) + 1):
                started = time.perf_counter()
                window.filter_bar.search.setText(text[:n])
                window.filter_bar._emit_now()  # skip the typing pause: time the work itself
                app.processEvents()  # the model reset, the chips and the list's repaint
                times.append((time.perf_counter() - started) * 1000)
            window.filter_bar.search.setText("")
            app.processEvents()
        return times

    times = type_all([])
    if settled is not None:
        deadline = time.perf_counter() + 60
        while window.ops.running and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.01)
        type_all(settled)
    window.close()
    session.close()
    window.deleteLater()  # freed (a closed window is not, by itself): bench_encryption goes on
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=100_000)
    args = parser.parse_args()
    small = demo_database(30_000)
    big = demo_database(args.cards)
    ready(small)  # the first run pays for the OS's file cache, as a first start does
    runs = [ready(small) for _ in range(3)]
    starts = [run[0] for run in runs]
    cpu = statistics.median(run[2] for run in runs)
    report(
        "cold start to a usable window, 30,000 cards (median of 3)",
        statistics.median(starts),
        "s",
        START_BUDGET_S,
        f"runs: {', '.join(f'{s:.2f}' for s in starts)}; processor time {cpu:.2f} s",
    )
    print(f"  processor time of the start (median): {cpu:.2f} s; load {os.getloadavg()[0]:.1f}")
    _, rss, _ = ready(big)
    report(f"memory of the window with {args.cards:,} cards open", rss, "MB", MEMORY_BUDGET_MB)
    settled: list[float] = []
    times = keystrokes(big, settled=settled)
    report(
        f"search as you type in the window, {args.cards:,} cards, median keystroke",
        statistics.median(times),
        "ms",
        KEYSTROKE_BUDGET_MS,
        "query + model reset + repaint",
    )
    report(
        f"search as you type in the window, {args.cards:,} cards, p95 keystroke",
        percentile(times, 0.95),
        "ms",
        KEYSTROKE_BUDGET_MS,
        "typed the moment the window shows, its start-up reads running",
    )
    report(
        f"search as you type in the window, {args.cards:,} cards, p95 keystroke, settled",
        percentile(settled, 0.95),
        "ms",
        KEYSTROKE_BUDGET_MS,
        "the same keys again once no read runs (the start-up reads' share is the difference)",
    )


if __name__ == "__main__":
    main()

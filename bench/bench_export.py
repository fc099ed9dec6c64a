"""Benchmark: the manager's workbook of 100,000 cards and a year of contacts (DESIGN §7).

Reports time and extra memory through _common.report(), which bench/run_all.py
collects. The export runs in a child process, so its peak memory is measured
against that process's own baseline (database open, openpyxl imported) rather
than against this script's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

BUDGET_SECONDS = 45.0
BUDGET_MB = 100.0
CARDS = 100_000


def _peak_mb() -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def child(db: Path, out: Path, days: int) -> None:
    """Run one export and print its figures as JSON."""
    import openpyxl  # noqa: F401 - part of the baseline, as in the window after first use

    from salesdesk.io.xlsx import export_workbook
    from salesdesk.services.session import Session

    session = Session.open(db)  # writable: an older demo file is migrated first
    today = session.today()
    before = _peak_mb()
    started = time.perf_counter()
    rows = export_workbook(
        out, date_from=today - timedelta(days=days), date_to=today, store=session.store
    )
    seconds = time.perf_counter() - started
    after = _peak_mb()
    session.close()
    print(json.dumps({"seconds": seconds, "extra_mb": after - before, "rows": rows}))


def demo_db(cards: int) -> Path:
    """A cached demo database (made once: `salesdesk demo` takes about a minute)."""
    try:
        from _common import demo_database  # type: ignore[import-not-found]

        return Path(demo_database(cards))
    except ImportError:
        pass
    cache = Path(os.environ.get("SALESDESK_BENCH_CACHE", Path(tempfile.gettempdir()) / "sd-bench"))
    cache.mkdir(parents=True, exist_ok=True)
    db = cache / f"demo-{cards}.db"
    if not db.exists():
        print(f"making {db} …", file=sys.stderr)
        subprocess.run(
            [sys.executable, "-m", "salesdesk", "demo", "--db", str(db), "--cards", str(cards)],
            check=True,
        )
    return db


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=CARDS)
    parser.add_argument("--db", help="use this database instead of the cached demo")
    parser.add_argument(
        "--days",
        type=int,
        action="append",
        help="the period: this many days up to today (repeatable). Default: 79 days, the "
        "budget's ~300,000 log rows of the demo's log, then a full year (1.2 million)",
    )
    parser.add_argument("--child", nargs=2, metavar=("DB", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    periods = args.days or [79, 365]
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), periods[0])
        return
    db = Path(args.db) if args.db else demo_db(args.cards)
    for days in periods:
        measure(db, days)


def measure(db: Path, days: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "workbook.xlsx"
        done = subprocess.run(
            [sys.executable, __file__, "--days", str(days), "--child", str(db), str(out)],
            check=False,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            sys.exit(f"the export failed:\n{done.stderr}")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        size_mb = out.stat().st_size / 1e6
    rows = figures["rows"]
    print(f"rows: {json.dumps(rows, ensure_ascii=False)}")
    print(f"file size: {size_mb:.1f} MB")
    total = sum(rows.values())
    note = f"{days} days, {total:,} rows, {size_mb:.1f} MB"
    from _common import report  # type: ignore[import-not-found]

    report("excel export: time", figures["seconds"], "s", BUDGET_SECONDS, note)
    report("excel export: extra memory", figures["extra_mb"], "MB", BUDGET_MB, note)


if __name__ == "__main__":
    main()

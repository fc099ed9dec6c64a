"""Benchmark: `salesdesk demo --cards 100000` (about 1,000,000 contacts), ≤ 60 s (DESIGN §7)."""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, report

BUDGET_S = 60.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sd-bench-demo-") as folder:
        db = Path(folder) / "demo.db"
        # The whole command, as the user runs it: start-up, generation, indexes, commit.
        command = (sys.executable, "-m", "salesdesk", "demo")
        started = time.perf_counter()
        done = subprocess.run(
            [*command, "--db", str(db), "--cards", str(args.cards), "--seed", str(args.seed)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        seconds = time.perf_counter() - started
        size_mb = db.stat().st_size / 1e6
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    summary = done.stderr.strip().rsplit(": ", 1)[-1]
    print(f"  {summary}; file {size_mb:.0f} MB; peak memory {peak_mb:.0f} MB")
    report(
        f"salesdesk demo --cards {args.cards}",
        seconds,
        "s",
        BUDGET_S,
        note=f"{summary}; {size_mb:.0f} MB file, {peak_mb:.0f} MB peak",
    )


if __name__ == "__main__":
    main()

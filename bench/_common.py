"""Shared by the benchmarks: a cached demo database, and report() for a figure beside its budget."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CACHE = Path(os.environ.get("SALESDESK_BENCH_CACHE", BENCH / ".cache"))
RESULTS = BENCH / "results" / "latest.jsonl"
_DEMO = (sys.executable, "-m", "salesdesk", "demo")

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The benches must not write into the user's replica registry, settings or backups.
os.environ.setdefault("SALESDESK_DATA_DIR", str(CACHE / "home" / "data"))
os.environ.setdefault("SALESDESK_CONFIG_DIR", str(CACHE / "home" / "config"))


def _generator_version() -> str:
    """A short hash of the demo generator, so a changed generator makes a new database."""
    source = (ROOT / "salesdesk" / "services" / "demo.py").read_bytes()
    return hashlib.sha1(source).hexdigest()[:8]


def demo_database(cards: int = 100_000, seed: int = 1) -> Path:
    """A demo database of `cards` cards, made once with `salesdesk demo` and kept under .cache."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"demo-{cards}-s{seed}-{_generator_version()}.db"
    if not path.exists():
        # Each maker writes its own partial file and renames it into place when done, so two
        # benches started together never delete or rename each other's half-made database.
        partial = path.with_name(f"{path.stem}.{os.getpid()}.partial")
        partial.unlink(missing_ok=True)
        print(f"making {path.name} ({cards:,} cards) …", file=sys.stderr, flush=True)
        made = subprocess.run(
            [*_DEMO, "--db", str(partial), "--cards", str(cards), "--seed", str(seed)],
            check=False,
            cwd=ROOT,
        )
        if made.returncode != 0:
            partial.unlink(missing_ok=True)
            raise RuntimeError(f"could not make {path}")
        if path.exists():
            partial.unlink()  # another bench finished first: keep its copy
        else:
            partial.rename(path)
    return path


demo_db = demo_database  # the name some benches look for


def timed(work: Callable[[], Any]) -> float:
    """Milliseconds one call of work takes."""
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """`with stopwatch() as t:` … then t[0] holds the seconds the block took."""
    box: list[float] = []
    started = time.perf_counter()
    yield box
    box.append(time.perf_counter() - started)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def report(
    name: str,
    figure: float,
    unit: str | float = "ms",
    budget: float | None = None,
    note: str = "",
) -> bool:
    """Print `name: figure unit (budget ≤ X unit) OK|OVER` and append it to results/latest.jsonl.

    report(name, seconds, budget_seconds), the older three-argument form, is
    understood too. Returns whether the figure is within its budget.
    """
    if not isinstance(unit, str):  # report(name, seconds, budget)
        unit, budget = "s", float(unit)
    if budget is None:
        raise TypeError("report() needs a budget")
    within = figure <= budget
    verdict = "OK" if within else "OVER"
    print(f"{name}: {_fmt(figure)} {unit} (budget ≤ {_fmt(budget)} {unit}) {verdict}", flush=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    line = {
        "name": name,
        "figure": round(figure, 3),
        "unit": unit,
        "budget": budget,
        "verdict": verdict,
        "note": note,
        "bench": Path(sys.argv[0]).name,
        "at": datetime.now().isoformat(timespec="seconds"),
        "load": round(load, 2),
    }
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return within


def _fmt(value: float) -> str:
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    versions = {}
    for package in ("peewee", "pypinyin", "PySide6", "openpyxl", "matplotlib"):
        try:
            from importlib.metadata import version

            versions[package] = version(package if package != "PySide6" else "PySide6-Essentials")
        except Exception:
            versions[package] = "-"
    import sqlite3

    return {
        "cores": str(os.cpu_count()),
        "cpu": _cpu_name(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "os": platform.platform(terse=True),
        **versions,
    }


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "-"

"""Run every bench_*.py and write bench/RESULTS.md: figure, budget, verdict, machine, notes."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import datetime

from _common import BENCH, RESULTS, ROOT, demo_database, machine

# What a figure measures or leaves out, shown in the note column; keyed by the
# start of the figure's name (chart names carry their data time).
KNOWN_NOTES: dict[str, str] = {
    "agenda for today": "the demo puts about 10,300 visits due or overdue on one day (a "
    "real day has tens): counted from the visit_agenda index, the 200 shown a list read "
    "from visit_overdue (schema 4)",
    "agenda 1-14 days ahead": "up to 60,000 visits due: only the rows shown are read",
    "chart time-to-a": "first steps into F, E and A from the grade_change_reach index "
    "(schema 4); charts are computed off the GUI thread",
    "chart movement": "one grouped scan of the covering grade_change_moves index (schema 4)",
    "dashboard KPIs": "all history of 100,000 cards, computed off the GUI thread while the "
    "tiles show the last figures",
    "search as you type, 100,000": "query only: a rare term is found with str.find over all "
    "search texts in one string, a common one row by row; the string is made when the window "
    "is idle after a load or sort",
    "sync-file export": "a page copy of the 690-730 MB file through the backup API into an "
    "unjournaled temporary file, one fsync; bound by the disk (DESIGN's floor was measured "
    "on 130 MB)",
    "merge, 1000 edits a side": "includes the safety backup of the live file and the "
    "quick_check of the incoming copy",
    "cold start to a usable window": "Python and Qt start in about 0.5 s; reading 30,000 "
    "list rows about 0.26 s",
    "search as you type in the window": "query + chips + model reset + repaint",
    "excel export: time": "the budget's size is 300,000 log rows (79 days of the demo's "
    "log); a full year of the demo is 1.2 million",
}


# Lines the Qt platform plugin writes to stderr that say nothing of the figures: the
# offscreen plugin warns each time a window shows (bench_window.py left dozens in RESULTS).
PLATFORM_NOISE: tuple[str, ...] = ("This plugin does not support propagateSizeHints()",)


def without_noise(output: str) -> str:
    """The bench's output less the Qt platform plugin's chatter."""
    kept = [line for line in output.splitlines(keepends=True) if line.strip() not in PLATFORM_NOISE]
    return "".join(kept)


def known_note(name: str) -> str:
    return next((note for key, note in KNOWN_NOTES.items() if name.startswith(key)), "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help="only these benches, e.g. search sort")
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--timeout", type=int, default=1800, help="seconds for one bench")
    parser.add_argument("--render", action="store_true", help="only rewrite RESULTS.md")
    args = parser.parse_args()
    saved = RESULTS.with_name("outputs.json")
    if args.render:
        data = json.loads(saved.read_text(encoding="utf-8"))
        write_results(data["outputs"], data["failed"])
        return
    scripts = sorted(BENCH.glob("bench_*.py"))
    if args.names:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in args.names]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.unlink(missing_ok=True)
    demo_database(args.cards)  # made once, before any bench is timed
    outputs: dict[str, str] = {}
    failed: dict[str, str] = {}
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(BENCH)]))
    for script in scripts:
        print(f"== {script.name}", flush=True)
        started = time.perf_counter()
        try:
            command = [sys.executable, str(script), "--cards", str(args.cards)]
            done = subprocess.run(
                command, check=False, cwd=ROOT, env=env, capture_output=True, text=True,
                timeout=args.timeout,
            )  # fmt: skip
            if done.returncode == 2 and "unrecognized arguments" in done.stderr:
                # A bench without a --cards option runs at its own size.
                done = subprocess.run(
                    command[:2], check=False, cwd=ROOT, env=env, capture_output=True,
                    text=True, timeout=args.timeout,
                )  # fmt: skip
            output = without_noise(done.stdout + done.stderr)
            if done.returncode != 0:
                failed[script.name] = output.strip().splitlines()[-1] if output.strip() else "?"
        except subprocess.TimeoutExpired:
            output = ""
            failed[script.name] = f"timed out after {args.timeout} s"
        print(output, end="", flush=True)
        outputs[script.name] = output
        print(f"   ({time.perf_counter() - started:.0f} s)", flush=True)
    saved.write_text(json.dumps({"outputs": outputs, "failed": failed}), encoding="utf-8")
    write_results(outputs, failed)


def write_results(outputs: dict[str, str], failed: dict[str, str]) -> None:
    lines = []
    if RESULTS.exists():
        lines = [json.loads(line) for line in RESULTS.read_text(encoding="utf-8").splitlines()]
    info = machine()
    out = [
        "# Benchmark results",
        "",
        f"Measured {datetime.now():%Y-%m-%d %H:%M} with `python bench/run_all.py` "
        "(budgets: DESIGN §7). Figures are wall-clock times on the machine below; the",
        "load column is the 1-minute load average when the figure was taken (on a 2-core",
        "machine shared with other work, a load above 1 means the bench competed for a core).",
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()),
        "",
        "| what | figure | budget | verdict | load | note |",
        "|---|---|---|---|---|---|",
    ]
    reported = set()
    for line in lines:
        reported.add(line["bench"])
        note = "; ".join(n for n in (line.get("note", ""), known_note(line["name"])) if n)
        out.append(
            f"| {line['name']} | {line['figure']:g} {line['unit']} | ≤ {line['budget']:g} "
            f"{line['unit']} | {line['verdict']} | {line.get('load', 0):.1f} | {note} |"
        )
    for script, output in outputs.items():
        if script in reported or script in failed:
            continue
        # A bench that prints its own lines instead of calling report(): keep its figures.
        shown = [x.strip() for x in output.splitlines() if "budget" in x]
        for text in shown or ["(no figure reported)"]:
            out.append(f"| {script} | {text} | | | | printed by the bench, not via report() |")
    for script, why in failed.items():
        out.append(f"| {script} | failed | | FAILED | | {why} |")
    out += ["", "## Output of each bench", ""]
    for script, output in outputs.items():
        shown = without_noise(output).strip()  # (outputs saved before the filter)
        out += [f"### {script}", "", "```", shown or "(nothing)", "```", ""]
    (BENCH / "RESULTS.md").write_text("\n".join(out), encoding="utf-8")
    print(f"wrote {BENCH / 'RESULTS.md'}")


if __name__ == "__main__":
    main()

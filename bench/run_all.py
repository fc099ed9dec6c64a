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

# Why a figure misses its budget, or what it leaves out; shown in the note column.
KNOWN_NOTES: dict[str, str] = {
    "agenda for today (median)": "cause: the demo puts a tenth of the file (10,300 visits) "
    "due or overdue on one day; each is an index entry read and sorted before the 200 shown "
    "per list are built (a real day has tens); 1-14 days ahead reads up to 60,000",
    "agenda 1-14 days ahead (median)": "see above",
    "chart movement first draw (data 1003 ms)": "the data is one scan of 300,000 grade "
    "steps (covering index since schema 3); drawn off the GUI thread",
    "chart movement redraw": "a 7x7 heat map with counts plus monthly bars: matplotlib text",
    "chart time-to-a first draw (data 2079 ms)": "cause: a Python pass over 300,000 grade "
    "steps and every reached card's first contact; drawn off the GUI thread",
    "chart time-to-a period change": "see above (the data is computed again)",
    "dashboard KPIs, all history": "all history of 100,000 cards, computed off the GUI "
    "thread while the tiles show the last figures",
    "search as you type, 100,000 cards, p95 keystroke": "cause: a first character ('1', "
    "'z', '张') matches most cards: a Python scan of 100,000 search texts plus the chip "
    "counts; keystrokes that narrow a search re-filter the last result (28-43 ms)",
    "search as you type, 100,000 cards, worst keystroke": "see above",
    "sync-file export": "a 670 MB file (DESIGN's floor was measured on 130 MB): a page "
    "copy through the backup API, bound by the disk",
    "merge, 1000 edits a side": "includes the safety backup of the 670 MB live file "
    "(about 4 s) and the quick_check of the incoming copy (about 2 s)",
    "cold start to a usable window, 30,000 cards (median of 3)": "Python and Qt start "
    "in 0.65 s with 5 cards; reading 30,000 list rows takes 0.26 s; loading the list "
    "after the window shows would meet it",
    "search as you type in the window, 100,000 cards, median keystroke": "query + chips + "
    "model reset + repaint; see the query-only rows",
    "search as you type in the window, 100,000 cards, p95 keystroke": "see above",
}


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
            output = done.stdout + done.stderr
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
        note = "; ".join(n for n in (line.get("note", ""), KNOWN_NOTES.get(line["name"], "")) if n)
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
        out += [f"### {script}", "", "```", output.strip() or "(nothing)", "```", ""]
    (BENCH / "RESULTS.md").write_text("\n".join(out), encoding="utf-8")
    print(f"wrote {BENCH / 'RESULTS.md'}")


if __name__ == "__main__":
    main()

"""Benchmark: plan two weeks over a 100,000-card book (DESIGN §7: ≤ 1 s).

The demo's book of 100,000 cards is a team's (one salesperson per 200 cards);
the plan is the week of its first salesperson, as `salesdesk plan` makes it.
The floor is SQLite reading the same due visits with their cards, no planning.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import demo_database as demo_db
from _common import report

BUDGET_S = 1.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=100_000)
    args = parser.parse_args()
    from salesdesk.services import plan
    from salesdesk.services.session import Session

    session = Session.open(demo_db(args.cards))
    today = session.today()
    store = session.store
    me = plan.owner(store=store)
    plan.make_plan(today, 2, me=me, store=store)  # warm the page cache, as a running window has
    times, floors = [], []
    for _ in range(5):
        started = time.perf_counter()
        week = plan.make_plan(today, 2, me=me, store=store)
        times.append(time.perf_counter() - started)
        started = time.perf_counter()
        end = (today + timedelta(days=13)).isoformat()
        rows = store.db.execute_sql(
            plan._DUE.format(
                owner="AND c.owner = :owner",
                tables="card c CROSS JOIN visit v ON v.card_id = c.id",
            ),
            {"start": today.isoformat(), "end": end, "owner": me},
        ).fetchall()
        floors.append(time.perf_counter() - started)
    planned = sum(len(v) for v in week.by_day.values())
    started = time.perf_counter()
    team = plan.make_plan(today, 2, me=None, store=store)
    team_s = time.perf_counter() - started
    session.close()
    figure, floor = statistics.median(times), statistics.median(floors)
    report(
        "plan two weeks, 100,000-card book (median)",
        figure,
        "s",
        BUDGET_S,
        f"{me}'s book: {len(rows)} visits due in the two weeks, {planned} planned on "
        f"{len(week.days)} days, {len(week.overflow)} listed for later; floor "
        f"{floor * 1000:.0f} ms (SQLite reading the due visits alone), "
        f"{figure / max(floor, 1e-9):.1f}x; the whole team's book at once "
        f"({len(team.overflow) + sum(len(v) for v in team.by_day.values())} visits): "
        f"{team_s:.2f} s",
    )


if __name__ == "__main__":
    main()

"""Benchmark: sort the card list by every column at 100,000 cards (≤ 150 ms, DESIGN §7)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from _common import demo_database, report, timed

BUDGET_MS = 150.0


def sort_columns(
    cards: Any, timer: Callable[[Callable[[], Any]], float] = timed
) -> dict[str, float]:
    """Sort `cards` (a CardList) by every column both ways as a click on a header does:
    the fastest of three (ms) for each (the others include GC pauses)."""
    from salesdesk.services.cardlist import CardFilter, Column

    figures: dict[str, float] = {}
    for column in Column:
        for descending in (False, True):
            best = []
            for _ in range(3):
                cards._sorted = None  # a click on a header sorts afresh
                best.append(timer(lambda c=column, d=descending: cards.query(CardFilter(), c, d)))
            figures[f"{column.name.lower()}{' desc' if descending else ''}"] = min(best)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=100_000)
    args = parser.parse_args()
    from salesdesk.services.session import Session

    session = Session.open(demo_database(args.cards), read_only=True)
    figures = sort_columns(session.card_list)
    for name, figure in figures.items():
        print(f"  {name}: {figure:.0f} ms")
    worst_name = max(figures, key=lambda name: figures[name])
    worst = figures[worst_name]
    session.close()
    report(
        f"sort the card list, {args.cards:,} cards, slowest column",
        worst,
        "ms",
        BUDGET_MS,
        note=f"slowest: {worst_name}; Python sort only, layoutChanged comes on top",
    )


if __name__ == "__main__":
    main()

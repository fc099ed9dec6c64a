"""Benchmark: sort the card list by every column at 100,000 cards (≤ 150 ms, DESIGN §7)."""

from __future__ import annotations

import argparse

from _common import demo_database, report, timed

BUDGET_MS = 150.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=100_000)
    args = parser.parse_args()
    from salesdesk.services.cardlist import CardFilter, Column
    from salesdesk.services.session import Session

    session = Session.open(demo_database(args.cards), read_only=True)
    cards = session.card_list
    worst = 0.0
    worst_name = ""
    for column in Column:
        for descending in (False, True):
            best = []
            for _ in range(3):
                cards._sorted = None  # a click on a header sorts afresh
                best.append(timed(lambda c=column, d=descending: cards.query(CardFilter(), c, d)))
            figure = min(best)  # the fastest of three: the others include GC pauses
            print(f"  {column.name.lower()}{' desc' if descending else ''}: {figure:.0f} ms")
            if figure > worst:
                worst, worst_name = figure, f"{column.name.lower()}{' desc' if descending else ''}"
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

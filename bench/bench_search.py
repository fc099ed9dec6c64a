"""Benchmark: search as you type over 100,000 cards through CardList.query (≤ 50 ms a keystroke).

This is the query part of a keystroke; the window's repaint comes on top
(a window benchmark adds it). Each sequence is typed one character at a
time, and every prefix is one query, as the search box sends them.
"""

from __future__ import annotations

import argparse
import re
import statistics

from _common import demo_database, percentile, report, timed

BUDGET_MS = 50.0
HAN = re.compile(r"[\u4e00-\u9fff]")


def keystrokes(text: str) -> list[str]:
    return [text[: i + 1] for i in range(len(text))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=100_000)
    args = parser.parse_args()
    from salesdesk.domain.search import pinyin_forms
    from salesdesk.models.tables import database_proxy
    from salesdesk.services.cardlist import CardFilter
    from salesdesk.services.session import Session

    session = Session.open(demo_database(args.cards), read_only=True)
    load_ms = timed(lambda: session.card_list)
    cards = session.card_list
    names = [n for (n,) in database_proxy.execute_sql("SELECT name FROM card LIMIT 2000")]
    chinese = next(n for n in names if HAN.search(n) and len(n) == 3)
    english = next(n for n in names if not HAN.search(n))
    phone = database_proxy.execute_sql(
        "SELECT phones FROM card WHERE phones LIKE '%+86 13%' LIMIT 1"
    ).fetchone()[0]
    mobile = re.search(r"\+86 (\d{3}) (\d{4})", phone)
    assert mobile is not None
    _, initials = pinyin_forms(chinese)
    sequences = {
        f"Chinese name {chinese}": keystrokes(chinese),
        f"pinyin initials {initials}": keystrokes(initials),
        f"full pinyin {pinyin_forms(chinese)[0]}": keystrokes(pinyin_forms(chinese)[0]),
        f"phone {mobile.group(1)}{mobile.group(2)}": keystrokes(mobile.group(1) + mobile.group(2)),
        f"English name {english}": keystrokes(english.lower()),
        "company 华信贸易": keystrokes("华信贸易"),
        "two terms 上海 王": ["上", "上海", "上海 ", "上海 王"],
    }
    cards.query(CardFilter())  # the list is sorted once when the window opens,
    cards.prepare_search()  # and its search text made when the window is idle
    every: list[float] = []
    for label, typed in sequences.items():
        times = []
        hits = []
        for text in typed:
            found: list[object] = []
            times.append(timed(lambda t=text, f=found: f.extend(cards.query(CardFilter(text=t)))))
            hits.append(len(found))
        every += times
        print(
            f"  {label}: {' '.join(f'{t:.0f}' for t in times)} ms (hits {hits[0]:,} → {hits[-1]:,})"
        )
    session.close()
    print(f"  card list load: {load_ms:.0f} ms; {len(every)} keystrokes")
    report(
        f"search as you type, {args.cards:,} cards, p95 keystroke",
        percentile(every, 0.95),
        "ms",
        BUDGET_MS,
        note=f"median {statistics.median(every):.0f} ms, worst {max(every):.0f} ms; query only",
    )
    report(
        f"search as you type, {args.cards:,} cards, worst keystroke",
        max(every),
        "ms",
        BUDGET_MS,
        note="the first character matches most cards",
    )


if __name__ == "__main__":
    main()

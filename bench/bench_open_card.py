"""Benchmark: open a card with 200 contacts (card, contact log, grade path, history) ≤ 50 ms."""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from _common import demo_database, report, timed

BUDGET_MS = 50.0
CONTACTS = 200


def _busy_card(session: object) -> str:
    """A card with 200 contacts and some edits; added once to the cached demo database."""
    from salesdesk.models.tables import database_proxy
    from salesdesk.services import cards, contacts

    row = database_proxy.execute_sql(
        "SELECT card_id FROM contact GROUP BY card_id HAVING count(*) >= ? LIMIT 1", (CONTACTS,)
    ).fetchone()
    if row:
        return str(row[0])
    card_id = database_proxy.execute_sql(
        "SELECT id FROM card WHERE grade = 'A' AND deleted = 0 ORDER BY id LIMIT 1"
    ).fetchone()[0]
    store = session.store  # type: ignore[attr-defined]
    have = cards.count_contacts(card_id)
    start = session.now() - timedelta(days=700)  # type: ignore[attr-defined]
    with store.write("Bench: a busy card"):
        for i in range(CONTACTS - have):
            contacts.log(
                store,
                card_id,
                channel=("visit", "phone", "message")[i % 3],
                summary=f"第{i + 1}次跟进：讨论了方案和价格",
                outcome="对方有兴趣",
                at=start + timedelta(days=3 * i, hours=i % 8),
            )
        for i in range(20):
            cards.edit(store, card_id, {"notes": f"备注第{i + 1}版"})
    return str(card_id)


def open_times(
    session: Any, card_id: str, timer: Callable[[Callable[[], Any]], float] = timed
) -> tuple[float, list[float]]:
    """Open the card as its view does (card, contact log, grade path, history): the first
    open, then 30 more (ms)."""

    def open_card() -> None:
        session.card(card_id)
        session.contacts(card_id)
        session.grade_path(card_id)
        session.history(card_id)

    first = timer(open_card)
    return first, [timer(open_card) for _ in range(30)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=100_000)
    args = parser.parse_args()
    from salesdesk.services.session import Session

    session = Session.open(demo_database(args.cards))
    card_id = _busy_card(session)
    first, times = open_times(session, card_id)
    parts = {
        "card": timed(lambda: session.card(card_id)),
        "contacts": timed(lambda: session.contacts(card_id)),
        "grade path": timed(lambda: session.grade_path(card_id)),
        "history": timed(lambda: session.history(card_id)),
    }
    n = len(session.contacts(card_id))
    session.close()
    print(
        f"  {n} contacts; first open {first:.1f} ms; parts: "
        + ", ".join(f"{k} {v:.1f} ms" for k, v in parts.items())
    )
    report(
        f"open a card with {n} contacts, median",
        statistics.median(times),
        "ms",
        BUDGET_MS,
        note=f"first open {first:.0f} ms; worst {max(times):.0f} ms",
    )


if __name__ == "__main__":
    main()

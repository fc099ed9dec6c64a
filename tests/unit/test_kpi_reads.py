"""The period summary's reads against the plain computation (issue 18: the dashboard's
KPIs over all history within 1.5 s at 100,000 cards), on a randomly stirred book."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from salesdesk.models.tables import database_proxy
from salesdesk.services import analytics, summary
from salesdesk.services.session import Session

NOW = "2026-06-15T10:00:00"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    from salesdesk.services.demo import generate

    folder = tmp_path_factory.mktemp("kpi-reads")
    patch = pytest.MonkeyPatch()
    for name in ("SALESDESK_DATA_DIR", "SALESDESK_CONFIG_DIR"):
        patch.setenv(name, str(folder / name))
    patch.setenv("SALESDESK_NOW", NOW)
    session = Session.open(Path(folder) / "book.db")
    try:
        generate(session.store, cards=400, seed=5)
        rng = random.Random(18)
        with session.store.write():
            sql = database_proxy.execute_sql
            cards = [r[0] for r in sql("SELECT id FROM card ORDER BY id")]
            visits = [r[0] for r in sql("SELECT rowid FROM visit ORDER BY rowid")]
            for card_id in rng.sample(cards, 30):
                sql("UPDATE card SET deleted = 1 WHERE id = ?", (card_id,))
            for rowid in rng.sample(visits, len(visits) // 8):
                change = rng.choice(("deleted = 1", "status = 'cancelled'", "status = 'done'"))
                sql(f"UPDATE visit SET {change} WHERE rowid = ?", (rowid,))
        yield session
    finally:
        session.close()
        patch.undo()


def _plain_visits(p: analytics.Period) -> tuple[int, int]:
    """Visits planned in the period (due in it, not cancelled) and done in it, live cards."""
    gone = {r[0] for r in database_proxy.execute_sql("SELECT id FROM card WHERE deleted = 1")}
    start, after = p.start.isoformat(), p.after_end
    planned = done = 0
    for card_id, deleted, status, due_on, done_at in database_proxy.execute_sql(
        "SELECT card_id, deleted, status, due_on, done_at FROM visit"
    ):
        if deleted or card_id in gone:
            continue
        planned += status != "cancelled" and start <= due_on < after
        done += status == "done" and done_at is not None and start <= done_at < after
    return planned, done


def test_visits_planned_and_done_are_the_plain_counts(book: Session) -> None:
    today = date.fromisoformat(NOW[:10])
    with book.store.bound():
        periods = [analytics.period(kind) for kind in ("3m", "12m", "all")]
        periods += [
            analytics.period("custom", today - timedelta(days=n), today + timedelta(days=n // 3))
            for n in (0, 7, 45, 400)
        ]
        found = [summary._visits(p, summary.EVERY_CARD) for p in periods]
        assert found == [_plain_visits(p) for p in periods]
        assert all(planned > done > 0 for planned, done in found[1:3])  # not empty counts
        # A scope of some grades reads the same way as before (by card).
        scope = summary.CardScope(grades=frozenset({"A", "B"}))
        assert summary._visits(periods[2], scope)[0] < found[2][0]

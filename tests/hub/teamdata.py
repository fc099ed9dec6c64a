"""A hub holding a demo team's history, with a manager and a salesperson (team view tests)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from salesdesk.services.demo import generate
from tests.hub.helpers import add_team, do, init, join, sync


@pytest.fixture(name="team_hub")
def team_hub_fixture(hub_url: str, tmp_path: Path) -> tuple[str, Path]:
    """A hub holding a demo team's three years (several owners), pushed by one laptop,
    and a manager, 赵经理, and a salesperson, 李强."""
    init(hub_url)
    add_team(hub_url, ("zhao", "liqiang"))
    laptop = tmp_path / "team.db"
    join(laptop, hub_url)
    do(laptop, lambda s: generate(s.store, cards=400, seed=7))

    def late_visits(session: Any) -> None:
        # Visits left undone weeks ago: the overdue figures have something to count.
        rows = session.store.db.execute_sql("SELECT id FROM card ORDER BY id LIMIT 40")
        for (card_id,) in rows.fetchall()[::4]:
            session.plan_visit(card_id, session.today() - timedelta(days=30))

    do(laptop, late_visits)
    sync(laptop)
    return hub_url, laptop

"""Week plans made on two laptops sync like any visit edit; only the user's moves can conflict."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from salesdesk.services import plan
from salesdesk.services.session import Session
from tests.integration.test_sync import both_ways, do, dump, merge, sync_file


@pytest.fixture
def laptops(tmp_path: Path) -> tuple[Path, Path, str]:
    """Two laptops that share one card (grade E, a visit planned) after a first sync."""
    a, b = tmp_path / "a" / "cards.db", tmp_path / "b" / "cards.db"
    a.parent.mkdir()
    b.parent.mkdir()
    card_id = do(a, lambda s: s.create_card({"name": "张伟", "area": "徐汇区"}, grade="E").id)
    merge(b, sync_file(a, tmp_path / "x"))
    return a, b, card_id


def _visit(session: Session, card_id: str) -> tuple[str, date]:
    [visit] = [v for v in session.visits(card_id) if v.status == "planned"]
    return visit.id, visit.due_on


def _plan_from(session: Session, offset: int, card_id: str) -> None:
    _, due = _visit(session, card_id)
    session.apply_plan(
        plan.make_plan(due + timedelta(days=offset), 1, 8, days_of_week=tuple(range(7)))
    )


def test_two_automatic_plans_are_no_conflict_and_converge(
    laptops: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, b, card_id = laptops
    do(a, lambda s: _plan_from(s, 0, card_id))
    do(b, lambda s: _plan_from(s, 1, card_id))
    report_b, report_a = both_ways(a, b, tmp_path / "sync")
    assert report_a.conflicts == report_b.conflicts == 0
    assert dump(a) == dump(b)


def test_two_users_moving_one_visit_differently_is_a_conflict(
    laptops: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, b, card_id = laptops
    visit_id, due = do(a, lambda s: _visit(s, card_id))
    do(a, lambda s: s.move_planned_visit(visit_id, due + timedelta(days=1)))
    do(b, lambda s: s.move_planned_visit(visit_id, due + timedelta(days=2)))
    report_b, report_a = both_ways(a, b, tmp_path / "sync")
    assert report_a.conflicts == report_b.conflicts == 1

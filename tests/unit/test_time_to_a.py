"""The time-to-A figures read by SQL equal their definition written out in plain Python.

analytics.time_to_a and median_days_f_to_a find each card's climb in the grade_change
index; here the same definitions are worked out from every grade step and contact read
as rows, on a database seeded with the edges: an A exactly at the 6-month horizon and a
minute after it, an A before the first F (not counted for F), a card that enters F twice,
E → A → E → A, a deleted card, a contact after the A, and seeded random paths.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from salesdesk.services import analytics as an

TODAY = "2025-12-31T18:00:00"
PERIODS = [
    an.Period("custom", date(2025, 1, 1), date(2025, 6, 30)),
    an.Period("custom", date(2025, 1, 2), date(2025, 1, 2)),  # the day the 183 days run out
    an.Period("custom", date(2024, 1, 1), date(2025, 12, 31)),
]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Made once for the module through the operations road, then only read."""
    from salesdesk.services.session import Session

    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SALESDESK_DATA_DIR", str(home / "data"))
        mp.setenv("SALESDESK_CONFIG_DIR", str(home / "config"))
        session = Session.open(tmp_path_factory.mktemp("db") / "cards.db")
        try:
            _seed(session, mp)
            yield session
        finally:
            session.close()


def _card(session: Any, mp: pytest.MonkeyPatch, created: str, grade: str, **kind: Any) -> str:
    mp.setenv("SALESDESK_NOW", created)
    card_id: str = session.create_card({"name": created}, grade=grade, **kind).id
    return card_id


def _seed(session: Any, mp: pytest.MonkeyPatch) -> None:
    # A exactly 183 days after F (in time for 6 months), and a minute later (not in time).
    on_time = _card(session, mp, "2024-07-03T09:00:00", "F", f_kind="F1")
    session.change_grade(on_time, "A", at="2025-01-02T09:00:00")
    late = _card(session, mp, "2024-07-03T09:00:00", "F", f_kind="F1")
    session.change_grade(late, "A", at="2025-01-02T09:01:00")
    # A before its first F: the F clock finds the A after it.
    early = _card(session, mp, "2024-03-01T09:00:00", "B")
    session.change_grade(early, "A", at="2024-05-01T09:00:00")
    session.change_grade(early, "F", at="2024-08-01T09:00:00", f_kind="F2")
    session.change_grade(early, "A", at="2025-02-01T09:00:00")
    # F twice: the clock starts at the first.
    twice = _card(session, mp, "2024-09-30T23:59:00", "F", f_kind="F2")
    session.change_grade(twice, "E", at="2024-10-31T09:00:00")
    session.change_grade(twice, "F", at="2024-11-30T09:00:00", f_kind="F2")
    session.change_grade(twice, "A", at="2025-03-31T23:59:59")
    # E → A → E → A, with contacts before and after the first A.
    climb = _card(session, mp, "2024-06-30T12:00:00", "E")
    session.log_contact(climb, channel="visit", summary="x", at="2024-07-15T10:00:00")
    session.change_grade(climb, "A", at="2024-12-31T12:00:00")
    session.change_grade(climb, "E", at="2025-02-28T12:00:00")
    session.change_grade(climb, "A", at="2025-04-30T12:00:00")
    session.log_contact(climb, channel="phone", summary="y", at="2025-05-01T10:00:00")
    # A contact after the A only: the clock starts at creation.
    after = _card(session, mp, "2025-01-10T09:00:00", "F", f_kind="F1")
    session.change_grade(after, "A", at="2025-03-10T09:00:00")
    session.log_contact(after, channel="phone", summary="z", at="2025-04-10T09:00:00")
    gone = _card(session, mp, "2024-07-03T09:00:00", "F", f_kind="F1")
    session.change_grade(gone, "A", at="2024-08-03T09:00:00")
    session.delete_card(gone)
    rng = random.Random(18)
    start = datetime(2023, 6, 1, 9)
    for _ in range(40):
        moment = start + timedelta(minutes=rng.randrange(700 * 24 * 60))
        grade = rng.choice("FFFEED")
        card = _card(session, mp, moment.isoformat(), grade, f_kind="F1" if grade == "F" else None)
        if rng.random() < 0.3:
            seen = moment + timedelta(days=rng.randrange(40))
            session.log_contact(card, channel="visit", summary="r", at=seen.isoformat())
        for _ in range(rng.randrange(4)):
            moment += timedelta(minutes=rng.randrange(1, 200 * 24 * 60))
            new = rng.choice([g for g in "ABCDEF" if g != grade])
            kind = {"f_kind": "F2"} if new == "F" else {}
            session.change_grade(card, new, at=moment.isoformat(), **kind)
            grade = new
    mp.setenv("SALESDESK_NOW", TODAY)


@pytest.fixture
def graded(seeded: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("SALESDESK_NOW", TODAY)
    return seeded


def _rows(session: Any) -> tuple[dict[str, list[tuple[str, str]]], dict[str, str]]:
    """Each live card's steps (moment, grade) in order, and its first contact."""
    db = session.store.db
    live = "card_id NOT IN (SELECT id FROM card WHERE deleted = 1)"
    steps: dict[str, list[tuple[str, str]]] = {}
    for card_id, at, grade in db.execute_sql(
        f"SELECT card_id, at, to_grade FROM grade_change WHERE deleted = 0 AND {live} "
        "ORDER BY card_id, at"
    ).fetchall():
        steps.setdefault(card_id, []).append((at, grade))
    contacts = dict(
        db.execute_sql(
            f"SELECT card_id, min(at) FROM contact WHERE deleted = 0 AND {live} GROUP BY 1"
        ).fetchall()
    )
    return steps, contacts


def _first(steps: list[tuple[str, str]], grade: str, since: str = "") -> str | None:
    return next((at for at, g in steps if g == grade and at >= since), None)


def _days(later: str, earlier: str) -> float:
    return (datetime.fromisoformat(later) - datetime.fromisoformat(earlier)).total_seconds() / 86400


def _oracle(session: Any, p: an.Period) -> tuple[list[int], dict[str, Any], float | None]:
    """The definitions of analytics.time_to_a and median_days_f_to_a, step by step."""
    steps, contacts = _rows(session)
    lo = datetime.combine(p.start, datetime.min.time())
    hi = datetime.combine(p.end + timedelta(days=1), datetime.min.time())
    days = []
    for card_id, path in steps.items():
        a_at = _first(path, "A")
        if a_at is None or not lo <= datetime.fromisoformat(a_at) < hi:
            continue
        seen = contacts.get(card_id)
        begin = seen if seen and seen <= a_at else path[0][0]
        days.append(max(0, int(_days(a_at, begin))))
    cohorts: dict[str, Any] = {}
    for grade in ("F", "E"):
        cohorts[grade] = {}
        for months, horizon in an.HORIZONS.items():
            reached = counted = 0
            for path in steps.values():
                entered = _first(path, grade)
                if entered is None:
                    continue
                runs_out = datetime.fromisoformat(entered) + timedelta(days=horizon)
                if not lo <= runs_out < hi:
                    continue
                counted += 1
                first_a = _first(path, "A", entered)
                reached += first_a is not None and datetime.fromisoformat(first_a) <= runs_out
            cohorts[grade][months] = (reached, counted)
    spans = []
    for path in steps.values():
        entered = _first(path, "F")
        first_a = _first(path, "A", entered) if entered else None
        if first_a and lo <= datetime.fromisoformat(first_a) < hi:
            spans.append(_days(first_a, entered or ""))
    median = round(float(statistics.median(spans)), 1) if spans else None
    return sorted(days), cohorts, median


@pytest.mark.parametrize("p", PERIODS, ids=lambda p: f"{p.start}..{p.end}")
def test_time_to_a_equals_its_definition(graded: Any, p: an.Period) -> None:
    days, cohorts, median = _oracle(graded, p)
    found = an.time_to_a(p)
    assert found.days == days
    assert found.cohorts == cohorts
    assert an.median_days_f_to_a(p) == median


def test_the_edges_are_counted_as_the_definition_says(graded: Any) -> None:
    # 2 Jan 2025: the two cards made F on 3 Jul 2024 run out their 6 months; the one that
    # reached A on the 183rd day to the minute is in time, the one a minute later is not.
    on_the_day = an.time_to_a(PERIODS[1])
    assert on_the_day.cohorts["F"][6] == (1, 2)
    assert sum(counted for _, counted in an.time_to_a(PERIODS[2]).cohorts["E"].values()) > 0

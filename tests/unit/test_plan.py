"""The week plan: capacity, priority, windows, areas, overflow, fixed visits and re-planning."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from salesdesk.models.tables import Visit
from salesdesk.services import plan
from salesdesk.services.session import Session

MONDAY = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALESDESK_NOW", "2026-11-02T08:00:00")


def _card(
    session: Session, name: str, grade: str, area: str, contact_on: date, **kw: object
) -> str:
    card_id = session.create_card({"name": name, "area": area, **kw}, grade="E").id
    session.log_contact(
        card_id, channel="visit", summary="见面", grade=grade, at=f"{contact_on}T10:00"
    )
    return card_id


def _day_of(week: plan.WeekPlan, card_id: str) -> str | None:
    for day, items in week.by_day.items():
        if any(i.card_id == card_id for i in items):
            return day
    return None


def test_days_hold_at_most_their_capacity_and_the_rest_is_listed_with_a_reason(
    session: Session,
) -> None:
    ids = [
        _card(session, f"客户{n}", "B", "浦东新区", MONDAY - timedelta(days=7)) for n in range(14)
    ]
    week = plan.make_plan(MONDAY, 1, 2)
    assert [d.isoformat() for d in week.days] == [
        (MONDAY + timedelta(days=n)).isoformat() for n in range(5)
    ]
    assert all(len(items) <= 2 for items in week.by_day.values())
    planned = {i.card_id for i in week.items()}
    overflow = {i.card_id for i in week.overflow}
    assert len(planned) == 10
    assert planned | overflow == set(ids)  # nothing dropped silently
    assert all(i.reason in (plan.OVER_FULL, plan.OVER_LATER) for i in week.overflow)


def test_priority_picks_what_fits_overdue_a_first_and_e_waits(session: Session) -> None:
    b = _card(session, "乙", "B", "徐汇区", MONDAY - timedelta(days=7))
    a = _card(session, "甲", "A", "徐汇区", MONDAY - timedelta(days=3))
    late_a = _card(session, "急", "A", "静安区", MONDAY - timedelta(days=10))
    c = session.create_card({"name": "丙", "area": "徐汇区"}, grade="E").id
    session.change_grade(c, "C", reason="体检", blocker="体检未过", recheck_on=MONDAY)
    es = [_card(session, f"戊{n}", "E", "徐汇区", MONDAY - timedelta(days=14)) for n in range(3)]
    week = plan.make_plan(MONDAY, 1, 1)
    [first] = week.by_day["2026-11-02"]
    assert (first.card_id, first.why) == (late_a, plan.WHY_OVERDUE)
    assert {i.card_id for i in week.items()} == {late_a, a, c, b, es[0]}
    assert {i.card_id for i in week.overflow} == set(es[1:])
    # Each inside its window: the re-check's window closes first, the A's next.
    assert _day_of(week, c) == "2026-11-03"
    assert _day_of(week, a) == "2026-11-04"


def test_cards_of_one_area_share_days(session: Session) -> None:
    for n in range(4):
        _card(session, f"浦{n}", "B", "浦东新区", MONDAY - timedelta(days=7))
        _card(session, f"徐{n}", "B", "徐汇区", MONDAY - timedelta(days=7))
    week = plan.make_plan(MONDAY, 1, 4)
    areas_per_day = [{i.area for i in items} for items in week.by_day.values() if items]
    assert sorted(areas_per_day, key=sorted) == [{"徐汇区"}, {"浦东新区"}]


def test_an_appointment_is_never_moved_and_a_moved_visit_stays_on_replanning(
    session: Session,
) -> None:
    ids = [
        _card(session, f"客户{n}", "B", "浦东新区", MONDAY - timedelta(days=7)) for n in range(3)
    ]
    appointment = session.create_card({"name": "约见", "area": "闵行区"}, grade="A").id
    session.plan_visit(appointment, MONDAY + timedelta(days=3), due_time="14:00")
    week = plan.make_plan(MONDAY, 1, 8)
    assert _day_of(week, appointment) == "2026-11-05"
    [item] = [i for i in week.items() if i.card_id == appointment]
    assert item.fixed
    assert item.why == plan.WHY_APPOINTMENT
    # The user moves a visit to Friday, then plans again: it stays on Friday.
    moved = next(i for i in week.items() if i.card_id == ids[0])
    assert moved.visit_id is not None
    session.move_planned_visit(moved.visit_id, MONDAY + timedelta(days=4))
    again = plan.make_plan(MONDAY, 1, 8)
    assert _day_of(again, ids[0]) == "2026-11-06"
    assert next(i for i in again.items() if i.card_id == ids[0]).why == plan.WHY_MOVED
    # The move is a change record like any visit edit, so it syncs.
    row = Visit.get_by_id(moved.visit_id)
    assert (row.plan_on, row.plan_fixed) == ("2026-11-06", 1)


def test_apply_stores_the_plan_and_f2_first_visits_fill_free_slots(session: Session) -> None:
    b = _card(session, "乙", "B", "浦东新区", MONDAY - timedelta(days=7))
    lead = session.create_card({"name": "新客户", "area": "浦东新区"}, grade="F", f_kind="F2").id
    week = plan.make_plan(MONDAY, 1, 8)
    assert _day_of(week, lead) is not None  # a free slot took the first visit
    written = session.apply_plan(week)
    assert written.id == "2"
    assert written.changed.touches("visit")
    days = {
        v.card_id: v.plan_on
        for v in Visit.select().where(Visit.status == "planned", Visit.deleted == 0)
    }
    assert days[b] == _day_of(week, b)
    assert days[lead] == _day_of(week, lead)
    # Planning again with the plan stored changes nothing.
    again = plan.make_plan(MONDAY, 1, 8)
    assert {i.card_id: i.day for i in again.items()} == {i.card_id: i.day for i in week.items()}


def test_only_my_cards_are_planned(session: Session) -> None:
    mine = _card(session, "我的", "B", "浦东新区", MONDAY - timedelta(days=7), owner="王磊")
    _card(session, "别人的", "B", "浦东新区", MONDAY - timedelta(days=7), owner="李娜")
    week = plan.make_plan(MONDAY, 1, 8, me="王磊")
    assert {i.card_id for i in week.items() + week.overflow} == {mine}


def test_bad_plan_input_is_refused(session: Session) -> None:
    with pytest.raises(plan.InvalidValue):
        plan.make_plan(MONDAY, 9)
    with pytest.raises(plan.InvalidValue):
        plan.make_plan(MONDAY, 1, 0)
    with pytest.raises(plan.InvalidValue):
        plan.save_preferences((), 8, None)


def test_a_teams_book_is_not_planned_all_at_once_for_no_one(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        _card(session, f"客户{n}", "B", "浦东新区", MONDAY - timedelta(days=7), owner="李娜")
    monkeypatch.setattr(plan, "TEAM_BOOK_VISITS", 2)
    assert plan.team_sized(MONDAY, None)
    assert not plan.team_sized(MONDAY, "李娜")
    monkeypatch.setattr(plan, "TEAM_BOOK_VISITS", 3)
    assert not plan.team_sized(MONDAY, None)


def test_the_users_order_of_a_day_is_kept_within_its_area(session: Session) -> None:
    for n in range(3):
        _card(session, f"客户{n}", "B", "浦东新区", MONDAY - timedelta(days=7))
    week = plan.make_plan(MONDAY, 1, 8)
    monday = week.by_day["2026-11-02"]
    ids = [i.visit_id for i in monday if i.visit_id]
    wanted = list(reversed(ids))
    session.order_day(MONDAY, wanted)
    again = plan.make_plan(MONDAY, 1, 8)
    assert [i.visit_id for i in again.by_day["2026-11-02"]] == wanted

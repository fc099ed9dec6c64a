"""Return visits planned from the grade's cadence, and the agenda that lists them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from salesdesk.services.session import Session

D = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALESDESK_NOW", "2026-11-02T08:00:00")


def _where(session: Session, card_id: str, day: date, days: int = 7) -> str | None:
    agenda = session.agenda(day, days)
    for bucket in ("overdue", "today", "upcoming"):
        if any(item.card_id == card_id for item in getattr(agenda, bucket)):
            return bucket
    return None


def test_a_card_is_due_after_its_interval_and_overdue_after_twice_it(session: Session) -> None:
    card_id = session.create_card({"name": "张伟", "area": "浦东新区"}, grade="E").id
    session.log_contact(
        card_id, channel="visit", summary="谈得很好", grade="A", at="2026-11-02T10:00"
    )
    assert _where(session, card_id, D + timedelta(days=1)) == "upcoming"
    assert _where(session, card_id, D + timedelta(days=3)) == "today"
    assert _where(session, card_id, D + timedelta(days=6)) == "today"  # due, not yet overdue
    assert _where(session, card_id, D + timedelta(days=7)) == "overdue"
    assert _where(session, card_id, D + timedelta(days=30)) == "overdue"
    [item] = session.agenda(D + timedelta(days=7)).overdue
    assert (item.name, item.grade, item.area, item.due) == ("张伟", "A", "浦东新区", "2026-11-05")
    assert item.idle
    assert item.overdue_since == "2026-11-09"
    # The last merely-due day is stored with the visit (schema 3), synced with its date.
    [row] = [v for v in session.dump()["visit"] if v["status"] == "planned"]
    assert (row["due_on"], row["overdue_on"]) == ("2026-11-05", "2026-11-08")


def test_a_visit_without_a_stored_overdue_day_is_bucketed_all_the_same(
    session: Session,
) -> None:
    card_id = session.create_card({"name": "旧数据"}, grade="B").id
    session.log_contact(card_id, channel="phone", summary="s", at="2026-11-02T09:00")
    from salesdesk.models.tables import Visit

    Visit.update(overdue_on=None).execute()  # as written by a file of schema 2
    assert _where(session, card_id, D + timedelta(days=9)) == "today"
    assert _where(session, card_id, D + timedelta(days=15)) == "overdue"


@pytest.mark.parametrize(("grade", "days"), [("A", 3), ("B", 7), ("D", 30), ("E", 14)])
def test_each_grade_plans_from_its_cadence(session: Session, grade: str, days: int) -> None:
    card_id = session.create_card({"name": "X"}).id
    session.log_contact(card_id, channel="phone", summary="s", grade=grade, at="2026-11-02T09:00")
    [visit] = [v for v in session.visits(card_id) if v.status == "planned"]
    assert visit.due_on == D + timedelta(days=days)


def test_a_c_card_comes_back_on_its_recheck_date_not_before(session: Session) -> None:
    card_id = session.create_card({"name": "Maria"}, grade="B").id
    recheck = date(2027, 1, 20)
    session.change_grade(card_id, "C", reason="health", recheck_on=recheck)
    assert _where(session, card_id, recheck - timedelta(days=1), days=0) is None
    assert _where(session, card_id, recheck, days=0) == "today"


def test_f2_cards_wait_for_a_first_visit_planned_by_hand(session: Session) -> None:
    card_id = session.create_card({"name": "新线索"}).id
    assert session.visits(card_id) == []
    session.plan_visit(card_id, "2026-11-05", due_time="14:30", purpose="first_visit")
    [item] = session.agenda(D).upcoming
    assert (item.card_id, item.due_time, item.hand_set) == (card_id, "14:30", True)


def test_logging_a_contact_restarts_the_clock(session: Session) -> None:
    card_id = session.create_card({"name": "Li"}, grade="B").id
    session.log_contact(card_id, channel="phone", summary="a", at="2026-11-02T09:00")
    session.log_contact(card_id, channel="phone", summary="b", at="2026-11-06T09:00")
    planned = [v for v in session.visits(card_id) if v.status == "planned"]
    assert [v.due_on for v in planned] == [date(2026, 11, 13)]


def test_a_back_dated_contact_does_not_pull_the_visit_earlier(session: Session) -> None:
    card_id = session.create_card({"name": "Li"}, grade="B").id
    session.log_contact(card_id, channel="phone", summary="a", at="2026-11-06T09:00")
    session.log_contact(card_id, channel="letter", summary="old", at="2026-10-01T09:00")
    planned = [v for v in session.visits(card_id) if v.status == "planned"]
    assert [v.due_on for v in planned] == [date(2026, 11, 13)]


def test_a_visit_set_by_hand_is_not_moved_by_the_cadence(session: Session) -> None:
    card_id = session.create_card({"name": "Wang"}, grade="B").id
    [auto] = session.visits(card_id)
    session.reschedule_visit(auto.id, "2026-12-01", "09:30")
    session.log_contact(card_id, channel="visit", summary="s", grade="A")
    planned = [v for v in session.visits(card_id) if v.status == "planned"]
    assert [(v.due_on, v.due_time) for v in planned] == [(date(2026, 12, 1), "09:30")]


def test_completing_a_visit_logs_the_contact_and_plans_the_next(session: Session) -> None:
    card_id = session.create_card({"name": "Zhao"}, grade="E").id
    [visit] = session.visits(card_id)
    session.complete_visit(visit.id, summary="讲解方案", grade="B", at="2026-11-10T11:00")
    visits = {v.status: v for v in session.visits(card_id)}
    assert visits["done"].id == visit.id
    assert visits["planned"].due_on == date(2026, 11, 17)
    [contact] = session.contacts(card_id)
    assert (contact.channel, contact.summary, contact.grade_after) == ("visit", "讲解方案", "B")
    assert session.card(card_id).grade == "B"


def test_cancelled_visits_leave_the_agenda(session: Session) -> None:
    card_id = session.create_card({"name": "Qian"}, grade="A").id
    [visit] = session.visits(card_id)
    session.cancel_visit(visit.id)
    assert _where(session, card_id, D + timedelta(days=3)) is None


def test_agenda_groups_by_area(session: Session) -> None:
    for name, area in [("a", "海淀区"), ("b", "朝阳区"), ("c", "海淀区"), ("d", "")]:
        session.create_card({"name": name, "area": area}, grade="A")
    agenda = session.agenda(D + timedelta(days=3))
    groups = [(area, [i.name for i in items]) for area, items in agenda.by_area(agenda.today)]
    assert groups == [("朝阳区", ["b"]), ("海淀区", ["a", "c"]), ("", ["d"])]


def test_calendar_export_keeps_uids_marks_cancelled_and_parses(
    session: Session, tmp_path: Path
) -> None:
    from icalendar import Calendar

    from salesdesk.io.ics import export_ics

    keep = session.create_card({"name": "张伟", "company": "华信", "area": "浦东"}, grade="A").id
    drop = session.create_card({"name": "John"}, grade="B").id
    timed = session.plan_visit(keep, "2026-11-20", due_time="15:00").id
    [dropped] = session.visits(drop)
    session.cancel_visit(dropped.id)
    first, second = tmp_path / "1.ics", tmp_path / "2.ics"
    export_ics(first)
    session.edit_card(keep, {"notes": "changed"})
    export_ics(second)

    def events(path: Path) -> dict[str, object]:
        cal = Calendar.from_ical(path.read_bytes())
        return {str(e["uid"]): e for e in cal.walk("VEVENT")}

    one, two = events(first), events(second)
    assert set(one) == set(two)
    assert len(one) == 3
    assert str(one[f"{dropped.id}@salesdesk"]["status"]) == "CANCELLED"
    event = one[f"{timed}@salesdesk"]
    assert "张伟" in str(event["summary"])
    start = event["dtstart"].dt
    assert start.tzinfo is not None  # time-zone aware
    assert start.astimezone().strftime("%Y-%m-%d %H:%M") == "2026-11-20 15:00"
    assert [c.name for c in event.subcomponents] == ["VALARM"]


def test_long_lists_are_cut_most_urgent_first_and_counted_in_full(session: Session) -> None:
    from salesdesk.models.tables import Visit

    # Six B cards contacted a day apart: on D+20 each visit (due 7 days after
    # its contact, overdue after 14) is overdue, the latest contacts most recently.
    ids = []
    for n in range(6):
        card_id = session.create_card({"name": f"客户{n}"}, grade="B").id
        at = (D + timedelta(days=n)).isoformat() + "T09:00"
        session.log_contact(card_id, channel="phone", summary="s", at=at)
        ids.append(card_id)
    # Two of them as written by a file of schema 2: no stored overdue day.
    Visit.update(overdue_on=None).where(Visit.card_id.in_([ids[1], ids[4]])).execute()
    day = D + timedelta(days=20)
    full = session.agenda(day, 0)
    assert [item.card_id for item in full.overdue] == ids[::-1]
    assert [item.overdue_since for item in full.overdue] == [
        (D + timedelta(days=n + 15)).isoformat() for n in range(5, -1, -1)
    ]
    from salesdesk.services.agenda import agenda

    cut = agenda(day, 0, limit=3)
    assert [item.card_id for item in cut.overdue] == ids[:2:-1]
    assert cut.to_json()["counts"]["overdue"] == 6
    assert agenda(day, 0, limit=0).totals == {
        "overdue": 6,
        "today": 0,
        "upcoming": 0,
        "payments": 0,
    }
    # On D+16 the first two are overdue, the rest merely due: each list leads
    # with its most urgent, a card without a stored overdue day among them.
    split = agenda(D + timedelta(days=16), 0, limit=1)
    assert split.totals == {"overdue": 2, "today": 4, "upcoming": 0, "payments": 0}
    assert [item.card_id for item in split.overdue] == [ids[1]]
    assert [item.card_id for item in split.today] == [ids[2]]


def test_a_cut_upcoming_list_keeps_the_earliest_visits_of_its_last_day(
    session: Session,
) -> None:
    from salesdesk.services.agenda import agenda

    card_id = session.create_card({"name": "赵敏"}, grade="B").id
    later = D + timedelta(days=2)
    # Set by hand in this order: the afternoon visit first, then the morning one.
    for time_of_day in ("17:00", "09:00"):
        session.plan_visit(card_id, later, due_time=time_of_day, purpose=time_of_day)
    [kept] = agenda(D, 7, limit=1).upcoming
    assert kept.due_time == "09:00"
    assert [i.due_time for i in agenda(D, 7, limit=2).upcoming] == ["09:00", "17:00"]

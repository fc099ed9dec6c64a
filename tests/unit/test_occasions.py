"""Dates that matter: birthdays and customer anniversaries this week, holidays ahead, the .ics."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from salesdesk.services import occasions, plan
from salesdesk.services.session import Session


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALESDESK_NOW", "2026-12-01T08:00:00")


def test_the_lunar_holidays_fall_on_their_solar_dates() -> None:
    assert occasions.holiday_dates(2027)["spring_festival"] == date(2027, 2, 6)
    assert occasions.holiday_dates(2027)["mid_autumn"] == date(2027, 9, 15)
    assert occasions.holiday_dates(2028)["spring_festival"] == date(2028, 1, 26)


def test_birthdays_and_anniversaries_of_the_week_come_with_a_greeting(session: Session) -> None:
    zhang = session.create_card({"name": "张伟", "birthday": "1980-12-03", "owner": "王磊"}).id
    session.create_card({"name": "李娜", "birthday": "1980-12-20", "owner": "王磊"})
    tom = session.create_card({"name": "Tom Hall", "owner": "王磊"}).id
    session.add_deal(tom, amount=1000, product="Cloud Storage", closed_on="2024-12-05")
    found = occasions.upcoming(date(2026, 12, 1), 7, "王磊")
    assert [(o.name, o.kind, o.day, o.years) for o in found] == [
        ("张伟", "birthday", "2026-12-03", 46),
        ("Tom Hall", "anniversary", "2026-12-05", 2),
    ]
    assert found[0].card_id == zhang
    assert found[0].greeting.startswith("张伟，生日快乐")
    assert found[0].greeting.endswith("——王磊")
    assert "2 years" in found[1].greeting
    # The week plan carries them too.
    week = plan.make_plan(date(2026, 12, 1), 1, 8, me="王磊")
    assert [o.name for o in week.dates] == ["张伟", "Tom Hall"]


def test_a_leap_day_birthday_is_kept_on_the_28th(session: Session) -> None:
    session.create_card({"name": "闰日", "birthday": "1988-02-29"})
    [found] = occasions.upcoming(date(2027, 2, 25), 7)
    assert found.day == "2027-02-28"


def test_holidays_ahead_count_the_customers_to_greet(session: Session) -> None:
    buyer = session.create_card({"name": "客户"}).id
    session.add_deal(buyer, amount=1000, product="年金险", closed_on="2026-11-01")
    session.create_card({"name": "潜在客户"})
    ahead = occasions.holidays_ahead(date(2027, 1, 20), 21)
    assert [(h.key, h.day, h.recipients) for h in ahead] == [
        ("spring_festival", date(2027, 2, 6), 1)
    ]


def test_the_calendar_export_carries_birthdays_and_the_holiday_greetings(
    session: Session, tmp_path: Path
) -> None:
    from salesdesk.io.ics import export_ics

    card = session.create_card({"name": "张伟", "birthday": "1980-12-03"}).id
    session.add_deal(card, amount=1000, product="年金险", closed_on="2026-11-01")
    target = tmp_path / "c.ics"
    export_ics(target)
    text = target.read_text(encoding="utf-8")
    assert f"UID:birthday-{card}@salesdesk" in text
    assert "RRULE:FREQ=YEARLY" in text
    assert "SUMMARY:Birthday: 张伟" in text
    assert "Greetings before the Spring Festival (春节" in text

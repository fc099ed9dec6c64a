"""Early warnings: the signals of a customer drifting away, each with its reason (issue 18)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from salesdesk.domain.errors import InvalidValue
from salesdesk.services.agenda import style_hint

DAY = date(2025, 12, 5)


@pytest.fixture
def book(session: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("SALESDESK_NOW", "2025-01-02T09:00:00")
    ids = {}
    for name, status in (
        ("Halved", "customer"),
        ("Small", "customer"),
        ("Steady", "customer"),
        ("Regular", "customer"),
        ("Key", "prospect"),
        ("Cross", "customer"),
    ):
        ids[name] = session.create_card({"name": name, "status": status}, grade="B").id
    # Halved: 20,000 in October, 8,000 in November (down 60 %).
    session.add_deal(ids["Halved"], amount=20_000, product="p", closed_on="2025-10-10")
    session.add_deal(ids["Halved"], amount=8_000, product="p", closed_on="2025-11-12")
    # Small: 5,000 to nothing, under the 10,000 threshold; Steady: 20,000 then 19,000.
    session.add_deal(ids["Small"], amount=5_000, product="p", closed_on="2025-10-01")
    session.add_deal(ids["Steady"], amount=20_000, product="p", closed_on="2025-10-01")
    session.add_deal(ids["Steady"], amount=19_000, product="p", closed_on="2025-11-01")
    # Regular: in touch every 7 days, then nothing since 10 November (25 days).
    for day in ("2025-10-20", "2025-10-27", "2025-11-03", "2025-11-10"):
        session.log_contact(ids["Regular"], channel="phone", summary="x", at=f"{day}T10:00:00")
    for day in ("2025-11-20", "2025-11-27", "2025-12-04"):  # Steady: in touch weekly
        session.log_contact(ids["Steady"], channel="phone", summary="x", at=f"{day}T10:00:00")
    # Key: a key customer in B (every 7 days by default), last contact 12 days ago.
    session.edit_card(ids["Key"], {"key_customer": True, "style": "hesitant"})
    session.log_contact(ids["Key"], channel="visit", summary="x", at="2025-11-23T10:00:00")
    # Cross: a complaint open for 30 hours; one resolved on time does not count.
    session.open_case(ids["Cross"], kind="complaint", content="late", at="2025-12-04T03:00:00")
    done = session.open_case(
        ids["Steady"], kind="complaint", content="ok", at="2025-12-01T03:00:00"
    ).id
    session.resolve_case(done, text="fixed", at="2025-12-01T06:00:00")
    monkeypatch.setenv("SALESDESK_NOW", "2025-12-05T09:00:00")
    return ids


def _by_name(session: Any, day: date = DAY) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for warning in session.early_warnings(day):
        out.setdefault(warning.name, []).append(warning.kind)
    return out


def test_each_signal_names_its_customer_and_reason(session: Any, book: dict[str, str]) -> None:
    warnings = {w.name: w for w in session.early_warnings(DAY)}
    assert _by_name(session) == {
        "Halved": ["spend_drop"],
        "Regular": ["silent"],
        "Cross": ["complaint_open"],
        "Key": ["key_idle"],
    }
    assert warnings["Halved"].reason() == (
        "Spend down 60%: 8,000 in 2025-11, 20,000 the month before"
    )
    assert warnings["Halved"].reason("zh_CN").startswith("消费下降 60%")
    assert warnings["Regular"].reason() == "Silent for 25 days; usually in touch every 7 days"
    assert warnings["Cross"].reason().startswith("Complaint open for 30 h (target 24 h): late")
    assert warnings["Key"].reason() == (
        "Key customer without contact for 12 days (grade B: every 7 days)"
    )
    assert warnings["Key"].to_json()["style_hint"] == style_hint("hesitant")


def test_the_threshold_and_targets_come_from_preferences(
    session: Any, book: dict[str, str]
) -> None:
    session.set_visit_settings(spend_drop_threshold=4_000, complaint_response_hours=48)
    found = _by_name(session)
    assert found["Small"] == ["spend_drop"]  # 5,000 to 0 counts above 4,000
    assert "Cross" not in found  # 30 hours is within 48
    with pytest.raises(InvalidValue):
        session.set_visit_settings(spend_drop_threshold=-1)
    assert session.visit_settings()["spend_drop_threshold"] == 4_000


def test_a_dismissed_warning_stays_hidden_for_its_days(session: Any, book: dict[str, str]) -> None:
    (key,) = [w.key for w in session.early_warnings(DAY) if w.name == "Halved"]
    session.dismiss_warning(key, 3, DAY)
    assert "Halved" not in _by_name(session, DAY)
    assert "Halved" not in _by_name(session, DAY + timedelta(days=2))
    assert "Halved" in _by_name(session, DAY + timedelta(days=3))
    with pytest.raises(InvalidValue):
        session.dismiss_warning("nothing", 3, DAY)


def test_style_hints_in_both_languages() -> None:
    assert "concrete proposal" in style_hint("hesitant")
    assert "具体的方案" in style_hint("hesitant", "zh_CN")
    assert style_hint(None) == ""


def test_silent_customers_are_those_a_plain_reading_of_their_contacts_finds(
    session: Any, book: dict[str, str]
) -> None:
    """The database keeps the silent customers alone (whole days, no float): each day
    around the limits gives the cards a plain reading of each customer's contacts gives,
    for the whole list and for one card asked alone."""
    from salesdesk.models.tables import database_proxy as db

    burst = session.create_card({"name": "Burst", "status": "customer"}, grade="B").id
    for hour in (10, 11, 12):  # three contacts on one day: no usual interval (under a day)
        session.log_contact(burst, channel="phone", summary="x", at=f"2025-11-01T{hour}:00:00")
    rows = db.execute_sql(
        "SELECT x.card_id, x.at FROM contact x JOIN card c ON c.id = x.card_id "
        "WHERE x.deleted = 0 AND c.deleted = 0 AND c.status = 'customer'"
    ).fetchall()

    def plain(day: date) -> set[str]:
        since = (day - timedelta(days=365)).isoformat()
        seen: dict[str, list[date]] = {}
        for card_id, at in rows:
            if at >= since:
                seen.setdefault(card_id, []).append(date.fromisoformat(at[:10]))
        out = set()
        for card_id, days in seen.items():
            if len(days) >= 3:
                usual = (max(days) - min(days)).days / (len(days) - 1)
                if usual >= 1 and (day - max(days)).days > 2 * usual:
                    out.add(card_id)
        return out

    for day in [date(2025, 11, 20) + timedelta(days=n) for n in range(12)] + [DAY]:
        found = {w.card_id for w in session.early_warnings(day) if w.kind == "silent"}
        assert found == plain(day), day
        alone = session.early_warnings(day, cards=[book["Regular"]])
        assert ({w.card_id for w in alone if w.kind == "silent"} == {book["Regular"]}) == (
            book["Regular"] in found
        )
    assert book["Regular"] not in plain(date(2025, 11, 24))  # 14 days: twice the usual 7
    assert book["Regular"] in plain(date(2025, 11, 25))

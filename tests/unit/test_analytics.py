"""The numbers behind the charts and KPIs, checked against small databases with known history."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from salesdesk.domain.errors import InvalidValue
from salesdesk.services import analytics as an

TODAY = "2025-06-30T09:00:00"
PERIOD = an.Period("custom", date(2025, 1, 1), date(2025, 6, 30))


def _at(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    monkeypatch.setenv("SALESDESK_NOW", moment)


@pytest.fixture
def graded(session: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Five cards with a known grade history; Z is deleted and must count nowhere."""
    ids: dict[str, str] = {}
    _at(monkeypatch, "2024-06-03T09:00:00")
    ids["W"] = session.create_card({"name": "W"}, grade="F", f_kind="F1").id
    _at(monkeypatch, "2024-09-02T09:00:00")
    ids["V"] = session.create_card({"name": "V"}, grade="F", f_kind="F1").id
    session.change_grade(ids["V"], "A", at="2024-12-02T09:00:00")
    _at(monkeypatch, "2025-01-06T09:00:00")
    ids["X"] = session.create_card({"name": "X"}, grade="F", f_kind="F2").id
    ids["Y"] = session.create_card({"name": "Y"}, grade="F", f_kind="F2").id
    session.log_contact(ids["X"], channel="visit", summary="first", at="2025-01-10T09:00:00")
    session.change_grade(ids["X"], "E", at="2025-02-03T09:00:00")
    session.change_grade(ids["Y"], "A", at="2025-01-20T09:00:00")
    session.change_grade(ids["X"], "A", at="2025-03-03T09:00:00")
    session.change_grade(ids["X"], "C", at="2025-04-07T09:00:00", blocker="health")
    _at(monkeypatch, "2025-02-10T09:00:00")
    ids["Z"] = session.create_card({"name": "Z"}, grade="B").id
    session.change_grade(ids["Z"], "A", at="2025-02-11T09:00:00")
    session.delete_card(ids["Z"])
    _at(monkeypatch, TODAY)
    return ids


def _on(data: an.GradesOverTime, day: date) -> dict[str, int]:
    i = data.days.index(day)
    return {g: series[i] for g, series in data.counts.items() if series[i]}


def test_grades_over_time_rebuilds_each_week_from_the_history(graded: dict[str, str]) -> None:
    data = an.grades_over_time(PERIOD)
    assert data.days[0] == date(2025, 1, 1)
    assert data.days[1] == date(2025, 1, 8)
    assert data.days[-1] == date(2025, 6, 30)
    assert _on(data, date(2025, 1, 1)) == {"A": 1, "F": 1}  # V and W
    assert _on(data, date(2025, 1, 8)) == {"A": 1, "F": 3}  # X and Y created
    assert _on(data, date(2025, 1, 22)) == {"A": 2, "F": 2}  # Y reached A
    assert _on(data, date(2025, 2, 5)) == {"A": 2, "E": 1, "F": 1}
    # Z (created 10 Feb, A on 11 Feb, deleted) never shows.
    assert _on(data, date(2025, 2, 12)) == {"A": 2, "E": 1, "F": 1}
    assert _on(data, date(2025, 3, 5)) == {"A": 3, "F": 1}
    assert _on(data, date(2025, 6, 30)) == {"A": 2, "C": 1, "F": 1}


def test_the_last_week_matches_the_cards_now(graded: dict[str, str], session: Any) -> None:
    data = an.grades_over_time(an.period("all"))
    assert {g: s[-1] for g, s in data.counts.items()} == session.stats()["by_grade"]


def test_movement_counts_transitions_and_promotions_per_month(graded: dict[str, str]) -> None:
    data = an.movement(PERIOD)
    assert data.count("F2", "E") == 1
    assert data.count("E", "A") == 1
    assert data.count("A", "C") == 1
    assert data.count("F2", "A") == 1
    assert data.count("F1", "A") == 0  # V's step was before the period
    assert sum(map(sum, data.matrix)) == 4  # creations are not transitions; Z is deleted
    assert data.months == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]
    assert data.promotions == [1, 1, 1, 0, 0, 0]
    assert data.demotions == [0, 0, 0, 1, 0, 0]


def test_card_path_has_the_steps_and_the_contacts(graded: dict[str, str]) -> None:
    path = an.card_path(graded["X"])
    assert [s.label for s in path.steps] == ["F2", "E", "A", "C"]
    assert [c.at.date() for c in path.contacts] == [date(2025, 1, 10)]
    assert path.contacts[0].grade == "F"  # the contact came before the first regrade


def test_time_to_a_counts_from_first_contact_or_creation(graded: dict[str, str]) -> None:
    data = an.time_to_a(PERIOD)
    # Y: no contact, 14 days from creation; X: 52 days from its first contact (10 Jan).
    assert data.days == [14, 52]
    assert data.median == 33.0
    # F cohorts whose window ended in the period: V (F on 2 Sep 2024, A within 6 months)
    # for 6 months; W (F on 3 Jun 2024, never A) for 12 months.
    assert data.cohorts["F"][6] == (1, 1)
    assert data.cohorts["F"][12] == (0, 1)
    assert data.share("F", 6) == 1.0
    assert data.share("E", 6) is None  # X's E window is still open


def test_kpis_for_cards_and_grades(graded: dict[str, str]) -> None:
    kpis = an.kpis(PERIOD)
    assert kpis["period"] == {"kind": "custom", "from": "2025-01-01", "to": "2025-06-30"}
    assert kpis["cards_by_grade"] == {"A": 2, "B": 0, "C": 1, "D": 0, "E": 0, "F": 1}
    assert kpis["cards_by_grade_change"] == {"A": 1, "B": 0, "C": 1, "D": 0, "E": 0, "F": 0}
    assert kpis["new_cards_per_month"] == {
        "2025-01": 2,
        "2025-02": 0,  # Z is deleted
        "2025-03": 0,
        "2025-04": 0,
        "2025-05": 0,
        "2025-06": 0,
    }
    assert (kpis["promotions"], kpis["demotions"]) == (3, 1)
    # X: F 6 Jan → A 3 Mar is 56 days; Y: 14 days.
    assert kpis["median_days_f_to_a"] == 35.0
    assert set(an.KPI_DEFINITIONS) <= {*kpis, "cards_by_grade_change"}


def test_every_kpi_has_a_definition_and_a_name_in_both_languages() -> None:
    from salesdesk.domain.words import WORDS

    for code, (en, zh) in an.KPI_DEFINITIONS.items():
        assert en, code
        assert zh != en, code
        assert f"kpi.{code}" in WORDS, code
        assert an.kpi_definition(code, "zh_CN") == zh


@pytest.fixture
def visited(session: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """An F2 card (no visits from the cadence) with visits set by hand."""
    _at(monkeypatch, "2025-02-01T09:00:00")
    card = session.create_card({"name": "K"}, grade="F", f_kind="F2").id
    session.plan_visit(card, "2025-03-03")  # never done: overdue from 4 March
    late = session.plan_visit(card, "2025-03-10").id  # done two days late
    on_time = session.plan_visit(card, "2025-03-05").id
    dropped = session.plan_visit(card, "2025-03-06").id
    session.cancel_visit(dropped)
    session.complete_visit(on_time, at="2025-03-05T10:00:00", summary="ok")
    session.complete_visit(late, at="2025-03-12T10:00:00", summary="late")
    _at(monkeypatch, "2025-04-01T09:00:00")
    return session


def test_visits_planned_done_and_overdue(visited: Any) -> None:
    span = an.Period("custom", date(2025, 3, 4), date(2025, 3, 31))
    data = an.visits(span)
    assert data.weeks == [date(2025, 3, 4), date(2025, 3, 11), date(2025, 3, 18), date(2025, 3, 25)]
    assert data.planned == [2, 0, 0, 0]  # due 5 and 10 March; the cancelled one is out
    assert data.done == [1, 1, 0, 0]
    assert data.days[:3] == [date(2025, 3, 4), date(2025, 3, 11), date(2025, 3, 18)]
    # 4 Mar: the 3 March visit; 11 Mar: also the 10 March one, done only on the 12th.
    assert data.overdue[:3] == [1, 2, 1]


def test_overdue_now_agrees_with_the_agenda(visited: Any) -> None:
    assert an.overdue_now() == len(visited.agenda().overdue) == 1


@pytest.fixture
def customers(session: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    _at(monkeypatch, "2023-01-01T09:00:00")
    c1 = session.create_card({"name": "C1"}).id
    c2 = session.create_card({"name": "C2"}).id
    c3 = session.create_card({"name": "C3"}).id
    session.add_deal(c1, amount=500, product="p", closed_on="2024-03-01")
    session.add_deal(c1, amount=1000, product="p", closed_on="2025-02-01")
    session.add_deal(c2, amount=200, product="p", closed_on="2023-01-01")
    session.add_deal(c2, amount=3000, product="p", closed_on="2025-05-01")
    session.add_deal(c3, amount=100, product="p", closed_on="2024-06-01")
    session.add_deal(c3, amount=100, product="p", closed_on="2025-07-01")  # after the period
    for card, opened, answered in (
        (c1, "2025-03-01T10:00:00", "2025-03-01T14:00:00"),  # 4 hours
        (c2, "2025-04-01T10:00:00", "2025-04-03T10:00:00"),  # 48 hours
        (c2, "2025-05-01T10:00:00", None),  # never answered: missed the 24 hours
        (c3, "2025-06-29T20:00:00", None),  # 13 hours old now: not yet judged
    ):
        case = session.open_case(card, kind="complaint", content="x", at=opened).id
        if answered:
            session.respond_case(case, text="sorry", at=answered)
    session.open_case(c1, kind="praise", content="thanks", at="2025-03-02T10:00:00")
    _at(monkeypatch, TODAY)
    return session


def test_loyalty_kpis_from_deals(customers: Any) -> None:
    kpis = an.kpis(PERIOD)
    assert kpis["customer_base"] == 3  # C3's second deal is after the period
    assert kpis["purchase_frequency"] == 1.0  # two deals, two buyers
    assert kpis["average_spend"] == 2000.0
    assert kpis["retention_rate"] == pytest.approx(2 / 3, abs=1e-4)
    assert kpis["churn_rate"] == 0.5  # C1 and C3 active on 1 Jan; C3 lapsed by the end
    assert kpis["win_back_rate"] == 1.0  # C2 came back


def test_complaint_kpis(customers: Any) -> None:
    kpis = an.kpis(PERIOD)
    assert kpis["complaint_first_response_hours"] == 26.0
    assert kpis["complaints_answered_24h_share"] == pytest.approx(1 / 3, abs=1e-4)


def test_the_complaints_chart_draws_the_complaint_figures_of_each_month(customers: Any) -> None:
    from salesdesk.services.summary import COMPLAINT_KPIS, trend

    drawn = an.chart_data("complaints", PERIOD)
    full = trend(PERIOD)
    assert [m.month for m in drawn.months] == [m.month for m in full.months]
    for shown, month in zip(drawn.months, full.months, strict=True):
        assert shown.complaints_by_cause == month.complaints_by_cause
        assert {c: shown.kpis[c] for c in COMPLAINT_KPIS} == {
            c: month.kpis[c] for c in COMPLAINT_KPIS
        }
    by_month = {m.month: m.kpis["complaints_opened"] for m in drawn.months}
    assert (by_month["2025-03"], by_month["2025-04"], by_month["2025-05"]) == (1, 1, 1)
    # The loyalty chart keeps every KPI: its months have the customers.
    assert an.chart_data("loyalty", PERIOD).months[-1].kpis["customer_base"] == 3


def test_empty_database_gives_zeros_and_nones(session: Any) -> None:
    kpis = an.kpis(an.period("12m"))
    assert kpis["promotions"] == 0
    assert kpis["visits_done_share"] is None
    assert kpis["retention_rate"] is None
    assert an.time_to_a(an.period("all")).days == []


def test_periods(session: Any) -> None:
    today = date(2025, 3, 31)
    assert an.period("3m", today=today) == an.Period("3m", date(2025, 1, 1), today)
    assert an.period("12m", today=today).start == date(2024, 4, 1)
    assert an.period(start="2025-01-01", end="2025-02-01").kind == "custom"
    with pytest.raises(InvalidValue):
        an.period(start="2025-03-01", end="2025-02-01")
    with pytest.raises(InvalidValue):
        an.period("week")
    with pytest.raises(InvalidValue):
        an.chart_data("card-path", an.period("all"))


def test_the_readme_lists_every_kpi_with_its_one_definition() -> None:
    from pathlib import Path

    from salesdesk.domain.words import word

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    listed = [line for line in readme.splitlines() if line.startswith("- **") and "(`" in line]
    expected = [
        f"- **{word('kpi.' + code, 'en')}** (`{code}`): {an.kpi_definition(code)}"
        for code in an.KPI_DEFINITIONS
    ]
    assert [line for line in listed if line in expected] == expected

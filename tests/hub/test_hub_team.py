"""The manager's team view, read from the hub directly: the same figures as the laptop's
summary of the same cards, per salesperson too; a salesperson is refused."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from salesdesk.services import analytics, summary
from salesdesk.sync import hub, teamview
from tests.hub.helpers import SECRETS, do
from tests.hub.teamdata import team_hub_fixture  # noqa: F401 (the fixture team_hub)

# Compared one by one: every figure the team dashboard and the comparison show.
FIGURES = (
    "promotions",
    "demotions",
    "visits_planned",
    "visits_done",
    "visits_done_share",
    "overdue_now",
    "customer_base",
    "new_customers",
    "retention_rate",
    "churn_rate",
    "purchase_frequency",
    "average_spend",
    "complaints_opened",
    "complaint_first_response_hours",
    "complaint_resolution_hours",
    "complainant_satisfaction",
    "complaints_answered_24h_share",
    "receivables_outstanding",
    "receivables_overdue",
    "overdue_1_30",
    "overdue_90_plus",
    "collected",
    "cards_with_overdue_payments",
)


def _as(url: str, user: str) -> Any:
    return teamview.open_team_hub(hub.parse_url(url.replace("hubadmin@", ""), user), SECRETS[user])


def test_the_team_dashboard_from_the_hub_equals_the_laptops_summary(
    team_hub: tuple[str, Path],
) -> None:
    url, laptop = team_hub
    p = do(laptop, lambda s: analytics.period("12m", store=s.store))
    mine = do(laptop, lambda s: summary.period_summary(p, store=s.store))
    owners = do(
        laptop,
        lambda s: {
            o: [
                r[0]
                for r in s.store.db.execute_sql(
                    "SELECT id FROM card WHERE owner = ? AND deleted = 0", (o,)
                )
            ]
            for (o,) in s.store.db.execute_sql("SELECT DISTINCT owner FROM card")
        },
    )
    assert len(owners) >= 2
    # The demo's team has every kind of figure: the comparisons below are not of zeros.
    assert mine.deals
    assert mine.visits_done
    assert mine.promotions
    assert mine.overdue_now
    assert mine.kpis["complaints_opened"]
    assert mine.kpis["receivables_overdue"]
    db = _as(url, "zhao")
    try:
        view = teamview.team_comparison(db, p)
        one = sorted(owners)[0]
        alone = teamview.team_comparison(db, p, owner=one)
    finally:
        db.close()
    theirs = view.summary
    assert theirs.grades_now == mine.grades_now
    assert theirs.grades_start == mine.grades_start
    assert theirs.new_cards_per_month == mine.new_cards_per_month
    assert (theirs.deals, theirs.revenue) == (mine.deals, mine.revenue)
    assert theirs.complaints_by_cause == mine.complaints_by_cause
    for code in FIGURES:
        assert theirs.to_json()[code] == mine.to_json()[code], code
    assert [m.kpis for m in theirs.months] == [m.kpis for m in mine.months]
    # One row per salesperson, adding up to the team.
    assert view.owners() == sorted(owners)
    assert sum(p.cards for p in view.people) == sum(mine.grades_now.values())
    assert sum(p.deals for p in view.people) == mine.deals
    assert sum(p.visits_done for p in view.people) == mine.visits_done
    assert sum(p.overdue_visits for p in view.people) == mine.overdue_now
    assert sum(p.promotions for p in view.people) == mine.promotions
    # One salesperson: the laptop's summary of that person's cards.
    scope = summary.CardScope(card_ids=tuple(owners[one]))
    theirs_one = do(laptop, lambda s: summary.period_summary(p, scope, store=s.store))
    assert alone.owners() == [one]
    assert alone.summary.grades_now == theirs_one.grades_now
    for code in FIGURES:
        assert alone.summary.to_json()[code] == theirs_one.to_json()[code], code
    row = alone.people[0]
    assert (row.visits_planned, row.visits_done, row.deals) == (
        theirs_one.visits_planned,
        theirs_one.visits_done,
        theirs_one.deals,
    )
    assert row.receivables_overdue == theirs_one.kpis["receivables_overdue"]
    json.dumps(view.to_json(), ensure_ascii=False)  # what hub team --json prints
    # A period that ended a year ago: the grades then, its movement and deals, the same.
    past = analytics.Period("custom", p.start - timedelta(days=365), p.start - timedelta(days=1))
    mine_then = do(laptop, lambda s: summary.period_summary(past, store=s.store))
    db = _as(url, "zhao")
    try:
        then = teamview.team_comparison(db, past).summary
    finally:
        db.close()
    assert then.grades_start == mine_then.grades_start
    assert then.new_cards_per_month == mine_then.new_cards_per_month
    assert (then.promotions, then.demotions) == (mine_then.promotions, mine_then.demotions)
    assert (then.deals, then.visits_done) == (mine_then.deals, mine_then.visits_done)


def test_a_salesperson_cannot_open_the_team_view(team_hub: tuple[str, Path]) -> None:
    url, _ = team_hub
    with pytest.raises(hub.HubError) as refused:
        _as(url, "liqiang")
    assert "liqiang is a salesperson" in str(refused.value)
    assert "only a manager can open the team view" in str(refused.value)


def test_hub_team_from_the_command_line_prints_json_and_writes_the_workbook(
    team_hub: tuple[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from openpyxl import load_workbook

    from salesdesk.cli import main

    url, laptop = team_hub
    manager = url.replace("hubadmin@", "")
    monkeypatch.setenv("ZHAO_PW", SECRETS["zhao"])
    monkeypatch.setenv("LI_PW", SECRETS["liqiang"])
    args = ["hub", "team", "--url", manager, "--user", "zhao", "--password-env", "ZHAO_PW"]
    capsys.readouterr()
    assert main([*args, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    p = do(laptop, lambda s: analytics.period("12m", store=s.store))
    mine = do(laptop, lambda s: summary.period_summary(p, store=s.store))
    assert shown["summary"]["deals"] == mine.deals
    assert sum(row["visits_done"] for row in shown["people"]) == mine.visits_done
    first = shown["people"][0]["owner"]

    out = tmp_path / "团队.xlsx"
    assert main(["--lang", "zh_CN", *args, "--owner", first, "--out", str(out)]) == 0
    book = load_workbook(out)
    assert book.sheetnames[:2] == ["概览", "销售人员对比"]
    table = list(book["销售人员对比"].values)
    assert table[0][0] == "销售人员"
    assert [row[0] for row in table[1:]] == [first]
    assert table[1][table[0].index("成交笔数")] == shown["people"][0]["deals"]

    # A salesperson: one clear message, exit 1.
    capsys.readouterr()
    li = ["hub", "team", "--url", manager, "--user", "liqiang", "--password-env", "LI_PW"]
    assert main(li) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "only a manager can open the team view" in err[0]

"""The deal KPIs worked out by SQLite window by window equal their Python definition.

summary._Deals.figures is the definition of the deal KPIs (customer base, retention,
churn, win-back, new customers, share of wallet …) for one window; summary._DealWindows
works out the same figures for every month of a period in one query. Both run here on a
database seeded with the edges: deals on month ends and on the period's first and last
days, a year to the day before a month starts, same-day deals, customers with one deal,
a second deal 91 and 92 days after the first, deleted deals and cards.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from salesdesk.services import analytics as an
from salesdesk.services import summary
from salesdesk.services.summary import CardScope

TODAY = date(2025, 6, 30)
PERIODS = [
    an.Period("custom", date(2025, 1, 1), date(2025, 6, 30)),  # whole months
    an.Period("12m", date(2024, 7, 1), date(2025, 6, 30)),
    an.Period("custom", date(2024, 2, 15), date(2025, 3, 14)),  # starts and ends mid-month
    an.Period("custom", date(2024, 2, 29), date(2024, 2, 29)),  # one day, a leap day
    an.Period("custom", date(2022, 1, 1), date(2025, 6, 30)),  # all history, 42 months
]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, list[str]]]:
    """Customers whose deals sit on the edges, and seeded random ones around them: made
    once for the module (a few hundred deals through the operations road) and only read."""
    from salesdesk.services.session import Session

    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SALESDESK_DATA_DIR", str(home / "data"))
        mp.setenv("SALESDESK_CONFIG_DIR", str(home / "config"))
        mp.setenv("SALESDESK_NOW", "2022-01-01T09:00:00")
        session = Session.open(tmp_path_factory.mktemp("db") / "cards.db")
        ids = _seed(session)
        yield session, ids
        session.close()


def _seed(session: Any) -> list[str]:
    edges = [
        ["2025-01-01"],  # one deal, on the first day of the period
        ["2025-06-30"],  # one deal, on the last day
        ["2024-12-31", "2025-01-01"],  # the day before the period, then its first day
        ["2024-01-01", "2025-01-31"],  # a year to the day before the period: still active
        ["2023-12-31", "2025-02-28"],  # a year and a day before: lapsed, then won back
        ["2024-02-29", "2025-02-28", "2025-03-01"],  # leap day, month ends
        ["2024-04-30", "2024-04-30", "2024-05-31"],  # two deals on one day
        ["2025-01-15", "2025-04-16"],  # second deal 91 days after the first: kept
        ["2025-01-15", "2025-04-17"],  # 92 days: not kept
        ["2024-06-30"],  # lapses on 2025-06-30, the last day
        ["2024-07-01", "2025-07-01"],  # a deal after every period
        ["2025-03-31", "2025-03-31"],  # first deal twice on one day
    ]
    rng = random.Random(18)
    first = date(2021, 6, 1)
    for _ in range(50):
        days = sorted(
            (first + timedelta(days=rng.randrange(1500))).isoformat()
            for _ in range(rng.choice([1, 1, 2, 3, 5, 8]))
        )
        edges.append(days)
    ids = []
    for i, days in enumerate(edges):
        fields: dict[str, Any] = {"name": f"C{i}"}
        if i % 4 == 1:
            fields["annual_spend"] = 1000 + 250 * i
        card = session.create_card(fields).id
        ids.append(card)
        for j, day in enumerate(days):
            session.add_deal(card, amount=100 + 37 * i + 11 * j, product="p", closed_on=day)
    # A deleted card and a deleted deal count nowhere.
    gone = session.create_card({"name": "gone", "annual_spend": 5000}).id
    session.add_deal(gone, amount=900, product="p", closed_on="2025-02-01")
    session.delete_card(gone)
    session.store.db.execute_sql(
        "UPDATE deal SET deleted = 1 WHERE id = (SELECT id FROM deal WHERE card_id = ? "
        "ORDER BY closed_on LIMIT 1)",
        [ids[-1]],
    )
    return ids


@pytest.fixture
def dealt(seeded: tuple[Any, list[str]], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("SALESDESK_NOW", f"{TODAY.isoformat()}T09:00:00")
    return seeded[1]


def _python(p: an.Period, scope: CardScope, windows: list[tuple[date, date]]) -> list[Any]:
    deals = summary._Deals.load(p, scope)
    return [deals.figures(s, e, TODAY) for s, e in windows]


@pytest.mark.parametrize("p", PERIODS, ids=lambda p: f"{p.start}..{p.end}")
def test_every_month_in_sql_equals_the_python_definition(dealt: Any, p: an.Period) -> None:
    windows = [(s, e) for _, s, e in summary._month_windows(p)]
    by_sql = summary._DealWindows.load(p, summary.EVERY_CARD, TODAY)
    sql = [by_sql.figures(s, e, TODAY) for s, e in windows]
    assert sql == _python(p, summary.EVERY_CARD, windows)
    # The edges are really there: someone is churned, won back, kept and judged new.
    if p is PERIODS[-1]:
        assert sum(m["churn_rate"] or 0 for m in sql) > 0
        assert sum(m["win_back_rate"] or 0 for m in sql) > 0
        assert sum(m["new_customer_retention"] or 0 for m in sql) > 0
        assert any(m["share_of_wallet"] for m in sql)


@pytest.mark.parametrize("p", PERIODS, ids=lambda p: f"{p.start}..{p.end}")
def test_the_whole_period_in_sql_equals_the_python_definition(dealt: Any, p: an.Period) -> None:
    by_sql = summary._DealWindows.load(p, summary.EVERY_CARD, TODAY, by_month=False)
    assert [by_sql.figures(p.start, p.end, TODAY)] == _python(
        p, summary.EVERY_CARD, [(p.start, p.end)]
    )


def test_a_selection_of_cards_in_sql_equals_the_python_definition(dealt: Any) -> None:
    p = PERIODS[1]
    windows = [(s, e) for _, s, e in summary._month_windows(p)]
    scope = CardScope(card_ids=tuple(dealt[::3]))
    by_sql = summary._DealWindows.load(p, scope, TODAY)
    assert [by_sql.figures(s, e, TODAY) for s, e in windows] == _python(p, scope, windows)


def test_the_summary_and_the_loyalty_chart_show_the_sql_months(dealt: Any) -> None:
    p = PERIODS[0]
    months = summary.period_summary(p, today=TODAY).months
    windows = [(s, e) for _, s, e in summary._month_windows(p)]
    expected = _python(p, summary.EVERY_CARD, windows)
    assert [{k: m.kpis[k] for k in expected[0]} for m in months] == expected
    chart = an.chart_data("loyalty", p)
    assert [m.kpis for m in chart.months] == [m.kpis for m in months]

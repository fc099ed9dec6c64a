"""One set of figures: the dashboard, the workbook's Summary and `stats --json` agree.

The database has customers whose history gives every loyalty KPI a value
worked out by hand below. Each place must show the period summary's number,
and that number must be the hand-worked one: a definition changed in one
place alone (or in the summary without this test) fails here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool

from salesdesk import cli
from salesdesk.domain.words import word
from salesdesk.io.xlsx import SUMMARY_KPIS, export_workbook
from salesdesk.services import analytics as an
from salesdesk.services.session import Session
from salesdesk.services.summary import LOYALTY_KPIS, RECEIVABLE_KPIS, period_summary
from salesdesk.ui.charts import Dashboard, format_kpi

NOW = "2025-06-30T09:00:00"  # the last 12 months: 2024-07-01 to 2025-06-30

# Worked out by hand from the deals and complaints of the fixture.
EXPECTED = {
    "customer_base": 5,  # C1 … C5
    "new_customer_retention": 0.5,  # C4 bought again within 3 months, C5 did not
    "retention_rate": 0.6667,  # of C1, C2, C3 (bought before), C1 and C2 bought again
    "share_of_wallet": 0.25,  # C2: 3,000 of a stated 12,000 a year, over a 365-day period
    "complainant_satisfaction": 3.5,  # scores 5 and 2
    "new_customers_per_month": 0.17,  # C4 and C5 over 12 months
    "purchase_frequency": 1.25,  # 5 deals, 4 buyers
    "average_spend": 1450.0,  # 5,800 over 4 buyers
    "churn_rate": 0.5,  # C2 and C3 active on 1 July 2024; C3 silent since
    "win_back_rate": 1.0,  # C1 lapsed, came back
    "complainant_satisfied_share": 0.5,
    "complaints_opened": 2,
    "complaint_first_response_hours": 15.5,  # 1 h and 30 h
    "complaints_answered_24h_share": 0.5,
    "complaints_answered_2h_share": 0.5,
    "complaint_resolution_hours": 72.0,  # 48 h and 96 h
    # Receivables (issue 20) on 30 June 2025, from the payment plans below.
    "receivables_outstanding": 2750.0,  # C1: 1,000 - 250 paid; C2: 3,000 - 1,000 paid
    "receivables_overdue": 1250.0,  # C1's installments 2, 3, 4 and the 500 left of C2's first
    "overdue_1_30": 250.0,  # C1 #4, due 20 June: 10 days
    "overdue_31_60": 500.0,  # C2 #1, due 1 May: 60 days, 500 of 1,500 unpaid
    "overdue_61_90": 250.0,  # C1 #3, due 15 April: 76 days
    "overdue_90_plus": 250.0,  # C1 #2, due 15 March: 107 days
    "collected": 1250.0,  # 250 on 20 Feb and 1,000 on 3 May 2025 (not the 500 of 2023)
}


@pytest.fixture
def book(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    monkeypatch.setenv("SALESDESK_NOW", "2023-01-01T09:00:00")
    session = Session.open(db_path)
    ids = [session.create_card({"name": f"C{i}"}, grade="A").id for i in range(1, 6)]
    c1, c2, c3, c4, c5 = ids
    for card, day, amount in (
        (c1, "2023-03-01", 500),
        (c1, "2025-02-01", 1000),
        (c2, "2024-05-01", 200),
        (c2, "2025-05-01", 3000),
        (c3, "2024-06-01", 100),
        (c4, "2024-08-01", 400),
        (c4, "2024-09-15", 600),
        (c5, "2025-01-10", 800),
    ):
        deal = session.add_deal(card, amount=amount, product="p", closed_on=day).id
        if (card, day) == (c1, "2023-03-01"):
            session.set_payment_plan(deal, [("2023-03-01", 500)])
            session.record_payment(deal, amount=500, paid_on="2023-03-05")
        if (card, day) == (c1, "2025-02-01"):
            session.set_payment_plan(
                deal, [(f"2025-{m}", 250) for m in ("02-15", "03-15", "04-15", "06-20")]
            )
            session.record_payment(deal, amount=250, paid_on="2025-02-20", method="cash")
        if (card, day) == (c2, "2025-05-01"):
            session.set_payment_plan(deal, [("2025-05-01", 1500), ("2025-07-15", 1500)])
            session.record_payment(deal, amount=1000, paid_on="2025-05-03")
    session.edit_card(c2, {"annual_spend": "12,000"})
    for card, opened, answered, resolved, score, cause in (
        (c1, "2025-03-01T10:00", "2025-03-01T11:00", "2025-03-03T10:00", 5, "delivery"),
        (c2, "2025-04-01T10:00", "2025-04-02T16:00", "2025-04-05T10:00", 2, "price"),
    ):
        case = session.open_case(card, kind="complaint", content="x", at=opened, cause=cause).id
        session.respond_case(case, text="sorry", at=answered)
        session.resolve_case(case, text="done", at=resolved)
        session.rate_case(case, satisfaction=score)
    monkeypatch.setenv("SALESDESK_NOW", NOW)
    yield session
    QThreadPool.globalInstance().waitForDone(10_000)
    session.close()


def test_dashboard_workbook_and_stats_show_the_same_figures(
    qtbot: Any, book: Session, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    span = an.period("12m")
    summary = period_summary(span)
    for code, value in EXPECTED.items():
        assert summary.kpis[code] == pytest.approx(value, abs=1e-4), code
    assert summary.complaints_by_cause["delivery"] == 1
    assert summary.complaints_by_cause["price"] == 1

    # The dashboard's tiles.
    board = Dashboard(store=book.store)
    qtbot.addWidget(board)
    qtbot.waitUntil(lambda: board.kpis is not None and not board.busy, timeout=20_000)
    shown = summary.to_json()
    for code in (*EXPECTED, "promotions", "visits_done_share", "deals"):
        assert board.tiles[code].value.text() == format_kpi(code, shown), code
    assert board.tiles["retention_rate"].value.text() == "66.7%"
    assert board.tiles["average_spend"].value.text() == "1,450.0"
    assert board.tiles["receivables_outstanding"].value.text() == "2,750"
    assert board.tiles["overdue_31_60"].value.text() == "500"

    # The workbook's Summary for the same period.
    out = tmp_path / "book.xlsx"
    export_workbook(out, date_from=span.start, date_to=span.end)
    import openpyxl

    ws = openpyxl.load_workbook(out)["Summary"]
    cells = {row[5]: row[6] for row in ws.iter_rows(values_only=True) if len(row) > 6 and row[5]}
    cells.update({row[0]: row[1] for row in ws.iter_rows(values_only=True) if row and row[0]})
    # Receivables and the sheets' rows sit beside the movement and visits, in C and D.
    cells.update(
        {row[2]: row[3] for row in ws.iter_rows(values_only=True) if len(row) > 3 and row[2]}
    )
    for code in SUMMARY_KPIS:
        value = summary.kpis[code]
        assert cells[word(f"kpi.{code}", "en")] == ("–" if value is None else value), code
    assert cells[word("kpi.deals", "en")] == summary.deals == 5
    assert cells[word("kpi.revenue", "en")] == summary.revenue == 5800
    for code in RECEIVABLE_KPIS:
        assert cells[word(f"kpi.{code}", "en")] == EXPECTED[code], code

    # stats --json.
    assert cli.main(["stats", "--db", str(db_path), "--json"]) == 0
    kpis = json.loads(capsys.readouterr().out)["kpis"]
    for code in (*LOYALTY_KPIS, *EXPECTED):
        assert kpis[code] == summary.kpis[code], code
    assert kpis["by_month"][-1]["month"] == "2025-06"


def test_month_by_month_the_workbook_stats_and_charts_agree(
    book: Session, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The trend (issue 18 point 2): the workbook's month-by-month sheet, `stats --json`'s
    by_month and the loyalty and complaints charts' data give each month the same figures."""
    from salesdesk.services.summary import CAUSES, TREND_KPIS

    span = an.period("12m")
    assert cli.main(["stats", "--db", str(db_path), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)["kpis"]
    by_month = {row["month"]: row for row in stats["by_month"]}
    causes = {row["month"]: row for row in stats["complaints_by_month"]}
    assert len(by_month) == 12  # July 2024 to June 2025

    out = tmp_path / "book.xlsx"
    export_workbook(out, date_from=span.start, date_to=span.end)
    import openpyxl

    rows = list(openpyxl.load_workbook(out)[word("sheet.trend", "en")].iter_rows(values_only=True))
    header, sheet = rows[0], {row[0]: row for row in rows[1:]}
    assert sorted(sheet) == sorted(by_month)
    loyalty = {m.month: m for m in an.chart_data("loyalty", span).months}
    complaints = {m.month: m for m in an.chart_data("complaints", span).months}
    for month, figures in by_month.items():
        for code in TREND_KPIS:
            cell = sheet[month][header.index(word(f"kpi.{code}", "en"))]
            assert cell == figures[code], (month, code)
            assert loyalty[month].kpis.get(code) == figures[code], (month, code)
        for cause in CAUSES:
            column = word("xlsx.complaints_cause", "en").format(word(f"cause.{cause}", "en"))
            assert sheet[month][header.index(column)] == causes[month][cause], (month, cause)
            assert complaints[month].complaints_by_cause[cause] == causes[month][cause]
    # Not a comparison of empty months: the fixture's deals and complaints are in them.
    assert by_month["2025-05"]["average_spend"] == 3000
    assert causes["2025-04"]["price"] == 1

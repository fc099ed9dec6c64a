"""Payment plans in the window (issue 20): Today, the dashboard's receivables, the Deals tab."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool

from salesdesk.services.session import Session

NOW = "2026-12-01T09:00:00"


def open_window(qtbot: Any, session: Session) -> Any:
    from salesdesk.ui.mainwindow import MainWindow

    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def book(session: Session, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """王敏's deal of 120,000 in three installments: one paid, one overdue, one due next week."""
    monkeypatch.setenv("SALESDESK_NOW", NOW)
    card = session.create_card(
        {"name": "王敏", "company": "东方贸易", "phones": "13812345678", "area": "浦东新区"},
        grade="A",
    ).id
    deal = session.add_deal(card, amount=120_000, product="数控机床", closed_on="2026-09-01").id
    session.set_payment_plan(
        deal, [("2026-09-15", 40_000), ("2026-10-20", 40_000), ("2026-12-06", 40_000)]
    )
    session.record_payment(deal, amount=40_000, paid_on="2026-09-14", method="transfer")
    session.undo_stack.clear()
    yield {"card": card, "deal": deal}
    QThreadPool.globalInstance().waitForDone(10_000)


def test_today_lists_the_overdue_and_next_weeks_installment_with_the_phone(
    qtbot: Any, session: Session, book: dict[str, str]
) -> None:
    window = open_window(qtbot, session)
    view = window.day_plan.today_view
    rows = [r for r in view.model.rows if r.kind == "payment"]
    assert [(r.cells[0], r.cells[3], r.cells[5], r.cells[7]) for r in rows] == [
        ("王敏", "2026-10-20", "13812345678", "Overdue 42 days"),
        ("王敏", "2026-12-06", "13812345678", ""),
    ]
    assert rows[0].alert
    assert "Installment 3/3 of 数控机床: 40,000" in rows[1].cells[4]
    assert "payments to collect: 2 (1 overdue)" in view.summary.text()


def test_the_dashboard_ages_the_overdue_installment(
    qtbot: Any, session: Session, book: dict[str, str]
) -> None:
    from salesdesk.ui.charts import Dashboard

    board = Dashboard()
    qtbot.addWidget(board)
    qtbot.waitUntil(lambda: board.kpis is not None and not board.busy, timeout=20_000)
    shown = {code: board.tiles[code].value.text() for code in board.tiles}
    assert shown["receivables_outstanding"] == "80,000"
    assert shown["receivables_overdue"] == "40,000"
    assert shown["overdue_31_60"] == "40,000"  # due 20 October: 42 days on 1 December
    assert shown["overdue_1_30"] == "0"
    assert shown["overdue_90_plus"] == "0"
    assert shown["collected"] == "40,000"  # paid 14 September, within the last 12 months

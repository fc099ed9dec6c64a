"""Early warnings on Today and the communication-style hint on the card (issue 18)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from salesdesk.services.session import Session


@pytest.fixture
def halved(session: Session, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SALESDESK_NOW", "2025-09-01T09:00:00")
    card = session.create_card({"name": "Halved Co", "style": "hesitant"}, grade="A").id
    session.add_deal(card, amount=30_000, product="p", closed_on="2025-10-10")
    session.add_deal(card, amount=15_000, product="p", closed_on="2025-11-10")
    monkeypatch.setenv("SALESDESK_NOW", "2025-12-03T09:00:00")
    return card


def _window(qtbot: Any, session: Session) -> Any:
    from salesdesk.ui.mainwindow import MainWindow

    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_customer_whose_spend_halves_is_on_today_with_the_reason_until_dismissed(
    qtbot: Any, session: Session, halved: str
) -> None:
    window = _window(qtbot, session)
    view = window.day_plan.today_view
    (row,) = view.rows_of("warning")
    assert row.cells[0] == "Halved Co"
    assert row.cells[4] == "Spend down"
    assert row.cells[7] == "Spend down 50%: 15,000 in 2025-11, 30,000 the month before"
    assert "Early warnings — 1" in [r.cells[0] for r in view.model.rows]
    number = view.model.rows.index(row)
    tip = view.model.index(number, 7).data(Qt.ItemDataRole.ToolTipRole)
    assert "offer one concrete proposal" in tip  # the style hint beside the reason
    assert not view.dismiss_button.isEnabled()
    rect = view.table.visualRect(view.model.index(number, 0))
    QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.dismiss_button.isEnabled()
    QTest.mouseClick(view.dismiss_button, Qt.MouseButton.LeftButton)
    assert view.rows_of("warning") == []
    assert session.early_warnings() == []


def test_the_card_header_says_how_to_approach_the_person(
    qtbot: Any, session: Session, halved: str
) -> None:
    window = _window(qtbot, session)
    window.views.setCurrentWidget(window.splitter)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.panel.card is not None, timeout=2000)
    assert window.panel.style_hint.text().startswith("Hesitant: find out what is unclear")
    assert not window.panel.style_hint.isHidden()

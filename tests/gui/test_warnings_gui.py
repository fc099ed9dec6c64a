"""Early warnings on Today and the communication-style hint on the card (issue 18)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from salesdesk.services.session import Session
from tests.gui.helpers import wait_today


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
    wait_today(qtbot, window)  # Today reads the agenda on the runner
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
    assert view.summary.text().endswith(" · early warnings: 1 (at the end of the list)")
    number = view.model.rows.index(row)
    tip = view.model.index(number, 7).data(Qt.ItemDataRole.ToolTipRole)
    assert "offer one concrete proposal" in tip  # the style hint beside the reason
    assert not view.dismiss_button.isEnabled()
    rect = view.table.visualRect(view.model.index(number, 0))
    QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.dismiss_button.isEnabled()
    QTest.mouseClick(view.dismiss_button, Qt.MouseButton.LeftButton)
    wait_today(qtbot, window)
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


def test_a_complaint_gets_its_cause_and_responsible_and_a_score_at_the_follow_up(
    qtbot: Any, session: Session, halved: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime

    from salesdesk.ui.aftersales import CaseDialog
    from salesdesk.ui.panel import TAB_CASES

    dialog = CaseDialog(None, mode="open", name="Halved Co", now=datetime(2025, 12, 3, 9))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.text, "Delivery three days late")
    dialog.cause.setFocus()
    qtbot.keyClick(dialog.cause, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.cause, Qt.Key.Key_Down)  # — → product → delivery
    qtbot.keyClicks(dialog.responsible, "Li Na")
    answer = dialog.values()
    assert (answer["cause"], answer["responsible"]) == ("delivery", "Li Na")

    window = _window(qtbot, session)
    window.views.setCurrentWidget(window.splitter)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.panel.card is not None, timeout=2000)
    window.panel.show_tab(TAB_CASES)
    page = window.panel.card_pages[TAB_CASES]
    answers = {
        "open": answer,
        "resolve": {"at": datetime(2025, 12, 3, 11), "text": "Sent again", "satisfaction": None},
        "rate": {"satisfaction": 4},
    }
    monkeypatch.setattr(CaseDialog, "ask", classmethod(lambda cls, p, *, mode, **k: answers[mode]))
    page.open_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    page.table.selectRow(0)
    assert "Delivery" in page.detail.text()
    assert "Li Na" in page.detail.text()
    assert not page.rate_button.isEnabled()  # asked at the follow-up, after resolving
    QTest.mouseClick(page.resolve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.index(0, 4).data() != "", timeout=2000)
    page.table.selectRow(0)
    QTest.mouseClick(page.rate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.index(0, 5).data() == "4 / 5", timeout=2000)
    (case,) = session.cases(halved)
    assert (case.cause, case.responsible, case.satisfaction) == ("delivery", "Li Na", 4)


def test_the_annual_spend_typed_on_the_card_gives_the_share_of_wallet(
    qtbot: Any, session: Session, halved: str
) -> None:
    from salesdesk.services import analytics

    window = _window(qtbot, session)
    window.views.setCurrentWidget(window.splitter)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.panel.card is not None, timeout=2000)
    panel = window.panel
    qtbot.keyClicks(panel.edits["annual_spend"], "180,000")
    QTest.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.card(halved).annual_spend == 180_000, timeout=2000)
    assert panel.edits["annual_spend"].text() == "180000"
    # 45,000 bought from 1 Oct to 30 Nov (61 days) of 180,000 a year.
    kpis = analytics.kpis(analytics.period(start="2025-10-01", end="2025-11-30"))
    assert kpis["share_of_wallet"] == round(45_000 / (180_000 * 61 / 365), 4)
    qtbot.keyClicks(panel.edits["annual_spend"], "x")
    QTest.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert session.card(halved).annual_spend == 180_000  # a bad amount changes nothing


def test_preferences_set_the_warning_threshold_and_the_complaint_targets(
    qtbot: Any, session: Session, halved: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salesdesk.ui.preferences import PreferencesDialog

    window = _window(qtbot, session)
    assert window.day_plan.today_view.rows_of("warning")  # 30,000 → 15,000 is over 10,000

    def answer(cls: Any, parent: Any, values: dict[str, Any]) -> dict[str, Any]:
        dialog = cls(parent, values)
        qtbot.addWidget(dialog)
        page = dialog.warnings_page
        for box, text in ((page.threshold, "50000"), (page.response, "12")):
            box.selectAll()
            qtbot.keyClicks(box.lineEdit(), text)
        return dialog.values()

    monkeypatch.setattr(PreferencesDialog, "ask", classmethod(answer))
    assert window.day_plan.show_preferences()
    settings = session.visit_settings()
    assert settings["spend_drop_threshold"] == 50_000
    assert settings["complaint_response_hours"] == 12
    wait_today(qtbot, window)
    assert window.day_plan.today_view.rows_of("warning") == []  # 30,000 is under 50,000


def test_a_write_rereads_the_warnings_of_the_cards_it_touched(
    qtbot: Any, session: Session, halved: str
) -> None:
    window = _window(qtbot, session)
    view = window.day_plan.today_view
    assert [r.cells[0] for r in view.rows_of("warning")] == ["Halved Co"]
    other = window.ops.run(lambda: session.create_card({"name": "Other"}, grade="B")).id
    wait_today(qtbot, window)
    assert [r.cells[0] for r in view.rows_of("warning")] == ["Halved Co"]  # kept
    window.ops.run(
        lambda: session.add_deal(halved, amount=20_000, product="p", closed_on="2025-11-20")
    )
    qtbot.waitUntil(lambda: view.rows_of("warning") == [], timeout=2000)  # 35,000 in November
    assert other


def test_the_day_sheet_gives_the_style_hint_beside_the_person(
    session: Session, halved: str
) -> None:
    from datetime import date

    from salesdesk.ui.daysheet import day_sheet_html

    session.plan_visit(halved, "2025-12-03")
    html = day_sheet_html(session, date(2025, 12, 3))
    assert "Halved Co" in html
    assert "Hesitant: find out what is unclear, then offer one concrete proposal." in html

"""Return visits and after-sales in the window: Today view, Visits/Deals/Cases tabs,
preferences, reminders, calendar export and the day sheet (issues 3 and 7)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale

from salesdesk.services.cardlist import Column
from salesdesk.services.session import Session
from salesdesk.ui import dialogs
from salesdesk.ui.aftersales import CasesModel, DealDialog, DealsModel
from salesdesk.ui.dayplan import DayPlanUi
from salesdesk.ui.panel import TAB_CASES, TAB_DEALS, TAB_VISITS
from salesdesk.ui.preferences import PreferencesDialog, saved_language
from salesdesk.ui.today import Reminder
from salesdesk.ui.visits import VisitDialog
from tests.gui.conftest import Messages
from tests.gui.helpers import cell, select, wait_today

D = date(2024, 5, 6)  # a Monday


def at(day: date, clock: str = "09:00") -> str:
    return f"{day.isoformat()}T{clock}:00"


def open_window(qtbot: Any, session: Session) -> Any:
    from salesdesk.ui.mainwindow import MainWindow

    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_today(qtbot, window)  # Today reads the agenda on the runner
    return window


def visit_rows(window: Any, section: str) -> list[str]:
    return [r.cells[0] for r in window.day_plan.today_view.rows_of("visit") if r.section == section]


def select_row(window: Any, name: str, kind: str = "visit") -> None:
    view = window.day_plan.today_view
    row = next(r for r in view.model.rows if r.kind == kind and r.cells[0] == name)
    assert view.select(row.card_id, row.visit_id)


def log_answer(when: datetime, summary: str = "拜访，谈了续约") -> dict[str, Any]:
    return {"at": when, "channel": "visit", "summary": summary, "outcome": ""}


@pytest.fixture
def a_card(session: Session, monkeypatch: pytest.MonkeyPatch) -> str:
    """An A card with a contact logged on D at ten."""
    monkeypatch.setenv("SALESDESK_NOW", at(D, "10:00"))
    card_id = session.create_card({"name": "张伟", "area": "浦东新区"}, grade="A").id
    assert card_id
    session.log_contact(card_id, channel="visit", summary="首次拜访", at=datetime(2024, 5, 6, 10))
    session.undo_stack.clear()
    return card_id


def test_a_card_logged_on_d_is_due_on_d3_and_overdue_on_d7(
    qtbot: Any, session: Session, a_card: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALESDESK_NOW", at(D + timedelta(days=2)))
    window = open_window(qtbot, session)
    assert window.views.currentWidget() is window.day_plan.today_view  # the first thing shown
    assert visit_rows(window, "upcoming") == ["张伟"]
    assert visit_rows(window, "today") == []

    monkeypatch.setenv("SALESDESK_NOW", at(D + timedelta(days=3)))
    window.day_plan.show_today()
    wait_today(qtbot, window)
    assert visit_rows(window, "today") == ["张伟"]
    assert window.views.tabText(0) == "&Today (1)"
    assert window.day_plan.due_label.text() == "1 visit due"

    monkeypatch.setenv("SALESDESK_NOW", at(D + timedelta(days=7)))
    window.day_plan.show_today()
    wait_today(qtbot, window)
    assert visit_rows(window, "overdue") == ["张伟"]
    assert visit_rows(window, "today") == []
    row = window.day_plan.today_view.rows_of("visit")[0]
    assert row.cells[3] == (D + timedelta(days=3)).isoformat()


def test_today_groups_by_area_with_counts(
    qtbot: Any, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALESDESK_NOW", at(D))
    for name, area in (("王芳", "浦东新区"), ("李娜", "浦东新区"), ("章炜", "海淀区"), ("Tom", "")):
        card_id = session.create_card({"name": name, "area": area}, grade="B").id
        session.plan_visit(card_id, D, purpose="follow_up")
    window = open_window(qtbot, session)
    view = window.day_plan.today_view
    today = [r.cells[0] for r in view.model.rows if r.section == "today" and r.kind != "visit"]
    assert today == ["Today — 4", "浦东新区 — 2", "海淀区 — 1", "(no area) — 1"]
    assert visit_rows(window, "today") == ["李娜", "王芳", "章炜", "Tom"]
    assert window.views.tabText(0) == "&Today (4)"
    # Section and area rows span the table and cannot be chosen.
    assert view.table.columnSpan(0, 0) == view.model.columnCount()
    assert (
        not view.model.flags(view.model.index(0, 0))
        & view.model.flags(view.model.index(2, 0)).ItemIsSelectable
    )


def test_logging_from_today_completes_the_visit_and_plans_the_next(
    qtbot: Any, session: Session, a_card: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = D + timedelta(days=3)
    monkeypatch.setenv("SALESDESK_NOW", at(day))
    window = open_window(qtbot, session)
    (visit,) = [v for v in session.visits(a_card) if v.status == "planned"]
    monkeypatch.setattr(
        dialogs.LogContactDialog,
        "ask",
        classmethod(lambda cls, *a, **k: log_answer(datetime(2024, 5, 9, 9))),
    )
    select_row(window, "张伟")
    assert window.day_plan.today_view.log_button.isEnabled()
    window.day_plan.today_view.log_button.click()
    qtbot.waitUntil(lambda: visit_rows(window, "today") == [], timeout=2000)
    assert visit_rows(window, "upcoming") == ["张伟"]
    visits = {v.id: v for v in session.visits(a_card)}
    assert visits[visit.id].status == "done"
    planned = [v for v in visits.values() if v.status == "planned"]
    assert [v.due_on for v in planned] == [day + timedelta(days=3)]
    assert cell(window, "张伟", Column.NEXT_VISIT) == (day + timedelta(days=3)).isoformat()
    assert session.contacts(a_card)[0].summary == "拜访，谈了续约"


def test_reschedule_from_today_sets_the_date_by_hand(
    qtbot: Any, session: Session, a_card: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALESDESK_NOW", at(D + timedelta(days=3)))
    window = open_window(qtbot, session)
    asked: list[dict[str, Any]] = []

    def ask(cls: Any, parent: Any, **kwargs: Any) -> dict[str, Any]:
        asked.append(kwargs)
        return {"due_on": D + timedelta(days=5), "due_time": "14:30"}

    monkeypatch.setattr(VisitDialog, "ask", classmethod(ask))
    select_row(window, "张伟")
    window.day_plan.today_view.reschedule_button.click()
    qtbot.waitUntil(lambda: visit_rows(window, "upcoming") == ["张伟"], timeout=2000)
    assert asked[0]["due"] == D + timedelta(days=3)
    (visit,) = [v for v in session.visits(a_card) if v.status == "planned"]
    assert (visit.due_on, visit.due_time, visit.hand_set) == (D + timedelta(days=5), "14:30", True)
    row = window.day_plan.today_view.rows_of("visit")[0]
    assert row.cells[3] == "2024-05-11 14:30"
    assert "set by hand" in row.cells[7]


def test_a_complaint_two_days_old_without_response_is_on_today(
    qtbot: Any, session: Session, cards: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALESDESK_NOW", at(D, "15:00"))
    session.open_case(
        cards["王芳"], kind="complaint", content="送货晚了三天", at=datetime(2024, 5, 4, 14)
    )
    session.open_case(
        cards["张伟"], kind="request", content="Fresh today", at=datetime(2024, 5, 6, 9)
    )
    window = open_window(qtbot, session)
    view = window.day_plan.today_view
    (row,) = view.rows_of("case")
    assert row.cells[0] == "王芳"
    assert row.cells[4] == "Complaint: 送货晚了三天"
    assert row.cells[7] == "Waiting 49 h"
    assert "Service cases waiting for a first response — 1" in [r.cells[0] for r in view.model.rows]
    # Open card from the row shows the card in the list and panel.
    select_row(window, "王芳", kind="case")
    view.open_button.click()
    qtbot.waitUntil(lambda: window.panel.card is not None, timeout=2000)
    assert window.panel.card.name == "王芳"
    assert window.views.currentWidget() is window.splitter


def test_a_deal_on_the_panel_makes_a_customer_with_an_after_sales_visit(
    qtbot: Any, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALESDESK_NOW", at(D))
    session.create_card({"name": "Mary Johnson", "area": "Downtown"}, grade="A")
    window = open_window(qtbot, session)
    window.views.setCurrentWidget(window.splitter)
    select(window, qtbot, "Mary Johnson")
    assert cell(window, "Mary Johnson", Column.STATUS) == "Prospect"
    panel = window.panel
    panel.show_tab(TAB_DEALS)
    page = panel.card_pages[TAB_DEALS]
    monkeypatch.setattr(
        DealDialog,
        "ask",
        classmethod(
            lambda cls, *a, **k: {
                "closed_on": D,
                "product": "Premium plan",
                "amount": 12000.5,
                "note": "annual",
            }
        ),
    )
    page.add_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert page.model.index(0, 1).data() == "Premium plan"
    amount = QLocale().toString(12000.5, "f", 2)
    assert page.summary.text() == f"1 deal, {amount}; on 2024-05-06"
    assert cell(window, "Mary Johnson", Column.STATUS) == "Customer"
    assert "Customer" in panel.subtitle.text()
    panel.show_tab(TAB_VISITS)
    visits = panel.card_pages[TAB_VISITS].model
    after = [
        (visits.index(r, 0).data(), visits.index(r, 2).data()) for r in range(visits.rowCount())
    ]
    assert ((D + timedelta(days=7)).isoformat(), "After-sales visit") in after


def test_cases_tab_opens_responds_and_resolves(
    qtbot: Any, window: Any, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salesdesk.ui.aftersales import CaseDialog

    window.views.setCurrentWidget(window.splitter)
    select(window, qtbot, "王芳")
    window.panel.show_tab(TAB_CASES)
    page = window.panel.card_pages[TAB_CASES]
    answers = {
        "open": {"at": datetime(2024, 5, 6, 9), "kind": "complaint", "content": "Late delivery"},
        "respond": {"at": datetime(2024, 5, 6, 11), "text": "Called back"},
        "resolve": {"at": datetime(2024, 5, 7, 9), "text": "Refunded", "satisfaction": 4},
    }
    monkeypatch.setattr(CaseDialog, "ask", classmethod(lambda cls, p, *, mode, **k: answers[mode]))
    page.open_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    page.table.selectRow(0)
    assert page.respond_button.isEnabled()
    page.respond_button.click()
    qtbot.waitUntil(lambda: page.model.index(0, 3).data() == "2024-05-06 11:00", timeout=2000)
    page.table.selectRow(0)
    page.resolve_button.click()
    qtbot.waitUntil(lambda: page.model.index(0, 5).data() == "4 / 5", timeout=2000)
    assert page.model.index(0, 0).data() == "Complaint"
    assert page.summary.text() == "0 open, 1 in all"


def test_visits_tab_plans_cancels_and_completes(
    qtbot: Any,
    window: Any,
    session: Session,
    cards: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window.views.setCurrentWidget(window.splitter)
    select(window, qtbot, "José Álvarez")  # F2: no visit until one is planned by hand
    panel = window.panel
    panel.show_tab(TAB_VISITS)
    page = panel.card_pages[TAB_VISITS]
    assert page.model.rowCount() == 0
    day = session.today() + timedelta(days=2)
    monkeypatch.setattr(
        VisitDialog,
        "ask",
        classmethod(
            lambda cls, *a, **k: {"due_on": day, "due_time": None, "purpose": "first_visit"}
        ),
    )
    page.plan_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert [page.model.index(0, c).data() for c in (0, 2, 3, 4)] == [
        day.isoformat(),
        "First visit",
        "Planned",
        "Yes",
    ]
    assert f"Next visit {day.isoformat()}" in panel.grade_info.text()
    page.table.selectRow(0)
    page.cancel_button.click()
    qtbot.waitUntil(lambda: page.model.index(0, 3).data() == "Cancelled", timeout=2000)
    assert "Next visit" not in panel.grade_info.text()

    page.plan_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=2000)
    page.select_visit(next(e.id for e in page.model.entries if e.status == "planned"))
    monkeypatch.setattr(
        dialogs.LogContactDialog,
        "ask",
        classmethod(lambda cls, *a, **k: log_answer(datetime.now())),
    )
    page.complete_button.click()
    qtbot.waitUntil(lambda: any(e.status == "done" for e in page.model.entries), timeout=2000)


def test_preferences_change_the_cadence_and_the_next_visit_follows(
    qtbot: Any, session: Session, a_card: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, session)
    seen: list[dict[str, Any]] = []

    def ask(cls: Any, parent: Any, values: dict[str, Any]) -> dict[str, Any]:
        seen.append(values)
        cadence = {**values["cadence"], "A": 5}
        cadence.pop("F2")
        return {
            "cadence": cadence,
            "after_sales_first_days": 10,
            "after_sales_days": 60,
            "language": "zh_CN",
        }

    monkeypatch.setattr(PreferencesDialog, "ask", classmethod(ask))
    assert window.day_plan.show_preferences()
    assert seen[0]["cadence"]["A"] == 3
    settings = session.visit_settings()
    assert settings["cadence"]["A"] == 5
    assert settings["cadence"]["F2"] is None
    assert (settings["after_sales_first_days"], settings["after_sales_days"]) == (10, 60)
    assert saved_language() == "zh_CN"

    window.views.setCurrentWidget(window.splitter)
    select(window, qtbot, "张伟")
    monkeypatch.setattr(
        dialogs.LogContactDialog,
        "ask",
        classmethod(lambda cls, *a, **k: log_answer(datetime(2024, 5, 7, 9))),
    )
    window.log_contact()
    expected = (D + timedelta(days=1 + 5)).isoformat()
    qtbot.waitUntil(lambda: cell(window, "张伟", Column.NEXT_VISIT) == expected, timeout=2000)


def test_preferences_dialog_reads_and_returns_the_values(qtbot: Any, session: Session) -> None:
    dialog = PreferencesDialog(None, session.visit_settings(), store=session.store)
    qtbot.addWidget(dialog)
    tabs = [dialog.pages.tabText(i) for i in range(dialog.pages.count())]
    assert tabs == ["You", "Visits", "Warnings", "Credit", "Language"]
    assert dialog.visits_page.days["E"].value() == 14
    dialog.visits_page.days["B"].setValue(10)
    dialog.language_page.language.setCurrentIndex(dialog.language_page.language.findData("en"))
    values = dialog.values()
    assert values["cadence"]["B"] == 10
    assert values["language"] == "en"
    assert dialog.add_page(dialog.visits_page.__class__(session.visit_settings()), "Sync") == 5


def test_reminder_tells_what_is_due_at_start_and_a_timed_visit_before_its_time(
    qtbot: Any, session: Session, a_card: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = D + timedelta(days=3)
    monkeypatch.setenv("SALESDESK_NOW", at(day))
    other = session.create_card({"name": "Mary Johnson"}, grade="B").id
    session.plan_visit(other, day, due_time="14:00", purpose="follow_up")
    window = open_window(qtbot, session)
    reminder: Reminder = window.day_plan.reminder
    shown: list[str] = []
    reminder.notify = lambda _title, text: shown.append(text) or True
    assert reminder.check(datetime(2024, 5, 9, 9)) == ["2 visits due today, 0 of them overdue."]
    assert reminder.check(datetime(2024, 5, 9, 12)) == []
    assert reminder.check(datetime(2024, 5, 9, 13, 50)) == [
        "Mary Johnson at 14:00: Follow-up visit"
    ]
    assert reminder.check(datetime(2024, 5, 9, 13, 55)) == []  # told once
    assert len(shown) == 2
    # Where the desktop has no tray (offscreen), the real notifier quietly does nothing.
    from salesdesk.ui.today import show_desktop_message

    assert show_desktop_message("SalesDesk", "test") is False


def test_day_sheet_pdf_holds_the_days_names(
    qtbot: Any, session: Session, a_card: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salesdesk.ui.daysheet import day_sheet_html

    day = D + timedelta(days=3)
    monkeypatch.setenv("SALESDESK_NOW", at(day))
    other = session.create_card(
        {"name": "Mary Johnson", "company": "Contoso", "address": "1 Main St", "area": "Downtown"},
        grade="B",
    ).id
    session.plan_visit(other, day - timedelta(days=1), purpose="follow_up")
    later = session.create_card({"name": "Not Today"}, grade="B").id
    session.plan_visit(later, day + timedelta(days=1))
    html = day_sheet_html(session, day)
    assert "张伟" in html
    assert "首次拜访" in html  # the last contact's summary
    assert "1 Main St" in html
    assert "Not Today" not in html
    assert html.index("Downtown") < html.index("浦东新区")

    window = open_window(qtbot, session)
    target = tmp_path / "sheet"
    monkeypatch.setattr(DayPlanUi, "choose_save_file", classmethod(lambda cls, *a: str(target)))
    written = window.day_plan.save_day_sheet()
    assert written == tmp_path / "sheet.pdf"
    assert written.stat().st_size > 2000
    assert written.read_bytes().startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = subprocess.run(
            [pdftotext, str(written), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Mary Johnson" in text
        assert "张伟" in text


def test_calendar_export_writes_the_planned_visits(
    qtbot: Any, session: Session, a_card: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, session)
    target = tmp_path / "visits.ics"
    monkeypatch.setattr(DayPlanUi, "choose_save_file", classmethod(lambda cls, *a: str(target)))
    window.day_plan.export_ics_action.trigger()
    qtbot.waitUntil(window.day_plan.export_ics_action.isEnabled, timeout=5000)
    text = target.read_text(encoding="utf-8")
    (visit,) = [v for v in session.visits(a_card) if v.status == "planned"]
    assert f"UID:{visit.id}@salesdesk" in text
    assert "张伟" in text


def test_a_read_only_window_offers_no_today_actions(
    qtbot: Any, window: Any, messages: Messages
) -> None:
    window.show_read_only("read only")
    view = window.day_plan.today_view
    assert not view.log_button.isEnabled()
    assert not messages.errors


def test_the_new_models_pass_the_model_tester(
    qtbot: Any, qtmodeltester: Any, session: Session, a_card: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALESDESK_NOW", at(D + timedelta(days=7)))
    session.add_deal(a_card, amount=100, product="Plan")
    session.open_case(a_card, kind="praise", content="Great")
    window = open_window(qtbot, session)
    qtmodeltester.check(window.day_plan.today_view.model)
    deals = DealsModel()
    deals.set_entries(session.deals(a_card))
    qtmodeltester.check(deals)
    cases = CasesModel()
    cases.set_entries(session.cases(a_card))
    qtmodeltester.check(cases)
    window.views.setCurrentWidget(window.splitter)
    select(window, qtbot, "张伟")
    window.panel.show_tab(TAB_VISITS)
    qtmodeltester.check(window.panel.card_pages[TAB_VISITS].model)


def test_preferences_hold_the_sync_folder_page(qtbot: Any, window: Any) -> None:
    from salesdesk.ui.preferences import PreferencesDialog

    dialog = PreferencesDialog(window, window.session.visit_settings())
    qtbot.addWidget(dialog)
    titles = [dialog.pages.tabText(i).replace("&", "") for i in range(dialog.pages.count())]
    assert titles == ["You", "Visits", "Warnings", "Credit", "Language", "Sync", "Privacy"]
    assert dialog.sync_page.folder is not None


def test_one_visit_due_is_said_in_the_singular(
    qtbot: Any, session: Session, a_card: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One visit due is "1 visit due", not "1 visits due" (status bar and reminder)."""
    monkeypatch.setenv("SALESDESK_NOW", at(D + timedelta(days=3)))
    window = open_window(qtbot, session)
    reminder: Reminder = window.day_plan.reminder
    reminder.notify = lambda _title, _text: True
    assert reminder.check(datetime(2024, 5, 9, 9)) == ["1 visit due today."]
    assert window.day_plan.due_label.text() == "1 visit due"

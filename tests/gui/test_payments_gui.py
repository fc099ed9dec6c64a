"""Payment plans in the window (issue 20): Today, the dashboard's receivables, the Deals tab."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool

from salesdesk.services.session import Session
from tests.gui.helpers import wait_today

NOW = "2026-12-01T09:00:00"


def open_window(qtbot: Any, session: Session) -> Any:
    from salesdesk.ui.mainwindow import MainWindow

    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_today(qtbot, window)  # Today reads the agenda on the window's runner
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

    board = Dashboard(store=session.store)
    qtbot.addWidget(board)
    qtbot.waitUntil(lambda: board.kpis is not None and not board.busy, timeout=20_000)
    shown = {code: board.tiles[code].value.text() for code in board.tiles}
    assert shown["receivables_outstanding"] == "80,000"
    assert shown["receivables_overdue"] == "40,000"
    assert shown["overdue_31_60"] == "40,000"  # due 20 October: 42 days on 1 December
    assert shown["overdue_1_30"] == "0"
    assert shown["overdue_90_plus"] == "0"
    assert shown["collected"] == "40,000"  # paid 14 September, within the last 12 months


def _show_deals(qtbot: Any, window: Any, name: str) -> Any:
    from salesdesk.ui.panel import TAB_DEALS
    from tests.gui.helpers import select

    window.views.setCurrentWidget(window.splitter)
    select(window, qtbot, name)
    window.panel.show_tab(TAB_DEALS)
    return window.panel.card_pages[TAB_DEALS]


def _installments(page: Any) -> list[tuple[str, ...]]:
    model = page.installments
    return [tuple(model.index(r, c).data() for c in (1, 2, 3, 5)) for r in range(model.rowCount())]


def test_the_deals_tab_shows_paid_overdue_and_due_installments(
    qtbot: Any, session: Session, book: dict[str, str]
) -> None:
    window = open_window(qtbot, session)
    page = _show_deals(qtbot, window, "王敏")
    assert page.model.index(0, 4).data() == "1 paid · 1 overdue · 1 due"
    assert _installments(page) == [
        ("2026-09-15", "40,000", "40,000", "Paid"),
        ("2026-10-20", "40,000", "0", "Overdue"),
        ("2026-12-06", "40,000", "0", "To collect"),
    ]
    assert "outstanding 80,000, overdue 40,000" in page.plan_label.text()


def test_set_a_plan_and_record_a_payment_then_undo_with_ctrl_z(
    qtbot: Any, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import Qt

    from salesdesk.ui.payments import PaymentDialog, PlanDialog

    monkeypatch.setenv("SALESDESK_NOW", NOW)
    card = session.create_card({"name": "李强"}, grade="B").id
    session.add_deal(card, amount=90_000, product="软件", closed_on="2026-11-01")
    window = open_window(qtbot, session)
    page = _show_deals(qtbot, window, "李强")
    assert page.model.index(0, 4).data() == "No payment plan"
    assert not page.pay_button.isEnabled()
    asked: dict[str, Any] = {}

    def plan(cls: Any, parent: Any, **kwargs: Any) -> list[tuple[str, str]]:
        asked.update(kwargs)
        return [("2026-11-15", "30,000"), ("2026-12-15", "30,000"), ("2027-01-15", "30,000")]

    monkeypatch.setattr(PlanDialog, "ask", classmethod(plan))
    qtbot.mouseClick(page.plan_button, Qt.MouseButton.LeftButton)
    assert asked["amount"] == 90_000
    qtbot.waitUntil(lambda: page.installments.rowCount() == 3, timeout=2000)
    assert [row[3] for row in _installments(page)] == ["Overdue", "To collect", "To collect"]
    assert page.pay_button.isEnabled()
    monkeypatch.setattr(
        PaymentDialog,
        "ask",
        classmethod(
            lambda cls, parent, **k: {
                "paid_on": k["today"],
                "amount": k["amount"],
                "method": "wechat",
                "note": "",
            }
        ),
    )
    qtbot.mouseClick(page.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _installments(page)[0][3] == "Paid", timeout=2000)
    assert page.model.index(0, 4).data() == "1 paid · 0 overdue · 2 due"
    assert window.undo_action.text().replace("&", "") == "Undo Record payment"

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _installments(page)[0][3] == "Overdue", timeout=2000)
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.installments.rowCount() == 0, timeout=2000)
    assert page.model.index(0, 4).data() == "No payment plan"


def _type_in_cell(qtbot: Any, table: Any, row: int, column: int, text: str) -> None:
    """F2 on the cell, select what is there, type, Enter: as the user edits a cell."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    table.setFocus()
    table.setCurrentCell(row, column)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    (editor,) = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits a Return on the next turn of the event loop.
    qtbot.waitUntil(lambda: table.item(row, column).text() == text, timeout=2000)


def test_the_plan_dialog_makes_installments_and_refuses_a_plan_that_does_not_add_up(
    qtbot: Any,
) -> None:
    from datetime import date

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    from salesdesk.ui.payments import PlanDialog

    dialog = PlanDialog(None, name="王敏", amount=120_000, first_due=date(2026, 9, 15))
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.rows() == [("2026-09-15", "120,000")]  # paid at once by default
    qtbot.mouseClick(dialog.in_parts, Qt.MouseButton.LeftButton)
    assert dialog.in_parts.isChecked()
    dialog.count.setFocus()
    dialog.count.selectAll()
    qtbot.keyClicks(dialog.count, "3")
    assert dialog.rows() == [
        ("2026-09-15", "40,000"),
        ("2026-10-15", "40,000"),
        ("2026-11-15", "40,000"),
    ]
    assert ok.isEnabled()
    # The user edits the last amount: the plan no longer adds up and cannot be saved.
    _type_in_cell(qtbot, dialog.table, 2, 1, "30000")
    assert dialog.rows()[2] == ("2026-11-15", "30000")
    assert not ok.isEnabled()
    assert "110,000" in dialog.total.text()
    _type_in_cell(qtbot, dialog.table, 1, 1, "50000")
    assert ok.isEnabled()
    assert dialog.values()[1] == ("2026-10-15", "50000")


def test_a_deal_over_a_poor_customers_limit_asks_before_saving_and_notes_it(
    qtbot: Any, session: Session, monkeypatch: pytest.MonkeyPatch, messages: Any
) -> None:
    from PySide6.QtCore import Qt

    from salesdesk.ui.aftersales import DealDialog

    monkeypatch.setenv("SALESDESK_NOW", NOW)
    session.create_card({"name": "赵六", "credit": "poor"}, grade="A")
    window = open_window(qtbot, session)
    page = _show_deals(qtbot, window, "赵六")
    answer = {"closed_on": "2026-12-01", "product": "耗材", "amount": 5000.0, "note": ""}
    monkeypatch.setattr(DealDialog, "ask", classmethod(lambda cls, *a, **k: dict(answer)))
    messages.confirm_answer = False
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert messages.confirmations
    assert "over the credit limit of 0" in messages.confirmations[-1]
    assert page.model.rowCount() == 0  # the user said no: nothing saved
    assert session.deals(page.card_id) == []

    messages.confirm_answer = True
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    (deal,) = session.deals(page.card_id)
    assert "Over the credit limit on 2026-12-01: open balance 5,000, limit 0." in deal.note


def test_overdue_payments_are_marked_in_the_list_and_the_card_header(
    qtbot: Any, session: Session, book: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import Qt

    other = session.create_card({"name": "孙八"}, grade="B").id
    window = open_window(qtbot, session)
    window.views.setCurrentWidget(window.splitter)
    model = window.model
    rows = {model.card_id(r): r for r in range(model.rowCount())}
    marked = model.index(rows[book["card"]], 0)
    assert model.data(marked, int(Qt.ItemDataRole.ToolTipRole)) == "A payment is overdue"
    assert model.data(marked, int(Qt.ItemDataRole.ForegroundRole)) is not None
    plain = model.index(rows[other], 0)
    assert model.data(plain, int(Qt.ItemDataRole.ForegroundRole)) is None
    page = _show_deals(qtbot, window, "王敏")
    assert "payments overdue: 40,000" in window.panel.subtitle.text()

    # Paying what is overdue takes the mark away.
    from salesdesk.ui.payments import PaymentDialog

    monkeypatch.setattr(
        PaymentDialog,
        "ask",
        classmethod(
            lambda cls, parent, **k: {
                "paid_on": k["today"],
                "amount": k["amount"],
                "method": "cash",
                "note": "",
            }
        ),
    )
    qtbot.mouseClick(page.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "overdue" not in window.panel.subtitle.text(), timeout=2000)
    rows = {model.card_id(r): r for r in range(model.rowCount())}
    again = model.index(rows[book["card"]], 0)
    assert model.data(again, int(Qt.ItemDataRole.ToolTipRole)) is None


def test_preferences_set_the_limit_of_each_credit_standing(
    qtbot: Any, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salesdesk.ui.preferences import PreferencesDialog

    monkeypatch.setenv("SALESDESK_NOW", NOW)
    window = open_window(qtbot, session)
    dialog = PreferencesDialog(window, session.visit_settings())
    qtbot.addWidget(dialog)
    page = dialog.credit_page
    assert page.limits["poor"].text() == "0"
    assert page.limits["normal"].text() == "100,000"
    page.limits["poor"].selectAll()
    qtbot.keyClicks(page.limits["poor"], "20000")
    page.limits["good"].selectAll()
    qtbot.keyClicks(page.limits["good"], " ")  # empty: no limit
    answer = dialog.values()
    assert answer["credit_limits"] == {"good": "", "normal": "100,000", "poor": "20000"}
    monkeypatch.setattr(PreferencesDialog, "ask", classmethod(lambda cls, *a, **k: answer))
    assert window.day_plan.show_preferences()
    assert session.credit_limits() == {"good": None, "normal": 100_000.0, "poor": 20_000.0}
    card = session.create_card({"name": "周九", "credit": "poor"}, grade="A").id
    assert session.credit_check(card, 20_000) is None
    assert session.credit_check(card, 20_000.01) is not None


def test_a_new_deal_paid_at_once_or_in_installments(
    qtbot: Any, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from PySide6.QtCore import Qt

    from salesdesk.ui.aftersales import DealDialog
    from salesdesk.ui.payments import PlanDialog

    monkeypatch.setenv("SALESDESK_NOW", NOW)
    session.create_card({"name": "吴十"}, grade="A")
    # The dialog offers how it is paid; the keyboard picks it.
    dialog = DealDialog(None, name="吴十", today=date(2026, 12, 1))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.values()["payment"] is None
    qtbot.keyClick(dialog.payment, Qt.Key.Key_Down)
    assert dialog.values()["payment"] == "paid"
    qtbot.keyClick(dialog.payment, Qt.Key.Key_Down)
    assert dialog.values()["payment"] == "plan"

    window = open_window(qtbot, session)
    page = _show_deals(qtbot, window, "吴十")
    answers = iter(
        [
            {"closed_on": "2026-12-01", "product": "现款", "amount": 8000.0, "note": "",
             "payment": "paid"},
            {"closed_on": "2026-11-20", "product": "分期", "amount": 9000.0, "note": "",
             "payment": "plan"},
        ]
    )  # fmt: skip
    monkeypatch.setattr(DealDialog, "ask", classmethod(lambda cls, *a, **k: next(answers)))
    planned: dict[str, Any] = {}

    def plan(cls: Any, parent: Any, **kwargs: Any) -> list[tuple[str, str]]:
        planned.update(kwargs)
        return [("2026-12-20", "4500"), ("2027-01-20", "4500")]

    monkeypatch.setattr(PlanDialog, "ask", classmethod(plan))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert page.model.index(0, 4).data() == "1 paid · 0 overdue · 0 due"
    assert window.undo_action.text().replace("&", "") == "Undo Add deal"
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=2000)
    assert planned["amount"] == 9000.0  # the plan dialog opened for the new deal
    qtbot.waitUntil(lambda: page.installments.rowCount() == 2, timeout=2000)
    by_product = {page.model.index(r, 1).data(): page.model.index(r, 4).data() for r in range(2)}
    assert by_product["分期"] == "0 paid · 0 overdue · 2 due"


def test_a_payment_collected_in_person_is_logged_with_the_visit_in_one_step(
    qtbot: Any, session: Session, book: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime

    from PySide6.QtCore import Qt

    from salesdesk.ui import dialogs

    dialog = dialogs.LogContactDialog(
        None, name="王敏", grade="A", f_kind=None, now=datetime(2026, 12, 1, 10), owed=80_000
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.collected is not None
    assert dialog.collected.maximum() == 80_000
    dialog.collected.setFocus()
    dialog.collected.selectAll()
    qtbot.keyClicks(dialog.collected, "30000")
    qtbot.keyClick(dialog.collected_method, Qt.Key.Key_Down)  # cash
    dialog.summary.setPlainText("上门收款")
    answer = dialog.values()
    assert answer["collected"] == 30_000
    assert answer["collected_method"] == "cash"

    window = open_window(qtbot, session)
    window.views.setCurrentWidget(window.splitter)
    from tests.gui.helpers import select

    select(window, qtbot, "王敏")
    asked: dict[str, Any] = {}

    def ask(cls: Any, parent: Any, **kwargs: Any) -> dict[str, Any]:
        asked.update(kwargs)
        return dict(answer)

    monkeypatch.setattr(dialogs.LogContactDialog, "ask", classmethod(ask))
    window.log_contact_action.trigger()
    assert asked["owed"] == 80_000
    (entry,) = session.payments(book["card"])
    assert entry.paid == 70_000
    assert entry.receipts[-1].note == "Collected at the visit"
    assert [c.summary for c in session.contacts(book["card"])] == ["上门收款"]
    assert window.undo_action.text().replace("&", "") == "Undo Log contact"
    window.undo_action.trigger()  # the contact and the payment go together
    (entry,) = session.payments(book["card"])
    assert entry.paid == 40_000
    assert session.contacts(book["card"]) == []


def test_the_week_tab_lists_the_payments_to_collect_and_opens_the_card(
    qtbot: Any, session: Session, book: dict[str, str]
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = open_window(qtbot, session)
    window.week_plan.show_week()
    view = window.week_plan.view
    view.owner.setText("")
    qtbot.mouseClick(view.today_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.payments.count() == 2, timeout=10_000)
    assert view.payments_label.text() == "Payments to collect — 2"
    overdue, due = (view.payments.item(i).text() for i in range(2))
    assert "王敏 · 13812345678" in overdue
    assert "Installment 2/3 of 数控机床: 40,000 · Overdue 42 days" in overdue
    assert "Installment 3/3 of 数控机床: 40,000" in due
    assert "Overdue" not in due
    # Paid on the spot: the week plan lists what is left.
    window.ops.run(lambda: session.record_payment(book["deal"], amount=40_000))
    qtbot.mouseClick(view.save_settings_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.payments.count() == 1, timeout=10_000)
    assert "Installment 3/3" in view.payments.item(0).text()
    rect = view.payments.visualItemRect(view.payments.item(0))
    viewport = view.payments.viewport()
    with qtbot.waitSignal(view.open_card, timeout=3000) as opened:
        QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
        QTest.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [book["card"]]

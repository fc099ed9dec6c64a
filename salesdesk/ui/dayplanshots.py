"""Selftest screenshots of the Today view, a card's Visits, Deals and Cases, and Preferences."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QApplication

Shoot = Callable[..., None]


def _has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _privacy_faults(page: Any) -> str | None:
    """Preferences > Privacy: every button shows its whole text, and in Chinese the page
    speaks Chinese (its status and buttons)."""
    from salesdesk.domain import messages

    buttons = [
        page.encrypt_button,
        page.change_button,
        page.decrypt_button,
        page.team_button,
        page.team_clear,
    ]
    for button in buttons:
        if button.width() < button.sizeHint().width():
            return f"Privacy: the button {button.text()!r} is clipped"
    if messages.language() == "zh_CN":
        for text in [page.status.text(), page.team_status.text(), *(b.text() for b in buttons)]:
            if not _has_han(text):
                return f"Privacy: {text!r} is not translated"
    return None


def _card_with_history(session: Any) -> str | None:
    """A Chinese-named customer with deals, cases and visits; one is given them if none has."""
    rows = sorted(
        (r for r in session.card_list.rows.values() if _has_han(r.name)),
        key=lambda r: r.last_contact_at or "",
        reverse=True,
    )
    for row in rows[:200]:
        if session.deals(row.id) and session.cases(row.id) and session.visits(row.id):
            return str(row.id)
    if not rows:
        return None
    card_id = str(rows[0].id)
    now = session.now()
    session.add_deal(card_id, amount=38800, product="年度保障计划", closed_on=now.date())
    session.add_deal(
        card_id, amount=5200, product="附加医疗险", closed_on=now.date() - timedelta(days=200)
    )
    case = session.open_case(
        card_id, kind="complaint", content="理赔材料寄出后一周没有回音", at=now - timedelta(days=3)
    ).id
    session.resolve_case(case, text="联系理赔部门加急处理", satisfaction=4, at=now)
    session.open_case(card_id, kind="request", content="希望改为按季度缴费")
    return card_id


def _payment_shots(app: QApplication, window: Any, card_id: str, shoot: Shoot) -> None:
    """Issue 20: the newest deal in three installments (one paid, one overdue, one to
    collect) on the Deals tab, and the plan and payment dialogs."""
    from salesdesk.services import payments
    from salesdesk.ui.panel import TAB_DEALS
    from salesdesk.ui.payments import PaymentDialog, PlanDialog

    session = window.session
    deals = session.deals(card_id)
    if not deals:
        return
    deal = deals[0]
    today = session.today()
    if not payments.for_deal(deal.id, today, store=session.store).has_plan:
        first = today - timedelta(days=45)
        plan = payments.split_plan(deal.amount, first, 3, 1, "months")
        # Through the runner, as the window writes: the list and the header show the mark.
        window.ops.run(lambda: session.set_payment_plan(deal.id, plan))
        window.ops.run(
            lambda: session.record_payment(
                deal.id, amount=plan[0][1], paid_on=first, method="transfer"
            )
        )
    panel = window.panel
    panel.show_tab(TAB_DEALS)
    page = panel.card_pages[TAB_DEALS]
    page.load(card_id, page.name)
    shoot(
        "22a-card-deals-payments",
        window,
        lambda: None if page.installments.rowCount() else "the installments are not shown",
    )
    dialog = PlanDialog(window, name=page.name, amount=deal.amount, first_due=deal.closed_on)
    dialog.in_parts.setChecked(True)
    dialog.count.setValue(3)
    dialog.show()
    dialog.adjustSize()
    shoot("22b-payment-plan-dialog", dialog)
    dialog.close()
    dialog.deleteLater()
    pay = PaymentDialog(
        window, name=page.name, today=today, amount=deal.amount / 3, most=deal.amount
    )
    pay.show()
    pay.adjustSize()
    shoot("22c-record-payment-dialog", pay)
    pay.close()
    pay.deleteLater()
    plan_view = window.day_plan
    plan_view.show_today()
    today_view = plan_view.today_view
    payment_rows = [r for r in today_view.model.rows if r.kind == "payment"]
    if payment_rows:
        today_view.table.scrollTo(
            today_view.model.index(today_view.model.rows.index(payment_rows[0]), 0)
        )
    shoot(
        "22e-today-payments",
        window,
        lambda: None if payment_rows else "Today lists no payment to collect",
    )
    window.views.setCurrentWidget(window.splitter)
    from salesdesk.ui.handover import HandoverDialog

    rows = list(session.card_list.rows.values())
    hand = HandoverDialog(
        window,
        owners=sorted({r.owner for r in rows if r.owner}) or ["王敏"],
        areas=sorted({r.area for r in rows if r.area}),
        listed=[r.id for r in rows[:12]],
        pack_folder="~/SalesDesk handover",
    )
    hand.to_owner.setText("李强")
    hand.show()
    deadline = time.monotonic() + 10
    while hand.choosing() and time.monotonic() < deadline:  # the cards, read on the runner
        app.processEvents()
        time.sleep(0.01)
    hand.adjustSize()
    shoot("22d-handover-dialog", hand, lambda: "no card chosen" if not hand.chosen else None)
    hand.close()
    hand.deleteLater()
    app.processEvents()


def dayplan_shots(app: QApplication, window: Any, shoot: Shoot, failures: list[str]) -> None:
    from salesdesk.ui.panel import TAB_CASES, TAB_DEALS, TAB_DETAILS, TAB_VISITS
    from salesdesk.ui.preferences import PreferencesDialog

    session = window.session
    plan = window.day_plan
    today = plan.today_view
    plan.show_today()
    from salesdesk.ui.syncshots import _wait

    _wait(app, lambda: not today.reading)  # Today reads the agenda on the runner
    shoot(
        "20-today",
        window,
        lambda: None if today.rows_of("visit") else "the Today view lists no visits",
    )

    card_id = _card_with_history(session)
    if card_id is None or not plan.open_card(card_id):
        failures.append("no card with deals and cases to show")
        return
    panel = window.panel
    pages = panel.card_pages
    for number, name, tab in (
        (21, "card-visits", TAB_VISITS),
        (22, "card-deals", TAB_DEALS),
        (23, "card-cases", TAB_CASES),
    ):
        panel.show_tab(tab)
        shoot(
            f"{number:02d}-{name}",
            window,
            lambda tab=tab, name=name: None if pages[tab].model.rowCount() else f"{name}: no rows",
        )
    _payment_shots(app, window, card_id, shoot)
    panel.show_tab(TAB_DETAILS)

    dialog = PreferencesDialog(window, session.visit_settings())
    dialog.show()
    dialog.adjustSize()
    shoot("24-preferences", dialog)
    dialog.pages.setCurrentIndex(1)
    shoot("25-preferences-language", dialog)
    privacy = getattr(dialog, "privacy_page", None)  # issue 22
    if privacy is None:
        failures.append("Preferences has no Privacy page")
    else:
        dialog.pages.setCurrentWidget(privacy)
        app.processEvents()
        shoot("25b-preferences-privacy", dialog, lambda: _privacy_faults(privacy))
    dialog.close()
    dialog.deleteLater()
    app.processEvents()

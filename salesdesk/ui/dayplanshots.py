"""Selftest screenshots of the Today view, a card's Visits, Deals and Cases, and Preferences."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QApplication

Shoot = Callable[..., None]


def _has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


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
    panel.show_tab(TAB_DETAILS)

    dialog = PreferencesDialog(window, session.visit_settings())
    dialog.show()
    dialog.adjustSize()
    shoot("24-preferences", dialog)
    dialog.pages.setCurrentIndex(1)
    shoot("25-preferences-language", dialog)
    dialog.close()
    dialog.deleteLater()
    app.processEvents()

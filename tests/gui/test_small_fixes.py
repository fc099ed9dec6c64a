"""The smaller things a salesperson trips over: long summaries, bidi tricks, narrow screens."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt, QTranslator
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from salesdesk.domain.values import clean_text
from salesdesk.services.session import Session
from salesdesk.ui import dialogs
from salesdesk.ui.dialogs import LogContactDialog
from salesdesk.ui.panel import TAB_VISITS
from tests.gui.conftest import Messages
from tests.gui.helpers import select, shown_names, wait_today

QM = Path(__file__).resolve().parents[2] / "resources" / "translations" / "salesdesk_zh_CN.qm"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _paste(widget: Any, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_a_100000_character_summary_is_kept_whole_and_a_longer_one_is_refused(
    qtbot: Any, window: Any, session: Session
) -> None:
    select(window, qtbot, "张伟")
    card_id = window.panel.card_id
    dialog = LogContactDialog(None, name="张伟", grade="A", f_kind=None)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.summary.setFocus()
    _paste(dialog.summary, "谈" * 100_000)
    assert ok.isEnabled()
    assert "100,000 of 100,000" in dialog.summary_count.text()
    window.ops.run(lambda: session.log_contact(card_id, **dialog.values()))
    assert len(session.contacts(card_id, limit=1)[0].summary) == 100_000
    qtbot.keyClicks(dialog.summary, "ok")
    assert not ok.isEnabled()  # over the limit: refused, not cut
    assert "at most 100,000" in dialog.summary_count.text()


def test_bidi_override_characters_are_removed_from_every_text_field(
    qtbot: Any, window: Any, session: Session, messages: Messages, monkeypatch: Any
) -> None:
    assert clean_text(f"ab{BIDI}c") == "abc"
    assert clean_text(f"line{BIDI}\nnext", "notes", multiline=True) == "line\nnext"
    select(window, qtbot, "王芳")
    panel = window.panel
    for key in ("name", "company", "wechat", "address"):
        panel.edits[key].setFocus()
        panel.edits[key].selectAll()
        _paste(panel.edits[key], f"王\u202e芳{key}")
    panel.notes.setFocus()
    _paste(panel.notes, "\u2066备注\u2069")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_dirty(), timeout=2000)
    card = session.card(panel.card_id)
    for value in (card.name, card.company, card.wechat, card.address, card.notes):
        assert not set(value) & set(BIDI), repr(value)
    monkeypatch.setattr(messages, "confirm_answer", False)
    window.delete_action.trigger()
    assert not set(messages.confirmations[-1]) & set(BIDI)


def test_a_cards_visits_are_in_date_and_time_order(
    qtbot: Any, window: Any, session: Session
) -> None:
    select(window, qtbot, "章炜")
    card_id = window.panel.card_id
    today = session.today()
    for days, at in ((3, "08:00"), (3, "15:00"), (20, None), (1, "09:30")):
        window.ops.run(
            lambda d=days, t=at: session.plan_visit(card_id, today + timedelta(days=d), due_time=t)
        )
    window.panel.show_tab(TAB_VISITS)
    model = window.panel.card_pages[TAB_VISITS].model
    shown = [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount())]
    assert shown == sorted(shown, reverse=True)


def test_every_card_tab_fits_at_1280_and_the_list_needs_no_sideways_scroll_at_1024(
    qtbot: Any, window: Any
) -> None:
    translator = QTranslator()
    assert translator.load(str(QM))
    for chinese in (False, True):
        if chinese:
            QCoreApplication.installTranslator(translator)
        try:
            from salesdesk.ui.mainwindow import MainWindow

            main = MainWindow(window.session)
            qtbot.addWidget(main)
            main.resize(1280, 760)
            main.show()
            main.views.setCurrentWidget(main.splitter)
            select(main, qtbot, "张伟")
            bar = main.panel.tabs.tabBar()
            qtbot.waitUntil(lambda b=bar: b.width() > 100, timeout=2000)
            needed = sum(bar.tabRect(i).width() for i in range(bar.count()))
            assert needed <= bar.width(), (chinese, needed, bar.width())
            main.resize(1024, 700)
            qtbot.waitUntil(lambda m=main: m.width() == 1024, timeout=2000)
            QApplication.processEvents()
            assert main.table.horizontalScrollBar().maximum() == 0, chinese
            main.close()
        finally:
            QCoreApplication.removeTranslator(translator)


def test_the_dashboard_fits_a_laptop_screen_and_esc_closes_it(qtbot: Any, window: Any) -> None:
    from salesdesk.ui.dashboardui import fit_to_screen

    dashboard = window.sync_ui.show_dashboard()
    laptop = QRect(0, 0, 1366, 728)  # 768 pixels less the task bar
    fit_to_screen(dashboard, QSize(1200, 820), laptop)
    assert dashboard.height() <= laptop.height() - 40
    assert dashboard.width() <= laptop.width()
    dashboard.activateWindow()
    qtbot.waitUntil(dashboard.isActiveWindow, timeout=2000)
    qtbot.keyClick(dashboard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.sync_ui.dashboard is None, timeout=2000)


def test_today_opens_at_the_top(qtbot: Any, session: Session, cards: dict[str, str]) -> None:
    from salesdesk.ui.mainwindow import MainWindow

    today = session.today()
    for number in range(40):
        card = session.create_card({"name": f"客户{number}", "area": f"区{number % 6}"}, grade="B")
        session.plan_visit(card.id, today - timedelta(days=1 + number % 4))
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.resize(1024, 600)
    main.show()
    qtbot.waitExposed(main)
    wait_today(qtbot, main)
    view = main.day_plan.today_view
    view.table.verticalScrollBar().setValue(view.table.verticalScrollBar().maximum())
    main.views.setCurrentWidget(main.splitter)
    main.views.setCurrentWidget(view)
    assert view.table.verticalScrollBar().value() == 0
    assert view.table.rowAt(0) == 0
    assert view.model.rows[0].kind == "section"  # 已逾期 heads the view
    main.close()


def test_a_new_cards_name_loses_its_bidi_override(
    qtbot: Any, window: Any, monkeypatch: Any
) -> None:
    answer = {"fields": {"name": "赵\u202e敏"}, "grade": {"grade": "E"}}
    monkeypatch.setattr(dialogs.NewCardDialog, "ask", classmethod(lambda cls, *a, **k: answer))
    window.new_action.trigger()
    qtbot.waitUntil(lambda: "赵敏" in shown_names(window), timeout=2000)
    assert window.panel.title.text() == "赵敏"


def test_notes_longer_than_a_card_keeps_are_refused_not_cut(
    qtbot: Any, window: Any, session: Session, messages: Messages
) -> None:
    select(window, qtbot, "张伟")
    panel = window.panel
    panel.notes.setFocus()
    _paste(panel.notes, "记" * 100_001)
    assert panel.save() is False
    assert "100,001" in messages.errors[-1]
    assert panel.is_dirty()  # still there to shorten
    assert session.card(panel.card_id).notes == ""
    panel.edits["company"].setFocus()
    panel.edits["company"].selectAll()
    _paste(panel.edits["company"], "公" * 2_500)
    assert len(panel.edits["company"].text()) == 2_000  # the field takes what a card keeps

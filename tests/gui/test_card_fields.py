"""What a Chinese salesperson expects on a card: WeChat, phone labels from the number, own name."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from salesdesk.io.xlsx import export_workbook
from salesdesk.models import whoami
from salesdesk.services import settings
from salesdesk.services.session import Session
from salesdesk.ui.preferences import PreferencesDialog
from tests.gui.conftest import Messages
from tests.gui.helpers import select, shown_names


def _ime(widget: QWidget, text: str) -> None:
    """Chinese arrives as an input method's commit, as it does from a pinyin keyboard."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_wechat_is_edited_on_the_card_and_found_by_search(
    qtbot: Any, window: Any, messages: Messages
) -> None:
    select(window, qtbot, "张伟")
    panel = window.panel
    panel.edits["wechat"].setFocus()
    qtbot.keyClicks(panel.edits["wechat"], "hx-trade88")
    assert panel.is_dirty()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_dirty(), timeout=2000)
    assert window.session.card(panel.card_id).wechat == "hx-trade88"
    window.filter_bar.search.setFocus()
    qtbot.keyClicks(window.filter_bar.search, "trade88")
    qtbot.waitUntil(lambda: shown_names(window) == ["张伟"], timeout=2000)
    assert messages.errors == []


def test_area_text_is_found_by_search(qtbot: Any, window: Any) -> None:
    window.filter_bar.search.setFocus()
    _ime(window.filter_bar.search, "浦东")
    qtbot.waitUntil(lambda: shown_names(window) == ["张伟"], timeout=2000)
    window.filter_bar.search.clear()
    qtbot.keyClicks(window.filter_bar.search, "riverside")
    qtbot.waitUntil(lambda: shown_names(window) == ["John Smith"], timeout=2000)


def test_phone_labels_follow_the_number_until_the_user_picks_one(qtbot: Any, window: Any) -> None:
    select(window, qtbot, "章炜")
    phones = window.panel.phones
    qtbot.mouseClick(phones.add_button, Qt.MouseButton.LeftButton)
    _, kind, edit = phones._rows[-1]
    qtbot.keyClicks(edit, "021-64001234")
    assert kind.currentData() == "work"  # a Shanghai landline is not a 手机
    qtbot.mouseClick(phones.add_button, Qt.MouseButton.LeftButton)
    _, kind2, edit2 = phones._rows[-1]
    qtbot.keyClicks(edit2, "139 1234 5678")
    assert kind2.currentData() == "mobile"
    # The user's own choice stays: picking 家庭 and typing on does not relabel it.
    kind.setFocus()
    kind.setCurrentIndex(kind.findData("home"))
    kind.activated.emit(kind.currentIndex())
    qtbot.keyClicks(edit, "5")
    assert kind.currentData() == "home"
    qtbot.mouseClick(window.panel.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.panel.is_dirty(), timeout=2000)
    stored = [(p.label, p.number) for p in window.session.card(window.panel.card_id).phones]
    assert stored == [("home", "021-640012345"), ("mobile", "139 1234 5678")]


def test_new_card_phone_is_labelled_from_the_number(qtbot: Any) -> None:
    from salesdesk.ui.dialogs import NewCardDialog

    dialog = NewCardDialog(None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Li")
    qtbot.keyClicks(dialog.phone, "021-64001234")
    assert dialog.values()["fields"]["phones"] == [{"label": "work", "number": "021-64001234"}]


def test_the_workbook_and_day_sheet_carry_wechat_and_the_salespersons_name(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    from salesdesk.ui.daysheet import day_sheet_html

    card = session.create_card({"name": "李娜", "wechat": "lina_sh", "area": "徐汇区"}, grade="B")
    day = date.today()
    session.plan_visit(card.id, day + timedelta(days=0))
    settings.set_salesperson(session.store, "王小明", "华东一组")
    assert session.store.device_name == "王小明"  # the sync file's name

    target = tmp_path / "book.xlsx"
    export_workbook(target, lang="zh")
    book = load_workbook(target, read_only=True)
    try:
        cards = list(book["客户卡片"].iter_rows(values_only=True))
        summary = list(book["概览"].iter_rows(values_only=True))
    finally:
        book.close()
    column = cards[0].index("微信号")
    assert cards[1][column] == "lina_sh"
    assert ("销售人员", "王小明 · 华东一组") in [tuple(row[:2]) for row in summary]

    html = day_sheet_html(session, day)
    assert "lina_sh" in html
    assert "王小明 · 华东一组" in html


def test_the_name_defaults_to_the_systems_full_user_name_not_the_host(
    qtbot: Any, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "os_full_name", lambda: "Lina Zhang")
    assert settings.salesperson() == {"name": "Lina Zhang", "team": ""}
    dialog = PreferencesDialog(
        None,
        {"cadence": {}, "after_sales_first_days": 30, "after_sales_days": 180},
        store=session.store,
    )
    qtbot.addWidget(dialog)
    page = dialog.salesperson_page
    assert page.name.text() == "Lina Zhang"
    page.name.selectAll()
    qtbot.keyClicks(page.name, "Lina")
    qtbot.keyClicks(page.team, "East 1")
    assert dialog.values()["salesperson"] == {"name": "Lina", "team": "East 1"}


def test_os_full_name_is_the_accounts_full_name_or_login(monkeypatch: pytest.MonkeyPatch) -> None:
    import pwd

    monkeypatch.setattr(pwd, "getpwuid", lambda _uid: type("E", (), {"pw_gecos": "李娜,,,"})())
    assert whoami.os_full_name() == "李娜"
    monkeypatch.setattr(pwd, "getpwuid", lambda _uid: type("E", (), {"pw_gecos": ""})())
    monkeypatch.setattr(whoami.getpass, "getuser", lambda: "lina")
    assert whoami.os_full_name() == "lina"

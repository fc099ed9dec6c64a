"""GUI test fixtures: a window over a few cards, and message boxes that never block."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from salesdesk.services.session import Session

LANGS = ("en", "zh_CN")


@pytest.fixture(params=LANGS)
def lang(request: pytest.FixtureRequest, qapp: Any) -> Iterator[str]:
    """The window's language, set as the window sets it at start (its words and the core's);
    a test that asks for it runs in English and in Chinese."""
    from PySide6.QtCore import QLocale

    from salesdesk.domain import messages as core_messages
    from salesdesk.ui import app as ui_app

    default_locale = QLocale()
    loaded = ui_app.install_translations(qapp, request.param)
    yield request.param
    for translator in loaded:
        qapp.removeTranslator(translator)
    QLocale.setDefault(default_locale)
    core_messages.set_language("en")


CARDS: list[tuple[dict[str, Any], str]] = [
    (
        {
            "name": "张伟",
            "company": "上海华信贸易",
            "phones": "+86 138-0013-8000",
            "area": "浦东新区",
            "tags": "vip",
            "owner": "李娜",
        },
        "A",
    ),
    ({"name": "章炜", "company": "北京东方科技", "area": "海淀区", "owner": "李娜"}, "B"),
    (
        {
            "name": "John Smith",
            "company": "Northwind Logistics",
            "area": "Riverside",
            "tags": "referral, vip",
            "owner": "Tom",
        },
        "C",
    ),
    ({"name": "José Álvarez", "company": "Iberia Foods", "key_customer": True}, "F"),
    ({"name": "王芳", "company": "重庆山城物流", "area": "渝中区", "status": "customer"}, "E"),
    ({"name": "Mary Johnson", "company": "Contoso", "area": "Downtown"}, "A"),
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform warns whenever a window sets a minimum size; it is not ours.
    marker = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
    for item in items:
        if "tests/gui" in str(item.path).replace("\\", "/"):
            item.add_marker(marker)


class Messages:
    """What the window would have shown in message boxes, and the answers to give."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.confirmations: list[str] = []
        self.infos: list[str] = []
        self.confirm_answer = True
        self.save_answer = "save"

    def show_error(self, _parent: object, text: str, _details: str | None = None) -> None:
        self.errors.append(text)

    def show_info(self, _parent: object, _title: str, text: str) -> None:
        self.infos.append(text)

    def confirm(self, _parent: object, text: str, _action: str | None = None) -> bool:
        self.confirmations.append(text)
        return self.confirm_answer

    def ask_save(self, _parent: object, text: str) -> str:
        self.confirmations.append(text)
        return self.save_answer


@pytest.fixture(autouse=True)
def messages(monkeypatch: pytest.MonkeyPatch) -> Messages:
    """No test ever blocks on a message box: the replaceable functions record instead."""
    from salesdesk.ui import messages as real

    fake = Messages()
    for name in ("show_error", "show_info", "confirm", "ask_save"):
        monkeypatch.setattr(real, name, getattr(fake, name))
    return fake


@pytest.fixture
def cards(session: Session) -> dict[str, str]:
    made = {}
    for fields, grade in CARDS:
        made[fields["name"]] = session.create_card(fields, grade=grade).id
    session.undo_stack.clear()
    return made


@pytest.fixture
def window(qtbot: Any, session: Session, cards: dict[str, str]) -> Iterator[Any]:
    from salesdesk.ui.mainwindow import MainWindow

    main = MainWindow(session)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    from tests.gui.helpers import wait_today

    wait_today(qtbot, main)  # Today's first read (on the runner) is in before a test starts
    yield main
    main.close()

"""Every menu's underlined letters are its own: two entries of one menu with the same
letter make Alt+letter only move between them (Qt does not trigger either), so the user
typing File > Sync > M for "Merge from file…" lands on another entry. In both languages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QMenu

from salesdesk.ui import app as ui_app

_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found[1].casefold() if found else None


def clashes(menu: QMenu, path: str) -> Iterator[str]:
    seen: dict[str, str] = {}
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        letter = mnemonic(action.text())
        if letter is not None:
            if letter in seen:
                yield f"{path}: {seen[letter]!r} and {action.text()!r} share &{letter}"
            seen[letter] = action.text()
        if action.menu() is not None:
            yield from clashes(action.menu(), f"{path} > {action.text()}")


def menu_clashes(window: Any) -> list[str]:
    return list(clashes(window.menuBar(), "menu bar"))


def test_no_menu_shares_a_mnemonic_in_english(window: Any) -> None:
    assert menu_clashes(window) == []


@pytest.fixture
def chinese_window(qapp: QApplication, qtbot: Any, session: Any) -> Iterator[Any]:
    default_locale = QLocale()
    loaded = ui_app.install_translations(qapp, "zh_CN")
    from salesdesk.ui.mainwindow import MainWindow

    main = MainWindow(session)
    qtbot.addWidget(main)
    yield main
    main.close()
    for translator in loaded:
        qapp.removeTranslator(translator)
    QLocale.setDefault(default_locale)


def test_no_menu_shares_a_mnemonic_in_chinese(chinese_window: Any) -> None:
    assert menu_clashes(chinese_window) == []

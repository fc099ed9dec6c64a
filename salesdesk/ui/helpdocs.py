"""Help > Getting started and Help > Keyboard shortcuts: short pages in the window's language."""

from __future__ import annotations

import re
from html import escape
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("Help", text)


def guide_html() -> str:
    """The getting-started page: the daily loop in a few steps."""
    steps = [
        (
            _tr(QT_TRANSLATE_NOOP("Help", "Your cards")),
            _tr(
                QT_TRANSLATE_NOOP(
                    "Help",
                    "Every customer is one card (Card > New card…, Ctrl+N), or import the list you"
                    " already keep from Excel, CSV or vCard (File > Import…). Search as you type by"
                    " name, company, phone, WeChat, area or pinyin: zw finds 张伟.",
                )
            ),
        ),
        (
            _tr(QT_TRANSLATE_NOOP("Help", "Grades A to F")),
            _tr(
                QT_TRANSLATE_NOOP(
                    "Help",
                    "A card's grade says how close the customer is to buying: A is about to buy,"
                    " F is far from it. Change it with a reason (Ctrl+G); C and D wait for a"
                    " re-check date.",
                )
            ),
        ),
        (
            _tr(QT_TRANSLATE_NOOP("Help", "Every contact on the card")),
            _tr(
                QT_TRANSLATE_NOOP(
                    "Help",
                    "After a visit or a call, log it at once (Ctrl+L): what was said, what comes"
                    " next, and the new grade in the same step. The next visit is planned from"
                    " the grade.",
                )
            ),
        ),
        (
            _tr(QT_TRANSLATE_NOOP("Help", "Today")),
            _tr(
                QT_TRANSLATE_NOOP(
                    "Help",
                    "The Today view lists whom to visit: overdue first, then today and the next"
                    " days, district by district. Print the day sheet or save it as PDF before"
                    " you leave.",
                )
            ),
        ),
        (
            _tr(QT_TRANSLATE_NOOP("Help", "Your manager and your other computer")),
            _tr(
                QT_TRANSLATE_NOOP(
                    "Help",
                    "File > Export workbook… writes the manager's Excel workbook with your name"
                    " (Edit > Preferences > You). File > Sync merges the cards of another"
                    " computer by copying one file.",
                )
            ),
        ),
    ]
    title = _tr(QT_TRANSLATE_NOOP("Help", "Getting started with SalesDesk"))
    parts = [f"<h2>{escape(title)}</h2>"]
    for title, text in steps:
        parts.append(f"<h3>{escape(title)}</h3><p>{escape(text)}</p>")
    return "\n".join(parts)


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """(what, keys) for every action of the window that has a shortcut, as the menus show it."""
    rows: set[tuple[str, str]] = set()
    actions: list[Any] = list(window.findChildren(QAction))
    for action in actions:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        # "保存卡片(&S)" and "&Save card" both read without their mnemonic.
        text = re.sub(r"\(&\w\)", "", action.text())
        text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
        text = text.rstrip("…").strip()
        if keys and text:
            rows.add((text, keys))
    rows.add(
        (
            _tr(QT_TRANSLATE_NOOP("Help", "From the search box into the list")),
            _tr(QT_TRANSLATE_NOOP("Help", "Enter or Down")),
        )
    )
    return sorted(rows)


def shortcuts_html(window: QWidget) -> str:
    cells = "".join(
        f"<tr><td>{escape(what)}</td><td><b>{escape(keys)}</b></td></tr>"
        for what, keys in shortcut_rows(window)
    )
    title = _tr(QT_TRANSLATE_NOOP("Help", "Keyboard shortcuts"))
    return f'<h2>{escape(title)}</h2><table cellpadding="4">{cells}</table>'


class HelpDialog(QDialog):
    """A page of help beside the window (not modal). Signals: the standard QDialog signals."""

    def __init__(self, parent: QWidget | None, title: str, html: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        self.browser.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(560, 520)


def _show(window: QWidget, name: str, title: str, html: str) -> HelpDialog:
    dialog = HelpDialog(window, title, html)
    dialog.setObjectName(name)
    dialog.show()
    return dialog


def show_guide(window: QWidget) -> HelpDialog:
    return _show(window, "guide", _tr(QT_TRANSLATE_NOOP("Help", "Getting started")), guide_html())


def show_shortcuts(window: QWidget) -> HelpDialog:
    return _show(
        window,
        "shortcuts",
        _tr(QT_TRANSLATE_NOOP("Help", "Keyboard shortcuts")),
        shortcuts_html(window),
    )

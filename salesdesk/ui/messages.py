"""Message boxes and confirmations as plain functions, so tests replace them and never block."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

T = TypeVar("T")


def answer(dialog: QDialog, read: Callable[[], T]) -> T | None:
    """Show a dialog modally: what `read` returns when accepted, else None; then free it.

    Every dialog's `ask` classmethod ends here, and tests replace the `ask`.
    """
    try:
        return read() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def show_error(parent: QWidget | None, text: str, details: str | None = None) -> None:
    """Tell the user something could not be done (a UserError's message, say)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("Messages", "SalesDesk"),
        text,
        parent=parent,
    )
    if details:
        box.setDetailedText(details)
    box.exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def confirm(parent: QWidget | None, text: str, action: str | None = None) -> bool:
    """Ask before doing something; the default button is the safe one."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("Messages", "SalesDesk"),
        text,
        parent=parent,
    )
    yes = box.addButton(
        action or QCoreApplication.translate("Messages", "OK"), QMessageBox.ButtonRole.AcceptRole
    )
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is yes


def ask_save(parent: QWidget | None, text: str) -> str:
    """Unsaved edits: 'save', 'discard' or 'cancel'."""
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("Messages", "SalesDesk"),
        text,
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    if answer == QMessageBox.StandardButton.Save:
        return "save"
    if answer == QMessageBox.StandardButton.Discard:
        return "discard"
    return "cancel"

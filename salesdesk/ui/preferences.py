"""Edit > Preferences: return-visit intervals (in the database) and the language (QSettings).

The pages sit in a QTabWidget; other parts of the window add theirs with add_page().
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salesdesk.services import settings as business_settings
from salesdesk.ui import labels, messages
from salesdesk.ui.settings import window_settings
from salesdesk.ui.wheel import guard_wheel

LANGUAGE_KEY = "ui/language"  # "" follows the system; applied at the next start
LANGUAGES = (("", None), ("en", "English"), ("zh_CN", "简体中文"))
CADENCE_KEYS = ("A", "B", "C", "D", "E", "F1")


def saved_language() -> str | None:
    """The language chosen in Preferences, None to follow the system."""
    value = window_settings().value(LANGUAGE_KEY, "")
    return str(value) if value else None


def save_language(code: str | None) -> None:
    settings = window_settings()
    settings.setValue(LANGUAGE_KEY, code or "")
    settings.sync()


def _days_box(parent: QWidget, value: int | None) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(1, 3650)
    box.setSuffix(QCoreApplication.translate("VisitsPage", " days"))
    box.setValue(value or 1)
    return box


class VisitsPage(QWidget):
    """The return-visit cadence per grade and the after-sales intervals. Signals: none."""

    def __init__(self, values: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        cadence = values["cadence"]
        self.days: dict[str, QSpinBox] = {}
        grades = QGroupBox(self.tr("Return visit after a contact, by grade"), self)
        form = QFormLayout(grades)
        for key in CADENCE_KEYS:
            self.days[key] = _days_box(self, cadence.get(key))
            text = f"{key}  —  {labels.grade_name(key)}"
            if key == "C":
                text = self.tr("{0} (default re-check date)").format(text)
            form.addRow(text, self.days[key])
        form.addRow(
            f"F2  —  {labels.grade_name('F2')}",
            QLabel(self.tr("First visit planned by hand"), self),
        )
        hint = QLabel(
            self.tr(
                "A card is due after its interval and overdue after twice it. C and D cards"
                " come back on their own re-check date when one is set. Visits already"
                " planned keep their dates."
            ),
            self,
        )
        hint.setWordWrap(True)
        after = QGroupBox(self.tr("After a sale"), self)
        after_form = QFormLayout(after)
        self.first_days = _days_box(self, values["after_sales_first_days"])
        self.every_days = _days_box(self, values["after_sales_days"])
        after_form.addRow(self.tr("First after-sales visit after the deal:"), self.first_days)
        after_form.addRow(self.tr("Then every:"), self.every_days)
        layout = QVBoxLayout(self)
        layout.addWidget(grades)
        layout.addWidget(hint)
        layout.addWidget(after)
        layout.addStretch(1)

    def values(self) -> dict[str, Any]:
        return {
            "cadence": {key: box.value() for key, box in self.days.items()},
            "after_sales_first_days": self.first_days.value(),
            "after_sales_days": self.every_days.value(),
        }


class WarningsPage(QWidget):
    """Early warnings and complaint targets (issue 18). Signals: none."""

    def __init__(self, values: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setRange(0, 1e9)
        self.threshold.setDecimals(0)
        self.threshold.setGroupSeparatorShown(True)
        self.threshold.setValue(float(values.get("spend_drop_threshold", 10_000)))
        self.response = QDoubleSpinBox(self)
        self.conversation = QDoubleSpinBox(self)
        for box, key, default in (
            (self.response, "complaint_response_hours", 24),
            (self.conversation, "complaint_conversation_hours", 2),
        ):
            box.setRange(0.5, 720)
            box.setDecimals(1)
            box.setSuffix(self.tr(" h"))
            box.setValue(float(values.get(key, default)))
        form = QFormLayout()
        form.addRow(self.tr("Warn of a 40 % drop in spend when the month before was over:"),
                    self.threshold)  # fmt: skip
        form.addRow(self.tr("Answer a complaint within:"), self.response)
        form.addRow(self.tr("Answered like a conversation within:"), self.conversation)
        note = QLabel(
            self.tr(
                "Today also warns of a regular customer silent for twice their usual interval"
                " and of a key customer without contact for their grade's interval."
            ),
            self,
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)

    def values(self) -> dict[str, Any]:
        return {
            "spend_drop_threshold": max(self.threshold.value(), 1.0),
            "complaint_response_hours": self.response.value(),
            "complaint_conversation_hours": self.conversation.value(),
        }


class CreditPage(QWidget):
    """Issue 20: the open balance each credit standing allows. Signals: none."""

    def __init__(self, parent: QWidget | None = None, store: Any = None) -> None:
        super().__init__(parent)
        from salesdesk.services import payments

        limits = payments.credit_limits(store=store)  # the limits of the file Preferences edits
        self.limits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        titles = {
            "good": self.tr("&Good credit:"),
            "normal": self.tr("&Normal credit:"),
            "poor": self.tr("&Poor credit:"),
        }
        for standing, title in titles.items():
            edit = QLineEdit(self)
            value = limits.get(standing)
            edit.setText("" if value is None else f"{value:,.0f}")
            edit.setPlaceholderText(self.tr("No limit"))
            self.limits[standing] = edit
            form.addRow(title, edit)
        note = QLabel(
            self.tr(
                "The open balance (payments not yet received) a customer may have. A deal or"
                " a payment plan that would go over it asks before saving, and the warning is"
                " noted on the deal. A card's own limit (Details) overrides its standing's;"
                " 0 allows no open balance, empty means no limit."
            ),
            self,
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)

    def value(self) -> dict[str, str]:
        return {standing: edit.text().strip() for standing, edit in self.limits.items()}


class LanguagePage(QWidget):
    """The window's language, from the next start. Signals: none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = QComboBox(self)
        for code, name in LANGUAGES:
            self.language.addItem(name or self.tr("Follow the system"), code)
        self.language.setCurrentIndex(max(0, self.language.findData(saved_language() or "")))
        form = QFormLayout()
        form.addRow(self.tr("&Language:"), self.language)
        note = QLabel(self.tr("The new language shows the next time SalesDesk starts."), self)
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)

    def value(self) -> str | None:
        return self.language.currentData() or None


class SalespersonPage(QWidget):
    """Who the salesperson is: the name the workbook, the day sheet and sync show.

    Kept in the database (the command line sees it too). Signals: none.
    """

    def __init__(self, parent: QWidget | None = None, store: Any = None) -> None:
        super().__init__(parent)
        me = business_settings.salesperson(store=store)
        self.name = QLineEdit(me["name"], self)
        self.team = QLineEdit(me["team"], self)
        self.team.setPlaceholderText(self.tr("Optional"))
        form = QFormLayout()
        form.addRow(self.tr("Your &name:"), self.name)
        form.addRow(self.tr("&Team:"), self.team)
        note = QLabel(
            self.tr(
                "Your name heads the manager's workbook and the day sheet, and names this"
                " computer's file when you sync."
            ),
            self,
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)

    def value(self) -> dict[str, str]:
        return {"name": self.name.text().strip(), "team": self.team.text().strip()}


class PreferencesDialog(QDialog):
    """Preferences in pages: Visits, Language (and any page added with add_page).

    Signals: the standard QDialog signals only.
    """

    def __init__(self, parent: QWidget | None, values: dict[str, Any], store: Any = None) -> None:
        """values: the visit settings (Session.visit_settings); store: the file whose
        salesperson and credit limits are shown (default: the parent window's)."""
        super().__init__(parent)
        if store is None and parent is not None and hasattr(parent, "ops"):
            store = parent.ops.store
        self.setWindowTitle(self.tr("Preferences"))
        self.pages = QTabWidget(self)
        self.visits_page = VisitsPage(values, self.pages)
        self.language_page = LanguagePage(self.pages)
        self.salesperson_page = SalespersonPage(self.pages, store)
        self.pages.addTab(self.salesperson_page, self.tr("You"))
        self.warnings_page = WarningsPage(values, self.pages)
        self.pages.addTab(self.visits_page, self.tr("Visits"))
        self.pages.addTab(self.warnings_page, self.tr("Warnings"))
        self.credit_page = CreditPage(self.pages, store)
        self.pages.addTab(self.credit_page, self.tr("Credit"))
        self.pages.addTab(self.language_page, self.tr("Language"))
        sync_ui = getattr(parent, "sync_ui", None)
        if sync_ui is not None:  # the sync folder page, where the window has sync
            from salesdesk.ui.syncprefs import SyncPrefsPage

            self.sync_page = SyncPrefsPage(sync_ui, self.pages)
            self.pages.addTab(self.sync_page, self.tr("Sync"))
        privacy_ui = getattr(parent, "privacy_ui", None)
        if privacy_ui is not None:  # issue 22: encrypt, change the passphrase, decrypt
            from salesdesk.ui.privacy import PrivacyPage

            self.privacy_page = PrivacyPage(privacy_ui, self.pages)
            self.pages.addTab(self.privacy_page, self.tr("Privacy"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        guard_wheel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def add_page(self, page: QWidget, title: str) -> int:
        return self.pages.addTab(page, title)

    def values(self) -> dict[str, Any]:
        """Keyword arguments for Session.set_visit_settings, 'language' and 'salesperson'."""
        return {
            **self.visits_page.values(),
            **self.warnings_page.values(),
            "language": self.language_page.value(),
            "salesperson": self.salesperson_page.value(),
            "credit_limits": self.credit_page.value(),
        }

    @classmethod
    def ask(cls, parent: QWidget | None, values: dict[str, Any]) -> dict[str, Any] | None:
        """The new values, or None when cancelled."""
        dialog = cls(parent, values)
        return messages.answer(dialog, dialog.values)

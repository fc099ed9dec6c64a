"""Dialogs: change grade, log contact, new card, pick a card. Each has ask() returning the answer.

No test ever runs a modal exec(): tests replace ask() or drive a dialog's
widgets and read values().
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.grades import DEFAULT_CADENCE_DAYS, F_KINDS, GRADES, RECHECK_GRADES
from salesdesk.domain.messages import plural
from salesdesk.domain.phones import suggested_label
from salesdesk.domain.values import CHANNELS, MAX_TEXT
from salesdesk.services.cardlist import CardFilter, CardList, Column
from salesdesk.services.contacts import ContactEntry
from salesdesk.ui import labels, messages
from salesdesk.ui.chips import GradeChipDelegate
from salesdesk.ui.datefields import DateField, DateTimeField, guarded_accept
from salesdesk.ui.models import CardTableModel, IdRole
from salesdesk.ui.wheel import guard_wheel

Cadence = dict[str, int | None]


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


class GradeFields(QWidget):
    """Grade, F kind (for F), reason, and blocker with re-check date (for C and D).

    The re-check date starts at the grade's cadence and follows the grade until
    the user changes it. Signals: none.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        grade: str = "F",
        f_kind: str | None = None,
        cadence: Cadence | None = None,
        today: date | None = None,
        reason_label: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.cadence = dict(cadence or DEFAULT_CADENCE_DAYS)
        self.today = today or date.today()
        self._recheck_touched = False

        self.grade = QComboBox(self)
        for code in GRADES:
            self.grade.addItem(f"{code}  —  {labels.grade_name(code)}", code)
        self.f_kind = QComboBox(self)
        for kind in F_KINDS:
            self.f_kind.addItem(f"{kind}  —  {labels.grade_name(kind)}", kind)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("Why the grade changes"))
        self.blocker = QLineEdit(self)
        self.blocker.setPlaceholderText(self.tr("What stands in the way"))
        self.recheck = DateField(self)

        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow(self.tr("&Grade:"), self.grade)
        self.form.addRow(self.tr("F &kind:"), self.f_kind)
        self.form.addRow(reason_label or self.tr("&Reason:"), self.reason)
        self.form.addRow(self.tr("&Blocker:"), self.blocker)
        self.form.addRow(self.tr("Re-&check on:"), self.recheck)
        self.recheck_hint = QLabel(self)
        self.recheck_hint.setWordWrap(True)
        self.form.addRow("", self.recheck_hint)

        self.grade.setCurrentIndex(max(0, self.grade.findData(grade)))
        self.f_kind.setCurrentIndex(max(0, self.f_kind.findData(f_kind or "F2")))
        self.grade.currentIndexChanged.connect(self._grade_changed)
        self.recheck.userDateChanged.connect(self._recheck_edited)
        self._grade_changed()

    def _default_recheck(self, grade: str) -> date:
        days = self.cadence.get(grade) or DEFAULT_CADENCE_DAYS.get(grade) or 90
        return self.today + timedelta(days=days)

    def _grade_changed(self) -> None:
        grade = self.grade.currentData()
        self.form.setRowVisible(self.f_kind, grade == "F")
        needs_recheck = grade in RECHECK_GRADES
        self.form.setRowVisible(self.blocker, needs_recheck)
        self.form.setRowVisible(self.recheck, needs_recheck)
        self.form.setRowVisible(self.recheck_hint, needs_recheck)
        if needs_recheck and not self._recheck_touched:
            default = self._default_recheck(grade)
            self.recheck.blockSignals(True)
            self.recheck.setDate(_qdate(default))
            self.recheck.blockSignals(False)
            days = (default - self.today).days
            self.recheck_hint.setText(
                plural(
                    days,
                    self.tr("Default: in {0} day, from the grade's return-visit cadence."),
                    self.tr("Default: in {0} days, from the grade's return-visit cadence."),
                ).format(days)
            )

    def _recheck_edited(self) -> None:
        self._recheck_touched = True

    def values(self) -> dict[str, Any]:
        grade = self.grade.currentData()
        return {
            "grade": grade,
            "f_kind": self.f_kind.currentData() if grade == "F" else None,
            "reason": self.reason.text().strip(),
            "blocker": self.blocker.text().strip() if grade in RECHECK_GRADES else None,
            "recheck_on": self.recheck.date().toPython() if grade in RECHECK_GRADES else None,
        }


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.accepted.connect(lambda: guarded_accept(dialog))
    box.rejected.connect(dialog.reject)
    guard_wheel(dialog)  # the buttons come last: every box of the dialog exists by now
    return box


class ChangeGradeDialog(QDialog):
    """Regrade a card with a reason; C and D ask for a blocker and a re-check date.

    Signals: the standard QDialog signals only.
    """

    def __init__(
        self,
        parent: QWidget | None,
        *,
        name: str,
        grade: str,
        f_kind: str | None,
        cadence: Cadence | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change grade — {0}").format(name))
        layout = QVBoxLayout(self)
        current = labels.grade_label(grade, f_kind)
        intro = QLabel(
            self.tr("Now {0} ({1}). Choose the new grade and say why.").format(
                current, labels.grade_name(current)
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.fields = GradeFields(self, grade=grade, f_kind=f_kind, cadence=cadence, today=today)
        layout.addWidget(self.fields)
        layout.addStretch(1)
        layout.addWidget(_buttons(self, self.tr("Change grade")))
        self.setMinimumWidth(460)

    def values(self) -> dict[str, Any]:
        return self.fields.values()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        name: str,
        grade: str,
        f_kind: str | None,
        cadence: Cadence | None = None,
        today: date | None = None,
    ) -> dict[str, Any] | None:
        """The new grade's values, or None when the user cancels."""
        dialog = cls(parent, name=name, grade=grade, f_kind=f_kind, cadence=cadence, today=today)
        return messages.answer(dialog, dialog.values)


class LogContactDialog(QDialog):
    """Log a visit, call or message; optionally regrade the card in the same step.

    Signals: the standard QDialog signals only.
    """

    def __init__(
        self,
        parent: QWidget | None,
        *,
        name: str,
        grade: str,
        f_kind: str | None,
        cadence: Cadence | None = None,
        now: datetime | None = None,
        owed: float = 0.0,
    ) -> None:
        super().__init__(parent)
        now = now or datetime.now()
        self.owed = owed
        self.setWindowTitle(self.tr("Log contact — {0}").format(name))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.at = DateTimeField(self, now)
        self.channel = QComboBox(self)
        for code in CHANNELS:
            self.channel.addItem(labels.word(labels.CHANNELS, code), code)
        self.summary = QPlainTextEdit(self)
        self.summary.setPlaceholderText(self.tr("What was said, what you learned"))
        self.summary.setTabChangesFocus(True)
        self.summary.setMinimumHeight(90)
        self.summary_count = QLabel(self)
        self.outcome = QLineEdit(self)
        self.outcome.setPlaceholderText(self.tr("What was agreed, what comes next"))
        form.addRow(self.tr("&When:"), self.at)
        form.addRow(self.tr("C&hannel:"), self.channel)
        form.addRow(self.tr("&Summary:"), self.summary)
        form.addRow("", self.summary_count)
        form.addRow(self.tr("&Outcome:"), self.outcome)
        # Issue 20: a payment taken in person is recorded with the visit, in one step.
        self.collected: QDoubleSpinBox | None = None
        self.collected_method: QComboBox | None = None
        if owed > 0:
            from salesdesk.services.payments import money
            from salesdesk.ui.payments import METHODS

            self.collected = QDoubleSpinBox(self)
            self.collected.setRange(0, owed)
            self.collected.setDecimals(2)
            self.collected.setGroupSeparatorShown(True)
            self.collected_method = QComboBox(self)
            for code, text in METHODS.items():
                self.collected_method.addItem(QCoreApplication.translate("Labels", text), code)
            row = QHBoxLayout()
            row.addWidget(self.collected, 1)
            row.addWidget(self.collected_method)
            form.addRow(self.tr("Payment &collected:"), row)
            form.addRow("", QLabel(self.tr("Owed now: {0}").format(money(owed)), self))
        layout.addLayout(form)

        self.regrade = QGroupBox(self.tr("Change the grade in the same step"), self)
        self.regrade.setCheckable(True)
        self.regrade.setChecked(False)
        inner = QVBoxLayout(self.regrade)
        self.grade_fields = GradeFields(
            self.regrade,
            grade=grade,
            f_kind=f_kind,
            cadence=cadence,
            today=now.date(),
            reason_label=self.tr("Reason (default: the summary):"),
        )
        inner.addWidget(self.grade_fields)
        layout.addWidget(self.regrade)
        layout.addStretch(1)
        self.buttons = _buttons(self, self.tr("Log contact"))
        layout.addWidget(self.buttons)
        self.summary.textChanged.connect(self._check)
        self._check()
        self.setMinimumWidth(520)

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        text = self.summary.toPlainText()
        length, limit = len(text.strip()), MAX_TEXT["summary"]
        # The whole summary is kept or the dialog says why not: nothing is cut silently.
        self.summary_count.setText(
            self.tr("{0} of {1} characters").format(f"{length:,}", f"{limit:,}")
            if length <= limit
            else self.tr("{0} characters: at most {1} are kept; shorten the summary.").format(
                f"{length:,}", f"{limit:,}"
            )
        )
        self.summary_count.setStyleSheet("" if length <= limit else "color: #b3261e;")
        ok.setEnabled(0 < length <= limit)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "at": self.at.dateTime().toPython().replace(microsecond=0),
            "channel": self.channel.currentData(),
            "summary": self.summary.toPlainText().strip(),
            "outcome": self.outcome.text().strip(),
        }
        if self.regrade.isChecked():
            out.update(self.grade_fields.values())
        if self.collected is not None and self.collected.value() > 0:
            out["collected"] = self.collected.value()
            out["collected_method"] = (
                self.collected_method.currentData() if self.collected_method else None
            )
        return out

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        name: str,
        grade: str,
        f_kind: str | None,
        cadence: Cadence | None = None,
        now: datetime | None = None,
        owed: float = 0.0,
    ) -> dict[str, Any] | None:
        """Keyword arguments for Session.log_contact, or None when the user cancels.
        owed > 0: the customer owes that much; a payment collected may be entered."""
        dialog = cls(
            parent, name=name, grade=grade, f_kind=f_kind, cadence=cadence, now=now, owed=owed
        )
        return messages.answer(dialog, dialog.values)


class EditContactDialog(LogContactDialog):
    """Correct a logged contact: when, channel, summary, outcome (the grade step stays).

    Signals: the standard QDialog signals only.
    """

    def __init__(self, parent: QWidget | None, *, name: str, entry: ContactEntry) -> None:
        super().__init__(parent, name=name, grade="F", f_kind=None, now=entry.at)
        self.setWindowTitle(self.tr("Edit contact — {0}").format(name))
        self.entry = entry
        self.regrade.hide()
        self.channel.setCurrentIndex(max(0, self.channel.findData(entry.channel)))
        self.summary.setPlainText(entry.summary)
        self.outcome.setText(entry.outcome)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))

    def changed_fields(self) -> dict[str, Any]:
        values = self.values()
        before = {
            "at": self.entry.at.replace(microsecond=0),
            "channel": self.entry.channel,
            "summary": self.entry.summary.strip(),
            "outcome": self.entry.outcome.strip(),
        }
        return {k: v for k, v in values.items() if k in before and v != before[k]}

    @classmethod
    def ask_changes(
        cls, parent: QWidget | None, *, name: str, entry: ContactEntry
    ) -> dict[str, Any] | None:
        """The fields the user changed (for Session.edit_contact), or None when cancelled."""
        dialog = cls(parent, name=name, entry=entry)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.changed_fields()
        finally:
            dialog.deleteLater()


class NewCardDialog(QDialog):
    """A new card: the few fields needed to start, and its first grade.

    Signals: the standard QDialog signals only.
    """

    def __init__(
        self, parent: QWidget | None, *, cadence: Cadence | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New card"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.company = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.area = QLineEdit(self)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Company:"), self.company)
        form.addRow(self.tr("&Phone:"), self.phone)
        form.addRow(self.tr("&Area:"), self.area)
        layout.addLayout(form)
        self.grade_fields = GradeFields(self, grade="F", f_kind="F2", cadence=cadence, today=today)
        layout.addWidget(self.grade_fields)
        self.buttons = _buttons(self, self.tr("Create card"))
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._check)
        self._check()
        self.setMinimumWidth(460)

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.name.text().strip()))

    def values(self) -> dict[str, Any]:
        fields: dict[str, Any] = {"name": self.name.text().strip()}
        for key, edit in (("company", self.company), ("area", self.area)):
            if edit.text().strip():
                fields[key] = edit.text().strip()
        number = self.phone.text().strip()
        if number:
            # Labelled from the number itself: a landline is not a 手机.
            fields["phones"] = [{"label": suggested_label(number) or "mobile", "number": number}]
        return {"fields": fields, "grade": self.grade_fields.values()}

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, cadence: Cadence | None = None, today: date | None = None
    ) -> dict[str, Any] | None:
        """{'fields': card fields, 'grade': grade keywords}, or None when the user cancels."""
        dialog = cls(parent, cadence=cadence, today=today)
        return messages.answer(dialog, dialog.values)


class CardPickerDialog(QDialog):
    """Pick one card by searching (for 'referred by'). Signals: the standard QDialog signals."""

    def __init__(self, parent: QWidget | None, card_list: CardList, exclude: str | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose a card"))
        self.exclude = exclude
        layout = QVBoxLayout(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search name, company, phone, pinyin"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.model = CardTableModel(card_list, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(int(Column.GRADE), GradeChipDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in (Column.STATUS, Column.LAST_CONTACT, Column.NEXT_VISIT):
            self.table.hideColumn(int(column))
        layout.addWidget(self.table)
        self.buttons = _buttons(self, self.tr("Choose"))
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self._apply)
        self.search.textChanged.connect(self._timer.start)
        self.table.doubleClicked.connect(self.accept)
        self.model.set_filter(CardFilter())
        self.resize(560, 420)

    def _apply(self) -> None:
        self.model.set_filter(CardFilter(text=self.search.text()))
        if self.model.rowCount():
            self.table.selectRow(0)

    def chosen(self) -> str | None:
        index = self.table.currentIndex()
        card_id = index.data(IdRole) if index.isValid() else None
        return None if card_id == self.exclude else card_id

    @classmethod
    def ask(cls, parent: QWidget | None, card_list: CardList, exclude: str | None = None) -> Any:
        """The chosen card's id, or None."""
        dialog = cls(parent, card_list, exclude)
        return messages.answer(dialog, dialog.chosen)

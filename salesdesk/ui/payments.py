"""A deal's payment plan on the Deals tab (issue 20): installments, plan and payment dialogs."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.errors import UserError
from salesdesk.services.payments import DealPayments, Installment, money, split_plan
from salesdesk.ui import labels, messages
from salesdesk.ui.datefields import DateField, guarded_accept
from salesdesk.ui.models import EntryTableModel
from salesdesk.ui.wheel import guard_wheel

STATUS_WORDS: dict[str, str] = {
    "paid": QT_TRANSLATE_NOOP("Labels", "Paid"),
    "due": QT_TRANSLATE_NOOP("Labels", "To collect"),
    "overdue": QT_TRANSLATE_NOOP("Labels", "Overdue"),
}
METHODS: dict[str, str] = {
    "transfer": QT_TRANSLATE_NOOP("Labels", "Bank transfer"),
    "cash": QT_TRANSLATE_NOOP("Labels", "Cash"),
    "wechat": QT_TRANSLATE_NOOP("Labels", "WeChat Pay"),
    "alipay": QT_TRANSLATE_NOOP("Labels", "Alipay"),
    "card": QT_TRANSLATE_NOOP("Labels", "Bank card"),
    "cheque": QT_TRANSLATE_NOOP("Labels", "Cheque"),
    "other": QT_TRANSLATE_NOOP("Labels", "Other"),
}
_OVERDUE = QBrush(QColor("#c62828"))


def plan_summary(plan: DealPayments | None) -> str:
    """One deal's payments in a few words: "1 paid · 1 overdue · 1 due", or "No plan"."""
    if plan is None or not plan.has_plan:
        return QCoreApplication.translate("Labels", "No payment plan")
    counts = {s: sum(1 for i in plan.installments if i.status == s) for s in STATUS_WORDS}
    parts = [
        QCoreApplication.translate("Labels", "{0} paid").format(counts["paid"]),
        QCoreApplication.translate("Labels", "{0} overdue").format(counts["overdue"]),
        QCoreApplication.translate("Labels", "{0} due").format(counts["due"]),
    ]
    return " · ".join(parts)


class InstallmentsModel(EntryTableModel):
    """The selected deal's installments. Signals: the standard model signals only."""

    HEADERS = (
        QT_TRANSLATE_NOOP("Labels", "No."),
        QT_TRANSLATE_NOOP("Labels", "Due date"),
        QT_TRANSLATE_NOOP("Labels", "Amount"),
        QT_TRANSLATE_NOOP("Labels", "Paid"),
        QT_TRANSLATE_NOOP("Labels", "Paid on"),
        QT_TRANSLATE_NOOP("Labels", "Status"),
    )

    def cells(self, entry: Installment) -> tuple[str, ...]:
        return (
            str(entry.number),
            labels.day(entry.due_on),
            money(entry.amount),
            money(entry.paid),
            labels.day(entry.paid_on) if entry.paid_on else "",
            QCoreApplication.translate("Labels", STATUS_WORDS[entry.status]),
        )

    def data(self, index: Any, role: int = int(Qt.ItemDataRole.DisplayRole)) -> Any:
        if index.isValid():
            entry = self.entry(index.row())
            if role == int(Qt.ItemDataRole.ForegroundRole) and entry.status == "overdue":
                return _OVERDUE
            if role == int(Qt.ItemDataRole.TextAlignmentRole) and index.column() in (2, 3):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.accepted.connect(lambda: guarded_accept(dialog))
    box.rejected.connect(dialog.reject)
    guard_wheel(dialog)
    return box


class PlanDialog(QDialog):
    """Paid at once, or N installments every M days or months; the rows can be edited.

    Signals: the standard QDialog signals only.
    """

    def __init__(
        self, parent: QWidget | None, *, name: str, amount: float, first_due: date
    ) -> None:
        super().__init__(parent)
        self.amount = amount
        self.setWindowTitle(self.tr("Payment plan — {0}").format(name))
        self.at_once = QRadioButton(self.tr("Paid &at once"), self)
        self.in_parts = QRadioButton(self.tr("In &installments"), self)
        self.at_once.setChecked(True)
        self.count = QSpinBox(self)
        self.count.setRange(2, 120)
        self.count.setValue(3)
        self.every = QSpinBox(self)
        self.every.setRange(1, 365)
        self.unit = QComboBox(self)
        self.unit.addItem(self.tr("months"), "months")
        self.unit.addItem(self.tr("days"), "days")
        self.first = DateField(self, first_due)
        parts = QHBoxLayout()
        parts.addWidget(self.in_parts)
        parts.addWidget(self.count)
        parts.addWidget(QLabel(self.tr("every"), self))
        parts.addWidget(self.every)
        parts.addWidget(self.unit)
        parts.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Deal amount:"), QLabel(money(amount), self))
        form.addRow(self.tr("&First due:"), self.first)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Due date"), self.tr("Amount")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.total = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.at_once)
        layout.addLayout(parts)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        self.buttons = _buttons(self, self.tr("Save plan"))
        layout.addWidget(self.buttons)
        for signal in (
            self.at_once.toggled,
            self.count.valueChanged,
            self.every.valueChanged,
            self.unit.currentIndexChanged,
            self.first.dateChanged,
        ):
            signal.connect(self.make_rows)
        self.table.itemChanged.connect(self._check)
        self.make_rows()
        self.setMinimumWidth(460)

    def make_rows(self) -> None:
        """The rows from the choices above (the user's edits of the rows start over)."""
        count = 1 if self.at_once.isChecked() else self.count.value()
        for widget in (self.count, self.every, self.unit):
            widget.setEnabled(not self.at_once.isChecked())
        first = self.first.date().toPython()
        try:
            rows = split_plan(
                self.amount, first, count, self.every.value(), self.unit.currentData()
            )
        except UserError:
            rows = []
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for row, (due, amount) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(due.isoformat()))
            item = QTableWidgetItem(money(amount))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 1, item)
        self.table.blockSignals(False)
        self._check()

    def rows(self) -> list[tuple[str, str]]:
        out = []
        for row in range(self.table.rowCount()):
            due, amount = self.table.item(row, 0), self.table.item(row, 1)
            out.append((due.text().strip() if due else "", amount.text().strip() if amount else ""))
        return out

    def _check(self) -> None:
        total = 0.0
        readable = True
        for _, amount in self.rows():
            try:
                total += float(amount.replace(",", ""))
            except ValueError:
                readable = False
        adds_up = readable and round(total * 100) == round(self.amount * 100)
        if adds_up:
            self.total.setText(self.tr("Adds up to the deal: {0}").format(money(total)))
            self.total.setStyleSheet("")
        else:
            shown = money(total) if readable else "?"
            self.total.setText(
                self.tr("The installments add up to {0}, not {1}.").format(
                    shown, money(self.amount)
                )
            )
            self.total.setStyleSheet("color: #c62828;")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(adds_up)

    def values(self) -> list[tuple[str, str]]:
        return self.rows()

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, name: str, amount: float, first_due: date
    ) -> list[tuple[str, str]] | None:
        """The installments (due, amount) for Session.set_payment_plan, or None."""
        dialog = cls(parent, name=name, amount=amount, first_due=first_due)
        return messages.answer(dialog, dialog.values)


class PaymentDialog(QDialog):
    """A payment received: day, amount (default what is left of the next installment),
    method and note. Signals: the standard QDialog signals only."""

    def __init__(
        self, parent: QWidget | None, *, name: str, today: date, amount: float, most: float
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record payment — {0}").format(name))
        self.paid_on = DateField(self, today)
        self.amount = QDoubleSpinBox(self)
        self.amount.setRange(0, max(most, 0))
        self.amount.setDecimals(2)
        self.amount.setGroupSeparatorShown(True)
        self.amount.setValue(amount)
        self.method = QComboBox(self)
        for code, text in METHODS.items():
            self.method.addItem(QCoreApplication.translate("Labels", text), code)
        self.note = QLineEdit(self)
        form = QFormLayout()
        form.addRow(self.tr("&Paid on:"), self.paid_on)
        form.addRow(self.tr("&Amount:"), self.amount)
        form.addRow(self.tr("&Method:"), self.method)
        form.addRow(self.tr("&Note:"), self.note)
        form.addRow(QLabel(self.tr("Still due on this deal: {0}").format(money(most)), self))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.buttons = _buttons(self, self.tr("Record payment"))
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)

    def values(self) -> dict[str, Any]:
        return {
            "paid_on": self.paid_on.date().toPython(),
            "amount": self.amount.value(),
            "method": self.method.currentData(),
            "note": self.note.text().strip(),
        }

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, name: str, today: date, amount: float, most: float
    ) -> dict[str, Any] | None:
        """Keyword arguments for Session.record_payment, or None when cancelled."""
        dialog = cls(parent, name=name, today=today, amount=amount, most=most)
        return messages.answer(dialog, dialog.values)

"""After the sale on the card panel: the Deals and Cases tabs and their dialogs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.errors import UserError
from salesdesk.domain.messages import localize
from salesdesk.domain.values import CASE_KINDS
from salesdesk.services.aftersales import CaseEntry, DealEntry
from salesdesk.ui import labels, messages
from salesdesk.ui.datefields import DateField, DateTimeField, guarded_accept
from salesdesk.ui.models import EntryTableModel
from salesdesk.ui.ops import Ops
from salesdesk.ui.visits import _tool_button, entry_table, fit_columns
from salesdesk.ui.wheel import guard_wheel

KINDS: dict[str, str] = {
    "complaint": QT_TRANSLATE_NOOP("Labels", "Complaint"),
    "request": QT_TRANSLATE_NOOP("Labels", "Request"),
    "suggestion": QT_TRANSLATE_NOOP("Labels", "Suggestion"),
    "praise": QT_TRANSLATE_NOOP("Labels", "Praise"),
}
CAUSES: dict[str, str] = {
    "product": QT_TRANSLATE_NOOP("Labels", "Product"),
    "delivery": QT_TRANSLATE_NOOP("Labels", "Delivery"),
    "service": QT_TRANSLATE_NOOP("Labels", "Service"),
    "price": QT_TRANSLATE_NOOP("Labels", "Price"),
    "other": QT_TRANSLATE_NOOP("Labels", "Other"),
}


def amount_text(value: float) -> str:
    return QLocale().toString(value, "f", 2)


class DealsModel(EntryTableModel):
    """A card's deals, newest first. Signals: the standard model signals only."""

    HEADERS = (
        QT_TRANSLATE_NOOP("Labels", "Date"),
        QT_TRANSLATE_NOOP("Labels", "Product"),
        QT_TRANSLATE_NOOP("Labels", "Amount"),
        QT_TRANSLATE_NOOP("Labels", "Note"),
        QT_TRANSLATE_NOOP("Labels", "Payments"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.plans: dict[str, Any] = {}  # deal id → payments.DealPayments (issue 20)

    def data(self, index: Any, role: int = int(Qt.ItemDataRole.DisplayRole)) -> Any:
        if (
            role == int(Qt.ItemDataRole.TextAlignmentRole)
            and index.isValid()
            and index.column() == 2
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == int(Qt.ItemDataRole.ForegroundRole) and index.isValid() and index.column() == 4:
            plan = self.plans.get(self.entry(index.row()).id)
            if plan is not None and plan.overdue > 0:
                from salesdesk.ui.payments import _OVERDUE

                return _OVERDUE
        return super().data(index, role)

    def cells(self, entry: DealEntry) -> tuple[str, ...]:
        from salesdesk.ui.payments import plan_summary

        return (
            labels.day(entry.closed_on),
            entry.product,
            amount_text(entry.amount),
            " ".join(entry.note.split()),
            plan_summary(self.plans.get(entry.id)),
        )


class CasesModel(EntryTableModel):
    """A card's service cases, newest first. Signals: the standard model signals only."""

    HEADERS = (
        QT_TRANSLATE_NOOP("Labels", "Kind"),
        QT_TRANSLATE_NOOP("Labels", "Content"),
        QT_TRANSLATE_NOOP("Labels", "Opened"),
        QT_TRANSLATE_NOOP("Labels", "First response"),
        QT_TRANSLATE_NOOP("Labels", "Resolved"),
        QT_TRANSLATE_NOOP("Labels", "Satisfaction"),
    )

    def cells(self, entry: CaseEntry) -> tuple[str, ...]:
        return (
            labels.word(KINDS, entry.kind),
            " ".join(entry.content.split()),
            labels.when(entry.opened_at),
            labels.when(entry.first_response_at),
            labels.when(entry.resolved_at),
            f"{entry.satisfaction} / 5" if entry.satisfaction else "",
        )


def _box(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.accepted.connect(lambda: guarded_accept(dialog))
    box.rejected.connect(dialog.reject)
    guard_wheel(dialog)
    return box


def _moment_edit(parent: QWidget, now: datetime) -> DateTimeField:
    return DateTimeField(parent, now.replace(second=0, microsecond=0))


class DealDialog(QDialog):
    """A sale: date, product, amount, note. Signals: the standard QDialog signals only."""

    def __init__(self, parent: QWidget | None, *, name: str, today: date) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add deal — {0}").format(name))
        form = QFormLayout()
        self.closed_on = DateField(self, today)
        self.product = QLineEdit(self)
        self.product.setPlaceholderText(self.tr("What was sold"))
        self.amount = QDoubleSpinBox(self)
        self.amount.setRange(0, 1e12)
        self.amount.setDecimals(2)
        self.amount.setGroupSeparatorShown(True)
        self.note = QLineEdit(self)
        # Issue 20: how it is paid; a plan is made in the next dialog.
        self.payment = QComboBox(self)
        self.payment.addItem(self.tr("No payment plan yet"), None)
        self.payment.addItem(self.tr("Paid at once (received now)"), "paid")
        self.payment.addItem(self.tr("In installments…"), "plan")
        form.addRow(self.tr("&Date:"), self.closed_on)
        form.addRow(self.tr("&Product:"), self.product)
        form.addRow(self.tr("&Amount:"), self.amount)
        form.addRow(self.tr("&Note:"), self.note)
        form.addRow(self.tr("Pa&yment:"), self.payment)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.buttons = _box(self, self.tr("Add deal"))
        layout.addWidget(self.buttons)
        self.product.textChanged.connect(self._check)
        self._check()
        self.setMinimumWidth(400)

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.product.text().strip()))

    def values(self) -> dict[str, Any]:
        return {
            "closed_on": self.closed_on.date().toPython(),
            "product": self.product.text().strip(),
            "amount": self.amount.value(),
            "note": self.note.text().strip(),
            "payment": self.payment.currentData(),
        }

    @classmethod
    def ask(cls, parent: QWidget | None, *, name: str, today: date) -> dict[str, Any] | None:
        """Keyword arguments for Session.add_deal, or None when cancelled."""
        dialog = cls(parent, name=name, today=today)
        return messages.answer(dialog, dialog.values)


class CaseDialog(QDialog):
    """Open, respond to or resolve a service case.

    mode "open": kind and content; "respond": the response; "resolve": what was
    done and the customer's satisfaction. Signals: the standard QDialog signals only.
    """

    def __init__(self, parent: QWidget | None, *, mode: str, name: str, now: datetime) -> None:
        super().__init__(parent)
        self.mode = mode
        titles = {
            "open": self.tr("Open service case — {0}"),
            "respond": self.tr("Respond to case — {0}"),
            "resolve": self.tr("Resolve case — {0}"),
            "rate": self.tr("Satisfaction at the follow-up — {0}"),
        }
        self.setWindowTitle(titles[mode].format(name))
        form = QFormLayout()
        self.at = _moment_edit(self, now)
        form.addRow(self.tr("&When:"), self.at)
        self.kind = QComboBox(self)
        for code in CASE_KINDS:
            self.kind.addItem(labels.word(KINDS, code), code)
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(80)
        self.satisfaction = QComboBox(self)
        self.satisfaction.addItem(self.tr("Not asked"), None)
        for score in range(5, 0, -1):
            self.satisfaction.addItem(self.tr("{0} of 5").format(score), score)
        # A complaint's cause and the person who settles it.
        self.cause = QComboBox(self)
        self.cause.addItem("—", None)
        for code, text in CAUSES.items():
            self.cause.addItem(QCoreApplication.translate("Labels", text), code)
        self.responsible = QLineEdit(self)
        if mode == "rate":
            form.addRow(self.tr("&Satisfaction:"), self.satisfaction)
        elif mode == "open":
            form.addRow(self.tr("&Kind:"), self.kind)
            form.addRow(self.tr("&What the customer said:"), self.text)
            form.addRow(self.tr("&Cause (complaints):"), self.cause)
            form.addRow(self.tr("Res&ponsible:"), self.responsible)
        elif mode == "respond":
            form.addRow(self.tr("&Response:"), self.text)
        else:
            form.addRow(self.tr("&What was done:"), self.text)
            form.addRow(self.tr("&Satisfaction:"), self.satisfaction)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        oks = {
            "open": self.tr("Open case"),
            "respond": self.tr("Respond"),
            "resolve": self.tr("Resolve"),
            "rate": self.tr("Save"),
        }
        self.buttons = _box(self, oks[mode])
        layout.addWidget(self.buttons)
        if mode == "open":
            self.text.textChanged.connect(self._check)
            self._check()
        self.setMinimumWidth(440)

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.text.toPlainText().strip()))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {"at": self.at.dateTime().toPython().replace(second=0, microsecond=0)}
        text = self.text.toPlainText().strip()
        if self.mode == "rate":
            return {"satisfaction": self.satisfaction.currentData()}
        if self.mode == "open":
            out.update(kind=self.kind.currentData(), content=text)
            out.update(cause=self.cause.currentData(), responsible=self.responsible.text().strip())
        else:
            out["text"] = text
        if self.mode == "resolve":
            out["satisfaction"] = self.satisfaction.currentData()
        return out

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, mode: str, name: str, now: datetime
    ) -> dict[str, Any] | None:
        """Keyword arguments for Session.open_case/respond_case/resolve_case, or None."""
        dialog = cls(parent, mode=mode, name=name, now=now)
        return messages.answer(dialog, dialog.values)


class DealsPage(QWidget):
    """The Deals tab: what the customer bought, with the count and the total.

    Signals: none (writes go through Ops).
    """

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.card_id: str | None = None
        self.name = ""
        self.read_only = ops.read_only
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.add_button = _tool_button(self.tr("&Add deal…"), self)
        self.add_button.clicked.connect(self.add_deal)
        # Issue 20: the selected deal's payment plan and the payments received.
        self.plan_button = _tool_button(self.tr("Pla&n…"), self)
        self.plan_button.setToolTip(self.tr("The selected deal's payment plan"))
        self.plan_button.clicked.connect(self.set_plan)
        self.pay_button = _tool_button(self.tr("Pa&yment…"), self)
        self.pay_button.setToolTip(self.tr("Record a payment received on the selected deal"))
        self.pay_button.clicked.connect(self.record_payment)
        top.addWidget(self.summary, 1)
        top.addWidget(self.add_button)
        layout.addLayout(top)
        self.model = DealsModel(self)
        self.table = entry_table(self, self.model, stretch=1)
        layout.addWidget(self.table, 2)
        from salesdesk.ui.payments import InstallmentsModel

        self.plan_label = QLabel(self)
        self.plan_label.setWordWrap(True)
        layout.addWidget(self.plan_label)
        # The plan's buttons on their own row: the panel stays as narrow as before.
        plan_row = QHBoxLayout()
        plan_row.addWidget(self.plan_button)
        plan_row.addWidget(self.pay_button)
        plan_row.addStretch(1)
        layout.addLayout(plan_row)
        self.installments = InstallmentsModel(self)
        self.installments_table = entry_table(self, self.installments, stretch=5)
        layout.addWidget(self.installments_table, 1)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_plan())

    def load(self, card_id: str | None, name: str = "") -> None:
        chosen = self.current_deal()
        keep = chosen.id if chosen is not None and card_id == self.card_id else None
        self.card_id = card_id
        self.name = name
        entries = self.ops.session.deals(card_id) if card_id else []
        plans = self.ops.session.payments(card_id) if card_id else []
        self.model.plans = {p.deal_id: p for p in plans}
        self.model.set_entries(entries)
        if entries:
            row = next((i for i, e in enumerate(entries) if e.id == keep), 0)
            self.table.selectRow(row)
        self._show_plan()
        total = sum(e.amount for e in entries)
        if entries:
            text = (
                self.tr("1 deal, {1}; on {2}")
                if len(entries) == 1
                else self.tr("{0} deals, {1} in all; the last on {2}")
            )
            self.summary.setText(
                text.format(len(entries), amount_text(total), labels.day(entries[0].closed_on))
            )
        else:
            self.summary.setText(self.tr("No deals yet: the first one makes this a customer."))
        fit_columns(self.table)
        self.set_read_only(self.read_only)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.add_button.setEnabled(not read_only and self.card_id is not None)
        self._update_buttons()

    # -- the payment plan of the selected deal (issue 20) ----------------------------
    def current_deal(self) -> DealEntry | None:
        index = self.table.currentIndex() if hasattr(self, "table") else None
        return self.model.entry(index.row()) if index is not None and index.isValid() else None

    def current_plan(self) -> Any:
        deal = self.current_deal()
        return self.model.plans.get(deal.id) if deal is not None else None

    def _show_plan(self) -> None:
        from salesdesk.services.payments import money

        deal = self.current_deal()
        plan = self.current_plan()
        self.installments.set_entries(list(plan.installments) if plan is not None else [])
        if deal is None:
            self.plan_label.setText("")
        elif plan is None or not plan.has_plan:
            self.plan_label.setText(
                self.tr("{0}: no payment plan yet. Set one to follow the payments.").format(
                    deal.product
                )
            )
        else:
            text = self.tr("{0}: paid {1} of {2}; outstanding {3}, overdue {4}").format(
                deal.product,
                money(plan.paid),
                money(plan.planned),
                money(plan.outstanding),
                money(plan.overdue),
            )
            if plan.overpaid:
                text += self.tr(" (overpaid by {0})").format(money(plan.overpaid))
            self.plan_label.setText(text)
        fit_columns(self.installments_table)
        self._update_buttons()

    def _update_buttons(self) -> None:
        if not hasattr(self, "plan_button"):
            return
        deal = self.current_deal()
        plan = self.current_plan()
        writable = not self.read_only and deal is not None
        self.plan_button.setEnabled(writable)
        self.pay_button.setEnabled(writable and plan is not None and plan.outstanding > 0)

    def set_plan(self) -> None:
        from salesdesk.ui.payments import PlanDialog

        deal = self.current_deal()
        if deal is None or self.read_only:
            return
        rows = PlanDialog.ask(self, name=self.name, amount=deal.amount, first_due=deal.closed_on)
        if rows is None:
            return
        from salesdesk.services.payments import plan_balance

        session = self.ops.session
        try:
            balance = plan_balance(deal.id, rows, store=self.ops.store)
            check = session.credit_check(deal.card_id, balance, deal.id)
        except UserError as error:
            messages.show_error(self, str(error))
            return
        note = self._credit_note(check)
        if note is not None:
            self.ops.run(lambda: session.set_payment_plan(deal.id, rows, credit_note=note))

    def record_payment(self) -> None:
        from salesdesk.ui.payments import PaymentDialog

        deal = self.current_deal()
        plan = self.current_plan()
        if deal is None or plan is None or plan.outstanding <= 0 or self.read_only:
            return
        following = next((i for i in plan.installments if i.status != "paid"), None)
        suggested = following.remaining if following is not None else plan.outstanding
        answer = PaymentDialog.ask(
            self,
            name=self.name,
            today=self.ops.session.today(),
            amount=min(suggested, plan.outstanding),
            most=plan.outstanding,
        )
        if answer is not None:
            self.ops.run(lambda: self.ops.session.record_payment(deal.id, **answer))

    def add_deal(self) -> None:
        if self.card_id is None or self.read_only:
            return
        card_id = self.card_id
        answer = DealDialog.ask(self, name=self.name, today=self.ops.session.today())
        if answer is None:
            return
        payment = answer.pop("payment", None)
        session = self.ops.session
        # Paid at once leaves nothing open: no credit to check.
        check = None if payment == "paid" else session.credit_check(card_id, answer["amount"])
        note = self._credit_note(check)
        if note is None:
            return
        result = self.ops.run(
            lambda: session.add_deal(
                card_id, credit_note=note, paid_at_once=payment == "paid", **answer
            )
        )
        if result is not None and result.id and payment == "plan":
            row = next((i for i, e in enumerate(self.model.entries) if e.id == result.id), None)
            if row is not None:
                self.table.selectRow(row)
                self.set_plan()

    def _credit_note(self, check: Any) -> str | None:
        """Issue 20: over the credit limit, ask first. None: the user stopped; else the
        warning to note on the deal ('' when within the limit)."""
        if check is None:
            return ""
        text = self.tr("{0}\n\nSave it anyway? The warning is noted on the deal.").format(
            localize(check.message())
        )
        if not messages.confirm(self, text, self.tr("Save anyway")):
            return None
        return str(check.note(self.ops.session.today()))


class CasesPage(QWidget):
    """The Cases tab: complaints, requests, suggestions and praise, and their handling.

    Signals: none (writes go through Ops).
    """

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.card_id: str | None = None
        self.name = ""
        self.read_only = ops.read_only
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel(self)
        self.open_button = _tool_button(self.tr("&Open case…"), self)
        top.addWidget(self.summary, 1)
        top.addWidget(self.open_button)
        layout.addLayout(top)
        self.model = CasesModel(self)
        self.table = entry_table(self, self.model, stretch=1)
        layout.addWidget(self.table, 1)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        layout.addWidget(self.detail)
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.respond_button = _tool_button(self.tr("Res&pond…"), self)
        self.resolve_button = _tool_button(self.tr("Resol&ve…"), self)
        self.rate_button = _tool_button(self.tr("S&core…"), self)
        self.rate_button.setToolTip(self.tr("The score asked at the follow-up after resolving"))
        for button in (self.respond_button, self.resolve_button, self.rate_button):
            bar.addWidget(button)
        layout.addLayout(bar)
        self.open_button.clicked.connect(self.open_case)
        self.respond_button.clicked.connect(self.respond)
        self.resolve_button.clicked.connect(self.resolve)
        self.rate_button.clicked.connect(self.rate)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self._update()

    def load(self, card_id: str | None, name: str = "") -> None:
        self.card_id = card_id
        self.name = name
        entries = self.ops.session.cases(card_id) if card_id else []
        self.model.set_entries(entries)
        still_open = sum(1 for e in entries if e.is_open)
        self.summary.setText(self.tr("{0} open, {1} in all").format(still_open, len(entries)))
        fit_columns(self.table)
        if entries:
            self.table.selectRow(0)
        self._update()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._update()

    def current(self) -> CaseEntry | None:
        index = self.table.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def _update(self) -> None:
        editable = not self.read_only and self.card_id is not None
        case = self.current()
        self.open_button.setEnabled(editable)
        self.respond_button.setEnabled(
            editable and case is not None and case.is_open and case.first_response_at is None
        )
        self.resolve_button.setEnabled(editable and case is not None and case.is_open)
        self.rate_button.setEnabled(editable and case is not None and case.resolved_at is not None)
        parts = []
        if case is not None and (case.cause or case.responsible):
            cause = QCoreApplication.translate("Labels", CAUSES.get(case.cause or "", "—"))
            parts.append(self.tr("Cause: {0} · responsible: {1}").format(
                cause, case.responsible or "—"))  # fmt: skip
        if case is not None:
            if case.response:
                parts.append(self.tr("Response: {0}").format(case.response))
            if case.resolution:
                parts.append(self.tr("What was done: {0}").format(case.resolution))
        self.detail.setText("\n".join(parts))
        self.detail.setVisible(bool(parts))

    def _ask(self, mode: str) -> dict[str, Any] | None:
        return CaseDialog.ask(self, mode=mode, name=self.name, now=self.ops.session.now())

    def open_case(self) -> None:
        if self.card_id is None or self.read_only:
            return
        card_id = self.card_id
        answer = self._ask("open")
        if answer is not None:
            self.ops.run(lambda: self.ops.session.open_case(card_id, **answer))

    def respond(self) -> None:
        case = self.current()
        if case is None or self.read_only:
            return
        answer = self._ask("respond")
        if answer is not None:
            self.ops.run(lambda: self.ops.session.respond_case(case.id, **answer))

    def resolve(self) -> None:
        case = self.current()
        if case is None or self.read_only:
            return
        answer = self._ask("resolve")
        if answer is not None:
            self.ops.run(lambda: self.ops.session.resolve_case(case.id, **answer))

    def rate(self) -> None:
        """Record the satisfaction the customer gave at the follow-up after resolving."""
        case = self.current()
        if case is None or self.read_only or case.resolved_at is None:
            return
        answer = self._ask("rate")
        if answer is not None and answer["satisfaction"] is not None:
            self.ops.run(lambda: self.ops.session.rate_case(case.id, **answer))

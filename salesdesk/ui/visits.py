"""A card's return visits: the Visits tab, the plan/reschedule dialog, and the visit actions.

The actions (complete, reschedule) are plain functions so the Today view and
the card panel run the same flow.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.errors import NotFound
from salesdesk.services import settings as business_settings
from salesdesk.services.visits import VisitEntry
from salesdesk.ui import labels, messages
from salesdesk.ui.datefields import DateField, TimeField, guarded_accept
from salesdesk.ui.dialogs import LogContactDialog
from salesdesk.ui.models import EntryTableModel, IdRole
from salesdesk.ui.ops import Ops
from salesdesk.ui.wheel import guard_wheel

PURPOSES: dict[str, str] = {
    "follow_up": QT_TRANSLATE_NOOP("Labels", "Follow-up visit"),
    "recheck": QT_TRANSLATE_NOOP("Labels", "Re-check"),
    "first_visit": QT_TRANSLATE_NOOP("Labels", "First visit"),
    "after_sales": QT_TRANSLATE_NOOP("Labels", "After-sales visit"),
    "case_follow_up": QT_TRANSLATE_NOOP("Labels", "Follow-up of a service case"),
}

VISIT_STATUSES: dict[str, str] = {
    "planned": QT_TRANSLATE_NOOP("Labels", "Planned"),
    "done": QT_TRANSLATE_NOOP("Labels", "Done"),
    "cancelled": QT_TRANSLATE_NOOP("Labels", "Cancelled"),
}


def purpose_words(code: str | None) -> str:
    """A stored purpose in words: a known code translated, a hand-written purpose as typed."""
    return labels.word(PURPOSES, code) if code else labels.word(PURPOSES, "follow_up")


class VisitsModel(EntryTableModel):
    """A card's visits, latest due first. Signals: the standard model signals only."""

    HEADERS = (
        QT_TRANSLATE_NOOP("Labels", "Due"),
        QT_TRANSLATE_NOOP("Labels", "Time"),
        QT_TRANSLATE_NOOP("Labels", "Purpose"),
        QT_TRANSLATE_NOOP("Labels", "Status"),
        QT_TRANSLATE_NOOP("Labels", "Set by hand"),
    )

    def cells(self, entry: VisitEntry) -> tuple[str, ...]:
        status = labels.word(VISIT_STATUSES, entry.status)
        if entry.status == "done" and entry.done_at:
            status = QCoreApplication.translate("Labels", "{0} {1}").format(
                status, labels.when(entry.done_at)
            )
        return (
            labels.day(entry.due_on),
            entry.due_time or "",
            purpose_words(entry.purpose),
            status,
            QCoreApplication.translate("Labels", "Yes") if entry.hand_set else "",
        )


class VisitDialog(QDialog):
    """A day, an optional time and (when planning) a purpose for a visit.

    Signals: the standard QDialog signals only.
    """

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        due: date,
        due_time: str | None = None,
        purpose: str | None = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout()
        self.date = DateField(self, due)
        self.timed = QCheckBox(self.tr("At a set time"), self)
        self.time = TimeField(self)
        moment = _parse_time(due_time)
        self.timed.setChecked(moment is not None)
        self.time.setTime(QTime(moment.hour, moment.minute) if moment else QTime(10, 0))
        self.time.setEnabled(self.timed.isChecked())
        self.timed.toggled.connect(self.time.setEnabled)
        row = QHBoxLayout()
        row.addWidget(self.timed)
        row.addWidget(self.time, 1)
        form.addRow(self.tr("&Date:"), self.date)
        # A row of widgets has no buddy for the label's mnemonic: without one QLabel shows
        # "&" as is ("时间(&T)："); Alt+T goes to the "at a set time" box.
        time_label = QLabel(self.tr("&Time:"), self)
        time_label.setBuddy(self.timed)
        form.addRow(time_label, row)
        self.purpose: QComboBox | None = None
        if purpose is not None:
            self.purpose = QComboBox(self)
            self.purpose.setEditable(True)
            for code in PURPOSES:
                self.purpose.addItem(purpose_words(code), code)
            found = self.purpose.findData(purpose) if purpose else 0
            if found >= 0:
                self.purpose.setCurrentIndex(found)
            else:
                self.purpose.setEditText(purpose)
            form.addRow(self.tr("&Purpose:"), self.purpose)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(lambda: guarded_accept(self))
        buttons.rejected.connect(self.reject)
        guard_wheel(self)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "due_on": self.date.date().toPython(),
            "due_time": self.time.time().toString("HH:mm") if self.timed.isChecked() else None,
        }
        if self.purpose is not None:
            text = self.purpose.currentText().strip()
            index = self.purpose.findText(text)
            out["purpose"] = self.purpose.itemData(index) if index >= 0 else text
        return out

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        title: str,
        due: date,
        due_time: str | None = None,
        purpose: str | None = "",
    ) -> dict[str, Any] | None:
        """{'due_on', 'due_time'[, 'purpose']} or None when cancelled (purpose=None: not asked)."""
        dialog = cls(parent, title=title, due=due, due_time=due_time, purpose=purpose)
        return messages.answer(dialog, dialog.values)


def _parse_time(text: str | None) -> time | None:
    if not text:
        return None
    try:
        return datetime.strptime(text, "%H:%M").time()
    except ValueError:
        return None


def entry_table(parent: QWidget, model: Any, stretch: int) -> QTableView:
    """A read-only table whose text column takes the room the short columns leave."""
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def fit_columns(table: QTableView) -> None:
    """Short columns fit their contents; the stretched one takes the rest."""
    header = table.horizontalHeader()
    for column in range(header.count()):
        if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Stretch:
            table.resizeColumnToContents(column)


def _tool_button(text: str, parent: QWidget) -> QToolButton:
    """A button as narrow as its text: a row of four still fits the panel on a small screen."""
    button = QToolButton(parent)
    button.setText(text)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button


# -- the actions, shared by the Today view and the card panel ---------------------------
def log_contact_for(parent: QWidget, ops: Ops, card_id: str, visit_id: str | None = None) -> bool:
    """The log-contact flow for a card; with a visit, it completes that visit. True: logged."""
    session = ops.session
    try:
        card = session.card(card_id)
    except NotFound:
        return False
    answer = LogContactDialog.ask(
        parent,
        name=labels.card_title(card.name, card.company),
        grade=card.grade,
        f_kind=card.f_kind,
        cadence=business_settings.cadence(store=ops.store),
        now=session.now(),
        owed=sum(p.outstanding for p in session.payments(card_id)),  # issue 20
    )
    if answer is None:
        return False
    if visit_id:
        result = ops.run(lambda: session.complete_visit(visit_id, **answer))
    else:
        result = ops.run(lambda: session.log_contact(card_id, **answer))
    return result is not None


def reschedule(
    parent: QWidget, ops: Ops, visit_id: str, *, name: str, due: date, due_time: str | None
) -> bool:
    answer = VisitDialog.ask(
        parent,
        title=QCoreApplication.translate("VisitDialog", "Reschedule visit — {0}").format(name),
        due=due,
        due_time=due_time,
        purpose=None,
    )
    if answer is None:
        return False
    return (
        ops.run(
            lambda: ops.session.reschedule_visit(visit_id, answer["due_on"], answer["due_time"])
        )
        is not None
    )


class VisitsPage(QWidget):
    """The card panel's Visits tab: the card's visits and what to do with them.

    Signals: none (writes go through Ops, which announces them).
    """

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.card_id: str | None = None
        self.name = ""
        self.read_only = ops.read_only
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 6, 2, 2)  # the widest page: it sets the panel's minimum
        # Planning by hand beside the count; what to do with the chosen visit below it.
        top = QHBoxLayout()
        self.count = QLabel(self)
        self.plan_button = _tool_button(self.tr("&Plan visit…"), self)
        self.plan_button.setToolTip(self.tr("Plan a visit by hand"))
        top.addWidget(self.count, 1)
        top.addWidget(self.plan_button)
        layout.addLayout(top)
        self.model = VisitsModel(self)
        self.table = entry_table(self, self.model, stretch=2)
        layout.addWidget(self.table, 1)
        bar = QHBoxLayout()
        bar.setSpacing(3)
        bar.addStretch(1)
        self.reschedule_button = _tool_button(self.tr("Re&schedule…"), self)
        self.cancel_button = _tool_button(self.tr("Cancel"), self)
        self.cancel_button.setToolTip(self.tr("Cancel the chosen visit"))
        self.complete_button = _tool_button(self.tr("Co&mplete…"), self)
        self.complete_button.setToolTip(
            self.tr("Log the contact this visit was; the next visit is planned from it")
        )
        for button in (self.reschedule_button, self.cancel_button, self.complete_button):
            bar.addWidget(button)
        layout.addLayout(bar)
        self.plan_button.clicked.connect(self.plan)
        self.reschedule_button.clicked.connect(self.reschedule)
        self.cancel_button.clicked.connect(self.cancel)
        self.complete_button.clicked.connect(self.complete)
        self.table.doubleClicked.connect(lambda _index: self.reschedule())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def load(self, card_id: str | None, name: str = "") -> None:
        self.card_id = card_id
        self.name = name
        entries = self.ops.session.visits(card_id) if card_id else []
        # Latest first by day and time: two visits on one day in the order of their hours.
        entries = sorted(entries, key=lambda e: (e.due_on, e.due_time or ""), reverse=True)
        self.model.set_entries(entries)
        planned = sum(1 for e in entries if e.status == "planned")
        self.count.setText(self.tr("{0} planned, {1} in all").format(planned, len(entries)))
        fit_columns(self.table)
        self._update_buttons()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._update_buttons()

    def current(self) -> VisitEntry | None:
        index = self.table.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def select_visit(self, visit_id: str) -> None:
        for row in range(self.model.rowCount()):
            if self.model.index(row, 0).data(IdRole) == visit_id:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        editable = not self.read_only and self.card_id is not None
        entry = self.current()
        planned = entry is not None and entry.status == "planned"
        self.plan_button.setEnabled(editable)
        for button in (self.reschedule_button, self.cancel_button, self.complete_button):
            button.setEnabled(editable and planned)

    def plan(self) -> None:
        if self.card_id is None or self.read_only:
            return
        card_id = self.card_id
        answer = VisitDialog.ask(
            self,
            title=self.tr("Plan visit — {0}").format(self.name),
            due=self.ops.session.today(),
        )
        if answer is not None:
            self.ops.run(lambda: self.ops.session.plan_visit(card_id, **answer))

    def reschedule(self) -> None:
        entry = self.current()
        if entry is None or entry.status != "planned" or self.read_only:
            return
        reschedule(
            self, self.ops, entry.id, name=self.name, due=entry.due_on, due_time=entry.due_time
        )

    def cancel(self) -> None:
        entry = self.current()
        if entry is None or entry.status != "planned" or self.read_only:
            return
        text = self.tr("Cancel the visit on {0}?").format(labels.day(entry.due_on))
        if messages.confirm(self, text, self.tr("Cancel visit")):
            self.ops.run(lambda: self.ops.session.cancel_visit(entry.id))

    def complete(self) -> None:
        entry = self.current()
        if entry is None or entry.status != "planned" or self.read_only:
            return
        log_contact_for(self, self.ops, entry.card_id, entry.id)

"""Date and time fields that take what is typed as it is shown: 2027-06-15, 14:30.

QDateEdit types into one section at a time, so "2027-06-15" typed after Tab lands
as 2027-03-06, select-all then typing does nothing, and Tab walks the sections.
These fields are plain line edits: the text is read whole when it is used, a
partial or impossible date is shown in red with the reason, and a dialog does
not close on it (guarded_accept). The wheel scrolls past them: they never change
a value without the keyboard. A small calendar button picks a day with the mouse.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QPoint, Qt, QTime, Signal
from PySide6.QtGui import QAction, QFocusEvent, QIcon
from PySide6.QtWidgets import QCalendarWidget, QDialog, QLineEdit, QStyle, QWidget

from salesdesk.ui import messages

_SEP = r"\s*[-/.年]\s*"
_DATE = re.compile(
    rf"^(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})\s*日?$|^(\d{{4}})(\d{{2}})(\d{{2}})$"
)
_TIME = re.compile(r"^(\d{1,2})\s*[:：.时]\s*(\d{2})\s*分?$|^(\d{2})(\d{2})$")
_INVALID_STYLE = "QLineEdit { border: 1px solid #c62828; background: #fdecea; }"


def parse_date(text: str) -> date | None:
    """A whole date typed year-month-day (2027-06-15, 2027/6/15, 20270615); None if not one."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups() if g is not None)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_time(text: str) -> time | None:
    """A time typed hours:minutes (14:30, 9:05, 1430); None if not one."""
    match = _TIME.match(text.strip())
    if not match:
        return None
    hour, minute = (int(g) for g in match.groups() if g is not None)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_moment(text: str) -> datetime | None:
    """A date and a time, separated by a space or T (2027-06-15 14:30); None if not both."""
    parts = re.split(r"\s+|T", text.strip(), maxsplit=1)
    if len(parts) != 2:
        return None
    day, moment = parse_date(parts[0]), parse_time(parts[1])
    if day is None or moment is None:
        return None
    return datetime.combine(day, moment)


class _TypedField(QLineEdit):
    """A value typed whole as text. Subclasses say how it is written and read.

    Signals:
        valueChanged(): a new valid value was typed, picked or set.
    """

    valueChanged = Signal()  # noqa: N815 - the QDateTimeEdit name
    FORMAT = ""
    EXAMPLE: Any = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: Any = None
        self._shown = ""
        self.setPlaceholderText(self.example())
        self.textChanged.connect(self._check)
        self.textEdited.connect(self._typed)
        self.editingFinished.connect(self._finish)

    # -- what subclasses say ------------------------------------------------------------
    def parse(self, text: str) -> Any:
        raise NotImplementedError

    def write(self, value: Any) -> str:
        return str(value.strftime(self.FORMAT))

    def example(self) -> str:
        return self.write(self.EXAMPLE)

    def problem_text(self, text: str) -> str:
        raise NotImplementedError

    # -- the value ---------------------------------------------------------------------
    def set_value(self, value: Any) -> None:
        self._value = value
        self._shown = self.write(value) if value is not None else ""
        self.blockSignals(True)
        self.setText(self._shown)
        self.blockSignals(False)
        self._check()
        self.valueChanged.emit()

    def value(self) -> Any:
        """What the text says; the last good value while the text is not one."""
        text = self.text()
        if text == self._shown:
            return self._value
        parsed = self.parse(text)
        return parsed if parsed is not None else self._value

    def problem(self) -> str | None:
        """Why the text is not a value, in the window's language; None when it is one."""
        text = self.text()
        if text == self._shown and self._value is not None:
            return None
        if self.parse(text) is None:
            return self.problem_text(text.strip())
        return None

    def _check(self) -> None:
        problem = self.problem()
        self.setStyleSheet(_INVALID_STYLE if problem else "")
        self.setToolTip(problem or "")

    def _finish(self) -> None:
        text = self.text()
        if text == self._shown:
            return
        parsed = self.parse(text)
        if parsed is not None:
            self._value = parsed
            self._shown = self.write(parsed)
            if self._shown != text:
                self.blockSignals(True)
                self.setText(self._shown)  # 2027/6/15 shows as 2027-06-15
                self.blockSignals(False)
            self._check()
            self.valueChanged.emit()

    def _typed(self, text: str) -> None:
        if self.parse(text) is not None:
            self.user_changed()

    def user_changed(self) -> None:
        """The user typed or picked a new value (subclasses announce it)."""

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._check()


class DateField(_TypedField):
    """A date typed year-month-day, with a calendar to pick from.

    Signals:
        dateChanged(QDate): a new valid date was typed, picked or set.
        userDateChanged(QDate): the user typed or picked a new valid date.
    """

    dateChanged = Signal(QDate)  # noqa: N815 - the QDateTimeEdit name
    userDateChanged = Signal(QDate)  # noqa: N815 - the QDateTimeEdit name
    FORMAT = "%Y-%m-%d"
    EXAMPLE = date(2027, 6, 15)

    def __init__(self, parent: QWidget | None = None, value: QDate | date | None = None) -> None:
        super().__init__(parent)
        self.valueChanged.connect(lambda: self.dateChanged.emit(self.date()))
        icon = QIcon.fromTheme("x-office-calendar")
        if icon.isNull():
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown)
        self.calendar_action = QAction(icon, self.tr("Choose from a calendar"), self)
        self.calendar_action.triggered.connect(self.show_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar: QCalendarWidget | None = None
        self.set_value(_py_date(value) if value is not None else date.today())

    def parse(self, text: str) -> date | None:
        return parse_date(text)

    def problem_text(self, text: str) -> str:
        if not text:
            return self.tr("Type a date, year-month-day, like {0}.").format(self.example())
        return self.tr("“{0}” is not a date. Type year-month-day, like {1}.").format(
            text, self.example()
        )

    def user_changed(self) -> None:
        self.userDateChanged.emit(self.date())

    def setDate(self, value: QDate | date) -> None:
        self.set_value(_py_date(value))

    def date(self) -> QDate:
        value = self.value()
        return QDate(value.year, value.month, value.day)

    def setEnabled(self, enabled: bool) -> None:
        super().setEnabled(enabled)
        self.calendar_action.setEnabled(enabled and not self.isReadOnly())

    def show_calendar(self) -> None:
        if self.calendar is None:
            self.calendar = QCalendarWidget(self)
            self.calendar.setWindowFlags(Qt.WindowType.Popup)
            self.calendar.setGridVisible(True)
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)
        self.calendar.setSelectedDate(self.date())
        self.calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        self.calendar.show()
        self.calendar.setFocus()

    def _picked(self, value: QDate) -> None:
        if self.calendar is not None:
            self.calendar.hide()
        self.setText(self.write(value.toPython()))
        self._finish()
        self.user_changed()
        self.setFocus()


class TimeField(_TypedField):
    """A time of day typed hours:minutes.

    Signals:
        timeChanged(QTime): a new valid time was typed or set.
    """

    timeChanged = Signal(QTime)  # noqa: N815 - the QDateTimeEdit name
    FORMAT = "%H:%M"
    EXAMPLE = time(14, 30)

    def __init__(self, parent: QWidget | None = None, value: QTime | time | None = None) -> None:
        super().__init__(parent)
        self.valueChanged.connect(lambda: self.timeChanged.emit(self.time()))
        start = value.toPython() if isinstance(value, QTime) else value
        self.set_value(start or time(10, 0))

    def parse(self, text: str) -> time | None:
        return parse_time(text)

    def problem_text(self, text: str) -> str:
        if not text:
            return self.tr("Type a time, hours:minutes, like {0}.").format(self.example())
        return self.tr("“{0}” is not a time. Type hours:minutes, like {1}.").format(
            text, self.example()
        )

    def setTime(self, value: QTime | time) -> None:
        self.set_value(value.toPython() if isinstance(value, QTime) else value)

    def time(self) -> QTime:
        value = self.value()
        return QTime(value.hour, value.minute, value.second)


class DateTimeField(_TypedField):
    """A date and time typed year-month-day hours:minutes.

    Signals:
        dateTimeChanged(QDateTime): a new valid moment was typed or set.
    """

    dateTimeChanged = Signal(QDateTime)  # noqa: N815 - the QDateTimeEdit name
    FORMAT = "%Y-%m-%d %H:%M"
    EXAMPLE = datetime(2027, 6, 15, 14, 30)

    def __init__(self, parent: QWidget | None = None, value: datetime | None = None) -> None:
        super().__init__(parent)
        self.valueChanged.connect(lambda: self.dateTimeChanged.emit(self.dateTime()))
        self.set_value(value or datetime.now().replace(second=0, microsecond=0))

    def parse(self, text: str) -> datetime | None:
        return parse_moment(text)

    def problem_text(self, text: str) -> str:
        if not text:
            return self.tr("Type a date and time, year-month-day hours:minutes, like {0}.").format(
                self.example()
            )
        return self.tr(
            "“{0}” is not a date and time. Type year-month-day hours:minutes, like {1}."
        ).format(text, self.example())

    def setDateTime(self, value: QDateTime | datetime) -> None:
        self.set_value(value.toPython() if isinstance(value, QDateTime) else value)

    def dateTime(self) -> QDateTime:
        value = self.value()
        return QDateTime(
            QDate(value.year, value.month, value.day),
            QTime(value.hour, value.minute, value.second),
        )


def _py_date(value: QDate | date) -> date:
    return value.toPython() if isinstance(value, QDate) else value  # type: ignore[return-value]


def field_problem(root: QWidget) -> tuple[_TypedField, str] | None:
    """The first date or time field under root that the user can see and whose text is wrong."""
    for field in root.findChildren(_TypedField):
        if not field.isVisibleTo(root) or not field.isEnabled() or field.isReadOnly():
            continue
        problem = field.problem()
        if problem:
            return field, problem
    return None


def guarded_accept(dialog: QDialog) -> None:
    """Close the dialog with OK only when every date and time in it is one; else say why."""
    found = field_problem(dialog)
    if found is None:
        dialog.accept()
        return
    field, problem = found
    messages.show_error(dialog, problem)
    field.setFocus()
    field.selectAll()

"""The week plan in the window: a column a working day, visits moved by drag or "Move to",
what waits for next week with its reason, and the week's birthdays and holidays."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QLocale,
    QMimeData,
    QObject,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QGuiApplication,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.errors import UserError
from salesdesk.domain.messages import plural
from salesdesk.services import plan as week_plan
from salesdesk.services.changes import Result
from salesdesk.ui import messages
from salesdesk.ui.ops import Ops
from salesdesk.ui.visits import purpose_words

if TYPE_CHECKING:
    from salesdesk.ui.mainwindow import MainWindow
    from salesdesk.ui.today import Row

VisitRole = int(Qt.ItemDataRole.UserRole) + 1
CardRole = int(Qt.ItemDataRole.UserRole) + 2
TextRole = int(Qt.ItemDataRole.UserRole) + 3  # a greeting to copy
VISIT_MIME = "application/x-salesdesk-visit"  # a dragged visit: its id, or card:<id>


def why_words(item: week_plan.PlanItem) -> str:
    """Why the visit is in the plan now, in the window's language."""
    texts = {
        week_plan.WHY_OVERDUE: QCoreApplication.translate("WeekPlan", "overdue since {0}"),
        week_plan.WHY_DUE: QCoreApplication.translate("WeekPlan", "due {0}"),
        week_plan.WHY_RECHECK: QCoreApplication.translate("WeekPlan", "re-check date {0}"),
        week_plan.WHY_AFTER_SALES: QCoreApplication.translate(
            "WeekPlan", "after-sales visit due {0}"
        ),
        week_plan.WHY_FIRST_VISIT: QCoreApplication.translate("WeekPlan", "first visit"),
        week_plan.WHY_APPOINTMENT: QCoreApplication.translate("WeekPlan", "appointment"),
        week_plan.WHY_MOVED: QCoreApplication.translate("WeekPlan", "put on this day by you"),
        week_plan.WHY_HANDED_OVER: QCoreApplication.translate(
            "WeekPlan", "handed over to you: first visit"
        ),
    }
    day = item.latest if item.why == week_plan.WHY_OVERDUE else item.due
    text = texts.get(item.why, item.why).format(_short_day(day))
    if item.late and item.why != week_plan.WHY_OVERDUE:
        text += QCoreApplication.translate("WeekPlan", " (after its window)")
    return text


def reason_words(item: week_plan.PlanItem) -> str:
    if item.reason == week_plan.OVER_FULL:
        return QCoreApplication.translate("WeekPlan", "late: every day up to {0} is full").format(
            _short_day(item.latest)
        )
    if item.reason == week_plan.OVER_AFTER:
        return QCoreApplication.translate("WeekPlan", "due {0}, after the last free day").format(
            _short_day(item.due)
        )
    return QCoreApplication.translate(
        "WeekPlan", "the days are full; it can wait until {0}"
    ).format(_short_day(item.latest))


def occasion_words(kind: str, years: int | None) -> str:
    if kind == "birthday":
        return (
            QCoreApplication.translate("WeekPlan", "Birthday ({0})").format(years)
            if years
            else QCoreApplication.translate("WeekPlan", "Birthday")
        )
    return plural(
        years,
        QCoreApplication.translate("WeekPlan", "{0} year a customer"),
        QCoreApplication.translate("WeekPlan", "{0} years a customer"),
    ).format(years)


def holiday_words(key: str) -> str:
    return {
        "spring_festival": QCoreApplication.translate("WeekPlan", "Spring Festival"),
        "mid_autumn": QCoreApplication.translate("WeekPlan", "Mid-Autumn Festival"),
        "new_year": QCoreApplication.translate("WeekPlan", "New Year"),
    }.get(key, key)


def _short_day(text: str) -> str:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text
    return QLocale().toString(day, "M/d ddd")


def _item_text(item: week_plan.PlanItem) -> str:
    when = f"{item.due_time} " if item.due_time else ""
    first = f"{when}{item.area or '—'} · {item.grade} · {item.name}"
    purpose, why = purpose_words(item.purpose), why_words(item)
    same = why.casefold() == purpose.casefold()
    return f"{first}\n{purpose}" if same else f"{first}\n{purpose} — {why}"


class DayList(QListWidget):
    """One day's visits; a visit dropped here from another day moves to this day.

    Signals:
        dropped(str, str): (visit id or "card:<id>", day) a visit was dropped here.
        reordered(str, list): (day, visit ids) a visit was dragged to another place here.
    """

    dropped = Signal(str, str)
    reordered = Signal(str, list)  # (day, visit ids in the user's order)

    def __init__(self, day: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day = day
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def mimeData(self, items: Any) -> QMimeData:
        data = super().mimeData(items)
        if items:
            item = items[0]
            key = item.data(VisitRole) or f"card:{item.data(CardRole)}"
            data.setData(VISIT_MIME, QByteArray(str(key).encode()))
        return data

    def mimeTypes(self) -> list[str]:
        return [*super().mimeTypes(), VISIT_MIME]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(VISIT_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(VISIT_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        key = bytes(event.mimeData().data(VISIT_MIME).data()).decode()
        if not key:
            event.ignore()
            return
        keys = [str(self.item(n).data(VisitRole) or "") for n in range(self.count())]
        if key in keys:  # a visit of this day to another place in it
            at = self.indexAt(event.position().toPoint()).row()
            keys.remove(key)
            keys.insert(len(keys) if at < 0 else at, key)
            event.setDropAction(Qt.DropAction.IgnoreAction)
            event.accept()
            self.reordered.emit(self.day, [k for k in keys if k])
            return
        # The plan is read again after the move: Qt moves no item itself.
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        self.dropped.emit(key, self.day)


class WeekPlanView(QWidget):
    """The week plan: a column a working day, the overflow, birthdays and holidays.

    Signals:
        open_card(str): show this card in the card list.
    """

    open_card = Signal(str)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.read_only = ops.read_only
        self.start = ops.session.today()
        self.weeks = 1
        self.plan: week_plan.WeekPlan | None = None
        self.day_lists: list[DayList] = []

        self.title = QLabel(self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.previous_button = QPushButton(self.tr("◀ &Earlier"), self)
        self.next_button = QPushButton(self.tr("La&ter ▶"), self)
        self.today_button = QPushButton(self.tr("From t&oday"), self)
        self.two_weeks = QCheckBox(self.tr("T&wo weeks"), self)
        self.apply_button = QPushButton(self.tr("&Store this plan"), self)
        self.apply_button.setToolTip(
            self.tr(
                "Keep these days on the visits (they sync); moved visits stay where you put them"
            )
        )
        self.move_button = QPushButton(self.tr("&Move to…"), self)
        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addStretch(1)
        for widget in (
            self.previous_button,
            self.today_button,
            self.next_button,
            self.two_weeks,
            self.move_button,
            self.apply_button,
        ):
            bar.addWidget(widget)

        # What the plan is made from (database settings: the command line sees them too).
        self.per_day = QSpinBox(self)
        self.per_day.setRange(1, 50)
        self.owner = QLineEdit(self)
        self.owner.setPlaceholderText(self.tr("every card"))
        self.owner.setMaximumWidth(160)
        self.workday_boxes: list[QCheckBox] = []
        settings_bar = QHBoxLayout()
        settings_bar.addWidget(QLabel(self.tr("Visits a day:"), self))
        settings_bar.addWidget(self.per_day)
        settings_bar.addSpacing(12)
        settings_bar.addWidget(QLabel(self.tr("Working days:"), self))
        locale = QLocale()
        for weekday in range(7):
            box = QCheckBox(locale.dayName(weekday + 1, QLocale.FormatType.ShortFormat), self)
            self.workday_boxes.append(box)
            settings_bar.addWidget(box)
        settings_bar.addSpacing(12)
        settings_bar.addWidget(QLabel(self.tr("Whose cards:"), self))
        settings_bar.addWidget(self.owner)
        self.save_settings_button = QPushButton(self.tr("Plan a&gain"), self)
        settings_bar.addWidget(self.save_settings_button)
        settings_bar.addStretch(1)

        self.days_area = QWidget(self)
        self.days_layout = QHBoxLayout(self.days_area)
        self.days_layout.setContentsMargins(0, 0, 0, 0)

        self.overflow_label = QLabel(self)
        self.overflow = QListWidget(self)
        self.overflow.setWordWrap(True)
        self.dates_label = QLabel(self)
        self.dates = QListWidget(self)
        self.dates.setWordWrap(True)
        self.copy_button = QPushButton(self.tr("&Copy greeting"), self)
        # Issue 20: installments overdue or due in the plan's weeks, with the phone to call.
        self.payments_label = QLabel(self)
        self.payments = QListWidget(self)
        self.payments.setWordWrap(True)
        bottom = QWidget(self)
        bottom_layout = QHBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        left.addWidget(self.overflow_label)
        left.addWidget(self.overflow, 1)
        right = QVBoxLayout()
        right_head = QHBoxLayout()
        right_head.addWidget(self.dates_label, 1)
        right_head.addWidget(self.copy_button)
        right.addLayout(right_head)
        right.addWidget(self.dates, 1)
        collect = QVBoxLayout()
        collect.addWidget(self.payments_label)
        collect.addWidget(self.payments, 1)
        bottom_layout.addLayout(left, 3)
        bottom_layout.addLayout(collect, 2)
        bottom_layout.addLayout(right, 2)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.days_area)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addLayout(bar)
        layout.addLayout(settings_bar)
        # The bars' buttons must not set the window's narrowest width (a small laptop
        # screen, or the card list beside it): the tab shrinks below them instead.
        self.setMinimumSize(360, 300)
        layout.addWidget(splitter, 1)

        self.previous_button.clicked.connect(lambda: self.go(-7))
        self.next_button.clicked.connect(lambda: self.go(7))
        self.today_button.clicked.connect(self.from_today)
        self.two_weeks.toggled.connect(self._weeks_toggled)
        self.apply_button.clicked.connect(self.store_plan)
        self.move_button.clicked.connect(self._move_menu)
        self.save_settings_button.clicked.connect(self.save_settings)
        self.copy_button.clicked.connect(self.copy_greeting)
        self.overflow.itemDoubleClicked.connect(self._open_item)
        self.dates.itemDoubleClicked.connect(self._open_item)
        self.payments.itemDoubleClicked.connect(self._open_item)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.refresh)
        self.ops.changed.connect(
            lambda changed: (
                self._pending.start()
                if self.isVisible() and changed.concerns(agenda=True, settings=True)
                else None
            )
        )
        self._load_settings()
        self.refresh()

    # -- settings ------------------------------------------------------------------------
    def _load_settings(self) -> None:
        store = self.ops.store
        self.per_day.setValue(week_plan.per_day(store=store))
        days = week_plan.workdays(store=store)
        for weekday, box in enumerate(self.workday_boxes):
            box.setChecked(weekday in days)
        self.owner.setText(week_plan.owner(store=store) or "")

    def save_settings(self) -> None:
        """Keep the visits a day, working days and name in the database; plan again."""
        days = tuple(d for d, box in enumerate(self.workday_boxes) if box.isChecked())
        if not self.read_only:
            try:
                week_plan.save_preferences(
                    days, self.per_day.value(), self.owner.text(), store=self.ops.store
                )
            except UserError as error:
                messages.show_error(self, str(error))
                return
        self.refresh()

    # -- reading -------------------------------------------------------------------------
    def go(self, days: int) -> None:
        self.start = self.start + timedelta(days=days)
        self.refresh()

    def from_today(self) -> None:
        self.start = self.ops.session.today()
        self.refresh()

    def _weeks_toggled(self, checked: bool) -> None:
        self.weeks = 2 if checked else 1
        self.refresh()

    def refresh(self) -> None:
        self._pending.stop()
        days = tuple(d for d, box in enumerate(self.workday_boxes) if box.isChecked())
        me = self.owner.text().strip() or None
        store = self.ops.store
        if week_plan.team_sized(self.start, me, store=store):
            self.plan = None
            self.title.setText(self.tr("A team's book: name whose cards to plan."))
            self.owner.setFocus()
            self._update_buttons()
            return
        try:
            self.plan = week_plan.make_plan(
                self.start,
                self.weeks,
                self.per_day.value(),
                me=me,
                days_of_week=days or None,
                store=store,
            )
        except UserError as error:
            messages.show_error(self, str(error))
            return
        self._show(self.plan)

    def _show(self, plan: week_plan.WeekPlan) -> None:
        locale = QLocale()
        who = plan.owner or self.tr("every card")
        self.title.setText(
            self.tr("Week plan from {0} — {1}").format(
                locale.toString(plan.start, QLocale.FormatType.ShortFormat), who
            )
        )
        while self.days_layout.count():
            widget = self.days_layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.day_lists = []
        for day in plan.days:
            items = plan.by_day.get(day.isoformat(), [])
            column = QWidget(self.days_area)
            column_layout = QVBoxLayout(column)
            column_layout.setContentsMargins(0, 0, 0, 0)
            areas = sorted({i.area or "—" for i in items})
            head = QLabel(
                self.tr("{0} ({1}/{2})").format(
                    locale.toString(day, "ddd M/d"), len(items), plan.per_day
                ),
                column,
            )
            head.setStyleSheet("font-weight: bold;")
            area_label = QLabel(" · ".join(areas), column)
            area_label.setStyleSheet("color: #555;")
            area_label.setWordWrap(True)
            day_list = DayList(day.isoformat(), column)
            two_lines = QSize(120, day_list.fontMetrics().lineSpacing() * 2 + 10)
            for entry in items:
                row = QListWidgetItem(_item_text(entry))
                row.setSizeHint(two_lines)
                row.setData(VisitRole, entry.visit_id)
                row.setData(CardRole, entry.card_id)
                row.setToolTip(" · ".join(t for t in (entry.company, entry.purpose) if t))
                if entry.fixed:
                    row.setForeground(Qt.GlobalColor.darkBlue)
                if entry.why == week_plan.WHY_OVERDUE:
                    row.setForeground(Qt.GlobalColor.darkRed)
                day_list.addItem(row)
            day_list.dropped.connect(self.move_visit)
            day_list.reordered.connect(self.order_day)
            day_list.itemDoubleClicked.connect(self._open_item)
            day_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            day_list.customContextMenuRequested.connect(
                lambda point, lst=day_list: self._context_menu(lst, point)
            )
            column_layout.addWidget(head)
            column_layout.addWidget(area_label)
            column_layout.addWidget(day_list, 1)
            self.days_layout.addWidget(column, 1)
            self.day_lists.append(day_list)
        self.overflow.clear()
        self.overflow_label.setText(self.tr("Not in this plan — {0}").format(len(plan.overflow)))
        for entry in plan.overflow:
            row = QListWidgetItem(
                f"{entry.area or '—'} · {entry.grade} · {entry.name} — {reason_words(entry)}"
            )
            row.setData(CardRole, entry.card_id)
            self.overflow.addItem(row)
        self.dates.clear()
        self.dates_label.setText(
            self.tr("Birthdays and holidays — {0}").format(len(plan.dates) + len(plan.holidays))
        )
        for occasion in plan.dates:
            row = QListWidgetItem(
                f"{_short_day(occasion.day)} · {occasion.name} · "
                f"{occasion_words(occasion.kind, occasion.years)}\n{occasion.greeting}"
            )
            row.setData(CardRole, occasion.card_id)
            row.setData(TextRole, occasion.greeting)
            self.dates.addItem(row)
        for holiday in plan.holidays:
            row = QListWidgetItem(
                plural(
                    holiday.recipients,
                    self.tr("{0} {1}: send greetings to {2} customer (File > Letters…)"),
                    self.tr("{0} {1}: send greetings to {2} customers (File > Letters…)"),
                ).format(
                    _short_day(holiday.day.isoformat()),
                    holiday_words(holiday.key),
                    holiday.recipients,
                )
            )
            self.dates.addItem(row)
        self._show_payments(plan)
        self._update_buttons()

    def _show_payments(self, plan: week_plan.WeekPlan) -> None:
        from salesdesk.services.payments import money

        self.payments.clear()
        self.payments_label.setText(self.tr("Payments to collect — {0}").format(len(plan.payments)))
        for due in plan.payments:
            what = self.tr("Installment {0}/{1} of {2}: {3}").format(
                due.number, due.of, due.product, money(due.remaining)
            )
            late = (
                plural(
                    due.days_overdue, self.tr("Overdue {0} day"), self.tr("Overdue {0} days")
                ).format(due.days_overdue)
                if due.days_overdue
                else ""
            )
            head = " · ".join(
                part for part in (_short_day(due.due_on.isoformat()), due.name, due.phone) if part
            )
            row = QListWidgetItem(f"{head}\n{what}" + (f" · {late}" if late else ""))
            row.setData(CardRole, due.card_id)
            self.payments.addItem(row)

    def _update_buttons(self) -> None:
        self.apply_button.setEnabled(not self.read_only and self.plan is not None)
        self.move_button.setEnabled(not self.read_only and self.current_item() is not None)

    # -- the current visit -------------------------------------------------------------------
    def current_item(self) -> QListWidgetItem | None:
        for day_list in self.day_lists:
            if day_list.hasFocus() or day_list.currentItem() is not None:
                item = day_list.currentItem()
                if item is not None and item.isSelected():
                    return item
        return None

    def select(self, card_id: str) -> bool:
        for day_list in self.day_lists:
            for number in range(day_list.count()):
                item = day_list.item(number)
                if item.data(CardRole) == card_id:
                    day_list.setCurrentItem(item)
                    item.setSelected(True)
                    self._update_buttons()
                    return True
        return False

    def day_of(self, card_id: str) -> str | None:
        for day_list in self.day_lists:
            for number in range(day_list.count()):
                if day_list.item(number).data(CardRole) == card_id:
                    return day_list.day
        return None

    def _open_item(self, item: QListWidgetItem) -> None:
        card_id = item.data(CardRole)
        if card_id:
            self.open_card.emit(str(card_id))

    def _context_menu(self, day_list: DayList, point: Any) -> None:
        item = day_list.itemAt(point)
        if item is None:
            return
        day_list.setCurrentItem(item)
        menu = self._move_actions(item)
        menu.popup(day_list.viewport().mapToGlobal(point))

    def _move_actions(self, item: QListWidgetItem) -> QMenu:
        menu = QMenu(self.tr("Move to"), self)
        key = item.data(VisitRole) or f"card:{item.data(CardRole)}"
        locale = QLocale()
        for day_list in self.day_lists:
            action = QAction(locale.toString(date.fromisoformat(day_list.day), "dddd M/d"), menu)
            action.setEnabled(not self.read_only)
            action.triggered.connect(
                lambda _checked=False, d=day_list.day: self.move_visit(str(key), d)
            )
            menu.addAction(action)
        menu.addSeparator()
        open_action = QAction(self.tr("&Open card"), menu)
        open_action.triggered.connect(lambda: self._open_item(item))
        menu.addAction(open_action)
        return menu

    def _move_menu(self) -> None:
        item = self.current_item()
        if item is None:
            return
        menu = self._move_actions(item)
        menu.popup(self.move_button.mapToGlobal(self.move_button.rect().bottomLeft()))

    # -- writes ----------------------------------------------------------------------------
    def move_visit(self, key: str, day: str) -> Result | None:
        """Put a visit on a day (a first visit the plan proposed becomes an appointment)."""
        if self.read_only:
            return None
        session = self.ops.session
        if key.startswith("card:"):
            card_id = key.removeprefix("card:")
            return self.ops.run(lambda: session.plan_visit(card_id, day, purpose="first_visit"))
        return self.ops.run(lambda: session.move_planned_visit(key, day))

    def order_day(self, day: str, visit_ids: list[str]) -> Result | None:
        """The user's order of the day (within each area): the day's visits stay there."""
        if self.read_only:
            return None
        return self.ops.run(lambda: self.ops.session.order_day(day, visit_ids))

    def store_plan(self) -> Result | None:
        if self.read_only or self.plan is None:
            return None
        plan = self.plan
        result = self.ops.run(lambda: self.ops.session.apply_plan(plan))
        if result is not None:
            self.window().statusBar().showMessage(  # type: ignore[attr-defined]
                plural(
                    result.id,
                    self.tr("Stored the plan on {0} visit."),
                    self.tr("Stored the plan on {0} visits."),
                ).format(result.id),
                6000,
            ) if hasattr(self.window(), "statusBar") else None
        return result

    def copy_greeting(self) -> str:
        item = self.dates.currentItem()
        text = item.data(TextRole) if item is not None else None
        if not text:
            return ""
        QGuiApplication.clipboard().setText(str(text))
        return str(text)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._update_buttons()


class WeekPlanUi(QObject):
    """Adds the Week tab (after Today) and View > Week plan, File > Letters….

    Signals: none.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._letters: Any = None  # the Letters dialog while it is open
        self.view = WeekPlanView(window.ops, window)
        views = window.views
        views.insertTab(1, self.view, self.tr("&Week"))
        self.view.open_card.connect(window.day_plan.open_card)
        self.week_action = QAction(self.tr("&Week plan"), window)
        self.week_action.setShortcut("Ctrl+Shift+W")
        self.week_action.triggered.connect(self.show_week)
        self.letters_action = QAction(self.tr("&Letters…"), window)
        self.letters_action.setShortcut("Ctrl+Shift+M")
        self.letters_action.triggered.connect(lambda _checked=False: self.show_letters())
        views.currentChanged.connect(self._tab_changed)
        if window.read_only:
            self.view.set_read_only(True)

    def menu_entries(self) -> dict[str, list[Any]]:
        """What this feature offers in the window's menus (None: a separator)."""
        return {
            "view.views": [self.week_action],
            "file.letters": [self.letters_action],
            "window": [self.week_action],
        }

    def _tab_changed(self, _index: int) -> None:
        if self.window.views.currentWidget() is self.view:
            self.view.refresh()

    def show_week(self) -> None:
        self.window.views.setCurrentWidget(self.view)

    def show_letters(self, card_ids: list[str] | None = None) -> Any:
        """The Letters dialog for card_ids (default: the current card); one at a time: while
        it is open, File > Letters brings it to the front."""
        from shiboken6 import isValid

        from salesdesk.ui.letters import LettersDialog

        open_one = self._letters
        if open_one is not None and isValid(open_one) and open_one.isVisible():
            open_one.raise_()
            open_one.activateWindow()
            return open_one
        if card_ids is None and self.window._current_id:
            card_ids = [self.window._current_id]
        shown = [row.id for row in self.window.model.rows]  # the card list as filtered
        dialog = LettersDialog(self.window.ops, card_ids or [], self.window, shown)
        # Freed when closed: its buttons' lambdas hold it in a cycle through Qt that the
        # collector cannot see, so each one opened stayed alive in the window for good.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._letters = dialog
        dialog.show()
        return dialog


# -- the Today view's part -------------------------------------------------------------------
def today_rows(store: Any, day: date) -> tuple[list[Row], list[Row]]:
    """The Today view's first section (today's planned visits) and its last (this week's
    birthdays and anniversaries, each with its greeting in the note column)."""
    from salesdesk.services import occasions
    from salesdesk.ui.today import HEADERS, Row

    blank = ("",) * (len(HEADERS) - 1)
    me = week_plan.owner(store=store)
    if week_plan.team_sized(day, me, store=store):
        return [
            Row(
                "empty",
                (
                    QCoreApplication.translate(
                        "Today", "A team's book: name whose cards to plan on the Week tab."
                    ),
                    *blank,
                ),
                section="planned",
            )
        ], []
    planned = week_plan.day_list(day, me, store=store)
    top: list[Row] = [
        Row(
            "section",
            (
                QCoreApplication.translate("Today", "Planned for today — {0}").format(len(planned)),
                *blank,
            ),
            section="planned",
        )
    ]
    if not planned:
        top.append(
            Row(
                "empty",
                (QCoreApplication.translate("Today", "Nothing planned: see the Week tab."), *blank),
                section="planned",
            )
        )
    for item in planned:
        top.append(
            Row(
                "visit",
                (
                    item.name,
                    item.company,
                    item.grade,
                    item.due + (f" {item.due_time}" if item.due_time else ""),
                    purpose_words(item.purpose),
                    item.phone,
                    "",
                    f"{item.area} · {why_words(item)}" if item.area else why_words(item),
                ),
                item.card_id,
                item.visit_id,
                item.grade,
                item.why == week_plan.WHY_OVERDUE,
                item.due,
                item.due_time,
                "planned",
            )
        )
    found = occasions.upcoming(day, 7, me, store=store)
    bottom: list[Row] = []
    if found:
        bottom.append(
            Row(
                "section",
                (
                    QCoreApplication.translate("Today", "Birthdays this week — {0}").format(
                        len(found)
                    ),
                    *blank,
                ),
                section="dates",
            )
        )
        for occasion in found:
            bottom.append(
                Row(
                    "occasion",
                    (
                        occasion.name,
                        occasion.company,
                        "",
                        occasion.day,
                        occasion_words(occasion.kind, occasion.years),
                        "",
                        "",
                        occasion.greeting,
                    ),
                    occasion.card_id,
                    section="dates",
                )
            )
    return top, bottom


def week_shots(app: Any, window: MainWindow, shoot: Any, failures: list[str]) -> None:
    """Selftest screenshots: the Week tab, the Today view's planned day, the Letters dialog."""
    ui = window.week_plan
    ui.show_week()
    app.processEvents()

    def week_shown() -> str | None:
        plan = ui.view.plan
        if plan is None or not any(plan.by_day.values()):
            return "the week plan is empty"
        return None

    shoot("30-week-plan", window, week_shown)
    dialog = ui.show_letters()
    shoot("31-letters", dialog, lambda: None if dialog.body.toPlainText() else "no template text")
    dialog.close()

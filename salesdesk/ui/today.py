"""The Today view: whom to visit, by area; service cases waiting and customers at risk.

Also the reminder that tells the desktop when visits fall due.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QSystemTrayIcon,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.messages import plural
from salesdesk.services.agenda import (
    Agenda,
    AgendaItem,
    EarlyWarning,
    style_hint,
    warning_order,
)
from salesdesk.services.cardlist import CardRow
from salesdesk.services.changes import Changed
from salesdesk.services.giveway import giving_way, pause_for_user
from salesdesk.ui import labels
from salesdesk.ui.aftersales import KINDS
from salesdesk.ui.chips import GradeChipDelegate
from salesdesk.ui.models import GradeRole, IdRole
from salesdesk.ui.ops import Ops
from salesdesk.ui.visits import log_contact_for, purpose_words, reschedule
from salesdesk.ui.welcome import Welcome

KindRole = int(Qt.ItemDataRole.UserRole) + 10  # "section", "area", "visit", "case", "risk"
VisitRole = int(Qt.ItemDataRole.UserRole) + 11

UPCOMING_DAYS = 7
REMIND_BEFORE_MINUTES = 15
CHECK_EVERY_MS = 60_000

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)

AnyIndex = QModelIndex | QPersistentModelIndex

HEADERS = (
    QT_TRANSLATE_NOOP("Labels", "Name"),
    QT_TRANSLATE_NOOP("Labels", "Company"),
    QT_TRANSLATE_NOOP("Labels", "Grade"),
    QT_TRANSLATE_NOOP("Labels", "Due"),
    QT_TRANSLATE_NOOP("Labels", "Purpose"),
    QT_TRANSLATE_NOOP("Labels", "Phone"),
    QT_TRANSLATE_NOOP("Labels", "Last contact"),
    QT_TRANSLATE_NOOP("Labels", "Note"),
)
GRADE_COLUMN = 2
NOTE_COLUMN = 7


class Row(NamedTuple):
    kind: str  # section, area, visit, case, risk
    cells: tuple[str, ...]
    card_id: str | None = None
    visit_id: str | None = None
    grade: str | None = None
    alert: bool = False  # idle, or waiting past 24 hours: the note in red
    due: str | None = None
    due_time: str | None = None
    section: str = ""  # overdue, today, upcoming, cases, at_risk, warnings
    warning_key: str = ""  # an early warning's key, for dismissing it
    hint: str = ""  # how to approach the person (their communication style)


def _visit_row(item: AgendaItem, section: str, words: dict[str | None, str] | None = None) -> Row:
    overdue = section == "overdue"
    notes = []
    if item.idle:
        notes.append(QCoreApplication.translate("Today", "Idle: no contact for too long"))
    elif overdue and item.overdue_since:
        notes.append(
            QCoreApplication.translate("Today", "Overdue since {0}").format(item.overdue_since)
        )
    if item.hand_set:
        notes.append(QCoreApplication.translate("Today", "set by hand"))
    due = item.due + (f" {item.due_time}" if item.due_time else "")
    return Row(
        "visit",
        (
            item.name,
            item.company,
            item.grade,
            due,
            _purpose(item.purpose, words),
            item.phones[0] if item.phones else "",
            (item.last_contact or "")[:10],
            "; ".join(notes),
        ),
        item.card_id,
        item.visit_id,
        item.grade,
        item.idle,
        item.due,
        item.due_time,
        section,
    )


def _purpose(code: str | None, words: dict[str | None, str] | None) -> str:
    """purpose_words, remembered in `words` over the rows of one agenda (a Qt call a row
    took the interpreter lock back from the workers 600 times after a merge: 0.45 s)."""
    if words is None:
        return purpose_words(code)
    if code not in words:
        words[code] = purpose_words(code)
    return words[code]


def count(agenda: Agenda, key: str) -> int:
    """The full number in a list of the agenda (the lists themselves may be cut short)."""
    totals = getattr(agenda, "totals", None) or {}
    return int(totals.get(key, len(getattr(agenda, key))))


def agenda_rows(agenda: Agenda, cards: Mapping[str, CardRow]) -> list[Row]:
    """The Today view's rows: each section with its count, then its areas with theirs."""
    rows: list[Row] = []
    blank = ("",) * (len(HEADERS) - 1)
    words: dict[str | None, str] = {}  # purposes in words
    sections = (
        ("overdue", QCoreApplication.translate("Today", "Overdue — {0}"), agenda.overdue),
        ("today", QCoreApplication.translate("Today", "Today — {0}"), agenda.today),
        ("upcoming", QCoreApplication.translate("Today", "Next {0} days — {1}"), agenda.upcoming),
    )
    for key, title, items in sections:
        total = count(agenda, key)
        text = title.format(agenda.days, total) if key == "upcoming" else title.format(total)
        rows.append(Row("section", (text, *blank), section=key))
        if not items:
            rows.append(
                Row(
                    "empty",
                    (QCoreApplication.translate("Today", "Nothing here."), *blank),
                    section=key,
                )
            )
        for area, group in agenda.by_area(items):
            name = area or QCoreApplication.translate("Today", "(no area)")
            heading = QCoreApplication.translate("Today", "{0} — {1}").format(name, len(group))
            rows.append(Row("area", (heading, *blank), section=key))
            rows.extend(_visit_row(item, key, words) for item in giving_way(group))
        if total > len(items):
            more = QCoreApplication.translate("Today", "… and {0} more").format(total - len(items))
            rows.append(Row("empty", (more, *blank)))
    if agenda.cases:
        rows.append(
            Row(
                "section",
                (QCoreApplication.translate(
                    "Today", "Service cases waiting for a first response — {0}"
                 ).format(len(agenda.cases)), *blank),
            )
        )  # fmt: skip
        for case in agenda.cases:
            card = cards.get(case["card_id"])
            content = " ".join(str(case["content"]).split())
            rows.append(
                Row(
                    "case",
                    (
                        case["name"],
                        case["company"],
                        card.grade_label if card else "",
                        str(case["opened_at"])[:16].replace("T", " "),
                        QCoreApplication.translate("Labels", "{0}: {1}").format(
                            labels.word(KINDS, case["kind"]), content
                        ),
                        "",
                        (card.last_contact_at or "")[:10] if card else "",
                        QCoreApplication.translate("Today", "Waiting {0} h").format(
                            case["hours_waiting"]
                        ),
                    ),
                    case["card_id"],
                    None,
                    card.grade_label if card else None,
                    True,
                    section="cases",
                )
            )
    rows.extend(_payment_rows(agenda, cards, blank))
    if agenda.at_risk:
        rows.append(
            Row(
                "section",
                (
                    QCoreApplication.translate("Today", "Customers at risk — {0}").format(
                        len(agenda.at_risk)
                    ),
                    *blank,
                ),
            )
        )
        for card_id in agenda.at_risk:
            card = cards.get(card_id)
            if card is None:
                continue
            rows.append(
                Row(
                    "risk",
                    (
                        card.name,
                        card.company,
                        card.grade_label,
                        card.next_visit_on or "",
                        QCoreApplication.translate(
                            "Today", "No contact since the after-sales interval"
                        ),
                        "",
                        (card.last_contact_at or "")[:10],
                        card.area,
                    ),
                    card.id,
                    None,
                    card.grade_label,
                    True,
                    section="at_risk",
                )
            )
    return rows


def _payment_rows(
    agenda: Agenda, cards: Mapping[str, CardRow], blank: tuple[str, ...]
) -> list[Row]:
    """Issue 20: installments overdue and due soon, each with the card's phone to call."""
    due = list(getattr(agenda, "payments", []) or [])
    if not due:
        return []
    from salesdesk.services.payments import money

    total = count(agenda, "payments")
    title = QCoreApplication.translate("Today", "Payments to collect — {0}").format(total)
    rows = [Row("section", (title, *blank), section="payments")]
    for item in due:
        card = cards.get(item.card_id)
        what = QCoreApplication.translate("Today", "Installment {0}/{1} of {2}: {3}").format(
            item.number, item.of, item.product, money(item.remaining)
        )
        note = (
            plural(
                item.days_overdue,
                QCoreApplication.translate("Today", "Overdue {0} day"),
                QCoreApplication.translate("Today", "Overdue {0} days"),
            ).format(item.days_overdue)
            if item.days_overdue
            else ""
        )
        rows.append(
            Row(
                "payment",
                (
                    item.name,
                    item.company,
                    card.grade_label if card else "",
                    item.due_on.isoformat(),
                    what,
                    item.phone,
                    (card.last_contact_at or "")[:10] if card else "",
                    note,
                ),
                item.card_id,
                None,
                card.grade_label if card else None,
                bool(item.days_overdue),
                item.due_on.isoformat(),
                None,
                section="payments",
            )
        )
    return rows


# -- early warnings (issue 18) ---------------------------------------------------------------
WARNING_LABELS = {
    "spend_drop": QT_TRANSLATE_NOOP("Today", "Spend down"),
    "silent": QT_TRANSLATE_NOOP("Today", "Silent"),
    "complaint_open": QT_TRANSLATE_NOOP("Today", "Complaint open"),
    "key_idle": QT_TRANSLATE_NOOP("Today", "Key customer without contact"),
}
DISMISS_DAYS = 7


def _window_lang() -> str:
    return "zh_CN" if QLocale().name().startswith("zh") else "en"


def warning_rows(warnings: list[EarlyWarning], lang: str | None = None) -> list[Row]:
    """The early warnings as a section of the Today view, each with its reason."""
    if not warnings:
        return []
    lang = lang or _window_lang()
    blank = ("",) * (len(HEADERS) - 1)
    title = QCoreApplication.translate("Today", "Early warnings — {0}").format(len(warnings))
    rows = [Row("section", (title, *blank), section="warnings")]
    # One translation a kind, not one a row: each Qt call gives the interpreter lock to a
    # computing worker, and 8,000 warnings at 100,000 cards made that 0.2 s.
    kinds = {
        kind: QCoreApplication.translate("Today", text) for kind, text in WARNING_LABELS.items()
    }
    for warning in giving_way(warnings):  # on a worker: a keystroke goes first
        label = kinds[warning.kind]
        rows.append(
            Row(
                "warning",
                (warning.name, warning.company, warning.grade, "", label, "", "",
                 warning.reason(lang)),
                warning.card_id,
                None,
                warning.grade,
                True,
                section="warnings",
                warning_key=warning.key,
                hint=style_hint(warning.style, lang),
            )
        )  # fmt: skip
    return rows


class TodayModel(QAbstractTableModel):
    """The agenda as one table: section and area rows (spanned by the view) and item rows.

    Signals: the standard model signals only (setting an agenda resets the model).
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._headers = [labels.tr(h) for h in HEADERS]
        bold = QFont()
        bold.setBold(True)
        self._bold = bold
        self._section_brush = QBrush(QColor("#e8eef7"))
        self._area_brush = QBrush(QColor("#f4f6f9"))
        self._alert_brush = QBrush(QColor("#b3261e"))

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def rows(self) -> list[Row]:
        return self._rows

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled
        if self._rows[index.row()].card_id:
            flags |= Qt.ItemFlag.ItemIsSelectable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == _DISPLAY
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == _DISPLAY:
            return row.cells[column]
        if role == KindRole:
            return row.kind
        if role == IdRole:
            return row.card_id
        if role == VisitRole:
            return row.visit_id
        if role == GradeRole:
            return row.grade if column == GRADE_COLUMN and row.grade else None
        if role == _FONT and row.kind in ("section", "area"):
            return self._bold
        if role == _BACKGROUND:
            if row.kind == "section":
                return self._section_brush
            if row.kind == "area":
                return self._area_brush
            return None
        if role == _FOREGROUND and row.alert and column == NOTE_COLUMN:
            return self._alert_brush
        if role == _ALIGN and column == GRADE_COLUMN and row.grade:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == _TOOLTIP and row.hint:
            return "\n".join(text for text in (row.cells[NOTE_COLUMN], row.hint) if text)
        if role == _TOOLTIP and column in (4, NOTE_COLUMN) and row.cells[column]:
            return row.cells[column]
        return None


class TodayRead(NamedTuple):
    """What one read of the agenda brings back from the worker."""

    day: date
    cards: frozenset[str] | None  # the cards whose warnings were read again (None: all)
    agenda: Agenda
    planned: list[Row]
    dates: list[Row]
    warnings: list[EarlyWarning]
    # The rows, made on the worker too: 8,000 warnings and 600 visits at 100,000 cards
    # were 0.2-0.8 s of the GUI thread after a merge (None: the warnings of some cards
    # only, merged with those shown, on the GUI thread).
    agenda_rows: list[Row]
    warning_rows: list[Row] | None


class TodayView(QWidget):
    """Whom to visit today, district by district, with one action per row.

    Signals:
        open_card(str): show this card in the card list and panel.
        due_count_changed(int): overdue plus today's visits, after each refresh.
        refreshed(): the list shows a fresh read of the agenda.
    """

    open_card = Signal(str)
    due_count_changed = Signal(int)
    refreshed = Signal()

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.day: date | None = None
        self.agenda: Agenda | None = None
        self.warnings: list[EarlyWarning] = []
        self._warnings_day: date | None = None
        self._changed: Changed | None = None  # what the writes since the last refresh touched
        self.due_count = 0
        self.read_only = ops.read_only

        self.title = QLabel(self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)

        self.log_button = QPushButton(self.tr("&Log contact…"), self)
        self.log_button.setToolTip(self.tr("Log the visit or call; the next visit is planned"))
        self.reschedule_button = QPushButton(self.tr("Re&schedule…"), self)
        self.open_button = QPushButton(self.tr("&Open card"), self)
        self.dismiss_button = QPushButton(self.tr("&Dismiss"), self)
        self.dismiss_button.setToolTip(self.tr("Hide this early warning for seven days"))
        self.dismiss_button.clicked.connect(self.dismiss_current)
        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addStretch(1)
        for button in (
            self.log_button,
            self.reschedule_button,
            self.open_button,
            self.dismiss_button,
        ):
            bar.addWidget(button)

        self.model = TodayModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(GRADE_COLUMN, GradeChipDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda _index: self.open_current())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())

        # A file without cards says how to start instead of three empty lists.
        self.welcome = Welcome(
            self.tr("No cards yet"),
            self.tr(
                "Your visits for today show here, district by district, once you have cards."
                " Type in the first customer, bring in a list you already keep (Excel, CSV or"
                " vCard), or look around with made-up cards first."
            ),
            self,
        )
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.welcome)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.pages, 1)

        self.log_button.clicked.connect(self.log_current)
        self.reschedule_button.clicked.connect(self.reschedule_current)
        self.open_button.clicked.connect(self.open_current)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.refresh)
        self.ops.changed.connect(self._data_changed)
        self.refresh()

    # -- reading -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the agenda for today again (after a write, or when the day turns).

        The reading (agenda, today's plan, early warnings: a few hundred ms at 100,000
        cards) runs on a worker through the window's runner; a newer request replaces an
        older one, and the list shows the newest when it comes (refreshed).
        """
        self._pending.stop()
        session = self.ops.session
        day = session.today()
        covered = self._changed  # kept until a read that saw it is shown
        every_warning = (
            covered is None
            or covered.everything
            or covered.settings
            or not covered.cards
            or self._warnings_day != day
        )
        cards = None if every_warning or covered is None else frozenset(covered.cards)
        store = self.ops.store
        card_rows = session.card_list.rows  # looked up by id only (atomic) on the worker

        def work(_task: Any) -> TodayRead:
            from salesdesk.ui.weekplan import today_rows

            agenda = session.agenda(day, UPCOMING_DAYS)
            pause_for_user()  # a keystroke being answered goes first (at each step)
            planned, dates = today_rows(store, day)  # the week plan's day first
            warnings = session.early_warnings(day, cards)
            pause_for_user()
            rows = agenda_rows(agenda, card_rows)
            pause_for_user()
            return TodayRead(
                day, cards, agenda, planned, dates, warnings, rows,
                warning_rows(warnings) if cards is None else None,
            )  # fmt: skip

        def done(read: TodayRead) -> None:
            if self.ops.session is not session:
                return  # another file was opened meanwhile: its own read follows
            if self._changed is covered:
                self._changed = None
            self._show(read)

        self.ops.read((self, "today"), work, done, self._failed)

    @property
    def reading(self) -> bool:
        """A read of the agenda is on its way (or about to start)."""
        return self._pending.isActive() or self.ops.reading((self, "today"))

    def _failed(self, message: str) -> None:
        self.summary.setText(message)
        self.summary.setVisible(True)

    def _show(self, read: TodayRead) -> None:
        session = self.ops.session
        self.day = read.day
        current = self.current()
        agenda = self.agenda = read.agenda
        if read.cards is None:  # every warning was read again
            self.warnings = read.warnings
        else:  # only those of the cards the writes touched
            kept = [w for w in self.warnings if w.card_id not in read.cards]
            self.warnings = sorted(kept + read.warnings, key=warning_order)
        self._warnings_day = read.day
        self.model.set_rows(
            read.planned
            + read.agenda_rows
            + (read.warning_rows if read.warning_rows is not None else warning_rows(self.warnings))
            + read.dates
        )
        self.table.clearSpans()
        for number, row in enumerate(self.model.rows):
            if row.kind in ("section", "area", "empty"):
                self.table.setSpan(number, 0, 1, len(HEADERS))
        self._fit()
        overdue = count(agenda, "overdue")
        today = count(agenda, "today")
        upcoming = count(agenda, "upcoming")
        locale = QLocale()
        self.title.setText(
            self.tr("Today, {0}").format(locale.toString(self.day, QLocale.FormatType.LongFormat))
        )
        self.summary.setText(
            self.tr(
                "Overdue: {0} · due today: {1} · next {3} days: {2}"
                " · cases waiting: {4} · customers at risk: {5}"
            ).format(
                overdue, today, upcoming, UPCOMING_DAYS, len(agenda.cases), len(agenda.at_risk)
            )
        )
        due_payments = getattr(agenda, "payments", None) or []
        if due_payments:  # issue 20
            overdue_payments = sum(1 for p in due_payments if p.days_overdue)
            self.summary.setText(
                self.summary.text()
                + self.tr(" · payments to collect: {0} ({1} overdue)").format(
                    len(due_payments), overdue_payments
                )
            )
        if self.warnings:  # listed last, counted here where the day's figures are read
            self.summary.setText(
                self.summary.text()
                + self.tr(" · early warnings: {0} (at the end of the list)").format(
                    len(self.warnings)
                )
            )
        if current is not None:
            self.select(current.card_id, current.visit_id)
        else:
            self.table.scrollToTop()  # the 已逾期 heading first
        empty = not session.card_list.rows
        self.pages.setCurrentWidget(self.welcome if empty else self.table)
        self.summary.setVisible(not empty)
        for button in (self.log_button, self.reschedule_button, self.open_button):
            button.setVisible(not empty)
        self._update_buttons()
        if self.due_count != overdue + today or not hasattr(self, "_announced"):
            self._announced = True
            self.due_count = overdue + today
            self.due_count_changed.emit(self.due_count)
        self.refreshed.emit()

    def catch_up(self) -> None:
        """Read again when the date turned since the last read (the view is shown)."""
        if self.ops.session.today() != self.day:
            self.refresh()

    def _data_changed(self, changed: Changed) -> None:
        if not changed.concerns(agenda=True, settings=True):
            return  # a note, a phone: nothing Today shows
        self._changed = changed if self._changed is None else self._changed | changed
        if changed.settings or not (changed.cards or changed.everything):
            self.refresh()  # a setting, a dismissed warning: one change, read it now
        else:
            self._pending.start()  # card writes come in bursts: read once after them

    def _fit(self) -> None:
        widths = (150, 170, 56, 120, 190, 130, 96)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.welcome.set_read_only(read_only)
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.current() is None:
            self.table.scrollToTop()

    # -- the current row ---------------------------------------------------------------
    def current(self) -> Row | None:
        index = self.table.currentIndex()
        row = self.model.row(index.row()) if index.isValid() else None
        return row if row is not None and row.card_id else None

    def select(self, card_id: str | None, visit_id: str | None = None) -> bool:
        for number, row in enumerate(self.model.rows):
            if row.card_id == card_id and (visit_id is None or row.visit_id == visit_id):
                self.table.selectRow(number)
                self.table.setCurrentIndex(self.model.index(number, 0))
                return True
        return False

    def rows_of(self, kind: str) -> list[Row]:
        return [r for r in self.model.rows if r.kind == kind]

    def _update_buttons(self) -> None:
        row = self.current()
        editable = not self.read_only and row is not None
        self.log_button.setEnabled(editable)
        self.reschedule_button.setEnabled(editable and row is not None and bool(row.visit_id))
        self.open_button.setEnabled(row is not None)
        self.dismiss_button.setEnabled(
            not self.read_only and row is not None and bool(row.warning_key)
        )

    def _context_menu(self, point: QPoint) -> None:
        index = self.table.indexAt(point)
        if not index.isValid() or self.current() is None:
            return
        menu = QMenu(self)
        row = self.current()
        if row is not None and row.kind == "occasion":
            copy = QAction(self.tr("&Copy greeting"), menu)
            copy.triggered.connect(lambda: QApplication.clipboard().setText(row.cells[-1]))
            menu.addAction(copy)
        for button in (
            self.log_button,
            self.reschedule_button,
            self.open_button,
            self.dismiss_button,
        ):
            action = QAction(button.text(), menu)
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
            menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(point))

    # -- the actions -------------------------------------------------------------------
    def log_current(self) -> None:
        """Log a contact for the row's card; on a visit row it completes that visit."""
        row = self.current()
        if row is None or row.card_id is None or self.read_only:
            return
        log_contact_for(self, self.ops, row.card_id, row.visit_id)

    def reschedule_current(self) -> None:
        row = self.current()
        if row is None or not row.visit_id or self.read_only or not row.due:
            return
        reschedule(
            self,
            self.ops,
            row.visit_id,
            name=self._title(row.card_id, row.cells[0]),
            due=max(date.fromisoformat(row.due), self.day or date.fromisoformat(row.due)),
            due_time=row.due_time,
        )

    def _title(self, card_id: str | None, name: str) -> str:
        """The card as dialog titles name it: name · company."""
        row = self.ops.session.card_list.rows.get(card_id or "")
        return labels.card_title(name, row.company if row else "")

    def open_current(self) -> None:
        row = self.current()
        if row is not None and row.card_id:
            self.open_card.emit(row.card_id)

    def dismiss_current(self) -> None:
        """Hide the current early warning for a week; it comes back if still true then."""
        row = self.current()
        if row is None or not row.warning_key or self.read_only:
            return
        session, key, day = self.ops.session, row.warning_key, self.day
        # The runner announces the agenda changed: this view reads again.
        self.ops.run(lambda: session.dismiss_warning(key, DISMISS_DAYS, day))


def show_desktop_message(title: str, text: str) -> bool:
    """A notification where the desktop shows them (tray with messages); else nothing.

    Replaceable in tests. True when a message was handed to the desktop.
    """
    if not QSystemTrayIcon.isSystemTrayAvailable() or not QSystemTrayIcon.supportsMessages():
        return False
    app = QApplication.instance()
    tray = getattr(app, "_salesdesk_tray", None)
    if tray is None:
        tray = QSystemTrayIcon(QApplication.windowIcon(), app)
        tray.setToolTip("SalesDesk")
        app._salesdesk_tray = tray  # type: ignore[union-attr]
    tray.show()
    tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10_000)
    return True


class Reminder(QObject):
    """Tells the desktop what is due: a summary at start and each new day, and each timed
    visit a few minutes before its time. A QTimer calls check() every minute.

    Signals:
        day_changed(): the date turned since the last check (the Today view reads again).
    """

    day_changed = Signal()

    def __init__(self, ops: Ops, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.notify: Callable[[str, str], bool] = show_desktop_message
        self._day: date | None = None
        self._told: set[str] = set()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.check()
        self.timer.start()

    def check(self, now: datetime | None = None) -> list[str]:
        """Hand what newly fell due to the desktop; returns the messages (for tests)."""
        session = self.ops.session
        now = now or session.now()
        day = now.date()
        agenda = session.agenda(day, 0)
        out: list[str] = []
        if day != self._day:
            first = self._day is None
            self._day = day
            self._told = set()
            if not first:
                self.day_changed.emit()
            overdue = count(agenda, "overdue")
            today = count(agenda, "today")
            if overdue + today:
                if overdue + today == 1:
                    out.append(
                        self.tr("1 visit due today, overdue.")
                        if overdue
                        else self.tr("1 visit due today.")
                    )
                else:
                    out.append(
                        self.tr("{0} visits due today, {1} of them overdue.").format(
                            overdue + today, overdue
                        )
                    )
            if agenda.cases:
                out.append(
                    plural(
                        len(agenda.cases),
                        self.tr("{0} service case is waiting for a first response."),
                        self.tr("{0} service cases are waiting for a first response."),
                    ).format(len(agenda.cases))
                )
        soon = (now + timedelta(minutes=REMIND_BEFORE_MINUTES)).strftime("%H:%M")
        for item in agenda.today:
            if item.due_time and item.due_time <= soon and item.visit_id not in self._told:
                self._told.add(item.visit_id)
                if item.due_time >= (now - timedelta(hours=1)).strftime("%H:%M"):
                    out.append(
                        self.tr("{0} at {1}: {2}").format(
                            item.name, item.due_time, purpose_words(item.purpose)
                        )
                    )
        for text in out:
            self.notify(self.tr("SalesDesk — visits"), text)
        return out

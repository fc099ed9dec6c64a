"""Qt table models: the card list over CardList's row tuples, and the card panel's tabs."""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace
from operator import itemgetter
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor

from salesdesk.domain.grades import GRADES
from salesdesk.domain.search import query_terms
from salesdesk.services.cardlist import CardFilter, CardList, CardRow, Column, scan
from salesdesk.services.cards import GradeStep
from salesdesk.services.contacts import ContactEntry
from salesdesk.services.history import HistoryEntry
from salesdesk.ui import labels

# Custom roles: the card (or row) id behind a row, and the grade letter a chip paints.
IdRole = int(Qt.ItemDataRole.UserRole) + 1
GradeRole = int(Qt.ItemDataRole.UserRole) + 2

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

AnyIndex = QModelIndex | QPersistentModelIndex

_ID = itemgetter(CardRow._fields.index("id"))
_GRADE = itemgetter(CardRow._fields.index("grade"))


class CardTableModel(QAbstractTableModel):
    """The card list: what CardList.query returns for the current filter and sort.

    Filtering and sorting happen in CardList (plain Python); the model is then
    reset, which at 100,000 rows costs far less than any proxy model.

    Signals: the standard model signals only (a query resets the model).
    """

    def __init__(self, card_list: CardList, parent: Any = None) -> None:
        super().__init__(parent)
        self.card_list = card_list
        self.reader: Any = None  # the window's Ops.read: slow preparations off the GUI thread
        self._rows: list[CardRow] = []
        self._counts: dict[str, int] | None = None
        # The rows under every filter but the grade chips, kept so that typing on
        # (zh → zha) filters these instead of all 100,000 cards.
        self._population: list[CardRow] | None = None
        self._search_asked: tuple[int, Column, bool] | None = None  # the last made ready
        # The rows and grade counts of the last few filters, while the card list, its
        # version and the sort stay as they were: a term typed again (13800 -> 138 by
        # backspace, a search box cleared and typed into again) is not read afresh (a
        # term in half the rows costs 20-25 ms of a keystroke at 100,000 cards, the whole
        # list 5). Same rows, same order: the same query over the same sorted rows.
        self._recent: OrderedDict[CardFilter, _Recent] = OrderedDict()
        self._recent_of: tuple[CardList | None, int, Column, bool] = (None, 0, Column.NAME, False)
        self.card_filter = CardFilter()
        self.sort_column = Column.NAME
        self.descending = False
        # Translated once: data() runs for every visible cell on every repaint.
        self._status_words = {code: labels.word(labels.STATUSES, code) for code in labels.STATUSES}
        self._headers = [labels.tr(labels.COLUMNS[c]) for c in Column]
        # Issue 20: cards with a payment overdue, marked on their name (set by the window).
        self.overdue_payments: frozenset[str] = frozenset()
        self._overdue_brush = QBrush(QColor("#c62828"))
        self._overdue_tip = QCoreApplication.translate("Labels", "A payment is overdue")

    # -- querying ----------------------------------------------------------------------
    @property
    def rows(self) -> Sequence[CardRow]:
        return self._rows

    @property
    def total(self) -> int:
        return len(self.card_list.rows)

    def set_filter(self, card_filter: CardFilter) -> None:
        """Show the cards that pass this filter (typing on narrows the last result)."""
        previous = self.card_filter
        self.card_filter = card_filter
        self.requery(narrow_from=previous)

    def refresh(self) -> None:
        """The cards changed: query again from the whole card list."""
        self.requery()

    def requery(self, narrow_from: CardFilter | None = None) -> None:
        card_filter = self.card_filter
        base = card_filter.without_grades()
        recent = self._recent_results()
        known = recent.get(base)
        population = None if known is None else known.rows
        # Narrowing filters the last result row by row: quicker than a fresh query
        # while that result is not most of the list (a fresh query of a rare term
        # reads the joined search texts in C, 10-17 ms at 100,000 cards;
        # a common one goes row by row over every card).
        last = self._population
        if population is None and narrow_from is not None and last is not None:
            terms = query_terms(base.text)
            share = (
                _NARROW_RUNS_AT_MOST
                if self.card_list.reads_runs(terms, self.sort_column, self.descending)
                else _NARROW_AT_MOST
            )
            small = len(last) <= share * len(self.card_list.rows)
            population = _narrowed(last, narrow_from, base) if small else None
        if population is None:
            population = self.card_list.query(base, self.sort_column, self.descending)
            # A load or a sort: get the search text ready when idle (once a version).
            asked = (self.card_list.version, self.sort_column, self.descending)
            if asked != self._search_asked:
                self._search_asked = asked
                QTimer.singleShot(0, self._prepare_search)
        if known is None:
            known = recent[base] = _Recent(population)
            if len(recent) > _RECENT_AT_MOST:
                recent.popitem(last=False)
        else:
            recent.move_to_end(base)
        self._population = population
        # The chips count every grade under the other filters, so the rows are the
        # population with the chosen grades picked out (CardList's rule: letter or F kind).
        grades = card_filter.grades
        if grades:
            rows = [r for r in population if r.grade in grades or (r.f_kind or "") in grades]
        else:
            rows = population
        self._counts = None
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def _recent_results(self) -> OrderedDict[CardFilter, _Recent]:
        """The recent filters' results, emptied when the rows or their order changed."""
        card_list = self.card_list
        now = (card_list, card_list.version, self.sort_column, self.descending)
        if now[0] is not self._recent_of[0] or now[1:] != self._recent_of[1:]:
            self._recent.clear()
            self._recent_of = now
        return self._recent

    def _prepare_search(self) -> None:
        """Make the search text ahead of the first keystroke: on a worker when the window
        gave a reader (50-60 ms at 100,000 cards, over a second on a busy machine)."""
        card_list = self.card_list
        if self.reader is None:
            card_list.prepare_search(self.sort_column, self.descending)
            return
        parts = card_list.search_to_make(self.sort_column, self.descending)
        if parts is None:
            return
        rows, version = parts
        self.reader(
            ("search text", id(self)),
            lambda _task: card_list.make_search(rows),
            lambda made: card_list.use_search(rows, made, version),
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column):
            return
        self.sort_column = Column(column)
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.requery()

    def row_of(self, card_id: str) -> int | None:
        # map/itemgetter and list.index run in C: a few ms at 100,000 rows.
        try:
            return list(map(_ID, self._rows)).index(card_id)
        except ValueError:
            return None

    def grade_counts(self) -> dict[str, int]:
        """Cards per grade letter under every filter but the grade chips (their live counts)."""
        if self._counts is None:
            population = self._population or []
            known = self._recent.get(self.card_filter.without_grades())
            if known is not None and known.rows is population and known.counts is not None:
                self._counts = known.counts
            else:
                # The search counted them on the way, when it could (a compact list, not
                # 100,000 scattered rows: 4 ms instead of 18 on a keystroke).
                self._counts = self.card_list.counted(population) or dict(
                    Counter(map(_GRADE, population))
                )
                if known is not None and known.rows is population:
                    known.counts = self._counts
        return {grade: self._counts.get(grade, 0) for grade in GRADES}

    def card_id(self, row: int) -> str | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    # -- the model ---------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

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
            if column == 0:
                return row.name
            if column == 1:
                return row.company
            if column == 2:
                return row.grade_label
            if column == 3:
                return self._status_words.get(row.status, row.status)
            if column == 4:
                return row.area
            if column == 5:
                return (row.last_contact_at or "")[:10]
            if column == 6:
                return row.next_visit_on or ""
            return None
        if role == IdRole:
            return row.id
        if role == GradeRole:
            return row.grade_label if column == 2 else None
        if role == _ALIGN and column == 2:
            return _CENTER
        if role == _TOOLTIP and column == 2:
            return labels.grade_name(row.grade_label)
        if column == 0 and row.id in self.overdue_payments:
            if role == _FOREGROUND:
                return self._overdue_brush
            if role == _TOOLTIP:
                return self._overdue_tip
            if role == _DECORATION:
                return self._overdue_icon()
        return None

    def _overdue_icon(self) -> Any:
        icon = getattr(self, "_icon", None)
        if icon is None:
            from PySide6.QtWidgets import QApplication, QStyle

            icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self._icon = icon
        return icon


class _Recent:
    """A filter's rows (every grade) and, once counted, their grade counts."""

    __slots__ = ("counts", "rows")

    def __init__(self, rows: list[CardRow]) -> None:
        self.rows = rows
        self.counts: dict[str, int] | None = None


_RECENT_AT_MOST = 8  # filters: at most 8 lists of the rows' references (0.8 MB each at 100,000)

# Narrowing 60,000 rows costs what a fresh query of a rare term does (12-14 ms at
# 135 characters a row); a common term is read row by row over every card afresh.
_NARROW_AT_MOST = 0.6  # of the card list
# A term of digits is read afresh from the rows' runs of digits in 7-10 ms at 100,000
# cards: narrowing pays below a fifth of the list ('13' -> '138': 18 ms -> 8.6).
_NARROW_RUNS_AT_MOST = 0.2


def _narrowed(
    population: list[CardRow], before: CardFilter, after: CardFilter
) -> list[CardRow] | None:
    """The rows for `after` picked from the rows for `before`, when `after` only adds text.

    Every row matching the new terms matches the old ones when each old term lies
    inside a new term; otherwise (or when other filters differ) None: query afresh.
    """
    if replace(before.without_grades(), text="") != replace(after, text=""):
        return None
    old_terms = query_terms(before.text)
    new_terms = query_terms(after.text)
    if not old_terms or new_terms == old_terms:
        return None if not old_terms else population
    if not all(any(old in new for new in new_terms) for old in old_terms):
        return None
    return scan(population, sorted(new_terms, key=len, reverse=True))


class EntryTableModel(QAbstractTableModel):
    """A read-only table over a list of entries, its cells worked out once when set.

    Subclasses name their headers and say how an entry becomes cells.
    Signals: the standard model signals only.
    """

    HEADERS: tuple[str, ...] = ()
    GRADE_COLUMNS: frozenset[int] = frozenset()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[Any] = []
        self._cells: list[tuple[str, ...]] = []
        self._grades: list[dict[int, str]] = []

    def set_entries(self, entries: Sequence[Any]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self._cells = [self.cells(e) for e in self._entries]
        self._grades = [self.grades(e) for e in self._entries]
        self.endResetModel()

    def entry(self, row: int) -> Any:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    @property
    def entries(self) -> list[Any]:
        return self._entries

    def cells(self, entry: Any) -> tuple[str, ...]:
        raise NotImplementedError

    def grades(self, entry: Any) -> dict[int, str]:
        return {}

    def entry_id(self, entry: Any) -> str | None:
        return getattr(entry, "id", None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == _DISPLAY
            and 0 <= section < len(self.HEADERS)
        ):
            return QCoreApplication.translate("Labels", self.HEADERS[section])
        return None

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == _DISPLAY:
            return self._cells[row][column]
        if role == _TOOLTIP:
            text = self._cells[row][column]
            return text if len(text) > 40 else None
        if role == IdRole:
            return self.entry_id(self._entries[row])
        if role == GradeRole:
            return self._grades[row].get(column)
        if role == _ALIGN and column in self.GRADE_COLUMNS:
            return _CENTER
        return None


def _one_line(text: str) -> str:
    return " ".join(text.split())


class ContactLogModel(EntryTableModel):
    """A card's contacts, newest first. Signals: the standard model signals only."""

    HEADERS = (
        QT_TRANSLATE_NOOP("Labels", "When"),
        QT_TRANSLATE_NOOP("Labels", "Channel"),
        QT_TRANSLATE_NOOP("Labels", "Summary"),
        QT_TRANSLATE_NOOP("Labels", "Outcome"),
        QT_TRANSLATE_NOOP("Labels", "Grade after"),
    )
    GRADE_COLUMNS = frozenset({4})

    def cells(self, entry: ContactEntry) -> tuple[str, ...]:
        return (
            labels.when(entry.at),
            labels.word(labels.CHANNELS, entry.channel),
            _one_line(entry.summary),
            _one_line(entry.outcome),
            entry.grade_after or "",
        )

    def grades(self, entry: ContactEntry) -> dict[int, str]:
        return {4: entry.grade_after} if entry.grade_after else {}


class GradePathModel(EntryTableModel):
    """A card's grade steps in time order. Signals: the standard model signals only."""

    HEADERS = (
        QT_TRANSLATE_NOOP("Labels", "When"),
        QT_TRANSLATE_NOOP("Labels", "From"),
        QT_TRANSLATE_NOOP("Labels", "To"),
        QT_TRANSLATE_NOOP("Labels", "Reason"),
        QT_TRANSLATE_NOOP("Labels", "Blocker"),
        QT_TRANSLATE_NOOP("Labels", "Re-check date"),
    )
    GRADE_COLUMNS = frozenset({1, 2})

    def cells(self, entry: GradeStep) -> tuple[str, ...]:
        return (
            labels.when(entry.at),
            entry.from_label or "",
            entry.to_label,
            _one_line(entry.reason),
            entry.blocker,
            labels.day(entry.recheck_on),
        )

    def grades(self, entry: GradeStep) -> dict[int, str]:
        found = {2: entry.to_label}
        if entry.from_label:
            found[1] = entry.from_label
        return found


class HistoryModel(EntryTableModel):
    """Every change of a card, newest first: when, device, field, old → new.

    Signals: the standard model signals only.
    """

    HEADERS = (
        QT_TRANSLATE_NOOP("Labels", "When"),
        QT_TRANSLATE_NOOP("Labels", "Device"),
        QT_TRANSLATE_NOOP("Labels", "Field"),
        QT_TRANSLATE_NOOP("Labels", "Old → new"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        # Referred-by and similar ids are shown as names where the window knows them.
        self.describe: Callable[[str, Any], str] = labels.stored_value

    def entry_id(self, entry: HistoryEntry) -> str | None:
        return entry.change_id

    def cells(self, entry: HistoryEntry) -> tuple[str, ...]:
        if entry.field == "created":
            change = QCoreApplication.translate("Labels", "Card created: {0}").format(entry.new)
        else:
            old = self.describe(entry.field, entry.old)
            new = self.describe(entry.field, entry.new)
            change = f"{old} → {new}"
        return (
            labels.when(entry.at),
            entry.device,
            labels.field_name(entry.table, entry.field),
            _one_line(change),
        )

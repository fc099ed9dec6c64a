"""The filter bar over the card list: search as you type, grade chips with counts, facet boxes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.grades import GRADES
from salesdesk.domain.values import STATUSES
from salesdesk.services.cardlist import CardFilter
from salesdesk.ui import labels
from salesdesk.ui.chips import grade_color, text_color_on
from salesdesk.ui.wheel import guard_wheel

# How long typing may pause before the list follows; short enough to feel instant,
# long enough that a burst of keys costs one query.
SEARCH_DELAY_MS = 25


def _compact(combo: QComboBox) -> None:
    # Narrow when space is short (a half-screen window), growing with the bar otherwise.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(4)


class FacetCombo(QComboBox):
    """A filter box whose values (owners, areas, tags) are fetched when it opens.

    The first item, 'All …', means no filter. Signals: the standard QComboBox signals.
    """

    def __init__(self, all_text: str, values: Callable[[], list[str]], parent: QWidget) -> None:
        super().__init__(parent)
        self._values = values
        self.stale = True
        self.addItem(all_text, None)
        _compact(self)

    def refresh_items(self) -> None:
        current = self.currentData()
        self.blockSignals(True)
        while self.count() > 1:
            self.removeItem(1)
        for value in self._values():
            self.addItem(value, value)
        index = self.findData(current) if current is not None else 0
        if index < 0:
            # The chosen value no longer exists; keep it so the filter stays honest.
            self.addItem(current, current)
            index = self.count() - 1
        self.setCurrentIndex(index)
        self.blockSignals(False)
        self.stale = False

    def showPopup(self) -> None:
        if self.stale:
            self.refresh_items()
        super().showPopup()

    def value(self) -> str | None:
        return self.currentData()


class FilterBar(QWidget):
    """Search box, grade chips A–F with live counts, and status/owner/tag/area/key filters.

    Signals:
        filter_changed(CardFilter): the user changed the search text or a filter.
        to_list(): Enter or Down in the search box: the user goes on to the list.
    """

    filter_changed = Signal(object)
    to_list = Signal()

    def __init__(self, facets: Callable[[], dict[str, list[str]]], parent: QWidget) -> None:
        super().__init__(parent)
        self._facets = facets
        self._facet_cache: dict[str, list[str]] | None = None

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search name, company, phone, pinyin"))
        self.search.setToolTip(
            self.tr(
                "Finds cards by name, company, phone, tag or e-mail as you type;"
                " pinyin works too: zw or zhangwei finds 张伟."
            )
        )
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(80)

        self.chips: dict[str, QToolButton] = {}
        chip_row = QHBoxLayout()
        chip_row.setSpacing(4)
        for grade in GRADES:
            chip = QToolButton(self)
            chip.setCheckable(True)
            chip.setText(grade)
            chip.setToolTip(
                self.tr("Show only grade {0}: {1}").format(grade, labels.grade_name(grade))
            )
            color = grade_color(grade)
            fg = text_color_on(color).name()
            chip.setStyleSheet(
                f"QToolButton {{ border: 2px solid {color.name()}; border-radius: 11px;"
                " padding: 2px 8px; font-weight: bold; }"
                f"QToolButton:checked {{ background: {color.name()}; color: {fg}; }}"
            )
            chip.toggled.connect(self._emit)
            self.chips[grade] = chip
            chip_row.addWidget(chip)

        self.status = QComboBox(self)
        self.status.addItem(self.tr("All statuses"), None)
        for code in STATUSES:
            self.status.addItem(labels.word(labels.STATUSES, code), code)
        _compact(self.status)
        self.owner = FacetCombo(self.tr("All owners"), lambda: self._facet("owners"), self)
        self.tag = FacetCombo(self.tr("All tags"), lambda: self._facet("tags"), self)
        self.area = FacetCombo(self.tr("All areas"), lambda: self._facet("areas"), self)
        self.key_only = QCheckBox(self.tr("Key customers only"), self)
        self.clear_button = QToolButton(self)
        self.clear_button.setText(self.tr("Clear filters"))
        self.clear_button.clicked.connect(self.clear)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addLayout(chip_row)
        top.addWidget(self.clear_button)
        bottom = QHBoxLayout()
        for combo in (self.status, self.owner, self.tag, self.area):
            bottom.addWidget(combo, 1)
        bottom.addWidget(self.key_only)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(bottom)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._emit)
        self.search.textChanged.connect(self._timer.start)
        for combo in (self.status, self.owner, self.tag, self.area):
            combo.currentIndexChanged.connect(self._emit)
        self.key_only.toggled.connect(self._emit)
        self.search.returnPressed.connect(self._emit_now)
        self.search.returnPressed.connect(self.to_list)
        self.search.installEventFilter(self)
        guard_wheel(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown)
        ):
            self._emit_now()
            self.to_list.emit()
            return True
        return super().eventFilter(watched, event)

    def _facet(self, kind: str) -> list[str]:
        if self._facet_cache is None:
            self._facet_cache = self._facets()
        return self._facet_cache.get(kind, [])

    def set_facets(self, facets: Callable[[], dict[str, list[str]]]) -> None:
        """Read the facets from another source (the window opened another file)."""
        self._facets = facets
        self.facets_stale()

    def facets_stale(self) -> None:
        """The cards changed: offer fresh owners, tags and areas the next time a box opens."""
        self._facet_cache = None
        for combo in (self.owner, self.tag, self.area):
            combo.stale = True

    def refresh_facets(self) -> None:
        self._facet_cache = None
        for combo in (self.owner, self.tag, self.area):
            combo.refresh_items()

    def current_filter(self) -> CardFilter:
        status = self.status.currentData()
        return CardFilter(
            text=self.search.text(),
            grades=frozenset(g for g, chip in self.chips.items() if chip.isChecked()),
            statuses=frozenset({status}) if status else frozenset(),
            owner=self.owner.value(),
            tag=self.tag.value(),
            area=self.area.value(),
            key_only=self.key_only.isChecked(),
        )

    def is_filtering(self) -> bool:
        return self.current_filter() != CardFilter()

    def set_counts(self, counts: dict[str, int]) -> None:
        for grade, chip in self.chips.items():
            chip.setText(f"{grade} {counts.get(grade, 0)}")

    def clear(self) -> None:
        widgets = [self.search, self.status, self.owner, self.tag, self.area, self.key_only]
        widgets += list(self.chips.values())
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        for combo in (self.status, self.owner, self.tag, self.area):
            combo.setCurrentIndex(0)
        self.key_only.setChecked(False)
        for chip in self.chips.values():
            chip.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self._emit_now()

    def _emit_now(self) -> None:
        self._timer.stop()
        self._emit()

    def _emit(self) -> None:
        self.filter_changed.emit(self.current_filter())

    def set_filter(self, card_filter: CardFilter) -> None:
        """Show this filter in the bar without announcing it (going back to it)."""
        widgets = [self.search, self.status, self.owner, self.tag, self.area, self.key_only]
        widgets += list(self.chips.values())
        for widget in widgets:
            widget.blockSignals(True)
        self._timer.stop()
        self.search.setText(card_filter.text)
        status = next(iter(card_filter.statuses), None)
        self.status.setCurrentIndex(max(0, self.status.findData(status)) if status else 0)
        for combo, value in (
            (self.owner, card_filter.owner),
            (self.tag, card_filter.tag),
            (self.area, card_filter.area),
        ):
            index = combo.findData(value) if value is not None else 0
            if index < 0:
                combo.addItem(value, value)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
        self.key_only.setChecked(card_filter.key_only)
        for grade, chip in self.chips.items():
            chip.setChecked(grade in card_filter.grades)
        for widget in widgets:
            widget.blockSignals(False)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

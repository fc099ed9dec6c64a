"""The card panel beside the list: every field of one card to view and edit, and its tabs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QLocale, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.errors import NotFound
from salesdesk.domain.phones import suggested_label
from salesdesk.domain.values import (
    CREDITS,
    MAX_TEXT,
    PHONE_LABELS,
    SOURCES,
    STATUSES,
    STYLES,
    parse_tags,
)
from salesdesk.services.agenda import style_hint
from salesdesk.services.cards import CardData
from salesdesk.services.changes import Changed
from salesdesk.ui import labels, messages
from salesdesk.ui.chips import GradeChip, GradeChipDelegate, GradePathStrip
from salesdesk.ui.dialogs import CardPickerDialog, EditContactDialog
from salesdesk.ui.models import ContactLogModel, GradePathModel, HistoryModel, IdRole
from salesdesk.ui.ops import Ops
from salesdesk.ui.wheel import guard_wheel

TAB_DETAILS, TAB_CONTACTS, TAB_PATH, TAB_HISTORY = range(4)
TAB_VISITS, TAB_DEALS, TAB_CASES = 4, 5, 6  # salesdesk.ui.visits and .aftersales


def _code_combo(
    parent: QWidget, words: dict[str, str], codes: tuple[str, ...], empty: bool
) -> QComboBox:
    combo = QComboBox(parent)
    if empty:
        combo.addItem("—", None)
    for code in codes:
        combo.addItem(labels.word(words, code), code)
    guard_wheel(combo)  # scrolling the form passes over it without changing it
    return combo


def _set_code(combo: QComboBox, code: str | None) -> None:
    index = combo.findData(code)
    if index < 0 and code:
        # A value from an import or a newer version: show it rather than lose it.
        combo.addItem(code, code)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))


class PhonesEditor(QWidget):
    """Several labelled phone numbers, one row each.

    Signals:
        edited(): a label or number changed, or a row was added or removed.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[QWidget, QComboBox, QLineEdit]] = []
        self._chosen: set[QComboBox] = set()  # labels the user picked: no more suggestions
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.add_button = QToolButton(self)
        self.add_button.setText(self.tr("Add phone"))
        self.add_button.clicked.connect(lambda: self.add_row("mobile", "", focus=True))
        self._layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._read_only = False

    def add_row(self, label: str, number: str, *, focus: bool = False) -> None:
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        kind = _code_combo(row, labels.PHONE_LABELS, PHONE_LABELS, empty=False)
        _set_code(kind, label)
        edit = QLineEdit(number, row)
        edit.setPlaceholderText(self.tr("Number"))
        remove = QToolButton(row)
        remove.setText("✕")
        remove.setToolTip(self.tr("Remove this phone"))
        remove.clicked.connect(lambda: self._remove(row))
        line.addWidget(kind)
        line.addWidget(edit, 1)
        line.addWidget(remove)
        kind.currentIndexChanged.connect(self.edited)
        kind.activated.connect(lambda _index, k=kind: self._chosen.add(k))
        edit.textEdited.connect(lambda text, k=kind: self._suggest(k, text))
        edit.textChanged.connect(self.edited)
        self._layout.insertWidget(len(self._rows), row)
        self._rows.append((row, kind, edit))
        self._apply_read_only(row, kind, edit, remove)
        if focus:
            edit.setFocus()
            self.edited.emit()

    def _suggest(self, kind: QComboBox, number: str) -> None:
        """The label the number implies (mobile or 座机), until the user picks one."""
        if kind in self._chosen:
            return
        label = suggested_label(number)
        if label is not None and label != kind.currentData():
            _set_code(kind, label)

    def _apply_read_only(
        self, row: QWidget, kind: QComboBox, edit: QLineEdit, remove: QToolButton
    ) -> None:
        kind.setEnabled(not self._read_only)
        edit.setReadOnly(self._read_only)
        remove.setVisible(not self._read_only)

    def _remove(self, row: QWidget) -> None:
        self._chosen -= {r[1] for r in self._rows if r[0] is row}
        self._rows = [r for r in self._rows if r[0] is not row]
        row.hide()
        row.deleteLater()
        self.edited.emit()

    def set_phones(self, phones: list[tuple[str, str]]) -> None:
        for row, *_ in self._rows:
            row.hide()
            row.deleteLater()
        self._rows = []
        self._chosen = set()
        for label, number in phones:
            self.add_row(label, number)

    def phones(self) -> list[tuple[str, str]]:
        out = []
        for _, kind, edit in self._rows:
            number = edit.text().strip()
            if number:
                out.append((kind.currentData(), number))
        return out

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.add_button.setVisible(not read_only)
        for row, kind, edit in self._rows:
            remove = row.findChild(QToolButton)
            self._apply_read_only(row, kind, edit, remove)


class ReferrerField(QWidget):
    """'Referred by': another card, chosen by searching; shown by name.

    Signals:
        edited(): another card was chosen or the field cleared.
    """

    edited = Signal()

    def __init__(self, panel: CardPanel) -> None:
        super().__init__(panel)
        self._panel = panel
        self.card_id: str | None = None
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        self.display = QLineEdit(self)
        self.display.setReadOnly(True)
        self.choose = QToolButton(self)
        self.choose.setText(self.tr("Choose…"))
        self.clear = QToolButton(self)
        self.clear.setText("✕")
        self.clear.setToolTip(self.tr("No referrer"))
        line.addWidget(self.display, 1)
        line.addWidget(self.choose)
        line.addWidget(self.clear)
        self.choose.clicked.connect(self._choose)
        self.clear.clicked.connect(lambda: self.set_card(None, edited=True))

    def _choose(self) -> None:
        chosen = CardPickerDialog.ask(
            self, self._panel.ops.session.card_list, exclude=self._panel.card_id
        )
        if chosen:
            self.set_card(chosen, edited=True)

    def set_card(self, card_id: str | None, *, edited: bool = False) -> None:
        self.card_id = card_id
        self.display.setText(self._panel.card_name(card_id) if card_id else "")
        if edited:
            self.edited.emit()

    def set_read_only(self, read_only: bool) -> None:
        self.choose.setVisible(not read_only)
        self.clear.setVisible(not read_only)


class CardPanel(QWidget):
    """One card: a header with its grade chip, and Details, Contact log, Grade path, History tabs.

    Edits are kept in the form until Save (Session.edit_card) or Revert.

    Signals:
        dirty_changed(bool): the form now differs (or no longer differs) from the stored card.
    """

    dirty_changed = Signal(bool)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.card_id: str | None = None
        self.card: CardData | None = None
        self._dirty = False
        self._filling = False
        self._saving = False
        self._stale_tabs: set[int] = set()
        self.read_only = ops.read_only

        self.stack = QStackedWidget(self)
        self.empty = QLabel(self.tr("Select a card in the list, or make a new one."), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack.addWidget(self.empty)
        content = QWidget(self)
        self.stack.addWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addLayout(self._build_header(content))
        self.tabs = QTabWidget(content)
        self.tabs.addTab(self._build_details(), self.tr("&Details"))
        self.tabs.addTab(self._build_contacts(), self.tr("Contact &log"))
        self.tabs.addTab(self._build_path(), self.tr("Grade &path"))
        self.tabs.addTab(self._build_history(), self.tr("&History"))
        self.card_pages = self._build_card_pages()
        self.tabs.currentChanged.connect(self._tab_shown)
        layout.addWidget(self.tabs, 1)
        self.ops.changed.connect(self.on_changed)
        self.set_read_only(self.read_only)
        self.stack.setCurrentIndex(0)

    # -- building ----------------------------------------------------------------------
    def _build_header(self, parent: QWidget) -> QVBoxLayout:
        header = QVBoxLayout()
        top = QHBoxLayout()
        self.title = QLabel(parent)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chip = GradeChip(parent)
        top.addWidget(self.title, 1)
        top.addWidget(self.chip)
        header.addLayout(top)
        self.subtitle = QLabel(parent)
        self.subtitle.setWordWrap(True)
        header.addWidget(self.subtitle)
        # How to approach the person, from their communication style (one line).
        self.style_hint = QLabel(parent)
        self.style_hint.setWordWrap(True)
        self.style_hint.setStyleSheet("font-style: italic;")
        header.addWidget(self.style_hint)
        self.grade_info = QLabel(parent)
        self.grade_info.setWordWrap(True)
        header.addWidget(self.grade_info)
        buttons = QHBoxLayout()
        self.change_grade_button = QToolButton(parent)
        self.log_contact_button = QToolButton(parent)
        for button in (self.change_grade_button, self.log_contact_button):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.addWidget(button)
        buttons.addStretch(1)
        header.addLayout(buttons)
        return header

    def _build_details(self) -> QWidget:
        page = QWidget(self)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        form_host = QWidget(scroll)
        form = QFormLayout(form_host)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form = form

        self.edits: dict[str, QLineEdit] = {}
        for key in ("name", "company", "title"):
            self.edits[key] = QLineEdit(form_host)
        self.phones = PhonesEditor(form_host)
        for key in (
            "wechat",
            "email",
            "address",
            "area",
            "birthday",
            "owner",
            "tags",
            "annual_spend",
            "credit_limit",
        ):
            self.edits[key] = QLineEdit(form_host)
        self.edits["credit_limit"].setPlaceholderText(self.tr("By credit standing"))
        self.edits["annual_spend"].setPlaceholderText(self.tr("What they spend a year in all"))
        self.edits["birthday"].setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.edits["tags"].setPlaceholderText(self.tr("Separate tags with commas"))
        # Areas and owners already in use are offered as you type, fetched on first focus.
        self._completions: dict[str, QStringListModel] = {}
        self._completions_stale = True
        for key in ("area", "owner"):
            model = QStringListModel(self)
            completer = QCompleter(model, self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.edits[key].setCompleter(completer)
            self.edits[key].installEventFilter(self)
            self._completions[key] = model
        self.status = _code_combo(form_host, labels.STATUSES, STATUSES, empty=False)
        self.source = _code_combo(form_host, labels.SOURCES, SOURCES, empty=True)
        self.referrer = ReferrerField(self)
        self.style_box = _code_combo(form_host, labels.STYLES, STYLES, empty=True)
        self.credit = _code_combo(form_host, labels.CREDITS, CREDITS, empty=True)
        self.key_customer = QCheckBox(form_host)
        self.notes = QPlainTextEdit(form_host)
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(90)

        rows: list[tuple[str, QWidget]] = [
            (self.tr("&Name:"), self.edits["name"]),
            (self.tr("&Company:"), self.edits["company"]),
            (self.tr("&Title:"), self.edits["title"]),
            (self.tr("Phones:"), self.phones),
            (self.tr("&WeChat ID:"), self.edits["wechat"]),
            (self.tr("&E-mail:"), self.edits["email"]),
            (self.tr("&Address:"), self.edits["address"]),
            (self.tr("A&rea:"), self.edits["area"]),
            (self.tr("&Status:"), self.status),
            (self.tr("Key customer:"), self.key_customer),
            (self.tr("So&urce:"), self.source),
            (self.tr("Referred &by:"), self.referrer),
            (self.tr("Birthda&y:"), self.edits["birthday"]),
            (self.tr("Communication st&yle:"), self.style_box),
            (self.tr("Cre&dit standing:"), self.credit),
            (self.tr("Credit limit:"), self.edits["credit_limit"]),
            (self.tr("Annual spend / potential:"), self.edits["annual_spend"]),
            (self.tr("Ta&gs:"), self.edits["tags"]),
            (self.tr("&Owner:"), self.edits["owner"]),
            (self.tr("N&otes:"), self.notes),
        ]
        for text, widget in rows:
            form.addRow(text, widget)
        scroll.setWidget(form_host)
        page_layout.addWidget(scroll, 1)

        for edit in self.edits.values():
            edit.setMaxLength(MAX_TEXT["default"])  # what a card keeps: no silent cut on save
            edit.textChanged.connect(self._edited)
        for combo in (self.status, self.source, self.style_box, self.credit):
            combo.currentIndexChanged.connect(self._edited)
        self.key_customer.toggled.connect(self._edited)
        self.notes.textChanged.connect(self._edited)
        self.phones.edited.connect(self._edited)
        self.referrer.edited.connect(self._edited)

        bar = QHBoxLayout()
        self.dirty_label = QLabel(page)
        bar.addWidget(self.dirty_label, 1)
        self.revert_button = QPushButton(self.tr("&Revert"), page)
        self.save_button = QPushButton(self.tr("&Save"), page)
        self.save_button.setDefault(True)
        self.revert_button.clicked.connect(self.revert)
        self.save_button.clicked.connect(self.save)
        bar.addWidget(self.revert_button)
        bar.addWidget(self.save_button)
        page_layout.addLayout(bar)
        self._set_dirty(False)
        return page

    def _table(self, parent: QWidget, model: Any, stretch: int) -> QTableView:
        """A read-only table whose text column takes the room the short columns leave."""
        table = QTableView(parent)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        table.setItemDelegate(GradeChipDelegate(table))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return table

    def _build_contacts(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.contact_model = ContactLogModel(self)
        self.contact_table = self._table(page, self.contact_model, stretch=2)
        self.contact_count = QLabel(page)
        layout.addWidget(self.contact_count)
        layout.addWidget(self.contact_table, 1)
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.log_contact_button2 = QToolButton(page)
        self.edit_contact_button = QPushButton(self.tr("&Edit…"), page)
        self.edit_contact_button.setToolTip(self.tr("Correct the chosen contact"))
        self.edit_contact_button.clicked.connect(self.edit_contact)
        self.delete_contact_button = QPushButton(self.tr("Delete"), page)
        self.delete_contact_button.setToolTip(self.tr("Delete the chosen contact from the log"))
        self.delete_contact_button.clicked.connect(self.delete_contact)
        bar.addWidget(self.log_contact_button2)
        bar.addWidget(self.edit_contact_button)
        bar.addWidget(self.delete_contact_button)
        self.contact_table.doubleClicked.connect(lambda _index: self.edit_contact())
        layout.addLayout(bar)
        self.contact_table.selectionModel().selectionChanged.connect(self._update_buttons)
        return page

    def _build_path(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.path_strip = GradePathStrip(page)
        layout.addWidget(self.path_strip)
        self.path_model = GradePathModel(self)
        self.path_table = self._table(page, self.path_model, stretch=3)
        # The card's path as a chart (issue 6), made on first view: matplotlib
        # is not imported at start.
        self.path_chart: Any = None
        self._path_layout = layout
        layout.addWidget(self.path_table, 1)
        return page

    def _show_path_chart(self) -> None:
        if self.path_chart is None:
            from salesdesk.ui.charts import ChartView
            from salesdesk.ui.labels import chart_language

            self.path_chart = ChartView(
                "card-path",
                self,
                lang=chart_language(),
                card_id=self.card_id,
                load=False,
                ops=self.ops,
            )
            self.path_chart.canvas.setMinimumSize(360, 220)
            self._path_layout.insertWidget(1, self.path_chart, 2)
        self.path_chart.set_card(self.card_id)  # off the GUI thread; follows every change

    def _build_history(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.history_model = HistoryModel(self)
        self.history_model.describe = self._describe
        self.history_table = self._table(page, self.history_model, stretch=3)
        layout.addWidget(self.history_table, 1)
        bar = QHBoxLayout()
        self.history_count = QLabel(page)
        bar.addWidget(self.history_count, 1)
        self.undo_change_button = QPushButton(self.tr("&Undo this change"), page)
        self.undo_change_button.clicked.connect(self.undo_selected_change)
        bar.addWidget(self.undo_change_button)
        layout.addLayout(bar)
        self.history_table.selectionModel().selectionChanged.connect(self._update_buttons)
        return page

    def _build_card_pages(self) -> dict[int, Any]:
        """Visits, Deals and Cases: pages that load(card_id, name) when shown."""
        from salesdesk.ui.aftersales import CasesPage, DealsPage
        from salesdesk.ui.visits import VisitsPage

        pages = {
            TAB_VISITS: (VisitsPage(self.ops, self), self.tr("Vi&sits")),
            TAB_DEALS: (DealsPage(self.ops, self), self.tr("D&eals")),
            TAB_CASES: (CasesPage(self.ops, self), self.tr("C&ases")),
        }
        for index, (page, title) in pages.items():
            assert self.tabs.addTab(page, title) == index
        self.tabs.setUsesScrollButtons(True)  # seven tabs still fit a narrow panel
        return {index: page for index, (page, _title) in pages.items()}

    def set_actions(self, change_grade: QAction, log_contact: QAction) -> None:
        """Show the window's Change grade and Log contact actions as buttons on the panel."""
        self.change_grade_button.setDefaultAction(change_grade)
        self.log_contact_button.setDefaultAction(log_contact)
        self.log_contact_button2.setDefaultAction(log_contact)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and self._completions_stale:
            facets = self.ops.session.card_list.facets()
            self._completions["area"].setStringList(facets.get("areas", []))
            self._completions["owner"].setStringList(facets.get("owners", []))
            self._completions_stale = False
        return super().eventFilter(watched, event)

    # -- loading -----------------------------------------------------------------------
    def card_name(self, card_id: str | None) -> str:
        if not card_id:
            return ""
        row = self.ops.session.card_list.rows.get(card_id)
        return row.name if row else self.tr("(deleted card)")

    def _describe(self, field: str, value: Any) -> str:
        if field == "referred_by" and value:
            return self.card_name(str(value))
        return labels.stored_value(field, value)

    def load(self, card_id: str | None) -> None:
        """Show this card (None: nothing)."""
        self.card_id = card_id
        self.reload(form=True)

    def reload(self, *, form: bool = True) -> None:
        """Read the card again; the form only when asked (unsaved edits stay otherwise)."""
        card = None
        if self.card_id:
            try:
                card = self.ops.session.card(self.card_id)
            except NotFound:
                card = None
        self.card = card
        if card is None:
            self.card_id = None
            self.stack.setCurrentIndex(0)
            self._set_dirty(False)
            return
        self.stack.setCurrentIndex(1)
        self._fill_header(card)
        if form:
            self._fill_form(card)
        self._stale_tabs = {TAB_CONTACTS, TAB_PATH, TAB_HISTORY, *self.card_pages}
        self._tab_shown(self.tabs.currentIndex())

    def _fill_header(self, card: CardData) -> None:
        self.title.setText(card.name)
        sub = [t for t in (card.company, card.title) if t]
        sub.append(labels.word(labels.STATUSES, card.status))
        if card.key_customer:
            sub.append(self.tr("key customer"))
        overdue = sum(p.overdue for p in self.ops.session.payments(card.id))  # issue 20
        if overdue > 0:
            from salesdesk.services.payments import money

            sub.append(self.tr("⚠ payments overdue: {0}").format(money(overdue)))
        self.subtitle.setText("  ·  ".join(sub))
        hint = style_hint(card.style, "zh_CN" if QLocale().name().startswith("zh") else "en")
        self.style_hint.setText(hint)
        self.style_hint.setVisible(bool(hint))
        self.chip.set_grade(card.grade_label)
        info = []
        if card.grade_note:
            info.append(self.tr("Note: {0}").format(" ".join(card.grade_note.split())))
        if card.blocker:
            info.append(self.tr("Blocker: {0}").format(card.blocker))
        if card.recheck_on:
            info.append(self.tr("Re-check on {0}").format(card.recheck_on.isoformat()))
        if card.last_contact_at:
            info.append(self.tr("Last contact {0}").format(labels.when(card.last_contact_at)))
        if card.next_visit_on:
            info.append(self.tr("Next visit {0}").format(labels.day(card.next_visit_on)))
        self.grade_info.setText("  ·  ".join(info))
        self.grade_info.setVisible(bool(info))

    def _fill_form(self, card: CardData) -> None:
        self._filling = True
        try:
            for key in ("name", "company", "title", "wechat", "email", "address", "area", "owner"):
                self.edits[key].setText(getattr(card, key))
            self.edits["birthday"].setText(labels.day(card.birthday))
            self.edits["tags"].setText(", ".join(card.tags))
            self.edits["annual_spend"].setText(_amount_text(card.annual_spend))
            self.edits["credit_limit"].setText(_amount_text(card.credit_limit))
            self.phones.set_phones([(p.label, p.number) for p in card.phones])
            _set_code(self.status, card.status)
            _set_code(self.source, card.source)
            _set_code(self.style_box, card.style)
            _set_code(self.credit, card.credit)
            self.key_customer.setChecked(card.key_customer)
            self.referrer.set_card(card.referred_by)
            self.notes.setPlainText(card.notes)
        finally:
            self._filling = False
        self._set_dirty(False)

    def _tab_shown(self, index: int) -> None:
        # Only the visible tab reads its rows: opening a card stays fast with long histories.
        if index not in self._stale_tabs or self.card_id is None:
            return
        self._stale_tabs.discard(index)
        session = self.ops.session
        if index == TAB_CONTACTS:
            self.contact_model.set_entries(session.contacts(self.card_id))
            n = self.contact_model.rowCount()
            self.contact_count.setText(
                self.tr("1 contact") if n == 1 else self.tr("{0} contacts").format(n)
            )
            _fit_columns(self.contact_table, {3: 180})
        elif index == TAB_PATH:
            steps = session.grade_path(self.card_id)
            self.path_model.set_entries(steps)
            self.path_strip.set_path([step.to_label for step in steps])
            _fit_columns(self.path_table, {4: 160})
            self._show_path_chart()
        elif index == TAB_HISTORY:
            self.history_model.set_entries(session.history(self.card_id))
            n = self.history_model.rowCount()
            self.history_count.setText(
                self.tr("1 change") if n == 1 else self.tr("{0} changes").format(n)
            )
            _fit_columns(self.history_table, {1: 120})
        elif index in self.card_pages:
            title = labels.card_title(self.card.name, self.card.company) if self.card else ""
            self.card_pages[index].load(self.card_id, title)
        self._update_buttons()

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        self._tab_shown(index)

    # -- changes from anywhere -----------------------------------------------------------
    def on_changed(self, changed: Changed) -> None:
        self._completions_stale = True
        if self.card_id is None:
            return
        if changed.everything or self.card_id in changed.cards:
            self.reload(form=self._saving or not self._dirty)

    # -- editing -----------------------------------------------------------------------
    def _edited(self) -> None:
        if not self._filling:
            self._set_dirty(bool(self.changed_fields()))

    def _set_dirty(self, dirty: bool) -> None:
        was = self._dirty
        self._dirty = dirty
        self.save_button.setEnabled(dirty and not self.read_only)
        self.revert_button.setEnabled(dirty)
        self.dirty_label.setText(self.tr("Unsaved changes") if dirty else "")
        if was != dirty:
            self.dirty_changed.emit(dirty)

    def is_dirty(self) -> bool:
        return self._dirty

    def form_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            key: self.edits[key].text().strip()
            for key in ("name", "company", "title", "wechat", "email", "address", "area", "owner")
        }
        values["birthday"] = self.edits["birthday"].text().strip()
        values["tags"] = parse_tags(self.edits["tags"].text())
        values["phones"] = self.phones.phones()
        values["status"] = self.status.currentData()
        values["source"] = self.source.currentData()
        values["style"] = self.style_box.currentData()
        values["credit"] = self.credit.currentData()
        values["key_customer"] = self.key_customer.isChecked()
        values["referred_by"] = self.referrer.card_id
        values["notes"] = self.notes.toPlainText()
        values["annual_spend"] = self.edits["annual_spend"].text().strip()
        values["credit_limit"] = self.edits["credit_limit"].text().strip()
        return values

    @staticmethod
    def card_values(card: CardData) -> dict[str, Any]:
        return {
            "name": card.name,
            "company": card.company,
            "title": card.title,
            "wechat": card.wechat,
            "email": card.email,
            "address": card.address,
            "area": card.area,
            "owner": card.owner,
            "birthday": labels.day(card.birthday),
            "tags": list(card.tags),
            "phones": [(p.label, p.number) for p in card.phones],
            "status": card.status,
            "source": card.source,
            "style": card.style,
            "credit": card.credit,
            "key_customer": card.key_customer,
            "referred_by": card.referred_by,
            "notes": card.notes,
            "annual_spend": _amount_text(card.annual_spend),
            "credit_limit": _amount_text(card.credit_limit),
        }

    def changed_fields(self) -> dict[str, Any]:
        """The fields the user changed, as Session.edit_card takes them."""
        if self.card is None:
            return {}
        now = self.form_values()
        before = self.card_values(self.card)
        fields = {k: v for k, v in now.items() if v != before[k]}
        if "phones" in fields:
            fields["phones"] = [{"label": lb, "number": n} for lb, n in fields["phones"]]
        return fields

    def save(self) -> bool:
        """Write the edited fields; True when there is nothing left unsaved."""
        if self.card_id is None or self.read_only:
            return True
        fields = self.changed_fields()
        if not fields:
            self._set_dirty(False)
            return True
        notes, limit = fields.get("notes", ""), MAX_TEXT["notes"]
        if len(notes) > limit:
            # Kept whole or not at all: the service would cut the rest off silently.
            text = self.tr("The notes are {0} characters long; a card keeps {1}. Shorten them.")
            messages.show_error(self, text.format(f"{len(notes):,}", f"{limit:,}"))
            return False
        card_id = self.card_id
        self._saving = True
        try:
            result = self.ops.run(lambda: self.ops.session.edit_card(card_id, fields))
        finally:
            self._saving = False
        if result is None:
            return False
        if self.card_id == card_id and self._dirty:
            # Nothing really changed (the service normalised the text back): show it as stored.
            self.reload(form=True)
        return True

    def revert(self) -> None:
        if self.card is not None:
            self._fill_form(self.card)

    def maybe_leave(self) -> bool:
        """Before showing another card: save, discard or stay. True: go ahead."""
        if not self._dirty or self.read_only or self.card is None:
            return True
        answer = messages.ask_save(
            self, self.tr("Save your changes to {0}?").format(self.card.name)
        )
        if answer == "save":
            return self.save()
        if answer == "discard":
            self.revert()
            return True
        return False

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for edit in self.edits.values():
            edit.setReadOnly(read_only)
        self.notes.setReadOnly(read_only)
        for widget in (self.status, self.source, self.style_box, self.credit, self.key_customer):
            widget.setEnabled(not read_only)
        self.phones.set_read_only(read_only)
        self.referrer.set_read_only(read_only)
        for page in self.card_pages.values():
            page.set_read_only(read_only)
        self.save_button.setVisible(not read_only)
        self.revert_button.setVisible(not read_only)
        self._update_buttons()

    def _update_buttons(self) -> None:
        editable = not self.read_only
        index = self.history_table.currentIndex()
        change_id = index.data(IdRole) if index.isValid() else None
        self.undo_change_button.setEnabled(editable and bool(change_id))
        index = self.contact_table.currentIndex()
        self.delete_contact_button.setEnabled(editable and index.isValid())
        self.edit_contact_button.setEnabled(editable and index.isValid())

    def undo_selected_change(self) -> None:
        index = self.history_table.currentIndex()
        change_id = index.data(IdRole) if index.isValid() else None
        if change_id and not self.read_only:
            self.ops.run(lambda: self.ops.session.revert_change(change_id))

    def edit_contact(self) -> None:
        index = self.contact_table.currentIndex()
        entry = self.contact_model.entry(index.row()) if index.isValid() else None
        if entry is None or self.read_only or self.card is None:
            return
        title = labels.card_title(self.card.name, self.card.company)
        fields = EditContactDialog.ask_changes(self, name=title, entry=entry)
        if fields:
            self.ops.run(lambda: self.ops.session.edit_contact(entry.id, fields))

    def delete_contact(self) -> None:
        index = self.contact_table.currentIndex()
        contact_id = index.data(IdRole) if index.isValid() else None
        if not contact_id or self.read_only:
            return
        if messages.confirm(
            self, self.tr("Delete this contact from the log?"), self.tr("Delete contact")
        ):
            self.ops.run(lambda: self.ops.session.delete_contact(contact_id))


def _fit_columns(table: QTableView, caps: dict[int, int]) -> None:
    """Short columns fit their contents (some capped); the stretched one takes the rest."""
    header = table.horizontalHeader()
    for column in range(header.count()):
        if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
            continue
        table.resizeColumnToContents(column)
        if column in caps:
            table.setColumnWidth(column, min(table.columnWidth(column), caps[column]))


def _amount_text(value: float | None) -> str:
    """An optional amount as the form shows it: empty, or the number without a needless .0."""
    if value is None:
        return ""
    return f"{value:.0f}" if value == int(value) else f"{value:g}"

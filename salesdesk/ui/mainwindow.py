"""The main window: filter bar and card list on the left, the card panel on the right."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salesdesk import __version__
from salesdesk.domain.messages import plural
from salesdesk.services import giveway
from salesdesk.services import settings as business_settings
from salesdesk.services.cardlist import CardFilter, Column, changes_rows
from salesdesk.services.cards import CardData
from salesdesk.services.changes import Changed
from salesdesk.services.session import Session
from salesdesk.ui import dialogs, helpdocs, labels, messages
from salesdesk.ui.backupsui import BackupsUi
from salesdesk.ui.chips import GradeChipDelegate
from salesdesk.ui.dashboardui import DashboardUi
from salesdesk.ui.dayplan import DayPlanUi
from salesdesk.ui.exportui import ExportUi
from salesdesk.ui.filters import FilterBar
from salesdesk.ui.importui import ImportUi
from salesdesk.ui.models import CardTableModel
from salesdesk.ui.ops import Ops
from salesdesk.ui.panel import TAB_CONTACTS, TAB_DETAILS, TAB_HISTORY, TAB_PATH, CardPanel
from salesdesk.ui.scanui import ScanUi
from salesdesk.ui.settings import window_settings
from salesdesk.ui.statusbar import MessageBar
from salesdesk.ui.syncui import SyncUi
from salesdesk.ui.welcome import Welcome

# The text columns give way when the list is narrow (a 1024-pixel screen), down to these.
NARROWEST = {Column.NAME: 72, Column.COMPANY: 80, Column.AREA: 56}

DEFAULT_WIDTHS = {
    Column.NAME: 130,
    Column.COMPANY: 170,
    Column.GRADE: 56,
    Column.STATUS: 80,
    Column.AREA: 100,
    Column.LAST_CONTACT: 96,
    Column.NEXT_VISIT: 96,
}


class MainWindow(QMainWindow):
    """The card list with its filters, and the card panel, in a splitter.

    Signals:
        list_filled(): the card list has been filled for the first time.
    """

    list_filled = Signal()

    def __init__(self, session: Session, *, read_only_reason: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.ops = Ops(session, self)
        self._answered = _UserAnswered(self)  # ends the workers' pause after a repaint
        self.read_only = session.read_only
        self._current_id: str | None = None
        self._current_row = -1
        self._requerying = False
        self._hidden_while_dirty = False
        self._resets = 0
        self._filled = False
        self.setWindowTitle(self.tr("SalesDesk — {0}").format(session.path.name))

        self.model = CardTableModel(session.card_list, self)
        self.model.reader = self.ops.read  # the search text is made on a worker
        self.filter_bar = FilterBar(self.session.card_list.facets, self)
        self.table = self._build_table()
        self.panel = CardPanel(self.ops, self)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 0)
        left_layout.addWidget(self.filter_bar)
        left_layout.addWidget(self.table, 1)
        # An empty file says how to start instead of showing an empty list.
        self.welcome = Welcome(
            self.tr("Your cards will be listed here"),
            self.tr(
                "A card holds everything about one customer: phones, WeChat, the grade from A"
                " (about to buy) to F, and every contact. Start with your first customer,"
                " bring in a list you already keep, or look around with made-up cards."
            ),
            left,
        )
        self.welcome.hide()
        left_layout.addWidget(self.welcome, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = QLabel(central)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "QLabel { background: #fff3cd; color: #664d03; padding: 6px 10px;"
            " border-bottom: 1px solid #e0c36a; }"
        )
        self.banner.hide()
        self.banner.linkActivated.connect(self._banner_link)
        layout.addWidget(self.banner)
        # Today | Cards: salesdesk.ui.dayplan puts the Today view first.
        self.views = QTabWidget(central)
        self.views.setDocumentMode(True)
        self.views.addTab(self.splitter, self.tr("Ca&rds"))
        layout.addWidget(self.views, 1)
        self.setCentralWidget(central)

        # Every status message goes through it: a long one is elided before the labels.
        self.setStatusBar(MessageBar(self))
        self.count_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.count_label)

        self._build_actions()
        self.panel.set_actions(self.change_grade_action, self.log_contact_action)
        # The features: each makes its actions (menu_entries()); the window places them.
        self.import_ui = ImportUi(self)  # File > Import…
        self.sync_ui = SyncUi(self)  # File > Sync; dropped files
        self.backups_ui = BackupsUi(self)  # File > Backups; the daily backup
        self.dashboard_ui = DashboardUi(self)  # View > Dashboard
        self.day_plan = DayPlanUi(self)  # Today view, calendar, day sheet, Preferences
        self.export_ui = ExportUi(self)  # File > Export workbook…
        from salesdesk.ui.weekplan import WeekPlanUi

        self.week_plan = WeekPlanUi(self)  # the Week tab, File > Letters…
        self.scan_ui = ScanUi(self)  # File > Scan business cards…; image drops
        from salesdesk.ui.handover import HandoverUi

        self.handover_ui = HandoverUi(self)  # Cards > Hand over cards… (issue 20)
        from salesdesk.ui.privacy import PrivacyUi

        self.privacy_ui = PrivacyUi(self)  # issue 22: a person's data; Preferences > Privacy
        from salesdesk.ui.hubui import HubUi

        self.hub_ui = HubUi(self)  # File > Sync > Sync with team hub (issue 23)
        from salesdesk.ui.teamui import TeamUi

        self.team_ui = TeamUi(self)  # File > Sync > Open team hub as manager… (issue 23)
        self._build_menus()
        self._own_path = session.path  # the user's file, beside any demo file
        for welcome in (self.welcome, self.day_plan.today_view.welcome):
            welcome.new_card.connect(self.new_card)
            welcome.import_list.connect(self.import_ui.start_import)
            welcome.try_demo.connect(self.try_demo)
            welcome.protect.connect(self.privacy_ui.encrypt)  # issue 22
        self.privacy_ui.encryption_changed.connect(self._offer_protection)
        self._offer_protection()
        self._saved_enabled: dict[QAction, bool] = {}
        self.ops.busy_changed.connect(self._busy_changed)

        self.ops.changed.connect(self.on_changed)
        self.ops.undo_state_changed.connect(self._update_actions)
        self.panel.dirty_changed.connect(lambda _dirty: self._update_actions())
        self.filter_bar.filter_changed.connect(self.apply_filter)
        self.filter_bar.to_list.connect(self.enter_list)
        self.model.modelAboutToBeReset.connect(self._before_reset)
        self.model.modelReset.connect(self._after_reset)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_changed)

        if self.read_only:
            self.show_read_only(
                read_only_reason
                or self.tr("Opened read-only: another SalesDesk window is using this file.")
            )
        self.restore_settings()
        self.refresh_list()
        self._update_actions()
        self._filled = True
        self.list_filled.emit()

    # -- building ----------------------------------------------------------------------
    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.model)
        table.setItemDelegateForColumn(int(Column.GRADE), GradeChipDelegate(table))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setShowGrid(False)
        vertical = table.verticalHeader()
        vertical.hide()
        # Fixed row heights: the view never measures 100,000 rows.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in DEFAULT_WIDTHS.items():
            header.resizeSection(int(column), width)
        header.setSortIndicator(int(Column.NAME), Qt.SortOrder.AscendingOrder)
        table.viewport().installEventFilter(self)
        return table

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self.fit_list_columns()
        return super().eventFilter(watched, event)

    def fit_list_columns(self) -> None:
        """Narrow the name, company and area columns so the list needs no sideways scroll."""
        header = self.table.horizontalHeader()
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        if not shown:
            return
        last = header.logicalIndex(header.count() - 1)
        room = self.table.viewport().width()
        need = sum(header.sectionSize(c) for c in shown if c != last) + DEFAULT_WIDTHS.get(
            Column(last), 90
        ) * (last in shown)
        if need <= room:
            return
        giving = {c: header.sectionSize(c) for c in NARROWEST if int(c) in shown}
        spare = sum(width - NARROWEST[c] for c, width in giving.items())
        if spare <= 0:
            return
        cut = min(need - room, spare)
        for column, width in giving.items():
            share = round(cut * (width - NARROWEST[column]) / spare)
            header.resizeSection(int(column), max(NARROWEST[column], width - share))

    def _action(
        self,
        text: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.new_action = self._action(self.tr("&New card…"), self.new_card, key.New)
        self.quit_action = self._action(self.tr("&Quit"), self.close, key.Quit)
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.undo_action = self._action(self.tr("&Undo"), self.undo, key.Undo)
        self.redo_action = self._action(self.tr("&Redo"), self.redo, key.Redo)
        self.find_action = self._action(self.tr("&Find"), self.filter_bar.focus_search, key.Find)
        self.save_action = self._action(self.tr("&Save card"), self.panel.save, key.Save)
        self.revert_action = self._action(self.tr("Re&vert card"), self.panel.revert)
        self.log_contact_action = self._action(self.tr("&Log contact…"), self.log_contact, "Ctrl+L")
        self.change_grade_action = self._action(
            self.tr("Change &grade…"), self.change_grade, "Ctrl+G"
        )
        self.delete_action = self._action(self.tr("&Delete card"), self.delete_card, key.Delete)
        # Delete belongs to the list: in a text field the key deletes text, not the card.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.deleted_cards_action = self._action(self.tr("Deleted ca&rds…"), self.deleted_cards)
        self.removeAction(self.delete_action)
        self.table.addAction(self.delete_action)
        self.clear_filters_action = self._action(
            self.tr("&Clear filters"), self.filter_bar.clear, "Ctrl+Shift+L"
        )
        self.tab_actions = []
        for number, (text, tab) in enumerate(
            (
                (self.tr("&Details"), TAB_DETAILS),
                (self.tr("Contact &log"), TAB_CONTACTS),
                (self.tr("Grade &path"), TAB_PATH),
                (self.tr("&History"), TAB_HISTORY),
            ),
            start=1,
        ):
            self.tab_actions.append(
                self._action(text, lambda _=False, t=tab: self.panel.show_tab(t), f"Ctrl+{number}")
            )
        self.guide_action = self._action(
            self.tr("&Getting started"), lambda: helpdocs.show_guide(self), key.HelpContents
        )
        self.shortcuts_action = self._action(
            self.tr("&Keyboard shortcuts"), lambda: helpdocs.show_shortcuts(self)
        )
        self.demo_action = self._action(self.tr("Try with &demo data"), self.try_demo)
        self.about_action = self._action(self.tr("&About SalesDesk"), self.about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_qt_action = self._action(self.tr("About &Qt"), QApplication.aboutQt)

    def _feature_entries(self) -> dict[str, list[Any]]:
        """Every feature's menu entries by place ("file.sync", "view.views", "window" …)."""
        places: dict[str, list[Any]] = {}
        for feature in (
            self.import_ui,
            self.sync_ui,
            self.backups_ui,
            self.dashboard_ui,
            self.day_plan,
            self.export_ui,
            self.week_plan,
            self.scan_ui,
            self.handover_ui,
            self.privacy_ui,
            self.hub_ui,
            self.team_ui,
        ):
            for place, entries in feature.menu_entries().items():
                places.setdefault(place, []).extend(entries)
        return places

    def _build_menus(self) -> None:
        """Every menu, in one place: the window's actions and those the features offer."""
        places = self._feature_entries()

        def add(menu: QMenu, entries: list[Any]) -> None:
            for entry in entries:
                if entry is None:
                    menu.addSeparator()
                else:
                    menu.addAction(entry)

        for action in places.get("window", []):  # shortcuts that work with the menus closed
            self.addAction(action)
        bar = self.menuBar()
        self.file_menu = file_menu = bar.addMenu(self.tr("&File"))
        add(file_menu, places.get("file.import", []))
        self.sync_menu = file_menu.addMenu(self.tr("S&ync"))
        add(self.sync_menu, places.get("file.sync", []))
        self.backups_menu = file_menu.addMenu(self.tr("&Backups"))
        add(self.backups_menu, places.get("file.backups", []))
        file_menu.addSeparator()
        add(file_menu, places.get("file.day", []))
        file_menu.addSeparator()
        add(file_menu, places.get("file.export", []) + places.get("file.letters", []))
        file_menu.addSeparator()
        add(file_menu, places.get("file.scan", []))
        file_menu.addAction(self.quit_action)
        self.edit_menu = edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addSeparator()
        add(edit_menu, places.get("edit.end", []))
        self.card_menu = card_menu = bar.addMenu(self.tr("&Card"))
        card_menu.addAction(self.new_action)
        card_menu.addSeparator()
        card_menu.addAction(self.save_action)
        card_menu.addAction(self.revert_action)
        card_menu.addSeparator()
        card_menu.addAction(self.log_contact_action)
        card_menu.addAction(self.change_grade_action)
        card_menu.addSeparator()
        card_menu.addAction(self.delete_action)
        card_menu.addAction(self.deleted_cards_action)
        add(card_menu, places.get("card.end", []))
        card_menu.addSeparator()
        add(card_menu, places.get("card.privacy", []))
        for action in places.get("card.privacy", []):  # and on the list's context menu
            self.table.addAction(action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.view_menu = view_menu = bar.addMenu(self.tr("&View"))
        add(view_menu, places.get("view.views", []))
        view_menu.addAction(self.clear_filters_action)
        view_menu.addSeparator()
        for action in self.tab_actions:
            view_menu.addAction(action)
        view_menu.addSeparator()
        add(view_menu, places.get("view.end", []))
        self.help_menu = help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.demo_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)
        help_menu.addAction(self.about_qt_action)

    def _offer_protection(self) -> None:
        """The first-start views offer a passphrase while the file is plain (issue 22)."""
        offer = not self.privacy_ui.encrypted
        for welcome in (self.welcome, self.day_plan.today_view.welcome):
            welcome.offer_protection(offer)

    # -- busy: edits blocked while bulk work writes ----------------------------------------
    def _busy_changed(self, busy: bool) -> None:
        central = self.centralWidget()
        if busy:
            # The window's own actions: every menu entry and window shortcut is one. Not
            # those of the menus (their titles: File > Quit and View > Dashboard stay in
            # reach), of the widgets inside (the central widget is disabled whole), nor of
            # a dialog on the window (its own; one closed meanwhile is gone at the end).
            own = self.findChildren(QAction, options=Qt.FindChildOption.FindDirectChildrenOnly)
            self._saved_enabled = {a: a.isEnabled() for a in own}
            for action in self._saved_enabled:
                if action not in (self.quit_action, self.dashboard_ui.dashboard_action):
                    action.setEnabled(False)
            if central is not None:
                central.setEnabled(False)
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            for action, enabled in self._saved_enabled.items():
                action.setEnabled(enabled)
            self._saved_enabled = {}
            if central is not None:
                central.setEnabled(True)
            QGuiApplication.restoreOverrideCursor()
            self._update_actions()
            for feature in (self.import_ui, self.sync_ui, self.backups_ui, self.hub_ui):
                feature.update_actions()

    def after_start(self) -> None:
        """Once the window shows: the daily backup, then sync if the folder is set."""
        from salesdesk.ui import syncprefs

        self.backups_ui.daily_backup()
        if not syncprefs.flag(syncprefs.ON_START_KEY):
            return
        # A joined team hub first (issue 23); the folder when it cannot be reached.
        self.sync_ui.sync_auto("start")

    # -- read-only ---------------------------------------------------------------------
    def show_read_only(self, text: str) -> None:
        self.read_only = True
        self.banner.setText(text)
        self.banner.show()
        self.panel.set_read_only(True)
        self.welcome.set_read_only(True)
        self.day_plan.set_read_only(True)
        self._update_actions()

    def _update_actions(self) -> None:
        editable = not self.read_only
        has_card = self.selected_card() is not None
        self.new_action.setEnabled(editable)
        for action in (self.log_contact_action, self.change_grade_action, self.delete_action):
            action.setEnabled(editable and has_card)
        self.save_action.setEnabled(editable and self.panel.is_dirty())
        self.revert_action.setEnabled(editable and self.panel.is_dirty())
        undo_label = self.ops.undo_label
        redo_label = self.ops.redo_label
        self.undo_action.setEnabled(editable and undo_label is not None)
        self.redo_action.setEnabled(editable and redo_label is not None)
        self.undo_action.setText(
            self.tr("&Undo {0}").format(labels.operation(undo_label))
            if undo_label
            else self.tr("&Undo")
        )
        self.redo_action.setText(
            self.tr("&Redo {0}").format(labels.operation(redo_label))
            if redo_label
            else self.tr("&Redo")
        )
        privacy = getattr(self, "privacy_ui", None)  # issue 22: a person's data
        if privacy is not None:
            privacy.update_actions()

    # -- the list ----------------------------------------------------------------------
    def apply_filter(self, card_filter: CardFilter) -> None:
        # The user waits on this answer: reads on workers pause until it is drawn (the
        # call queued now comes after the repaint the reset asks for).
        giveway.user_waits(True)
        self._answered.after_repaint()
        previous = self.model.card_filter
        self._hidden_while_dirty = False
        self.model.set_filter(card_filter)
        self._settle_hidden(previous)
        self._update_counts()

    def _settle_hidden(self, previous: CardFilter) -> None:
        """The list no longer shows the card with unsaved edits: save, discard or go back."""
        if not self._hidden_while_dirty:
            return
        self._hidden_while_dirty = False
        if self.panel.maybe_leave():
            self._show_row(None)
        else:
            # Stay with the unsaved card: the list goes back to showing it.
            self.filter_bar.set_filter(previous)
            self.model.set_filter(previous)
            if self._hidden_while_dirty:  # the filter never showed it: show every card
                self._hidden_while_dirty = False
                self.filter_bar.set_filter(CardFilter())
                self.model.set_filter(CardFilter())

    def enter_list(self) -> None:
        """From the search box into the list: the open card's row, or the first one."""
        self.table.setFocus(Qt.FocusReason.TabFocusReason)
        if self._current_id is None and self.model.rowCount():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def refresh_list(self) -> None:
        """Query again with the current filter and sort (after a write, say)."""
        self.model.card_filter = self.filter_bar.current_filter()
        self._hidden_while_dirty = False
        self.model.overdue_payments = frozenset(self.session.cards_with_overdue_payments())
        self.model.refresh()
        self._settle_hidden(self.model.card_filter)
        self._update_counts()

    def _update_counts(self) -> None:
        empty = self.model.total == 0
        self.welcome.setVisible(empty)
        self.filter_bar.setVisible(not empty)
        self.table.setVisible(not empty)
        self.panel.setVisible(not empty)
        self.filter_bar.set_counts(self.model.grade_counts())
        locale = QLocale()
        self.count_label.setText(
            plural(
                self.model.total, self.tr("{0} of {1} card"), self.tr("{0} of {1} cards")
            ).format(locale.toString(self.model.rowCount()), locale.toString(self.model.total))
        )

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        self.model.sort(column, order)

    def _before_reset(self) -> None:
        self._requerying = True
        self._resets += 1

    def _after_reset(self) -> None:
        # The open card is always the selected row: find it again in the new rows, move
        # to its neighbour when it was deleted, show nothing when a filter hides it.
        try:
            row = self.model.row_of(self._current_id) if self._current_id else None
            if (
                row is None
                and self._current_id
                and self._current_id not in self.model.card_list.rows
                and self.model.rowCount()
            ):
                row = min(max(self._current_row, 0), self.model.rowCount() - 1)
            if row is None and self._current_id and self.panel.is_dirty():
                # A filter hides the card being edited: _settle_hidden asks before it goes.
                self._hidden_while_dirty = True
                return
            self._show_row(row)
        finally:
            self._requerying = False

    def _show_row(self, row: int | None) -> None:
        """Select this row and open its card, or select nothing and show no card."""
        selection = self.table.selectionModel()
        was_requerying, self._requerying = self._requerying, True
        try:
            if row is None:
                selection.clear()
                self._current_id = None
                self._current_row = -1
            else:
                index = self.model.index(row, 0)
                selection.setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
                self._current_id = self.model.card_id(row)
                self._current_row = row
        finally:
            self._requerying = was_requerying
        if self.panel.card_id != self._current_id:
            self.panel.load(self._current_id)
        self._update_actions()

    def selected_card(self) -> CardData | None:
        """The open card when it is the selected, visible row; None otherwise."""
        card = self.panel.card
        rows = self.table.selectionModel().selectedRows()
        if card is None or len(rows) != 1 or self.model.card_id(rows[0].row()) != card.id:
            return None
        return card

    def _current_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._requerying:
            return
        card_id = self.model.card_id(current.row()) if current.isValid() else None
        if card_id == self._current_id:
            return
        resets = self._resets
        if not self.panel.maybe_leave():
            # Stay on the card with unsaved edits.
            old = self.model.row_of(self._current_id) if self._current_id else None
            self._show_row(old)
            return
        # Saving the previous card may have sorted the list again: find the row by its card.
        self._show_row(self.model.row_of(card_id) if card_id else None)
        if self._resets != resets:
            # A mouse press selects the row under the pointer once this returns, and after
            # the re-sort that row may hold another card: select the open card's row again.
            QTimer.singleShot(0, self._reselect)

    def _reselect(self) -> None:
        self._show_row(self.model.row_of(self._current_id) if self._current_id else None)

    def select_card(self, card_id: str) -> bool:
        """Show this card: select its row (clearing filters that hide it) and load the panel."""
        row = self.model.row_of(card_id)
        if row is None and card_id in self.model.card_list.rows:
            self.filter_bar.clear()
            row = self.model.row_of(card_id)
        if row is None:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(self.model.index(row, 0))
        return self._current_id == card_id

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self.scan_ui.drag_enter(event):  # card images to scan
            self.sync_ui.drag_enter(event)  # .xlsx .csv .vcf to import, .salesdesk to merge

    def dropEvent(self, event: QDropEvent) -> None:
        if not self.scan_ui.drop(event):
            self.sync_ui.drop(event)

    def use_session(self, session: Session) -> None:
        """Show another open session (a restored backup): every view reads the new one."""
        self.session = session
        self.ops.session = session
        self.model.card_list = session.card_list
        self.filter_bar.set_facets(session.card_list.facets)
        self._current_id = None
        self.panel.load(None)
        self.ops.announce(Changed(everything=True))
        self.ops.undo_state_changed.emit()

    # -- what changed ------------------------------------------------------------------
    def on_changed(self, changed: Changed) -> None:
        # The session has already refreshed CardList for the touched cards. A note's edit
        # changes no row: querying and resetting 100,000 rows was most of its save.
        if changed.concerns(cards=True) and changes_rows(changed):
            self.refresh_list()
            self.filter_bar.facets_stale()
        self._update_actions()

    # -- commands ----------------------------------------------------------------------
    def _cadence(self) -> dict[str, int | None]:
        return business_settings.cadence(store=self.ops.store)

    def new_card(self) -> None:
        if self.read_only or not self.panel.maybe_leave():
            return
        answer = dialogs.NewCardDialog.ask(
            self, cadence=self._cadence(), today=self.session.today()
        )
        if answer is None:
            return
        grade = {k: v for k, v in answer["grade"].items() if v is not None}
        result = self.ops.run(lambda: self.session.create_card(answer["fields"], **grade))
        if result is not None and result.id:
            self.select_card(result.id)
            self.panel.show_tab(TAB_DETAILS)

    def log_contact(self) -> None:
        card = self.selected_card()
        if card is None or self.read_only:
            return
        answer = dialogs.LogContactDialog.ask(
            self,
            name=labels.card_title(card.name, card.company),
            grade=card.grade,
            f_kind=card.f_kind,
            cadence=self._cadence(),
            now=self.session.now(),
            owed=sum(p.outstanding for p in self.session.payments(card.id)),
        )
        if answer is None:
            return
        if self.ops.run(lambda: self.session.log_contact(card.id, **answer)) is not None:
            self.statusBar().showMessage(self.tr("Contact logged for {0}.").format(card.name), 4000)

    def change_grade(self) -> None:
        card = self.selected_card()
        if card is None or self.read_only:
            return
        answer = dialogs.ChangeGradeDialog.ask(
            self,
            name=labels.card_title(card.name, card.company),
            grade=card.grade,
            f_kind=card.f_kind,
            cadence=self._cadence(),
            today=self.session.today(),
        )
        if answer is None:
            return
        grade = answer.pop("grade")
        self.ops.run(lambda: self.session.change_grade(card.id, grade, **answer))

    def delete_card(self) -> None:
        card = self.selected_card()
        if card is None or self.read_only:
            return
        text = self.tr("Delete the card of {0}? Undo brings it back.").format(
            labels.card_title(card.name, card.company)
        )
        if not messages.confirm(self, text, self.tr("Delete card")):
            return
        if self.ops.run(lambda: self.session.delete_card(card.id)) is not None:
            self.statusBar().showMessage(self.tr("Deleted {0}.").format(card.name), 4000)

    def try_demo(self) -> None:
        """Open made-up cards in a separate demo file; the user's own file is not touched."""
        from salesdesk.domain.errors import UserError

        if self.panel.maybe_leave() is False:
            return
        path = demo_path(self._own_path)
        if self.session.path == path:
            return
        if self.ops.busy:
            return
        old = self.session
        try:
            session = Session.open(path)
        except (UserError, OSError) as error:
            from salesdesk.domain.messages import localize

            # A UserError says itself in the user's language; an OSError is put in it here.
            messages.show_error(
                self, str(error) if isinstance(error, UserError) else localize(str(error))
            )
            return

        def switch(_counts: object = None) -> None:
            self.use_session(session)
            old.close()
            self._show_file(session)

        def failed(message: str) -> None:
            session.close()
            messages.show_error(self, message)

        if not session.is_empty():
            switch()
            return
        # Made-up cards are written on the runner (a worker); the window shows them after.
        # The value only: what changed is in the demo file, which use_session() announces.
        self.ops.start(
            lambda task: session.generate_demo(cards=300, task=task).value,
            switch,
            failed,
            label="Demo data",
        )

    def back_to_own_file(self) -> None:
        """Leave the demo file for the user's own file."""
        from salesdesk.domain.errors import UserError

        if self.session.path == self._own_path or not self.panel.maybe_leave():
            return
        old = self.session
        try:
            session = Session.open(self._own_path)
        except UserError as error:
            messages.show_error(self, str(error))
            return
        self.use_session(session)
        old.close()
        self._show_file(session)

    def _show_file(self, session: Session) -> None:
        self.setWindowTitle(self.tr("SalesDesk — {0}").format(session.path.name))
        if session.path != self._own_path:
            self.banner.setText(
                self.tr(
                    "Demo data: made-up cards in {0}. Your own cards are not touched."
                    ' <a href="back">Back to my cards</a>'
                ).format(session.path.name)
            )
            self.banner.show()
        elif not self.read_only:
            self.banner.hide()

    def _banner_link(self, link: str) -> None:
        if link == "back":
            self.back_to_own_file()

    def deleted_cards(self) -> None:
        from salesdesk.ui.deletedcards import show_deleted_cards

        show_deleted_cards(self)

    def undo(self) -> None:
        if not self.read_only and self.panel.maybe_leave():
            self.ops.undo()

    def redo(self) -> None:
        if not self.read_only and self.panel.maybe_leave():
            self.ops.redo()

    def about(self) -> None:
        from salesdesk.models.paths import log_path

        messages.show_info(
            self,
            self.tr("About SalesDesk"),
            self.tr(
                "SalesDesk {0}\n\nCustomer cards graded A to F, a contact log for every card,"
                " and sync by copying a file."
            ).format(__version__)
            # Where to find the file to send when something went wrong.
            + "\n\n"
            + self.tr("Log file: {0}").format(log_path()),
        )

    def bring_forward(self) -> None:
        """Another start asked for this window: show it on top."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # -- settings ----------------------------------------------------------------------
    def restore_settings(self) -> None:
        settings = window_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        splitter = settings.value("window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        else:
            # The panel's seven tabs fit beside the list on a 1280-pixel screen.
            self.splitter.setSizes([700, 580])
        header = self.table.horizontalHeader()
        state = settings.value("list/header")
        if isinstance(state, QByteArray) and not state.isEmpty():
            header.restoreState(state)
        column = _int(settings.value("list/sort_column"), int(Column.NAME))
        if not 0 <= column < len(Column):
            column = int(Column.NAME)
        descending = str(settings.value("list/sort_descending", "false")).lower() == "true"
        self.model.sort_column = Column(column)
        self.model.descending = descending
        header.blockSignals(True)
        header.setSortIndicator(
            column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        )
        header.blockSignals(False)
        tab = _int(settings.value("panel/tab"), TAB_DETAILS)
        self.panel.tabs.setCurrentIndex(tab if 0 <= tab < self.panel.tabs.count() else 0)

    def save_settings(self) -> None:
        settings = window_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("list/header", self.table.horizontalHeader().saveState())
        settings.setValue("list/sort_column", int(self.model.sort_column))
        settings.setValue("list/sort_descending", "true" if self.model.descending else "false")
        settings.setValue("panel/tab", self.panel.tabs.currentIndex())
        settings.setValue("window/last_closed", datetime.now().isoformat(timespec="seconds"))
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.panel.maybe_leave() or not self.sync_ui.ready_to_close():
            event.ignore()
            return
        self.dashboard_ui.close_windows()
        self.team_ui.close_windows()
        self.save_settings()
        event.accept()


class _UserAnswered(QObject):
    """Tells the workers the user waits no more once the window has repainted.

    A call queued with QTimer.singleShot(0) ran before the repaint: Qt posts a widget's
    update request at low priority, after every normal posted event, so workers went on
    through the 8-10 ms of the list's repaint (and the Today view's early warnings took
    10-25 ms of a keystroke's time, typed as the window showed). An event posted at a
    priority lower still comes after the update requests posted before it.
    """

    _TYPE = QEvent.Type(QEvent.registerEventType())
    _LATER_THAN_REPAINT = Qt.EventPriority.LowEventPriority.value - 1

    def after_repaint(self) -> None:
        QCoreApplication.postEvent(self, QEvent(self._TYPE), self._LATER_THAN_REPAINT)

    def event(self, event: QEvent) -> bool:
        if event.type() == self._TYPE:
            giveway.user_waits(False)
            return True
        return super().event(event)


def _int(value: object, default: int) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return default


def demo_path(own: Path) -> Path:
    """The demo file beside the user's own: salesdesk.db -> salesdesk-demo.db."""
    return own.with_name(f"{own.stem}-demo{own.suffix or '.db'}")

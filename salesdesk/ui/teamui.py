"""File > Sync > Open team hub as manager…: the team's dashboard and a comparison of the
salespeople, read from the hub directly (sync.teamview), for the whole team or one person.

Every read runs on the window's runner (Ops.read): a fresh connection to the hub on the
worker, the figures, the connection closed. The password stays in memory while the team
view is open and is never written anywhere but the system keychain (when it holds one).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.messages import localize
from salesdesk.services import analytics
from salesdesk.ui import messages
from salesdesk.ui.hubui import HubJoinDialog
from salesdesk.ui.labels import chart_language

if TYPE_CHECKING:
    from salesdesk.ui.mainwindow import MainWindow

ALL_YEARS = 3652  # "All history" on the hub: the last ten years (no laptop file to ask)


def team_open_dialog(parent: QWidget | None, url: str = "", user: str = "") -> HubJoinDialog:
    """The hub's address, the manager's user name and password: the join dialog's fields
    with the team view's title and words."""
    return HubJoinDialog(
        parent,
        title=QCoreApplication.translate("TeamOpenDialog", "Open team hub as manager"),
        intro=QCoreApplication.translate(
            "TeamOpenDialog",
            "The team's figures are read from the hub: only a manager of the hub can open them.",
        ),
        url=url,
        user=user,
    )


class TeamUi(QObject):
    """The team view's action; opens TeamView windows.

    Signals:
        opened(object): a TeamView window showed the hub's first figures.
    """

    opened = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.view: TeamView | None = None
        self.open_action = QAction(self.tr("Open team &hub as manager…"), window)
        self.open_action.setShortcut("Ctrl+Shift+T")  # T for the team
        self.open_action.triggered.connect(lambda _checked=False: self.open_team())

    def menu_entries(self) -> dict[str, list[Any]]:
        return {"file.sync": [self.open_action], "window": [self.open_action]}

    # -- replaceable questions (tests answer them) -------------------------------------
    @classmethod
    def ask_open(cls, parent: QWidget, url: str, user: str) -> tuple[str, str, str] | None:
        dialog = team_open_dialog(parent, url, user)
        return messages.answer(dialog, dialog.answer)

    def open_team(self) -> bool:
        """Ask where and who (the joined hub's address and user filled in), then open."""
        from salesdesk.domain.errors import UserError
        from salesdesk.sync import hub
        from salesdesk.sync.service import SyncService

        url = user = ""
        try:
            joined = SyncService(self.window.session).hub_address()
        except UserError:
            joined = None
        if joined is not None:
            url, user = joined.url, joined.user
        answer = self.ask_open(self.window, url, user)
        if answer is None:
            return False
        url, user, password = answer
        try:
            address = hub.parse_url(url, user or None)
        except UserError as error:
            messages.show_error(self.window, str(error))
            return False
        if not password:
            password = hub.stored_password(address) or ""
        self._status(self.tr("Opening {0}…").format(localize(address.label)))

        def check(_task: Any) -> None:
            from salesdesk.sync import teamview

            teamview.open_team_hub(address, password).close()

        def done(_value: Any) -> None:
            if self.view is not None:
                self.view.close()
            view = TeamView(address, password, self.window.ops)
            view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            view.destroyed.connect(lambda *_: setattr(self, "view", None))
            view.resize(QSize(1200, 820))
            QShortcut(QKeySequence(Qt.Key.Key_Escape), view, view.close)
            self.view = view
            view.dashboard.kpis_ready.connect(lambda: self.opened.emit(view))
            view.show()
            view.load()
            self._status(self.tr("Opened {0}.").format(localize(address.label)))

        def failed(message: str) -> None:
            self._status("")
            messages.show_error(
                self.window, self.tr("The team hub did not open.\n{0}").format(message)
            )

        self.window.ops.read(self, check, done, failed)
        return True

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

    def close_windows(self) -> None:
        if self.view is not None:
            self.view.close()


class TeamView(QWidget):
    """The team's dashboard (the laptop's tiles, with the hub's figures) and the comparison
    of the salespeople, for the whole team or one salesperson chosen above."""

    def __init__(self, address: Any, password: str, ops: Any) -> None:
        super().__init__(None)
        from salesdesk.ui.charts import Dashboard

        self.address = address
        self._password = password
        self.ops = ops
        self.lang = chart_language()
        self.view: Any = None  # the last teamview.TeamView shown
        self.setWindowTitle(self.tr("SalesDesk — Team view: {0}").format(localize(address.label)))
        self.chooser = QComboBox(self)
        self.chooser.addItem(self.tr("The whole team"), None)
        self.chooser.currentIndexChanged.connect(self._chosen)
        self.export_button = QPushButton(self.tr("Export workbook…"), self)
        self.export_button.clicked.connect(self.export_workbook)
        self.dashboard = Dashboard(self, lang=self.lang, load=False, ops=ops, figures=self._figures)
        self.dashboard.kpis_ready.connect(self._show_people)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Salesperson:"), self))
        top.addWidget(self.chooser)
        top.addStretch(1)
        top.addWidget(self.export_button)
        self.table = QTableWidget(self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemDoubleClicked.connect(self._pick_row)
        caption = QLabel(self.tr("Salespeople compared (double-click one to see only theirs):"))
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(caption)
        bottom_layout.addWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.dashboard)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def owner(self) -> str | None:
        value = self.chooser.currentData()
        return None if value is None else str(value)

    def _figures(self, span: analytics.Period) -> tuple[dict[str, Any], Any]:
        """On the worker: the team's figures for the period and the chosen salesperson."""
        from salesdesk.sync import teamview

        if span.kind == "all":
            span = analytics.Period("all", span.end - timedelta(days=ALL_YEARS), span.end)
        owner = self.owner()
        db = teamview.open_team_hub(self.address, self._password)
        try:
            view = teamview.team_comparison(db, span, owner=owner)
            # The chooser lists everyone, also while one salesperson is shown.
            everyone = view.owners() if owner is None else teamview.team_owners(db)
        finally:
            db.close()
        kpis = view.summary.to_json()
        kpis["why_codes"] = dict(view.summary.why)
        return kpis, (view, everyone)

    def _show_people(self) -> None:
        from salesdesk.sync import teamview

        found = self.dashboard.extra
        if found is None:
            return
        view, everyone = found
        self.view = view
        self._fill_chooser(everyone)
        headers = teamview.table_headers(self.lang)
        kinds = teamview.table_kinds()
        rows = teamview.table_rows(view.people, self.lang)
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(headers)
        for r, (person, row) in enumerate(zip(view.people, rows, strict=True)):
            for c, (value, kind) in enumerate(zip(row, kinds, strict=True)):
                item = QTableWidgetItem(teamview.format_cell(value, kind))
                item.setData(Qt.ItemDataRole.UserRole, person.owner)
                if kind != "text":
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        for c, header in enumerate(headers):
            head = self.table.horizontalHeaderItem(c)
            if head is not None:
                head.setToolTip(header)

    def _fill_chooser(self, owners: list[str]) -> None:
        from salesdesk.sync import teamview

        have = [self.chooser.itemData(i) for i in range(1, self.chooser.count())]
        if have == owners:
            return
        chosen = self.owner()
        self.chooser.blockSignals(True)
        while self.chooser.count() > 1:
            self.chooser.removeItem(1)
        for owner in owners:
            self.chooser.addItem(teamview.owner_label(owner, self.lang), owner)
        index = self.chooser.findData(chosen) if chosen is not None else 0
        self.chooser.setCurrentIndex(max(0, index))
        self.chooser.blockSignals(False)

    def load(self) -> None:
        """Read the figures of the period and salesperson chosen (on the runner)."""
        self.dashboard.reload()

    def _chosen(self) -> None:
        self.load()

    def _pick_row(self, item: QTableWidgetItem) -> None:
        index = self.chooser.findData(item.data(Qt.ItemDataRole.UserRole))
        if index >= 0:
            self.chooser.setCurrentIndex(index)

    # -- the workbook ------------------------------------------------------------------------
    @classmethod
    def choose_save_file(cls, parent: QWidget, title: str, start: str, pattern: str) -> str:
        """The file the user chose to write, '' when cancelled (tests replace this)."""
        path, _ = QFileDialog.getSaveFileName(parent, title, start, pattern)
        return path

    def export_workbook(self) -> None:
        from salesdesk.domain.words import word
        from salesdesk.sync import teamview

        view = self.view
        if view is None:
            return
        owner = view.owner
        name = teamview.owner_label(owner, self.lang) if owner is not None else None
        start = str(Path.home() / f"{name or word('team.whole', self.lang)}.xlsx")
        target = self.choose_save_file(
            self, self.tr("Export the team's workbook"), start, self.tr("Workbook (*.xlsx)")
        )
        if not target:
            return
        if not target.lower().endswith(".xlsx"):
            target += ".xlsx"
        lang = self.lang
        who = name or word("team.whole", lang)
        scope = word("team.scope_owner", lang).format(name) if name else word("team.whole", lang)

        def write(_task: Any) -> str:
            from salesdesk.io.xlsx import export_team_workbook

            export_team_workbook(
                target,
                view.summary,
                teamview.table_headers(lang),
                teamview.table_rows(view.people, lang),
                teamview.table_kinds(),
                lang=lang,
                who=who,
                scope_text=scope,
            )
            return target

        def failed(message: str) -> None:
            messages.show_error(self, message)

        self.ops.read(("team-workbook", id(self)), write, self.workbook_written.emit, failed)

    workbook_written = Signal(str)

"""File > Sync: merge from a file, the sync folder, the sync file, conflicts; dropped files.

Merges run as operations on the window's runner (window.ops.start): a pool
thread through the session's store, edits blocked (ops.busy) until done, so
writes never race. Importing is in importui.py, backups in backupsui.py, the
dashboard in dashboardui.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.messages import localize, plural, sentences
from salesdesk.sync.folder import FolderSync
from salesdesk.sync.merge import MergeReport, says_nothing_merged
from salesdesk.sync.service import SyncService
from salesdesk.ui import labels, messages, syncprefs

if TYPE_CHECKING:
    from salesdesk.ui.mainwindow import MainWindow

IMPORT_SUFFIXES = (".xlsx", ".csv", ".vcf")
MERGE_SUFFIXES = (".salesdesk", ".db")
COUNT_NAMES = {
    "new": QT_TRANSLATE_NOOP("SyncUi", "New"),
    "updated": QT_TRANSLATE_NOOP("SyncUi", "Updated"),
    "unchanged": QT_TRANSLATE_NOOP("SyncUi", "Unchanged"),
    "deleted": QT_TRANSLATE_NOOP("SyncUi", "Deleted"),
    "conflicts": QT_TRANSLATE_NOOP("SyncUi", "Conflicts"),
}
TABLE_ORDER = ("card", "contact", "grade_change", "visit", "deal", "service_case")
# Rows the merge counts in its totals as well: shown when the file brings any, so the table
# adds up to the figures above it (a file with payments said "5547 new" over rows of 5386).
TABLE_ORDER_WHEN_ANY = ("payment", "card_image", "purge")


class MergePreviewDialog(QDialog):
    """What a merge will do, then Apply or Cancel; after Apply, what it did.

    Signals: apply_requested().
    """

    apply_requested = Signal()

    def __init__(self, parent: QWidget | None, source: Path) -> None:
        super().__init__(parent)
        self.source = source
        self.report: MergeReport | None = None
        self.applied = False
        self.setWindowTitle(self.tr("Merge from {0}").format(source.name))
        self.resize(620, 560)
        self.status = QLabel(self.tr("Reading {0}…").format(source.name), self)
        self.status.setWordWrap(True)
        # Issue 23: a delta carries only what this laptop lacked; a full file, everything.
        self.kind = QLabel(self)
        self.kind.setWordWrap(True)
        self.kind.hide()
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)  # a busy indicator: the merge reports no steps
        self.busy.setTextVisible(False)
        self.count_labels: dict[str, QLabel] = {}
        counts = QGridLayout()
        for column, (code, name) in enumerate(COUNT_NAMES.items()):
            title = QLabel(QCoreApplication.translate("SyncUi", name), self)
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value = QLabel("–", self)
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 1.6)
            font.setBold(True)
            value.setFont(font)
            self.count_labels[code] = value
            counts.addWidget(value, 0, column)
            counts.addWidget(title, 1, column)
        self.tables = QTableWidget(0, 4, self)
        self.tables.setHorizontalHeaderLabels(
            [self.tr("New"), self.tr("Updated"), self.tr("Deleted"), self.tr("Unchanged")]
        )
        self.tables.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.tables.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tables.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.duplicates_title = QLabel(self.tr("Likely duplicates"), self)
        self.duplicates = QListWidget(self)
        self.buttons = QDialogButtonBox(self)
        self.apply_button = QPushButton(self.tr("Apply"), self)
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self._apply_clicked)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.kind)
        layout.addWidget(self.busy)
        layout.addLayout(counts)
        layout.addWidget(self.tables)
        layout.addWidget(self.duplicates_title)
        layout.addWidget(self.duplicates, 1)
        layout.addWidget(self.buttons)

    def _apply_clicked(self) -> None:
        self.set_working(self.tr("Merging {0}… a backup of your cards is taken first.").format(
            self.source.name))  # fmt: skip
        self.apply_requested.emit()

    def set_working(self, text: str) -> None:
        self.status.setText(text)
        self.busy.show()
        self.apply_button.setEnabled(False)
        self.cancel_button.setEnabled(False)

    def show_report(self, report: MergeReport) -> None:
        """The preview: counts overall and per table, and likely duplicates."""
        self.report = report
        self.busy.hide()
        device = report.device_name or self.source.name
        if any(report.counts().values()) or report.duplicates:
            self.status.setText(self.tr("Merging the file of {0} will do this:").format(device))
        else:
            self.status.setText(
                self.tr("Nothing new in the file of {0}: your cards have it all.").format(device)
            )
        self._fill(report)
        self._show_kind(report, device)
        self.apply_button.setEnabled(True)
        self.cancel_button.setEnabled(True)
        self.apply_button.setFocus()

    def _show_kind(self, report: MergeReport, device: str) -> None:
        if report.delta:
            text = self.tr(
                "A delta from {0}: only the changes this laptop lacked, since your last exchange."
            ).format(device)
        else:
            text = self.tr("A full sync file from {0}: all of its cards.").format(device)
        self.kind.setText(text)
        self.kind.show()

    def show_outcome(self, report: MergeReport) -> None:
        self.report = report
        self.applied = True
        self.busy.hide()
        text = self.tr("Merged. {0} new, {1} updated, {2} deleted.").format(
            report.new, report.updated, report.deleted
        )
        if report.conflicts:
            text = sentences(
                text,
                plural(
                    report.conflicts,
                    self.tr(
                        "{0} conflict kept both values: see File > Sync > Conflicts and duplicates."
                    ),
                    self.tr(
                        "{0} conflicts kept both values: see File > Sync > Conflicts and "
                        "duplicates."
                    ),
                ).format(report.conflicts),
            )
        self.status.setText(text)
        self._fill(report)
        self.apply_button.hide()
        self.cancel_button.setText(self.tr("Close"))
        self.cancel_button.setEnabled(True)

    def _fill(self, report: MergeReport) -> None:
        for code, value in report.counts().items():
            self.count_labels[code].setText(str(value))
        tables = [t for t in TABLE_ORDER if t in report.per_table] + [
            t
            for t in TABLE_ORDER_WHEN_ANY
            if t in report.per_table and any(report.per_table[t].values())
        ]
        self.tables.setRowCount(len(tables))
        self.tables.setVerticalHeaderLabels([labels.word(labels.TABLES, t) for t in tables])
        for row, table in enumerate(tables):
            stats = report.per_table[table]
            values = (
                stats["new"],
                stats["updated"] - stats["deleted"],
                stats["deleted"],
                stats["shared"] - stats["updated"],
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.tables.setItem(row, column, item)
        # As tall as its rows: the space below goes to the duplicates.
        self.tables.setFixedHeight(
            self.tables.horizontalHeader().height()
            + sum(self.tables.rowHeight(r) for r in range(len(tables)))
            + 2 * self.tables.frameWidth()
        )
        self.duplicates.clear()
        for pair in report.duplicates:
            why = self.tr("same phone") if pair["reason"] == "phone" else self.tr(
                "same name and company")  # fmt: skip
            self.duplicates.addItem(
                self.tr("{0}  ↔  {1}  ({2})").format(
                    pair.get("a_name", pair["a"][:8]), pair.get("b_name", pair["b"][:8]), why
                )
            )
        if not report.duplicates:
            self.duplicates.addItem(self.tr("None: no card looks like another."))
        self.duplicates_title.setText(
            self.tr("Likely duplicates ({0}) — never merged by themselves").format(
                len(report.duplicates)
            )
        )


class SyncUi(QObject):
    """Sync for the main window: merge, sync folder, sync file, conflicts, dropped files.

    The session is always read from the window (it changes on a restore).

    Signals:
        busy_changed(bool): a merge or sync started or ended (edits are blocked meanwhile).
        synced(object): a sync-folder run finished with this FolderSync.
        merged(object): a merge from a file was applied (its MergeReport).
    """

    busy_changed = Signal(bool)
    synced = Signal(object)
    merged = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.preview: MergePreviewDialog | None = None
        self.conflicts_dialog: QDialog | None = None
        self.prefs_dialog: QDialog | None = None
        self._closing = False
        self._exit_synced = False
        self._build_actions()
        # What a sync nobody asked for (at start, on the timer, at exit) could not do or has
        # to say (a person erased here, a clock far off, files left out) stays in reach
        # in the status bar until it is read: a message there is gone after a few seconds.
        self._notices: list[str] = []
        self.notice_button = QToolButton(window)
        self.notice_button.setAutoRaise(True)
        self.notice_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.notice_button.setIcon(
            window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        )
        self.notice_button.setObjectName("syncNotice")
        self.notice_button.setToolTip(self.tr("Show what the sync had to say"))
        self.notice_button.hide()
        self.notice_button.clicked.connect(lambda _checked=False: self.show_notices())
        window.statusBar().addPermanentWidget(self.notice_button)
        window.ops.busy_changed.connect(self._busy_changed)
        window.setAcceptDrops(True)

    @property
    def session(self) -> Any:
        return self.window.session

    @property
    def ops(self) -> Any:
        return self.window.ops

    @property
    def busy(self) -> bool:
        return bool(self.window.ops.busy)

    # -- compatibility: these moved to their own features --------------------------------
    def start_import(self, path: str | Path | None = None) -> Any:
        return self.window.import_ui.start_import(path)

    @property
    def import_wizard(self) -> Any:
        return self.window.import_ui.import_wizard

    def show_backups(self) -> Any:
        return self.window.backups_ui.show_backups()

    def restore_backup(self, path: str) -> bool:
        return bool(self.window.backups_ui.restore_backup(path))

    def show_dashboard(self) -> Any:
        return self.window.dashboard_ui.show_dashboard()

    @property
    def dashboard(self) -> Any:
        return self.window.dashboard_ui.dashboard

    # -- actions (the window puts them in its menus) ---------------------------------------
    def _build_actions(self) -> None:
        window = self.window
        self.export_action = QAction(self.tr("&Export sync file…"), window)
        self.export_action.triggered.connect(lambda _checked=False: self.export_sync_file())
        self.merge_action = QAction(self.tr("&Merge from file…"), window)
        self.merge_action.triggered.connect(lambda _checked=False: self.merge_from_file())
        self.sync_now_action = QAction(self.tr("&Sync now"), window)
        self.sync_now_action.setShortcut("F5")
        self.sync_now_action.triggered.connect(lambda _checked=False: self.sync_now())
        self.sync_prefs_action = QAction(self.tr("Sync &folder…"), window)
        self.sync_prefs_action.triggered.connect(self.show_sync_prefs)
        self.conflicts_action = QAction(self.tr("&Conflicts and duplicates…"), window)
        self.conflicts_action.triggered.connect(self.show_conflicts)
        self.writing_actions = (self.merge_action, self.sync_now_action)
        self.update_actions()

    def menu_entries(self) -> dict[str, list[Any]]:
        """What this feature offers in the window's menus (None: a separator)."""
        return {
            "file.sync": [
                self.export_action,
                self.merge_action,
                self.sync_now_action,
                None,
                self.conflicts_action,
                self.sync_prefs_action,
            ],
            "window": [self.sync_now_action],
        }

    def update_actions(self) -> None:
        editable = not self.window.read_only and not self.busy
        for action in self.writing_actions:
            action.setEnabled(editable)
        self.export_action.setEnabled(not self.busy)

    def _busy_changed(self, busy: bool) -> None:
        self.update_actions()
        self.busy_changed.emit(busy)

    # -- replaceable questions (tests answer them) -------------------------------------
    @classmethod
    def choose_merge_file(cls, parent: QWidget, start: str) -> str:
        path, _ = QFileDialog.getOpenFileName(
            parent,
            QCoreApplication.translate("SyncUi", "Merge from file"),
            start,
            QCoreApplication.translate(
                "SyncUi", "SalesDesk files (*.salesdesk *.db);;All files (*)"
            ),
        )
        return path

    @classmethod
    def choose_folder(cls, parent: QWidget, title: str, start: str) -> str:
        return QFileDialog.getExistingDirectory(parent, title, start)

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

    def keep_notice(self, text: str) -> None:
        """Say text in the status bar and keep it behind the "Sync: N messages" button there
        until the user opens it (a sync at start may end while nobody looks)."""
        self._status(" ".join(text.splitlines()))
        self._notices.append(text)
        count = len(self._notices)
        self.notice_button.setText(
            plural(count, self.tr("Sync: {0} message"), self.tr("Sync: {0} messages")).format(count)
        )
        self.notice_button.show()

    def show_notices(self) -> None:
        """The kept messages, in a box; then the button goes away."""
        notices, self._notices = self._notices, []
        self.notice_button.hide()
        if notices:
            messages.show_info(self.window, self.tr("Sync"), "\n\n".join(notices))

    def say_merge_notes(
        self, reports: list[MergeReport], *, box: bool, title: str | None = None
    ) -> None:
        """What merges say beyond their counts, in the user's language: a person erased
        here at another laptop's request (and the work on their card lost with them), a
        laptop whose clock is far off. In a box (title: the folder's, unless given) when the
        user asked for the merge, in the status bar otherwise (as the team hub says the
        cards it keeps back)."""
        notes = [localize(note) for report in reports for note in report.warnings]
        if not notes:
            return
        if box:
            messages.show_info(self.window, title or self.tr("Sync folder"), "\n".join(notes))
        else:
            self.keep_notice("\n".join(notes))

    # -- export ------------------------------------------------------------------------
    def export_sync_file(self, folder: str | None = None) -> None:
        service = SyncService(self.session)
        if folder is None:
            service.prepare_export()  # the file's key, while the folder is chosen
            start = syncprefs.setting(syncprefs.EXPORT_FOLDER_KEY, str(Path.home()))
            folder = self.choose_folder(
                self.window, self.tr("Choose where to write the sync file"), start
            )
        if not folder:
            return
        syncprefs.put(syncprefs.EXPORT_FOLDER_KEY, folder)
        self._status(self.tr("Writing the sync file…"))
        self.ops.job(
            lambda _task: service.export(folder=Path(folder)),
            lambda path: self._status(self.tr("Wrote {0}.").format(str(path))),
            lambda message: messages.show_error(
                self.window, self.tr("The sync file could not be written.\n{0}").format(message)
            ),
        )

    # -- merge from a file -------------------------------------------------------------
    def merge_from_file(self, path: str | None = None) -> MergePreviewDialog | None:
        if self.busy or self.window.read_only or not self.window.panel.maybe_leave():
            return None
        if path is None:
            start = syncprefs.setting(syncprefs.MERGE_FOLDER_KEY, str(Path.home()))
            path = self.choose_merge_file(self.window, start)
        if not path:
            return None
        source = Path(path)
        syncprefs.put(syncprefs.MERGE_FOLDER_KEY, str(source.parent))
        dialog = MergePreviewDialog(self.window, source)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.apply_requested.connect(lambda: self._apply_merge(dialog))
        self.preview = dialog
        dialog.open()
        service = SyncService(self.session)
        self.ops.start(
            lambda task: service.merge_op(source, task, dry_run=True),
            lambda result: dialog.show_report(result.value),
            lambda message: self._merge_failed(dialog, message),
            label="Merge preview",
        )
        return dialog

    def _merge_failed(self, dialog: MergePreviewDialog, message: str) -> None:
        dialog.reject()
        # One clear message: the live database was not touched. Said once: most refusals
        # of a file say so themselves ("…; nothing was merged."), and name the file.
        if not says_nothing_merged(message):
            message = self.tr("{0} cannot be merged; your cards are unchanged.\n\n{1}").format(
                dialog.source.name, message
            )
        messages.show_error(self.window, message)

    def _apply_merge(self, dialog: MergePreviewDialog) -> None:
        service = SyncService(self.session)
        source = dialog.source
        self.ops.start(
            lambda task: service.merge_op(source, task),
            lambda result: self._merge_done(dialog, result.value),
            lambda message: self._merge_failed(dialog, message),
            label="Merge",
        )

    def _merge_done(self, dialog: MergePreviewDialog, report: MergeReport) -> None:
        # The runner applied and announced the change (everything) already.
        dialog.show_outcome(report)
        self._status(
            plural(
                report.conflicts,
                self.tr("Merged {0}: {1} new, {2} updated, {3} conflict."),
                self.tr("Merged {0}: {1} new, {2} updated, {3} conflicts."),
            ).format(dialog.source.name, report.new, report.updated, report.conflicts)
        )
        self.say_merge_notes([report], box=True)
        self.merged.emit(report)

    # -- the sync folder ---------------------------------------------------------------
    def sync_now(self) -> bool:
        """Sync now (F5): with the team hub this database joined (the sync folder when the
        hub cannot be reached), else with the sync folder."""
        if self.busy or self.window.read_only:
            return False
        if self.window.hub_ui.joined():
            return bool(self.window.hub_ui.sync_hub())
        return self.sync_folder_now()

    def sync_auto(self, when: str, then: Any = None) -> bool:
        """On start or exit (`when`): the joined team hub, which falls back to the sync
        folder itself when it cannot be reached; else the sync folder, when one is set.
        False when nothing was started (then is not called)."""
        if self.window.hub_ui.auto_sync(when, then=then):
            return True
        if self.window.hub_ui.joined() or not syncprefs.sync_folder():
            return False
        return self.sync_folder_now(quiet=True, then=then)

    def sync_folder_now(self, *, quiet: bool = False, then: Any = None) -> bool:
        """Write this device's file into the sync folder and merge the others there."""
        folder = syncprefs.sync_folder()
        if self.busy or self.window.read_only or not folder:
            if not folder and not quiet:
                self.show_sync_prefs()
            return False

        def done(outcome: Any) -> None:
            result: FolderSync = outcome.value
            text = plural(
                len(result.merged),
                self.tr("Synced with the folder: {0} file merged, {1} unchanged."),
                self.tr("Synced with the folder: {0} files merged, {1} unchanged."),
            ).format(len(result.merged), len(result.skipped))
            if result.delta:
                text = sentences(text, self.tr("Your file there holds only what the others lack."))
            for name, device in result.waiting:
                # Not a fault: the other laptop reads our file, then writes one we can take.
                text = sentences(
                    text,
                    self.tr(
                        "{0} builds on changes this laptop does not have yet: it will merge "
                        "after {1} syncs again."
                    ).format(name, device or name),
                )
            self._status(text)
            self.say_merge_notes(result.merged, box=not quiet)
            if result.failed:
                # The file once: most reasons name it already ("x is damaged …").
                lines = "\n".join(
                    why if name in why else self.tr("{0}: {1}").format(name, why)
                    for name, why in result.failed
                )
                problem = self.tr("Some files in the sync folder could not be merged:\n{0}")
                if quiet:
                    self.keep_notice(problem.format(lines))
                else:
                    messages.show_error(self.window, problem.format(lines))
            self.synced.emit(result)
            if then is not None:
                then()

        def failed(message: str) -> None:
            text = self.tr("Sync did not run: {0}").format(message)
            if quiet:
                self.keep_notice(text)
            else:
                messages.show_error(self.window, text)
            if then is not None:
                then()

        self._status(self.tr("Syncing with {0}…").format(folder))
        service = SyncService(self.session)
        started = self.ops.start(
            lambda task: service.sync_folder_op(Path(folder), task), done, failed, label="Sync"
        )
        return started is not None

    def ready_to_close(self) -> bool:
        """False while a merge runs or while the sync on exit (the team hub's, or the sync
        folder's) runs: the window closes after it."""
        if self.busy:
            self._status(self.tr("Wait a moment: SalesDesk is merging."))
            return False
        if (
            not self._exit_synced
            and not self.window.read_only
            and syncprefs.flag(syncprefs.ON_EXIT_KEY)
        ):
            self._exit_synced = True  # once: the window closes when this sync ends
            if self.sync_auto("exit", then=self.window.close):
                return False
        return True

    def show_sync_prefs(self) -> None:
        from salesdesk.ui.syncprefs import SyncPrefsPage

        dialog = QDialog(self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowTitle(self.tr("Sync folder"))
        page = SyncPrefsPage(self, dialog)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(page)
        layout.addWidget(buttons)
        dialog.resize(560, 360)
        self.prefs_dialog = dialog
        dialog.open()

    # -- conflicts and duplicates ------------------------------------------------------
    def show_conflicts(self) -> QDialog:
        from salesdesk.ui.conflicts_view import ConflictsDialog

        if self.conflicts_dialog is None:
            self.conflicts_dialog = ConflictsDialog(self.window.ops, self.window)
        else:
            self.conflicts_dialog.reload()  # type: ignore[attr-defined]
        bring_up(self.conflicts_dialog)
        return self.conflicts_dialog

    # -- dropped files -----------------------------------------------------------------
    @staticmethod
    def dropped_path(event: QDragEnterEvent | QDropEvent) -> Path | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile():
                path = Path(url.toLocalFile())
                if path.suffix.lower() in IMPORT_SUFFIXES + MERGE_SUFFIXES:
                    return path
        return None

    def drag_enter(self, event: QDragEnterEvent) -> None:
        if self.dropped_path(event) is not None and not self.busy:
            event.acceptProposedAction()

    def drop(self, event: QDropEvent) -> bool:
        path = self.dropped_path(event)
        if path is None or self.busy:
            return False
        event.acceptProposedAction()
        # After the drop returns: the source application is not kept waiting on a dialog.
        if path.suffix.lower() in IMPORT_SUFFIXES:
            QTimer.singleShot(0, lambda: self.window.import_ui.start_import(path))
        else:
            QTimer.singleShot(0, lambda: self.merge_from_file(str(path)))
        return True


def bring_up(widget: QWidget) -> None:
    widget.show()
    if QGuiApplication.platformName() != "offscreen":  # it cannot raise, and warns
        widget.raise_()
        widget.activateWindow()

"""The window's day planning: the Today tab, the due count, reminders, calendar export,
the day sheet and Edit > Preferences."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from salesdesk.domain.messages import plural
from salesdesk.services import settings as business_settings
from salesdesk.ui import messages
from salesdesk.ui.settings import window_settings
from salesdesk.ui.today import Reminder, TodayView
from salesdesk.ui.visits import PURPOSES, purpose_words

if TYPE_CHECKING:
    from salesdesk.ui.mainwindow import MainWindow

EXPORT_FOLDER_KEY = "visits/export_folder"


class DayPlanUi(QObject):
    """Puts the Today view first in the window and adds the visit menus.

    Signals: none (the Today view and the reminder carry their own).
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.today_view = TodayView(window.ops, window)
        views = window.views
        views.insertTab(0, self.today_view, self.tr("&Today"))
        views.setCurrentIndex(0)
        self.due_label = QLabel(window)
        window.statusBar().addPermanentWidget(self.due_label)
        self.today_view.open_card.connect(self.open_card)
        self.today_view.due_count_changed.connect(self._show_due_count)
        self._show_due_count(self.today_view.due_count)
        self.reminder = Reminder(window.ops, self)
        self.reminder.day_changed.connect(self.today_view.refresh)
        self._build_actions()
        if window.read_only:
            self.today_view.set_read_only(True)

    def _build_actions(self) -> None:
        window = self.window
        self.export_ics_action = QAction(self.tr("Export visits to &calendar (.ics)…"), window)
        self.export_ics_action.triggered.connect(lambda _checked=False: self.export_calendar())
        self.print_action = QAction(self.tr("&Print day sheet…"), window)
        self.print_action.setShortcut("Ctrl+P")
        self.print_action.triggered.connect(lambda _checked=False: self.print_day_sheet())
        self.pdf_action = QAction(self.tr("Save day sheet as P&DF…"), window)
        self.pdf_action.triggered.connect(lambda _checked=False: self.save_day_sheet())
        self.preferences_action = QAction(self.tr("Pr&eferences…"), window)
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.preferences_action.triggered.connect(lambda _checked=False: self.show_preferences())
        self.today_action = QAction(self.tr("&Today"), window)
        self.today_action.setShortcut("Ctrl+T")
        self.today_action.triggered.connect(self.show_today)

    def menu_entries(self) -> dict[str, list[Any]]:
        """What this feature offers in the window's menus (None: a separator)."""
        return {
            "file.day": [self.export_ics_action, self.print_action, self.pdf_action],
            "edit.end": [self.preferences_action],
            "view.views": [self.today_action],
            "window": [self.print_action, self.today_action],
        }

    # -- the Today tab -----------------------------------------------------------------
    def start(self) -> None:
        """After the window shows: the first reminder, then one check a minute."""
        self.reminder.start()

    def show_today(self) -> None:
        self.window.views.setCurrentWidget(self.today_view)
        self.today_view.catch_up()

    def open_card(self, card_id: str) -> bool:
        window = self.window
        window.views.setCurrentWidget(window.splitter)
        return window.select_card(card_id)

    def _show_due_count(self, count: int) -> None:
        views = self.window.views
        index = views.indexOf(self.today_view)
        views.setTabText(
            index, self.tr("&Today ({0})").format(count) if count else self.tr("&Today")
        )
        due = plural(count, self.tr("1 visit due"), self.tr("{0} visits due")).format(count)
        self.due_label.setText(due if count else "")

    def set_read_only(self, read_only: bool) -> None:
        self.today_view.set_read_only(read_only)

    # -- replaceable questions (tests answer them) -------------------------------------
    @classmethod
    def choose_save_file(cls, parent: QWidget, title: str, start: str, pattern: str) -> str:
        """The file the user chose to write, '' when cancelled."""
        path, _ = QFileDialog.getSaveFileName(parent, title, start, pattern)
        return path

    def _start_folder(self) -> str:
        return str(window_settings().value(EXPORT_FOLDER_KEY, str(Path.home())))

    def _remember_folder(self, path: Path) -> None:
        settings = window_settings()
        settings.setValue(EXPORT_FOLDER_KEY, str(path.parent))
        settings.sync()

    # -- calendar ----------------------------------------------------------------------
    def export_calendar(self, path: str | None = None) -> None:
        """Write the planned visits as an .ics file, off the GUI thread."""
        if path is None:
            path = self.choose_save_file(
                self.window,
                self.tr("Export visits to calendar"),
                str(Path(self._start_folder()) / "salesdesk-visits.ics"),
                self.tr("Calendar files (*.ics)"),
            )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".ics":
            target = target.with_suffix(".ics")
        self._remember_folder(target)
        words = {code: purpose_words(code) for code in PURPOSES}
        self.export_action_busy(True)

        store = self.window.ops.store  # read on the worker from this store

        def work(_task: Any) -> int:
            from salesdesk.io.ics import export_ics

            return export_ics(target, words, store=store)

        def done(count: Any) -> None:
            self.export_action_busy(False)
            self.window.statusBar().showMessage(
                plural(
                    count,
                    self.tr("{0} visit written to {1}."),
                    self.tr("{0} visits written to {1}."),
                ).format(count, target.name),
                6000,
            )

        def failed(message: str) -> None:
            self.export_action_busy(False)
            messages.show_error(self.window, message)

        self.window.ops.job(work, done, failed)

    def export_action_busy(self, busy: bool) -> None:
        self.export_ics_action.setEnabled(not busy)

    # -- day sheet ---------------------------------------------------------------------
    def print_day_sheet(self) -> bool:
        from salesdesk.ui.daysheet import print_day_sheet

        session = self.window.session
        return print_day_sheet(self.window, session, session.today())

    def save_day_sheet(self, path: str | None = None) -> Path | None:
        from salesdesk.ui.daysheet import save_day_sheet_pdf

        session = self.window.session
        day = session.today()
        if path is None:
            path = self.choose_save_file(
                self.window,
                self.tr("Save day sheet as PDF"),
                str(Path(self._start_folder()) / f"day-sheet-{day.isoformat()}.pdf"),
                self.tr("PDF files (*.pdf)"),
            )
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        self._remember_folder(target)
        save_day_sheet_pdf(session, day, target)
        self.window.statusBar().showMessage(self.tr("Saved {0}.").format(target.name), 6000)
        return target

    # -- preferences -------------------------------------------------------------------
    def show_preferences(self) -> bool:
        """Edit > Preferences; True when the user saved new values."""
        from salesdesk.ui.preferences import PreferencesDialog, save_language

        window = self.window
        answer = PreferencesDialog.ask(window, window.session.visit_settings())
        if answer is None:
            return False
        save_language(answer.pop("language"))
        me = answer.pop("salesperson", None)
        limits = answer.pop("credit_limits", None)
        if window.read_only:
            return True
        session = window.session
        if limits is not None and window.ops.run(lambda: session.set_credit_limits(limits)) is None:
            return False  # a limit that is no amount: said, and nothing saved
        if (
            me is not None
            and me != business_settings.salesperson(store=window.ops.store)
            and window.ops.run(lambda: session.set_salesperson(**me)) is None
        ):
            return False
        # The runner announces SETTINGS: Today and the week plan read again.
        return window.ops.run(lambda: session.set_visit_settings(**answer)) is not None

"""File > Export workbook…: what to export, where, and the export on a worker thread with Cancel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.grades import GRADES
from salesdesk.domain.messages import plural
from salesdesk.services.operations import Task
from salesdesk.ui import messages
from salesdesk.ui.datefields import DateField, guarded_accept
from salesdesk.ui.wheel import guard_wheel


@dataclass
class ExportChoice:
    """What the dialog asked for: which cards, which period, which language."""

    cards: str = "all"  # all | list | grades
    grades: set[str] = field(default_factory=set)
    date_from: date | None = None
    date_to: date | None = None
    lang: str = "en"


class ExportDialog(QDialog):
    """Which cards (all, the filtered list, chosen grades), an optional period, the language."""

    def __init__(self, parent: QWidget | None, list_count: int, lang: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export workbook"))
        layout = QVBoxLayout(self)
        self.all_button = QRadioButton(self.tr("&Everything"), self)
        self.list_button = QRadioButton(
            plural(
                list_count,
                self.tr("The &list as filtered now ({0} card)"),
                self.tr("The &list as filtered now ({0} cards)"),
            ).format(list_count),
            self,
        )
        self.grades_button = QRadioButton(self.tr("Cards of these &grades:"), self)
        self.all_button.setChecked(True)
        grade_row = QHBoxLayout()
        grade_row.addWidget(self.grades_button)
        self.grade_boxes: dict[str, QCheckBox] = {}
        for grade in GRADES:
            box = QCheckBox(grade, self)
            box.toggled.connect(lambda on: on and self.grades_button.setChecked(True))
            self.grade_boxes[grade] = box
            grade_row.addWidget(box)
        grade_row.addStretch(1)
        for widget in (self.all_button, self.list_button):
            layout.addWidget(widget)
        layout.addLayout(grade_row)

        form = QFormLayout()
        self.period_box = QCheckBox(self.tr("Only records &dated from"), self)
        today = QDate.currentDate()
        self.from_edit = DateField(self, today.addYears(-1))
        self.to_edit = DateField(self, today)
        for edit in (self.from_edit, self.to_edit):
            edit.setEnabled(False)
            self.period_box.toggled.connect(edit.setEnabled)
        period_row = QHBoxLayout()
        period_row.addWidget(self.from_edit)
        period_row.addWidget(self.to_edit)
        form.addRow(self.period_box, period_row)
        self.language = QComboBox(self)
        self.language.addItem("English", "en")
        self.language.addItem("中文", "zh")
        self.language.setCurrentIndex(max(0, self.language.findData(lang)))
        form.addRow(self.tr("La&nguage:"), self.language)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(lambda: guarded_accept(self))
        guard_wheel(self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choice(self) -> ExportChoice:
        choice = ExportChoice(lang=str(self.language.currentData()))
        if self.list_button.isChecked():
            choice.cards = "list"
        elif self.grades_button.isChecked():
            choice.cards = "grades"
            choice.grades = {g for g, box in self.grade_boxes.items() if box.isChecked()}
        if self.period_box.isChecked():
            choice.date_from = self.from_edit.date().toPython()
            choice.date_to = self.to_edit.date().toPython()
        return choice

    @classmethod
    def ask(cls, parent: QWidget | None, list_count: int, lang: str) -> ExportChoice | None:
        """The user's choice, None when cancelled (tests replace this)."""
        dialog = cls(parent, list_count, lang)
        return messages.answer(dialog, dialog.choice)


class ExportUi(QObject):
    """File > Export workbook… for the main window."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.task: Task | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.export_action = QAction(self.tr("Export &workbook (.xlsx)…"), window)
        self.export_action.triggered.connect(lambda _checked=False: self.export_workbook())

    def menu_entries(self) -> dict[str, list[Any]]:
        return {"file.export": [self.export_action]}

    @classmethod
    def choose_save_file(cls, parent: QWidget, title: str, start: str, pattern: str) -> str:
        """The file the user chose to write, '' when cancelled (tests replace this)."""
        path, _ = QFileDialog.getSaveFileName(parent, title, start, pattern)
        return path

    def list_card_ids(self) -> list[str]:
        """The cards of the list as filtered now, in its order."""
        model = self.window.model
        return [cid for r in range(model.rowCount()) if (cid := model.card_id(r)) is not None]

    def export_workbook(self) -> None:
        from salesdesk.ui.labels import chart_language

        card_ids = self.list_card_ids()
        choice = ExportDialog.ask(self.window, len(card_ids), chart_language())
        if choice is None:
            return
        path = self.choose_save_file(
            self.window,
            self.tr("Export workbook"),
            str(Path.home() / "salesdesk.xlsx"),
            self.tr("Excel workbooks (*.xlsx)"),
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            target = target.with_suffix(".xlsx")
        self.start(choice, target, card_ids if choice.cards == "list" else None)

    def start(self, choice: ExportChoice, target: Path, card_ids: list[str] | None) -> None:
        """Run the export on the window's runner, with a progress dialog whose Cancel stops it."""
        from salesdesk.ui.ops import progress_dialog

        self.export_action.setEnabled(False)
        dialog = progress_dialog(
            self.window, self.tr("Export workbook"), self.tr("Writing {0}…").format(target.name)
        )
        self.progress_dialog = dialog
        grades = choice.grades if choice.cards == "grades" else None
        store = self.window.ops.store  # read on the worker from this store

        def work(task: Task) -> dict[str, int]:
            # Runs on a pool thread: no widgets here, only the task.
            from salesdesk.io.xlsx import export_workbook

            return export_workbook(
                target,
                lang=choice.lang,
                grades=grades,
                date_from=choice.date_from,
                date_to=choice.date_to,
                card_ids=card_ids,
                progress=task.report,
                cancelled=task.is_cancelled,
                store=store,
            )

        def finish() -> None:
            self.export_action.setEnabled(True)
            dialog.finish()
            self.progress_dialog = None
            self.task = None

        def done(rows: Any) -> None:
            finish()
            cards = list(rows.values())[1] if len(rows) > 1 else 0  # Summary, then Cards
            self.window.statusBar().showMessage(
                plural(
                    cards,
                    self.tr("Workbook written to {0} ({1} card)."),
                    self.tr("Workbook written to {0} ({1} cards)."),
                ).format(target.name, cards),
                8000,
            )

        def failed(message: str) -> None:
            cancelled = self.task is not None and self.task.cancelled
            finish()
            if cancelled:
                self.window.statusBar().showMessage(self.tr("Export cancelled."), 6000)
            else:
                messages.show_error(self.window, message)

        self.task = self.window.ops.job(work, done, failed, dialog.report)
        dialog.attach(self.task)

    def cancel(self) -> None:
        """What the progress dialog's Cancel does."""
        if self.progress_dialog is not None:
            self.progress_dialog.cancel()
        if self.task is not None:
            self.task.cancel()

    @property
    def running(self) -> bool:
        return self.task is not None

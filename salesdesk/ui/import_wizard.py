"""The import wizard: file, preview, column mapping, duplicates, result (issue 8)."""

from __future__ import annotations

import re
import weakref
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from salesdesk.domain.errors import UserError
from salesdesk.domain.messages import localize, plural
from salesdesk.io import mapping, readers
from salesdesk.services import importer
from salesdesk.services.operations import let_go
from salesdesk.ui import messages

_CONTEXT = "ImportWizard"
# Card fields as the combos show them; marked for translation, translated when shown.
TARGET_LABELS: dict[str, str] = {
    "skip": QT_TRANSLATE_NOOP("ImportWizard", "(skip)"),
    "name": QT_TRANSLATE_NOOP("ImportWizard", "Name"),
    "given_name": QT_TRANSLATE_NOOP("ImportWizard", "Given name"),
    "family_name": QT_TRANSLATE_NOOP("ImportWizard", "Family name"),
    "middle_name": QT_TRANSLATE_NOOP("ImportWizard", "Middle name"),
    "company": QT_TRANSLATE_NOOP("ImportWizard", "Company"),
    "title": QT_TRANSLATE_NOOP("ImportWizard", "Title"),
    "phone_mobile": QT_TRANSLATE_NOOP("ImportWizard", "Phone (mobile)"),
    "phone_work": QT_TRANSLATE_NOOP("ImportWizard", "Phone (work)"),
    "phone_home": QT_TRANSLATE_NOOP("ImportWizard", "Phone (home)"),
    "phone_fax": QT_TRANSLATE_NOOP("ImportWizard", "Fax"),
    "phone_other": QT_TRANSLATE_NOOP("ImportWizard", "Phone (other)"),
    "phone_pager": QT_TRANSLATE_NOOP("ImportWizard", "Pager"),
    "email": QT_TRANSLATE_NOOP("ImportWizard", "E-mail"),
    "wechat": QT_TRANSLATE_NOOP("ImportWizard", "WeChat ID"),
    "address": QT_TRANSLATE_NOOP("ImportWizard", "Address"),
    "address_part": QT_TRANSLATE_NOOP("ImportWizard", "Address (part)"),
    "area": QT_TRANSLATE_NOOP("ImportWizard", "Area"),
    "grade": QT_TRANSLATE_NOOP("ImportWizard", "Grade"),
    "next_visit": QT_TRANSLATE_NOOP("ImportWizard", "Next visit"),
    "birthday": QT_TRANSLATE_NOOP("ImportWizard", "Birthday"),
    "birth_year": QT_TRANSLATE_NOOP("ImportWizard", "Birthday (year)"),
    "birth_month": QT_TRANSLATE_NOOP("ImportWizard", "Birthday (month)"),
    "birth_day": QT_TRANSLATE_NOOP("ImportWizard", "Birthday (day)"),
    "source": QT_TRANSLATE_NOOP("ImportWizard", "Source"),
    "status": QT_TRANSLATE_NOOP("ImportWizard", "Status"),
    "tags": QT_TRANSLATE_NOOP("ImportWizard", "Tags"),
    "notes": QT_TRANSLATE_NOOP("ImportWizard", "Notes"),
    "note_field": QT_TRANSLATE_NOOP("ImportWizard", "Notes, headed by the column"),
    "other_person": QT_TRANSLATE_NOOP("ImportWizard", "Another person's (in notes)"),
    "owner": QT_TRANSLATE_NOOP("ImportWizard", "Owner"),
}
# What happens to a row, as the check page and the result name it.
ACTION_LABELS: dict[str, str] = {
    "created": QT_TRANSLATE_NOOP("ImportWizard", "new card"),
    "updated": QT_TRANSLATE_NOOP("ImportWizard", "updates the card"),
    "merged": QT_TRANSLATE_NOOP("ImportWizard", "joins an earlier row"),
    "skipped": QT_TRANSLATE_NOOP("ImportWizard", "skipped"),
    "flagged": QT_TRANSLATE_NOOP("ImportWizard", "new card, likely duplicate"),
    "rejected": QT_TRANSLATE_NOOP("ImportWizard", "not imported"),
}
REASON_LABELS: dict[str, str] = {
    "email": QT_TRANSLATE_NOOP("ImportWizard", "same e-mail"),
    "mobile": QT_TRANSLATE_NOOP("ImportWizard", "same mobile number"),
    "name_company": QT_TRANSLATE_NOOP("ImportWizard", "same name and company"),
    "phone": QT_TRANSLATE_NOOP("ImportWizard", "shares a landline or switchboard"),
    "name": QT_TRANSLATE_NOOP("ImportWizard", "same name at another company"),
}
PREVIEW_ROWS = 20
REPORT_ROWS = 1000  # rows to look at listed on the check page (the CLI's --json has all)
_ENCODINGS = ("", *readers.ENCODINGS, "big5", "gbk")
_DELIMITERS = ("", ",", ";", "\t", "|")


def _label(key: str) -> str:
    return QCoreApplication.translate(_CONTEXT, TARGET_LABELS[key])


def _word(table: dict[str, str], key: str) -> str:
    return QCoreApplication.translate(_CONTEXT, table[key]) if key in table else key


class ImportWizard(QWizard):
    """Imports one file into the open session.

    The import runs as an operation on the window's runner (a worker thread, with
    progress and Cancel); given a bare Session (tests), the wizard has its own Ops.

    Reading the file and checking its rows are slow reads on the same runner (Ops.read):
    the window stays responsive, a bar moves and Cancel stops them.

    Signals:
        imported(object): the ImportResult, after the import was applied.
        file_read(bool): the file was read (True) or refused, with the reason shown (False).
        planned(bool): the rows were checked against the cards (True) or not (False).
    """

    imported = Signal(object)
    file_read = Signal(bool)
    planned = Signal(bool)

    def __init__(self, ops: Any, path: str | Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        from salesdesk.ui.ops import Ops

        self.ops = ops if isinstance(ops, Ops) else Ops(ops, self)
        self.session = self.ops.session
        self.task: Any = None  # the read, check or import running now (Cancel stops it)
        self._step: str | None = None  # "read", "plan" or "import"
        self._bar: QProgressBar | None = None
        self._advance = False  # Next was pressed while the file was read
        self.table: readers.Table | None = None
        # The day/month order of the table's date columns by column, read when first needed.
        self.date_orders: dict[int, str | None] = {}
        self._table_key: tuple[str, str | None, str | None, str | None] | None = None
        self.plan: importer.ImportPlan | None = None
        # The fields of the rows that match a card, by row, read with the plan on the worker:
        # a dict of all 200,000 rows built on the GUI thread stood the window still.
        self.duplicate_fields: dict[int, dict[str, Any]] = {}
        self.result: importer.ImportResult | None = None
        self.setWindowTitle(self.tr("Import cards"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        # The result page offers Finish only: Back showed the check page as if nothing had
        # been imported, and Cancel closed the wizard keeping the cards it had just made
        # (Edit > Undo takes an import back, as the page says).
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.resize(900, 600)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.duplicates_page = DuplicatesPage(self)
        self.result_page = ResultPage(self)
        for page in (self.file_page, self.mapping_page, self.duplicates_page, self.result_page):
            self.addPage(page)
        if path is not None:
            self.file_page.path_edit.setText(str(path))

    # -- steps the pages call (also what tests drive) ----------------------------------
    def _file_key(self) -> tuple[str, str | None, str | None, str | None]:
        page = self.file_page
        return (
            page.path_edit.text().strip(),
            page.encoding.currentData() or None,
            page.delimiter.currentData() or None,
            page.sheet.currentData() or None,
        )

    def load(self, advance: bool = False) -> Any:
        """Read the file with the chosen encoding and delimiter, on a worker (Ops.read).

        A newer request replaces an older one; Cancel stops it. file_read(True) when the
        preview shows, file_read(False) with the message on the page when the file is
        refused. advance: go to the next page once it is read (Next was pressed).
        """
        page = self.file_page
        key = self._file_key()
        path, encoding, delimiter, sheet = key
        self.table = None
        self.date_orders = {}
        self._table_key = None
        self._advance = advance

        store = self.ops.store

        def work(task: Any) -> tuple[readers.Table, dict[int, str | None]]:
            table = readers.read_table(path, encoding=encoding, delimiter=delimiter, sheet=sheet)
            task.check()  # Cancel pressed while reading: the table is not shown
            # The day/month order of the columns that will be dates, read here: at 200,000
            # rows a column takes 0.4 s, which the mapping page took on the window's thread.
            orders: dict[int, str | None] = {}
            guessed = mapping.guess_mapping(table.headers, store=store)
            mapping.date_orders(table, guessed, orders)
            task.check()
            return table, orders

        def done(read: tuple[readers.Table, dict[int, str | None]]) -> None:
            self._finish_step()
            table, self.date_orders = read
            self.table, self._table_key = table, key
            page.show_table(table)
            self.file_read.emit(True)
            if self._advance and self.currentPage() is page:
                self._advance = False
                self.next()

        def failed(message: str) -> None:
            self._finish_step()
            self._advance = False
            page.show_error(message)
            self.file_read.emit(False)

        name = Path(path).name or path
        page.show_reading(self.tr("Reading {0}…").format(name))
        self._begin_step("read", page.progress)
        self.task = self.ops.read((self, "read"), work, done, failed)
        return self.task

    def plan_rows(self) -> Any:
        """Check the rows against the cards (the dry run) on a worker; the wizard moves on to
        the check page when it is done. UserError at once when no column names a person."""
        assert self.table is not None
        table = self.table
        targets = self.mapping_page.targets()
        order = self.mapping_page.date_order.currentData() or None
        with_deals = table.deals is not None and self.file_page.deals.isChecked()
        mapping.check_people(table, targets)
        self.plan = None
        store = self.ops.store  # the worker reads the cards of this file

        def work(task: Any) -> tuple[importer.ImportPlan, dict[int, dict[str, Any]]]:
            rows = mapping.to_rows(table, targets, order)
            task.check()
            plan = importer.plan_import(_Watched(rows, task), store=store)
            task.check()
            plan.notes = mapping.describe(table, targets, order)
            if with_deals:
                assert table.deals is not None
                importer.plan_deals(
                    plan, mapping.deal_rows(table.deals), table.deals_sheet or "", store=store
                )
            strong = plan.duplicates
            return plan, {row.row: row.fields for row in plan.rows if row.row in strong}

        def done(planned: tuple[importer.ImportPlan, dict[int, dict[str, Any]]]) -> None:
            self._finish_step()
            self.plan, self.duplicate_fields = planned
            self.planned.emit(True)
            if self.currentPage() is self.mapping_page:
                self.next()

        def failed(message: str) -> None:
            self._finish_step()
            self.mapping_page.ignored.setText(message)
            self.planned.emit(False)

        bar = self.mapping_page.progress

        def progress(done: int, total: int, _text: str) -> None:
            if total and self._bar is bar:
                bar.setRange(0, total)
                bar.setValue(done)

        self._begin_step("plan", bar)
        self.task = self.ops.read((self, "plan"), work, done, failed, progress=progress)
        return self.task

    def _begin_step(self, step: str, bar: QProgressBar) -> None:
        """A read or a check runs: the bar moves (busy, no count to show), Cancel stops it."""
        self._step = step
        self._bar = bar
        bar.setRange(0, 0)
        bar.show()
        self._set_working(True)

    def _finish_step(self) -> None:
        self.task = None
        self._step = None
        if self._bar is not None:
            self._bar.hide()
            self._bar = None
        self._set_working(False)

    @property
    def working(self) -> bool:
        """A read, a check or the import runs now."""
        return self.task is not None

    def apply(self) -> bool:
        """Start the import (one transaction, one undo step) on the runner; False if busy.

        The progress bar moves while it runs; when it is done the wizard shows the
        result page and emits imported. Cancel stops it and writes nothing.
        """
        assert self.plan is not None
        assert self.table is not None
        if self.task is not None:
            return False
        if self.mapping_page.remember.isChecked():
            mapping.save_mapping(
                self.table.headers, self.mapping_page.targets(), store=self.ops.store
            )
        bar = self.result_page.progress
        session, plan = self.session, self.plan
        on_duplicate = self.duplicates_page.for_all.currentData()
        choices = self.duplicates_page.choices()

        def progress(done: int, total: int, _text: str) -> None:
            for each in (bar, self.duplicates_page.progress):
                each.setMaximum(max(total, 1))
                each.setValue(done)

        def work(task: Any) -> Any:
            _result, outcome = session.import_file(
                plan, on_duplicate=on_duplicate, choices=choices, progress=task.report
            )
            return outcome

        def done(outcome: Any) -> None:
            self._finish_step()
            self.result = outcome.value
            bar.setMaximum(max(bar.maximum(), 1))
            bar.setValue(bar.maximum())
            self.result_page.show_result(outcome.value)
            self.duplicates_page.problems.setText("")
            self.next()
            self.imported.emit(outcome.value)

        def failed(message: str) -> None:  # cancelled, read-only, locked: nothing written
            self._finish_step()
            self.duplicates_page.problems.setText(message)

        self._begin_step("import", self.duplicates_page.progress)
        self.duplicates_page.progress.setRange(0, 1)
        self.task = self.ops.start(work, done, failed, label="Import", progress=progress)
        if self.task is None:
            self._finish_step()
            return False
        return True

    def done(self, result: int) -> None:
        """Closing (Finish, Cancel, the window's close): the file's rows and the plan are let
        go on a worker, a slice at a time. Freed here with the wizard, the 200,000 rows of
        the bench file and their plan held the window 220 ms of CPU (74 + 147 ms)."""
        super().done(result)
        held: list[Any] = [self.table, self.plan]
        if self.ops.drop_read((self, "report")):
            held.pop()  # the rows to look at are still being worked out from the plan
        held = [each for each in held if each is not None]
        self.table, self.plan, self._table_key = None, None, None
        self.duplicate_fields = {}
        self.duplicates_page.report_model.show(None, [])
        if held:
            self.ops.job(lambda _task: let_go(*held), lambda _value: None)

    def _set_working(self, working: bool) -> None:
        # Back only where there is a page to go back to: on the first page, a file that
        # could not be read left it enabled, and it did nothing.
        back = self.button(QWizard.WizardButton.BackButton)
        if back is not None:
            back.setEnabled(not working and len(self.visitedIds()) > 1)
        forward = self.button(QWizard.WizardButton.NextButton)
        if forward is not None:
            forward.setEnabled(not working)

    def reject(self) -> None:
        """Cancel: stops what runs (nothing is written), a second Cancel closes."""
        if self.task is None:
            super().reject()
            return
        if self._step == "import":
            # Escape is Cancel too: a key pressed by mistake must not throw away an import
            # that has run for a while. Asked first; it may have ended meanwhile.
            if (
                messages.confirm(
                    self,
                    self.tr("Stop the import? None of its cards will be kept."),
                    self.tr("Stop the import"),
                )
                and self.task is not None
                and self._step == "import"
            ):
                self.task.cancel()  # the import rolls back; its failure says so on the page
            return
        step = self._step
        self.ops.drop_read((self, step))
        self._finish_step()
        self._advance = False
        stopped = self.tr("Stopped. Nothing was imported.")
        if step == "read":
            self.file_page.show_error(stopped)
            self.file_read.emit(False)
        else:
            self.mapping_page.ignored.setText(stopped)
            self.planned.emit(False)


class _Page(QWizardPage):
    """A page of the wizard, which it reaches through a weak reference (wiz).

    The wizard holds its pages: a page holding the wizard made a cycle that outlived the
    wizard. The window freezes what is alive whenever a job ends (ops._hold_full_collections),
    so a cycle alive then is never collected, and each import's file, read whole, stayed in
    memory after its wizard closed."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wiz = weakref.ref(wizard)

    @property
    def wiz(self) -> ImportWizard:
        wizard = self._wiz()
        assert wizard is not None, "a page outlived its wizard"
        return wizard


class FilePage(_Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Choose a file"))
        self.setSubTitle(self.tr("An Excel workbook (.xlsx), a CSV file or phone contacts (.vcf)."))
        self.path_edit = QLineEdit()
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        self.encoding = QComboBox()
        self.encoding.addItem(self.tr("Detect"), "")
        for name in _ENCODINGS[1:]:
            self.encoding.addItem(name, name)
        self.delimiter = QComboBox()
        self.delimiter.addItem(self.tr("Detect"), "")
        names = {",": self.tr("Comma ,"), ";": self.tr("Semicolon ;"), "\t": self.tr("Tab"),
                 "|": self.tr("Bar |")}  # fmt: skip
        for sep in _DELIMITERS[1:]:
            self.delimiter.addItem(names[sep], sep)
        reload = QPushButton(self.tr("Read again"))
        reload.clicked.connect(lambda _checked=False: self.wiz.load())
        self.sheet = QComboBox()
        self.sheet.addItem(self.tr("Best sheet"), "")
        self.sheet.activated.connect(lambda _index: self.wiz.load())
        self.sheet_label = QLabel(self.tr("Sheet:"))
        self.deals = QCheckBox()
        self.deals.setChecked(True)
        self.sheets_note = QLabel()
        self.sheets_note.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.preview = QTableWidget()
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        options = QHBoxLayout()
        options.addWidget(QLabel(self.tr("Encoding:")))
        options.addWidget(self.encoding)
        options.addWidget(QLabel(self.tr("Delimiter:")))
        options.addWidget(self.delimiter)
        options.addWidget(self.sheet_label)
        options.addWidget(self.sheet)
        options.addWidget(reload)
        options.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(options)
        layout.addWidget(self.status)
        layout.addWidget(self.sheets_note)
        layout.addWidget(self.deals)
        self.progress = QProgressBar()  # while the file is read
        self.progress.hide()
        layout.addWidget(self.progress)
        layout.addWidget(self.preview, 1)
        self._show_sheets(None)

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import cards"), "", self.tr("Customer lists (*.xlsx *.csv *.txt *.vcf)")
        )
        if name:
            self.path_edit.setText(name)
            self.wiz.load()

    def show_error(self, text: str) -> None:
        self.status.setText(text)
        self.preview.clear()
        self.preview.setRowCount(0)
        self.preview.setColumnCount(0)

    def show_table(self, table: readers.Table) -> None:
        rows = len(table.rows)
        details = [plural(rows, self.tr("{0} row"), self.tr("{0} rows")).format(rows)]
        if table.encoding:
            details.append(self.tr("encoding {0}").format(table.encoding))
        if table.sheet:
            details.append(self.tr("sheet {0}").format(table.sheet))
        self.status.setText(self.tr(", ").join(details))  # "，" between Chinese words
        self._show_sheets(table)
        _fill(self.preview, table.headers, table.rows[:PREVIEW_ROWS])

    def _show_sheets(self, table: readers.Table | None) -> None:
        """Each sheet is offered; the ones not imported are named."""
        sheets = table.sheets if table is not None else []
        several = len(sheets) > 1
        for widget in (self.sheet, self.sheet_label, self.sheets_note):
            widget.setVisible(several)
        self.deals.setVisible(table is not None and table.deals is not None)
        if table is None or not several:
            return
        chosen = self.sheet.currentData() or ""
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItem(self.tr("Best sheet"), "")
        for name in sheets:
            self.sheet.addItem(name, name)
        self.sheet.setCurrentIndex(max(0, self.sheet.findData(chosen)))
        self.sheet.blockSignals(False)
        left = [n for n in sheets if n not in (table.sheet, table.deals_sheet)]
        lines = [self.tr("People are read from the sheet '{0}'.").format(table.sheet)]
        if left:
            lines.append(self.tr("Not imported: {0}.").format(", ".join(f"'{n}'" for n in left)))
        self.sheets_note.setText(" ".join(lines))
        if table.deals is not None:
            self.deals.setText(
                self.tr("Import the sheet '{0}' as deals on the matching cards").format(
                    table.deals_sheet
                )
            )

    def show_reading(self, text: str) -> None:
        self.show_error(text)

    def validatePage(self) -> bool:
        # The file is read on a worker; Next moves on once it is read (or says why not).
        if self.wiz.table is not None and self.wiz._table_key == self.wiz._file_key():
            return True
        if self.wiz._step == "read":
            self.wiz._advance = True
        elif not self.wiz.working:
            self.wiz.load(advance=True)
        return False


class MappingPage(_Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Match the columns"))
        self.setSubTitle(self.tr("Choose the card field for each column, or skip it."))
        self.grid = QTableWidget(0, 3)
        self.grid.setHorizontalHeaderLabels(
            [self.tr("Column in the file"), self.tr("First values"), self.tr("Card field")]
        )
        self.grid.verticalHeader().setVisible(False)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.combos: list[QComboBox] = []
        self.date_order = QComboBox()
        self.date_order.addItem(self.tr("As the file shows (day first if it cannot tell)"), "")
        self.date_order.addItem(self.tr("Day first (5/3/2025)"), "dmy")
        self.date_order.addItem(self.tr("Month first (3/5/2025)"), "mdy")
        self.date_question = QLabel()
        self.date_question.setWordWrap(True)
        self.ignored = QLabel()
        self.ignored.setWordWrap(True)
        self.remember = QCheckBox(self.tr("Remember this matching for the next file like this"))
        self.remember.setChecked(True)
        form = QFormLayout()
        form.addRow(self.tr("Dates such as 3/5/2025:"), self.date_order)
        layout = QVBoxLayout(self)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.ignored)
        layout.addLayout(form)
        layout.addWidget(self.date_question)
        layout.addWidget(self.remember)
        self.progress = QProgressBar()  # while the rows are checked against the cards
        self.progress.hide()
        layout.addWidget(self.progress)

    def initializePage(self) -> None:
        table = self.wiz.table
        assert table is not None
        self.wiz.plan = None
        guessed = mapping.guess_mapping(table.headers, store=self.wiz.ops.store)
        self.grid.setRowCount(len(table.headers))
        self.combos = []
        for index, header in enumerate(table.headers):
            samples = [r[index] for r in table.rows[:3] if index < len(r) and r[index]]
            self.grid.setItem(index, 0, QTableWidgetItem(header))
            self.grid.setItem(index, 1, QTableWidgetItem(" | ".join(samples)))
            combo = QComboBox()
            for key in TARGET_LABELS:
                combo.addItem(_label(key), key)
            combo.setCurrentIndex(combo.findData(guessed[index]))
            combo.currentIndexChanged.connect(self._show_columns)
            self.grid.setCellWidget(index, 2, combo)
            self.combos.append(combo)
        self._show_columns()

    def _show_columns(self) -> None:
        """Name every column left out, and ask about dates the file cannot settle."""
        table = self.wiz.table
        if table is None or len(self.combos) != len(table.headers):
            return
        targets = self.targets()
        ignored = [h for h, t in zip(table.headers, targets, strict=True) if t == "skip"]
        self.ignored.setText(
            self.tr("Not imported: {0}").format(", ".join(f"'{h}'" for h in ignored))
            if ignored
            else self.tr("Every column is imported.")
        )
        questions = [
            self.tr("Dates in '{0}' (such as 3/5/1980) could be day or month first: which?").format(
                table.headers[index]
            )
            for index, order in mapping.date_orders(table, targets, self.wiz.date_orders).items()
            if order in ("ambiguous", "mixed")
        ]
        self.date_question.setText("\n".join(questions))
        self.date_question.setVisible(bool(questions))

    def targets(self) -> list[str]:
        return [str(c.currentData()) for c in self.combos]

    def set_target(self, column: int, key: str) -> None:
        self.combos[column].setCurrentIndex(self.combos[column].findData(key))

    def validatePage(self) -> bool:
        # The rows are checked on a worker; the wizard moves on when that is done.
        if self.wiz.plan is not None:
            return True
        if self.wiz.working:
            return False
        try:
            self.wiz.plan_rows()
        except UserError as error:  # not a list of people: say so and stay
            self.ignored.setText(str(error))
        return False


class DuplicatesPage(_Page):
    """What the import will do, row by row. Signals: report_shown() — the table of rows
    to look at shows the current choices (it is worked out on a worker)."""

    report_shown = Signal()

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.reporting = False  # the rows to look at are being worked out
        self.setTitle(self.tr("Check before importing"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.for_all = QComboBox()
        self._add_actions(self.for_all)
        self.for_all.currentIndexChanged.connect(self._apply_for_all)
        self.grid = QTableWidget(0, 5)
        self.grid.setHorizontalHeaderLabels(
            [self.tr("Row"), self.tr("In the file"), self.tr("Matches"), self.tr("Why"),
             self.tr("Do")]
        )  # fmt: skip
        self.grid.verticalHeader().setVisible(False)
        header = self.grid.horizontalHeader()
        for column in range(5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.report_title = QLabel()
        # A view over the report's rows, each row's words made when it is shown: 1,000 rows
        # of items filled at once held the window (with the import on a worker) ~0.4 s.
        self.report_model = ReportModel(self)
        self.report = QTableView()
        self.report.setModel(self.report_model)
        self.report.verticalHeader().setVisible(False)
        self.report.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        report_header = self.report.horizontalHeader()
        report_header.setResizeContentsPrecision(0)  # widths from the rows in sight
        for column in range(4):
            report_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        report_header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.row_combos: dict[int, QComboBox] = {}
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("For all duplicates:")))
        bar.addWidget(self.for_all)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(bar)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.report_title)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.problems)
        self.progress = QProgressBar()  # while the import writes (Cancel stops it)
        self.progress.hide()
        layout.addWidget(self.progress)

    def _add_actions(self, combo: QComboBox) -> None:
        combo.addItem(self.tr("Skip"), "skip")
        combo.addItem(self.tr("Update the card"), "update")
        combo.addItem(self.tr("Create a new card"), "create")

    def initializePage(self) -> None:
        plan = self.wiz.plan
        assert plan is not None
        names = self.wiz.duplicate_fields
        self.summary.setText(
            # As counts after labels: "1 rows …: 1 are a card" read wrong in English.
            self.tr(
                "Rows to import: {0}. A card you already have (same e-mail, mobile, or name and "
                "company): {1}. Only look like one, and come in as cards of their own: {2}."
            ).format(len(plan.rows), len(plan.duplicates), len(plan.likely))
        )
        self.grid.setRowCount(len(plan.duplicates))
        self.row_combos = {}
        for line, (row, duplicate) in enumerate(sorted(plan.duplicates.items())):
            fields = names.get(row, {})
            mine = " · ".join(str(fields.get(k, "")) for k in ("name", "company") if fields.get(k))
            if duplicate.card_id is not None:
                theirs = " · ".join(p for p in (duplicate.name, duplicate.company) if p)
            else:
                theirs = self.tr("row {0} of this file").format(duplicate.other_row)
            why = _why(duplicate)
            for column, text in enumerate((str(row), mine, theirs, why)):
                self.grid.setItem(line, column, QTableWidgetItem(text))
            combo = QComboBox()
            self._add_actions(combo)
            combo.setCurrentIndex(combo.findData(self.for_all.currentData()))
            combo.currentIndexChanged.connect(self._show_report)
            self.grid.setCellWidget(line, 4, combo)
            self.row_combos[row] = combo
        self.grid.setVisible(bool(plan.duplicates))
        self._show_report()
        self.notes.setText("\n".join(_note_words(n) for n in plan.notes))
        lines = [
            self.tr("Row {0}: {1}").format(p["row"], localize(p["message"]))
            for p in plan.problems[:8]
        ]
        if len(plan.problems) > 8:
            lines.append(self.tr("… and {0} more").format(len(plan.problems) - 8))
        self.problems.setText("\n".join(lines))

    def _apply_for_all(self) -> None:
        for combo in self.row_combos.values():
            combo.setCurrentIndex(combo.findData(self.for_all.currentData()))
        self._show_report()

    def _show_report(self) -> None:
        """Every row that is skipped, updated, merged, flagged or left out, and why.

        What the import would do is worked out on a worker (Ops.read: at 200,000 rows it
        takes seconds); a newer choice replaces the request, and the table shows the
        first REPORT_ROWS rows of the answer.
        """
        plan = self.wiz.plan
        if plan is None:
            return
        on_duplicate, choices = self.for_all.currentData(), self.choices()
        self.reporting = True
        self.wiz.ops.read(
            (self.wiz, "report"),
            lambda _task: _report(plan, on_duplicate, choices),
            lambda report: self._fill_report(plan, report),
            self._report_failed,
        )

    def _report_failed(self, message: str) -> None:
        self.reporting = False
        self.report_title.setText(message)
        self.report_shown.emit()

    def _fill_report(self, plan: importer.ImportPlan, report: _Report) -> None:
        self.reporting = False
        if plan is not self.wiz.plan:
            return  # the columns were matched again meanwhile
        title = self.tr(
            "Rows to look at: {0} (new cards {1}, of them likely duplicates {2}; "
            "updated {3}; skipped {4})"
        ).format(*report.counts)
        shown = report.shown
        if len(shown) < report.counts[0]:
            title += self.tr(" · the first {0} are listed").format(len(shown))
        self.report_title.setText(title)
        self.report_model.show(plan, shown)
        self.report_shown.emit()

    def choices(self) -> dict[int, str]:
        return {row: str(combo.currentData()) for row, combo in self.row_combos.items()}

    def cleanupPage(self) -> None:
        super().cleanupPage()
        self.wiz.plan = None  # Back: the columns may be matched otherwise, check again

    def set_choice(self, row: int, action: str) -> None:
        self.row_combos[row].setCurrentIndex(self.row_combos[row].findData(action))

    def validatePage(self) -> bool:
        # Next starts the import on a worker; the wizard moves on when it is done.
        if self.wiz.result is not None:
            return True
        self.wiz.apply()
        return False


class _Report(NamedTuple):
    """What the check page shows of a preview: its counts (rows to look at, created,
    flagged, updated, skipped) and the first REPORT_ROWS rows to look at."""

    counts: tuple[int, int, int, int, int]
    shown: list[dict[str, Any]]


def _report(plan: importer.ImportPlan, on_duplicate: str, choices: dict[int, str]) -> _Report:
    """On a worker: the preview, and of it only what the page shows. The whole preview
    (a dict for each of 97,000 rows to look at) sent to the window was freed there, after
    the page took its first 1,000 rows: the window stood still 60 ms; here it is let go
    a slice at a time."""
    preview = importer.preview(plan, on_duplicate, choices)
    rows = preview.rows
    report = _Report(
        (len(rows), preview.created, preview.flagged, preview.updated, preview.skipped),
        list(rows[:REPORT_ROWS]),
    )
    let_go(rows, preview.likely_groups)
    return report


class ReportModel(QAbstractTableModel):
    """The check page's rows to look at: row, name in the file, what happens, the card or
    row it looks like, why. A row's words are made the first time it is shown (the words
    are the check page's: translated in its context). Signals: the standard ones only."""

    HEADERS = (
        QT_TRANSLATE_NOOP("DuplicatesPage", "Row"),
        QT_TRANSLATE_NOOP("DuplicatesPage", "In the file"),
        QT_TRANSLATE_NOOP("DuplicatesPage", "What happens"),
        QT_TRANSLATE_NOOP("DuplicatesPage", "Looks like"),
        QT_TRANSLATE_NOOP("DuplicatesPage", "Why"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plan: importer.ImportPlan | None = None
        self._entries: list[dict[str, Any]] = []
        self._texts: dict[int, tuple[str, ...]] = {}

    def show(self, plan: importer.ImportPlan | None, entries: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._plan, self._entries, self._texts = plan, list(entries), {}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        return self.texts(index.row())[index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return QCoreApplication.translate("DuplicatesPage", self.HEADERS[section])
        return None

    def texts(self, line: int) -> tuple[str, ...]:
        """The five cells of one row, as shown."""
        texts = self._texts.get(line)
        if texts is None:
            texts = self._texts[line] = self._words(self._entries[line])
        return texts

    def _words(self, entry: dict[str, Any]) -> tuple[str, ...]:
        plan = self._plan
        assert plan is not None
        number = entry["row"]
        match = plan.duplicates.get(number) or next(iter(plan.likely.get(number, [])), None)
        if match is None:
            theirs, why = "", ""
        else:
            theirs = " · ".join(p for p in (match.name, match.company) if p)
            if match.card_id is None:
                theirs = QCoreApplication.translate("DuplicatesPage", "{0} (row {1})").format(
                    match.name, match.other_row
                )
            why = _why(match)
        problems = "; ".join([why, *map(localize, entry["problems"])]).strip("; ")
        return (str(number), entry["name"], _word(ACTION_LABELS, entry["action"]), theirs,
                problems)  # fmt: skip


class ResultPage(_Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Import finished"))
        self.progress = QProgressBar()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary, 1)

    def show_result(self, result: importer.ImportResult) -> None:
        lines = [
            self.tr("Created: {0}").format(result.created),
            self.tr("Updated: {0}").format(result.updated),
            self.tr("Skipped: {0}").format(result.skipped),
            self.tr("Deals: {0}").format(result.deals),
            plural(
                len(result.likely_groups),
                self.tr(
                    "Likely duplicates, kept as separate cards: {0} group. Merge or dismiss it "
                    "in File > Sync > Conflicts and duplicates."
                ),
                self.tr(
                    "Likely duplicates, kept as separate cards: {0} groups. Merge or dismiss them "
                    "in File > Sync > Conflicts and duplicates."
                ),
            ).format(len(result.likely_groups)),
            self.tr("Rows with problems: {0}").format(len({p["row"] for p in result.problems})),
            self.tr("Edit > Undo takes the whole import back."),
        ]
        self.summary.setText("\n".join(lines))


def _why(match: importer.Duplicate) -> str:
    text = _word(REASON_LABELS, match.reason)
    if not match.strong and match.reason in importer.STRONG_REASONS:
        text = QCoreApplication.translate(_CONTEXT, "{0}, but another name").format(text)
    return f"{text} ({match.shared})" if match.shared else text


# The service's notes about a file (English, for the CLI), in the window's language.
_NOTE_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        r"Columns not imported: (.*)\.$",
        QT_TRANSLATE_NOOP("ImportWizard", "Columns not imported: {0}."),
    ),
    (
        r"Sheets not imported: (.*)\.$",
        QT_TRANSLATE_NOOP("ImportWizard", "Sheets not imported: {0}."),
    ),
    (
        r"Columns of another person kept in the notes under their header: (.*)\.$",
        QT_TRANSLATE_NOOP(
            "ImportWizard", "Columns of another person, kept in the notes under their header: {0}."
        ),
    ),
    (
        r"Dates in '(.*)' are read month first \(M/D/Y\)\.$",
        QT_TRANSLATE_NOOP("ImportWizard", "Dates in '{0}' are read month first (M/D/Y)."),
    ),
    (
        r"Dates in '(.*)' are read day first \(D/M/Y\)\.$",
        QT_TRANSLATE_NOOP("ImportWizard", "Dates in '{0}' are read day first (D/M/Y)."),
    ),
    (
        r"Dates in '(.*)' \(such as 3/5/1980\) could be day or month first.*",
        QT_TRANSLATE_NOOP(
            "ImportWizard",
            "Dates in '{0}' could be day or month first: choose on the previous page.",
        ),
    ),
    (
        r"Dates in '(.*)' are written both day first and month first.*",
        QT_TRANSLATE_NOOP(
            "ImportWizard", "Dates in '{0}' are written both day first and month first."
        ),
    ),
    (  # the one before the many ("character (", not "characters (")
        r"(\d+) control or text-direction character \(.*",
        QT_TRANSLATE_NOOP(
            "ImportWizard", "{0} control or text-direction character was removed from the cells."
        ),
    ),
    (
        r"(\d+) control or text-direction characters.*",
        QT_TRANSLATE_NOOP(
            "ImportWizard", "{0} control or text-direction characters were removed from the cells."
        ),
    ),
    (
        r"Sheet '(.*)' row (\d+): the deal for '(.*)' is not imported: no card has that name\.",
        QT_TRANSLATE_NOOP(
            "ImportWizard", "Sheet '{0}' row {1}: no card is named '{2}': the deal is not imported."
        ),
    ),
    (
        r"Sheet '(.*)' row (\d+): the deal for '(.*)' is not imported: several cards .*",
        QT_TRANSLATE_NOOP(
            "ImportWizard",
            "Sheet '{0}' row {1}: several cards are named '{2}': the deal is not imported.",
        ),
    ),
)


def _note_words(note: str) -> str:
    for pattern, words in _NOTE_PATTERNS:
        match = re.match(pattern, note)
        if match:
            return QCoreApplication.translate(_CONTEXT, words).format(*match.groups())
    return note


def _fill(widget: QTableWidget, headers: list[str], rows: list[list[str]]) -> None:
    widget.clear()
    widget.setColumnCount(len(headers))
    widget.setRowCount(len(rows))
    widget.setHorizontalHeaderLabels(headers)
    for r, values in enumerate(rows):
        for c, value in enumerate(values[: len(headers)]):
            widget.setItem(r, c, QTableWidgetItem(value.replace("\n", " ")))


class _Watched(list):  # type: ignore[type-arg]
    """The rows to check, reporting progress and stopping on Cancel as they are read."""

    def __init__(self, rows: list[Any], task: Any) -> None:
        super().__init__(rows)
        self.task = task

    def __iter__(self) -> Any:
        total = len(self)
        for number, row in enumerate(super().__iter__()):
            if number % 500 == 0:
                self.task.report(number, total)
                self.task.check()
            yield row
        self.task.report(total, total)

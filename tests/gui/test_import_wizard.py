"""The import wizard: preview, mapping, duplicates and result, driven without a modal exec."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from salesdesk.services.session import Session
from salesdesk.ui.import_wizard import ImportWizard

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
SHOTS = Path("/tmp/import-shots")


def open_wizard(qtbot: Any, session: Session, name: str) -> ImportWizard:
    wizard = ImportWizard(session, FIXTURES / name)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def next_page(qtbot: Any, wizard: ImportWizard) -> None:
    """Click Next and wait for what it started (the file read, the check) to finish."""
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: not wizard.working, timeout=10000)
    # The check page works out its rows to look at on the runner too.
    qtbot.waitUntil(lambda: not wizard.duplicates_page.reporting, timeout=10000)


def load(qtbot: Any, wizard: ImportWizard) -> bool:
    """Read the file again (on the runner) and wait: True when the preview shows."""
    with qtbot.waitSignal(wizard.file_read, timeout=10000) as signal:
        wizard.load()
    return bool(signal.args[0])


def test_mapping_duplicates_and_result(qtbot: Any, session: Session) -> None:
    existing = session.create_card({"name": "李娜", "phones": "13900001111"}, grade="E").id
    wizard = open_wizard(qtbot, session, "gbk_chinese.csv")
    next_page(qtbot, wizard)  # the file is read on leaving the first page
    assert wizard.currentPage() is wizard.mapping_page
    assert wizard.file_page.preview.item(0, 0).text() == "张伟"
    assert wizard.mapping_page.targets()[:4] == ["name", "company", "phone_mobile", "grade"]
    wizard.mapping_page.set_target(6, "skip")  # the notes column is left out
    SHOTS.mkdir(parents=True, exist_ok=True)
    wizard.grab().save(str(SHOTS / "mapping.png"))
    next_page(qtbot, wizard)
    page = wizard.duplicates_page
    assert set(page.row_combos) == {3, 7}
    assert page.grid.item(0, 2).text() == "李娜"
    page.set_choice(3, "update")
    wizard.grab().save(str(SHOTS / "duplicates.png"))
    with qtbot.waitSignal(wizard.imported, timeout=5000) as signal:
        wizard.next()
    result = signal.args[0]
    assert (result.created, result.updated, result.skipped) == (3, 1, 1)
    card = session.card(existing)
    assert (card.company, card.grade) == ("北京东方科技", "B")
    zhang = next(session.card(i) for i in result.card_ids if session.card(i).name == "张伟")
    assert zhang.notes == ""  # the skipped column did not come in
    assert "Created: 3" in wizard.result_page.summary.text()
    assert wizard.result_page.progress.value() == wizard.result_page.progress.maximum()
    wizard.grab().save(str(SHOTS / "result.png"))
    session.undo()
    assert session.card(existing).grade == "E"


def test_for_all_and_saved_mapping(qtbot: Any, session: Session) -> None:
    session.create_card({"name": "陳美玲", "company": "台北華信貿易"})
    wizard = open_wizard(qtbot, session, "big5.csv")
    next_page(qtbot, wizard)
    wizard.mapping_page.set_target(1, "notes")
    next_page(qtbot, wizard)
    wizard.duplicates_page.for_all.setCurrentIndex(
        wizard.duplicates_page.for_all.findData("create")
    )
    assert wizard.duplicates_page.choices() == {}  # company went to notes: no match by company
    wizard.next()  # the import runs on a worker; the wizard moves on when it is done
    qtbot.waitUntil(lambda: wizard.result is not None, timeout=10000)
    assert wizard.currentPage() is wizard.result_page
    assert wizard.result.created == 2
    again = open_wizard(qtbot, session, "big5.csv")
    next_page(qtbot, again)
    assert again.mapping_page.targets()[1] == "notes"  # the matching was remembered


def test_a_bad_file_stays_on_the_first_page(qtbot: Any, session: Session, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    wizard = open_wizard(qtbot, session, "big5.csv")
    wizard.file_page.path_edit.setText(str(empty))
    next_page(qtbot, wizard)
    assert wizard.currentPage() is wizard.file_page
    assert "empty" in wizard.file_page.status.text()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_stays_on_the_first_page_with_one_message(
    qtbot: Any, session: Session, tmp_path: Path
) -> None:
    """The wizard read a named pipe on a worker, which waited for a writer forever: the
    page said 'Reading…' until the window was closed."""
    pipe = tmp_path / "people.csv"
    os.mkfifo(pipe)
    wizard = open_wizard(qtbot, session, "big5.csv")
    try:
        wizard.file_page.path_edit.setText(str(pipe))
        next_page(qtbot, wizard)
        assert wizard.currentPage() is wizard.file_page
        assert "not a plain file (a pipe or a device)" in wizard.file_page.status.text()
        # Nothing to go back to from the first page (the end of the read enabled Back).
        assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
        assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        wizard.file_page.path_edit.setText(str(FIXTURES / "big5.csv"))
        next_page(qtbot, wizard)
        assert wizard.currentPage() is wizard.mapping_page
        assert wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    finally:
        # A reader still waiting on the pipe gets its end, so no worker is left blocked (with
        # no reader the open fails: nothing waits on it).
        with contextlib.suppress(OSError):
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))


def test_encoding_override_rereads(qtbot: Any, session: Session) -> None:
    wizard = open_wizard(qtbot, session, "semicolon_cp1252.csv")
    assert load(qtbot, wizard)
    page = wizard.file_page
    page.delimiter.setCurrentIndex(page.delimiter.findData(","))
    assert load(qtbot, wizard)
    assert page.preview.columnCount() == 1
    page.delimiter.setCurrentIndex(page.delimiter.findData(";"))
    assert load(qtbot, wizard)
    assert page.preview.item(0, 2).text() == "Bäckerei Grün"


def _cell(view: Any, row: int, column: int) -> str:
    """The text a table view shows in a cell (through its model, as the view reads it)."""
    return str(view.model().index(row, column).data())


def _next(qtbot: Any, wizard: ImportWizard) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWizard

    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def test_the_check_page_names_flagged_rows_and_ignored_columns(
    qtbot: Any, qtmodeltester: Any, session: Session
) -> None:
    wizard = open_wizard(qtbot, session, "outlook_m365_six.csv")
    next_page(qtbot, wizard)
    mapping_page = wizard.mapping_page
    assert "'Organizational ID Number'" in mapping_page.ignored.text()
    assert "'E-mail Display Name'" in mapping_page.ignored.text()
    assert not mapping_page.date_question.isVisibleTo(wizard)  # 1/20/1981 settles M/D/Y
    next_page(qtbot, wizard)
    page = wizard.duplicates_page
    assert page.row_combos == {}  # nobody is the same person as anybody else
    rows = [_cell(page.report, r, 0) for r in range(page.report.model().rowCount())]
    assert rows == ["3", "4", "5", "6", "7"]
    assert _cell(page.report, 0, 1) == "Shiori Inoue"
    assert _cell(page.report, 0, 2) == "new card, likely duplicate"
    assert "switchboard" in _cell(page.report, 0, 4)
    assert page.report.model().headerData(2, Qt.Orientation.Horizontal) == "What happens"
    qtmodeltester.check(page.report.model())
    assert "'Account'" in page.notes.text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    wizard.grab().save(str(SHOTS / "check-en.png"))
    with qtbot.waitSignal(wizard.imported, timeout=5000) as signal:
        _next(qtbot, wizard)
    assert signal.args[0].created == 6
    summary = wizard.result_page.summary.text()
    assert "kept as separate cards: 1 group. Merge or dismiss it" in summary


def test_an_ambiguous_date_column_is_asked_about(
    qtbot: Any, session: Session, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    path = tmp_path / "dates.csv"
    path.write_text("Name,Birthday\nAnn,6/5/1984\nBob,3/4/1981\n", encoding="utf-8")
    wizard = ImportWizard(session, path)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    next_page(qtbot, wizard)
    page = wizard.mapping_page
    assert page.date_question.isVisibleTo(wizard)
    assert "'Birthday'" in page.date_question.text()
    page.date_order.setFocus()
    QTest.keyClick(page.date_order, Qt.Key.Key_Down)
    QTest.keyClick(page.date_order, Qt.Key.Key_Down)  # month first
    assert page.date_order.currentData() == "mdy"
    next_page(qtbot, wizard)
    with qtbot.waitSignal(wizard.imported, timeout=5000) as signal:
        _next(qtbot, wizard)
    ann = next(session.card(i) for i in signal.args[0].card_ids if session.card(i).name == "Ann")
    assert str(ann.birthday) == "1984-06-05"


def test_a_column_matched_to_a_date_by_hand_is_asked_about_too(
    qtbot: Any, session: Session, tmp_path: Path
) -> None:
    # The orders of the columns guessed as dates are read with the file, on the worker;
    # another column's order is read when the user makes it a date.
    path = tmp_path / "dates.csv"
    path.write_text(
        "Name,Birthday,Special day\nAnn,25/5/1984,6/5/2020\nBob,13/4/1981,3/4/2021\n",
        encoding="utf-8",
    )
    wizard = ImportWizard(session, path)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    next_page(qtbot, wizard)
    page = wizard.mapping_page
    assert page.targets()[1] == "birthday"
    assert not page.date_question.isVisibleTo(wizard)  # 25/5 settles day first
    assert page.targets()[2] != "next_visit"
    page.set_target(2, "next_visit")
    assert page.date_question.isVisibleTo(wizard)
    assert "'Special day'" in page.date_question.text()
    assert "'Birthday'" not in page.date_question.text()
    page.set_target(2, "skip")
    assert not page.date_question.isVisibleTo(wizard)


def test_a_workbook_offers_its_sheets_in_chinese(
    qtbot: Any, session: Session, tmp_path: Path
) -> None:
    from openpyxl import Workbook
    from PySide6.QtCore import QCoreApplication, QLocale
    from PySide6.QtWidgets import QApplication

    from salesdesk.ui import app as ui_app

    book = Workbook()
    people = book.active
    people.title = "客户"
    people.append(["姓名", "公司", "手机", "座机"])
    for name in ("张伟", "王芳", "李娜"):
        people.append([name, "华信贸易", "", "021-64123456"])
    deals = book.create_sheet("已成交")
    deals.append(["客户", "产品", "金额", "成交日期"])
    deals.append(["张伟", "年金险", 12800, "2025-03-05"])
    book.create_sheet("说明").append(["2025年客户名单"])
    path = tmp_path / "客户.xlsx"
    book.save(path)
    default_locale = QLocale()
    loaded = ui_app.install_translations(QApplication.instance(), "zh_CN")
    try:
        wizard = ImportWizard(session, path)
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitExposed(wizard)
        page = wizard.file_page
        assert load(qtbot, wizard)
        assert page.sheet.isVisibleTo(wizard)
        assert [page.sheet.itemText(i) for i in range(page.sheet.count())][1:] == [
            "客户", "已成交", "说明"
        ]  # fmt: skip
        assert "说明" in page.sheets_note.text()
        assert page.deals.isVisibleTo(wizard)
        assert page.deals.isChecked()
        SHOTS.mkdir(parents=True, exist_ok=True)
        wizard.grab().save(str(SHOTS / "file-zh.png"))
        next_page(qtbot, wizard)
        next_page(qtbot, wizard)
        report = wizard.duplicates_page.report
        assert _cell(report, 0, 2) == "新建卡片，疑似重复"
        assert QCoreApplication.translate("ImportWizard", "same e-mail") == "电子邮件相同"
        wizard.grab().save(str(SHOTS / "check-zh.png"))
        with qtbot.waitSignal(wizard.imported, timeout=5000) as signal:
            _next(qtbot, wizard)
        result = signal.args[0]
        assert (result.created, result.deals) == (3, 1)
        wizard.grab().save(str(SHOTS / "result-zh.png"))
    finally:
        for translator in loaded:
            QApplication.instance().removeTranslator(translator)
        QLocale.setDefault(default_locale)


def _button(wizard: ImportWizard, which: str) -> Any:
    from PySide6.QtWidgets import QWizard

    return wizard.button(getattr(QWizard.WizardButton, which))


def _click(qtbot: Any, button: Any) -> None:
    from PySide6.QtCore import Qt

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_file_is_read_on_the_runner_and_cancel_stops_it(
    qtbot: Any, session: Session, monkeypatch: Any
) -> None:
    import threading

    from salesdesk.io import readers

    real = readers.read_table
    release = threading.Event()
    readers_threads: list[threading.Thread] = []

    def slow(*args: Any, **kwargs: Any) -> Any:  # a big file: the read takes a while
        readers_threads.append(threading.current_thread())
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(readers, "read_table", slow)
    wizard = open_wizard(qtbot, session, "gbk_chinese.csv")
    page = wizard.file_page
    _next(qtbot, wizard)  # Next reads the file
    qtbot.waitUntil(lambda: bool(readers_threads), timeout=5000)
    assert readers_threads[0] is not threading.main_thread()  # not on the GUI thread
    assert page.progress.isVisible()
    assert "Reading gbk_chinese.csv" in page.status.text()
    assert not _button(wizard, "NextButton").isEnabled()
    _click(qtbot, _button(wizard, "CancelButton"))
    assert wizard.isVisible()  # the first Cancel stops the read; the wizard stays open
    assert not page.progress.isVisible()
    assert page.status.text() == "Stopped. Nothing was imported."
    assert _button(wizard, "NextButton").isEnabled()
    release.set()
    qtbot.waitUntil(lambda: wizard.ops.running == 0, timeout=5000)  # the read came back…
    assert wizard.table is None  # … and was dropped
    assert wizard.currentPage() is page
    next_page(qtbot, wizard)  # Next reads it again and moves on when it is read
    assert wizard.currentPage() is wizard.mapping_page
    assert page.preview.item(0, 0).text() == "张伟"


def test_checking_the_rows_shows_progress_and_cancel_keeps_the_mapping_page(
    qtbot: Any, session: Session, monkeypatch: Any, tmp_path: Path
) -> None:
    import threading

    from salesdesk.services import importer

    path = tmp_path / "many.csv"
    lines = ["Name,Company,Mobile"] + [f"Person {n},Firm {n % 40},139{n:08d}" for n in range(1200)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    real = importer.plan_import
    halfway = threading.Event()
    release = threading.Event()

    def watched(rows: Any, *, store: Any = None) -> Any:
        def slow_rows() -> Any:
            for number, row in enumerate(rows):
                if number == 600:
                    halfway.set()
                    release.wait(10)
                yield row

        return real(slow_rows(), store=store)

    monkeypatch.setattr(importer, "plan_import", watched)
    wizard = open_wizard(qtbot, session, "gbk_chinese.csv")
    wizard.file_page.path_edit.setText(str(path))
    next_page(qtbot, wizard)
    page = wizard.mapping_page
    assert wizard.currentPage() is page
    _next(qtbot, wizard)  # Next checks the rows against the cards, on the runner
    qtbot.waitUntil(halfway.is_set, timeout=5000)
    qtbot.waitUntil(lambda: page.progress.value() >= 500, timeout=5000)
    assert page.progress.isVisible()
    assert page.progress.maximum() == 1200  # the bar counts the file's rows
    _click(qtbot, _button(wizard, "CancelButton"))
    assert wizard.isVisible()
    assert wizard.currentPage() is page
    assert page.ignored.text() == "Stopped. Nothing was imported."
    release.set()
    qtbot.waitUntil(lambda: wizard.ops.running == 0, timeout=5000)
    assert wizard.plan is None
    assert wizard.currentPage() is page
    assert session.card_list.rows == {}


def test_cancel_during_the_import_leaves_the_cards_as_they_were(
    qtbot: Any, session: Session, monkeypatch: Any, tmp_path: Path, messages: Any
) -> None:
    import time

    kept = session.create_card({"name": "李娜", "phones": "13900001111"}, grade="E").id
    before = session.dump()
    path = tmp_path / "many.csv"
    lines = ["Name,Company,Mobile"] + [f"Person {n},Firm,138{n:08d}" for n in range(450)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    real = Session.import_file
    waited: list[bool] = []

    def import_file(self: Session, plan: Any, **kwargs: Any) -> Any:
        progress = kwargs["progress"]
        task = progress.__self__  # the runner's Task: wait, mid-import, for Cancel

        def held(done: int, total: int) -> Any:
            deadline = time.monotonic() + 10
            while not task.cancelled and time.monotonic() < deadline:
                waited.append(True)
                time.sleep(0.01)
            return progress(done, total)

        return real(self, plan, **{**kwargs, "progress": held})

    monkeypatch.setattr(Session, "import_file", import_file)
    wizard = open_wizard(qtbot, session, "gbk_chinese.csv")
    wizard.file_page.path_edit.setText(str(path))
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)
    assert wizard.currentPage() is wizard.duplicates_page
    changes: list[Any] = []
    wizard.ops.changed.connect(changes.append)
    _next(qtbot, wizard)  # Next imports, on a worker
    qtbot.waitUntil(lambda: bool(waited), timeout=5000)  # 200 of 450 rows written
    assert wizard.duplicates_page.progress.isVisible()
    # Escape by mistake: asked first, and "No" lets the import go on.
    messages.confirm_answer = False
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert len(messages.confirmations) == 1
    assert "Stop the import?" in messages.confirmations[0]
    assert wizard.working
    assert not wizard.task.cancelled
    assert wizard.isVisible()
    messages.confirm_answer = True
    _click(qtbot, _button(wizard, "CancelButton"))
    assert len(messages.confirmations) == 2
    qtbot.waitUntil(lambda: not wizard.working, timeout=10000)
    assert wizard.isVisible()
    assert wizard.currentPage() is wizard.duplicates_page
    assert "cancelled" in wizard.duplicates_page.problems.text()
    assert wizard.result is None
    assert changes == []
    assert session.dump() == before  # not one card of the 200 written stays
    assert session.undo_stack.undo_label is None or "Import" not in session.undo_stack.undo_label
    assert set(session.card_list.rows) == {kept}


def test_the_check_page_lists_the_first_rows_to_look_at(
    qtbot: Any, session: Session, monkeypatch: Any
) -> None:
    from salesdesk.ui import import_wizard

    monkeypatch.setattr(import_wizard, "REPORT_ROWS", 3)
    wizard = open_wizard(qtbot, session, "outlook_m365_six.csv")
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)  # the rows to look at are worked out on the runner
    page = wizard.duplicates_page
    assert page.report.model().rowCount() == 3
    assert page.report_title.text().startswith("Rows to look at: 5 ")
    assert page.report_title.text().endswith(" · the first 3 are listed")
    assert [_cell(page.report, r, 0) for r in range(3)] == ["3", "4", "5"]


def test_closing_the_wizard_lets_go_of_the_file_and_plan_on_a_worker(
    qtbot: Any, session: Session
) -> None:
    """Issue 16 point 7: the rows read and their plan are emptied on a worker when the
    wizard closes (freed with the wizard on the window's thread, a 200,000-row file's
    held it 220 ms); the import's result and the cards stay as they were."""
    wizard = open_wizard(qtbot, session, "gbk_chinese.csv")
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)
    table, plan = wizard.table, wizard.plan
    assert table is not None
    assert plan is not None
    assert table.rows
    assert plan.rows
    with qtbot.waitSignal(wizard.imported, timeout=5000):
        wizard.next()
    cards = session.dump()["card"]
    wizard.accept()
    assert (wizard.table, wizard.plan) == (None, None)
    assert wizard.duplicates_page.report_model.rowCount() == 0
    qtbot.waitUntil(lambda: not table.rows and not plan.rows and not plan.names, timeout=5000)
    assert wizard.result is not None
    assert wizard.result.created == 4
    assert session.dump()["card"] == cards


def test_the_finished_page_offers_finish_only(qtbot: Any, session: Session) -> None:
    """After the import only Finish: Back showed the check page again as if nothing had
    been imported ('Rows to import: …', Next), and Cancel closed the wizard keeping every
    card it had just made, which a user reads as "undo" (seen in a real window; Edit > Undo
    takes the import back, as the page says)."""
    wizard = open_wizard(qtbot, session, "gbk_chinese.csv")
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)
    assert wizard.currentPage() is wizard.duplicates_page
    assert _button(wizard, "BackButton").isVisible()
    assert _button(wizard, "CancelButton").isVisible()
    with qtbot.waitSignal(wizard.imported, timeout=10000):
        _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=5000)
    cards = set(session.card_list.rows)
    assert cards
    assert not _button(wizard, "BackButton").isVisible()
    assert not _button(wizard, "CancelButton").isVisible()
    finish = _button(wizard, "FinishButton")
    assert finish.isVisible()
    assert finish.isEnabled()
    _click(qtbot, finish)
    assert not wizard.isVisible()
    assert set(session.card_list.rows) == cards

"""The import wizard: preview, mapping, duplicates and result, driven without a modal exec."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def test_mapping_duplicates_and_result(qtbot: Any, session: Session) -> None:
    existing = session.create_card({"name": "李娜", "phones": "13900001111"}, grade="E").id
    wizard = open_wizard(qtbot, session, "gbk_chinese.csv")
    wizard.next()  # the file is read on leaving the first page
    assert wizard.currentPage() is wizard.mapping_page
    assert wizard.file_page.preview.item(0, 0).text() == "张伟"
    assert wizard.mapping_page.targets()[:4] == ["name", "company", "phone_mobile", "grade"]
    wizard.mapping_page.set_target(6, "skip")  # the notes column is left out
    SHOTS.mkdir(parents=True, exist_ok=True)
    wizard.grab().save(str(SHOTS / "mapping.png"))
    wizard.next()
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
    wizard.next()
    wizard.mapping_page.set_target(1, "notes")
    wizard.next()
    wizard.duplicates_page.for_all.setCurrentIndex(
        wizard.duplicates_page.for_all.findData("create")
    )
    assert wizard.duplicates_page.choices() == {}  # company went to notes: no match by company
    wizard.next()
    assert wizard.result is not None
    assert wizard.result.created == 2
    again = open_wizard(qtbot, session, "big5.csv")
    again.next()
    assert again.mapping_page.targets()[1] == "notes"  # the matching was remembered


def test_a_bad_file_stays_on_the_first_page(qtbot: Any, session: Session, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    wizard = open_wizard(qtbot, session, "big5.csv")
    wizard.file_page.path_edit.setText(str(empty))
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert "empty" in wizard.file_page.status.text()


def test_encoding_override_rereads(qtbot: Any, session: Session) -> None:
    wizard = open_wizard(qtbot, session, "semicolon_cp1252.csv")
    assert wizard.load()
    page = wizard.file_page
    page.delimiter.setCurrentIndex(page.delimiter.findData(","))
    assert wizard.load()
    assert page.preview.columnCount() == 1
    page.delimiter.setCurrentIndex(page.delimiter.findData(";"))
    assert wizard.load()
    assert page.preview.item(0, 2).text() == "Bäckerei Grün"

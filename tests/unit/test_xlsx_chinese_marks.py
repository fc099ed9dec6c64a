"""The Chinese workbook marks a cut text in Chinese, the English one in English."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from salesdesk.domain.words import word
from salesdesk.io.xlsx import export_workbook
from salesdesk.services.session import Session


@pytest.mark.parametrize(("lang", "mark"), [("zh_CN", "…[已截断]"), ("en", "…[cut]")])
def test_a_note_cut_at_the_cell_limit_ends_with_a_mark_in_the_language(
    session: Session, tmp_path: Path, lang: str, mark: str
) -> None:
    session.create_card({"name": "张伟", "notes": "长" * 40_000}, grade="A")
    out = tmp_path / "book.xlsx"
    export_workbook(out, lang=lang)
    book = openpyxl.load_workbook(out, read_only=True)
    try:
        cards = book[word("sheet.cards", lang)]
        rows = list(cards.iter_rows(values_only=True))
    finally:
        book.close()
    notes = rows[1][rows[0].index(word("field.notes", lang))]
    assert len(notes) == 32_767
    assert notes.endswith(mark)
    assert notes.startswith("长长长")

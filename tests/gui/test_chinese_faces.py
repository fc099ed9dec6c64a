"""Chinese is drawn with a Simplified Chinese face (直, 今 and 户 differ from the Japanese
shapes): in the window, in the day-sheet PDF and in the charts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QApplication, QLabel

from salesdesk.services.session import Session
from salesdesk.ui import app as ui_app

HAN = "今户直"
# The Simplified Chinese faces of the three systems; a JP, KR, TC or HK face is wrong.
SIMPLIFIED = set(ui_app.SIMPLIFIED_CHINESE_FACES)


def faces_drawing(text: str, font: QFont) -> list[str]:
    """The faces Qt really draws `text` with in `font` (after its fallback)."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [run.rawFont().familyName() for run in layout.glyphRuns()]


@pytest.fixture
def app_font(qapp: QApplication) -> Iterator[QFont]:
    """The application's font as SalesDesk sets it at start, restored afterwards."""
    before = QFont(qapp.font())
    assert ui_app.simplified_chinese_faces(), "install a Simplified Chinese font (fonts-noto-cjk)"
    yield ui_app.prefer_simplified_chinese(qapp)
    qapp.setFont(before)


def test_the_window_draws_han_characters_with_a_simplified_chinese_face(
    qtbot: Any, qapp: QApplication, app_font: QFont
) -> None:
    before = faces_drawing(HAN, QFont(QFont().family()))  # the plain system face's fallback
    label = QLabel(f"{HAN} Zhang")
    qtbot.addWidget(label)
    label.show()
    used = faces_drawing(HAN, label.font())
    assert used, before
    assert set(used) <= SIMPLIFIED, (used, before)
    # Latin text keeps the system's UI face: only the Han characters change face.
    assert faces_drawing("Zhang", label.font()) == [label.font().families()[0]]


def test_the_day_sheet_pdf_embeds_a_simplified_chinese_face(
    qtbot: Any,
    app_font: QFont,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from salesdesk.ui.daysheet import save_day_sheet_pdf

    monkeypatch.setenv("SALESDESK_NOW", "2026-11-05T09:00:00")
    card = session.create_card({"name": "今户直", "area": "直辖区"}, grade="B").id
    session.plan_visit(card, date(2026, 11, 5), purpose="follow_up")
    pdf = save_day_sheet_pdf(session, date(2026, 11, 5), tmp_path / "sheet.pdf")
    fonts = set(re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([A-Za-z0-9_-]+)", pdf.read_bytes()))
    cjk = {name for name in fonts if b"CJK" in name or b"SourceHan" in name}
    assert cjk, fonts
    assert all(b"sc-" in name.lower() or b"cn-" in name.lower() for name in cjk), fonts


def test_charts_draw_han_characters_with_a_simplified_chinese_face() -> None:
    import matplotlib
    from matplotlib import font_manager

    from salesdesk.charts import fonts

    name = fonts.configure()
    assert name in fonts.SIMPLIFIED, name
    # The face matplotlib takes for each character: the first family of the list
    # (rcParams, as set for every chart) whose font has the glyph.
    props = font_manager.FontProperties(family=matplotlib.rcParams["font.family"])
    for char in HAN:
        for path in font_manager.fontManager._find_fonts_by_props(props):
            face = font_manager.get_font(path)
            if face.get_char_index(ord(char)):
                assert face.family_name in fonts.SIMPLIFIED, (char, face.family_name)
                break
        else:
            pytest.fail(f"no chart font draws {char}")

"""The window calls every code what the workbook, the charts and the CLI call it, in Chinese
and in English (the table: salesdesk/domain/words.py VOCABULARY)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale

from salesdesk.domain.words import VOCABULARY, word
from salesdesk.ui import aftersales, labels, visits
from salesdesk.ui import app as ui_app

WINDOW_TABLES = {
    "grade": labels.GRADE_NAMES,
    "status": labels.STATUSES,
    "channel": labels.CHANNELS,
    "style": labels.STYLES,
    "credit": labels.CREDITS,
    "source": labels.SOURCES,
    "phone": labels.PHONE_LABELS,
    "field": labels.FIELDS,
    "purpose": visits.PURPOSES,
    "visit": visits.VISIT_STATUSES,
    "case": aftersales.KINDS,
}


def _window_words() -> dict[tuple[str, str], str]:
    return {
        (kind, code): labels.word(table, code)
        for kind, table in WINDOW_TABLES.items()
        for code in VOCABULARY[kind]
    }


def _workbook_words(lang: str) -> dict[tuple[str, str], str]:
    found = {}
    for kind, names in VOCABULARY.items():
        for code in names:
            text = word(f"{kind}.{code}", lang)
            if kind == "grade":  # the workbook puts the letter before a grade's name
                text = text.removeprefix(f"{code} – ")
            found[(kind, code)] = text
    return found


def test_the_window_says_the_workbooks_word_for_every_code(qapp: Any) -> None:
    assert _window_words() == _workbook_words("en")
    default_locale = QLocale()
    loaded = ui_app.install_translations(qapp, "zh_CN")
    try:
        chinese = _window_words()
    finally:
        for translator in loaded:
            qapp.removeTranslator(translator)
        QLocale.setDefault(default_locale)
    assert chinese == _workbook_words("zh_CN")
    assert chinese[("grade", "F")] == "暂无进展/未拜访"
    assert chinese[("channel", "phone")] == "电话"

"""Every word the core writes (workbook, agenda, charts) exists in English and Chinese."""

from __future__ import annotations

import re

from salesdesk.domain import words

PLACEHOLDER = re.compile(r"\{\d*\}")


def test_every_code_has_english_and_chinese_with_the_same_placeholders() -> None:
    assert words.LANGS == ("en", "zh_CN")
    for code, pair in words.WORDS.items():
        assert len(pair) == 2, code
        english, chinese = pair
        assert english.strip(), code
        assert chinese.strip(), code
        assert sorted(PLACEHOLDER.findall(english)) == sorted(PLACEHOLDER.findall(chinese)), code


def test_chinese_words_are_chinese() -> None:
    han = re.compile(r"[\u4e00-\u9fff]")
    for code, (english, chinese) in words.WORDS.items():
        if han.search(english) is None and re.search(r"[a-z]{3}", english):
            assert han.search(chinese), f"{code}: {chinese!r} has no Chinese"


def test_word_picks_the_language_and_keeps_unknown_codes() -> None:
    assert words.word("grade.A", "zh_CN") == "A – 即将成交"
    assert words.word("grade.A", "en") == "A – On the edge of buying"
    assert words.word("no.such.code", "zh_CN") == "no.such.code"

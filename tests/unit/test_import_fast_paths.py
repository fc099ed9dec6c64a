"""The import's fast paths give exactly what the general code gives (issue 14)."""

from __future__ import annotations

import pytest
from pypinyin import Style, lazy_pinyin

from salesdesk.domain import search
from salesdesk.models.tables import database_proxy
from salesdesk.services import importer
from salesdesk.services.derive import card_search_columns
from salesdesk.services.importer import ImportRow
from salesdesk.services.session import Session


@pytest.mark.parametrize(
    "text",
    [
        "张伟", "重庆银行", "长沙市", "银行行长", "朝阳区", "单雄信", "曾国藩", "乐山大佛", "音乐",
        "〇一二", "𠀀字", "上海华信贸易有限公司12", "ＡＢＣ张三 Li 李四", "呣", "绿色", "女儿",
        "浦东新区世纪大道1号", "", "Anita Jorgensen",
    ],
)  # fmt: skip
def test_pinyin_is_what_pypinyin_gives(text: str) -> None:
    search._pinyin_phrase.cache_clear()
    expected = tuple(lazy_pinyin(text, style=Style.NORMAL, errors="ignore"))
    assert search._pinyin_phrase(text) == tuple(s for s in expected if s)


def test_imported_cards_have_the_search_columns_an_edit_would_give(session: Session) -> None:
    rows = [
        ImportRow(2, {"name": "张伟", "company": "华信贸易", "phones": "138 0013 8000; 021-6412",
                      "tags": "vip, 老客户", "email": "Zhang@HuaXin.cn"}),
        ImportRow(3, {"name": "Anita Jorgensen", "company": "Contoso"}),
    ]  # fmt: skip
    result, _ = session.import_file(importer.plan_import(rows))
    stored = database_proxy.execute_sql(
        "SELECT name, company, phones, tags, email, search, sort_name FROM card"
    ).fetchall()
    for name, company, phones, tags, email, text, sort_name in stored:
        expected = card_search_columns(name, company, phones, tags, email)
        assert (text, sort_name) == (expected["search"], expected["sort_name"])
    assert len(result.card_ids) == 2


SAMPLES = [
    "张伟", "  Zhang Wei  ", "José Ångström", "ＡＢＣ张三", "重庆银行 12", "a\x00b", "\u202e反转",
    "line\r\nbreak", " 备注\n第二行 ", "Ǆemal", "〇一二〪", "x" * 2100, "", "上海华信贸易有限公司123",
    "Mr. 李 (手机)", "𠀀字", "e\u0301",
]  # fmt: skip


@pytest.mark.parametrize("text", SAMPLES)
def test_the_shortcuts_give_what_the_plain_rules_give(text: str) -> None:
    """clean_text, fold, sort_key and pinyin_forms skip work for common text (issue 14):
    each gives what its plain rule gives."""
    import re
    import unicodedata

    from salesdesk.domain import values

    def plain_clean(value: str, field: str = "default", multiline: bool = False) -> str:
        out = values._CONTROL.sub("", value)
        if not multiline:
            out = out.replace("\r", " ").replace("\n", " ").strip()
        else:
            out = out.replace("\r\n", "\n").replace("\r", "\n")
        return out[: values.MAX_TEXT.get(field, values.MAX_TEXT["default"])]

    assert values.clean_text(text) == plain_clean(text)
    assert values.clean_text(text, "notes", multiline=True) == plain_clean(text, "notes", True)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    assert search.fold(text) == "".join(c for c in decomposed if not unicodedata.combining(c))
    syllables = [s for s in search._pinyin_phrase(text) if s]
    if search._HAN.search(text):
        assert search.pinyin_forms(text) == ("".join(syllables), "".join(s[0] for s in syllables))
        han = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
        spelled = han.sub(lambda m: search._pinyin_of_char(m.group()) + " ", text)
        assert search.sort_key(text) == search.fold(spelled).strip() + text
    else:
        assert search.pinyin_forms(text) == ("", "")


def test_no_character_the_folding_shortcut_passes_is_a_combining_mark() -> None:
    import sys
    import unicodedata

    passed = [chr(c) for c in range(sys.maxunicode + 1) if search._NO_COMBINING.fullmatch(chr(c))]
    assert len(passed) > 20000
    assert not [c for c in passed if unicodedata.combining(c)]


@pytest.mark.parametrize(
    "number",
    ["13800138000", "１３８００１３８０００", "²³", "+86 138-0013-8000", "0086 13800138000", ""],
)
def test_a_number_of_digits_only_keys_as_any_other(number: str) -> None:
    import re

    from salesdesk.services import identity

    digits = re.sub(r"\D+", "", number)
    digits = digits[2:] if digits.startswith("00") else digits
    digits = digits[2:] if digits.startswith("86") and len(digits) == 13 else digits
    assert identity.match_digits(number) == digits

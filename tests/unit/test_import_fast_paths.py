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

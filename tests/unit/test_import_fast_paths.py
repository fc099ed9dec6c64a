"""The import's fast paths give exactly what the general code gives (issue 14)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin

from salesdesk.domain import search
from salesdesk.domain.values import Phone
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


def test_every_phrase_and_character_reads_as_pypinyin_reads_it() -> None:
    """The search text's own tables (read from pypinyin's files without importing it,
    issue 14) give pypinyin's reading for each of its phrases and characters, and for
    runs of phrases and characters that its segmenter must cut."""
    import random

    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT, RE_HANS

    def reading(text: str) -> tuple[str, ...]:
        return tuple(s for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s)

    assert search._HAN_RUN.pattern == RE_HANS.pattern.removeprefix("^").removesuffix("$")
    search._pinyin_phrase.cache_clear()
    assert [p for p in PHRASES_DICT if search._pinyin_phrase(p) != reading(p)] == []
    rng = random.Random(14)
    phrases = sorted(PHRASES_DICT)
    chars = sorted(chr(code) for code in PINYIN_DICT)
    mixes = [
        "".join(rng.choice(phrases if rng.random() < 0.5 else chars) for _ in range(5))
        for _ in range(3000)
    ]
    assert [m for m in mixes if search._pinyin_phrase(m) != reading(m)] == []


def test_runs_without_a_phrase_read_as_the_segmenter_reads_them() -> None:
    """A run no phrase starts in (most names) is read character by character: the same
    full pinyin and initials the segmenter's road gives, for names, phrases, single
    characters and runs that mix them (issue 14)."""
    import random

    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    rng = random.Random(7)
    chars = sorted(chr(code) for code in PINYIN_DICT if search._HAN_RUN.fullmatch(chr(code)))
    common = "王李张刘陈杨黄赵吴周伟芳娜秀英敏静丽强磊军洋勇重长朝单曾乐行〇"
    phrases = sorted(PHRASES_DICT)
    runs = [*chars, *rng.sample(phrases, 3000)]
    runs += ["".join(rng.choice(common) for _ in range(rng.randint(2, 4))) for _ in range(5000)]
    runs += ["".join(rng.choice(chars) for _ in range(rng.randint(2, 5))) for _ in range(5000)]
    runs += [
        "".join(rng.choice(phrases if rng.random() < 0.3 else chars) for _ in range(3))
        for _ in range(3000)
    ]
    search._run_forms.cache_clear()
    fast = [search._run_forms(run) for run in runs]
    plain = [search._segmented_forms(run) for run in runs]
    assert [run for run, a, b in zip(runs, fast, plain, strict=True) if a != b] == []
    # Both roads were taken.
    words = search._dictionaries()[0]
    split = [r for r in runs if all(words.get(r[i : i + 2]) is None for i in range(len(r) - 1))]
    assert 5000 < len(split) < len(runs)


def test_the_search_text_does_not_import_pypinyin() -> None:
    """Importing pypinyin holds 50 MB of dictionaries for styles SalesDesk never uses: the
    search text reads only its files (an import of 200,000 rows has 300 MB, issue 14)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from salesdesk.domain.search import search_text, sort_key\n"
        "assert 'zhangwei' in search_text('张伟', '重庆银行') and sort_key('张伟')\n"
        "print(sorted(m for m in sys.modules if m.startswith('pypinyin')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_each_character_and_tone_mark_as_pypinyin_gives_it() -> None:
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT
    from pypinyin.style import convert

    readings = {r for rs in PINYIN_DICT.values() for r in rs.split(",")}
    readings |= {r for rs in PHRASES_DICT.values() for syllable in rs for r in syllable}
    assert [
        r for r in readings if search._toneless(r) != convert(r, Style.NORMAL, strict=True)
    ] == []
    for code in [*range(0x3400, 0xA000), *range(0xF900, 0xFB00)]:
        given = lazy_pinyin(chr(code), style=Style.NORMAL, errors="ignore")
        if given:
            assert search._pinyin_of_char(chr(code)) == given[0]
        else:  # no reading: str.translate leaves the character as it is
            with pytest.raises(IndexError):
                search._pinyin_of_char(chr(code))


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
    folded = search.fold(text)
    words = [w for w in search._WORD.findall(folded) if not search._HAN.search(w)]
    assert search._initials_of_folded(folded) == ("".join(w[0] for w in words) * (len(words) > 1))


_NAME_PIECES = st.sampled_from([
    *"张王李伟芳重庆长乐行银单曾", "欧阳", "上海", "John", "José", "Ann-Marie", "O'Neil",
    " ", "  ", "·", ",", "Ǆ", "e\u0301", "〇", "𠀀", "Ｚ", "1", "",
])  # fmt: skip


@given(
    st.lists(_NAME_PIECES, max_size=6).map("".join),
    st.lists(_NAME_PIECES, max_size=4).map("".join),
    st.lists(st.sampled_from(["13812345678", "", "021"]), max_size=2),
    st.sampled_from(["", "Li@Example.com", "欧阳@例子.中国"]),
    st.sampled_from(["", "徐汇区", "Pudong"]),
)
def test_the_search_text_and_sort_key_worked_out_together_are_the_two_apart(
    name: str, company: str, digits: list[str], email: str, area: str
) -> None:
    """search_and_sort() works out the name's pinyin once for both columns (issue 14): the
    same search text and sort key as search_text() and the plain sort rule, for names in
    characters, in letters and mixed."""
    together = search.search_and_sort(
        name, company, digits, ["VIP", "老客户"], email, area=area, wechat="wx_1"
    )
    apart = search.search_text(
        name, company, digits, ["VIP", "老客户"], email, area=area, wechat="wx_1"
    )
    full, _ = search.pinyin_forms(name)
    plain_sort = (
        search.fold(name.translate(search._SORT_PINYIN)).strip() + name
        if full
        else search.fold(name)
    )
    assert together == (apart, plain_sort)
    assert together[1] == search.sort_key(name)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=12))
def test_initials_of_any_text_as_the_plain_rule_gives(text: str) -> None:
    """The initials' shortcut for text of one word (isalnum) gives what the word rule gives."""
    words = [w for w in search._WORD.findall(text) if not search._HAN.search(w)]
    assert search._initials_of_folded(text) == ("".join(w[0] for w in words) * (len(words) > 1))


def test_the_search_text_folds_an_area_as_it_folds_any_text() -> None:
    bare = search.search_text("张伟", wechat="WX_1")
    for area in ("浦东新区", "Ｐｕｄｏｎｇ", "Zürich", "ǅ区", "浦东新区"):
        text = search.search_text("张伟", area=area, wechat="WX_1")
        sep = search.SEPARATOR
        assert text == bare.removesuffix(f"wx_1{sep}") + f"{search.fold(area)}{sep}wx_1{sep}"


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


FIELD_SAMPLES = [
    {"name": "张伟", "company": " 华信 ", "phones": [Phone("mobile", "13800138000")]},
    {"name": "Anita", "notes": "line\r\nbreak\x00", "email": " a@b.cn ", "area": "徐汇"},
    {"name": "x" * 2100, "title": "\u202e经理", "wechat": "wx", "owner": "", "address": "a\nb"},
    {"name": "王芳", "phones": "021-6412 3456; 13900139000", "tags": "vip, 老客户"},
    {"name": "李娜", "phones": [Phone("work", 'say "hi"\\'), Phone("fax", "\t1")]},
    {"name": "赵六", "status": "Customer", "birthday": "1984-06-05", "source": "referral"},
    {"name": "周八", "phones": [], "notes": "", "company": None},
    {"name": " 长 ", "title": "y" * 2500, "notes": " n" * 50_010, "address": 12},
]


@pytest.mark.parametrize("fields", FIELD_SAMPLES)
def test_the_import_normalizes_as_a_card_edit_does(session: Session, fields: dict) -> None:
    """importer._normalized() takes a short road for text fields and lists of phones."""
    from salesdesk.services import cards

    with session.store.bound():
        assert importer._normalized(fields, session.store) == cards.normalize(fields)


@pytest.mark.parametrize("fields", FIELD_SAMPLES)
def test_the_import_puts_each_normalized_field_in_its_card_column(
    session: Session, fields: dict
) -> None:
    """importer._fill_card() puts into a card's row what _normalized() gives, each field
    in its column, but the grade's columns (issue 14: no dict a card)."""
    from salesdesk.services import cards

    untouched = object()
    card: list = [untouched] * len(importer._CARD_COLUMNS)
    with session.store.bound():
        importer._fill_card(card, fields, session.store)
        expected: list = [untouched] * len(importer._CARD_COLUMNS)
        for name, value in cards.normalize(fields).items():
            if name not in importer._GRADE_COLUMNS:
                expected[importer._CARD_AT[name]] = value
    assert card == expected


def test_a_name_that_cleans_to_nothing_is_refused_as_normalize_refuses_it(
    session: Session,
) -> None:
    from salesdesk.domain.errors import InvalidValue

    with session.store.bound(), pytest.raises(InvalidValue, match="needs a name"):
        importer._normalized({"name": "\x00"}, session.store)
    with session.store.bound(), pytest.raises(InvalidValue, match="needs a name"):
        importer._fill_card([None] * len(importer._CARD_COLUMNS), {"name": "\x00"}, session.store)


@pytest.mark.parametrize("shortcut", [True, False])
def test_imported_cards_have_the_grade_steps_and_visits_a_new_card_gets(
    session: Session, monkeypatch: pytest.MonkeyPatch, shortcut: bool
) -> None:
    """The batch writer works out each grade's values and first visit once: every card gets
    what cards.create (grade step, visits.replan) gives it, whichever card came first."""
    from datetime import date

    from salesdesk.services import cards

    monkeypatch.setenv("SALESDESK_NOW", "2026-03-02T10:00:00")
    from salesdesk.services import settings

    with session.store.write("Settings"):
        settings.put("after_sales_days", 3, store=session.store)  # a customer's comes sooner
    grades = ["A", "B", "C", "D", "F", "F1", "F2", "C", "A", "F1"]
    statuses = ["customer", "prospect"]
    rows = []
    for n, grade in enumerate(grades * 2):
        fields = {"name": f"客户{n}", "status": statuses[n // len(grades)]}
        rows.append(
            ImportRow(
                n + 2, fields, grade=grade[0], f_kind=grade if grade in ("F1", "F2") else None
            )
        )
    rows.append(ImportRow(99, {"name": "定了日子"}, grade="B", next_visit=date(2026, 4, 1)))
    if not shortcut:  # each card worked out on its own: the plain road
        original = importer._Writer.add

        def plain_add(self: importer._Writer, values: dict) -> None:
            self._grades.clear()
            self._visits.clear()
            original(self, values)

        monkeypatch.setattr(importer._Writer, "add", plain_add)
    with session.store.bound():
        result = importer.import_rows(session.store, rows)
    assert result.created == len(rows)
    db = session.store.db
    for row in rows[:-1]:
        with session.store.write("New card"):
            cards.create(
                session.store,
                dict(row.fields, name=row.fields["name"] + "*"),
                grade=row.f_kind or row.grade,
            )
    columns = "grade, f_kind, grade_note, blocker, recheck_on, status, next_visit_on"
    for row in rows[:-1]:
        name = row.fields["name"]
        imported = db.execute_sql(
            f"SELECT {columns}, id FROM card WHERE name = ?", (name,)
        ).fetchone()
        made = db.execute_sql(
            f"SELECT {columns}, id FROM card WHERE name = ?", (name + "*",)
        ).fetchone()
        assert imported[:-1] == made[:-1], name
        visit = (
            "SELECT due_on, hand_set, planned_from, purpose, status FROM visit WHERE card_id = ?"
        )
        assert (
            db.execute_sql(visit, (imported[-1],)).fetchall()
            == db.execute_sql(visit, (made[-1],)).fetchall()
        )
        step = (
            "SELECT from_grade, to_grade, to_f_kind, blocker, recheck_on FROM grade_change "
            "WHERE card_id = ?"
        )
        assert (
            db.execute_sql(step, (imported[-1],)).fetchall()
            == db.execute_sql(step, (made[-1],)).fetchall()
        )
    hand = db.execute_sql(
        "SELECT v.due_on, v.hand_set FROM visit v JOIN card c ON c.id = v.card_id WHERE c.name = ?",
        ("定了日子",),
    ).fetchall()
    assert hand == [("2026-04-01", 1)]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["mobile", "work", 'we"ird', "x\\y", "\x00"]),
            st.text(max_size=12) | st.sampled_from(["13800138000", "021-6412 3456", "+86 1"]),
        ),
        max_size=3,
    )
)
def test_phones_as_json_and_their_digits_as_the_plain_rule_gives(pairs: list) -> None:
    """phones_to_json writes plain numbers itself and phone_digits takes numbers of ASCII
    digits as they are (issue 14): what json.dumps and the walk over each character give."""
    import json

    from salesdesk.domain.values import phone_digits, phones_to_json

    phones = [Phone(label, number) for label, number in pairs]
    expected = json.dumps([{"label": a, "number": b} for a, b in pairs], ensure_ascii=False)
    assert phones_to_json(phones) == expected
    assert phones_to_json(iter(phones)) == expected
    for _, number in pairs:
        assert phone_digits(number) == "".join(ch for ch in number if ch.isdigit())


def test_an_import_sets_the_page_cache_back_even_when_it_fails(session: Session) -> None:
    """The import writes with a small page cache (issue 14), and leaves the file's own."""
    db = session.store.db
    before = db.execute_sql("PRAGMA cache_size").fetchone()
    rows = [ImportRow(2, {"name": "张伟"})]
    session.import_rows(rows)
    assert db.execute_sql("PRAGMA cache_size").fetchone() == before
    bad = [ImportRow(2, {"name": "张伟"}, grade="Q")]  # the writer refuses the grade
    with pytest.raises(Exception):  # noqa: B017, PT011  # whatever it raises
        session.import_rows(bad)
    assert db.execute_sql("PRAGMA cache_size").fetchone() == before


def test_the_new_card_ids_read_as_the_list_they_were_given() -> None:
    """An import's card ids are kept as 16 bytes each (issue 14): whatever they are, they
    read back as the list given, in order."""
    import uuid

    given = [str(uuid.uuid4()) for _ in range(3)]
    given += ["not-a-uuid", "FFFFFFFF-0000-4000-8000-000000000000", "ffffffff-ffff-0000-0000-0"]
    given += ["ffffffff-ffff-0000-0000-000000000000", str(uuid.uuid4())]
    ids = importer.CardIds()
    for card_id in given:
        ids.append(card_id)
    assert ids == given
    assert list(ids) == given
    assert len(ids) == len(given)
    assert ids[-1] == given[-1]
    assert ids[2:5] == given[2:5]
    assert sorted(ids) == sorted(given)
    with pytest.raises(IndexError):
        ids[len(given)]


@given(st.lists(st.uuids().map(str), max_size=4), st.data())
def test_new_rows_ids_are_kept_as_bytes_only_when_each_is_a_canonical_uuid(
    ids: list[str], data: st.DataObject
) -> None:
    """The writer keeps the ids of the rows it inserted (for undo) as 16 bytes each when
    every one is a canonical UUID: checked over the ids joined, as each one on its own."""
    assert importer._uuids_of(ids) == b"".join(uuid.UUID(i).bytes for i in ids)
    if ids:
        at = data.draw(st.integers(0, len(ids) - 1))
        spoilt = data.draw(
            st.sampled_from(
                [
                    ids[at].upper(),
                    ids[at].replace("-", "", 1) + "0",
                    ids[at][:-1],
                    ids[at] + "0",
                    ids[at][:9] + " " + ids[at][10:],
                    ids[at][:8] + "0" + ids[at][9:],
                    "not an id",
                ]
            )
        )
        if spoilt != ids[at]:  # an id of digits only is its own upper case
            assert importer._uuids_of([*ids[:at], spoilt, *ids[at + 1 :]]) is None


@pytest.mark.parametrize("piece", [1, 5, 64, 1 << 16])
def test_a_json_object_read_in_pieces_is_the_object_read_at_once(
    monkeypatch: pytest.MonkeyPatch, piece: int
) -> None:
    """pypinyin's files are read a run of entries at a time (issue 16 point 7): the same
    dictionaries as one json.loads, for the files and for texts it cannot cut (nested
    objects, escaped quotes, a key repeated, everything on one line)."""
    import json
    from importlib.util import find_spec

    monkeypatch.setattr(search, "_PIECE", piece)
    spec = find_spec("pypinyin")
    assert spec is not None
    assert spec.submodule_search_locations is not None
    folder = Path(next(iter(spec.submodule_search_locations)))
    texts = [
        '{\n"a": 1,\n"b": {\n"c": [1,\n2],\n"d": "x\\": y"\n},\n"a": 3\n}',
        '{"one": [1, 2], "two": {"three": "四"}}',
        '{\n"k\\"ey": "v",\n"\\n": [\n"w"\n]\n}\n',
        "{}",
        "[1, 2]",
    ]
    if piece == 1 << 16:
        texts += [(folder / name).read_text(encoding="utf-8") for name in
                  ("phrases_dict.json", "pinyin_dict.json")]  # fmt: skip
    for text in texts:
        assert search.json_object_in_pieces(text) == json.loads(text), text[:40]

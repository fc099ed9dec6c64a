"""Finding a card at once: search as you type, filters and sorting of the card list."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesdesk.services.cardlist import CardFilter, Column
from salesdesk.services.session import Session


@pytest.fixture
def cards(session: Session) -> dict[str, str]:
    made = {}
    for fields, grade in [
        (
            {
                "name": "张伟",
                "company": "上海华信贸易",
                "phones": "+86 138-0013-8000",
                "area": "浦东新区",
                "tags": "vip",
                "owner": "李娜",
            },
            "A",
        ),
        (
            {
                "name": "章炜",
                "company": "北京东方科技",
                "phones": "13900001111",
                "area": "海淀区",
                "owner": "李娜",
            },
            "B",
        ),
        (
            {
                "name": "John Smith",
                "company": "Northwind Logistics",
                "phones": "0044 20 7946 0000",
                "area": "Riverside",
                "tags": "referral, vip",
                "owner": "Tom",
            },
            "C",
        ),
        (
            {
                "name": "José Álvarez",
                "company": "Iberia Foods",
                "area": "Downtown",
                "key_customer": True,
                "owner": "Tom",
            },
            "F",
        ),
        ({"name": "王芳", "company": "重庆山城物流", "area": "渝中区", "status": "customer"}, "E"),
    ]:
        made[fields["name"]] = session.create_card(fields, grade=grade).id
    return made


def names(
    session: Session,
    card_filter: CardFilter,
    column: Column = Column.NAME,
    descending: bool = False,
) -> list[str]:
    return [r.name for r in session.card_list.query(card_filter, column, descending)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zw", ["张伟", "章炜"]),  # pinyin initials
        ("zhangwei", ["张伟", "章炜"]),  # full pinyin
        ("张", ["张伟"]),  # a single Han character
        ("华信", ["张伟"]),  # two characters of a company
        ("138 0013", ["张伟"]),  # a phone number as typed with spaces
        ("13800138000", ["张伟"]),
        ("john", ["John Smith"]),
        ("js", ["John Smith"]),  # Latin initials
        ("jose", ["José Álvarez"]),  # accents folded
        ("SMITH", ["John Smith"]),
        ("vip", ["John Smith", "张伟"]),  # tag
        ("chongqing", ["王芳"]),  # company pinyin with a polyphone (重庆)
        ("zw 华信", ["张伟"]),  # every term must match
        ("nobody", []),
    ],
)
def test_search_as_you_type(
    session: Session, cards: dict[str, str], text: str, expected: list[str]
) -> None:
    assert sorted(names(session, CardFilter(text=text))) == sorted(expected)


def test_a_term_never_matches_across_two_fields(session: Session, cards: dict[str, str]) -> None:
    # "Smith" ends the name and "North" starts the company: "smithnorth" must not match.
    assert names(session, CardFilter(text="smithnorth")) == []


def test_filters_combine(session: Session, cards: dict[str, str]) -> None:
    assert names(session, CardFilter(grades=frozenset({"A", "B"}))) == ["张伟", "章炜"]
    assert names(session, CardFilter(owner="Tom")) == ["John Smith", "José Álvarez"]
    assert names(session, CardFilter(tag="vip", owner="李娜")) == ["张伟"]
    assert names(session, CardFilter(area="渝中区")) == ["王芳"]
    assert names(session, CardFilter(key_only=True)) == ["José Álvarez"]
    assert names(session, CardFilter(statuses=frozenset({"customer"}))) == ["王芳"]
    assert names(session, CardFilter(grades=frozenset({"F2"}))) == ["José Álvarez"]


def test_grade_counts_follow_every_filter_but_the_grades(
    session: Session, cards: dict[str, str]
) -> None:
    counts = session.card_list.grade_counts(CardFilter(text="zw", grades=frozenset({"A"})))
    assert counts == {"A": 1, "B": 1, "C": 0, "D": 0, "E": 0, "F": 0}


def test_sort_by_each_column(session: Session, cards: dict[str, str]) -> None:
    # Chinese names sort by pinyin among the Latin ones.
    assert names(session, CardFilter()) == ["John Smith", "José Álvarez", "王芳", "张伟", "章炜"]
    assert names(session, CardFilter(), Column.GRADE) == [
        "张伟",
        "章炜",
        "John Smith",
        "王芳",
        "José Álvarez",
    ]
    assert names(session, CardFilter(), Column.GRADE, descending=True)[0] == "José Álvarez"
    assert names(session, CardFilter(), Column.AREA)[0] == "José Álvarez"  # Downtown


def test_sort_by_last_contact_puts_never_contacted_first_ascending(
    session: Session, cards: dict[str, str]
) -> None:
    session.log_contact(cards["王芳"], channel="phone", summary="a", at="2026-01-02T10:00")
    session.log_contact(cards["张伟"], channel="phone", summary="b", at="2026-03-02T10:00")
    ordered = names(session, CardFilter(), Column.LAST_CONTACT, descending=True)
    assert ordered[:2] == ["张伟", "王芳"]


def test_list_follows_edits_and_deletes(session: Session, cards: dict[str, str]) -> None:
    session.card_list.load()
    session.edit_card(cards["John Smith"], {"name": "Johnny Smith"})
    assert names(session, CardFilter(text="johnny")) == ["Johnny Smith"]
    session.delete_card(cards["王芳"])
    assert "王芳" not in names(session, CardFilter())
    assert session.card_list.facets()["owners"] == ["Tom", "李娜"]


@pytest.mark.parametrize("piece", [None, 1000, 7])
def test_the_fast_search_finds_exactly_the_rows_a_plain_scan_finds(
    monkeypatch: pytest.MonkeyPatch, piece: int | None
) -> None:
    """The search in joined texts (rare terms), the row-by-row one (common terms, and every
    term before the joined texts are made) agree with a plain scan, in the list's order, on
    every sort and after a refresh; the texts joined in pieces of any size (a hit in a
    piece's first and last row too)."""
    import random

    from salesdesk.services import cardlist
    from salesdesk.services.cardlist import CardList, CardRow, is_common

    if piece is not None:
        monkeypatch.setattr(cardlist, "_SLICE", piece)

    rng = random.Random(7)
    alphabet = "abcdefghz张伟华信0123456789"
    rows = {}
    for n in range(6000):
        # 'a' is in nearly every row, 'z' in some, '华信' in few; the last row too.
        text = "a" + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        if n == 5999:
            text += "ending"
        rows[f"id{n:05d}"] = CardRow(
            f"id{n:05d}", f"name{rng.random()}", "", rng.choice("ABCDEF"), None, "prospect", "",
            None, None, "", 0, "[]", text, f"{rng.random()}",
        )  # fmt: skip
    cards = CardList(rows)
    terms = ["a", "z", "华信", "01", "ending", "zz", "a0", "张伟", "q", "ga z", "a 9 h"]
    searches = [r.search for r in rows.values()]
    assert is_common(searches, "a")  # both ways are taken
    assert is_common(searches, "z")
    assert not is_common(searches, "华信")
    assert not is_common(searches, "ending")
    for column in (Column.NAME, Column.COMPANY, Column.NEXT_VISIT):
        for descending in (False, True):
            ordered = cards.sorted_rows(column, descending)
            for made in (False, True):  # row by row first; then with the one string
                if made:
                    cards.prepare_search(column, descending)
                for text in terms:
                    expected = [r for r in ordered if all(t in r.search for t in text.split())]
                    found = cards.query(CardFilter(text=text), column, descending)
                    assert found == expected, (text, column, descending, made)
                    # The chips' counts, when the search made them on the way, are right.
                    counted = cards.counted(found)
                    if counted is not None:
                        expected_counts = {g: sum(r.grade == g for r in found) for g in "ABCDEF"}
                        assert counted == expected_counts
            everything = cards.query(CardFilter(), column, descending)
            assert cards.counted(everything) in (None, cards.grade_counts(CardFilter()))
    cards.prepare_search()
    one_term = cards.query(CardFilter(text="z"))
    assert cards.counted(one_term) == {g: sum(r.grade == g for r in one_term) for g in "ABCDEF"}
    assert cards.counted(list(one_term)) is None  # only the very list it returned
    assert cards.counted(cards.query(CardFilter())) == cards.grade_counts(CardFilter())
    assert len(cards.query(CardFilter(text="ending"))) == 1
    cards.rows["id00000"] = cards.rows["id00000"]._replace(search="ending too")
    cards.refresh([])  # as after a write: the list and its search text are made again
    assert {r.id for r in cards.query(CardFilter(text="ending"))} == {"id00000", "id05999"}


def test_rows_read_a_batch_at_a_time_are_the_rows_read_at_once(
    session: Session, cards: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """fetch() reads the rows in batches (no list of all of them freed at once): the same
    rows in the same (name) order as one plain query gives."""
    from salesdesk.models.tables import database_proxy
    from salesdesk.services import cardlist
    from salesdesk.services.cardlist import CardList, CardRow

    plain = database_proxy.execute_sql(cardlist._SELECT + " ORDER BY sort_name, rowid")
    expected = [CardRow(*row) for row in plain.fetchall()]
    assert len(expected) == len(cards) >= 3
    for size in (1, 2, len(expected), 20_000):
        monkeypatch.setattr(cardlist, "_SLICE", size)
        fetched = CardList.fetch()
        assert list(fetched.values()) == expected
        assert list(fetched) == [row.id for row in expected]


@pytest.mark.parametrize(
    ("column", "descending"),
    [(Column.NAME, False), (Column.NAME, True), (Column.GRADE, False), (Column.AREA, True)],
)
def test_edits_keep_the_sorted_list_as_a_full_sort_would_make_it(
    session: Session, cards: dict[str, str], column: Column, descending: bool
) -> None:
    """A save keeps the sorted list in place (no sort of 100,000 rows): after edits that
    move no card, that move one, a grade change and a delete, every query shows the
    fresh rows in exactly the order a list loaded from scratch gives."""
    from salesdesk.services.cardlist import CardList

    card_list = session.card_list
    card_list.query(CardFilter(), column, descending)  # sorted, as the window keeps it
    card_list.query(CardFilter(text="zhang"), column, descending)  # and searched
    steps = [
        lambda: session.edit_card(cards["张伟"], {"notes": "下周再约"}),
        lambda: session.edit_card(cards["章炜"], {"phones": "13911112222"}),
        lambda: session.change_grade(cards["王芳"], "A", reason="签约在即"),
        lambda: session.edit_card(cards["John Smith"], {"area": "Zeta"}),
        lambda: session.edit_card(cards["José Álvarez"], {"name": "Aaron Álvarez"}),
        lambda: session.delete_card(cards["张伟"]),
        lambda: session.create_card({"name": "新客户", "area": "静安区"}, grade="B"),
    ]
    for step in steps:
        step()
        fresh = CardList()
        fresh.load()
        for text in ("", "zhang", "139", "a"):
            shown = card_list.query(CardFilter(text=text), column, descending)
            expected = fresh.query(CardFilter(text=text), column, descending)
            assert [r.id for r in shown] == [r.id for r in expected], text
            assert shown == expected  # the rows' values too: nothing stale
            counts = card_list.counted(shown)  # the chips' counts, where the search made them
            if counts is not None:
                assert counts == {g: sum(r.grade == g for r in shown) for g in "ABCDEF"}, text


@pytest.mark.parametrize(
    ("column", "descending"),
    [(Column.NAME, False), (Column.NAME, True), (Column.COMPANY, False), (Column.AREA, True)],
)
def test_rows_prepared_on_a_worker_list_as_a_load_does(
    session: Session, cards: dict[str, str], column: Column, descending: bool
) -> None:
    """After bulk work the rows, their sort and search text are made on a worker and
    taken whole by the window: every query and count is what a list loaded here gives,
    and the edits after it keep it so. What it replaced, let go, leaves it as it is."""
    from salesdesk.services.cardlist import CardList, let_go_replaced

    card_list = session.card_list
    card_list.query(CardFilter(), column, descending)  # the sort the window shows
    prepared = session.card_rows()
    assert prepared is not None
    assert prepared.sorted_by == (column, descending)
    held_elsewhere = card_list.rows  # as a read on a worker may hold them
    before = dict(held_elsewhere)
    replaced = card_list.take(prepared)
    let_go_replaced(replaced)  # on a worker in the window
    assert held_elsewhere == before  # still held: not emptied
    session.edit_card(cards["章炜"], {"phones": "13911112222"})
    session.delete_card(cards["王芳"])
    fresh = CardList()
    fresh.load()
    for text in ("", "zhang", "139", "a"):
        for grades in (frozenset(), frozenset({"A", "C"})):
            wanted = CardFilter(text=text, grades=grades)
            shown = card_list.query(wanted, column, descending)
            assert shown == fresh.query(wanted, column, descending), text
            counts = card_list.counted(shown)
            if counts is not None:
                assert counts == {g: sum(r.grade == g for r in shown) for g in "ABCDEF"}, text


def test_rows_read_ahead_on_a_thread_list_as_a_load_does(
    session: Session, cards: dict[str, str], db_path: Path
) -> None:
    """The window's start reads the rows on a thread while it imports its modules: the
    card list it gets is the one a load gives, in every sort, and searches alike."""
    loaded = Session.open(db_path, read_only=True)
    ahead = Session.open(db_path, read_only=True)
    try:
        ahead.read_card_list_ahead()
        assert ahead.card_list.rows == loaded.card_list.rows
        for column in Column:
            for descending in (False, True):
                assert ahead.card_list.sorted_rows(column, descending) == (
                    loaded.card_list.sorted_rows(column, descending)
                )
        for text in ("z", "vip", "138", "王"):
            found = ahead.card_list.query(CardFilter(text=text))
            assert found == loaded.card_list.query(CardFilter(text=text))
    finally:
        loaded.close()
        ahead.close()
    # Closed before anyone took the rows: the close waits for the thread reading them.
    unused = Session.open(db_path, read_only=True)
    unused.read_card_list_ahead()
    unused.close()


def test_what_the_list_replaced_is_emptied_only_when_nothing_else_holds_it(
    session: Session, cards: dict[str, str]
) -> None:
    """take() hands back the rows, sorted lists and search texts it replaced; emptied on a
    worker a slice at a time, except rows something else still holds."""
    from salesdesk.services.cardlist import CardFilter, CardList, let_go_replaced

    card_list = session.card_list
    card_list.query(CardFilter(text="zhang"))  # sorted lists made
    card_list.prepare_search()  # and the search texts (the window asks for them when idle)
    shown = card_list.query(CardFilter())
    replaced = card_list.take(CardList.prepare())
    old_sorted, old_haystack = replaced[2], replaced[3]
    assert old_sorted
    assert old_haystack is not None
    let_go_replaced(replaced)
    assert (replaced, old_sorted, old_haystack.texts, old_haystack.searches) == ([], [], [], [])
    assert len(shown) == len(cards)  # a query's list is its caller's own: left as it was
    assert card_list.query(CardFilter()) == shown

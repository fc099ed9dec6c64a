"""The Qt models: each passes qtmodeltester and shows what the services hold."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from salesdesk.services.cardlist import CardFilter, Column
from salesdesk.services.session import Session
from salesdesk.ui.models import (
    CardTableModel,
    ContactLogModel,
    GradePathModel,
    GradeRole,
    HistoryModel,
    IdRole,
)


def test_card_model_passes_the_model_tester(
    qtmodeltester: Any, session: Session, cards: dict[str, str]
) -> None:
    model = CardTableModel(session.card_list)
    model.set_filter(CardFilter())
    assert model.rowCount() == len(cards)
    qtmodeltester.check(model, force_py=True)
    model.set_filter(CardFilter(text="zw"))
    qtmodeltester.check(model, force_py=True)


def test_card_model_rows_carry_their_card_id_and_grade(
    session: Session, cards: dict[str, str]
) -> None:
    model = CardTableModel(session.card_list)
    model.set_filter(CardFilter(text="张伟"))
    assert model.rowCount() == 1
    assert model.index(0, int(Column.NAME)).data(IdRole) == cards["张伟"]
    assert model.index(0, int(Column.GRADE)).data() == "A"
    assert model.index(0, int(Column.GRADE)).data(GradeRole) == "A"
    assert model.index(0, int(Column.NAME)).data(GradeRole) is None
    assert model.headerData(int(Column.COMPANY), Qt.Orientation.Horizontal) == "Company"


def test_card_model_sorts_through_the_card_list(session: Session, cards: dict[str, str]) -> None:
    model = CardTableModel(session.card_list)
    model.set_filter(CardFilter())
    model.sort(int(Column.GRADE), Qt.SortOrder.DescendingOrder)
    grades = [model.index(r, int(Column.GRADE)).data() for r in range(model.rowCount())]
    assert grades[0].startswith("F")
    assert grades[-1] == "A"
    assert model.sort_column == Column.GRADE
    assert model.descending


def test_panel_models_pass_the_model_tester(
    qtmodeltester: Any, session: Session, cards: dict[str, str]
) -> None:
    card_id = cards["王芳"]
    session.log_contact(
        card_id, channel="visit", summary="第一次拜访", grade="D", blocker="资金紧张"
    )
    session.log_contact(card_id, channel="phone", summary="回访")
    session.edit_card(card_id, {"company": "重庆新物流"})

    contacts = ContactLogModel()
    contacts.set_entries(session.contacts(card_id))
    qtmodeltester.check(contacts, force_py=True)
    assert contacts.index(0, 2).data() == "回访"  # newest first
    assert contacts.index(1, 4).data(GradeRole) == "D"

    path = GradePathModel()
    path.set_entries(session.grade_path(card_id))
    qtmodeltester.check(path, force_py=True)
    assert [path.index(r, 2).data() for r in range(path.rowCount())] == ["E", "D"]

    history = HistoryModel()
    history.set_entries(session.history(card_id))
    qtmodeltester.check(history, force_py=True)
    changes = [history.index(r, 3).data() for r in range(history.rowCount())]
    assert "重庆山城物流 → 重庆新物流" in changes


def test_chip_counts_match_the_card_list(session: Session, cards: dict[str, str]) -> None:
    model = CardTableModel(session.card_list)
    for card_filter in (
        CardFilter(),
        CardFilter(text="vip"),
        CardFilter(grades=frozenset({"A"})),
        CardFilter(text="vip", grades=frozenset({"C", "F"})),
    ):
        model.set_filter(card_filter)
        assert model.grade_counts() == session.card_list.grade_counts(card_filter)
        expected = session.card_list.query(card_filter)
        assert [r.id for r in model.rows] == [r.id for r in expected]


def test_typing_on_narrows_to_what_a_fresh_query_finds(
    session: Session, cards: dict[str, str]
) -> None:
    model = CardTableModel(session.card_list)
    typed = ["z", "zh", "zhang", "zhang ", "zhang w", "zhang", "j", "jo", "joh", "john s", "", "v"]
    for grades in (frozenset(), frozenset({"A"})):
        for text in typed:
            card_filter = CardFilter(text=text, grades=grades)
            model.set_filter(card_filter)
            expected = session.card_list.query(card_filter)
            assert [r.id for r in model.rows] == [r.id for r in expected], text
            assert model.grade_counts() == session.card_list.grade_counts(card_filter), text


def test_a_filter_typed_again_shows_what_a_fresh_query_finds(
    session: Session, cards: dict[str, str]
) -> None:
    """The model keeps the last filters' rows (a backspace, a term typed again): the same
    rows, order and counts as a fresh query, and never rows from before an edit or a sort."""
    model = CardTableModel(session.card_list)

    def check(card_filter: CardFilter) -> None:
        model.set_filter(card_filter)
        expected = session.card_list.query(card_filter, model.sort_column, model.descending)
        assert [r.id for r in model.rows] == [r.id for r in expected], card_filter
        assert list(model.rows) == expected  # whole rows: no row from before an edit
        assert model.grade_counts() == session.card_list.grade_counts(card_filter), card_filter

    typed = ["1", "13", "138", "13", "1", "", "z", "zh", "z", "zh", "", "vip", "v", "vip"]
    for grades in (frozenset(), frozenset({"A"}), frozenset()):
        for text in typed:
            check(CardFilter(text=text, grades=grades))
    model.set_filter(CardFilter(text="zh"))
    kept = model.rows
    model.set_filter(CardFilter(text="z"))
    model.set_filter(CardFilter(text="zh"))
    assert model.rows is kept  # typed again: not read afresh
    session.edit_card(cards["张伟"], {"name": "张伟明", "phones": "+86 139-0000-0000"})
    model.refresh()
    for text in ("zh", "z", "138", "139", "张伟明"):
        check(CardFilter(text=text))
    model.sort(int(Column.COMPANY), Qt.SortOrder.DescendingOrder)
    for text in ("zh", "z", "", "1"):
        check(CardFilter(text=text))


def test_typing_digits_reads_afresh_or_narrows_to_what_a_fresh_query_finds(
    session: Session, cards: dict[str, str]
) -> None:
    """A term of digits is read afresh from the runs of digits once the search texts are
    made (narrowing pays only below a fifth of the list): the same rows and counts."""
    for n in range(30):
        session.create_card({"name": f"客户{n}", "phones": f"+86 13{n % 7}-0013-{n:04d}"})
    model = CardTableModel(session.card_list)
    session.card_list.prepare_search()
    assert session.card_list.reads_runs(["138"])
    assert session.card_list.reads_runs(["zh", "138"])
    assert not session.card_list.reads_runs(["zhang", "138"])  # zhang looked for first
    typed = ["1", "13", "130", "1300", "13", "138", "1380", "", "0013", "138 0013", "zh 13"]
    typed += ["k", "ke", "keh", "kehu", "k", "", "z", "zh", "zhang", "zw", "客户1 13"]
    for text in typed:
        card_filter = CardFilter(text=text)
        model.set_filter(card_filter)
        expected = session.card_list.query(card_filter)
        assert [r.id for r in model.rows] == [r.id for r in expected], text
        assert model.grade_counts() == session.card_list.grade_counts(card_filter), text
